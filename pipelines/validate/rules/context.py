"""What every rule kind reads: the typed table, where its rows and columns came from, and how to
word a problem. Rules never raise for bad data: they answer with :class:`Problem` values."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.spec import DatasetSpec, Rule
from pipelines.validate.report import Problem

NUMERIC = ("integer", "number")

_ID_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d+$")
_EN_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_number(value: Any) -> float | None:
    """A cell as a number: typed values pass through; text in Indonesian (``1.234.567``, ``12,5``)
    or plain (``1234.5``) spelling is parsed; anything else (``-``, empty, words) is ``None``."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if _ID_THOUSANDS.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif _DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    elif _EN_THOUSANDS.match(text):
        text = text.replace(",", "")
    try:
        number = float(text)
    except ValueError:
        return None
    return None if math.isnan(number) else number


def fmt_id(x: float | None) -> str:
    """``11230.0`` -> ``11.230``; ``0.305`` -> ``0,305`` (Indonesian digit grouping)."""
    if x is None:
        return "(kosong)"
    if float(x).is_integer():
        return f"{int(x):,}".replace(",", ".")
    return f"{x:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def fmt_en(x: float | None) -> str:
    if x is None:
        return "(empty)"
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.2f}"


def pct_id(x: float) -> str:
    return f"{x * 100:.1f}".replace(".", ",") + "%"


def pct_en(x: float) -> str:
    return f"{x * 100:.1f}%"


class RuleConfigError(ValueError):
    """A rule in the spec that cannot run as written (unknown column, missing parameter)."""


@dataclass
class RuleContext:
    spec: DatasetSpec
    table: pa.Table
    rows: list[int]  # 1-based spreadsheet row per table row
    headers: dict[str, str]  # spec column name -> header as written in the file
    dropped: list[Any] = field(default_factory=list)
    dropped_columns: list[str | None] | None = None
    history: pa.Table | None = None
    limit: int = 1000  # problems a rule reports in full; the rest are only counted
    skipped: int = 0  # hits the running rule found beyond ``limit``

    def within_limit(self, hits: list[Any]) -> list[Any]:
        """The first ``limit`` hits; the others are counted in ``skipped``."""
        self.skipped += max(0, len(hits) - self.limit)
        return hits[: self.limit]

    def header(self, name: str) -> str:
        return self.headers.get(name) or name

    def require_column(self, name: str | None, what: str = "column") -> str:
        if not name:
            raise RuleConfigError(f"the rule needs `{what}`")
        if name not in self.table.column_names:
            raise RuleConfigError(f"`{what}` names {name!r}, which is not a column of the table")
        return name

    def values(self, name: str, table: pa.Table | None = None) -> list[Any]:
        table = self.table if table is None else table
        if name not in table.column_names:
            return [None] * table.num_rows
        return table.column(name).to_pylist()

    def numbers(self, name: str, table: pa.Table | None = None) -> list[float | None]:
        return self.number_array(name, table).to_pylist()

    def number_array(self, name: str, table: pa.Table | None = None) -> pa.ChunkedArray | pa.Array:
        """The column as float64: typed numbers are cast; text is parsed (``1.234`` is 1234)."""
        table = self.table if table is None else table
        if name not in table.column_names:
            return pa.nulls(table.num_rows, pa.float64())
        column = table.column(name)
        if pa.types.is_integer(column.type) or pa.types.is_floating(column.type) or pa.types.is_decimal(column.type):
            return pc.cast(column, pa.float64())
        return pa.array([parse_number(v) for v in column.to_pylist()], pa.float64())

    def periods(self, table: pa.Table | None = None) -> list[tuple[Any, ...] | None]:
        """Each row's period as a tuple of the period columns' values (``None`` if incomplete)."""
        table = self.table if table is None else table
        cols = [self.values(c, table) for c in self.spec.period.columns]
        return [None if None in vals else tuple(vals) for vals in zip(*cols, strict=True)] if cols else []

    def numeric_columns(self) -> list[str]:
        period = set(self.spec.period.columns)
        return [c.name for c in self.spec.schema.columns if c.type in NUMERIC and c.name not in period]

    def label_column(self, exclude: set[str]) -> str | None:
        """A column that names the row for a human (``kecamatan``), if the spec has one."""
        period = set(self.spec.period.columns)
        for col in self.spec.schema.columns:
            if col.type == "string" and col.name not in exclude | period and not col.reference:
                return col.name
        return None


def period_sort_key(period: tuple[Any, ...] | None) -> tuple[Any, ...]:
    """Periods in time order even when history and file type them differently (2023 vs "2023")."""
    if period is None:
        return ((2, ""),)
    return tuple((0, float(p), "") if isinstance(p, (int, float)) else (1, 0.0, str(p)) for p in period)


def period_text(period: tuple[Any, ...] | None) -> str:
    if period is None:
        return "?"
    return "-".join(str(int(p)) if isinstance(p, float) and p.is_integer() else str(p) for p in period)


def make_problem(
    rule: Rule,
    code: str,
    *,
    row: int | None = None,
    column: str | None = None,
    value: Any = None,
    message_id: str,
    message_en: str,
    hint_id: str | None = None,
    hint_en: str | None = None,
) -> Problem:
    return Problem(
        code=code,
        severity=rule.severity,
        row=row,
        column=column,
        value=None if value is None else _value_text(value),
        message_id=message_id,
        message_en=message_en,
        hint_id=hint_id,
        hint_en=hint_en,
        rule=rule.check,
    )


def _value_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
