"""What happens to each hand-in. One code path for the Dagster sensor and `satudata inbox --once`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from pipelines.assets import asset_key
from pipelines.inbox.archive import archive_rejected, current_answer, is_seen, undecide, write_answer
from pipelines.inbox.handins import HandIn, scan
from pipelines.match import find_spec
from pipelines.resources import Workspace
from pipelines.spec import DatasetSpec
from pipelines.validate.report import Problem, Report

DATASET_TAG = "satudata/dataset"
HANDIN_TAG = "satudata/handin"
FILE_TAG = "satudata/file"
RETRY_AFTER = dt.timedelta(minutes=10)  # a hand-in whose run failed is tried again after this


@dataclass
class Pending:
    handin: HandIn
    spec: DatasetSpec | None


def areas(workspace: Workspace, opd: str) -> tuple[Path, Path]:
    """Where an OPD's earlier hand-ins are kept: ``landing/<opd>/`` and ``quarantine/<opd>/``."""
    return workspace.landing / opd, workspace.quarantine / opd


def seen_by(workspace: Workspace, handin: HandIn) -> bool:
    """Did this OPD hand in this content before? Judged within the OPD: a copy of OPD B's file handed
    in by OPD A (refused there as unknown) never stops B's own hand-in of it from being run."""
    return is_seen(handin.sha256, *areas(workspace, handin.opd))


def new_handins(workspace: Workspace, specs: list[DatasetSpec]) -> list[Pending]:
    """Hand-ins whose content their OPD never handed in before, each with its dataset (or None)."""
    return [Pending(h, find_spec(h.path, specs, opd=h.opd)) for h in scan(workspace.inbox)
            if not seen_by(workspace, h)]


def answer_unknown(workspace: Workspace, handin: HandIn, specs: list[DatasetSpec]) -> Path:
    """A file no dataset fits: kept in quarantine and answered, never ignored."""
    known = sorted(s.name for s in specs if s.organization == handin.opd) or sorted(s.name for s in specs)
    listed = ", ".join(known)
    report = Report(file=handin.path.name, problems=[Problem(
        code="unknown-dataset",
        message_id=(f"Berkas '{handin.path.name}' tidak cocok dengan dataset {handin.opd} mana pun "
                    "(dari nama berkas maupun kolomnya)."),
        message_en=(f"File '{handin.path.name}' matches no dataset of {handin.opd} "
                    "(neither by its file name nor by its columns)."),
        hint_id=f"Beri nama berkas sesuai datasetnya, atau hubungi walidata. Dataset yang dikenal: {listed}.",
        hint_en=f"Name the file after its dataset, or contact the walidata. Known datasets: {listed}.",
        rule="inbox",
    )])
    dest = archive_rejected(workspace.quarantine, handin.opd, handin.path, handin.sha256, handin.ext, report)
    write_answer(handin.path, "tidak-dikenal", report, dest, handin.sha256)
    return dest


def table_config(spec: DatasetSpec, path: Path, handin: bool = False) -> dict:
    """Run config that points a dataset's ``table`` asset at a file."""
    op = asset_key(spec, "table").to_python_identifier()
    return {"ops": {op: {"config": {"path": str(path), "handin": handin}}}}


def run_config(spec: DatasetSpec, handin: HandIn) -> dict:
    return table_config(spec, handin.path, handin=True)


def run_tags(spec: DatasetSpec, handin: HandIn) -> dict[str, str]:
    return {DATASET_TAG: spec.key, HANDIN_TAG: handin.sha256, FILE_TAG: str(handin.path)}


def failed_attempts(handin: HandIn) -> int:
    """How many runs of this content failed after its checks (kept in its answer, whatever it says now:
    a run under way has already rewritten it)."""
    answer = current_answer(handin.path, handin.sha256)
    return int(answer.get("attempt", 0)) if answer else 0


def retry_due(handin: HandIn, now: dt.datetime | None = None) -> bool:
    """A hand-in whose last run failed waits RETRY_AFTER before the sensor tries it again."""
    answer = current_answer(handin.path, handin.sha256)
    if not answer or answer.get("status") != "gagal":
        return True
    failed_at = dt.datetime.fromisoformat(answer["failed_at"])
    return (now or dt.datetime.now(dt.UTC)) - failed_at >= RETRY_AFTER


def fail_handin(workspace: Workspace, spec: DatasetSpec, handin: HandIn, error: str) -> Path:
    """A run that failed after the checks (e.g. the portal was down): the officer is told, the file is
    kept, and it is not counted as decided, so the next pass runs it again."""
    current = current_answer(handin.path, handin.sha256)
    if current and current.get("status") == "ditolak":
        return handin.path  # blocked by its checks: that answer stands
    undecide(workspace.landing / spec.organization, handin.sha256)
    report = Report(file=handin.path.name, dataset=spec.key, problems=[Problem(
        code="run-failed",
        message_id=f"Berkas lolos pemeriksaan tetapi belum dapat diproses sampai selesai: {error}",
        message_en=f"The file passed its checks but could not be processed to the end: {error}",
        hint_id="Tidak perlu mengirim ulang: berkas disimpan dan akan dicoba lagi otomatis.",
        hint_en="No need to send it again: the file is kept and will be tried again automatically.",
        rule="run",
    )])
    return write_answer(handin.path, "gagal", report, None, handin.sha256,
                        attempt=failed_attempts(handin) + 1, failed_at=dt.datetime.now(dt.UTC).isoformat())


def run_request(spec: DatasetSpec, handin: HandIn, stages: tuple[str, ...]) -> dg.RunRequest:
    return dg.RunRequest(
        # one OPD's content runs once, unless its run failed (then once per attempt)
        run_key=f"{handin.opd}/{handin.sha256}/{failed_attempts(handin)}",
        asset_selection=[asset_key(spec, s) for s in stages],
        run_config=run_config(spec, handin),
        tags=run_tags(spec, handin),
    )
