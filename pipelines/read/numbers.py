"""Numbers as Indonesian offices write them, parsed a whole column at a time.

``1.234.567`` and ``1.234,56`` are Indonesian (dot groups thousands, comma marks decimals);
``1,234,567.5`` and ``25.51`` are English/plain. Each value that can only be read one way is
evidence for the column; values that could be read both ways (``1.234``, ``1,234``) follow the
column's evidence, and the Indonesian reading when there is none. ``Rp``, ``%``, spaces between
digit groups and accounting parentheses ``(1.234)`` are accepted. Percentages keep the number as
written (``12,5%`` is 12.5), and a percentage's lone separator is its decimal point whatever the
column says (``12,345%`` and ``12.345%`` are both 12.345, never twelve thousand).

One reading per column: when the same separator marks thousands in some cells and decimals in
others (``-1.234.567`` beside ``-1.234567``), the two readings cannot both be right. Latitude and
longitude (by header, see :mod:`pipelines.read.coordinates`, or because every value read with its
first separator as the decimal point is a coordinate) are then decimals; any other column gets
those cells flagged ``ambiguous`` (null), never silently read at two magnitudes.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.read.clean import clean_text
from pipelines.read.coordinates import coordinate_reading, coordinate_values

_INT = r"^[+-]?\d+$"
_DOT_GROUPS = r"^[+-]?[1-9]\d{0,2}(\.\d{3})+$"  # a group never opens with 0: 0.500 is a decimal
_COMMA_GROUPS = r"^[+-]?[1-9]\d{0,2}(,\d{3})+$"
_ID_DECIMAL = r"^[+-]?(\d+|[1-9]\d{0,2}(\.\d{3})+),\d+$"
_EN_DECIMAL = r"^[+-]?(\d*|[1-9]\d{0,2}(,\d{3})+)\.\d+$"
_SCIENTIFIC = r"^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$"
_AMBIGUOUS_DOT = r"^[+-]?[1-9]\d{0,2}\.\d{3}$"
_AMBIGUOUS_COMMA = r"^[+-]?[1-9]\d{0,2},\d{3}$"
_MAX_INT_DIGITS = 18


def _match(arr, pattern: str):
    return pc.fill_null(pc.match_substring_regex(arr, pattern), False)


def _count(mask) -> int:
    return int(pc.sum(pc.cast(mask, pa.int64())).as_py() or 0)


def strip_decorations(arr):
    """Remove what is not part of the number: currency, percent sign, inner spaces, parentheses."""
    s = pc.replace_substring_regex(arr, r"^(?i:rp\.?)\s*", "")
    s = pc.replace_substring_regex(s, r"\s*%$", "")
    s = pc.replace_substring_regex(s, r"(\d)[\s\x{00A0}\x{202F}]+(\d)", r"\1\2")
    s = pc.replace_substring_regex(s, r"^\((.+)\)$", r"-\1")
    return pc.replace_substring_regex(s, r"^\+", "")


def canonical_numbers(arr, *, coordinates: bool = False):
    """Text -> canonical ``-1234.5`` text, plus the mask of values that are not numbers at all.

    ``arr`` must be cleaned text (see :func:`clean_text`). Returns ``(canonical, bad)`` where
    ``canonical`` is null where the input is null or bad (cells of a column whose readings
    conflict count as bad here; :func:`read_numbers` tells them apart)."""
    canonical, bad, ambiguous = _canonical(arr, coordinates)
    return canonical, pc.or_(bad, ambiguous)


def _canonical(arr, coordinates: bool):
    """(canonical text, bad mask, ambiguous mask); ``coordinates``: the header names a latitude or
    longitude, whose separators are decimal points."""
    if coordinates:
        return coordinate_reading(strip_decorations(arr))
    if pc.all(pc.match_substring_regex(arr, r"^-?(\d+|[1-9]\d{0,2}(\.\d{3})+)(,\d+)?$")).as_py() is not False:
        # the common case, Indonesian numbers: 1.234.567 and 1.234.567,89 (a lone 1.234 or 1,234 is
        # read the same way as below, where a column with no other evidence reads the Indonesian way)
        canonical = pc.replace_substring(pc.replace_substring(arr, ".", ""), ",", ".")
        return canonical, _false(arr), _false(arr)
    s = strip_decorations(arr)
    dot_groups = _match(s, _DOT_GROUPS)
    comma_groups = _match(s, _COMMA_GROUPS)
    id_decimal = _match(s, _ID_DECIMAL)
    en_decimal = _match(s, _EN_DECIMAL)
    amb_dot = _match(s, _AMBIGUOUS_DOT)
    amb_comma = _match(s, _AMBIGUOUS_COMMA)
    id_only = pc.or_(pc.and_not(dot_groups, amb_dot), pc.and_not(id_decimal, amb_comma))
    en_only = pc.or_(pc.and_not(comma_groups, amb_comma), pc.and_not(en_decimal, amb_dot))
    ambiguous = pc.or_(amb_dot, amb_comma)
    column_is_id = _count(id_only) >= _count(en_only)  # no evidence at all: the Indonesian reading
    id_way = pc.or_(id_only, ambiguous) if column_is_id else id_only
    percent = _match(arr, r"%$")  # a percentage's lone separator is its decimal point
    id_way = pc.or_(pc.and_not(id_way, pc.and_(percent, amb_dot)), pc.and_(percent, amb_comma))
    as_id = pc.replace_substring(pc.replace_substring(s, ".", ""), ",", ".")
    as_en = pc.replace_substring(s, ",", "")
    canonical = pc.if_else(id_way, as_id, as_en)
    scientific = _match(s, _SCIENTIFIC)
    valid = pc.or_(
        pc.or_(pc.or_(_match(s, _INT), dot_groups), pc.or_(comma_groups, id_decimal)),
        pc.or_(en_decimal, scientific),
    )
    present = pc.is_valid(arr)
    bad = pc.and_not(present, valid)
    canonical = pc.if_else(valid, canonical, pa.scalar(None, pa.string()))
    conflict = _conflict(s, dot_groups, comma_groups, id_decimal, en_decimal, amb_dot, amb_comma)
    if conflict is None:
        return canonical, bad, _false(arr)
    if coordinate_values(s):
        return coordinate_reading(s)
    canonical = pc.if_else(conflict, pa.scalar(None, pa.string()), canonical)
    return canonical, bad, conflict


def _conflict(s, dot_groups, comma_groups, id_decimal, en_decimal, amb_dot, amb_comma):
    """The cells of the smaller side when one separator marks thousands in some cells and the
    decimal point in others (both sides when they are as many), or None when the column agrees."""
    has_dot = _match(s, r"\.")
    has_comma = _match(s, r",")
    sides = (
        (pc.or_(pc.and_not(dot_groups, amb_dot), pc.and_(id_decimal, has_dot)), pc.and_not(en_decimal, amb_dot)),
        (pc.or_(pc.and_not(comma_groups, amb_comma), pc.and_(en_decimal, has_comma)),
         pc.and_not(id_decimal, amb_comma)),
    )
    flagged = None
    for group, decimal in sides:
        groups, decimals = _count(group), _count(decimal)
        if not groups or not decimals:
            continue
        side = group if groups < decimals else decimal if decimals < groups else pc.or_(group, decimal)
        flagged = side if flagged is None else pc.or_(flagged, side)
    return flagged


def _plain(arr) -> bool:
    """No separators at all: pyarrow's own cast reads the column as it is."""
    return _count(_match(arr, r"[.,]")) == 0


