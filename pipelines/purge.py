"""Keeping the Dagster instance small: run history, compute logs and sensor logs older than a configured
time are purged (issue 16.3). Without this, every run and every sensor tick leaves records in the run
storage and ``.out``/``.err`` files under DAGSTER_HOME/storage, forever.

The ``housekeeping`` sensor calls :func:`purge` once an hour with the :class:`Retention` resource's
settings; the sensor and schedule tick history is purged by the Dagster daemon itself (``retention``
in pipelines/dagster.yaml).
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

log = logging.getLogger(__name__)

FINISHED = [dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED]
LOG_SUFFIXES = (".out", ".err", ".complete")  # what Dagster's local compute log manager writes
BATCH = 500


class Retention(dg.ConfigurableResource):
    """How long the Dagster instance keeps what runs and sensors leave behind. ``run_days``: finished
    runs (their events and their compute logs); ``log_days``: any other compute log (sensor and
    schedule ticks). 0 or less: kept forever."""

    run_days: float = 30.0
    log_days: float = 14.0


@dataclass
class Purged:
    runs: list[str] = field(default_factory=list)
    files: int = 0

    def __str__(self) -> str:
        return f"{len(self.runs)} run(s) and {self.files} log file(s) purged"


def old_runs(instance: dg.DagsterInstance, before: dt.datetime) -> list[str]:
    """Ids of the runs that finished before ``before`` (never one still going)."""
    ids: list[str] = []
    cursor = None
    while True:
        records = instance.get_run_records(dg.RunsFilter(statuses=FINISHED, updated_before=before),
                                           limit=BATCH, cursor=cursor, order_by="update_timestamp",
                                           ascending=True)
        ids += [r.dagster_run.run_id for r in records]
        if len(records) < BATCH:
            return ids
        cursor = records[-1].dagster_run.run_id


def log_folder(instance: dg.DagsterInstance) -> Path:
    """Where the instance's compute logs are (the local compute log manager's folder)."""
    manager = instance.compute_log_manager
    base = getattr(manager, "_base_dir", None) or getattr(getattr(manager, "local_manager", None), "_base_dir", None)
    return Path(base or instance.storage_directory())


def old_logs(folder: Path, before: dt.datetime) -> list[Path]:
    """Compute log files (``.out``, ``.err``, ``.complete``) last written before ``before``."""
    cutoff = before.timestamp()
    if not folder.is_dir():
        return []
    return [p for p in folder.rglob("*") if p.suffix in LOG_SUFFIXES and p.is_file() and not p.is_symlink()
            and p.stat().st_mtime < cutoff]


def purge(instance: dg.DagsterInstance, retention: Retention, now: dt.datetime | None = None) -> Purged:
    """Delete the runs finished more than ``run_days`` ago (with their events and their log folder)
    and the compute log files older than ``log_days``."""
    now = now or dt.datetime.now(dt.UTC)
    done = Purged()
    folder = log_folder(instance)
    if retention.run_days > 0:
        for run_id in old_runs(instance, now - dt.timedelta(days=retention.run_days)):
            instance.delete_run(run_id)
            shutil.rmtree(folder / run_id, ignore_errors=True)
            done.runs.append(run_id)
    if retention.log_days > 0:
        emptied = set()
        for path in old_logs(folder, now - dt.timedelta(days=retention.log_days)):
            path.unlink(missing_ok=True)
            emptied.add(path.parent)
            done.files += 1
        for parent in sorted(emptied, key=lambda p: -len(p.parts)):  # the folders they leave empty
            while parent != folder and parent.is_relative_to(folder) and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
    return done


@dg.sensor(
    name="housekeeping",
    minimum_interval_seconds=3600,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Riwayat run dan log lama dihapus / old run history and logs purged (Retention resource)",
)
def housekeeping_sensor(context: dg.SensorEvaluationContext, retention: Retention):
    done = purge(context.instance, retention)
    return dg.SkipReason(str(done))
