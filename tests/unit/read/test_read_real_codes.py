"""Real files for issue 14 item 5 (codes and counts), read as a careful officer counted them before
the reader ran (tests/fixtures/real/EXPECTED.md; sources in SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.read import read
from pipelines.read.values import cast_column

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"


def only_table(name: str):
    [table] = read(REAL / name).tables
    return table


def types(table) -> dict[str, str]:
    return {c.name: c.type for c in table.columns}


@pytest.mark.parametrize(
    ("name", "rows", "codes"),
    [
        ("kemendesa_kdkec_dapodik_jabar.csv", 26, ["kodekec", "idkab", "idkec", "kodedapodik"]),
        ("kemendesa_kodedapodik_semicolon.csv", 27, ["idkec"]),
        ("bps_mfd2023_iddesa_jabar.csv", 5980, ["iddesa", "idkec", "idkab"]),
    ],
)
def test_region_and_school_codes_stay_text_with_their_leading_zeros(name, rows, codes):
    table = only_table(name)
    assert table.header_rows == [0] and table.rows == rows and table.dropped == []
    assert all(types(table)[c] == "string" for c in codes)
    for column in codes:
        values = table.values.column(column).to_pylist()
        assert all(v.isdigit() for v in values)
        assert len({len(v) for v in values}) == 1  # one width: nothing lost to an integer cast


def test_a_dapodik_code_keeps_its_leading_zero():
    table = only_table("kemendesa_kodedapodik_semicolon.csv")
    assert table.values.column("idkec").to_pylist()[0] == "020522"


def test_papua_population_by_desa_reads_every_row_as_counts():
    table = only_table("adminduk_penduduk_desa_yapen_9408.xlsx")
    assert table.header_rows == [0] and table.rows == 165 and table.dropped == []
    counted = [c.name for c in table.columns if c.type == "integer"]
    assert "jumlah_penduduk" in counted and "jumlah_kepala_keluarga" in counted
    people = cast_column(table.values.column("jumlah_penduduk"), "integer", header="Jumlah Penduduk")
    assert people.bad == [] and people.ambiguous == []
    assert people.array.to_pylist()[0] == 487
    men = cast_column(table.values.column("laki_laki"), "integer").array.to_pylist()
    women = cast_column(table.values.column("perempuan"), "integer").array.to_pylist()
    assert [m + w for m, w in zip(men, women, strict=True)] == people.array.to_pylist()


def year_columns(table, count: int):
    """The last ``count`` columns: the year columns of a Keerom sectoral-statistics sheet (their names
    depend on how the title and section rows above are read, which issue 14 items 2-3 change)."""
    return table.columns[-count:]


def test_keerom_rupiah_amounts_of_ten_and_eleven_digits_stay_numbers_not_codes():
    table = only_table("keerom_bappeda_realisasi_sumber_dana_2020_2021.xlsx")
    amounts = year_columns(table, 2)
    assert all(c.type in ("integer", "number") for c in amounts)
    read_2020 = cast_column(table.values.column(amounts[0].name), "number")  # one amount has sen: 2015053505.56
    assert read_2020.bad == [] and read_2020.ambiguous == []
    assert {2493950000, 10500000000, 12264836000, 2015053505.56} <= set(read_2020.array.to_pylist())


def test_keerom_counts_per_year_are_whole_numbers():
    table = only_table("keerom_satpolpp_statistik_sektoral_2016_2021.xlsx")
    years = year_columns(table, 6)
    assert [c.type for c in years] == ["integer"] * 6
    first = cast_column(table.values.column(years[0].name), "integer").array.to_pylist()
    assert 58933 in first and 394 in first
