"""What happens to each hand-in. One code path for the Dagster sensor and `satudata inbox --once`."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

import dagster as dg

from pipelines.assets import asset_key
from pipelines.inbox.archive import archive_accepted, archive_rejected, current_answer, is_seen, undecide, write_answer
from pipelines.inbox.handins import HandIn, shown_name
from pipelines.inbox.intake import claim_record, release
from pipelines.resources import Workspace
from pipelines.spec import DatasetSpec
from pipelines.validate.report import Problem, Report

log = logging.getLogger(__name__)

DATASET_TAG = "satudata/dataset"
HANDIN_TAG = "satudata/handin"
FILE_TAG = "satudata/file"
RETRY_AFTER = dt.timedelta(minutes=10)  # a hand-in whose run failed is tried again after this


def incoming_dir(workspace: Workspace) -> Path:
    """Where hand-ins being processed are kept, read once (private, beside the quarantine)."""
    return workspace.quarantine / ".incoming"


def areas(workspace: Workspace, opd: str) -> tuple[Path, Path]:
    """Where an OPD's earlier hand-ins are kept: ``landing/<opd>/`` and ``quarantine/<opd>/``."""
    return workspace.landing / opd, workspace.quarantine / opd


def seen_by(workspace: Workspace, handin: HandIn) -> bool:
    """Did this OPD hand in this content before? Judged within the OPD: a copy of OPD B's file handed
    in by OPD A (refused there as unknown) never stops B's own hand-in of it from being run."""
    return is_seen(handin.sha256, *areas(workspace, handin.opd))


def answer_unknown(workspace: Workspace, handin: HandIn, specs: list[DatasetSpec], stat: dict | None = None) -> Path:
    """A file no dataset fits: kept in quarantine and answered, never ignored."""
    name = shown_name(handin.path)
    known = sorted(s.name for s in specs if s.organization == handin.opd) or sorted(s.name for s in specs)
    listed = ", ".join(known)
    report = Report(file=name, problems=[Problem(
        code="unknown-dataset",
        message_id=(f"Berkas '{name}' tidak cocok dengan dataset {handin.opd} mana pun "
                    "(dari nama berkas maupun kolomnya)."),
        message_en=(f"File '{name}' matches no dataset of {handin.opd} "
                    "(neither by its file name nor by its columns)."),
        hint_id=f"Beri nama berkas sesuai datasetnya, atau hubungi walidata. Dataset yang dikenal: {listed}.",
        hint_en=f"Name the file after its dataset, or contact the walidata. Known datasets: {listed}.",
        rule="inbox",
    )])
    dest = archive_rejected(workspace.quarantine, handin.opd, handin.snapshot or handin.path, handin.sha256,
                            handin.ext, report)
    write_answer(handin.path, "tidak-dikenal", report, dest, handin.sha256, stat)
    release(incoming_dir(workspace), handin.opd, handin.sha256)
    return dest


def table_config(spec: DatasetSpec, path: Path, handin: bool = False) -> dict:
    """Run config that points a dataset's ``table`` asset at a file."""
    op = asset_key(spec, "table").to_python_identifier()
    return {"ops": {op: {"config": {"path": str(path), "handin": handin}}}}


def run_config(spec: DatasetSpec, handin: HandIn) -> dict:
    """The run reads the snapshot (the bytes the inbox read) and answers beside the officer's file."""
    config = table_config(spec, handin.snapshot or handin.path, handin=True)
    op = next(iter(config["ops"]))
    config["ops"][op]["config"].update({"handin_path": str(handin.path), "sha256": handin.sha256})
    return config


def run_tags(spec: DatasetSpec, handin: HandIn) -> dict[str, str]:
    return {DATASET_TAG: spec.key, HANDIN_TAG: handin.sha256, FILE_TAG: str(handin.path)}


def failed_attempts(handin: HandIn) -> int:
    """How many runs of this content failed after its checks (kept in its answer, whatever it says now:
    a run under way has already rewritten it)."""
    answer = current_answer(handin.path, handin.sha256) or {}
    attempt = answer.get("attempt", 0)
    return attempt if isinstance(attempt, int) else 0


def retry_due(handin: HandIn, now: dt.datetime | None = None) -> bool:
    """A hand-in whose last run failed waits RETRY_AFTER before the sensor tries it again."""
    answer = current_answer(handin.path, handin.sha256)
    if not answer or answer.get("status") != "gagal":
        return True
    try:
        failed_at = dt.datetime.fromisoformat(answer["failed_at"])
    except (KeyError, TypeError, ValueError):
        return True
    return (now or dt.datetime.now(dt.UTC)) - failed_at >= RETRY_AFTER


