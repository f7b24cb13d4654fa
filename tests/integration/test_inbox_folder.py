"""The folder inbox on its own (no portal, not publishing): good, bad, unknown, copied and
simultaneous hand-ins, each answered beside the file and every one of them kept."""

from __future__ import annotations

import json
import os
import shutil
import time

import dagster as dg
import pytest

from pipelines.check import sha256_file
from pipelines.resources import Workspace
from pipelines.spec import project_root
from pipelines.uploads.cycle import inbox_once

SAMPLES = project_root() / "samples"
GOOD = SAMPLES / "dinkes" / "fasilitas_kesehatan_desa_2024.csv"
BAD = SAMPLES / "_rejects" / "dinkes" / "fasilitas_kesehatan_desa_2024_negatif.csv"
KK = SAMPLES / "disdukcapil" / "kepala_keluarga_kecamatan_2021-2024.csv"


def answer(path) -> dict:
    return json.loads(path.with_name(path.name + ".laporan.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def handed_in(tmp_path_factory):
    root = tmp_path_factory.mktemp("inbox-folder")
    ws = Workspace(root=str(root), datasets_dir=str(project_root() / "datasets"), publish=False)
    dinkes, disdukcapil = ws.inbox / "dinkes", ws.inbox / "disdukcapil"
    dinkes.mkdir(parents=True)
    disdukcapil.mkdir(parents=True)
    files = {
        "good": shutil.copy(GOOD, dinkes / GOOD.name),
        "bad": shutil.copy(BAD, dinkes / BAD.name),
        "copy": shutil.copy(GOOD, dinkes / "salinan_fasilitas_kesehatan.csv"),
        "kk": shutil.copy(KK, disdukcapil / KK.name),
    }
    files["unknown"] = dinkes / "catatan_rapat.csv"
    files["unknown"].write_text("agenda;peserta\nrapat data;12\n", encoding="utf-8")
    files["kk_revised"] = disdukcapil / "kepala_keluarga_kecamatan_2021-2024_revisi.csv"
    files["kk_revised"].write_bytes(KK.read_bytes() + b"\r\n")  # another content, the same dataset
    files = {k: ws.inbox / p.relative_to(ws.inbox) for k, p in files.items()}
    for path in files.values():  # copied a minute ago: settled
        os.utime(path, (time.time() - 60, time.time() - 60))
    before = {k: sha256_file(p) for k, p in files.items()}
    instance = dg.DagsterInstance.ephemeral()
    first = inbox_once(ws, instance=instance)
    second = inbox_once(ws, instance=instance)
    return {"ws": ws, "files": files, "before": before, "first": first, "second": second, "instance": instance}


def status_of(handed_in, key: str) -> str:
    return answer(handed_in["files"][key])["status"]


def test_good_file_is_accepted_and_landed(handed_in):
    ws, good = handed_in["ws"], handed_in["files"]["good"]
    assert status_of(handed_in, "good") == "diterima"
    sha = handed_in["before"]["good"]
    landed = ws.landing / "dinkes" / "fasilitas-kesehatan-desa" / "2024" / f"{sha}.csv"
    assert landed.read_bytes() == good.read_bytes()
    assert (ws.data / "parquet" / "dinkes" / "fasilitas-kesehatan-desa" / "2024.parquet").is_file()


def test_bad_file_is_rejected_with_its_problem_and_quarantined(handed_in):
    ws = handed_in["ws"]
    got = answer(handed_in["files"]["bad"])
    assert got["status"] == "ditolak"
    problems = [(p["row"], p["column"]) for p in got["report"]["problems"] if p["severity"] == "block"]
    assert problems == [(18, "Posyandu")]
    assert (ws.quarantine / "dinkes" / f"{handed_in['before']['bad']}.csv").is_file()
    assert (ws.quarantine / "dinkes" / f"{handed_in['before']['bad']}.report.html").is_file()


def test_unknown_file_gets_a_clear_answer(handed_in):
    got = answer(handed_in["files"]["unknown"])
    assert got["status"] == "tidak-dikenal"
    assert [p["code"] for p in got["report"]["problems"]] == ["unknown-dataset"]
    assert "fasilitas-kesehatan-desa" in got["report"]["problems"][0]["hint_en"]


def test_a_copy_is_run_once_and_answered_with_the_first_outcome(handed_in):
    runs = handed_in["instance"].get_run_records(
        dg.RunsFilter(tags={"satudata/handin": handed_in["before"]["good"]}))
    assert len(runs) == 1
    got = answer(handed_in["files"]["copy"])
    assert got["status"] == "diterima"
    assert [p["code"] for p in got["report"]["problems"]] == ["duplicate-handin"]


def test_two_files_for_one_dataset_are_both_run_one_after_the_other_and_both_kept(handed_in):
    ws, before, instance = handed_in["ws"], handed_in["before"], handed_in["instance"]
    runs = []
    for key in ("kk", "kk_revised"):
        assert status_of(handed_in, key) == "diterima"
        landed = ws.landing / "disdukcapil" / "kepala-keluarga-kecamatan" / "2021..2024" / f"{before[key]}.csv"
        assert landed.is_file()
        (record,) = instance.get_run_records(dg.RunsFilter(tags={"satudata/handin": before[key]}))
        runs.append(record)
    first, second = sorted(runs, key=lambda r: r.start_time)
    assert first.end_time <= second.start_time


def test_every_file_handed_in_is_kept_unchanged(handed_in):
    for key, path in handed_in["files"].items():
        assert sha256_file(path) == handed_in["before"][key], key


def test_a_second_pass_finds_nothing_new(handed_in):
    assert sorted(o.status for o in handed_in["first"].outcomes) == sorted(
        ["diterima", "ditolak", "tidak-dikenal", "diterima", "diterima", "diterima"])
    assert handed_in["second"].outcomes == []
    assert handed_in["first"].portal is False
