"""Run history, compute logs and sensor logs are purged once older than the configured time; a run still
going and anything recent are kept (issue 16.3)."""

import datetime as dt
import os
import time

import dagster as dg
import pytest

from pipelines.purge import Retention, housekeeping_sensor, log_folder, purge


@dg.asset
def tiny():
    print("ditulis ke log / written to the compute log")
    return 1


@pytest.fixture
def instance(tmp_path):
    with dg.instance_for_test(temp_dir=str(tmp_path)) as inst:
        yield inst


def aged(path, days):
    old = time.time() - days * 86400
    os.utime(path, (old, old))


def test_an_old_finished_run_goes_with_its_logs_and_a_recent_one_stays(instance):
    old = dg.materialize([tiny], instance=instance).run_id
    folder = log_folder(instance)
    run_logs = folder / old
    assert [p.suffix for p in (run_logs / "compute_logs").iterdir()] != []  # Dagster wrote the step's logs
    going = dg.DagsterRun(job_name="lain", run_id="00000000-0000-0000-0000-000000000001",
                          status=dg.DagsterRunStatus.STARTED)
    instance.add_run(going)
    assert purge(instance, Retention(run_days=30)).runs == []  # nothing is 30 days old yet
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=31)
    done = purge(instance, Retention(run_days=30, log_days=0), now=later)
    assert done.runs == [old]
    assert instance.get_run_by_id(old) is None and not run_logs.exists()
    assert instance.get_run_by_id(going.run_id) is not None  # still going: never purged
    assert list(instance.all_logs(old)) == []


def test_sensor_log_files_older_than_the_limit_are_purged(instance):
    folder = log_folder(instance)
    ticks = folder / "satudata" / "inbox"
    ticks.mkdir(parents=True)
    stale, fresh = ticks / "tick-1.err", ticks / "tick-2.err"
    for p in (stale, fresh, ticks / "tick-1.out", ticks / "tick-1.complete"):
        p.write_text("log")
    for p in (stale, ticks / "tick-1.out", ticks / "tick-1.complete"):
        aged(p, 20)
    kept = folder / "satudata" / "catatan.json"  # not a log: never touched, however old
    kept.write_text("{}")
    aged(kept, 400)
    gone = folder / "satudata" / "sensor-dihapus" / "tick-9.err"  # its folder holds nothing else
    gone.parent.mkdir()
    gone.write_text("log")
    aged(gone, 20)
    assert purge(instance, Retention(run_days=0, log_days=14)).files == 4
    assert fresh.is_file() and kept.is_file() and not stale.exists()
    assert not gone.parent.exists() and folder.is_dir()
    assert purge(instance, Retention(run_days=0, log_days=0)).files == 0  # 0: kept forever


def test_the_housekeeping_sensor_purges_with_the_resources_settings(instance):
    run_id = dg.materialize([tiny], instance=instance).run_id
    ctx = dg.build_sensor_context(instance=instance, resources={"retention": Retention(run_days=0.000001)})
    time.sleep(0.2)
    result = housekeeping_sensor(ctx)
    assert "1 run(s)" in str(result.skip_message) and instance.get_run_by_id(run_id) is None
