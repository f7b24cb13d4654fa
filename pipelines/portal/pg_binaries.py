"""Where PostgreSQL's server programs are: ``pg_config --bindir``, then ``/usr/lib/postgresql/<N>/bin``
(newest first, as Debian and Ubuntu install them), then the folders of PATH; PostgreSQL 13 or newer.
When none is found it is installed with apt (the distribution's ``postgresql``), as Redis is.

A data folder made by one major version runs only with that version's programs: once a cluster
exists (its ``PG_VERSION``), only a folder of that major version is taken."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pipelines.portal.apt import AptError, apt_install

MIN_MAJOR = 13
PROGRAMS = ("initdb", "pg_ctl", "psql")
DEBIAN_ROOT = Path("/usr/lib/postgresql")


class PostgresMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Binaries:
    """One installation's folder of programs and its major version."""

    bindir: Path
    major: int

    def __truediv__(self, program: str) -> Path:
        return self.bindir / program


def major_version(bindir: Path) -> int | None:
    """The major version ``initdb --version`` reports (``initdb (PostgreSQL) 15.18 (Debian ...)``),
    or None when a program is missing or says something else."""
    if not all(os.access(bindir / p, os.X_OK) for p in PROGRAMS):
        return None
    try:
        proc = subprocess.run([str(bindir / "initdb"), "--version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    found = re.search(r"\(PostgreSQL\)\s+(\d+)", proc.stdout)
    return int(found.group(1)) if proc.returncode == 0 and found else None


def _pg_config_bindir(pg_config: str) -> list[Path]:
    try:
        proc = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=30)
    except OSError:
        return []
    out = proc.stdout.strip()
    return [Path(out)] if proc.returncode == 0 and out else []


def _debian_bindirs(root: Path) -> list[Path]:
    """``root/<N>/bin`` for every numeric N, newest first."""
    try:
        versions = [p for p in root.iterdir() if p.name.isdigit()]
    except OSError:
        return []
    return [p / "bin" for p in sorted(versions, key=lambda p: int(p.name), reverse=True)]


def _path_bindirs(path: str) -> list[Path]:
    return [Path(d) for d in path.split(os.pathsep) if d]


def candidates(pg_config: str = "pg_config", debian_root: Path = DEBIAN_ROOT,
               path: str | None = None) -> list[Path]:
    """The folders to try, in order, each once."""
    path = os.environ.get("PATH", "") if path is None else path
    seen, out = set(), []
    for folder in _pg_config_bindir(pg_config) + _debian_bindirs(debian_root) + _path_bindirs(path):
        key = os.path.realpath(folder)
        if key not in seen:
            seen.add(key)
            out.append(folder)
    return out


def find(want_major: int | None = None, **where) -> Binaries | None:
    """The first folder holding initdb, pg_ctl and psql of PostgreSQL >= 13 (of ``want_major``
    exactly, when given); ``where`` is passed to :func:`candidates`."""
    for folder in candidates(**where):
        major = major_version(folder)
        if major is None or major < MIN_MAJOR:
            continue
        if want_major is None or major == want_major:
            return Binaries(folder, major)
    return None


def ensure_installed(want_major: int | None = None, log=print, install=None, **where) -> Binaries:
    """The PostgreSQL programs, installed with apt when none are found; ``install`` (a callable
    taking the log) replaces apt in tests."""
    found = find(want_major, **where)
    if found:
        return found
    package = f"postgresql-{want_major}" if want_major else "postgresql"
    log(f"PostgreSQL {want_major or f'>= {MIN_MAJOR}'} is missing: apt-get install -y {package}")
    (install or _apt_install)(package)
    found = find(want_major, **where)
    if not found:
        raise PostgresMissing(f"PostgreSQL {want_major or f'>= {MIN_MAJOR}'} is still missing after "
                              f"apt-get install {package} (looked in: pg_config --bindir, "
                              f"{where.get('debian_root', DEBIAN_ROOT)}/*/bin, PATH)")
    return found


def _apt_install(package: str) -> None:
    try:
        apt_install(package)
    except AptError as err:
        raise PostgresMissing(f"PostgreSQL is not installed: {err}") from None
