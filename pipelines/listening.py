"""Who listens on a TCP port (Linux /proc): how `satudata ui up` knows that the server answering on
its port is the one it started, not another program that held the port first."""

from __future__ import annotations

import os
from pathlib import Path

LISTEN = "0A"  # the TCP state LISTEN in /proc/net/tcp


def listening_inodes(port: int, proc: Path = Path("/proc")) -> set[str]:
    """Socket inodes listening on ``port`` (IPv4 and IPv6, any address)."""
    inodes = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = (proc / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == LISTEN and int(local.rsplit(":", 1)[1], 16) == port:
                inodes.add(inode)
    return inodes


def socket_inodes(pid: int, proc: Path = Path("/proc")) -> set[str]:
    """The socket inodes process ``pid`` holds open."""
    found = set()
    try:
        fds = os.listdir(proc / str(pid) / "fd")
    except OSError:
        return found
    for fd in fds:
        try:
            target = os.readlink(proc / str(pid) / "fd" / fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            found.add(target[len("socket:["):-1])
    return found


def owns_port(pid: int, port: int) -> bool:
    """Does process ``pid`` hold a socket listening on ``port``?"""
    return bool(listening_inodes(port) & socket_inodes(pid))


def listeners(port: int, proc: Path = Path("/proc")) -> list[int]:
    """The processes (that this user may see) listening on ``port``: named in an error message."""
    wanted = listening_inodes(port, proc)
    if not wanted:
        return []
    return sorted(int(p.name) for p in proc.iterdir() if p.name.isdigit() and socket_inodes(int(p.name), proc) & wanted)
