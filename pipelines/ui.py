"""The Dagster UI (webserver) and daemon (sensors, queued runs) for this checkout, started and
stopped by PID. State in DAGSTER_HOME (.dagster/ by default): ``ui.json`` (the URL) and ``ui/`` (the
PID files and the logs). Not ``logs/``: that folder belongs to Dagster's telemetry uploader, which moves
and deletes what is in it. Telemetry is off in every process started here (DAGSTER_DISABLE_TELEMETRY)."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import requests

from pipelines.listening import listeners, owns_port
from pipelines.portal.processes import port_free, running, start
from pipelines.runner import dagster_home, dagster_instance
from pipelines.spec import project_root

STATE = "ui.json"
NAMES = ("webserver", "daemon")
TARGET = ["-m", "pipelines.definitions"]


class UiError(RuntimeError):
    """`ui up` could not bring up its own UI; whatever it had started is stopped again."""


def folder(home: Path) -> Path:
    return home / "ui"


def pidfile(home: Path, name: str) -> Path:
    return folder(home) / f"{name}.pid"


def logfile(home: Path, name: str) -> Path:
    return folder(home) / f"{name}.log"


def program(name: str) -> str:
    """The executable of ``name`` in this environment; also the marker its command line must carry
    before a PID from a PID file is signalled."""
    return str(Path(sys.executable).parent / f"dagster-{name}")


def child_env(home: Path) -> dict[str, str]:
    return {**os.environ, "DAGSTER_HOME": str(home), "DAGSTER_DISABLE_TELEMETRY": "1"}


def read_state(home: Path) -> dict:
    path = home / STATE
    return json.loads(path.read_text()) if path.exists() else {}


def pids(home: Path) -> dict[str, int | None]:
    """The PID of each process `up` started that still runs (checked against its command line)."""
    state = read_state(home)
    for name in NAMES:  # an older version kept the PIDs in ui.json only
        if isinstance(state.get(name), int) and not pidfile(home, name).exists():
            folder(home).mkdir(exist_ok=True)
            pidfile(home, name).write_text(f"{state[name]}\n")
    return {name: running(pidfile(home, name), program(name)) for name in NAMES}


def up(port: int = 3000, timeout: float = 90.0) -> dict:
    """Start the webserver and the daemon unless they already run, and return the state once *this*
    webserver answers on ``port``. Otherwise stop what was started and raise UiError saying why."""
    home = dagster_home()
    state = read_state(home)
    if state and all(pids(home).values()):
        return state
    down()
    if not port_free(port):
        raise UiError(f"port {port} sudah dipakai program lain / is already used by another program "
                      f"{_who(port)}; pilih port lain / choose another with --port")
    # Create the instance's databases here, once: started together on a new DAGSTER_HOME, the webserver
    # and the daemon would each stamp the schema and the daemon's code location fails to load.
    dagster_instance(home).dispose()
    env = child_env(home)
    web = start([program("webserver"), *TARGET, "-h", "127.0.0.1", "-p", str(port)], pidfile(home, "webserver"),
                logfile(home, "webserver"), env=env, cwd=project_root())
    daemon = start([program("daemon"), "run", *TARGET], pidfile(home, "daemon"), logfile(home, "daemon"),
                   env=env, cwd=project_root())
    state = {"url": f"http://127.0.0.1:{port}", "webserver": web, "daemon": daemon}
    (home / STATE).write_text(json.dumps(state))
    try:
        _wait_own_webserver(home, state["url"], web, port, timeout)
        if not pids(home)["daemon"]:
            raise UiError(f"the Dagster daemon stopped: {_tail(logfile(home, 'daemon'))}")
    except UiError as err:
        down()
        raise UiError(f"{err}\n(webserver pid {web} and daemon pid {daemon} stopped again; "
                      f"logs: {folder(home)})") from None
    return state


def _wait_own_webserver(home: Path, url: str, web: int, port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pids(home)["webserver"]:
            if not port_free(port) and not owns_port(web, port):
                raise UiError(f"port {port} sudah dipakai program lain / is already used by another program "
                              f"{_who(port)}; the Dagster webserver could not listen on it")
            raise UiError(f"the Dagster webserver stopped: {_tail(logfile(home, 'webserver'))}")
        if owns_port(web, port) and _answers(f"{url}/server_info"):
            return
        time.sleep(0.5)
    raise UiError(f"the Dagster webserver did not answer on {url} within {timeout:.0f} s")


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _who(port: int) -> str:
    found = listeners(port)
    return f"(pid {', '.join(map(str, found))})" if found else ""


def _tail(log: Path, lines: int = 5) -> str:
    try:
        text = log.read_text(errors="replace").strip().splitlines()
    except OSError:
        return f"no log at {log}"
    return " | ".join(text[-lines:]) or f"{log} is empty"


def down() -> list[str]:
    """Stop (by PID, with their process groups) what `up` started: only a PID whose command line is
    still that program's is signalled; a PID file naming any other process is just removed."""
    home = dagster_home()
    stopped = []
    for name, pid in pids(home).items():
        if pid:
            _stop_group(pid)
            stopped.append(name)
        pidfile(home, name).unlink(missing_ok=True)
    (home / STATE).unlink(missing_ok=True)
    return stopped


def _stop_group(pid: int, timeout: float = 10.0) -> None:
    """SIGTERM the process group ``up`` started (the leader and its children: code servers, runs) and
    wait until every one of them is gone; SIGKILL what is left after ``timeout``."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            _reap(pid)
            if not group_members(pid):
                return
            time.sleep(0.1)


def group_members(pgid: int) -> list[int]:
    """The live (not zombie) processes of process group ``pgid``."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def status() -> dict[str, str]:
    home = dagster_home()
    state = read_state(home)
    out = {name: "running" if pid else "stopped" for name, pid in pids(home).items()}
    return out | ({"url": state["url"], "logs": str(folder(home))} if state else {})
