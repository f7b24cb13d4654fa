"""A sheet as a grid of text cells: what every format reader produces and layout detection reads.

Row ``i`` of a grid is row ``i`` of the file (0-based): blank rows are kept, so that row numbers
in reports are the ones the officer sees. Merged cells are listed as inclusive ranges.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

Merge = tuple[int, int, int, int]  # first_row, first_col, last_row, last_col (inclusive)


@dataclass
class Grid:
    sheet: str | None
    columns: list[pa.Array | pa.ChunkedArray]  # one string array per column, all equally long
    merges: list[Merge] = field(default_factory=list)
    # CSV read fast: empty cells and dashes are already null, so "a dash was written here" is
    # lost; ``raw_head`` (the first rows as written) and ``filled_counts`` (non-empty cells of
    # given rows, from the file's lines) give it back where layout detection needs it.
    nulled: bool = False
    raw_head: list[list[str]] | None = None
    filled_counts: Callable[[np.ndarray], np.ndarray] | None = None

    @property
    def n_rows(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    @property
    def n_cols(self) -> int:
        return len(self.columns)

    @classmethod
    def from_rows(cls, sheet: str | None, rows: list[list[str | None]], merges: list[Merge] = ()) -> Grid:
        width = max((len(r) for r in rows), default=0)
        padded = [list(r) + [None] * (width - len(r)) for r in rows]
        columns = [pa.array([r[c] for r in padded], pa.string()) for c in range(width)]
        return cls(sheet, columns, list(merges))


def format_cell(value: object) -> str | None:
    """A spreadsheet cell value as text, the way fastexcel writes it for xlsx (so xls, ods and
    xlsx agree): integral floats without ``.0``, others in at most 15 significant digits."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return f"{value:.15g}"
    if hasattr(value, "isoformat"):
        text = value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
        return text
    return str(value)
