"""Reading a hand-in once: the snapshot holds the bytes hashed, a file that changes while it is read
is left for the next pass, claims end with their holder, and the OPD lock holds across processes."""

import datetime as dt
import fcntl
import hashlib
import json
import multiprocessing
import os
import stat
import subprocess
import sys

from pipelines.inbox import intake
from pipelines.inbox.archive import archive_accepted, read_answer, write_answer
from pipelines.inbox.files import keep_copy
from pipelines.inbox.handins import answer_path
from pipelines.inbox.intake import claim, claimed, read_once, release, snapshot_of
from pipelines.inbox.locks import opd_lock
from pipelines.validate.report import Report

CONTENT = b"kode;jumlah\n" + b"1;2\n" * 1000


def officer_file(tmp_path, content=CONTENT):
    path = tmp_path / "inbox" / "dinkes" / "a.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_the_snapshot_holds_exactly_the_bytes_hashed_and_is_private(tmp_path):
    path = officer_file(tmp_path)
    snap = read_once(path, os.lstat(path), tmp_path / "incoming", "dinkes")
    assert snap.sha256 == hashlib.sha256(CONTENT).hexdigest()
    assert snap.tmp.read_bytes() == CONTENT
    assert stat.S_IMODE(snap.tmp.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "incoming" / "dinkes").stat().st_mode) == 0o700


def test_a_file_replaced_since_it_was_listed_is_left_for_the_next_pass(tmp_path):
    path = officer_file(tmp_path)
    listed = os.lstat(path)
    path.write_bytes(CONTENT + b"3;4\n")
    assert read_once(path, listed, tmp_path / "incoming", "dinkes") is None
    assert list((tmp_path / "incoming").rglob("*.tmp")) == []


def test_a_file_written_to_while_it_is_read_is_left_for_the_next_pass(tmp_path, monkeypatch):
    path = officer_file(tmp_path)
    listed = os.lstat(path)
    real_read, calls = os.read, []

    def read_while_copying(fd, n):
        calls.append(n)
        if len(calls) == 2:  # the officer's copy goes on after the first block was read
            with open(path, "ab") as fh:
                fh.write(b"9;9\n" * 100)
        return real_read(fd, n)

    monkeypatch.setattr(intake, "BLOCK", 1024)
    monkeypatch.setattr(intake.os, "read", read_while_copying)
    assert read_once(path, listed, tmp_path / "incoming", "dinkes") is None
    monkeypatch.undo()
    assert list((tmp_path / "incoming").rglob("*.tmp")) == [], "the partial copy is removed"


def test_a_recently_modified_file_is_not_settled(tmp_path):
    path = officer_file(tmp_path)
    st = os.lstat(path)
    assert not intake.settled(st, 2.0, now=st.st_mtime + 1)
    assert intake.settled(st, 2.0, now=st.st_mtime + 3)


def test_a_claim_lasts_while_its_holder_lives_and_ends_with_release(tmp_path):
    incoming, path = tmp_path / "incoming", officer_file(tmp_path)
    snap = read_once(path, os.lstat(path), incoming, "dinkes")
    assert not claimed(incoming, "dinkes", snap.sha256)
    kept, _ = claim(incoming, "dinkes", snap, "csv", "once", "a.csv")
    assert kept == snapshot_of(incoming, "dinkes", snap.sha256, "csv") and kept.read_bytes() == CONTENT
    assert claimed(incoming, "dinkes", snap.sha256)
    later = dt.datetime.now(dt.UTC) + intake.CLAIM_TTL + dt.timedelta(minutes=1)
    assert not claimed(incoming, "dinkes", snap.sha256, now=later), "an abandoned claim expires"
    release(incoming, "dinkes", snap.sha256)
    assert not claimed(incoming, "dinkes", snap.sha256) and not kept.exists()


def test_a_claim_of_an_inbox_once_that_died_is_not_held(tmp_path):
    incoming, path = tmp_path / "incoming", officer_file(tmp_path)
    snap = read_once(path, os.lstat(path), incoming, "dinkes")
    claim(incoming, "dinkes", snap, "csv", "once", "a.csv")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    record_file = incoming / "dinkes" / f"{snap.sha256}.claim.json"
    record = json.loads(record_file.read_text())
    record_file.write_text(json.dumps({**record, "pid": int(gone.stdout)}))
    assert not claimed(incoming, "dinkes", snap.sha256)


