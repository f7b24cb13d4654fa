"""Posting the inbox's answers on the portal, next to the upload they answer.

For each fetched upload whose ``<file>.laporan.json`` exists and was not posted yet: the upload's
resource gets ``status_unggahan`` (diterima | ditolak | tidak-dikenal), ``pesan_unggahan`` (a short
message, Indonesian / English) and, when accepted and published, ``tautan_dataset`` (the public
dataset's address); the report goes beside it as an HTML and a JSON resource (``peran``
``laporan_unggahan_html`` / ``_json``, ``unggahan`` = the upload's resource id), replaced when the
officer uploads a new version. The report resources are named after the status and carry the
message as their description, so the portal's pages show the answer too."""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ckanapi import NotFound

from pipelines.inbox.archive import read_answer
from pipelines.inbox.handins import answer_path
from pipelines.publish.calls import Portal
from pipelines.publish.errors import PublishError
from pipelines.resources import Workspace
from pipelines.uploads.ledger import Entry, Ledger
from pipelines.uploads.staging import PIPELINE_ROLES, REPORT_HTML, REPORT_JSON, REPORT_XLSX
from pipelines.validate.render import render_html, report_dict
from pipelines.validate.report import Report

log = logging.getLogger(__name__)


# How the answer resources are named: the status shows in the staging dataset's resource list, where
# officers look (the page lists resource names and descriptions).
# Pages cut long names at about 40 characters: the status comes first, then the file's name.
STATUS_LABEL = {"diterima": "DITERIMA", "ditolak": "DITOLAK", "tidak-dikenal": "TIDAK DIKENAL"}


@dataclass(frozen=True)
class Posted:
    resource_id: str
    status: str
    message: str
    link: str


def _first(report: Report) -> tuple[str, str]:
    problem = (report.blocking or report.problems or [None])[0]
    return (problem.message_id, problem.message_en) if problem else ("", "")


def message(status: str, report: Report, link: str) -> str:
    """One or two sentences, Indonesian then English."""
    dataset = report.dataset or ""
    if status == "diterima":
        done = (f"Diterbitkan: {link}" if link else "Belum diterbitkan di portal; walidata memeriksanya.",
                f"Published: {link}" if link else "Not published on the portal yet; the walidata is looking into it.")
        return (f"Diterima: {report.rows} baris untuk dataset {dataset}. {done[0]} / "
                f"Accepted: {report.rows} rows for dataset {dataset}. {done[1]}")
    first_id, first_en = _first(report)
    if status == "ditolak":
        n = len(report.blocking)
        return (f"Ditolak: {n} masalah menghalangi penerbitan, mis. {first_id} Lihat laporan. / "
                f"Rejected: {n} problem(s) block publishing, e.g. {first_en} See the report.")
    return f"Tidak dikenal: {first_id} / Unknown: {first_en}"


def public_link(portal: Portal, report: Report) -> str:
    """The public dataset's address when it is on the portal and public, else ''."""
    if not report.dataset:
        return ""
    name = report.dataset.split("/")[-1]
    found = portal.find("package_show", {"id": name})
    if found is None or found.get("private") or found.get("state") != "active":
        return ""
    return f"{portal.url}/dataset/{name}"


def _report_resources(portal: Portal, package_id: str, resource_id: str) -> dict[str, dict[str, Any]]:
    package = portal.call("package_show", {"id": package_id})
    return {r["peran"]: r for r in package.get("resources", [])
            if r.get("unggahan") == resource_id and r.get("peran") in PIPELINE_ROLES}


def _put(portal: Portal, have: dict[str, Any] | None, fields: dict[str, Any], path: Path) -> dict[str, Any]:
    if have is None:
        return portal.call("resource_create", fields, files={"upload": path}, idempotent=False)
    return portal.call("resource_update", {**fields, "id": have["id"]}, files={"upload": path})


