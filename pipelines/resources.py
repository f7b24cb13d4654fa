"""Where the pipeline keeps its files: a Dagster resource, read at run time (never at import)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.spec import project_root


class Workspace(dg.ConfigurableResource):
    """The project's folders. Relative paths are taken from the checkout's root.
    Set them with SATUDATA_* environment variables through ``dg.EnvVar`` when deploying."""

    root: str = ""
    data_dir: str = "data"
    datasets_dir: str = "datasets"
    inbox_dir: str = "inbox"
    landing_dir: str = "landing"
    quarantine_dir: str = "quarantine"
    publish: bool = True  # hand-ins that pass go on to the portal

    def path(self, value: str) -> Path:
        base = Path(self.root) if self.root else project_root()
        p = Path(value)
        return p if p.is_absolute() else base / p

    @property
    def data(self) -> Path:
        return self.path(self.data_dir)

    @property
    def datasets(self) -> Path:
        return self.path(self.datasets_dir)

    @property
    def inbox(self) -> Path:
        return self.path(self.inbox_dir)

    @property
    def landing(self) -> Path:
        return self.path(self.landing_dir)

    @property
    def quarantine(self) -> Path:
        return self.path(self.quarantine_dir)

    def sample(self, relative: str) -> Path:
        return self.path(relative)
