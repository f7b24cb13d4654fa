"""Taking one entry of the inbox: refused, answered, left for a later pass, or claimed to be run.

One code path for the Dagster sensor and ``satudata inbox --once``. Each entry is taken under its
OPD's lock (so two processes never take the same file), read once into a private snapshot, and never
stops the pass: whatever goes wrong with one file is that file's answer, and the next file is taken.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from pipelines.inbox.archive import FINAL, current_answer, read_answer, write_answer
from pipelines.inbox.handins import Found, HandIn, is_utf8, printable, shown_name
from pipelines.inbox.intake import (
    SETTLE_SECONDS,
    CannotOpen,
    claim,
    claimed,
    identity,
    read_once,
    release,
    settled,
)
from pipelines.inbox.locks import opd_lock
from pipelines.inbox.process import answer_unknown, incoming_dir, retry_due, seen_by
from pipelines.inbox.refusals import cannot_open, inbox_failed, link_refused, name_not_utf8, not_a_file
from pipelines.resources import Workspace
from pipelines.spec import DatasetSpec
from pipelines.validate.report import Problem, Report

log = logging.getLogger(__name__)

CLAIMED, ANSWERED, WAITING, DONE = "claimed", "answered", "waiting", "done"


@dataclass
class Taken:
    """What became of one entry in this pass. ``state``: ``claimed`` (to be run: ``handin`` and
    ``spec`` set), ``answered`` (``status`` says how), ``waiting`` (still being written, claimed by
    another process, or a failed run not due again) or ``done`` (answered before)."""

    found: Found
    state: str
    status: str = ""
    handin: HandIn | None = None
    spec: DatasetSpec | None = None
    kept: str = ""


@dataclass(frozen=True)
class Rules:
    """How a pass takes files: ``by`` names the process kind in claims (``sensor`` | ``once``);
    ``settle``: seconds a file must be left unmodified; ``complete``: files known whole (the portal
    uploads the pipeline itself fetched); ``wait_retry``: hold a failed run until it is due."""

    by: str
    settle: float = SETTLE_SECONDS
    complete: frozenset[Path] = frozenset()
    wait_retry: bool = False


def _refuse(found: Found, ident: str, problem: Problem) -> Taken:
    if current_answer(found.path, ident) is None:
        report = Report(file=shown_name(found.path), problems=[problem])
        write_answer(found.path, "ditolak", report, None, ident, identity(found.stat))
        log.info("%s: refused (%s)", printable(shown_name(found.path)), problem.code)
        return Taken(found, ANSWERED, "ditolak")
    return Taken(found, DONE)


def _link_identity(found: Found) -> str:
    try:
        target = os.readlink(found.path)
    except OSError:
        target = ""
    return "link:" + hashlib.sha256(os.fsencode(target)).hexdigest()


def _unchanged_answer(found: Found, rules: Rules) -> Taken | None:
    """Skip without reading a file whose answer was written for this very version of it."""
    answer = read_answer(found.path)
    if not answer or answer.get("stat") != identity(found.stat):
        return None
    if answer.get("status") in FINAL:
        return Taken(found, DONE)
    if rules.wait_retry and answer.get("status") == "gagal" and not retry_due(
            HandIn(found.path, found.opd, str(answer.get("sha256")))):
        return Taken(found, WAITING)
    return None


def _take_locked(workspace: Workspace, found: Found, rules: Rules) -> Taken | HandIn:
    """Under the OPD's lock: the answer, the wait, or the claimed hand-in."""
    name = shown_name(found.path)
    if found.kind == "link":
        return _refuse(found, _link_identity(found), link_refused(name))
    st = found.stat
    if found.kind == "special":
        return _refuse(found, f"special:{st.st_dev}:{st.st_ino}", not_a_file(name))
    if not is_utf8(found.path.name):
        return _refuse(found, f"name:{st.st_dev}:{st.st_ino}:{st.st_mtime_ns}", name_not_utf8(name))
    unchanged = _unchanged_answer(found, rules)
    if unchanged is not None:
        return unchanged
    if found.path not in rules.complete and not settled(st, rules.settle):
        return Taken(found, WAITING)  # still being written: the next pass takes it
    incoming = incoming_dir(workspace)
    try:
        snap = read_once(found.path, st, incoming, found.opd)
    except CannotOpen as exc:  # a full disk or the like is not the officer's: it fails, and is tried again
        return _refuse(found, f"open:{st.st_dev}:{st.st_ino}:{st.st_ctime_ns}", cannot_open(name, exc))
    if snap is None:
        return Taken(found, WAITING)  # changed while it was read
    handin = HandIn(found.path, found.opd, snap.sha256)
    answer = current_answer(found.path, snap.sha256)
    waiting = answer and answer.get("status") == "gagal" and rules.wait_retry and not retry_due(handin)
    if (answer and answer.get("status") in FINAL) or waiting or claimed(incoming, found.opd, snap.sha256):
        snap.discard()
        return Taken(found, DONE if answer and answer.get("status") in FINAL else WAITING)
    if seen_by(workspace, handin):
        snap.discard()
        from pipelines.uploads.duplicates import answer_duplicate

        status, kept = answer_duplicate(workspace, handin, snap.stat)
        return Taken(found, ANSWERED, status, handin, kept=str(kept))
    snapshot, at = claim(incoming, found.opd, snap, found.ext, rules.by, name)
    return HandIn(found.path, found.opd, snap.sha256, snapshot, at)


def _failed(workspace: Workspace, found: Found, exc: BaseException, sha256: str | None) -> Taken:
    """Whatever went wrong while taking one file: logged with its traceback, answered `gagal`."""
    log.error("%s: taking the file in failed", printable(shown_name(found.path)), exc_info=exc)
    if sha256:
        release(incoming_dir(workspace), found.opd, sha256)
    try:
        report = Report(file=shown_name(found.path), problems=[inbox_failed(shown_name(found.path), exc)])
        write_answer(found.path, "gagal", report, None, sha256 or "", identity(found.stat),
                     failed_at=dt.datetime.now(dt.UTC).isoformat())
    except Exception:
        log.exception("%s: not answered either", printable(shown_name(found.path)))
    return Taken(found, ANSWERED, "gagal")


def take(workspace: Workspace, specs: list[DatasetSpec], found: Found, rules: Rules) -> Taken:
    """Take one entry. Never raises (a failure is the file's `gagal` answer; KeyboardInterrupt and
    the like still stop the process)."""
    handin = None
    try:
        with opd_lock(incoming_dir(workspace), found.opd):
            got = _take_locked(workspace, found, rules)
        if isinstance(got, Taken):
            return got
        handin = got
        from pipelines.match import find_spec

        spec = find_spec(found.path, specs, opd=found.opd, content=handin.snapshot)
        if spec is None:
            kept = answer_unknown(workspace, handin, specs, identity(found.stat))
            return Taken(found, ANSWERED, "tidak-dikenal", handin, kept=str(kept))
        return Taken(found, CLAIMED, handin=handin, spec=spec)
    except Exception as exc:
        return _failed(workspace, found, exc, handin.sha256 if handin else None)
