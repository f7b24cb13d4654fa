"""A private PostgreSQL cluster (13 or newer, found wherever installed: pg_binaries.py) for one portal:
its own data folder, socket folder and port, listening on 127.0.0.1 only, run as the ``postgres`` user
(initdb refuses root)."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pipelines.portal import pg_binaries, processes

PG_USER = "postgres"
# Settings for a throwaway cluster only (a test session's): durability traded for speed. A portal
# that keeps data runs with PostgreSQL's defaults (fsync, full page writes, synchronous commit).
THROWAWAY_OPTIONS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")
# Every cluster: the search table of 100,000 datasets (~200 MB, read whole by a browse with facets)
# stays in PostgreSQL's buffers; the default 128 MB does not hold it. Allocated as pages are used.
SERVER_OPTIONS = ("shared_buffers=512MB",)


class PostgresError(RuntimeError):
    pass


def _as_postgres(argv: list[str], input: str | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        ["runuser", "-u", PG_USER, "--", *argv],
        input=input, capture_output=True, text=True, env=_clean_env(), cwd="/",
    )
    if proc.returncode != 0:
        raise PostgresError(f"{Path(argv[0]).name} failed ({proc.returncode}): {proc.stderr.strip()}")
    return proc


def _clean_env() -> dict[str, str]:
    """The caller's environment without PG* variables, which would redirect psql and pg_ctl."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")}


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class Cluster:
    data: Path
    socket_dir: Path
    logfile: Path
    port: int
    durable: bool = True
    # The programs' folder; found (and installed with apt when missing) on first use when None.
    bindir: Path | None = None

    @cached_property
    def programs(self) -> pg_binaries.Binaries:
        """initdb, pg_ctl and psql: of the data folder's major version once it is initialised."""
        want = self.data_version
        if self.bindir is not None:
            major = pg_binaries.major_version(self.bindir)
            if major is None or major < pg_binaries.MIN_MAJOR or (want and major != want):
                raise PostgresError(f"{self.bindir} holds no PostgreSQL {want or f'>= {pg_binaries.MIN_MAJOR}'}")
            return pg_binaries.Binaries(self.bindir, major)
        try:
            return pg_binaries.ensure_installed(want)
        except pg_binaries.PostgresMissing as exc:
            raise PostgresError(str(exc)) from exc

    @property
    def data_version(self) -> int | None:
        """The major version that made the data folder (its PG_VERSION), None before initdb."""
        try:
            return int((self.data / "PG_VERSION").read_text().strip())
        except (OSError, ValueError):
            return None

    @property
    def server_options(self) -> tuple[str, ...]:
        return SERVER_OPTIONS + (() if self.durable else THROWAWAY_OPTIONS)

    def check_available(self) -> None:
        if not (self.programs / "initdb").exists():  # found, or installed, or PostgresError
            raise PostgresError(f"{self.programs / 'initdb'} is missing")
        if self.port == 5432:
            raise PostgresError("port 5432 belongs to the system's PostgreSQL; choose another")

    @property
    def initialised(self) -> bool:
        return (self.data / "PG_VERSION").exists()

    def init(self) -> None:
        """initdb, once. Peer login over the socket (for psql as postgres), passwords over TCP."""
        self.check_available()
        if self.initialised:
            return
        for folder in (self.data, self.socket_dir):
            folder.mkdir(parents=True, exist_ok=True)
            shutil.chown(folder, PG_USER, PG_USER)
        self.data.chmod(0o700)
        probe = subprocess.run(["runuser", "-u", PG_USER, "--", "test", "-w", str(self.data)], cwd="/")
        if probe.returncode != 0:
            raise PostgresError(f"user {PG_USER} cannot reach {self.data}: a parent folder is not searchable")
        _as_postgres([
            str(self.programs / "initdb"), "-D", str(self.data), "-U", PG_USER, "-E", "UTF8",
            "--locale=C.UTF-8", "--auth-local=peer", "--auth-host=scram-sha-256",
        ])

    def postmaster_pid(self) -> int | None:
        pidfile = self.data / "postmaster.pid"
        try:
            pid = int(pidfile.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None
        return pid if str(self.data) in processes.command_line(pid) else None

    def start(self) -> int:
        """Start the cluster unless it runs; returns the postmaster's PID."""
        pid = self.postmaster_pid()
        if pid:
            return pid
        if not processes.port_free(self.port):
            raise PostgresError(f"port {self.port} is taken by another program")
        self.logfile.parent.mkdir(parents=True, exist_ok=True)
        self.logfile.touch()
        shutil.chown(self.logfile, PG_USER, PG_USER)
        self.logfile.chmod(0o600)
        options = " ".join(
            [f"-p {self.port}", f"-k {self.socket_dir}", "-c listen_addresses=127.0.0.1"]
            + [f"-c {o}" for o in self.server_options]
        )
        _as_postgres([str(self.programs / "pg_ctl"), "-D", str(self.data), "-l", str(self.logfile),
                      "-w", "-t", "60", "-o", options, "start"])
        pid = self.postmaster_pid()
        if not pid:
            raise PostgresError(f"PostgreSQL did not start; see {self.logfile}")
        return pid

    def runs_as_configured(self) -> bool:
        """Whether the running cluster's durability is the one asked for (it was started with it)."""
        return self.psql("SHOW fsync") == ("on" if self.durable else "off")

    def stop(self) -> bool:
        if not self.postmaster_pid():
            return False
        _as_postgres([str(self.programs / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])
        return True

    def psql(self, sql: str, database: str = "postgres") -> str:
        proc = _as_postgres(
            [str(self.programs / "psql"), "-h", str(self.socket_dir), "-p", str(self.port), "-d", database,
             "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-f", "-"],
            input=sql,
        )
        return proc.stdout.strip()

    def ensure_role(self, name: str, password: str) -> None:
        """Create the login role, or reset its password."""
        verb = "ALTER" if self.psql(f"SELECT 1 FROM pg_roles WHERE rolname = {_quote_literal(name)}") else "CREATE"
        self.psql(f"{verb} ROLE {_quote_ident(name)} WITH LOGIN PASSWORD {_quote_literal(password)}")

    def ensure_database(self, name: str, owner: str) -> None:
        if not self.psql(f"SELECT 1 FROM pg_database WHERE datname = {_quote_literal(name)}"):
            self.psql(f"CREATE DATABASE {_quote_ident(name)} OWNER {_quote_ident(owner)} ENCODING 'UTF8'")

    def url(self, user: str, password: str, database: str) -> str:
        from urllib.parse import quote

        return f"postgresql://{quote(user)}:{quote(password, safe='')}@127.0.0.1:{self.port}/{database}"
