"""The spec's quality rules run inside the GX suite (``expect_satudata_rule``) and answer with
exactly the problems the rule engine finds; rules needing data outside the table stay in the engine."""

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest

from pipelines.check import check_file
from pipelines.spec import load_spec, parse_spec
from pipelines.validate.expectations import SuiteError, gx_expectation, run_suite, validate_table
from pipelines.validate.rules import run_rules
from pipelines.validate.suite import build_suite, in_suite

ROOT = Path(__file__).resolve().parents[3]
PPU = ["64.09.01", "64.09.02", "64.09.03", "64.09.04"]
NAMES = ["Penajam", "Waru", "Babulu", "Sepaku"]
RULES = [
    {"check": "laki_laki + perempuan == jumlah", "severity": "block"},
    {"check": "rasio * 100 == persen", "tolerance": 0.5, "severity": "warn"},
    {"check": "unique", "columns": ["tahun", "kode"]},
    {"check": "row_count", "exactly": 4, "per_period": True, "severity": "warn"},
    {"check": "completeness", "column": "kode"},
    {"check": "reference_name", "column": "kode", "name": "kecamatan", "severity": "warn"},
    {"check": "totals"},
    {"check": "year_on_year", "column": "jumlah", "max_change": 0.3, "severity": "warn"},
    {"check": "name_changed", "column": "kode", "name": "kecamatan"},
]
SPEC = parse_spec(
    {
        "name": "penduduk-uji",
        "organization": "disdukcapil",
        "title": {"id": "Uji", "en": "Test"},
        "description": {"id": "Uji", "en": "Test"},
        "source": {"match": "uji*.xlsx"},
        "period": {"column": "tahun"},
        "schema": {
            "columns": [
                {"name": "tahun", "type": "integer"},
                {"name": "kode", "type": "string", "reference": "kemendagri.kecamatan", "within": "64.09"},
                {"name": "kecamatan", "type": "string"},
                {"name": "laki_laki", "type": "integer"},
                {"name": "perempuan", "type": "integer"},
                {"name": "jumlah", "type": "integer"},
                {"name": "rasio", "type": "number"},
                {"name": "persen", "type": "number"},
                {"name": "tanggal", "type": "date"},
            ]
        },
        "rules": RULES,
    },
    "datasets/disdukcapil/penduduk-uji.yaml",
)
HEADERS = {
    "tahun": "Tahun",
    "kode": "Kode",
    "kecamatan": "Kecamatan",
    "laki_laki": "L",
    "perempuan": "P",
    "jumlah": "Jumlah",
    "rasio": "Rasio",
    "persen": "Persen (%)",
    "tanggal": "Tanggal",
}
IN_BATCH = SPEC.model_copy(update={"rules": [r for r in SPEC.rules if in_suite(r)]})


def table(**changes):
    data = {
        "tahun": pa.array([2023] * 4 + [2024] * 4, pa.int64()),
        "kode": pa.array(PPU + PPU),
        "kecamatan": pa.array(NAMES + NAMES),
        "laki_laki": pa.array([10, 20, 30, 40] * 2, pa.int64()),
        "perempuan": pa.array([1, 2, 3, 4] * 2, pa.int64()),
        "jumlah": pa.array([11, 22, 33, 44] * 2, pa.int64()),
        "rasio": pa.array([0.5] * 8, pa.float64()),
        "persen": pa.array([50.0] * 8, pa.float64()),
        "tanggal": pa.array([dt.date(2023, 12, 31)] * 4 + [dt.date(2024, 12, 31)] * 4, pa.date32()),
    }
    return pa.table({**data, **changes})


ROWS = [5, 6, 7, 8, 5, 6, 7, 8]  # melted: each spreadsheet row holds both years


def rule_suite():
    return {
        "name": "x",
        "expectations": [e for e in build_suite(SPEC)["expectations"] if e["type"] == "expect_satudata_rule"],
    }


def test_suite_holds_one_expectation_per_in_batch_rule():
    got = [e for e in build_suite(SPEC)["expectations"] if e["type"] == "expect_satudata_rule"]
    assert [e["meta"] for e in got] == [{"generated": True, "rule": "rule", "index": i} for i in range(6)]
    assert got[0]["kwargs"] == {
        "rule": {"check": "laki_laki + perempuan == jumlah", "severity": "block", "column": None, "params": {}}
    }
    assert got[1]["kwargs"]["rule"]["params"] == {"tolerance": 0.5}
    assert got[3]["kwargs"]["rule"]["params"] == {"exactly": 4, "per_period": True}
    assert [r.check for r in SPEC.rules if not in_suite(r)] == ["totals", "year_on_year", "name_changed"]


