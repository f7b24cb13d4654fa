"""Dagster definitions: one set of assets per dataset spec found in ``datasets/``, and the hand-in sensors."""

import dagster as dg

from pipelines.assets import dataset_assets
from pipelines.io_manager import StageIOManager
from pipelines.publish import CkanResource
from pipelines.resources import Workspace
from pipelines.sensors import handin_failure_sensor, inbox_sensor, portal_uploads_sensor
from pipelines.spec import load_specs


def build_definitions(workspace: Workspace | None = None, ckan: CkanResource | None = None) -> dg.Definitions:
    workspace = workspace or Workspace()
    specs = load_specs(workspace.datasets)
    return dg.Definitions(
        assets=[a for spec in specs for a in dataset_assets(spec)],
        sensors=[inbox_sensor, portal_uploads_sensor, handin_failure_sensor],
        # the checked table goes on as Parquet (a blocked one is never stored), other values as JSON
        resources={"workspace": workspace, "ckan": ckan or CkanResource(), "io_manager": StageIOManager()},
        executor=dg.in_process_executor,  # one process: GX and pyarrow are imported once per run
    )


defs = build_definitions()
