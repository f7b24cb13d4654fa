"""``up``, ``down`` and ``status`` of one portal: PostgreSQL, Redis, CKAN and its jobs worker.

``up`` is idempotent: it installs what is missing, starts what is stopped and reuses the data
(databases, uploads, the sysadmin and a still valid token) of an earlier ``up``. ``down`` stops only
what ``up`` started, by PID, and keeps the data."""

from __future__ import annotations

import json
import os
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests

from pipelines.portal import ckan_cli, processes
from pipelines.portal.connection import Connection, write_connection
from pipelines.portal.install import ensure_ckan
from pipelines.portal.layout import Layout
from pipelines.portal.postgres import Cluster
from pipelines.portal.redis import Redis

DEFAULT_PORT = 5000
SYSADMIN = "satudata_admin"
CATALOGUE_DB, DATASTORE_DB = "ckan", "datastore"
CKAN_ROLE, DATASTORE_READ_ROLE = "ckan", "datastore_ro"
REDIS_PASSWORD = "redis"  # its key in state.json's passwords


class PortalError(RuntimeError):
    pass


@dataclass(frozen=True)
class Portal:
    """One portal's services, built from its layout and recorded ports."""

    layout: Layout
    ports: dict[str, int]
    durable: bool = True
    redis_password: str | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.ports['ckan']}"

    @property
    def postgres(self) -> Cluster:
        lay = self.layout
        return Cluster(lay.pgdata, lay.pgsocket, lay.logs / "postgres.log", self.ports["postgres"], self.durable)

    @property
    def redis(self) -> Redis:
        lay = self.layout
        return Redis(lay.redis_dir, lay.run / "redis.pid", lay.logs / "redis.log", self.ports["redis"],
                     self.redis_password)

    @property
    def server_marker(self) -> str:
        return f"{self.layout.ini} run"

    @property
    def worker_marker(self) -> str:
        return f"{self.layout.ini} jobs worker"


def _load_state(layout: Layout) -> dict:
    try:
        return json.loads(layout.state_file.read_text())
    except (FileNotFoundError, ValueError):
        return {}


