"""Redis for one portal (CKAN refuses to start without it): own port, no persistence."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from pipelines.portal import processes


class RedisError(RuntimeError):
    pass


def ensure_installed(log=print) -> str:
    """The redis-server binary, installed with apt when missing."""
    found = shutil.which("redis-server")
    if found:
        return found
    log("redis-server is missing: apt-get install -y redis-server")
    env = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "redis-server"]
    if subprocess.run(install, capture_output=True, env=env).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], capture_output=True, env=env)
        proc = subprocess.run(install, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            raise RedisError(f"apt-get install redis-server failed: {proc.stderr.strip()[-500:]}")
    found = shutil.which("redis-server")
    if not found:
        raise RedisError("redis-server is still missing after apt-get install")
    return found


@dataclass(frozen=True)
class Redis:
    directory: Path
    pidfile: Path
    logfile: Path
    port: int

    @property
    def marker(self) -> str:
        """What the server's command line shows once it runs (redis sets its process title)."""
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def pid(self) -> int | None:
        """From the PID file, or (when Redis lost it) the redis-server working in our folder."""
        return processes.running(self.pidfile, self.marker) or processes.find_in(self.directory, self.marker)

    def start(self, log=print) -> int:
        pid = self.pid()
        if pid:
            return pid
        binary = ensure_installed(log)
        if not processes.port_free(self.port):
            raise RedisError(f"port {self.port} is taken by another program")
        for folder in (self.directory, self.pidfile.parent, self.logfile.parent):
            folder.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "yes", "--pidfile", str(self.pidfile), "--logfile", str(self.logfile),
             "--dir", str(self.directory)],
            capture_output=True, text=True,
        )
        if proc.returncode != 0:
            raise RedisError(f"redis-server failed: {proc.stderr.strip() or proc.stdout.strip()}")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            pid = self.pid()
            if pid and self.ping():
                return pid
            time.sleep(0.05)
        raise RedisError(f"redis-server did not answer on port {self.port}; see {self.logfile}")

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> bool:
        pid = self.pid()
        self.pidfile.unlink(missing_ok=True)
        if pid is None:
            return False
        processes.stop_pid(pid)
        return True
