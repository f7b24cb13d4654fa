"""Page-break repeats: the header, or its column-number row, written again inside the body.

Long exports repeat the header on every printed page (hundreds of times in one file), or the row
that numbers the columns (``1 | 2 | 3 = Σ(4-14) | 4 ...``, ``(1) | (2) | (3)``). Such rows are
dropped as ``repeated-header``, before the columns are typed, so that types come from the real
rows. A body row repeats a header row when it has the same text in the header row's text cells
(three in five of them, two at least, and no other cell filled); it numbers the columns when
its filled cells (three at least) open with the number of their column, counted from the first.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.read.cells import take, true_mask

_NUMBERED = re.compile(r"^[(\[]?(\d{1,3})[)\]]?(\s*[=:].*)?$")
MATCH_SHARE = 0.6


def repeated_rows(
    columns: list[pa.Array], filled_count: np.ndarray, body: np.ndarray, header_rows: list[int],
) -> np.ndarray:
    """Mask of ``body`` rows repeating a header row or numbering the columns (``filled_count``:
    the non-empty cells of each row)."""
    out = np.zeros(len(body), dtype=bool)
    if len(columns) < 2 or not body.any():
        return out
    for h in header_rows:
        out |= _repeats(columns, filled_count, body, h)
    out |= _numbering(columns, filled_count, body)
    return out & body


def _repeats(columns: list[pa.Array], filled_count: np.ndarray, body: np.ndarray, h: int) -> np.ndarray:
    out = np.zeros(len(body), dtype=bool)
    texts = {c: col[h].as_py() for c, col in enumerate(columns)}
    texts = {c: t for c, t in texts.items() if t and not re.fullmatch(r"[\d.,\s()\[\]]+", t)}
    if len(texts) < 2:
        return out
    first = next(iter(texts))
    candidates = np.flatnonzero(body & true_mask(pc.equal(columns[first], texts[first])))
    if not len(candidates):
        return out
    matches = np.zeros(len(candidates), dtype=np.int64)
    for c, text in texts.items():
        matches += true_mask(pc.equal(take(columns[c], candidates), text))
    # every filled cell of the row sits where the header row has a text (the rest are blank)
    hit = (matches >= max(2, MATCH_SHARE * len(texts))) & (filled_count[candidates] <= len(texts))
    out[candidates[hit]] = True
    return out


def _numbering(columns: list[pa.Array], filled_count: np.ndarray, body: np.ndarray) -> np.ndarray:
    """Rows whose filled cells number the columns: ``1 | 2 | 3`` or ``(1) | (2) | (3)``."""
    out = np.zeros(len(body), dtype=bool)
    if len(columns) < 3:
        return out
    lead = pc.coalesce(*columns[:2])
    first = true_mask(pc.is_in(lead, value_set=pa.array(["1", "2", "(1)", "(2)", "[1]", "[2]"])))
    candidates = np.flatnonzero(body & first & (filled_count >= 3))
    if not len(candidates) or len(candidates) > 0.5 * body.sum():
        return out  # a column of 1s and 2s is data
    cells = [take(c, candidates).to_pylist() for c in columns]
    for k, r in enumerate(candidates.tolist()):
        numbers = []
        for c, col in enumerate(cells):
            value = col[k]
            if value is None:
                continue
            m = _NUMBERED.match(value.strip())
            if not m:
                break
            numbers.append((c, int(m.group(1))))
        else:
            if len(numbers) >= 3 and _counts_columns(numbers):
                out[r] = True
    return out


def _counts_columns(numbers: list[tuple[int, int]]) -> bool:
    """The numbers go up by one from column to column (blank columns aside, a skipped number
    for each) and open at 1 or 2 (a row-number column left unnumbered)."""
    (c0, n0) = numbers[0]
    return n0 in (1, 2) and all(n - n0 == c - c0 for c, n in numbers)
