"""Issue 12, item 4: the spellings that slipped past the PII guard, and the look-alikes it must leave."""

import pyarrow as pa
import pytest

from pipelines.validate.pii import find, mask, region_codes, scan_table
from pipelines.validate.pii_normal import fold

NIK = "6409014507900001"  # kecamatan Penajam (64.09.01), a woman born 5 July 1990


def scan(values, header="Desa/Kelurahan", name="desa_kelurahan"):
    table = pa.table({name: pa.array(values, pa.string())})
    return scan_table(table, rows=list(range(2, len(values) + 2)), headers={name: header})


@pytest.mark.parametrize(
    "cell",
    [
        "6409.0145.0790.0001",
        "6409  0145  0790  0001",
        "6409,0145,0790,0001",
        "6409, 0145, 0790, 0001",
        "6409_0145_0790_0001",
        "6409|0145|0790|0001",
        "6409*0145*0790*0001",
        "6409 - 0145 - 0790 - 0001",
        "6409\u00a00145\u00a00790\u00a00001",
        "6409\u202f0145\u202f0790\u202f0001",
        "6409\u200b0145\u200b0790\u200b0001",
        "6409\u20130145\u20130790\u20130001",
        "\uff16\uff14\uff10\uff19\uff10\uff11\uff14\uff15\uff10\uff17\uff19\uff10\uff10\uff10\uff10\uff11",
        "64.09.01.450790.0001",
        "640901 450790 0001",
        "6.409014507900001e+15",
        "NIK 6409014507900001.0",
    ],
)
def test_a_nik_in_a_text_column_is_found_however_it_is_spelled(cell):
    problems = scan([cell])
    assert [(p.row, p.column, p.code) for p in problems] == [(2, "Desa/Kelurahan", "pii-nik")]


@pytest.mark.parametrize(
    "cell",
    [
        "5.1.02.01.01.0024",
        "1.02.02.2.01.0001.5.1.02.01.01.0024",
        "1.02.0.00.0.00.01.0000",
        "0.6409014507900001",
        "0,6409014507900001",
        "64.09014507900001",
        "2024 64.09014507900001",
        "6.409014507900001e-05",
        "180201.1901802415",
        "6409.014507900001",  # a NIK with one dot put into it reads as a decimal number: not found
        "64.09.01.2001 64.09.01.2002",
        "64.09.02.2003",
        "2024 5.1.02.01.01.0024",
    ],
)
def test_apbd_codes_desa_codes_and_ratios_are_not_hits(cell):
    assert scan([cell]) == []


def test_the_value_shown_keeps_only_the_last_four_digits_of_any_script():
    arabic = "".join(chr(0x0660 + int(d)) for d in NIK)
    (problem,) = scan([f"NIK {arabic}"])
    assert problem.value == "*" * 12 + arabic[-4:]
    assert mask("6409\u00a00145\u00a00790\u00a00001") == "****\u00a0****\u00a0****\u00a00001"


def test_what_is_found_is_the_cell_as_written():
    cell = "NIK: 6409\u200b0145\u200b0790\u200b0001 (pemohon)"
    assert list(find(cell, region_codes())) == [("nik", "6409\u200b0145\u200b0790\u200b0001")]


def test_two_niks_in_one_cell_are_both_found():
    cell = f"{NIK} / 6409046202850003"
    assert [kind for kind, _ in find(cell, region_codes())] == ["nik", "nik"]


def test_a_nik_needs_a_kecamatan_that_exists():
    assert scan(["6409054507900001"]) == []  # Penajam Paser Utara has four kecamatan, 05 is none


def test_folding_maps_every_folded_character_back_to_the_cell():
    cell = "No\u00a0HP:\u2002\uff10\uff18\uff11\uff12"
    folded = fold(cell)
    assert folded.text == "No HP: 0812"
    start = folded.text.index("0812")
    a, b = folded.span(start, start + 4)
    assert cell[a:b] == "\uff10\uff18\uff11\uff12"


def test_a_phone_number_with_unicode_spaces_and_dashes_is_found():
    assert [p.code for p in scan(["0812\u20133456\u00a07890"])] == ["pii-phone"]


def test_a_header_holding_a_nik_is_masked_in_every_problem_naming_it():
    header = f"Catatan {NIK}"
    problems = scan(["0812-3456-7890"] * 60, header=header, name="catatan")
    assert {p.code for p in problems} == {"pii-phone", "pii-more"}
    assert all(NIK not in (p.column + p.message_id + p.message_en) for p in problems)
