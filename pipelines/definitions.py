"""Dagster definitions: one set of assets per dataset spec found in ``datasets/``, and the hand-in sensors.
A spec that cannot be loaded (or named in Dagster) is skipped, logged, and shown in the UI as an
asset of the group ``invalid_specs`` that says what is wrong; every other dataset still loads."""

import logging
import re
from pathlib import Path

import dagster as dg

from pipelines.assets import dataset_assets, group_names
from pipelines.catalog import Catalog, describe, load_catalog
from pipelines.freshness import freshness_checks, freshness_sensor
from pipelines.io_manager import StageIOManager
from pipelines.publish import CkanResource
from pipelines.purge import Retention, housekeeping_sensor
from pipelines.resources import Workspace
from pipelines.sensors import handin_failure_sensor, inbox_sensor, portal_uploads_sensor
from pipelines.spec import SpecError

INVALID_GROUP = "invalid_specs"
log = logging.getLogger(__name__)


def dagster_catalog(workspace: Workspace, catalog: Catalog | None = None) -> Catalog:
    """The specs Dagster can hold: those that load (of ``catalog``, default every spec of the
    workspace), less any whose step names would clash with an earlier one's (Dagster turns ``-`` and
    ``_`` alike into ``_``)."""
    catalog = catalog or load_catalog(workspace.datasets)
    taken: dict[str, str] = {}
    for spec in list(catalog.specs):
        ident = dg.AssetKey([spec.organization, spec.name]).to_python_identifier()
        if ident in taken:
            catalog.skip(spec, "name", f"its Dagster name {ident!r} is the same as that of {taken[ident]}")
        else:
            taken[ident] = spec.key
    return catalog


def invalid_spec(err: SpecError, text: str) -> dg.AssetSpec:
    """A broken spec as the UI shows it: a node that names the file and says what to fix."""
    file = Path(err.file)
    parts = [re.sub(r"[^A-Za-z0-9_.-]", "_", p) for p in (file.parent.name, file.name)]
    return dg.AssetSpec(
        key=dg.AssetKey(["invalid_spec", *parts]),
        group_name=INVALID_GROUP,
        description=f"Spesifikasi tidak valid, dataset ini tidak dimuat / invalid spec, this dataset is not loaded: "
                    f"{text}",
        metadata={"file": err.file, "field": err.field, "error": err.message},
        kinds={"yaml"},
    )


def build_definitions(workspace: Workspace | None = None, ckan: CkanResource | None = None,
                      catalog: Catalog | None = None) -> dg.Definitions:
    """``catalog``: the specs to hold (default: every spec of the workspace); a run of one hand-in
    passes its own dataset's spec alone."""
    workspace = workspace or Workspace()
    catalog = dagster_catalog(workspace, catalog)
    groups = group_names(s.organization for s in catalog.specs)
    broken = []
    for err in catalog.broken:
        text = describe(err, workspace.datasets)
        log.warning("spec skipped: %s", text)
        broken.append(invalid_spec(err, text))
    checks = freshness_checks(catalog.specs)  # the walidata's due dates (satudata status) in the UI
    return dg.Definitions(
        assets=[a for spec in catalog.specs for a in dataset_assets(spec, groups[spec.organization])] + broken,
        asset_checks=checks,
        sensors=[inbox_sensor, portal_uploads_sensor, handin_failure_sensor, freshness_sensor(checks),
                 housekeeping_sensor],
        # the checked table goes on as Parquet (a blocked one is never stored), other values as JSON
        resources={"workspace": workspace, "ckan": ckan or CkanResource(), "io_manager": StageIOManager(),
                   "retention": Retention()},  # how long run history and logs are kept (pipelines.purge)
        executor=dg.in_process_executor,  # one process: GX and pyarrow are imported once per run
    )


defs = build_definitions()
