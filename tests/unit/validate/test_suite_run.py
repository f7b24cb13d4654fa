"""Running the derived suite on typed tables: each expectation answers with (row, column, code)."""

import datetime as dt

import pyarrow as pa
import pytest

from pipelines.spec import parse_spec
from pipelines.validate.expectations import SuiteError, validate_table
from pipelines.validate.report import Report
from pipelines.validate.suite import build_suite

SPEC = parse_spec(
    {
        "name": "sekolah-kecamatan",
        "organization": "disdikpora",
        "title": {"id": "Sekolah", "en": "Schools"},
        "description": {"id": "Contoh", "en": "Example"},
        "source": {"match": "sekolah*.xlsx"},
        "period": {"column": "tahun"},
        "schema": {
            "key": ["tahun", "kode_kecamatan"],
            "columns": [
                {"name": "tahun", "type": "integer", "required": True, "min": 2000, "max": 2100},
                {"name": "kode_kecamatan", "type": "string", "reference": "kemendagri.kecamatan",
                 "within": "64.09"},
                {"name": "npsn", "type": "string", "pattern": r"\d{8}"},
                {"name": "status", "type": "string", "allowed": ["negeri", "swasta"]},
                {"name": "jumlah", "type": "integer", "required": True, "min": 0},
                {"name": "rasio", "type": "number", "max": 1.5},
                {"name": "aktif", "type": "boolean"},
                {"name": "tanggal", "type": "date"},
            ],
        },
    },
    "datasets/disdikpora/sekolah-kecamatan.yaml",
)
HEADERS = {"tahun": "Tahun", "kode_kecamatan": "Kode Kec.", "npsn": "NPSN", "status": "Status",
           "jumlah": "Jumlah", "rasio": "Rasio", "aktif": "Aktif", "tanggal": "Tanggal"}
CLEAN = {
    "tahun": pa.array([2023, 2023, 2024], pa.int64()),
    "kode_kecamatan": pa.array(["64.09.01", "64.09.02", "64.09.01"]),
    "npsn": pa.array(["30400001", "30400002", None]),
    "status": pa.array(["negeri", "swasta", None]),
    "jumlah": pa.array([10, 0, 7], pa.int64()),
    "rasio": pa.array([0.5, 1.5, None], pa.float64()),
    "aktif": pa.array([True, False, None]),
    "tanggal": pa.array([dt.date(2023, 12, 31), None, dt.date(2024, 12, 31)], pa.date32()),
}
ROWS = [5, 6, 7]


def run(columns=None, *, rows=ROWS, suite=None, **kw):
    table = pa.table({**CLEAN, **(columns or {})})
    problems = validate_table(SPEC, table, rows=rows, headers=HEADERS, suite=suite or build_suite(SPEC), **kw)
    report = Report(file="sekolah.xlsx")
    report.extend(problems)
    return report


def with_row(name, index, value):
    values = CLEAN[name].to_pylist()
    values[index] = value
    return {name: pa.array(values, CLEAN[name].type)}


def test_a_clean_typed_table_passes_every_expectation():
    assert run().problems == []


def test_missing_column_is_one_problem_and_its_other_checks_stay_quiet():
    table = pa.table({k: v for k, v in CLEAN.items() if k != "jumlah"})
    problems = validate_table(SPEC, table, rows=ROWS, headers=HEADERS, suite=build_suite(SPEC))
    assert [p.flat() for p in problems] == [(None, "Jumlah", "missing-column")]


def test_column_of_the_wrong_type_is_reported_once():
    report = run({"jumlah": pa.array(["10", "0", "7"])})
    assert report.flatten() == [(None, "Jumlah", "wrong-type")]


def test_required_value_missing_names_row_and_header():
    report = run(with_row("jumlah", 1, None))
    assert report.flatten() == [(6, "Jumlah", "required-value-missing")]
    assert report.problems[0].hint_id == "Isi kolom 'Jumlah' pada baris 6."
    assert report.problems[0].hint_en == "Fill in column 'Jumlah' on row 6."


def test_value_below_minimum():
    assert run(with_row("tahun", 2, 1999)).flatten(("row", "column", "code", "value")) == [
        (7, "Tahun", "below-minimum", "1999")]


def test_value_above_maximum():
    assert run(with_row("rasio", 0, 2.25)).flatten(("row", "column", "code", "value")) == [
        (5, "Rasio", "above-maximum", "2.25")]


def test_value_not_in_the_allowed_list():
    assert run(with_row("status", 1, "Negeri ")).flatten() == [(6, "Status", "value-not-allowed")]


