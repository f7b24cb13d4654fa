"""Cast the reader's text columns to typed arrays, a whole column at a time (pyarrow.compute).

:func:`cast_column` is what the pipeline calls. Nulls stay nulls (``-`` is no value, never 0);
``bad`` lists the positions of non-null text that could not be read as the type, ``ambiguous``
those of a number column whose cells read two ways that cannot both be right (they are null; see
:mod:`pipelines.read.numbers`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.read.cells import one
from pipelines.read.clean import clean_text
from pipelines.read.coordinates import is_coordinate_header
from pipelines.read.dates import parse_date
from pipelines.read.numbers import read_numbers

TRUE_WORDS = ("ya", "y", "iya", "benar", "true", "yes", "ada", "1", "v", "✓")
FALSE_WORDS = ("tidak", "t", "tdk", "bukan", "salah", "false", "no", "n", "tidak ada", "0", "x")

ARROW_TYPES = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}


@dataclass(frozen=True)
class CastResult:
    array: pa.Array
    bad: list[int]
    ambiguous: list[int] = field(default_factory=list)


def _positions(mask) -> list[int]:
    return pc.indices_nonzero(one(mask)).to_pylist()


def parse_boolean(arr):
    low = pc.utf8_lower(arr)
    yes = pc.is_in(low, value_set=pa.array(TRUE_WORDS))
    no = pc.is_in(low, value_set=pa.array(FALSE_WORDS))
    result = pc.if_else(yes, True, pc.if_else(no, False, pa.scalar(None, pa.bool_())))
    result = pc.if_else(pc.is_valid(arr), result, pa.scalar(None, pa.bool_()))
    return result, pc.and_(pc.is_valid(arr), pc.is_null(result))


def repair_codes(arr):
    """Codes stay text: ``3201190006.0`` -> ``3201190006``, ``32. 04. 05`` -> ``32.04.05``,
    leading zeros kept. A code spelled in scientific notation lost digits and is bad."""
    s = pc.replace_substring_regex(arr, r"^(\d+)[.,]0+$", r"\1")
    dotted = pc.fill_null(pc.match_substring_regex(s, r"^\d+(\s*\.\s*\d+)+$"), False)
    s = pc.if_else(dotted, pc.replace_substring_regex(s, r"\s*\.\s*", "."), s)
    s = pc.replace_substring_regex(s, r"\s+", " ")
    bad = pc.fill_null(pc.match_substring_regex(s, r"^\d([.,]\d+)?[eE]\+?\d+$"), False)
    return s, bad


def cast_column(
    arr: pa.Array | pa.ChunkedArray, type: str, *, code: bool = False, header: str | None = None
) -> CastResult:
    """Text -> ``type`` (string, integer, number, boolean, date). ``code=True`` on a string column
    repairs codes spelled as floats or with spaces. ``header``: the column's header as written (a
    latitude or longitude reads its separators as decimal points). Returns the typed array, the
    positions of values that could not be read and of those that read two ways (both null)."""
    if type not in ARROW_TYPES:
        raise ValueError(f"unknown column type {type!r}")
    text = one(clean_text(arr))
    if type == "string":
        if not code:
            return CastResult(text, [])
        repaired, bad = _via_distinct(text, repair_codes)
        return CastResult(one(repaired), _positions(bad))
    if type in ("integer", "number"):
        parse = partial(read_numbers, kind=type, coordinates=is_coordinate_header(header))
        result, bad, ambiguous = _via_distinct(text, parse)
        return CastResult(one(pc.cast(result, ARROW_TYPES[type])), _positions(bad), _positions(ambiguous))
    parser = {"date": parse_date, "boolean": parse_boolean}
    result, bad = _via_distinct(text, parser[type])
    return CastResult(one(pc.cast(result, ARROW_TYPES[type])), _positions(bad))


def _via_distinct(text: pa.Array, parse):
    """Parse each distinct text once when values repeat (dates, years, small counts, codes).
    ``parse`` returns the result and one or more masks."""
    if len(text) < 10_000 or len(pc.unique(text.slice(0, 5000))) > 2500:
        return parse(text)  # small, or mostly distinct (judged on the first cells)
    distinct = pc.unique(text)
    if len(distinct) * 4 > len(text):
        return parse(text)
    result, *masks = parse(distinct)
    index = pc.index_in(text, value_set=distinct)
    return (pc.take(result, index), *(pc.fill_null(pc.take(mask, index), False) for mask in masks))
