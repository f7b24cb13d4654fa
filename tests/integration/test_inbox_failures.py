"""Hand-ins whose run fails after the checks, or files that are not what they seem: the officer is
told, the file is kept, and nothing blocked ever goes further."""

from __future__ import annotations

import json
import os
import shutil
import time

import dagster as dg

from pipelines.check import sha256_file
from pipelines.definitions import build_definitions
from pipelines.inbox.handins import HandIn
from pipelines.inbox.process import run_request, table_config
from pipelines.publish import CkanResource
from pipelines.resources import Workspace
from pipelines.runner import materialize_datasets
from pipelines.spec import load_specs, project_root
from pipelines.uploads.cycle import inbox_once

SAMPLES = project_root() / "samples"
GOOD = SAMPLES / "dinkes" / "fasilitas_kesehatan_desa_2024.csv"
BAD = SAMPLES / "_rejects" / "dinkes" / "fasilitas_kesehatan_desa_2024_negatif.csv"
SPEC = next(s for s in load_specs(project_root() / "datasets") if s.name == "fasilitas-kesehatan-desa")
NOWHERE = CkanResource(url="http://127.0.0.1:9", token="not-a-token")  # nothing listens on port 9


def workspace(root, publish: bool) -> Workspace:
    return Workspace(root=str(root), datasets_dir=str(project_root() / "datasets"), publish=publish)


def settle(path):
    os.utime(path, (time.time() - 60, time.time() - 60))
    return path


def answer(path) -> dict:
    return json.loads(path.with_name(path.name + ".laporan.json").read_text(encoding="utf-8"))


def test_a_failed_publish_is_answered_gagal_and_runs_again(tmp_path):
    ws = workspace(tmp_path, publish=True)
    (ws.inbox / "dinkes").mkdir(parents=True)
    handin = settle(shutil.copy(GOOD, ws.inbox / "dinkes" / GOOD.name))
    instance = dg.DagsterInstance.ephemeral()
    first = inbox_once(ws, ckan=NOWHERE, instance=instance)
    assert [(o.status, o.run) for o in first.outcomes] == [("gagal", "failed")]
    said = answer(handin)
    assert said["status"] == "gagal" and said["attempt"] == 1
    assert [p["code"] for p in said["report"]["problems"]] == ["run-failed"]
    assert "not-a-token" not in json.dumps(said)
    kept = list((ws.landing / "dinkes").rglob("*.csv"))
    assert len(kept) == 1, "the file is kept even though its run failed"
    pending = HandIn(handin, "dinkes", sha256_file(handin))
    assert run_request(SPEC, pending, ("table",)).run_key.endswith("/1"), "the sensor's retry gets a new key"
    second = inbox_once(ws, ckan=NOWHERE, instance=instance)
    assert [o.status for o in second.outcomes] == ["gagal"], "a failed hand-in is tried again"
    assert answer(handin)["attempt"] == 2


def test_a_replaced_file_is_not_answered_with_the_old_answer(tmp_path):
    ws = workspace(tmp_path, publish=False)
    (ws.inbox / "dinkes").mkdir(parents=True)
    handin = settle(shutil.copy(GOOD, ws.inbox / "dinkes" / GOOD.name))
    instance = dg.DagsterInstance.ephemeral()
    inbox_once(ws, instance=instance)
    assert answer(handin)["status"] == "diterima"
    settle(shutil.copy(BAD, handin))  # the officer saves a new version under the same name
    inbox_once(ws, instance=instance)
    assert answer(handin)["status"] == "ditolak"


def test_a_file_with_only_headers_is_refused(tmp_path):
    head = GOOD.read_text(encoding="utf-8").splitlines()
    header_at = next(i for i, line in enumerate(head) if line.lower().startswith("no;") or "Kode" in line)
    empty = tmp_path / "fasilitas_kesehatan_desa_2025.csv"
    empty.write_text("\n".join(head[: header_at + 1]) + "\n", encoding="utf-8")
    from pipelines.check import check_file

    report = check_file(SPEC, empty).report
    assert not report.valid
    assert "no-data-rows" in report.by_code()


def test_a_blocked_table_never_reaches_parquet_even_when_parquet_runs_alone(tmp_path):
    ws = workspace(tmp_path, publish=False)
    defs = build_definitions(ws)
    instance = dg.DagsterInstance.ephemeral()
    blocked = materialize_datasets(defs, [SPEC], ("table",), instance=instance, run_config=table_config(SPEC, BAD))
    assert not blocked.get_asset_check_evaluations()[0].passed
    later = materialize_datasets(defs, [SPEC], ("parquet",), instance=instance)
    assert not later.success
    assert not list(tmp_path.rglob("*.parquet"))
