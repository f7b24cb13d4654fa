"""How Dagster hands values from one asset to the next, the same in `satudata run` and in the daemon:
the checked table as Parquet, every other value as JSON, never a pickle.

A table blocked by its checks is never written: only a marker that says it was blocked (file, sha256,
how many blocking problems; no rows, no problems), so nothing under DAGSTER_HOME holds row data of a
refused file. Its bytes are kept in quarantine/ and nowhere else. The folder is readable by its owner only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dagster as dg
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.checked import CheckedTable
from pipelines.validate.report import Report

PRIVATE = 0o700
LEGACY_STAGES = ("source", "table", "parquet", "portal")  # names of the pickles Dagster's default IO manager wrote


class StageIOManager(dg.ConfigurableIOManager):
    """Stores each asset's value under ``<base_dir>/<asset key path>.{json,parquet}``; ``base_dir``
    defaults to the Dagster instance's storage folder (DAGSTER_HOME/storage)."""

    base_dir: str = ""

    def _base(self, context: dg.OutputContext | dg.InputContext) -> Path:
        return self.base(context.step_context.instance)

    def base(self, instance: dg.DagsterInstance) -> Path:
        base = Path(self.base_dir) if self.base_dir else Path(instance.storage_directory())
        private_dir(base)
        return base

    def stored_checked(self, instance: dg.DagsterInstance, key: dg.AssetKey) -> dict | None:
        """The marker of the checked table stored under ``key`` (with its report and inputs when it
        passed and its Parquet is there), or None."""
        stem = self.base(instance).joinpath(*key.path)
        try:
            meta = json.loads(_sibling(stem, ".json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or "value" in meta:
            return None
        if not meta.get("blocked") and not _sibling(stem, ".parquet").is_file():
            return None
        return meta

    def stored_schema(self, instance: dg.DagsterInstance, key: dg.AssetKey) -> pa.Schema:
        """The schema of the checked table stored under ``key`` (its rows are not read)."""
        return pq.read_schema(_sibling(self.base(instance).joinpath(*key.path), ".parquet"))

    def _stem(self, context: dg.OutputContext | dg.InputContext, key: dg.AssetKey) -> Path:
        stem = self._base(context).joinpath(*key.path)
        stem.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE)
        return stem

    def handle_output(self, context: dg.OutputContext, obj) -> None:
        stem = self._stem(context, context.asset_key)
        forget_pickle(stem)
        if isinstance(obj, CheckedTable):
            write_checked(stem, obj)
        else:
            _write_atomic(_sibling(stem, ".json"), json.dumps({"value": obj}, ensure_ascii=False).encode())

    def load_input(self, context: dg.InputContext):
        key = context.upstream_output.asset_key if context.upstream_output else context.asset_key
        stem = self._stem(context, key)
        meta = json.loads(_sibling(stem, ".json").read_text(encoding="utf-8"))
        if "value" in meta:
            return meta["value"]
        return read_checked(stem, meta)


def private_dir(path: Path) -> None:
    """Create ``path`` (owner only) or take away what group and others may do in it."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE)
    if path.stat().st_mode & 0o077:
        path.chmod(PRIVATE)


def write_checked(stem: Path, checked: CheckedTable) -> None:
    """A passed table: Parquet + its report and the inputs it was checked with. A blocked one: the
    marker only, and the table the previous run handed on is removed (it is no longer the current one)."""
    meta = {"file": checked.file, "sha256": checked.sha256, "blocked": checked.blocked}
    table = _sibling(stem, ".parquet")
    if checked.passed:
        if not checked.reused:  # a reused table's Parquet is stored already, and unchanged
            tmp = table.with_name(table.name + ".tmp")
            pq.write_table(checked.table, tmp)
            os.replace(tmp, table)
        meta["report"] = checked.report.model_dump(mode="json")
        if checked.inputs:
            meta["inputs"] = checked.inputs
    else:
        table.unlink(missing_ok=True)
    _write_atomic(_sibling(stem, ".json"), json.dumps(meta, ensure_ascii=False).encode())


def read_checked(stem: Path, meta: dict) -> CheckedTable:
    if meta["blocked"] or "report" not in meta:
        return CheckedTable(table=None, file=meta["file"], sha256=meta["sha256"], report=None,
                            blocked=max(1, meta["blocked"]))
    table: pa.Table = pq.read_table(_sibling(stem, ".parquet"))
    return CheckedTable(table=table, file=meta["file"], sha256=meta["sha256"],
                        report=Report.model_validate(meta["report"]), blocked=0, inputs=meta.get("inputs"))


def forget_pickle(stem: Path) -> None:
    """The pickle Dagster's default IO manager left at the bare key path (it may hold a refused table)."""
    if stem.is_file():
        stem.unlink()


def forget_pickles(storage: Path) -> list[Path]:
    """Every such pickle under a storage folder (``<opd>/<dataset>/<stage>``, no suffix)."""
    gone = []
    for stage in LEGACY_STAGES:
        for path in storage.glob(f"*/*/{stage}"):
            if path.is_file():
                path.unlink()
                gone.append(path)
    return gone


def _sibling(stem: Path, suffix: str) -> Path:
    return stem.with_name(stem.name + suffix)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