def _save_state(layout: Layout, state: dict) -> None:
    fd = os.open(layout.state_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(state, fh, indent=2)


def _port_near(wanted: int, taken: set[int]) -> int:
    if wanted != 5432 and wanted not in taken and processes.port_free(wanted):
        return wanted
    return processes.free_port()


def _choose_ports(state: dict, port: int | None) -> dict[str, int]:
    """CKAN on ``port`` (or the recorded one, or 5000); PostgreSQL and Redis keep the ports they
    were first given (the next two after CKAN's when free)."""
    recorded = state.get("ports", {})
    ckan = port or recorded.get("ckan") or DEFAULT_PORT
    pg = recorded.get("postgres") or _port_near(ckan + 1, {ckan})
    redis = recorded.get("redis") or _port_near(ckan + 2, {ckan, pg})
    return {"ckan": ckan, "postgres": pg, "redis": redis}


def _prepare_root(layout: Layout) -> None:
    """The portal's folder, private to its owner: others may pass through the folder and logs/ (the
    postgres user reaches pgdata/ and writes logs/postgres.log) but list and read nothing; uploads
    (storage/), Redis, PID files, settings and logs are the owner's alone."""
    layout.root.mkdir(parents=True, exist_ok=True)
    layout.root.chmod(0o711)
    for folder, mode in ((layout.storage, 0o700), (layout.run, 0o700), (layout.logs, 0o711)):
        folder.mkdir(exist_ok=True)
        folder.chmod(mode)
    for name in ("ckan.log", "worker.log", "redis.log"):
        path = layout.logs / name
        path.touch(mode=0o600)
        path.chmod(0o600)
    for path in (layout.state_file, layout.ini, layout.connection_file):
        if path.exists():
            path.chmod(0o600)


def up(state_dir: str | Path | None = None, port: int | None = None, *, venv: str | Path | None = None,
       log=print, boot_timeout: float = 120.0, extra_plugins: list[str] | None = None,
       extra_settings: dict[str, str] | None = None, plugins: list[str] | None = None,
       durable: bool | None = None) -> Connection:
    """Bring the portal up (installing, initialising and starting what is needed); its connection.

    ``extra_plugins`` and ``extra_settings`` (ckan.ini options) are added to the portal's own;
    ``plugins`` replaces the portal's own plugin list (a harvesting catalogue without the Satu Data
    schema, say: it needs ``satudata`` for ``ckan satudata bootstrap``). Once given they are kept in
    state.json for later ``up``s of the same folder (an empty list or dict drops them). The plugins'
    packages must be in the virtualenv already.

    ``durable=False`` is for throwaway portals only (a test session's): PostgreSQL then runs without
    fsync and full page writes, and a crash of the machine can corrupt it. Once given it is kept in
    state.json like the extras; a new portal is durable."""
    layout = Layout.at(state_dir, venv)
    _prepare_root(layout)
    state = _load_state(layout)
    ports = _choose_ports(state, port)
    if not processes.port_free(ports["ckan"]) and not _running_server(Portal(layout, ports)):
        raise PortalError(f"port {ports['ckan']} is taken by another program; choose one with --port")
    state["ports"] = ports
    if durable is not None:
        state["durable"] = durable
    passwords = state.setdefault("passwords", {})
    for role in (CKAN_ROLE, DATASTORE_READ_ROLE, SYSADMIN, REDIS_PASSWORD):
        passwords.setdefault(role, secrets.token_urlsafe(24))
    _save_state(layout, state)
    portal = Portal(layout, ports, state.get("durable", True), passwords[REDIS_PASSWORD])

    with ThreadPoolExecutor(max_workers=1) as pool:  # the databases get ready while CKAN installs
        installing = pool.submit(ensure_ckan, layout.venv, log)
        restarted = _start_databases(portal, passwords, log)
        installing.result()
    changed = _configure(portal, state, extra_plugins, extra_settings, plugins) or restarted
    _save_state(layout, state)
    token = None
    if changed or not _running_server(portal):
        log("preparing CKAN: database migrations, sysadmin")
        token = _bootstrap(portal, state, passwords[SYSADMIN], new_token=not layout.connection_file.exists())
    _start_ckan(portal, restart=changed, log=log, boot_timeout=boot_timeout)
    token = token or _valid_token(portal, SYSADMIN)
    token = token or _bootstrap(portal, state, passwords[SYSADMIN], new_token=True)
    connection = Connection(url=portal.url, token=token, sysadmin=SYSADMIN)
    write_connection(connection, layout.connection_file)
    return connection


def _start_databases(portal: Portal, passwords: dict[str, str], log) -> bool:
    """Redis, and the PostgreSQL cluster with CKAN's two databases and roles. True when a running
    cluster was restarted to change its durability (CKAN must then reconnect)."""
    portal.redis.start(log)
    pg = portal.postgres
    pg.init()
    pg.start()
    restarted = not pg.runs_as_configured()
    if restarted:
        log(f"restarting PostgreSQL: {'durable' if pg.durable else 'throwaway'} settings asked for")
        pg.stop()
        pg.start()
    pg.ensure_role(CKAN_ROLE, passwords[CKAN_ROLE])
    pg.ensure_role(DATASTORE_READ_ROLE, passwords[DATASTORE_READ_ROLE])
    pg.ensure_database(CATALOGUE_DB, CKAN_ROLE)
    pg.ensure_database(DATASTORE_DB, CKAN_ROLE)
    return restarted


def _configure(portal: Portal, state: dict, extra_plugins: list[str] | None,
               extra_settings: dict[str, str] | None, plugins: list[str] | None = None) -> bool:
    """Write ckan.ini from the template and the state; True when it changed."""
    if plugins is not None:
        state["plugins"] = list(plugins)
    if extra_plugins is not None:
        state["extra_plugins"] = list(extra_plugins)
    if extra_settings is not None:
        state["extra_settings"] = dict(extra_settings)
    pg, passwords = portal.postgres, state["passwords"]
    own = " ".join(state["plugins"]) if state.get("plugins") else ckan_cli.PLUGINS
    plugins = " ".join([own, *state.get("extra_plugins", [])])
    return ckan_cli.write_config(portal.layout, {
        "secret_key": state.setdefault("secret_key", secrets.token_urlsafe(32)),
        "site_url": portal.url,
        "site_id": "default",
        "sqlalchemy_url": pg.url(CKAN_ROLE, passwords[CKAN_ROLE], CATALOGUE_DB),
        "datastore_write_url": pg.url(CKAN_ROLE, passwords[CKAN_ROLE], DATASTORE_DB),
        "datastore_read_url": pg.url(DATASTORE_READ_ROLE, passwords[DATASTORE_READ_ROLE], DATASTORE_DB),
        "redis_url": portal.redis.url,
        "storage_path": str(portal.layout.storage),
    }, plugins=plugins, extra=state.get("extra_settings"))


def _bootstrap(portal: Portal, state: dict, password: str, new_token: bool) -> str | None:
    """``ckan satudata bootstrap``; the DataStore permissions are granted after the first one."""
    done = ckan_cli.bootstrap(portal.layout, SYSADMIN, f"{SYSADMIN}@localhost", password, new_token)
    if not state.get("datastore_permissions"):
        portal.postgres.psql(done.datastore_permissions_sql, database=DATASTORE_DB)
        state["datastore_permissions"] = True
    state["sysadmin"] = SYSADMIN
    _save_state(portal.layout, state)
    return done.token


def _running_server(portal: Portal) -> int | None:
    return processes.running(portal.layout.run / "ckan.pid", portal.server_marker)


def _start_ckan(portal: Portal, restart: bool, log, boot_timeout: float) -> None:
    lay = portal.layout
    server_pid, worker_pid = lay.run / "ckan.pid", lay.run / "worker.pid"
    if restart:
        processes.stop(server_pid, portal.server_marker)
        processes.stop(worker_pid, portal.worker_marker)
    env = ckan_cli.ckan_env(lay)
    base = [str(lay.ckan), "-c", str(lay.ini)]
    pid = processes.running(server_pid, portal.server_marker)
    if not pid:
        log(f"starting CKAN on {portal.url}")
        pid = processes.start([*base, "run", "-H", "127.0.0.1", "-p", str(portal.ports["ckan"]), "-r", "-t"],
                              server_pid, lay.logs / "ckan.log", env=env, cwd=lay.root)
    started = time.monotonic()
    try:
        # By PID, not PID file and command line: a server just started can read an empty command
        # line for a moment (mid-exec), which once failed an `up` on a loaded machine.
        processes.wait_http(f"{portal.url}/api/3/action/status_show", boot_timeout,
                            alive=lambda: processes.alive(pid))
    except (TimeoutError, RuntimeError) as exc:
        raise PortalError(f"CKAN did not come up: {exc}\n{_tail(lay.logs / 'ckan.log')}") from None
    log(f"CKAN answers on {portal.url} ({time.monotonic() - started:.1f} s)")
    # The jobs worker loads the same application: started once the server is up, it does not slow
    # the server's boot on a two-core machine.
    if not processes.running(worker_pid, portal.worker_marker):
        processes.start([*base, "jobs", "worker"], worker_pid, lay.logs / "worker.log", env=env, cwd=lay.root)


def _tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return f"({path} is missing)"


def _valid_token(portal: Portal, user: str) -> str | None:
    """The token of the existing connection file when the portal still accepts it."""
    try:
        token = json.loads(portal.layout.connection_file.read_text())["token"]
    except (FileNotFoundError, ValueError, KeyError):
        return None
    resp = requests.get(f"{portal.url}/api/3/action/api_token_list", params={"user_id": user},
                        headers={"Authorization": token}, timeout=10)
    return token if resp.status_code == 200 else None


def down(state_dir: str | Path | None = None, *, log=print) -> list[str]:
    """Stop what ``up`` started (CKAN, worker, Redis, PostgreSQL); the names of what was stopped."""
    layout = Layout.at(state_dir)
    state = _load_state(layout)
    if "ports" not in state:
        return []
    portal = Portal(layout, state["ports"])
    stopped = []
    if processes.stop(layout.run / "worker.pid", portal.worker_marker):
        stopped.append("worker")
    if processes.stop(layout.run / "ckan.pid", portal.server_marker):
        stopped.append("ckan")
    if portal.redis.stop():
        stopped.append("redis")
    if portal.postgres.stop():
        stopped.append("postgres")
    for name in stopped:
        log(f"stopped {name}")
    return stopped


def status(state_dir: str | Path | None = None) -> dict[str, dict]:
    """What runs where: {component: {"running", "pid", "port"/"url"}}; empty before the first up."""
    layout = Layout.at(state_dir)
    state = _load_state(layout)
    if "ports" not in state:
        return {}
    portal = Portal(layout, state["ports"])
    ports = state["ports"]
    found = {
        "ckan": (_running_server(portal), portal.url),
        "worker": (processes.running(layout.run / "worker.pid", portal.worker_marker), None),
        "redis": (portal.redis.pid(), f"127.0.0.1:{ports['redis']}"),
        "postgres": (portal.postgres.postmaster_pid(), f"127.0.0.1:{ports['postgres']}"),
    }
    return {name: {"running": bool(pid), "pid": pid, "address": where} for name, (pid, where) in found.items()}
