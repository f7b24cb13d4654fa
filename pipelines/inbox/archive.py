"""Keeping every hand-in: accepted files under ``landing/``, rejected ones under ``quarantine/``.

Both are content-addressed (``<sha256>.<ext>``), written once and never overwritten, so nothing an
officer hands in is ever lost, and a file seen before is known by its hash alone.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from pipelines.inbox.handins import answer_path
from pipelines.validate.report import Report


def _keep(src: Path, dest: Path) -> Path:
    """Copy ``src`` to ``dest`` once: atomic, read-only, never replacing what is there."""
    if dest.exists():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    shutil.copyfile(src, tmp)
    os.chmod(tmp, 0o444)
    os.replace(tmp, dest)
    return dest


def _write_report(report: Report, base: Path) -> None:
    from pipelines.validate.render import render_html, render_json

    base.with_suffix(".report.json").write_text(render_json(report), encoding="utf-8")
    base.with_suffix(".report.html").write_text(render_html(report), encoding="utf-8")


def period_folder(periods: list[str]) -> str:
    if not periods:
        return "tanpa-periode"
    return periods[0] if len(periods) == 1 else f"{periods[0]}..{periods[-1]}"


def archive_accepted(landing: Path, dataset: str, periods: list[str], src: Path, sha256: str, ext: str,
                     report: Report) -> Path:
    dest = _keep(src, landing / dataset / period_folder(periods) / f"{sha256}.{ext}")
    _write_report(report, dest.with_suffix(""))
    return dest


def archive_rejected(quarantine: Path, opd: str, src: Path, sha256: str, ext: str, report: Report) -> Path:
    dest = _keep(src, quarantine / opd / f"{sha256}.{ext}")
    _write_report(report, dest.with_suffix(""))
    return dest


def is_seen(sha256: str, *areas: Path) -> bool:
    """Was this content handed in and decided before (accepted or rejected)? Decided means its report
    was kept beside it: a file whose run failed after it was kept is not decided, and runs again."""
    for folder in areas:
        if folder.is_dir() and any(folder.rglob(f"{sha256}.report.json")):
            return True
    return False


def undecide(landing: Path, sha256: str) -> None:
    """Forget the decision on an accepted file whose later stages failed (its copy stays kept)."""
    if landing.is_dir():
        for report in landing.rglob(f"{sha256}.report.*"):
            report.unlink()


def write_answer(handin_path: Path, status: str, report: Report, archived: Path | None,
                 sha256: str | None = None, **extra) -> Path:
    """The answer beside the officer's file: ``<file>.laporan.json`` and ``.laporan.html``.
    ``sha256`` names the content answered: an answer is current only for that content."""
    from pipelines.check import sha256_file
    from pipelines.validate.render import render_html, report_dict

    sha256 = sha256 or sha256_file(handin_path)
    earlier = current_answer(handin_path, sha256) or {}
    if "attempt" in earlier:  # failed runs of this content so far (the sensor's retry count)
        extra = {"attempt": earlier["attempt"], **extra}
    answer = {
        "status": status,  # diterima | ditolak | tidak-dikenal | gagal
        "file": handin_path.name,
        "sha256": sha256,
        "archived": str(archived) if archived else None,
        "report": report_dict(report),  # personal data masked
        **extra,
    }
    out = answer_path(handin_path)
    out.write_text(json.dumps(answer, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    answer_path(handin_path, "html").write_text(render_html(report), encoding="utf-8")
    return out


def current_answer(handin_path: Path, sha256: str) -> dict | None:
    """The answer beside a hand-in, if it answers this content (not an older file of the same name)."""
    path = answer_path(handin_path)
    if not path.is_file():
        return None
    answer = json.loads(path.read_text(encoding="utf-8"))
    return answer if answer.get("sha256") == sha256 else None