def run_failed(error: str, checked: bool) -> Problem:
    """Why a run failed, for the officer: after its checks passed (e.g. the portal was down), or before
    they could finish (an internal error). The error's first line only (a traceback stays in the log)."""
    error = (error.strip().splitlines() or ["run failed"])[0][:300]
    if checked:
        said = (f"Berkas lolos pemeriksaan tetapi belum dapat diproses sampai selesai: {error}",
                f"The file passed its checks but could not be processed to the end: {error}")
    else:
        said = (f"Berkas belum dapat diperiksa sampai selesai karena kesalahan internal: {error}",
                f"The file could not be checked to the end because of an internal error: {error}")
    return Problem(
        code="run-failed", message_id=said[0], message_en=said[1],
        hint_id="Tidak perlu mengirim ulang: berkas akan dicoba lagi otomatis.",
        hint_en="No need to send it again: the file will be tried again automatically.",
        rule="run",
    )


def fail_handin(workspace: Workspace, spec: DatasetSpec, handin: HandIn, error: str) -> Path | None:
    """A run that failed (after the checks, e.g. the portal was down, or within them): the officer is
    told, and the file is not counted as decided, so the next pass reads and runs it again. Its claim
    ends here. None when nothing was written (its checks refused it, or the file is gone)."""
    claim = release(incoming_dir(workspace), handin.opd, handin.sha256) or {}
    current = current_answer(handin.path, handin.sha256)
    if current and current.get("status") == "ditolak":
        return None  # blocked by its checks: that answer stands
    undecide(workspace.landing / spec.organization, handin.sha256)
    if not os.path.lexists(handin.path):
        return None
    report = Report(file=shown_name(handin.path), dataset=spec.key,
                    problems=[run_failed(error, checked=bool(current and current.get("status") == "diterima"))])
    return write_answer(handin.path, "gagal", report, None, handin.sha256, claim.get("stat"),
                        attempt=failed_attempts(handin) + 1, failed_at=dt.datetime.now(dt.UTC).isoformat())


def run_request(spec: DatasetSpec, handin: HandIn, stages: tuple[str, ...]) -> dg.RunRequest:
    # one OPD's content runs once, unless its run failed (then once per attempt); one run per claim
    key = f"{handin.opd}/{handin.sha256}/{failed_attempts(handin)}"
    return dg.RunRequest(
        run_key=f"{key}/{handin.claim}" if handin.claim else key,
        asset_selection=[asset_key(spec, s) for s in stages],
        run_config=run_config(spec, handin),
        tags=run_tags(spec, handin),
    )


def keep_handin(spec: DatasetSpec, result, workspace: Workspace, handin_path: Path) -> str:
    """The run's decision on a hand-in (``result``: the checks of its snapshot): the snapshot kept in
    landing/ or quarantine/, the answer beside the officer's file, the claim ended. The status."""
    claim = claim_record(incoming_dir(workspace), spec.organization, result.sha256) or {}
    ext = handin_path.suffix.lower().lstrip(".") or "bin"
    report = result.report
    report.file = os.fsencode(str(handin_path)).decode("utf-8", "replace")  # the officer's file, not the snapshot
    if report.valid:
        status = "diterima"
        dest = archive_accepted(workspace.landing, spec.key, result.periods, result.file, result.sha256, ext, report)
    else:
        status = "ditolak"
        dest = archive_rejected(workspace.quarantine, spec.organization, result.file, result.sha256, ext, report)
    if os.path.lexists(handin_path):
        write_answer(handin_path, status, report, dest, result.sha256, claim.get("stat"))
        write_annotated(handin_path, result)
    release(incoming_dir(workspace), spec.organization, result.sha256)
    return status


def write_annotated(handin_path: Path, result) -> Path | None:
    """The officer's own file back with each problem cell marked and commented (``<file>.laporan.xlsx``),
    when a problem names a cell. A courtesy beside the answer: it never fails the answer."""
    from pipelines.annotate import annotated_copy
    from pipelines.inbox.files import write_atomic
    from pipelines.inbox.handins import answer_path
    from pipelines.validate.render import safe_problems

    report = result.report
    if result.source is None or not any(p.row and p.column for p in report.problems):
        return None
    try:
        data = annotated_copy(result.file, report, sheet=result.source.sheet,
                              header_rows=result.source.header_rows, problems=safe_problems(report))
    except Exception:  # noqa: BLE001 - any failure here only costs the officer the annotated copy
        log.exception("%s: no annotated copy", shown_name(handin_path))
        return None
    return write_atomic(answer_path(handin_path, "xlsx"), data) if data else None
