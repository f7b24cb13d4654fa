"""Where a portal keeps its state. One folder per portal (``.portal/`` at the repo root by default,
a temporary folder for a test session); the CKAN virtualenv is shared by all of them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipelines.spec import project_root

VENV_ENV = "SATUDATA_PORTAL_VENV"


def default_state_dir() -> Path:
    """``.portal/`` at the repo root: git-ignored, the portal ``satudata portal up`` runs."""
    return project_root() / ".portal"


def venv_dir() -> Path:
    """The CKAN virtualenv, installed once and reused by every portal and test session
    (``.portal/venv`` at the repo root unless SATUDATA_PORTAL_VENV names another place)."""
    override = os.environ.get(VENV_ENV)
    return Path(override) if override else default_state_dir() / "venv"


def extension_dir() -> Path:
    """The portal's own CKAN extension, installed editable into the CKAN virtualenv."""
    return project_root() / "portal" / "ckanext-satudata"


def config_template() -> Path:
    """The template of every portal's ckan.ini."""
    return project_root() / "portal" / "ckan.ini.template"


@dataclass(frozen=True)
class Layout:
    """The files of one portal below ``root``."""

    root: Path
    venv: Path

    @classmethod
    def at(cls, root: str | Path | None = None, venv: str | Path | None = None) -> Layout:
        return cls(
            root=Path(root).resolve() if root else default_state_dir(),
            venv=Path(venv).resolve() if venv else venv_dir(),
        )

    @property
    def ckan(self) -> Path:
        return self.venv / "bin" / "ckan"

    @property
    def ini(self) -> Path:
        return self.root / "ckan.ini"

    @property
    def pgdata(self) -> Path:
        return self.root / "pgdata"

    @property
    def pgsocket(self) -> Path:
        return self.root / "pgsocket"

    @property
    def redis_dir(self) -> Path:
        return self.root / "redis"

    @property
    def storage(self) -> Path:
        return self.root / "storage"

    @property
    def logs(self) -> Path:
        return self.root / "log"

    @property
    def run(self) -> Path:
        """PID files of what ``up`` started."""
        return self.root / "run"

    @property
    def state_file(self) -> Path:
        """Ports, database passwords and the sysadmin's name: private to this portal."""
        return self.root / "state.json"

    @property
    def connection_file(self) -> Path:
        """``portal.json``: url, token, sysadmin, read by the pipeline."""
        return self.root / "portal.json"
