"""One reading per number column (issue 14, item 5): coordinates are decimals, readings that
conflict are flagged, codes stay text, percentages keep their decimal point."""

from __future__ import annotations

import pyarrow as pa
import pytest

from pipelines.read.coordinates import is_coordinate_header
from pipelines.read.infer import infer_type
from pipelines.read.values import cast_column


def number(values, header=None):
    result = cast_column(pa.array(values, pa.string()), "number", header=header)
    return result.array.to_pylist(), result.bad, result.ambiguous


@pytest.mark.parametrize("header", ["Lintang", "Latitude", "LONG", "bujur_timur", "lat", "Koordinat Lintang (LS)"])
def test_coordinate_headers_are_recognised(header):
    assert is_coordinate_header(header)


@pytest.mark.parametrize("header", ["Luas (Ha)", "Jumlah Penduduk", "Kelompok", "Blangko", "Latihan"])
def test_other_headers_are_not_coordinates(header):
    assert not is_coordinate_header(header)


def test_a_latitude_column_reads_regrouped_cells_as_decimals():
    values, bad, ambiguous = number(["-1.234.567", "-1.234567", "-0,987654", "1.2"], header="Lintang")
    assert values == pytest.approx([-1.234567, -1.234567, -0.987654, 1.2])
    assert (bad, ambiguous) == ([], [])


def test_a_longitude_column_that_excel_regrouped_everywhere_is_still_decimal():
    values, bad, _ = number(["116.712.345", "116.698.021", "116.7"], header="Bujur")
    assert values == pytest.approx([116.712345, 116.698021, 116.7])
    assert bad == []


def test_a_coordinate_column_is_found_by_range_when_its_cells_read_two_ways():
    # no header says so, but every value read with its first separator as the decimal point is a
    # GPS position with at least four decimals
    values, bad, ambiguous = number(["-1.234.567", "-1.2456789", "-0.9876543"], header="Titik")
    assert values == pytest.approx([-1.234567, -1.2456789, -0.9876543])
    assert (bad, ambiguous) == ([], [])


def test_a_column_that_mixes_readings_keeps_them_apart_and_flags_the_odd_ones():
    # the dot groups thousands in two cells and is a decimal point in one: not a coordinate (1234)
    values, bad, ambiguous = number(["1.234.567", "2.345.678", "1234.5"])
    assert ambiguous == [2] and bad == []
    assert values == [1234567.0, 2345678.0, None]


def test_a_tie_between_readings_flags_both_sides():
    values, _, ambiguous = number(["1.234.567", "1234.5"])
    assert ambiguous == [0, 1] and values == [None, None]


def test_the_comma_used_both_ways_is_flagged_too():
    _, _, ambiguous = number(["1,234,567", "2,345,678", "12,5"])
    assert ambiguous == [2]


def test_mixed_locales_that_agree_are_not_ambiguous():
    # 12,5 and 12.5 use different decimal marks, but no separator means two things
    values, bad, ambiguous = number(["12,5", "12.75", "1234,5", "3"])
    assert ambiguous == [] and bad == []
    assert values == [12.5, 12.75, 1234.5, 3.0]


def test_integers_flag_the_conflict_as_well():
    result = cast_column(pa.array(["1.234.567", "2.345.678", "7.5"]), "integer")
    assert result.ambiguous == [2]


def test_a_percentage_keeps_its_decimal_point_whatever_the_column_says():
    # 25.51 makes this an English column, where a lone 12,345 would be twelve thousand; as a
    # percentage (Excel writes percent cells with a decimal comma) it is 12.345 %
    values, bad, _ = number(["25.51", "12,345%", "40.125%", "7"])
    assert values == [25.51, 12.345, 40.125, 7.0] and bad == []


def test_the_reader_keeps_a_conflicting_column_as_text():
    assert infer_type(pa.array(["1.234.567", "2.345.678", "1234.5"]), "Nilai") == "string"


def test_the_reader_types_a_regrouped_coordinate_column_as_number():
    assert infer_type(pa.array(["-1.234.567", "-1.234567", "-0.9876"]), "Latitude") == "number"


@pytest.mark.parametrize("header", ["No", "No.", "Nomor", "No Registrasi", "Nomor Register", "ID", "Id Desa",
                                    "Kode", "Register", "Noreg"])
def test_numbering_and_identifier_headers_are_codes(header):
    assert infer_type(pa.array(["1", "2", "3"]), header) == "string"


@pytest.mark.parametrize("header", ["Jumlah", "Nominal", "Identitas Rumah Tangga Miskin", "Kondisi"])
def test_quantity_headers_stay_numbers(header):
    assert infer_type(pa.array(["1", "2", "3"]), header) == "integer"


def test_digit_strings_longer_than_any_quantity_are_codes():
    assert infer_type(pa.array(["6409014507900001", "12"]), "Nilai") == "string"


def test_long_digit_strings_of_one_width_are_codes():
    registers = ["3201190006123", "3201190006457", "3201190007001"]  # 13 digits each
    assert infer_type(pa.array(registers), "Nilai") == "string"


def test_round_amounts_of_one_width_stay_numbers():
    budgets = ["1250000000", "3400000000", "2100000000"]  # rupiah: all end in 000
    assert infer_type(pa.array(budgets), "Anggaran") == "integer"


def test_counts_of_different_widths_stay_numbers():
    assert infer_type(pa.array(["1234567890", "987654321", "45"]), "Nilai") == "integer"


def test_leading_zeros_are_codes():
    assert infer_type(pa.array(["0101", "0102", "1203"]), "Nilai") == "string"


def test_small_coordinates_are_never_repaired_into_thousands():
    from pipelines.read.infer import misread_thousands

    lintang = pa.array(["1.234", "2.345", "3.12", "4.987", "1.5"])
    assert misread_thousands(lintang, "Lintang") is None
    assert misread_thousands(lintang, "Bujur") is None
    assert misread_thousands(lintang, "Jumlah") == "all"  # the same figures under a count's header
