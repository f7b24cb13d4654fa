"""Materialising datasets through Dagster, in this process, and summarising what happened."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from pipelines.assets import asset_key
from pipelines.io_manager import forget_pickles, private_dir
from pipelines.spec import DatasetSpec, project_root


@dataclass
class DatasetOutcome:
    dataset: str
    rows: int
    status: str  # ok | warn | blocked | failed | skipped
    periods: dict[str, str]
    blocking: int = 0
    warnings: int = 0
    link: str = ""
    portal: str = ""  # created | updated | unchanged (when published)
    error: str = ""  # why a stage failed (not set for a blocked file: its report says why)


def dagster_home(home: Path | None = None) -> Path:
    """DAGSTER_HOME (default .dagster/ in the checkout), with the project's dagster.yaml in it. Readable
    by its owner only; pickles an older version left in its storage are removed (one may hold a refused file)."""
    home = Path(os.environ.get("DAGSTER_HOME") or home or project_root() / ".dagster")
    private_dir(home)
    private_dir(home / "storage")
    forget_pickles(home / "storage")
    config = home / "dagster.yaml"
    if not config.exists():
        shutil.copyfile(Path(__file__).with_name("dagster.yaml"), config)
    return home


def dagster_instance(home: Path | None = None) -> dg.DagsterInstance:
    """A persistent instance (runs show up in `dagster dev`), under .dagster/ unless DAGSTER_HOME is set."""
    home = dagster_home(home)
    return dg.DagsterInstance.from_config(str(home))


def materialize_datasets(defs: dg.Definitions, specs: list[DatasetSpec], stages: tuple[str, ...],
                         *, instance: dg.DagsterInstance | None = None,
                         run_config: dict | None = None, tags: dict | None = None,
                         log_level: str = "CRITICAL") -> dg.ExecuteInProcessResult:
    """Run the chosen stages of the chosen datasets. Dagster's console log is quiet by default: a
    blocked file is an answer, not a crash; real failures are in ``outcomes(...).error``."""
    selection = [asset_key(s, stage) for s in specs for stage in stages]
    job = defs.resolve_implicit_global_asset_job_def()
    config = {"loggers": {"console": {"config": {"log_level": log_level}}}, **(run_config or {})}
    return job.execute_in_process(
        instance=instance or dagster_instance(),
        asset_selection=selection,
        run_config=config,
        tags=tags or {},
        raise_on_error=False,
    )


def step_errors(result: dg.ExecuteInProcessResult) -> dict[str, str]:
    """step key -> the error that failed it, leaving out blocking checks (those are reports)."""
    out = {}
    for ev in result.all_events:
        if ev.is_step_failure and ev.step_key:
            err = ev.step_failure_data.error
            if err is not None and err.cls_name != "DagsterAssetCheckFailedError":
                out[ev.step_key] = f"{err.cls_name}: {err.message.strip()}"
    return out


def outcomes(result: dg.ExecuteInProcessResult, specs: list[DatasetSpec],
             stages: tuple[str, ...] = ("table", "parquet")) -> list[DatasetOutcome]:
    checks = {}
    for ev in result.get_asset_check_evaluations():
        checks[(tuple(ev.asset_key.path), ev.check_name)] = ev
    materialized = {}
    for ev in result.get_asset_materialization_events():
        mat = ev.event_specific_data.materialization
        materialized[tuple(mat.asset_key.path)] = mat.metadata
    errors = step_errors(result)
    out = []
    for s in specs:
        table = tuple(asset_key(s, "table").path)
        table_meta = materialized.get(table)
        quality = checks.get((table, "quality"))
        warn = checks.get((table, "warnings"))
        pq_meta = materialized.get(tuple(asset_key(s, "parquet").path))
        portal_meta = materialized.get(tuple(asset_key(s, "portal").path))
        rows = table_meta["dagster/row_count"].value if table_meta else 0
        blocking = quality.metadata["blocking"].value if quality else 0
        warnings = warn.metadata["warnings"].value if warn else 0
        if table_meta is None:
            status = "failed"
        elif quality is not None and not quality.passed:
            status = "blocked"
        elif pq_meta is None:
            status = "failed"
        else:
            status = "warn" if warnings else "ok"
        periods = pq_meta["periods"].value if pq_meta else {}
        link = portal_meta["url"].value if portal_meta and "url" in portal_meta else ""
        portal = portal_meta["status"].value if portal_meta and "status" in portal_meta else ""
        if "portal" in stages and not portal and status in ("ok", "warn"):
            status = "failed"  # checked and written, but not published
        error = next((msg for step, msg in errors.items()
                      if step.startswith(dg.AssetKey([s.organization, s.name]).to_python_identifier() + "__")), "")
        out.append(DatasetOutcome(s.key, rows, status, periods, blocking, warnings, link, portal, error))
    return out


STATUS_TEXT = {
    "ok": "lolos / passed",
    "warn": "lolos dengan catatan / passed with warnings",
    "blocked": "diblokir / blocked",
    "failed": "gagal / failed",
}


def period_range(periods: list[str]) -> str:
    if not periods:
        return "-"
    return ",".join(periods) if len(periods) <= 2 else f"{periods[0]}..{periods[-1]} ({len(periods)})"


def summary_table(items: list[DatasetOutcome]) -> str:
    head = ("dataset", "rows", "periods", "status", "portal", "link")
    lines = [(o.dataset, str(o.rows), period_range(list(o.periods)), STATUS_TEXT.get(o.status, o.status),
              o.portal or "-", o.link or "-") for o in items]
    widths = [max(len(x) for x in col) for col in zip(head, *lines, strict=True)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([fmt.format(*head), fmt.format(*("-" * w for w in widths)), *(fmt.format(*r) for r in lines)])
