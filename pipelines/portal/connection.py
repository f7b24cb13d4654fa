"""The connection file ``portal.json``: how the pipeline reaches the portal. Written by
``satudata portal up``, never committed (it holds a sysadmin API token)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from pipelines.portal.layout import default_state_dir


@dataclass(frozen=True)
class Connection:
    url: str
    token: str
    sysadmin: str


def connection_path(state_dir: str | Path | None = None) -> Path:
    return Path(state_dir or default_state_dir()) / "portal.json"


def read_connection(path: str | Path | None = None) -> Connection:
    """Read ``portal.json`` (default: ``.portal/portal.json`` at the repo root). Raises
    FileNotFoundError with the command to run when there is none."""
    path = Path(path) if path else connection_path()
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no portal connection file; run `satudata portal up` first")
    data = json.loads(path.read_text(encoding="utf-8"))
    return Connection(url=data["url"], token=data["token"], sysadmin=data["sysadmin"])


def write_connection(connection: Connection, path: str | Path) -> Path:
    """Write the file readable by its owner only (it holds a token)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(asdict(connection), fh, indent=2)
        fh.write("\n")
    tmp.replace(path)
    return path
