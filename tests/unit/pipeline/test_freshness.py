"""The walidata's due dates as Dagster freshness checks: a dataset made overdue by a frozen clock fails
its check, the same as `satudata status` calls it terlambat."""

import datetime as dt

import dagster as dg
from dagster._core.test_utils import freeze_time

from pipelines.assets import asset_key
from pipelines.catalog import load_catalog
from pipelines.freshness import due_schedule, freshness_checks
from pipelines.spec import project_root

SPECS = {s.name: s for s in load_catalog(project_root() / "datasets").specs}
WITA = dt.timezone(dt.timedelta(hours=8))


def test_due_schedules_follow_the_walidata_due_dates():
    assert due_schedule(SPECS["fasilitas-kesehatan-desa"]) == ("0 0 31 3 *", dt.timedelta(days=366))
    assert due_schedule(SPECS["realisasi-anggaran-bulanan"]) == ("0 0 10 * *", dt.timedelta(days=31))
    spec = SPECS["fasilitas-kesehatan-desa"]
    semester = spec.model_copy(update={"period": spec.period.model_copy(update={"frequency": "semesteran"})})
    assert due_schedule(semester) == ("0 0 28 2,8 *", dt.timedelta(days=184))  # 31 Aug and 28 Feb


def _check_at(instance, spec, when: dt.datetime) -> bool:
    key = asset_key(spec, "portal")
    job = dg.Definitions(assets=[dg.AssetSpec(key)], asset_checks=freshness_checks([spec]))
    with freeze_time(when):
        result = job.resolve_implicit_global_asset_job_def().execute_in_process(instance=instance)
    (evaluation,) = result.get_asset_check_evaluations()
    return evaluation.passed


def test_a_dataset_published_for_2024_is_fresh_until_2025_data_is_due():
    spec = SPECS["fasilitas-kesehatan-desa"]
    instance = dg.DagsterInstance.ephemeral()
    with freeze_time(dt.datetime(2025, 2, 1, tzinfo=WITA)):
        instance.report_runless_asset_event(dg.AssetMaterialization(asset_key(spec, "portal")))
    assert _check_at(instance, spec, dt.datetime(2026, 3, 30, tzinfo=WITA)) is True
    assert _check_at(instance, spec, dt.datetime(2026, 4, 2, tzinfo=WITA)) is False  # terlambat


def test_the_definitions_carry_a_check_per_dataset_and_the_sensor_that_runs_them():
    from pipelines.definitions import build_definitions

    defs = build_definitions()
    keys = {key.asset_key for check in defs.asset_checks for key in check.check_keys}
    assert keys == {asset_key(s, "portal") for s in SPECS.values()}
    assert "freshness_checks_sensor" in {s.name for s in defs.sensors}
