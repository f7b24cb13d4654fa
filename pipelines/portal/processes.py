"""Background processes started and stopped by PID file. A PID file is trusted only while the
process it names still carries ``marker`` on its command line, so a recycled PID is never signalled."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests


def read_pid(pidfile: Path) -> int | None:
    try:
        return int(pidfile.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def alive(pid: int) -> bool:
    """The process exists and has not exited (a zombie has). Says nothing of what it runs: right
    after a start its command line can still read empty (the kernel is mid-exec)."""
    state = _proc_state(pid)
    return state is not None and state != "Z"


def running(pidfile: Path, marker: str) -> int | None:
    """The PID in ``pidfile`` when that process is alive and its command line contains ``marker``."""
    pid = read_pid(pidfile)
    if pid is None:
        return None
    state = _proc_state(pid)
    if state is None or state == "Z" or marker not in command_line(pid):
        return None
    return pid


def _proc_state(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def start(argv: list[str], pidfile: Path, logfile: Path, env: dict[str, str] | None = None,
          cwd: Path | None = None) -> int:
    """Start ``argv`` detached (own session, output to ``logfile``) and record its PID."""
    logfile.parent.mkdir(parents=True, exist_ok=True)
    pidfile.parent.mkdir(parents=True, exist_ok=True)
    with open(logfile, "ab") as log:
        proc = subprocess.Popen(
            argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env=env, cwd=cwd, start_new_session=True,
        )
    pidfile.write_text(f"{proc.pid}\n")
    return proc.pid


def find_in(cwd: Path, marker: str) -> int | None:
    """The process working in folder ``cwd`` whose command line contains ``marker``: how a daemon
    whose PID file was lost is still found (Redis works in its own folder of the portal)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            where = os.readlink(entry / "cwd")
        except OSError:
            continue
        if where == str(cwd) and marker in command_line(int(entry.name)):
            return int(entry.name)
    return None


def stop(pidfile: Path, marker: str, timeout: float = 10.0) -> bool:
    """SIGTERM the recorded process (SIGKILL after ``timeout``); True when one was stopped."""
    pid = running(pidfile, marker)
    pidfile.unlink(missing_ok=True)
    if pid is None:
        return False
    stop_pid(pid, timeout)
    return True


def stop_pid(pid: int, timeout: float = 10.0) -> None:
    os.kill(pid, signal.SIGTERM)
    if not _wait_gone(pid, timeout):
        os.kill(pid, signal.SIGKILL)
        _wait_gone(pid, 5.0)
    _reap(pid)


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _reap(pid)
        state = _proc_state(pid)
        if state is None or state == "Z":
            return True
        time.sleep(0.05)
    return False


def _reap(pid: int) -> None:
    """Collect the exit status when the process is our own child (a test session's CKAN)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    """Nothing listens on ``port`` (connections of a stopped server lingering in TIME_WAIT do not
    count: the servers we start bind with SO_REUSEADDR too)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def wait_http(url: str, timeout: float, alive=lambda: True) -> None:
    """Wait until ``url`` answers 200; TimeoutError otherwise (RuntimeError when ``alive()`` says the
    server died first)."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError(f"the server stopped before {url} answered")
        try:
            resp = requests.get(url, timeout=5)
            if resp.status_code == 200:
                return
            last = f"HTTP {resp.status_code}"
        except requests.RequestException as exc:
            last = type(exc).__name__
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer 200 within {timeout:.0f} s (last: {last})")