def _try_lock(path, queue):
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        queue.put("taken")
    except BlockingIOError:
        queue.put("held")
    finally:
        os.close(fd)


def test_the_opd_lock_is_held_across_processes(tmp_path):
    incoming = tmp_path / "incoming"
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    with opd_lock(incoming, "dinkes"):
        child = ctx.Process(target=_try_lock, args=(incoming / ".dinkes.lock", queue))
        child.start()
        child.join(60)
        assert queue.get(timeout=10) == "held"
    child = ctx.Process(target=_try_lock, args=(incoming / ".dinkes.lock", queue))
    child.start()
    child.join(60)
    assert queue.get(timeout=10) == "taken"


def test_kept_copies_and_reports_are_private_answers_are_not(tmp_path):
    snap = tmp_path / "snap.csv"
    snap.write_bytes(CONTENT)
    landing = tmp_path / "landing"
    kept = archive_accepted(landing, "dinkes/fasilitas", ["2024"], snap, "f" * 64, "csv", Report(file="a.csv"))
    assert stat.S_IMODE(kept.stat().st_mode) == 0o400
    assert stat.S_IMODE(kept.with_suffix(".report.json").stat().st_mode) == 0o600
    for folder in (landing, landing / "dinkes", kept.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert keep_copy(tmp_path / "missing", kept, landing) == kept, "written once, never replaced"
    handin = officer_file(tmp_path)
    old = os.umask(0o022)
    try:
        write_answer(handin, "diterima", Report(file="a.csv"), kept, "f" * 64)
    finally:
        os.umask(old)
    assert stat.S_IMODE(answer_path(handin).stat().st_mode) == 0o644


def test_a_damaged_answer_reads_as_no_answer(tmp_path):
    handin = officer_file(tmp_path)
    answer_path(handin).write_text('{"status": "diterima", "sha', encoding="utf-8")
    assert read_answer(handin) is None
    answer_path(handin).write_bytes(b"\xff\xfe[1, 2]")
    assert read_answer(handin) is None
    answer_path(handin).write_text("[1, 2]", encoding="utf-8")
    assert read_answer(handin) is None


def _settled_handin(tmp_path):
    import time

    from pipelines.resources import Workspace
    from pipelines.spec import project_root

    ws = Workspace(root=str(tmp_path / "root"), datasets_dir=str(project_root() / "datasets"), publish=False)
    path = ws.inbox / "dinkes" / "catatan.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(CONTENT)
    os.utime(path, (time.time() - 60, time.time() - 60))
    return ws, path


def test_a_file_swapped_for_a_link_after_it_was_listed_is_refused_unread(tmp_path):
    from pipelines.inbox.handins import scan
    from pipelines.inbox.take import Rules, take

    ws, path = _settled_handin(tmp_path)
    (found,) = scan(ws.inbox)
    path.unlink()
    os.symlink("/etc/hostname", path)
    taken = take(ws, [], found, Rules(by="once"))
    assert (taken.state, taken.status) == ("answered", "ditolak")
    assert [p["code"] for p in read_answer(path)["report"]["problems"]] == ["unreadable-file"]


def test_a_snapshot_that_cannot_be_written_is_a_failure_tried_again_not_a_refusal(tmp_path, monkeypatch):
    from pipelines.inbox.handins import scan
    from pipelines.inbox.take import Rules, take

    ws, path = _settled_handin(tmp_path)
    (found,) = scan(ws.inbox)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(intake, "private_dir", disk_full)
    taken = take(ws, [], found, Rules(by="once"))
    assert (taken.state, taken.status) == ("answered", "gagal")
    assert [p["code"] for p in read_answer(path)["report"]["problems"]] == ["inbox-error"]
    monkeypatch.undo()
    again = take(ws, [], found, Rules(by="once"))
    assert (again.state, again.status) == ("answered", "tidak-dikenal"), "tried again on the next pass"