def _english_decimals(arr) -> bool:
    """Every cell is ``123`` or ``123.45``, and some decimal cannot be a thousands group (``67.67``,
    ``0.500``, ``1234.5``): the column reads the English way, as :func:`canonical_numbers` would
    decide from that evidence, and pyarrow's cast reads it (two regex passes instead of ten)."""
    if not pc.all(pc.match_substring_regex(arr, r"^-?\d+(\.\d+)?$")).as_py():
        return False
    return bool(pc.any(pc.match_substring_regex(arr, r"^-?(0|\d{4,})\.\d+$|^-?\d+\.(\d{1,2}|\d{4,})$")).as_py())


def _digits_first(arr, pattern: str = r"^-?\d+$") -> bool:
    """The first cells are plain whole numbers: worth trying pyarrow's own cast (a failed cast
    costs as much as a regex pass over the whole column, so it is not tried blindly)."""
    head = pc.drop_null(arr.slice(0, 1000))
    return len(head) > 0 and pc.all(pc.match_substring_regex(head, pattern)).as_py()


def read_numbers(arr, kind: str = "number", *, coordinates: bool = False):
    """Cleaned text -> (float64 or int64 array, bad mask, ambiguous mask): ``ambiguous`` marks the
    cells of a column whose readings conflict (see the module text); they are null."""
    if kind == "integer":
        return _integers(arr, coordinates)
    if not coordinates and _digits_first(arr, r"^-?\d+(\.\d+)?$"):
        if _plain(arr) or _english_decimals(arr):
            try:
                return pc.cast(arr, pa.float64()), _false(arr), _false(arr)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                pass
    canonical, bad, ambiguous = _canonical(arr, coordinates)
    return pc.cast(canonical, pa.float64()), bad, ambiguous


