"""Typed tables to Parquet: one file per period, zstd, with the spec and the period's own content hash
in the metadata.

A period's file depends only on that period's rows (never on the other periods or on the source file
that held them), and the writer is deterministic: the same rows give the same bytes, so an unchanged
period keeps its file (and, on the portal, its resource, bytes and ``last_modified``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipelines.arrow_schema import ARROW_TYPES, arrow_schema
from pipelines.spec import Column, DatasetSpec

META_SPEC = b"satudata.spec"
META_CONTENT = b"satudata.content_sha256"
META_PERIOD = b"satudata.period"
DECIMAL_PRECISION = 38  # decimal128's widest


def published_type(column: Column) -> pa.DataType:
    """The column's type in the published Parquet: a ``number`` with a ``scale`` is an exact
    ``decimal128``; every other type as the typed table has it."""
    if column.type == "number" and column.scale is not None:
        return pa.decimal128(DECIMAL_PRECISION, column.scale)
    return ARROW_TYPES[column.type]


def parquet_schema(spec: DatasetSpec) -> pa.Schema:
    """The published Parquet schema: the typed schema with exact decimals where the spec says so."""
    typed = arrow_schema(spec)
    return pa.schema([typed.field(c.name).with_type(published_type(c)) for c in spec.schema.columns])


def exact(spec: DatasetSpec, table: pa.Table) -> pa.Table:
    """``table`` with its scaled number columns as ``decimal128``, rounded to the nearest at their
    scale. The reader gives float64, which holds 15 significant digits: Rupiah with two decimals
    are exact up to 9 999 999 999 999,99."""
    for column in spec.schema.columns:
        wanted = published_type(column)
        index = table.schema.get_field_index(column.name)
        if index >= 0 and table.schema.field(index).type != wanted:
            field = table.schema.field(index).with_type(wanted)
            table = table.set_column(index, field, pc.cast(table.column(index), wanted))
    return table


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


def content_hash(part: pa.Table) -> str:
    """The sha256 of a period's rows and typed columns (Arrow IPC of the table, schema metadata left
    out, one chunk per column): equal rows give an equal hash, whatever file or run they came from."""
    part = part.replace_schema_metadata(None).combine_chunks()
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, part.schema) as writer:
        writer.write_table(part)
    return hashlib.sha256(sink.getvalue().to_pybytes()).hexdigest()


def _written_hash(path: Path) -> bytes | None:
    try:
        return (pq.read_metadata(path).metadata or {}).get(META_CONTENT)
    except (OSError, pa.ArrowInvalid):
        return None


def write_periods(spec: DatasetSpec, table: pa.Table, data_dir: Path) -> list[PeriodFile]:
    """Write one Parquet file per period (replacing that period's earlier file atomically; a period
    whose rows are unchanged keeps its file untouched). Periods not in ``table`` keep their files."""
    folder = parquet_dir(data_dir, spec)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for period, part in split_periods(spec, table).items():
        part = exact(spec, part).combine_chunks()
        digest = content_hash(part).encode()
        meta = dict(part.schema.metadata or {})
        meta.update({META_SPEC: spec.key.encode(), META_CONTENT: digest, META_PERIOD: period.encode()})
        part = part.replace_schema_metadata(meta)
        target = folder / f"{period}.parquet"
        if _written_hash(target) != digest:
            tmp = target.with_suffix(".parquet.tmp")
            pq.write_table(part, tmp, compression="zstd", row_group_size=max(part.num_rows, 1))
            os.replace(tmp, target)
        written.append(PeriodFile(period=period, path=target, rows=part.num_rows))
    return written


def published_periods(spec: DatasetSpec, data_dir: Path) -> dict[str, Path]:
    """Every period file on disk for this dataset (earlier runs included)."""
    folder = parquet_dir(data_dir, spec)
    return {p.stem: p for p in sorted(folder.glob("*.parquet"))} if folder.exists() else {}


def read_history(spec: DatasetSpec, data_dir: Path, exclude: set[str] = frozenset()) -> pa.Table | None:
    """The earlier periods' rows, for history rules (year on year, names changed), typed as the
    typed table is (exact decimals back to float64)."""
    parts = [pq.read_table(p) for k, p in published_periods(spec, data_dir).items() if k not in exclude]
    if not parts:
        return None
    parts = [_as_typed(spec, t.replace_schema_metadata(None)) for t in parts]
    return pa.concat_tables(parts, promote_options="default")


def _as_typed(spec: DatasetSpec, table: pa.Table) -> pa.Table:
    for column in spec.schema.columns:
        index = table.schema.get_field_index(column.name)
        if index >= 0 and pa.types.is_decimal(table.schema.field(index).type):
            field = table.schema.field(index).with_type(ARROW_TYPES[column.type])
            table = table.set_column(index, field, pc.cast(table.column(index), ARROW_TYPES[column.type]))
    return table