def summary(status: str, text: str, report: Report, links: dict[str, str]) -> str:
    """The answer as the upload's description (Markdown): the first thing on the upload's page."""
    lines = [f"**{STATUS_LABEL.get(status, status)}**: {text}", ""]
    if report.problems:
        blocking, warnings = len(report.blocking), len(report.warnings)
        lines += [f"Masalah / problems: {blocking} menghalangi / blocking, {warnings} peringatan / warnings.", ""]
    found = [f"[{label}]({url})" for label, url in (
        ("Laporan lengkap / full report", links.get(REPORT_HTML)),
        ("Berkas Anda dengan tanda pada sel bermasalah / your file with the problem cells marked",
         links.get(REPORT_XLSX)),
        ("Dataset di portal / the dataset on the portal", links.get("dataset"))) if url]
    return "\n".join(lines + [" · ".join(found)]).strip() + "\n"


def post_one(portal: Portal, entry: Entry, answer: dict[str, Any], workdir: Path,
             handin: Path | None = None) -> Posted:
    """Post one answer. ``handin``: the hand-in's path in the inbox, beside which the inbox
    wrote the annotated copy (``<file>.laporan.xlsx``), when there is one."""
    status = answer["status"]
    report = Report.model_validate(answer["report"]).model_copy(update={"file": entry.filename})
    link = public_link(portal, report) if status == "diterima" else ""
    text = message(status, report, link)
    html = workdir / f"laporan-{entry.resource_id}.html"
    html.write_text(render_html(report), encoding="utf-8")
    body = {"status": status, "pesan": text, "berkas": entry.filename, "sha256": entry.sha256,
            "tautan_dataset": link, "laporan": report_dict(report)}
    js = workdir / f"laporan-{entry.resource_id}.json"
    js.write_text(json.dumps(body, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    have = _report_resources(portal, entry.package_id, entry.resource_id)
    common = {"package_id": entry.package_id, "unggahan": entry.resource_id, "content_hash": entry.sha256,
              "description": text, "status_unggahan": status}
    title = f"{STATUS_LABEL.get(status, status)}: {entry.filename}"
    links = {"dataset": link}
    links[REPORT_HTML] = _put(portal, have.get(REPORT_HTML), {**common, "peran": REPORT_HTML, "format": "HTML",
                                                             "name": f"{title} (laporan / report)"}, html).get("url")
    _put(portal, have.get(REPORT_JSON), {**common, "peran": REPORT_JSON, "format": "JSON",
                                         "name": f"{title} (laporan JSON / report)"}, js)
    marked = answer_path(handin, "xlsx") if handin else None
    if marked is not None and marked.is_file():
        links[REPORT_XLSX] = _put(portal, have.get(REPORT_XLSX), {
            **common, "peran": REPORT_XLSX, "format": "XLSX",
            "name": f"{title} (berkas bertanda / marked file)"}, marked).get("url")
    elif have.get(REPORT_XLSX):  # the earlier version's marked file does not answer this one
        portal.call("resource_delete", {"id": have[REPORT_XLSX]["id"]})
    portal.call("resource_patch", {"id": entry.resource_id, "status_unggahan": status,
                                   "pesan_unggahan": text, "tautan_dataset": link,
                                   "description": summary(status, text, report, links),
                                   "content_hash": entry.sha256})
    return Posted(entry.resource_id, status, text, link)


def post_answers(portal: Portal, workspace: Workspace, ledger: Ledger | None = None,
                 busy: Callable[[str], bool] | None = None) -> list[Posted]:
    """Post every answer the inbox wrote for a fetched upload and the portal does not show yet.
    ``busy(sha256)``: is a run for that hand-in still going (its publish not done)? Then it waits."""
    ledger = ledger or Ledger(workspace.inbox)
    posted = []
    with tempfile.TemporaryDirectory(prefix="satudata-answer-") as tmp:
        for entry in ledger.unanswered():
            answer = read_answer(ledger.path_of(entry))  # None: not answered yet, or a damaged answer
            if answer is None or (busy is not None and busy(entry.sha256)):
                continue
            try:
                posted.append(post_one(portal, entry, answer, Path(tmp), ledger.path_of(entry)))
            except (KeyError, TypeError, ValueError) as exc:  # an answer not as the inbox writes it
                log.warning("answer to upload %s not posted: %s", entry.resource_id, exc)
                continue
            except NotFound:
                log.info("upload %s is gone from the portal; its answer stays in %s", entry.resource_id,
                         answer_path(ledger.path_of(entry)))
            except PublishError as exc:
                log.warning("answer to upload %s not posted yet: %s", entry.resource_id, exc)
                continue
            entry.answered = entry.sha256
            ledger.put(entry)
    return posted
