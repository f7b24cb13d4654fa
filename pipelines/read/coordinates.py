"""Latitude and longitude: decimals, whatever the spreadsheet's locale did to their separators.

Excel in the Indonesian locale re-groups a decimal coordinate typed as a number: ``-1.234567``
comes out as ``-1.234.567``. In a coordinate every separator after the first is such a grouping,
and the first one is the decimal point (``106,8`` is 106.8 too). A column is a coordinate by its
header (``Lintang``, ``Bujur``, ``Latitude``, ``Long`` ...) or, when its cells read two ways, by
its values: each one, read so, lies within ±180 with at least four decimals, as GPS positions do.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

COORDINATE_HEADER = re.compile(r"\b(lat|lintang|latitude|lon|lng|long|longitude|bujur)\b", re.I)
_COORDINATE = r"^-?\d{1,3}([.,]\d+)*$"


def is_coordinate_header(header: str | None) -> bool:
    return bool(header) and bool(COORDINATE_HEADER.search(header.replace("_", " ")))


def coordinate_reading(s):
    """Stripped number text -> (canonical text, bad mask, ambiguous mask): the first separator is
    the decimal point, later ones are dropped (``-1.234.567`` -> ``-1.234567``)."""
    parts = pc.extract_regex(s, r"^(?P<whole>-?\d{1,3})(?:[.,](?P<rest>[\d.,]*\d))?$")
    ok = pc.fill_null(pc.match_substring_regex(s, _COORDINATE), False)
    whole = pc.struct_field(parts, "whole")
    rest = pc.replace_substring_regex(pc.fill_null(pc.struct_field(parts, "rest"), ""), r"[.,]", "")
    joined = pc.binary_join_element_wise(whole, pc.if_else(pc.equal(rest, ""), "0", rest), ".")
    canonical = pc.if_else(ok, joined, pa.scalar(None, pa.string()))
    bad = pc.and_not(pc.is_valid(s), ok)
    none = pc.and_(pc.is_valid(s), pc.is_null(s))
    return canonical, pc.fill_null(bad, False), none


def coordinate_values(s) -> bool:
    """Every present value, read with its first separator as the decimal point, is a coordinate
    with at least four decimals (and some value has a separator)."""
    values = pc.drop_null(s)
    if len(values) == 0 or not pc.all(pc.match_substring_regex(values, _COORDINATE)).as_py():
        return False
    separated = pc.match_substring_regex(values, r"[.,]")
    if not pc.any(separated).as_py():
        return False
    precise = pc.match_substring_regex(values, r"^-?\d{1,3}[.,](\d[.,]?){4,}$")
    if not pc.all(pc.or_(pc.invert(separated), precise)).as_py():
        return False
    whole = pc.cast(pc.struct_field(pc.extract_regex(values, r"^-?(?P<w>\d{1,3})"), "w"), pa.int64())
    return bool(pc.max(whole).as_py() <= 180)
