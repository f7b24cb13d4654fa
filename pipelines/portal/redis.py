"""Redis for one portal (CKAN refuses to start without it): own port, no persistence, a password.

CKAN's jobs worker (RQ) unpickles what it finds in Redis, so anyone who can write to it can run code
as the portal. Redis listens on 127.0.0.1 only and refuses every command before ``AUTH`` with the
portal's password, which is in its configuration file (``redis.conf``, 0600) and never on a command
line, where other users of the machine could read it (``ps``)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from pipelines.portal import processes
from pipelines.portal.apt import AptError, apt_install


class RedisError(RuntimeError):
    pass


def ensure_installed(log=print) -> str:
    """The redis-server binary, installed with apt when missing."""
    found = shutil.which("redis-server")
    if found:
        return found
    log("redis-server is missing: apt-get install -y redis-server")
    try:
        apt_install("redis-server")
    except AptError as err:
        raise RedisError(str(err)) from None
    found = shutil.which("redis-server")
    if not found:
        raise RedisError("redis-server is still missing after apt-get install")
    return found


def _quoted(value: object) -> str:
    """A value of redis.conf, in double quotes."""
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _command(*words: str) -> bytes:
    """One command in Redis's protocol (RESP), whatever characters the words hold."""
    out = [f"*{len(words)}\r\n".encode()]
    for word in words:
        data = word.encode()
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


@dataclass(frozen=True)
class Redis:
    directory: Path
    pidfile: Path
    logfile: Path
    port: int
    password: str | None = None

    @property
    def marker(self) -> str:
        """What the server's command line shows once it runs (redis sets its process title)."""
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """``ckan.redis.url``: with the password (ckan.ini is readable by its owner only)."""
        return f"redis://:{quote(self.password or '', safe='')}@127.0.0.1:{self.port}/0"

    @property
    def config_file(self) -> Path:
        return self.directory / "redis.conf"

    def write_config(self) -> None:
        settings = {
            "port": self.port, "bind": "127.0.0.1", "protected-mode": "yes", "requirepass": self.password,
            "save": "", "appendonly": "no", "daemonize": "yes", "pidfile": self.pidfile,
            "logfile": self.logfile, "dir": self.directory,
        }
        text = "".join(f"{key} {_quoted(value)}\n" for key, value in settings.items())
        fd = os.open(self.config_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
        self.config_file.chmod(0o600)

    def pid(self) -> int | None:
        """From the PID file, or (when Redis lost it) the redis-server working in our folder."""
        return processes.running(self.pidfile, self.marker) or processes.find_in(self.directory, self.marker)

    def start(self, log=print) -> int:
        """Start Redis unless it runs with this password (one started without it, by an older
        ``up``, is restarted: it holds nothing but the jobs queue)."""
        if not self.password:
            raise RedisError("Redis needs a password: RQ unpickles what anyone connected could write")
        pid = self.pid()
        if pid and self.ping():
            return pid
        if pid:
            log("restarting Redis: it does not ask for the portal's password")
            self.stop()
        binary = ensure_installed(log)
        if not processes.port_free(self.port):
            raise RedisError(f"port {self.port} is taken by another program")
        for folder in (self.directory, self.pidfile.parent, self.logfile.parent):
            folder.mkdir(parents=True, exist_ok=True)
        self.directory.chmod(0o700)
        self.write_config()
        proc = subprocess.run([binary, str(self.config_file)], capture_output=True, text=True)
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
        """Whether Redis answers PING after AUTH with this password (and only then)."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=3) as sock:
                sock.sendall(_command("AUTH", self.password or "") + _command("PING"))
                answer = b""
                while answer.count(b"\r\n") < 2:
                    chunk = sock.recv(256)
                    if not chunk:
                        break
                    answer += chunk
                return answer.startswith(b"+OK\r\n+PONG")
        except OSError:
            return False

    def stop(self) -> bool:
        pid = self.pid()
        self.pidfile.unlink(missing_ok=True)
        if pid is None:
            return False
        processes.stop_pid(pid)
        return True
