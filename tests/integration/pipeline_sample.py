"""Publish a sample dataset of ``datasets/`` through the real pipeline (Dagster: read, check,
Parquet, publish) onto the test portal, as ``make demo`` does. Used by the page and browser tests."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.definitions import build_definitions
from pipelines.publish import CkanResource
from pipelines.resources import Workspace
from pipelines.runner import materialize_datasets, outcomes
from pipelines.spec import DatasetSpec, load_specs, project_root


def sample_spec(name: str) -> DatasetSpec:
    return next(s for s in load_specs(project_root() / "datasets") if s.name == name)


def publish_sample(portal, spec: DatasetSpec, work: Path) -> dict:
    """Run the sample file of ``spec`` to the portal; the dataset as the public sees it."""
    ws = Workspace(root=str(project_root()), data_dir=str(work / "data"), landing_dir=str(work / "landing"),
                   quarantine_dir=str(work / "quarantine"), inbox_dir=str(work / "inbox"), publish=True)
    defs = build_definitions(ws, CkanResource(url=portal.url, token=portal.token))
    result = materialize_datasets(defs, [spec], ("table", "parquet", "portal"), instance=dg.DagsterInstance.ephemeral())
    [outcome] = outcomes(result, [spec])
    assert result.success, outcome
    return portal.api(None).action.package_show(id=spec.name)
