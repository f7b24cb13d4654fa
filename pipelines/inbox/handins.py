"""Finding hand-ins: every entry under ``inbox/<opd>/``, found without following links and without
reading a byte of it (reading, once, is :mod:`pipelines.inbox.intake`'s job)."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from pipelines.inbox.files import NAME_MAX

ANSWER_SUFFIXES = (".laporan.json", ".laporan.html", ".laporan.xlsx")  # answers written beside a hand-in
SKIPPED_SUFFIXES = (".tmp", ".part", ".crdownload")  # files still being written by their program


def answer_path(handin_path: Path, kind: str = "json") -> Path:
    """Where the answer to a hand-in is written: ``<file>.laporan.json`` (and ``.laporan.html``).
    A name too long for that (over ~240 bytes) is cut, and a hash of the whole name keeps it apart."""
    suffix = f".laporan.{kind}"
    name = handin_path.name
    if len(os.fsencode(name + suffix)) <= NAME_MAX:
        return handin_path.with_name(name + suffix)
    tag = hashlib.sha256(os.fsencode(name)).hexdigest()[:16]
    room = NAME_MAX - len(suffix) - len(tag) - 1
    cut = os.fsencode(name)[:room].decode("utf-8", "ignore") if is_utf8(name) else os.fsdecode(
        os.fsencode(name)[:room])
    return handin_path.with_name(f"{cut}~{tag}{suffix}")


def is_utf8(name: str) -> bool:
    """Does the name decode as UTF-8? (Other bytes come back from the file system as surrogates.)"""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_name(path: Path) -> str:
    """The name as an answer or a log shows it: undecodable bytes as U+FFFD."""
    return os.fsencode(path.name).decode("utf-8", "replace")


def printable(text: str) -> str:
    """For a terminal or a log line: control characters escaped (a name cannot move the cursor)."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


@dataclass(frozen=True)
class Found:
    """An entry in an OPD's inbox folder: ``kind`` is ``file`` (a regular file), ``link`` (a symbolic
    link, to a file or a folder: never followed) or ``special`` (a pipe, socket or device)."""

    path: Path
    opd: str
    kind: str
    stat: os.stat_result

    @property
    def ext(self) -> str:
        return self.path.suffix.lower().lstrip(".") or "bin"


@dataclass(frozen=True)
class HandIn:
    """A hand-in read once: the officer's file and the private snapshot of the bytes read."""

    path: Path
    opd: str
    sha256: str
    snapshot: Path | None = None
    claim: str = ""  # when the snapshot was claimed (one run request per claim)

    @property
    def ext(self) -> str:
        return self.path.suffix.lower().lstrip(".") or "bin"


def skipped(name: str) -> bool:
    return (name.startswith((".", "~$"))  # hidden files, Excel lock files
            or name.endswith(ANSWER_SUFFIXES) or name.endswith(SKIPPED_SUFFIXES))


def is_handin(path: Path) -> bool:
    """A regular file (not a link) that is not an answer, a hidden or a temporary file."""
    return path.is_file() and not path.is_symlink() and not skipped(path.name)


def _kind(st: os.stat_result) -> str | None:
    if stat.S_ISLNK(st.st_mode):
        return "link"
    if stat.S_ISREG(st.st_mode):
        return "file"
    if stat.S_ISDIR(st.st_mode):
        return None
    return "special"


def _walk(top: Path, opd: str, found: list[Found]) -> None:
    """Every entry under ``top``, depth first without recursion (a folder nested thousands deep is
    walked too), never entering a link."""
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name, reverse=True)
        except OSError:
            continue  # a folder that cannot be listed: nothing in it can be read either
        for entry in entries:
            if skipped(entry.name):
                continue
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            kind = _kind(st)
            if kind is None:
                stack.append(Path(entry.path))
            else:
                found.append(Found(Path(entry.path), opd, kind, st))


def scan(inbox: Path) -> list[Found]:
    """The entries in ``inbox/<opd>/`` folders, oldest first (then by name). Links are listed (to be
    refused), never followed, whether they point to a file or a folder; an OPD folder that is itself
    a link is listed as a link of that OPD."""
    if not inbox.is_dir():
        return []
    found: list[Found] = []
    for entry in sorted(os.scandir(inbox), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISDIR(st.st_mode):
            _walk(Path(entry.path), entry.name, found)
        elif stat.S_ISLNK(st.st_mode) and not skipped(entry.name):
            found.append(Found(Path(entry.path), entry.name, "link", st))
    found.sort(key=lambda f: (f.stat.st_mtime, str(f.path)))
    return found
