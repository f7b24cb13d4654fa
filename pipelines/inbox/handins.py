"""Finding hand-ins: every file under ``inbox/<opd>/``, known by its content hash (not its time)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipelines.check import sha256_file

ANSWER_SUFFIXES = (".laporan.json", ".laporan.html")  # answers written beside a hand-in


def answer_path(handin_path: Path, kind: str = "json") -> Path:
    """Where the answer to a hand-in is written: ``<file>.laporan.json`` (and ``.laporan.html``)."""
    return handin_path.with_name(f"{handin_path.name}.laporan.{kind}")


@dataclass(frozen=True)
class HandIn:
    path: Path
    opd: str
    sha256: str

    @property
    def ext(self) -> str:
        return self.path.suffix.lower().lstrip(".") or "bin"


def is_handin(path: Path) -> bool:
    name = path.name
    return (
        path.is_file()
        and not name.startswith((".", "~$"))  # hidden files, Excel lock files
        and not name.endswith(ANSWER_SUFFIXES)
        and not name.endswith((".tmp", ".part", ".crdownload"))
    )


def scan(inbox: Path) -> list[HandIn]:
    """The files in the inbox, oldest first (then by name), each with its OPD and hash."""
    if not inbox.is_dir():
        return []
    found = []
    for opd_dir in sorted(p for p in inbox.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for path in opd_dir.rglob("*"):
            if is_handin(path):
                found.append((path.stat().st_mtime, str(path), path, opd_dir.name))
    found.sort()
    return [HandIn(path=p, opd=opd, sha256=sha256_file(p)) for _, _, p, opd in found]
