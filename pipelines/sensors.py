"""The inbox sensor: a run per new hand-in (by content hash), one dataset's runs one after another."""

from __future__ import annotations

import dagster as dg

from pipelines.inbox.process import answer_unknown, pending, run_request
from pipelines.resources import Workspace
from pipelines.spec import load_specs


def stages(publish: bool) -> tuple[str, ...]:
    return ("table", "parquet", "portal") if publish else ("table", "parquet")


@dg.sensor(
    name="inbox",
    target=dg.AssetSelection.all(),
    minimum_interval_seconds=15,
    description="Berkas baru di inbox/<opd>/ / new files handed in to inbox/<opd>/",
)
def inbox_sensor(context: dg.SensorEvaluationContext, workspace: Workspace):
    specs = load_specs(workspace.datasets)
    for item in pending(workspace, specs):
        if item.spec is None:
            dest = answer_unknown(workspace, item.handin, specs)
            context.log.info(f"{item.handin.path}: no dataset fits; kept at {dest}")
            continue
        yield run_request(item.spec, item.handin, stages(workspace.publish))
