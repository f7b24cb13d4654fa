"""Reading a hand-in once, after it has stopped changing, into a private snapshot; claiming it.

The officer's file is opened once (never through a link), copied while it is hashed into
``<incoming>/<opd>/`` (0600 in a 0700 folder), and checked not to have changed while it was read.
Everything after (matching, the checks, the archive) reads that snapshot, so the bytes checked are
the bytes kept under their sha256 name, whatever happens to the officer's file meanwhile.

The snapshot is also the claim on that content: made under the OPD's lock, it tells the daemon and
``satudata inbox --once`` that the file is taken, so each hand-in is run and answered once. A claim
ends when the file is answered (:func:`release`), or when its holder is gone (a dead process, or
older than CLAIM_TTL).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import socket
import stat
from dataclasses import dataclass
from pathlib import Path

from pipelines.inbox.files import PRIVATE_FILE, private_dir, write_atomic

SETTLE_SECONDS = 2.0  # a file modified more recently than this is still being written: next pass
CLAIM_TTL = dt.timedelta(hours=2)  # a claim older than this is taken to be abandoned
BLOCK = 1 << 20


def identity(st: os.stat_result) -> dict[str, int]:
    """What tells one version of a file from another without reading it (the change time too: a file
    whose permissions were fixed is tried again)."""
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "ctime_ns": st.st_ctime_ns, "ino": st.st_ino}


class CannotOpen(OSError):
    """The officer's file cannot be opened or read (its permissions, a link put in its place)."""


def settled(st: os.stat_result, settle: float, now: float | None = None) -> bool:
    return (now if now is not None else dt.datetime.now().timestamp()) - st.st_mtime >= settle


@dataclass(frozen=True)
class Snapshot:
    sha256: str
    tmp: Path  # the private copy, until :func:`claim` names it
    stat: dict[str, int]  # the officer's file when it was read

    def discard(self) -> None:
        self.tmp.unlink(missing_ok=True)


def read_once(path: Path, seen: os.stat_result, incoming: Path, opd: str) -> Snapshot | None:
    """Copy ``path`` into a private temporary file under ``<incoming>/<opd>/`` while hashing it.
    None when the file is not the one listed (``seen``), or changed while it was read: it is taken
    on a later pass. Raises CannotOpen when the file cannot be opened; OSError when the snapshot
    cannot be written (e.g. a full disk: the file is tried again)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise CannotOpen(exc.errno, exc.strerror) from exc
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode) or identity(before) != identity(seen):
            return None
        folder = private_dir(incoming / opd, incoming)
        tmp = folder / f".{secrets.token_hex(8)}.tmp"
        digest, size = hashlib.sha256(), 0
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, PRIVATE_FILE),
                       "wb") as out:
            while block := os.read(fd, BLOCK):
                digest.update(block)
                out.write(block)
                size += len(block)
        after = os.fstat(fd)
    finally:
        os.close(fd)
    try:
        now = os.lstat(path)
    except OSError:
        now = None
    if size != before.st_size or identity(after) != identity(before) or now is None or identity(now) != identity(
            before):
        tmp.unlink(missing_ok=True)  # written to (or replaced) while read
        return None
    return Snapshot(digest.hexdigest(), tmp, identity(before))


def _claim_file(incoming: Path, opd: str, sha256: str) -> Path:
    return incoming / opd / f"{sha256}.claim.json"


def snapshot_of(incoming: Path, opd: str, sha256: str, ext: str) -> Path:
    return incoming / opd / f"{sha256}.{ext}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def claim_record(incoming: Path, opd: str, sha256: str) -> dict | None:
    try:
        record = json.loads(_claim_file(incoming, opd, sha256).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def claimed(incoming: Path, opd: str, sha256: str, now: dt.datetime | None = None) -> bool:
    """Is this content taken by a process that is still on it?"""
    record = claim_record(incoming, opd, sha256)
    if record is None:
        return False
    try:
        at = dt.datetime.fromisoformat(record["at"])
    except (KeyError, TypeError, ValueError):
        return False
    if (now or dt.datetime.now(dt.UTC)) - at > CLAIM_TTL:
        return False
    if record.get("by") == "once" and record.get("host") == socket.gethostname() and isinstance(
            record.get("pid"), int):
        return _alive(record["pid"])  # `inbox --once` runs what it claims itself: gone with its process
    return True  # the sensor's runs go on in other processes: the claim ends with the run, or CLAIM_TTL


def claim(incoming: Path, opd: str, snap: Snapshot, ext: str, by: str, file: str) -> tuple[Path, str]:
    """Name the snapshot ``<sha256>.<ext>`` and record who holds it; the snapshot and the claim's time.
    Call under the OPD's lock, after :func:`claimed` said no. ``by``: the process kind (``sensor`` or
    ``once``)."""
    dest = snapshot_of(incoming, opd, snap.sha256, ext)
    os.replace(snap.tmp, dest)
    at = dt.datetime.now(dt.UTC).isoformat()
    record = {"by": by, "pid": os.getpid(), "host": socket.gethostname(), "at": at, "stat": snap.stat,
              "file": file}
    write_atomic(_claim_file(incoming, opd, snap.sha256), json.dumps(record).encode(), PRIVATE_FILE)
    return dest, at


def release(incoming: Path, opd: str, sha256: str) -> dict | None:
    """End the claim on this content and remove its snapshot; the claim's record (or None)."""
    record = claim_record(incoming, opd, sha256)
    folder = incoming / opd
    if folder.is_dir():
        for path in folder.glob(f"{sha256}.*"):
            path.unlink(missing_ok=True)
    return record
