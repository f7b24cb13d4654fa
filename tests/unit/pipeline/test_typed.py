import pyarrow as pa

from pipelines.spec import parse_spec
from pipelines.typed import type_table

SPEC = parse_spec({
    "name": "penduduk", "organization": "disdukcapil",
    "title": {"id": "Penduduk", "en": "Population"}, "description": {"id": "-", "en": "-"},
    "source": {"match": "penduduk*.csv"}, "period": {"column": "tahun"},
    "schema": {"key": ["tahun", "kode_kecamatan"], "columns": [
        {"name": "tahun", "type": "integer"},
        {"name": "kode_kecamatan", "type": "string", "headers": ["Kode Wilayah"]},
        {"name": "kecamatan", "type": "string", "headers": ["Nama Kecamatan"]},
        {"name": "jumlah", "type": "integer", "headers": ["Jumlah Penduduk (jiwa)"]},
    ]},
}, "disdukcapil/penduduk.yaml")


def text_table(columns: dict[str, list]) -> pa.Table:
    return pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()})


def test_columns_found_by_header_alias_and_cast():
    values = text_table({
        "tahun": ["2024", "2024"], "kode_wilayah": ["64.09.01", "64.09.02"],
        "nama_kecamatan": ["Penajam", "Waru"], "jumlah_penduduk_jiwa": ["81.234", "-"],
    })
    headers = ["Tahun", "Kode Wilayah", "Nama Kecamatan", "Jumlah Penduduk (jiwa)"]
    typed = type_table(SPEC, values, headers, [4, 5])
    assert typed.problems == []
    assert typed.table.column_names == ["tahun", "kode_kecamatan", "kecamatan", "jumlah"]
    assert typed.table.column("jumlah").to_pylist() == [81234, None]
    assert typed.table.column("kode_kecamatan").to_pylist() == ["64.09.01", "64.09.02"]
    assert typed.table.schema.field("tahun").type == pa.int64()
    assert typed.rows == [5, 6]
    assert typed.headers["jumlah"] == "Jumlah Penduduk (jiwa)"


def test_bad_number_is_a_problem_at_its_spreadsheet_row_and_header():
    values = text_table({"tahun": ["2024", "2024"], "kode_kecamatan": ["64.09.01", "64.09.02"],
                         "kecamatan": ["Penajam", "Waru"], "jumlah": ["12", "dua belas"]})
    typed = type_table(SPEC, values, ["Tahun", "Kode", "Kecamatan", "Jumlah"], [2, 3])
    assert [p.flat() for p in typed.problems] == [(4, "Jumlah", "wrong-type")]
    assert typed.problems[0].value == "dua belas"
    assert "bukan bilangan bulat" in typed.problems[0].message_id


def test_missing_column_blocks_and_extra_column_warns():
    values = text_table({"tahun": ["2024"], "kode_kecamatan": ["64.09.01"], "kecamatan": ["Penajam"],
                         "keterangan": ["x"]})
    typed = type_table(SPEC, values, ["Tahun", "Kode", "Kecamatan", "Keterangan"], [1])
    assert sorted((p.code, p.severity) for p in typed.problems) == [
        ("extra-columns", "warn"), ("missing-column", "block")]
    assert typed.table.column("jumlah").null_count == 1


def test_problems_in_a_melted_table_name_the_year_column_as_written():
    spec = parse_spec({
        "name": "kk", "organization": "disdukcapil",
        "title": {"id": "KK", "en": "Families"}, "description": {"id": "-", "en": "-"},
        "source": {"match": "kk*.csv", "melt": {"columns": "20\\d\\d", "into": "tahun", "value": "jumlah_kk"}},
        "period": {"column": "tahun"},
        "schema": {"columns": [{"name": "kecamatan", "type": "string"}, {"name": "tahun", "type": "integer"},
                               {"name": "jumlah_kk", "type": "integer"}]},
    }, "disdukcapil/kk.yaml")
    values = text_table({"kecamatan": ["Waru", "Waru"], "tahun": ["2023", "2024"], "jumlah_kk": ["7.961", "x"]})
    typed = type_table(spec, values, ["Kecamatan", "tahun", "jumlah_kk"], [5, 5], value_headers=["2023", "2024"])
    assert [p.flat() for p in typed.problems] == [(6, "2024", "wrong-type")]
    assert typed.headers["jumlah_kk"] == "2023 … 2024"


def test_row_numbering_column_is_left_out_without_a_warning():
    values = text_table({"no": ["1", "2"], "tahun": ["2024", "2024"], "kode_kecamatan": ["64.09.01", "64.09.02"],
                         "kecamatan": ["Penajam", "Waru"], "jumlah": ["1", "2"]})
    typed = type_table(SPEC, values, ["No.", "Tahun", "Kode", "Kecamatan", "Jumlah"], [3, 4])
    assert typed.problems == []


COORDINATES = parse_spec({
    "name": "puskesmas", "organization": "dinkes",
    "title": {"id": "Puskesmas", "en": "Health centres"}, "description": {"id": "-", "en": "-"},
    "source": {"match": "puskesmas*.csv"}, "period": {"column": "tahun"},
    "schema": {"key": ["tahun", "puskesmas"], "columns": [
        {"name": "tahun", "type": "integer"},
        {"name": "puskesmas", "type": "string"},
        {"name": "lintang", "type": "number", "headers": ["Lintang"]},
        {"name": "kapasitas", "type": "number", "headers": ["Kapasitas"]},
    ]},
}, "dinkes/puskesmas.yaml")


def test_a_number_that_reads_two_ways_is_an_ambiguous_number_problem_never_a_silent_magnitude():
    values = text_table({"tahun": ["2024", "2024", "2024"], "puskesmas": ["Penajam", "Waru", "Babulu"],
                         "lintang": ["-1.234.567", "-1.254321", "-1.3"],
                         "kapasitas": ["1.234.567", "2.345.678", "1234.5"]})
    typed = type_table(COORDINATES, values, ["Tahun", "Puskesmas", "Lintang", "Kapasitas"], [1, 2, 3])
    assert typed.table.column("lintang").to_pylist() == [-1.234567, -1.254321, -1.3]  # by its header
    assert typed.table.column("kapasitas").to_pylist() == [1234567.0, 2345678.0, None]
    [problem] = typed.problems
    assert problem.flat() == (4, "Kapasitas", "ambiguous-number")
    assert (problem.severity, problem.value) == ("block", "1234.5")
    assert "dua cara" in problem.message_id and "two ways" in problem.message_en
    assert problem.hint_id and problem.hint_en
