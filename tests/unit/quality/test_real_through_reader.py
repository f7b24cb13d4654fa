"""The quality gates on the real samples as the pipeline sees them: the project's reader, typing by
the spec, then the PII guard and the rules (the same steps as ``pipelines.check``)."""

from pipelines.read import ReadOptions, read
from pipelines.spec import project_root
from pipelines.typed import type_table
from pipelines.validate.pii import scan_table
from pipelines.validate.rules import dropped_columns, run_rules

from .real_samples import real_spec

REAL = project_root() / "tests" / "fixtures" / "real"


def spec(columns, rules):
    return real_spec(columns, rules, key=["tahun", columns[0]["name"]])


def check(spec, name, sheet=None):
    source = read(REAL / name, ReadOptions(sheet=sheet)).tables[0]
    headers = [c.header for c in source.columns]
    raw_rows = (source.row_numbers + 1).tolist()
    pii = scan_table(source.values, rows=raw_rows, headers=dict(zip(source.values.column_names, headers, strict=True)))
    typed = type_table(spec, source.values, headers, source.row_numbers)
    problems = run_rules(
        spec,
        typed.table,
        rows=typed.rows,
        headers=typed.headers,
        dropped=source.dropped,
        dropped_columns=dropped_columns(spec, source),
    )
    return typed, pii, problems


def test_bandung_three_drops_in_2023_and_nothing_else():
    columns = [
        {"name": "kode_wilayah", "type": "string", "reference": "kemendagri.kecamatan", "within": "32.04"},
        {"name": "wilayah", "type": "string"},
        {"name": "tahun", "type": "integer"},
        {"name": "penduduk", "type": "integer", "headers": ["DATA PENDUDUK HASIL KONSOLIDASI BERSIH"]},
    ]
    rules = [
        {"check": "year_on_year", "column": "penduduk", "max_change": 0.3, "severity": "warn"},
        {"check": "reference_name", "column": "kode_wilayah", "name": "wilayah"},
        {"check": "completeness", "column": "kode_wilayah"},
        {"check": "name_changed", "column": "kode_wilayah", "name": "wilayah"},
        {"check": "row_count", "exactly": 31, "per_period": True},
    ]
    typed, pii, problems = check(spec(columns, rules), "satudata_bandungkab_penduduk_kec.xlsx", sheet="Series Row")
    assert pii == [] and typed.table.num_rows == 186
    names = dict(zip(typed.rows, typed.table.column("wilayah").to_pylist(), strict=True))
    assert sorted((names[p.row], p.code) for p in problems) == [
        ("CIPARAY", "change-too-large"),
        ("CIWIDEY", "change-too-large"),
        ("NAGREG", "change-too-large"),
    ]


def test_bkkbn_subtotal_rows_from_the_reader_are_checked():
    source = read(REAL / "bkkbn_pk_piramida_kec_jabar_2024.csv").tables[0]
    columns = [{"name": c.name, "type": "string" if i < 3 else "integer"} for i, c in enumerate(source.columns)]
    columns = [columns[1], columns[0], *columns[2:], {"name": "tahun", "type": "integer"}]
    typed, pii, problems = check(spec(columns, [{"check": "totals"}]), "bkkbn_pk_piramida_kec_jabar_2024.csv")
    assert pii == [] and typed.table.num_rows == 1254
    assert [(p.row, p.column, p.code) for p in problems] == [
        (83, "5 - 9", "totals-mismatch"),
        (83, "15 - 19", "totals-mismatch"),
        (83, "30 - 34", "totals-mismatch"),
    ]
    assert "row 49 (CILEUNGSI / KAB. BOGOR / PEREMPUAN): 1,123 should be 11,230" in problems[0].hint_en


def test_kemdikbud_negeri_plus_swasta_equals_total_on_all_40_rows():
    columns = [
        {"name": "kode", "type": "string"},
        {"name": "kecamatan", "type": "string", "headers": ["kec"]},
        {"name": "negeri", "type": "integer", "headers": ["text-right"]},
        {"name": "swasta", "type": "integer", "headers": ["text-right 2"]},
        {"name": "total", "type": "integer", "headers": ["text-right 3"]},
        {"name": "tahun", "type": "integer"},
    ]
    rules = [{"check": "negeri + swasta == total"}, {"check": "row_count", "exactly": 40}]
    typed, pii, problems = check(spec(columns, rules), "kemdikbud_dikdas_kabbogor_kec.xlsx")
    assert pii == [] and typed.table.num_rows == 40 and problems == []
    assert typed.table.column("total").null_count == 0
