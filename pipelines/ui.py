"""The Dagster UI (webserver) and daemon (sensors, queued runs) for this checkout, started and
stopped by PID. State in DAGSTER_HOME (.dagster/ by default): ui.json and the logs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from pipelines.runner import dagster_home
from pipelines.spec import project_root

STATE = "ui.json"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def read_state(home: Path) -> dict:
    path = home / STATE
    return json.loads(path.read_text()) if path.exists() else {}


def _spawn(args: list[str], home: Path, log: Path) -> int:
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    with open(log, "ab") as out:
        proc = subprocess.Popen(args, cwd=project_root(), env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    return proc.pid


def up(port: int = 3000, timeout: float = 90.0) -> dict:
    """Start the webserver and the daemon unless they already run. Returns the state."""
    home = dagster_home()
    state = read_state(home)
    if state and all(_alive(state.get(k, -1)) for k in ("webserver", "daemon")):
        return state
    down()
    bindir = Path(sys.executable).parent
    logs = home / "logs"
    logs.mkdir(exist_ok=True)
    target = ["-m", "pipelines.definitions"]
    web = _spawn([str(bindir / "dagster-webserver"), *target, "-h", "127.0.0.1", "-p", str(port)], home,
                 logs / "webserver.log")
    daemon = _spawn([str(bindir / "dagster-daemon"), "run", *target], home, logs / "daemon.log")
    state = {"url": f"http://127.0.0.1:{port}", "webserver": web, "daemon": daemon}
    (home / STATE).write_text(json.dumps(state))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{state['url']}/server_info", timeout=2) as r:
                if r.status == 200:
                    return state
        except OSError:
            pass
        if not _alive(web):
            raise RuntimeError(f"the Dagster webserver stopped; see {logs / 'webserver.log'}")
        time.sleep(0.5)
    raise RuntimeError(f"the Dagster webserver did not answer within {timeout:.0f} s; see {logs}")


def down() -> list[str]:
    """Stop (by PID, with their process groups) what `up` started."""
    home = dagster_home()
    state = read_state(home)
    stopped = []
    for name in ("webserver", "daemon"):
        pid = state.get(name)
        if pid and _alive(pid):
            os.killpg(pid, signal.SIGTERM)
            for _ in range(50):
                if not _alive(pid):
                    break
                time.sleep(0.1)
            else:
                os.killpg(pid, signal.SIGKILL)
            stopped.append(name)
    (home / STATE).unlink(missing_ok=True)
    return stopped


def status() -> dict[str, str]:
    state = read_state(dagster_home())
    return {name: ("running" if state.get(name) and _alive(state[name]) else "stopped")
            for name in ("webserver", "daemon")} | ({"url": state["url"]} if state else {})
