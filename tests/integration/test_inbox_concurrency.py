"""The daemon and `satudata inbox --once` on the same files at the same time: every file answered,
every content run exactly once, nothing lost.

The daemon is played by a second process that evaluates the ``inbox`` sensor and runs the runs it
asks for (as the daemon's run launcher would), tick after tick; ``satudata inbox --once --no-publish``
runs beside it on the same folder. Both record their runs in one Dagster instance (DAGSTER_HOME)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest

from pipelines.inbox.handins import answer_path, scan
from pipelines.inbox.intake import identity
from pipelines.runner import dagster_instance
from pipelines.spec import project_root

GOOD = project_root() / "samples" / "dinkes" / "fasilitas_kesehatan_desa_2024.csv"
BAD = project_root() / "samples" / "_rejects" / "dinkes" / "fasilitas_kesehatan_desa_2024_negatif.csv"

DAEMON = r"""
import sys, time
import dagster as dg
from pipelines.definitions import build_definitions
from pipelines.inbox.archive import read_answer
from pipelines.inbox.handins import scan
from pipelines.resources import Workspace, stages
from pipelines.runner import dagster_instance, materialize_datasets
from pipelines.sensors import inbox_sensor
from pipelines.spec import load_specs, project_root

ws = Workspace(root=sys.argv[1], datasets_dir=str(project_root() / "datasets"), publish=False)
instance, defs = dagster_instance(), build_definitions(workspace=ws)
specs = {s.key: s for s in load_specs(ws.datasets)}
deadline = time.monotonic() + 240
while time.monotonic() < deadline:
    ctx = dg.build_sensor_context(instance=instance, resources={"workspace": ws})
    for request in inbox_sensor(ctx):
        spec = specs[request.tags["satudata/dataset"]]
        materialize_datasets(defs, [spec], stages(False), instance=instance, run_config=request.run_config,
                             tags={**request.tags, "test/by": "daemon"})
    if all(read_answer(f.path) for f in scan(ws.inbox)):
        break
    time.sleep(0.5)
"""


@pytest.fixture(scope="module")
def raced(tmp_path_factory):
    root = tmp_path_factory.mktemp("race")
    home = tmp_path_factory.mktemp("dagster-home")
    folder = root / "inbox" / "dinkes"
    folder.mkdir(parents=True)
    for year in range(2017, 2025):
        (folder / f"fasilitas_kesehatan_desa_{year}.csv").write_bytes(GOOD.read_bytes().replace(b"2024", b"%d" % year))
    (folder / BAD.name).write_bytes(BAD.read_bytes())
    for i in range(3):
        (folder / f"catatan_rapat_{i}.csv").write_text(f"agenda;peserta\nrapat {i};12\n", encoding="utf-8")
    (folder / "salinan_fasilitas_2024.csv").write_bytes(GOOD.read_bytes())  # a copy: answered, not run again
    for path in folder.iterdir():
        os.utime(path, (time.time() - 60, time.time() - 60))
    env = {**os.environ, "DAGSTER_HOME": str(home), "DAGSTER_DISABLE_TELEMETRY": "1"}
    # the instance's databases made once, as `satudata ui up` does: two processes starting on a new
    # DAGSTER_HOME would each stamp the SQLite schema ("more than one head")
    dagster_instance(home).dispose()
    once = [str(Path(sys.executable).with_name("satudata")), "inbox", "--once", "--no-publish", "--root", str(root)]
    daemon = subprocess.Popen([sys.executable, "-c", DAEMON, str(root)], env=env, cwd=project_root(),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    cli = subprocess.Popen(once, env=env, cwd=project_root(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
    outputs = {"daemon": daemon.communicate(timeout=600)[0], "once": cli.communicate(timeout=600)[0]}
    codes = {"daemon": daemon.returncode, "once": cli.returncode}
    instance = dg.DagsterInstance.from_config(str(home))
    runs = instance.get_run_records()
    return {"root": root, "folder": folder, "outputs": outputs, "codes": codes, "runs": runs}


def test_both_processes_finish_cleanly(raced):
    assert raced["codes"] == {"daemon": 0, "once": 0}, raced["outputs"]
    assert "Traceback" not in raced["outputs"]["once"]


def test_every_file_is_answered_for_the_version_it_is(raced):
    for found in scan(raced["root"] / "inbox"):
        answer = json.loads(answer_path(found.path).read_text(encoding="utf-8"))
        assert answer["status"] in ("diterima", "ditolak", "tidak-dikenal"), found.path.name
        assert answer["stat"] == identity(os.lstat(found.path)), found.path.name


def test_every_content_is_run_exactly_once(raced):
    by_content: dict[str, list[str]] = {}
    for record in raced["runs"]:
        tags = record.dagster_run.tags
        by_content.setdefault(tags["satudata/handin"], []).append(tags.get("test/by", "once"))
    assert len(by_content) == 9, "eight good files and the bad one; the copy and the unknown files are not run"
    assert {sha: len(by) for sha, by in by_content.items() if len(by) != 1} == {}


def test_nothing_is_lost_nor_left_claimed(raced):
    root = raced["root"]
    assert len(list((root / "landing").rglob("*.csv"))) == 8
    assert len(list((root / "quarantine" / "dinkes").glob("*.csv"))) == 4  # the bad file, three unknown
    assert [p.name for p in (root / "quarantine" / ".incoming").rglob("*") if p.is_file()
            and not p.name.endswith(".lock")] == []
