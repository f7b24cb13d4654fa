"""Section rows: a heading such as ``B. Pelayanan Kesehatan`` across the whole table, inside it.

Such a row names the group of rows under it; it is never data. It is dropped as ``section``
(its label kept in :class:`~pipelines.read.model.Dropped`), never copied into every cell:

- a merged range on one row spanning (nearly) the whole width is a section heading (or a
  title above the header): only its first cell keeps the text, the range is not expanded;
- below the header, a row with one text cell (the rest empty), or the same text in every
  filled cell (a merge some tools write out cell by cell), or a numbering letter/roman numeral
  beside one text cell (``B | Pelayanan Kesehatan``) with nothing in the number columns.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.read.cells import take, true_mask
from pipelines.read.grid import Merge

WIDE_SHARE = 0.8  # a one-row merge over 80 % of the columns or more, from the first ones
SECTION_NUMBER = r"^(?:[A-Z]|[IVXL]{1,5})[.)]?$"
_NUMBER_ONLY = r"^[+-]?[\d.,\s]+%?$"


def split_section_merges(merges: list[Merge], width: int) -> tuple[list[Merge], list[Merge]]:
    """-> (merges to expand, one-row merges spanning the table: headings, kept as one cell)."""
    if width < 3:
        return list(merges), []
    keep, sections = [], []
    for m in merges:
        r0, c0, r1, c1 = m
        span = min(c1, width - 1) - c0 + 1
        if r0 == r1 and c0 <= 1 and span >= max(3, WIDE_SHARE * width):
            sections.append(m)
        else:
            keep.append(m)
    return keep, sections


def section_rows(columns: list, kept: np.ndarray, filled_count: np.ndarray, numeric: list[int]) -> np.ndarray:
    """Mask of ``kept`` rows that are section headings (see the module's rules). ``columns``: the
    cleaned text columns; ``numeric``: the columns holding numbers in the data rows."""
    out = np.zeros(len(kept), dtype=bool)
    if len(columns) < 3:
        return out
    # a heading has two cells at most, or the same text at both ends of the row: only those are read
    ends = true_mask(pc.equal(columns[0], columns[-1])) | true_mask(pc.equal(columns[1], columns[-1]))
    rows = np.flatnonzero(kept & (filled_count >= 1) & ((filled_count <= 2) | ends))
    if not len(rows):
        return out
    empty_numbers = np.ones(len(rows), dtype=bool)
    for c in numeric:
        empty_numbers &= ~true_mask(pc.is_valid(take(columns[c], rows)))
    cells = [take(c, rows) for c in columns]
    valid = np.column_stack([true_mask(pc.is_valid(c)) for c in cells])
    count = valid.sum(axis=1)
    whole = count == filled_count[rows]  # no dash among the cells: "X | - | -" is a data row
    first = pc.coalesce(*cells)
    text = ~true_mask(pc.match_substring_regex(first, _NUMBER_ONLY))
    # the same text in every filled cell (two cells or more): a merge written out cell by cell
    same = (count >= 2) & whole
    for c in cells:
        same &= true_mask(pc.or_kleene(pc.is_null(c), pc.equal(c, first)))
    single = (count == 1) & whole
    numbered = _numbered(cells, valid, count, numeric) & whole
    # a heading leaves the number columns empty, unless it is written out over every cell
    hit = text & (same | numbered | (single & empty_numbers)) if numeric else text & same & (count >= 3)
    out[rows[hit]] = True
    return out


def _numbered(cells: list[pa.Array], valid: np.ndarray, count: np.ndarray, numeric: list[int]) -> np.ndarray:
    """Two filled cells: a section letter or roman numeral (``B``, ``II.``) then a text, nothing
    else in the number columns (the letter may stand in the row-number column)."""
    out = np.zeros(len(count), dtype=bool)
    at = np.flatnonzero(count == 2)
    if not len(at):
        return out
    firsts = np.argmax(valid[at], axis=1)
    for k, r in enumerate(at.tolist()):
        c = int(firsts[k])
        label = cells[c][r].as_py()
        if any(valid[r, n] for n in numeric if n != c):
            continue
        if label and re.match(SECTION_NUMBER, label.strip()):
            out[r] = True
    return out


def is_section_heading(row: list[str | None], numeric: list[int]) -> bool:
    """A row of the sheet's head (trimmed text) that is a numbered heading: a section letter or
    roman numeral, then one text, nothing over the number columns (``A | PELAYANAN DASAR | |``)."""
    filled = [(c, v) for c, v in enumerate(row) if v]
    if len(filled) != 2 or not re.match(SECTION_NUMBER, filled[0][1]):
        return False
    c, text = filled[1]
    return c not in numeric and not re.match(_NUMBER_ONLY, text)
