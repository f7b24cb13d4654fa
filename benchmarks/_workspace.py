"""A throwaway place for `satudata run` and the daemon: SATUDATA_ROOT (data/, inbox/, landing/ ...)
and DAGSTER_HOME in a temporary folder, samples/ linked from the checkout. The specs stay where the
CLI reads them (the checkout's datasets/); ``bench_spec_in_checkout`` puts the benchmark's own spec
there for the length of a run, as an officer adding a spec would, and takes it away again."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from benchmarks._files import write_spec


def child_env(root: Path) -> dict[str, str]:
    """The environment of a `satudata` child: everything it writes goes below ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "SATUDATA_ROOT": str(root / "root"), "DAGSTER_HOME": str(root / "dagster"),
            "DAGSTER_DISABLE_TELEMETRY": "1"}


def with_samples(root: Path) -> Path:
    """``root/root`` with a link to the checkout's samples/ (the specs name their samples relative to it)."""
    from pipelines.spec import project_root

    target = root / "root"
    target.mkdir(parents=True, exist_ok=True)
    link = target / "samples"
    if not link.exists():
        link.symlink_to(project_root() / "samples", target_is_directory=True)
    return target


@contextlib.contextmanager
def bench_spec_in_checkout():
    """datasets/bkad/bench-transaksi.yaml in the checkout while the block runs; removed afterwards."""
    from pipelines.spec import project_root

    datasets = project_root() / "datasets"
    path = write_spec(datasets)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)
