"""Hostile names beside a good file: control characters, the longest names, mixed scripts, a name
beginning with '-', links to /etc and to a file outside, a pipe. Each gets its own answer, no link is
followed, and the good file is still taken."""

import json
import os
import sys
import time
from pathlib import Path

import pytest

from pipelines.inbox.handins import answer_path, printable, scan
from pipelines.inbox.take import ANSWERED, CLAIMED, Rules, take
from pipelines.resources import Workspace
from pipelines.spec import load_specs, project_root

SPECS = load_specs(project_root() / "datasets")
GOOD = project_root() / "samples" / "dinkes" / "fasilitas_kesehatan_desa_2024.csv"
NAMES = {
    "control": "rekap\x1b[31m\n\tbaru\x07.csv",
    "longest": "p" * 251 + ".csv",  # 255 bytes: the most a file name may hold
    "long-mixed": "данные_数据_データ_" * 8 + ".csv",  # 244 bytes
    "mixed": "data_ᬅᬓ᭄ᬱᬭ_العربية_中文_ﾃﾞｰﾀ.csv",
    "dash": "-rf --no-preserve-root.csv",
}


def settle(path):
    os.utime(path, (time.time() - 60, time.time() - 60), follow_symlinks=False)


@pytest.fixture
def inbox(tmp_path):
    ws = Workspace(root=str(tmp_path / "root"), datasets_dir=str(project_root() / "datasets"), publish=False)
    folder = ws.inbox / "dinkes"
    folder.mkdir(parents=True)
    (folder / GOOD.name).write_bytes(GOOD.read_bytes())
    for i, name in enumerate(NAMES.values()):
        (folder / name).write_bytes(f"agenda;peserta\nrapat {i};12\n".encode())
    outside = tmp_path / "rahasia.csv"
    outside.write_text("nik;nama\n6409012345670001;Budi\n", encoding="utf-8")
    os.symlink("/etc", folder / "etc")
    os.symlink(outside, folder / "fasilitas_kesehatan_desa_2023.csv")
    os.symlink("/etc", ws.inbox / "opd-palsu")
    os.mkfifo(folder / "antrian.csv")
    (folder / os.fsdecode(b"rekap_\xff\xfe_latin1_\xe9.csv")).write_bytes(b"a;b\n1;2\n")  # not UTF-8
    for entry in folder.iterdir():
        settle(entry)
    return ws, folder, outside


def taken_all(ws):
    return {t.found.path.name: t for t in (take(ws, SPECS, f, Rules(by="once")) for f in scan(ws.inbox))}


def answer(path) -> dict:
    return json.loads(answer_path(path).read_text(encoding="utf-8"))


def test_each_hostile_name_gets_an_answer_and_the_good_file_is_taken(inbox):
    ws, folder, _ = inbox
    taken = taken_all(ws)
    assert taken[GOOD.name].state == CLAIMED
    for key, name in NAMES.items():
        assert (taken[name].state, taken[name].status) == (ANSWERED, "tidak-dikenal"), key
        assert answer(folder / name)["report"]["problems"][0]["code"] == "unknown-dataset", key
    assert [p["code"] for p in answer(folder / "etc")["report"]["problems"]] == ["link-refused"]
    assert [p["code"] for p in answer(folder / "fasilitas_kesehatan_desa_2023.csv")["report"]["problems"]] == [
        "link-refused"]
    assert [p["code"] for p in answer(folder / "antrian.csv")["report"]["problems"]] == ["not-a-file"]
    latin = answer(folder / os.fsdecode(b"rekap_\xff\xfe_latin1_\xe9.csv"))
    assert [p["code"] for p in latin["report"]["problems"]] == ["file-name-unreadable"]
    assert latin["file"] == "rekap_\ufffd\ufffd_latin1_\ufffd.csv"
    assert answer(ws.inbox / "opd-palsu")["status"] == "ditolak"


def test_no_link_is_followed_nor_written_through(inbox):
    ws, folder, outside = inbox
    before = outside.read_bytes()
    taken_all(ws)
    assert outside.read_bytes() == before
    kept = [p for area in (ws.landing, ws.quarantine) for p in area.rglob("*") if p.is_file()]
    assert not [p for p in kept if p.read_bytes() == before], "the linked file was never read nor kept"
    assert [f.path for f in scan(ws.inbox) if "/etc/" in str(f.path)] == [], "no folder link is entered"
    assert not list(Path("/etc").glob("*.laporan.*")), "nothing written into the linked folder"


def test_long_names_get_answers_that_fit_and_stay_apart(inbox):
    ws, folder, _ = inbox
    taken_all(ws)
    for key in ("longest", "long-mixed"):
        path = answer_path(folder / NAMES[key])
        assert len(os.fsencode(path.name)) <= 255 and path.name.endswith(".laporan.json"), key
        assert path.name.encode().decode("utf-8") == path.name  # cut between characters, never inside one
    assert answer_path(folder / ("p" * 251 + ".csv")) != answer_path(folder / ("p" * 251 + ".xls"))


def test_an_answered_name_is_not_answered_again(inbox):
    ws, folder, _ = inbox
    taken_all(ws)
    stamps = {p: p.stat().st_mtime_ns for p in ws.inbox.rglob("*.laporan.json")}
    again = taken_all(ws)
    assert {t.state for name, t in again.items() if name != GOOD.name} == {"done"}
    assert {p: p.stat().st_mtime_ns for p in ws.inbox.rglob("*.laporan.json")} == stamps


def test_a_link_planted_where_the_answer_goes_is_replaced_not_written_through(tmp_path):
    ws = Workspace(root=str(tmp_path / "root"), datasets_dir=str(project_root() / "datasets"), publish=False)
    folder = ws.inbox / "dinkes"
    folder.mkdir(parents=True)
    handin = folder / "catatan.csv"
    handin.write_text("agenda;peserta\nrapat;12\n", encoding="utf-8")
    settle(handin)
    victim = tmp_path / "victim.txt"
    victim.write_text("asli", encoding="utf-8")
    os.symlink(victim, answer_path(handin))
    taken_all(ws)
    assert victim.read_text(encoding="utf-8") == "asli"
    assert not answer_path(handin).is_symlink() and answer(handin)["status"] == "tidak-dikenal"


def test_a_folder_nested_deeper_than_the_recursion_limit_is_walked(tmp_path):
    inbox = tmp_path / "inbox"
    deep = inbox / "dinkes"
    deep.mkdir(parents=True)
    for _ in range(400):  # deeper than the limit set below; shallow enough for pytest's own cleanup
        deep = deep / "d"
        os.mkdir(deep)
    (deep / "dalam.csv").write_text("a;b\n", encoding="utf-8")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(250)
    try:
        found = scan(inbox)
    finally:
        sys.setrecursionlimit(limit)
    assert [f.path.name for f in found] == ["dalam.csv"]


def test_names_are_printed_without_their_control_characters():
    assert printable("rekap\x1b[31m\nbaru\x07 ü中.csv") == "rekap\\x1b[31m\\nbaru\\x07 ü中.csv"
