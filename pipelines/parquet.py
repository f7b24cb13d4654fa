"""Typed tables to Parquet: one file per period, zstd, with the spec and the source in the metadata."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
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


def split_periods(spec: DatasetSpec, table: pa.Table) -> dict[str, pa.Table]:
    """The table's rows grouped by period, in period order. Rows without a period are not included
    (validation reports them before this runs)."""
    cols = spec.period.columns
    keys = [period_key(tuple(vals), spec.period.frequency) if None not in vals else None
            for vals in zip(*(table.column(c).to_pylist() for c in cols), strict=True)]
    out: dict[str, pa.Table] = {}
    key_array = pa.array(keys, pa.string())
    for key in sorted({k for k in keys if k is not None}):
        out[key] = table.filter(pc.equal(key_array, key))
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
