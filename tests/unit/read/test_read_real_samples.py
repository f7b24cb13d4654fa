"""The six real departmental files read as their README (tests/fixtures/real) says they should."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow.compute as pc

from pipelines.read import ReadOptions, read
from pipelines.read.values import cast_column
from pipelines.spec import Melt

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"


def table_of(name: str, options: ReadOptions | None = None, sheet: str | None = None):
    result = read(REAL / name, options)
    if sheet is None:
        assert len(result.tables) == 1
        return result, result.tables[0]
    return result, next(t for t in result.tables if t.sheet == sheet)


def ints(table, name: str) -> list[int | None]:
    cast = cast_column(table.values.column(name), "integer")
    assert cast.bad == []
    return cast.array.to_pylist()


def types(table) -> dict[str, str]:
    return {c.name: c.type for c in table.columns}


def test_odj_banjir_is_the_clean_long_baseline():
    result, table = table_of("odj_bpbd_banjir_kabkota.csv")
    assert (result.format, result.encoding, result.delimiter) == ("csv", "utf-8", ",")
    assert table.header_rows == [0]
    assert table.rows == 351
    assert "id" not in types(table)  # a leftover row counter
    keys = list(zip(table.values.column("kode_kabupaten_kota").to_pylist(), ints(table, "tahun"), strict=True))
    assert len(set(keys)) == 351
    assert len({k for k, _ in keys}) == 27 and {y for _, y in keys} == set(range(2012, 2025))
    assert types(table)["jumlah_banjir"] == "integer"
    assert min(ints(table, "jumlah_banjir")) >= 0
    assert types(table)["kode_kabupaten_kota"] == "string"


def test_bps_kota_bandung_title_multirow_header_and_total_row():
    result, table = table_of("bps_kotabandung_kepadatan_kec_2022.csv")
    assert (result.format, result.encoding) == ("csv", "utf-8-sig")
    assert table.header_rows == [0, 2, 3]
    assert types(table) == {
        "kota_dan_kecamatan": "string",
        "jumlah_penduduk": "integer",
        "luas_wilayah_ha": "integer",
        "kepadatan_jiwa_ha": "integer",
        "tahun": "integer",
    }
    assert table.rows == 30
    assert sum(ints(table, "jumlah_penduduk")) == 2_530_448
    assert set(ints(table, "tahun")) == {2022}
    density = zip(ints(table, "jumlah_penduduk"), ints(table, "luas_wilayah_ha"), ints(table, "kepadatan_jiwa_ha"),
                  strict=True)
    assert all(k == round(p / a) for p, a, k in density)
    assert [(d.row, d.reason) for d in table.dropped] == [(1, "title"), (34, "total")]
    total = table.dropped[-1]
    assert total.values[0] == "Kota Bandung" and total.values[1:] == [None, None, None]


def test_bps_jabar_garis_kemiskinan_is_wide_by_year():
    result, table = table_of("bpsjabar_garis_kemiskinan_prov_semicolon.csv")
    assert (result.format, result.delimiter, result.encoding) == ("csv", ";", "utf-8-sig")
    assert table.header_rows == [1]
    assert table.rows == 1
    assert table.wide
    [candidate] = table.melt_candidates
    assert candidate.into == "tahun" and candidate.headers == ["2020", "2019", "2018"]
    assert candidate.result == ["nama_wilayah", "tahun", "nilai"]


def test_bps_jabar_garis_kemiskinan_melts_to_three_rows():
    melt = Melt(columns=r"(19|20)\d\d", into="tahun", value="nilai")
    _, table = table_of("bpsjabar_garis_kemiskinan_prov_semicolon.csv", ReadOptions(melt=melt))
    assert [c.name for c in table.columns] == ["nama_wilayah", "tahun", "nilai"]
    assert types(table) == {"nama_wilayah": "string", "tahun": "integer", "nilai": "integer"}
    assert table.values.to_pylist() == [
        {"nama_wilayah": "JAWA BARAT", "tahun": "2020", "nilai": "410988"},
        {"nama_wilayah": "JAWA BARAT", "tahun": "2019", "nilai": "386198"},
        {"nama_wilayah": "JAWA BARAT", "tahun": "2018", "nilai": "367755"},
    ]
    assert table.row_numbers.tolist() == [2, 2, 2]


def test_bandungkab_series_row_reads_dot_thousands_as_integers():
    result, table = table_of("satudata_bandungkab_penduduk_kec.xlsx", sheet="Series Row")
    assert result.format == "xlsx"
    assert [t.sheet for t in result.tables] == ["Metadata", "Series Column", "Series Row"]
    assert table.rows == 186
    assert "no" not in types(table)
    column = next(c for c in table.columns if c.header == "DATA PENDUDUK HASIL KONSOLIDASI BERSIH")
    assert column.type == "integer"
    people = ints(table, column.name)
    assert people[0] == 167_228
    names = table.values.column("wilayah").to_pylist()
    years = ints(table, "tahun")
    assert Counter(years) == {y: 31 for y in range(2018, 2024)}
    assert len(set(names)) == 31
    codes = cast_column(table.values.column("kode_wilayah"), "string", code=True).array.to_pylist()
    assert codes[0] == "32.04.05"
    by = {(n, y): p for n, y, p in zip(names, years, people, strict=True)}
    jumps = sorted(n for n, y in by if y == 2023 and abs(by[(n, 2023)] / by[(n, 2022)] - 1) > 0.3)
    assert jumps == ["CIPARAY", "CIWIDEY", "NAGREG"]


def test_bandungkab_series_column_is_wide_by_year_with_text_numbers():
    _, table = table_of("satudata_bandungkab_penduduk_kec.xlsx", sheet="Series Column")
    assert table.wide and table.rows == 1
    assert table.melt_candidates[0].into == "tahun"
    assert ints(table, "kolom_2018") == [3_535_992]


def test_bkkbn_subtotal_rows_are_dropped():
    result, table = table_of("bkkbn_pk_piramida_kec_jabar_2024.csv")
    assert (result.delimiter, result.encoding) == (";", "utf-8-sig")
    assert table.rows == 1254
    reasons = Counter(d.reason for d in table.dropped)
    assert reasons == {"subtotal": 54}  # the trailing blank line ends the file: not a row of the table
    pairs = list(zip(table.values.column("kecamatan").to_pylist(), table.values.column("gender").to_pylist(),
                     strict=True))
    assert len(pairs) == 1254 and Counter(g for _, g in pairs) == {"LAKI-LAKI": 627, "PEREMPUAN": 627}
    assert table.wide and table.melt_candidates[0].into == "kelompok_umur"
    assert len(table.melt_candidates[0].columns) == 16
    assert all(types(table)[c] == "integer" for c in table.melt_candidates[0].columns)


def test_bkkbn_subtotals_keep_their_values_for_the_totals_rule():
    _, table = table_of("bkkbn_pk_piramida_kec_jabar_2024.csv")
    index = {name: i for i, name in enumerate(table.dropped_columns)}
    bogor_women = next(
        d for d in table.dropped
        if d.reason == "subtotal"
        and (d.values[index["kako"]], d.values[index["gender"]]) == ("KAB. BOGOR", "PEREMPUAN")
    )
    values = table.values
    rows = values.filter(
        pc.and_(pc.equal(values.column("kako"), "KAB. BOGOR"), pc.equal(values.column("gender"), "PEREMPUAN"))
    )
    parts = sum(int(v) for v in rows.column("kolom_5_9").to_pylist())
    assert int(bogor_women.values[index["kolom_5_9"]]) - parts == 11230 - 1123  # CILEUNGSI lost a digit


def test_kemdikbud_codes_keep_leading_zeros():
    result, table = table_of("kemdikbud_dikdas_kabbogor_kec.xlsx")
    assert result.format == "xlsx"
    assert table.rows == 40
    kinds = types(table)
    assert kinds["kode"] == "string"
    assert table.values.column("kode").to_pylist()[:3] == ["01", "02", "03"]
    assert [kinds[c] for c in ("text_right", "text_right_2", "text_right_3")] == ["integer"] * 3
    assert "sorting_1" not in kinds  # scrape leftover that repeats the row number
    negeri, swasta, total = (ints(table, c) for c in ("text_right", "text_right_2", "text_right_3"))
    assert all(n + s == t for n, s, t in zip(negeri, swasta, total, strict=True))
