"""New hand-ins, judged within their own OPD.

A content counts as handed in before only when the same OPD handed it in (it is under
``landing/<opd>/`` or ``quarantine/<opd>/``). So a copy of OPD B's file handed in by OPD A (refused
there as unknown) never stops B's own hand-in of it from being run, and the run key carries the OPD."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.inbox.archive import is_seen
from pipelines.inbox.handins import HandIn, scan
from pipelines.inbox.process import Pending, run_config, run_tags
from pipelines.match import find_spec
from pipelines.resources import Workspace
from pipelines.spec import DatasetSpec


def areas(workspace: Workspace, opd: str) -> tuple[Path, Path]:
    """Where an OPD's earlier hand-ins are kept: ``landing/<opd>/`` and ``quarantine/<opd>/``."""
    return workspace.landing / opd, workspace.quarantine / opd


def seen_by(workspace: Workspace, handin: HandIn) -> bool:
    return is_seen(handin.sha256, *areas(workspace, handin.opd))


def new_handins(workspace: Workspace, specs: list[DatasetSpec]) -> list[Pending]:
    """Hand-ins whose content their OPD never handed in before, each with its dataset (or None)."""
    return [Pending(h, find_spec(h.path, specs, opd=h.opd)) for h in scan(workspace.inbox) if not seen_by(workspace, h)]


def run_request(spec: DatasetSpec, handin: HandIn, stages: tuple[str, ...]) -> dg.RunRequest:
    return dg.RunRequest(
        run_key=f"{handin.opd}/{handin.sha256}",  # one OPD's content never runs twice
        asset_selection=[dg.AssetKey([spec.organization, spec.name, s]) for s in stages],
        run_config=run_config(spec, handin),
        tags=run_tags(spec, handin),
    )
