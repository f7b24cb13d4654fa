"""What happens to each hand-in. One code path for the Dagster sensor and `satudata inbox --once`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from pipelines.inbox.archive import archive_rejected, is_seen, write_answer
from pipelines.inbox.handins import HandIn, scan
from pipelines.match import find_spec
from pipelines.resources import Workspace
from pipelines.spec import DatasetSpec
from pipelines.validate.report import Problem, Report

DATASET_TAG = "satudata/dataset"
HANDIN_TAG = "satudata/handin"


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
    write_answer(handin.path, "tidak-dikenal", report, dest)
    return dest


def run_config(spec: DatasetSpec, handin: HandIn) -> dict:
    op = dg.AssetKey([spec.organization, spec.name, "table"]).to_python_identifier()
    return {"ops": {op: {"config": {"path": str(handin.path), "handin": True}}}}


def run_tags(spec: DatasetSpec, handin: HandIn) -> dict[str, str]:
    return {DATASET_TAG: spec.key, HANDIN_TAG: handin.sha256}


def run_request(spec: DatasetSpec, handin: HandIn, stages: tuple[str, ...]) -> dg.RunRequest:
    return dg.RunRequest(
        run_key=f"{handin.opd}/{handin.sha256}",  # one OPD's content never runs twice
        asset_selection=[dg.AssetKey([spec.organization, spec.name, s]) for s in stages],
        run_config=run_config(spec, handin),
        tags=run_tags(spec, handin),
    )
