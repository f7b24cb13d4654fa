"""Dagster definitions: one set of assets per dataset spec found in ``datasets/``."""

import dagster as dg

from pipelines.assets import dataset_assets
from pipelines.resources import Workspace
from pipelines.spec import load_specs, project_root


def build_definitions(datasets_dir=None) -> dg.Definitions:
    specs = load_specs(datasets_dir or project_root() / "datasets")
    return dg.Definitions(
        assets=[a for spec in specs for a in dataset_assets(spec)],
        resources={"workspace": Workspace()},
        executor=dg.in_process_executor,  # one process: GX and pyarrow are imported once per run
    )


defs = build_definitions()
