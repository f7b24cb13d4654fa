"""The walidata's due dates as Dagster freshness checks on each dataset's ``portal`` asset, so that
the Dagster UI shows the overdue ones (the same due dates as ``satudata status``:
:mod:`pipelines.walidata`).

A check's deadline is a cron tick on each due date (a year's data: 31 March; a month's: the 10th);
by then the portal asset must have been published within the period's length before it."""

from __future__ import annotations

import datetime as dt
import warnings
from contextlib import contextmanager

import dagster as dg

from pipelines.assets import asset_key
from pipelines.spec import DatasetSpec
from pipelines.walidata import due_date, next_period

PERIODS_PER_YEAR = {"tahunan": 1, "semesteran": 2, "triwulanan": 4, "bulanan": 12}
PERIOD_DAYS = {"tahunan": 366, "semesteran": 184, "triwulanan": 92, "bulanan": 31, "harian": 1}
FIRST_PERIOD = {"tahunan": "2021", "semesteran": "2021-S1", "triwulanan": "2021-Q1", "bulanan": "2021-01"}  # no 29 Feb


def due_schedule(spec: DatasetSpec) -> tuple[str, dt.timedelta] | None:
    """(deadline cron, lower bound) for the dataset's due dates; None when it has none (tidak_tentu).
    Due dates on different days of the month (31 Aug, 28 Feb) tick on the earliest of those days."""
    frequency = spec.period.frequency
    if frequency == "tidak_tentu":
        return None
    if frequency == "harian":
        due = due_date("2021-01-01", frequency, spec.period.due)
        return "0 0 * * *", dt.timedelta(days=1 + (due - dt.date(2021, 1, 1)).days)
    period, dues = FIRST_PERIOD[frequency], []
    for _ in range(PERIODS_PER_YEAR[frequency]):
        dues.append(due_date(period, frequency, spec.period.due))
        period = next_period(period, frequency)
    months = ",".join(str(m) for m in sorted({d.month for d in dues})) if len(dues) < 12 else "*"
    day = min(d.day for d in dues)
    return f"0 0 {day} {months} *", dt.timedelta(days=PERIOD_DAYS[frequency])


def freshness_checks(specs: list[DatasetSpec]) -> list[dg.AssetChecksDefinition]:
    """A freshness check on the portal asset of every dataset with due dates: one check definition per
    distinct schedule (most datasets share "31 March" or "the 10th"), not one per dataset."""
    by_schedule: dict[tuple[str, dt.timedelta], list[dg.AssetKey]] = {}
    for spec in specs:
        schedule = due_schedule(spec)
        if schedule is not None:
            by_schedule.setdefault(schedule, []).append(asset_key(spec, "portal"))
    checks = []
    for (cron, delta), keys in by_schedule.items():
        with _superseded():
            checks.extend(dg.build_last_update_freshness_checks(
                assets=keys, deadline_cron=cron, lower_bound_delta=delta,
                timezone="Asia/Makassar"))  # WITA: Penajam Paser Utara's time
    return checks


@contextmanager
def _superseded():
    """Dagster 1.13 marks the check builders superseded by FreshnessPolicy, whose state only the daemon
    computes; the checks are kept because each evaluation is a check result, failed when overdue, that a
    run, a test with a frozen clock and the UI's check history all show."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.SupersessionWarning)
        yield


def freshness_sensor(checks: list[dg.AssetChecksDefinition]) -> dg.SensorDefinition:
    """Evaluates the freshness checks in the daemon (hourly), so overdue datasets show without a run."""
    with _superseded():
        return dg.build_sensor_for_freshness_checks(freshness_checks=checks, minimum_interval_seconds=3600,
                                                    default_status=dg.DefaultSensorStatus.RUNNING)
