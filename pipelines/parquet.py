"""Typed tables to Parquet: one file per period, zstd, with the spec and the source in the metadata."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.spec import DatasetSpec

META_SPEC = b"satudata.spec"
META_SOURCE = b"satudata.source_sha256"
META_PERIOD = b"satudata.period"


def date_period(day: dt.date, frequency: str) -> str:
    """The period a date falls in, at the dataset's frequency: 2024, 2024-S1, 2024-Q2, 2024-04, 2024-04-15."""
    if frequency == "harian":
        return day.isoformat()
    if frequency == "bulanan":
        return f"{day.year}-{day.month:02d}"
    if frequency == "triwulanan":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if frequency == "semesteran":
        return f"{day.year}-S{(day.month - 1) // 6 + 1}"
    return str(day.year)


def period_key(values: tuple, frequency: str) -> str:
    """``(2024,)`` -> ``2024``; ``(2024, 3)`` -> ``2024-03``; a date by the frequency's grain."""
    parts = []
    for v in values:
        if isinstance(v, dt.date):
            parts.append(date_period(v, frequency))
        elif isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 100 and parts:
            parts.append(f"{v:02d}")
        else:
            parts.append(str(v))
    return "-".join(parts)


def period_keys(spec: DatasetSpec, table: pa.Table) -> list[str]:
    """The periods the table's rows fall in, in period order (rows without a period left out)."""
    cols = list(spec.period.columns)
    if table.num_rows == 0:
        return []
    groups = table.select(cols).group_by(cols, use_threads=False).aggregate([])
    return sorted({period_key(tuple(values), spec.period.frequency)
                   for values in zip(*(groups.column(c).to_pylist() for c in cols), strict=True)
                   if None not in values})


def split_periods(spec: DatasetSpec, table: pa.Table) -> dict[str, pa.Table]:
    """The table's rows grouped by period, in period order. Rows without a period are not included
    (validation reports them before this runs). Arrow finds the distinct period values and their rows;
    Python words only each distinct value as a period (a file has a handful of periods, not a million)."""
    cols = list(spec.period.columns)
    if table.num_rows == 0:
        return {}
    positions = pa.array(np.arange(table.num_rows, dtype=np.int64))
    groups = (table.select(cols).append_column("__row", positions)
              .group_by(cols, use_threads=False).aggregate([("__row", "list")]))
    rows_of: dict[str, list[np.ndarray]] = {}
    lists = groups.column("__row_list").combine_chunks()
    offsets = lists.offsets.to_numpy()
    flat = lists.values.to_numpy()
    for i, values in enumerate(zip(*(groups.column(c).to_pylist() for c in cols), strict=True)):
        if None in values:
            continue
        key = period_key(tuple(values), spec.period.frequency)
        rows_of.setdefault(key, []).append(flat[offsets[i]:offsets[i + 1]])
    out: dict[str, pa.Table] = {}
    for key in sorted(rows_of):
        parts = rows_of[key]
        rows = np.sort(np.concatenate(parts))  # the file's own row order
        out[key] = table.take(pa.array(rows))
    return out


@dataclass(frozen=True)
class PeriodFile:
    period: str
    path: Path
    rows: int


def parquet_dir(data_dir: Path, spec: DatasetSpec) -> Path:
    return Path(data_dir) / "parquet" / spec.organization / spec.name


def write_periods(spec: DatasetSpec, table: pa.Table, data_dir: Path, source_sha256: str) -> list[PeriodFile]:
    """Write one Parquet file per period (replacing that period's earlier file atomically).
    Periods not in ``table`` keep their files."""
    folder = parquet_dir(data_dir, spec)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for period, part in split_periods(spec, table).items():
        meta = dict(part.schema.metadata or {})
        meta.update({META_SPEC: spec.key.encode(), META_SOURCE: source_sha256.encode(),
                     META_PERIOD: period.encode()})
        part = part.replace_schema_metadata(meta)
        target = folder / f"{period}.parquet"
        tmp = target.with_suffix(".parquet.tmp")
        pq.write_table(part, tmp, compression="zstd")
        os.replace(tmp, target)
        written.append(PeriodFile(period=period, path=target, rows=part.num_rows))
    return written


def published_periods(spec: DatasetSpec, data_dir: Path) -> dict[str, Path]:
    """Every period file on disk for this dataset (earlier runs included)."""
    folder = parquet_dir(data_dir, spec)
    return {p.stem: p for p in sorted(folder.glob("*.parquet"))} if folder.exists() else {}


def read_history(spec: DatasetSpec, data_dir: Path, exclude: set[str] = frozenset()) -> pa.Table | None:
    """The earlier periods' rows, for history rules (year on year, names changed)."""
    parts = [pq.read_table(p) for k, p in published_periods(spec, data_dir).items() if k not in exclude]
    if not parts:
        return None
    return pa.concat_tables([t.replace_schema_metadata(None) for t in parts], promote_options="default")
