"""Where the pipeline keeps its files: a Dagster resource, read at run time (never at import)."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from pipelines.spec import project_root


class Workspace(dg.ConfigurableResource):
    """The project's folders. Relative paths are taken from ``root``, else from the environment variable
    SATUDATA_ROOT (read at run time), else from the checkout (so `dagster dev` with SATUDATA_ROOT set
    watches another inbox). The specs stay in the checkout's datasets/ unless ``datasets_dir`` says."""

    root: str = ""
    data_dir: str = "data"
    datasets_dir: str = "datasets"
    inbox_dir: str = "inbox"
    landing_dir: str = "landing"
    quarantine_dir: str = "quarantine"
    publish: bool = True  # hand-ins that pass go on to the portal

    def path(self, value: str) -> Path:
        # read when a path is asked for (at run time), never at import
        base = Path(self.root or os.environ.get("SATUDATA_ROOT") or project_root())
        p = Path(value)
        return p if p.is_absolute() else base / p

    @property
    def data(self) -> Path:
        return self.path(self.data_dir)

    @property
    def datasets(self) -> Path:
        """The specs belong to the checkout (unless set): a moved root moves only the files handed in."""
        p = Path(self.datasets_dir)
        return p if p.is_absolute() else Path(self.root or project_root()) / p

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


def stages(publish: bool) -> tuple[str, ...]:
    """The asset stages a run materialises: publishing adds the portal."""
    return ("table", "parquet", "portal") if publish else ("table", "parquet")