def test_value_not_matching_the_pattern_as_a_whole():
    assert run(with_row("npsn", 0, "304000011")).flatten() == [(5, "NPSN", "pattern-mismatch")]


def test_code_outside_the_official_region_codes():
    report = run(with_row("kode_kecamatan", 1, "64.09.05"))
    assert report.flatten(("row", "column", "code", "value")) == [
        (6, "Kode Kec.", "code-not-in-reference", "64.09.05")]


def test_duplicate_key_flags_every_row_and_names_the_other():
    report = run(with_row("kode_kecamatan", 1, "64.09.01") | with_row("tahun", 2, 2023))
    assert sorted(report.flatten()) == [(5, "Tahun, Kode Kec.", "duplicate-key"),
                                        (6, "Tahun, Kode Kec.", "duplicate-key"),
                                        (7, "Tahun, Kode Kec.", "duplicate-key")]
    assert "baris 6, 7" in report.problems[0].message_id


def test_rows_map_back_to_the_spreadsheet_rows_given():
    report = run(with_row("jumlah", 2, -3), rows=[12, 40, 41])
    assert report.flatten() == [(41, "Jumlah", "below-minimum")]


def test_a_required_column_empty_everywhere_is_one_problem():
    report = run({"jumlah": pa.array([None, None, None], pa.int64())})
    assert report.flatten() == [(None, "Jumlah", "required-value-missing")]
    assert "semua baris (3 baris)" in report.problems[0].message_id


def test_long_reports_are_cut_at_the_limit_with_a_count():
    report = run({"jumlah": pa.array([-1, -2, -3], pa.int64())}, limit=2)
    assert report.flatten(("row", "code", "value")) == [(5, "below-minimum", "-1"), (6, "below-minimum", "-2"),
                                                        (None, "below-minimum", None)]
    assert "1 baris lain" in report.problems[-1].message_id


def test_hand_written_expectation_is_applied_with_its_code_and_severity():
    suite = build_suite(SPEC)
    suite["expectations"].append({
        "type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 4},
        "meta": {"code": "too-few-rows", "severity": "warn",
                 "message_id": "Hanya {observed} baris.", "message_en": "Only {observed} rows."},
    })
    report = run(suite=suite)
    assert report.flatten(("row", "column", "code", "severity")) == [(None, None, "too-few-rows", "warn")]
    assert (report.problems[0].message_id, report.problems[0].message_en) == ("Hanya 3 baris.", "Only 3 rows.")
    assert report.valid


def test_hand_written_row_expectation_names_its_rows():
    suite = build_suite(SPEC)
    suite["expectations"].append({"type": "expect_column_values_to_be_between",
                                  "kwargs": {"column": "jumlah", "max_value": 8}})
    assert run(suite=suite).flatten() == [(5, "Jumlah", "expectation-failed")]


def test_hand_written_expectation_that_cannot_run_is_reported_not_swallowed():
    suite = build_suite(SPEC)
    suite["expectations"].append({"type": "expect_column_values_to_be_between",
                                  "kwargs": {"column": "status", "min_value": 0}})
    assert run(suite=suite).flatten() == [(None, "Status", "check-failed-to-run")]


def test_unknown_expectation_type_is_a_suite_error():
    suite = build_suite(SPEC)
    suite["expectations"].append({"type": "expect_nonsense", "kwargs": {}})
    with pytest.raises(SuiteError, match="expect_nonsense"):
        run(suite=suite)


def test_rows_must_match_the_table():
    with pytest.raises(ValueError, match="rows"):
        run(rows=[1, 2])


@pytest.mark.parametrize(("name", "array", "header"), [
    ("rasio", pa.array([1, 0, 1], pa.int64()), "Rasio"),
    ("jumlah", pa.array([10.0, 0.0, 7.0], pa.float64()), "Jumlah"),
    ("aktif", pa.array(["ya", "tidak", None]), "Aktif"),
    ("tanggal", pa.array(["2023-12-31", None, "2024-12-31"]), "Tanggal"),
])
def test_a_column_not_typed_as_the_spec_says_is_wrong_type(name, array, header):
    assert run({name: array}).flatten() == [(None, header, "wrong-type")]


def test_several_table_rows_from_one_spreadsheet_row_keep_their_row():
    # a melted (wide to long) table: table rows 0 and 1 both come from spreadsheet row 9
    report = run(with_row("jumlah", 1, -1), rows=[9, 9, 10])
    assert report.flatten() == [(9, "Jumlah", "below-minimum")]