def parse_number(arr, *, coordinates: bool = False):
    """Cleaned text -> (float64 array, bad mask); cells of conflicting readings count as bad."""
    result, bad, ambiguous = read_numbers(arr, "number", coordinates=coordinates)
    return result, pc.or_(bad, ambiguous)


def parse_integer(arr, *, coordinates: bool = False):
    """Cleaned text -> (int64 array, bad mask). ``2018.0`` is 2018; ``12,5`` is bad."""
    result, bad, ambiguous = _integers(arr, coordinates)
    return result, pc.or_(bad, ambiguous)


def _integers(arr, coordinates: bool):
    if not coordinates and _digits_first(arr):
        try:
            return pc.cast(arr, pa.int64()), _false(arr), _false(arr)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    canonical, bad, ambiguous = _canonical(arr, coordinates)
    if _digits_first(canonical):
        try:
            return pc.cast(canonical, pa.int64()), bad, ambiguous  # 1.234.567 became 1234567: done
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    whole_text = _match(canonical, r"^-?\d+(\.0+)?$")
    digits = pc.replace_substring_regex(canonical, r"\.0+$", "")
    too_long = pc.fill_null(pc.greater(pc.utf8_length(digits), _MAX_INT_DIGITS + 1), False)
    exact_ok = pc.and_not(whole_text, too_long)
    exact = pc.cast(pc.if_else(exact_ok, digits, pa.scalar(None, pa.string())), pa.int64())
    floats = pc.cast(pc.if_else(exact_ok, pa.scalar(None, pa.string()), canonical), pa.float64())
    floats = pc.if_else(pc.fill_null(pc.is_finite(floats), False), floats, pa.scalar(None, pa.float64()))
    whole_float = pc.fill_null(
        pc.and_(pc.equal(pc.floor(floats), floats), pc.less(pc.abs(floats), 9.0e15)), False
    )
    from_float = pc.cast(pc.if_else(whole_float, floats, pa.scalar(None, pa.float64())), pa.int64())
    result = pc.coalesce(exact, from_float)
    unparsed = pc.and_(pc.is_valid(canonical), pc.is_null(result))
    return result, pc.or_(bad, unparsed), ambiguous


def _false(arr):
    """An all-False mask as long as ``arr``."""
    return pc.and_(pc.is_valid(arr), pc.is_null(arr))


__all__ = ["canonical_numbers", "clean_text", "parse_integer", "parse_number", "read_numbers", "strip_decorations"]
