"""What the reader hands over: the options that pin its guesses, and the tables it found.

Every cell is handed over as cleaned text (a pyarrow ``string`` column per file column); typing
by the spec happens later (:func:`pipelines.read.values.cast_column`). Row indices are 0-based rows
of the file, as in ``header_rows`` and the spec's ``skip_rows``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np
import pyarrow as pa

if TYPE_CHECKING:
    from pipelines.read.nothing import Empty
    from pipelines.spec import Melt, Source

Format = Literal["csv", "tsv", "xlsx", "xls", "xls-html", "xls-xml", "ods"]
DropReason = Literal[
    "blank", "title", "total", "subtotal", "footnote", "skipped", "pattern", "section", "repeated-header"
]


class ReadError(Exception):
    """A file the reader refuses or cannot read. Messages in Bahasa Indonesia and English."""

    def __init__(
        self,
        file: str,
        message_id: str,
        message_en: str,
        code: str = "unreadable-file",
        row: int | None = None,
        column: str | None = None,
    ):
        self.file = str(file)
        self.message_id = message_id
        self.message_en = message_en
        self.code = code
        self.row = row
        self.column = column
        super().__init__(f"{self.file}: {message_en}")

    def __reduce__(self):  # crosses the pipe from the guarded reading process whole
        return (type(self), (self.file, self.message_id, self.message_en, self.code, self.row, self.column))


@dataclass(frozen=True)
class ReadOptions:
    """Everything the reader detects can be pinned here; what is pinned always wins."""

    sheet: str | int | None = None
    header_rows: list[int] | None = None
    skip_rows: list[int] | tuple[int, ...] = ()
    drop_patterns: list[str] | tuple[str, ...] = ()
    melt: Melt | None = None

    @classmethod
    def from_source(cls, source: Source | None) -> ReadOptions:
        if source is None:
            return cls()
        return cls(
            sheet=source.sheet,
            header_rows=list(source.header_rows) if source.header_rows is not None else None,
            skip_rows=tuple(source.skip_rows),
            drop_patterns=tuple(source.drop_patterns),
            melt=source.melt,
        )


@dataclass(frozen=True)
class ColumnInfo:
    name: str  # snake_case, unique within the table
    header: str  # the header as written (rows of a multi-row header joined by a space)
    type: str  # inferred: integer | number | string | date | boolean


@dataclass(frozen=True)
class Dropped:
    row: int  # 0-based row of the file
    reason: DropReason
    values: list[str | None]  # the row's cells aligned to Table.columns (before any melt)


@dataclass(frozen=True)
class MeltCandidate:
    """Columns that look like one variable spread over columns (years, months, age groups...)."""

    columns: list[str]  # column names
    headers: list[str]
    into: str  # suggested name for the column receiving the headers
    value: str  # suggested name for the column receiving the cells
    pattern: str  # a regex for the spec's ``source.melt.columns``
    result: list[str]  # the table's column names once melted


@dataclass
class Table:
    sheet: str | None
    header_rows: list[int]
    columns: list[ColumnInfo]
    values: pa.Table
    row_numbers: np.ndarray  # int64: the file row (0-based) of each data row
    dropped: list[Dropped] = field(default_factory=list)
    wide: bool = False
    melt_candidates: list[MeltCandidate] = field(default_factory=list)
    melted: bool = False
    notes: list[str] = field(default_factory=list)  # repairs the reader made, for inspect
    dropped_columns: list[str] = field(default_factory=list)  # what Dropped.values align to
    # melted tables only: per data row, the header as written of the column its value came from
    # (``2025``, ``Jumlah 2025``), so a problem on the value column can name that header
    value_headers: list[str] | None = None

    @property
    def rows(self) -> int:
        return self.values.num_rows

    def column(self, name: str) -> ColumnInfo:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


@dataclass
class ReadResult:
    format: Format
    encoding: str | None
    delimiter: str | None
    tables: list[Table]
    empty: Empty | None = None  # no table: why (what the file is, what is missing)
