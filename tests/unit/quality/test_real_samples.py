"""The rules on real departmental files: the real errors are found, and nothing else."""

from pipelines.validate.rules import run_rules

from . import real_samples


def spec(columns, rules, key=()):
    return real_samples.real_spec(columns, rules, key)


BANDUNG = [
    {"name": "kode_wilayah", "type": "string", "reference": "kemendagri.kecamatan", "within": "32.04"},
    {"name": "wilayah", "type": "string"},
    {"name": "tahun", "type": "integer"},
    {"name": "penduduk", "type": "integer", "min": 0},
]


def test_bandung_fixture_reads_186_rows():
    table, rows, _ = real_samples.bandung_series_row()
    assert table.num_rows == 186 and rows[-1] == 187 and table.column("penduduk")[0].as_py() == 167228


def test_bandung_year_on_year_flags_exactly_the_three_2023_drops():
    table, rows, headers = real_samples.bandung_series_row()
    rule = {"check": "year_on_year", "column": "penduduk", "max_change": 0.3, "severity": "warn"}
    problems = run_rules(spec(BANDUNG, [rule], key=["tahun", "kode_wilayah"]), table, rows=rows, headers=headers)
    wilayah = table.column("wilayah").to_pylist()
    flagged = sorted((wilayah[rows.index(p.row)], p.code, p.column) for p in problems)
    column = "DATA PENDUDUK HASIL KONSOLIDASI BERSIH "
    assert flagged == [(n, "change-too-large", column) for n in ("CIPARAY", "CIWIDEY", "NAGREG")]
    assert all("2022" in p.message_en and "2023" in p.message_en for p in problems)


def test_bandung_every_kecamatan_every_year_and_no_renamed_kecamatan():
    table, rows, headers = real_samples.bandung_series_row()
    rules = [
        {"check": "name_changed", "column": "kode_wilayah", "name": "wilayah"},
        {"check": "unique", "columns": ["tahun", "kode_wilayah"]},
        {"check": "row_count", "exactly": 31, "per_period": True},
    ]
    assert run_rules(spec(BANDUNG, rules), table, rows=rows, headers=headers) == []


def test_bandung_names_checked_against_kemendagri_2025():
    # Every code of the file (written "32. 04. 05") names its kecamatan as Kemendagri spells it.
    table, rows, headers = real_samples.bandung_series_row()
    rules = [
        {"check": "reference_name", "column": "kode_wilayah", "name": "wilayah"},
        {"check": "completeness", "column": "kode_wilayah"},
    ]
    assert run_rules(spec(BANDUNG, rules), table, rows=rows, headers=headers) == []


def test_bkkbn_subtotal_mismatches_found_with_cileungsi_5_9():
    table, rows, headers, dropped, dropped_columns = real_samples.bkkbn_pyramid()
    assert table.num_rows == 1254 and len(dropped) == 54
    columns = [{"name": n, "type": "string"} for n in ("kako", "kecamatan", "jenis_kelamin")]
    columns += [{"name": n, "type": "integer"} for n in real_samples.AGE_COLUMNS]
    columns += [{"name": "tahun", "type": "integer"}]
    problems = run_rules(
        spec(columns, [{"check": "totals"}]),
        table,
        rows=rows,
        headers=headers,
        dropped=dropped,
        dropped_columns=dropped_columns,
    )
    assert [(p.row, p.column, p.code) for p in problems] == [
        (83, "5 - 9", "totals-mismatch"),
        (83, "15 - 19", "totals-mismatch"),
        (83, "30 - 34", "totals-mismatch"),
    ]
    five_to_nine = problems[0]
    assert five_to_nine.value == "211915" and "10.107" in five_to_nine.message_id
    assert "baris 49 (KAB. BOGOR / CILEUNGSI / PEREMPUAN): 1.123 seharusnya 11.230" in five_to_nine.hint_id
    assert "row 49 (KAB. BOGOR / CILEUNGSI / PEREMPUAN): 1,123 should be 11,230" in five_to_nine.hint_en


def test_kemdikbud_negeri_plus_swasta_is_total_on_all_40_rows():
    table, rows, headers = real_samples.kemdikbud_schools()
    columns = [{"name": "kode", "type": "string"}, {"name": "kecamatan", "type": "string"}]
    columns += [{"name": n, "type": "integer"} for n in ("negeri", "swasta", "total")]
    assert table.num_rows == 40
    rules = [
        {"check": "negeri + swasta == total"},
        {"check": "row_count", "exactly": 40},
        {"check": "unique", "columns": ["kode"]},
    ]
    cols = columns + [{"name": "tahun", "type": "integer"}]
    assert run_rules(spec(cols, rules), table, rows=rows, headers=headers) == []


def test_kemdikbud_rule_would_catch_a_changed_cell():
    table, rows, headers = real_samples.kemdikbud_schools()
    total = table.column("total").to_pylist()
    total[6] += 1
    table = table.set_column(table.schema.get_field_index("total"), "total", [total])
    cols = [{"name": n, "type": "integer"} for n in ("negeri", "swasta", "total", "tahun")]
    problems = run_rules(spec(cols, [{"check": "negeri + swasta == total"}]), table, rows=rows, headers=headers)
    assert [p.flat() for p in problems] == [(8, "text-right 3", "cross-field-mismatch")]
