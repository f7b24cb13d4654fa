"""cast_column: Indonesian numbers, dates, codes and yes/no, a whole column at a time."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from pipelines.read.headers import normalise_header
from pipelines.read.values import cast_column


def cast(values, kind, code=False):
    result = cast_column(pa.array(values, pa.string()), kind, code=code)
    return result.array.to_pylist(), result.bad


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["1.234.567", "12"], [1234567, 12]),
        (["1.234", "5.678"], [1234, 5678]),  # no other evidence: dots group thousands
        (["1,234,567", "8"], [1234567, 8]),
        (["2018.0", "3201190006.0"], [2018, 3201190006]),  # codes and years saved as floats
        (["Rp 1.250.000", "Rp. 5.000"], [1250000, 5000]),
        (["1 234 567"], [1234567]),
        (["(1.000)", "-7", "+3"], [-1000, -7, 3]),
        (["9007199254740993"], [9007199254740993]),  # exact beyond float precision
    ],
)
def test_integers(values, expected):
    assert cast(values, "integer") == (expected, [])


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["1.234,56", "12,5", "1.000"], [1234.56, 12.5, 1000.0]),
        (["1,234,567.5", "3"], [1234567.5, 3.0]),
        (["1.234", "25.51"], [1.234, 25.51]),  # 25.51 shows this column writes dot decimals
        (["45%", "12,5 %"], [45.0, 12.5]),
        (["0.3", "1e3"], [0.3, 1000.0]),
        (["0.500", "1.250"], [0.5, 1.25]),  # a thousands group never opens with 0
    ],
)
def test_numbers(values, expected):
    assert cast(values, "number") == (expected, [])


@pytest.mark.parametrize("dash", ["-", "–", "—", "", "  ", "...", "…", None])
def test_dashes_and_blanks_are_null_never_zero(dash):
    assert cast(["5", dash], "integer") == ([5, None], [])
    assert cast(["5", dash], "number") == ([5.0, None], [])


def test_unreadable_numbers_are_reported_by_position():
    assert cast(["12", "dua belas", "12,5", "7"], "integer") == ([12, None, None, 7], [1, 2])
    assert cast(["1.5", "abc"], "number") == ([1.5, None], [1])


def test_chunked_input_gives_positions_over_the_whole_column():
    result = cast_column(pa.chunked_array([["1", "2"], ["x", "4"]]), "integer")
    assert result.array.to_pylist() == [1, 2, None, 4]
    assert result.bad == [2]


def test_dates_day_first_and_indonesian_months():
    values = ["14 Oktober 2022", "05/01/2024", "2024-01-05 00:00:00", "Senin, 3 Agt 2024", "5-1-24",
              "3 Juli 2024, Pukul 10:24 WIB", "45296", "1 Mei 1999"]
    dates, bad = cast(values, "date")
    assert bad == []
    assert dates == [dt.date(2022, 10, 14), dt.date(2024, 1, 5), dt.date(2024, 1, 5), dt.date(2024, 8, 3),
                     dt.date(2024, 1, 5), dt.date(2024, 7, 3), dt.date(2024, 1, 5), dt.date(1999, 5, 1)]


def test_impossible_dates_are_bad_not_rolled_over():
    assert cast(["30/02/2024", "31 April 2024", "besok"], "date") == ([None, None, None], [0, 1, 2])


def test_codes_stay_text():
    codes, bad = cast(["3201190006.0", "32. 04. 05", "01", "64.09.01.2001"], "string", code=True)
    assert codes == ["3201190006", "32.04.05", "01", "64.09.01.2001"]
    assert bad == []


def test_codes_in_scientific_notation_lost_digits():
    assert cast(["3.20119E+09"], "string", code=True)[1] == [0]


def test_plain_strings_are_only_trimmed():
    assert cast([" Penajam ", "-", "Waru"], "string") == (["Penajam", None, "Waru"], [])


def test_booleans():
    assert cast(["Ya", "tidak", "T", "ada", "mungkin"], "boolean") == ([True, False, False, True, None], [4])


def test_unknown_type_is_a_programming_error():
    with pytest.raises(ValueError):
        cast_column(pa.array(["1"]), "decimal")


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("Jumlah Penduduk (jiwa) ", "jumlah_penduduk_jiwa"),
        ("DATA PENDUDUK HASIL KONSOLIDASI BERSIH ", "data_penduduk_hasil_konsolidasi_bersih"),
        ("Persentase (%)", "persentase_persen"),
        ("Desa/Kelurahan", "desa_kelurahan"),
        ("Luas (km²)", "luas_km2"),
        ("", ""),
    ],
)
def test_normalise_header(header, name):
    assert normalise_header(header) == name


def test_a_month_of_a_year_is_its_first_day():
    result = cast_column(pa.array(["Februari 2026", "Peb 2026", "Desember 2024", "02/2026", "13/2026"]), "date")
    assert result.array.to_pylist()[:4] == [dt.date(2026, 2, 1), dt.date(2026, 2, 1), dt.date(2024, 12, 1),
                                            dt.date(2026, 2, 1)]
    assert result.bad == [4]
