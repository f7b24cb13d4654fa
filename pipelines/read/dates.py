"""Dates as Indonesian offices write them: day first (``05/01/2024``, ``5-1-24``), Indonesian or
English month names (``14 Oktober 2022``, ``3 Agt 2024``, ``Senin, 14 Okt 2022``), ISO dates and
spreadsheet date cells (``2024-01-05 00:00:00``), Excel serial day numbers (``45296``), and a month of
a year (``Februari 2026``, ``02/2026``) as its first day."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

MONTHS = {
    1: ("januari", "january", "jan"),
    2: ("februari", "pebruari", "february", "feb", "peb"),
    3: ("maret", "march", "mar"),
    4: ("april", "apr"),
    5: ("mei", "may"),
    6: ("juni", "june", "jun"),
    7: ("juli", "july", "jul"),
    8: ("agustus", "august", "agu", "agt", "ags", "aug"),
    9: ("september", "sept", "sep"),
    10: ("oktober", "october", "okt", "oct"),
    11: ("november", "nopember", "nov", "nop"),
    12: ("desember", "december", "des", "dec"),
}
WEEKDAYS = (
    "senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)
_EXCEL_EPOCH_DAYS = -25569  # 1899-12-30 relative to 1970-01-01
_NULL_STR = pa.scalar(None, pa.string())


def month_pattern(month: int) -> str:
    names = sorted(MONTHS[month], key=len, reverse=True)
    return r"\b(" + "|".join(names) + r")\.?\b"


def _normalise(arr):
    s = pc.utf8_lower(arr)
    s = pc.replace_substring_regex(s, r"^(" + "|".join(WEEKDAYS) + r")\s*,?\s*", "")
    s = pc.replace_substring_regex(s, r",?\s*(pukul|jam)\s.*$", "")
    s = pc.replace_substring_regex(s, r"[ t]\d{1,2}[:.]\d{2}([:.]\d{2}(\.\d+)?)?\s*(wib|wita|wit|z)?$", "")
    for month in MONTHS:
        s = pc.replace_substring_regex(s, month_pattern(month), f" {month} ")
    s = pc.utf8_trim(s, characters=" ,")
    return pc.replace_substring_regex(s, r"[\s/.\-,]+", "-")


def _pad(arr, width: int):
    return pc.utf8_lpad(arr, width=width, padding="0")


def _from_parts(year, month, day):
    text = pc.binary_join_element_wise(year, _pad(month, 2), _pad(day, 2), "-")
    stamp = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
    # strptime rolls 2024-02-30 over to March: keep only dates that print back the same
    same = pc.fill_null(pc.equal(pc.strftime(stamp, format="%Y-%m-%d"), text), False)
    return pc.cast(pc.if_else(same, stamp, pa.scalar(None, stamp.type)), pa.date32())


def parse_date(arr):
    """Cleaned text -> (date32 array, bad mask)."""
    s = _normalise(arr)
    ymd = pc.extract_regex(s, r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
    dmy = pc.extract_regex(s, r"^(?P<d>\d{1,2})-(?P<m>\d{1,2})-(?P<y>\d{4})$")
    dmy2 = pc.extract_regex(s, r"^(?P<d>\d{1,2})-(?P<m>\d{1,2})-(?P<y>\d{2})$")
    my = pc.extract_regex(s, r"^(?P<m>\d{1,2})-(?P<y>\d{4})$")
    short_year = pc.struct_field(dmy2, "y")
    century = pc.if_else(
        pc.fill_null(pc.less(pc.cast(short_year, pa.int32()), 70), False), pa.scalar("20"), pa.scalar("19")
    )
    found = [
        _from_parts(pc.struct_field(ymd, "y"), pc.struct_field(ymd, "m"), pc.struct_field(ymd, "d")),
        _from_parts(pc.struct_field(dmy, "y"), pc.struct_field(dmy, "m"), pc.struct_field(dmy, "d")),
        _from_parts(
            pc.binary_join_element_wise(century, short_year, ""),
            pc.struct_field(dmy2, "m"),
            pc.struct_field(dmy2, "d"),
        ),
        _serial(s),
        # a month of a year ("Februari 2026", "02/2026"): its first day
        _from_parts(pc.struct_field(my, "y"), pc.struct_field(my, "m"), pa.array(["1"] * len(s), pa.string())),
    ]
    result = pc.coalesce(*found)
    bad = pc.and_(pc.is_valid(arr), pc.is_null(result))
    return result, bad


def _serial(s):
    """Excel serial day numbers between 1954 and 2119 (a bare number elsewhere is no date)."""
    serial = pc.if_else(pc.fill_null(pc.match_substring_regex(s, r"^\d{5}(\.0+)?$"), False), s, _NULL_STR)
    days = pc.cast(pc.cast(serial, pa.float64()), pa.int32())
    plausible = pc.fill_null(pc.and_(pc.greater_equal(days, 20000), pc.less_equal(days, 80000)), False)
    days = pc.cast(pc.add(days, pa.scalar(_EXCEL_EPOCH_DAYS, pa.int32())), pa.int32())
    days = pc.if_else(plausible, days, pa.scalar(None, pa.int32()))
    return pc.cast(days, pa.date32())
