"""Cell text as officers write it, made comparable: trimmed, and the usual "no data" marks as null."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.read.cells import maybe_padded

# Written in a cell to mean "no value". Never 0: a dash is missing data, not zero.
NULL_TOKENS = ("", "-", "–", "—", "−", "--", "---", "…", "...", "n/a", "N/A")
_NULLS = pa.array(NULL_TOKENS, pa.string())


def as_string(arr: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    if pa.types.is_string(arr.type):
        return arr
    if pa.types.is_large_string(arr.type) or pa.types.is_dictionary(arr.type):
        return pc.cast(arr, pa.string())
    if pa.types.is_null(arr.type):
        return pa.nulls(len(arr), pa.string())
    return pc.cast(arr, pa.string())


def clean_text(arr: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Trim every cell (unicode spaces too) and turn the null marks into nulls."""
    return clean_and_filled(arr)[0]


def clean_and_filled(arr: pa.Array | pa.ChunkedArray):
    """-> (cleaned text, mask of cells that hold anything at all: a dash counts, it was written
    on purpose; spaces do not)."""
    trimmed = pc.utf8_trim_whitespace(as_string(arr))
    filled = pc.fill_null(pc.not_equal(trimmed, ""), False)
    clean = pc.if_else(pc.is_in(trimmed, value_set=_NULLS), pa.scalar(None, pa.string()), trimmed)
    return clean, filled


def clean_nulled(arr: pa.Array | pa.ChunkedArray):
    """:func:`clean_and_filled` for text whose empty cells and dashes are already null: only
    cells with spaces around them can still hide a dash, so the token lookup runs only then."""
    arr = as_string(arr)
    filled = pc.is_valid(arr)
    if not maybe_padded(arr):  # no cell starts or ends with a space: nothing to trim
        return arr, filled
    trimmed = pc.utf8_trim_whitespace(arr)
    if pc.sum(pc.binary_length(trimmed)).as_py() == pc.sum(pc.binary_length(arr)).as_py():
        return arr, filled
    clean = pc.if_else(pc.is_in(trimmed, value_set=_NULLS), pa.scalar(None, pa.string()), trimmed)
    return clean, filled