def test_a_clean_table_passes_every_rule_in_gx():
    assert validate_table(SPEC, table(), rows=ROWS, headers=HEADERS, suite=rule_suite()) == []


def test_gx_finds_exactly_the_problems_of_the_engine():
    bad = table(
        kode=pa.array(PPU + ["64.09.01", "64.09.02", "64.09.02", "64.09.03"]),
        kecamatan=pa.array(NAMES + ["Penajam", "Sepaku", "Waru", "Babulu"]),
        jumlah=pa.array([11, 23, None, 44, 11, 22, 33, 45], pa.int64()),
        persen=pa.array([50.0, 51.0, None, 50.4, 50.0, 50.0, 50.0, 50.0], pa.float64()),
        tahun=pa.array([2023] * 4 + [2024] * 3 + [2025], pa.int64()),
    )
    engine = run_rules(IN_BATCH, bad, rows=ROWS, headers=HEADERS)
    got = validate_table(SPEC, bad, rows=ROWS, headers=HEADERS, suite=rule_suite())
    assert {p.code for p in engine} >= {
        "cross-field-mismatch",
        "duplicate-rows",
        "row-count",
        "region-missing",
        "region-name-mismatch",
    }
    assert got == engine


def test_more_problems_than_the_engine_reports_are_counted_the_same_way():
    n = 1500
    big = pa.table(
        {
            "tahun": pa.array([2024] * n, pa.int64()),
            "kode": pa.array(["64.09.01"] * n),
            "kecamatan": pa.array(["Penajam"] * n),
            "laki_laki": pa.array(range(n), pa.int64()),
            "perempuan": pa.array([1] * n, pa.int64()),
            "jumlah": pa.array([0] * n, pa.int64()),
            "rasio": pa.array([0.5] * n),
            "persen": pa.array([50.0] * n),
            "tanggal": pa.nulls(n, pa.date32()),
        }
    )
    rows = list(range(2, n + 2))
    got = validate_table(SPEC, big, rows=rows, headers=HEADERS, suite=rule_suite())
    assert got == run_rules(IN_BATCH, big, rows=rows, headers=HEADERS)
    assert [p.code for p in got].count("more-problems") >= 1


def test_an_invalid_rule_is_reported_as_the_engine_does():
    spec = SPEC.model_copy(update={"rules": SPEC.rules[:0] + [SPEC.rules[0].model_copy(update={"check": "nope"})]})
    got = validate_table(spec, table(), rows=ROWS, headers=HEADERS, suite=build_suite(spec))
    assert [(p.code, p.rule) for p in got] == [("rule-invalid", "nope")]
    assert got == run_rules(spec, table(), rows=ROWS, headers=HEADERS)


def test_a_stored_rule_entry_loads_in_gx_and_a_malformed_one_is_refused():
    entry = rule_suite()["expectations"][0]
    assert gx_expectation(entry, 0).expectation_type == "expect_satudata_rule"
    with pytest.raises(SuiteError):
        gx_expectation({"type": "expect_satudata_rule", "kwargs": {}}, 3)


def test_without_the_spec_at_run_time_the_rule_cannot_run():
    outcomes = run_suite(rule_suite(), table(), rows=ROWS, headers=HEADERS)
    assert outcomes and all(not o.success and "spec" in (o.error or "") for o in outcomes)


def test_check_runs_each_rule_once():
    spec = load_spec(ROOT / "datasets/disdukcapil/penduduk-kecamatan-jenis-kelamin.yaml")
    assert [r.check for r in spec.rules if not in_suite(r)] == ["year_on_year"]
    sample = ROOT / "samples/_rejects/disdukcapil/penduduk_kecamatan_jenis_kelamin_2021-2024_salah_jumlah.xlsx"
    problems = check_file(spec, sample).report.problems
    assert [(p.code, p.row, p.column) for p in problems if p.code == "cross-field-mismatch"] == [
        ("cross-field-mismatch", 24, "Jumlah")
    ]
