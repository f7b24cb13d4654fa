"""The GX suite derived from a spec: exact expectations, hand-written ones kept, files stable."""

import json
from pathlib import Path

import pytest

from pipelines.spec import SpecError, parse_spec
from pipelines.validate.suite import (
    build_suite,
    is_stale,
    load_suite,
    render,
    suite_path,
    write_suite,
)

SPEC = {
    "name": "penduduk-kecamatan",
    "organization": "disdukcapil",
    "title": {"id": "Penduduk per Kecamatan", "en": "Population by District"},
    "description": {"id": "Contoh", "en": "Example"},
    "source": {"match": "penduduk*.xlsx"},
    "period": {"column": "tahun"},
    "schema": {
        "key": ["tahun", "kode_kecamatan"],
        "columns": [
            {"name": "tahun", "type": "integer", "required": True, "min": 2000, "max": 2100},
            {"name": "kode_kecamatan", "type": "string", "required": True,
             "reference": "kemendagri.kecamatan", "within": "64.09"},
            {"name": "status", "type": "string", "allowed": ["negeri", "swasta"], "pattern": "[a-z]+"},
            {"name": "rasio", "type": "number", "max": 1.5},
            {"name": "aktif", "type": "boolean"},
            {"name": "tanggal", "type": "date"},
        ],
    },
}

HAND_WRITTEN = {
    "type": "expect_table_row_count_to_be_between",
    "kwargs": {"min_value": 4, "max_value": 4},
    "meta": {"code": "row-count", "note": "exactly four kecamatan"},
}


def spec(**changes):
    return parse_spec({**SPEC, **changes}, "datasets/disdukcapil/penduduk-kecamatan.yaml")


def gen(rule, column):
    return {"generated": True, "column": column, "rule": rule}


def test_suite_holds_exactly_the_expectations_the_spec_declares():
    got = [(e["type"], e["kwargs"], e["meta"]) for e in build_suite(spec())["expectations"]]
    assert got == [
        ("expect_column_to_exist", {"column": "tahun"}, gen("exists", "tahun")),
        ("expect_column_values_to_be_in_type_list", {"column": "tahun", "type_list": ["int64", "Int64Dtype"]},
         gen("type", "tahun")),
        ("expect_column_values_to_not_be_null", {"column": "tahun"}, gen("required", "tahun")),
        ("expect_column_values_to_be_between", {"column": "tahun", "min_value": 2000, "max_value": 2100},
         gen("min_max", "tahun")),
        ("expect_column_to_exist", {"column": "kode_kecamatan"}, gen("exists", "kode_kecamatan")),
        ("expect_column_values_to_be_in_type_list",
         {"column": "kode_kecamatan", "type_list": ["StringDtype"]}, gen("type", "kode_kecamatan")),
        ("expect_column_values_to_not_be_null", {"column": "kode_kecamatan"}, gen("required", "kode_kecamatan")),
        ("expect_column_values_to_be_in_set",
         {"column": "kode_kecamatan", "value_set": ["64.09.01", "64.09.02", "64.09.03", "64.09.04"]},
         gen("reference", "kode_kecamatan")),
        ("expect_column_to_exist", {"column": "status"}, gen("exists", "status")),
        ("expect_column_values_to_be_in_type_list", {"column": "status", "type_list": ["StringDtype"]},
         gen("type", "status")),
        ("expect_column_values_to_be_in_set", {"column": "status", "value_set": ["negeri", "swasta"]},
         gen("allowed", "status")),
        ("expect_column_values_to_match_regex", {"column": "status", "regex": "^(?:[a-z]+)$"},
         gen("pattern", "status")),
        ("expect_column_to_exist", {"column": "rasio"}, gen("exists", "rasio")),
        ("expect_column_values_to_be_in_type_list", {"column": "rasio", "type_list": ["float64"]},
         gen("type", "rasio")),
        ("expect_column_values_to_be_between", {"column": "rasio", "max_value": 1.5}, gen("min_max", "rasio")),
        ("expect_column_to_exist", {"column": "aktif"}, gen("exists", "aktif")),
        ("expect_column_values_to_be_in_type_list", {"column": "aktif", "type_list": ["BooleanDtype"]},
         gen("type", "aktif")),
        ("expect_column_to_exist", {"column": "tanggal"}, gen("exists", "tanggal")),
        ("expect_column_values_to_be_in_type_list", {"column": "tanggal", "type_list": ["datetime64[ms]"]},
         gen("type", "tanggal")),
        ("expect_compound_columns_to_be_unique", {"column_list": ["tahun", "kode_kecamatan"]},
         gen("key", ["tahun", "kode_kecamatan"])),
    ]


def test_suite_is_named_for_the_dataset_and_carries_no_ids_or_timestamps():
    suite = build_suite(spec())
    assert suite["name"] == "disdukcapil.penduduk-kecamatan"
    assert suite["meta"]["dataset"] == "disdukcapil/penduduk-kecamatan"
    assert set(suite) == {"name", "expectations", "meta"}
    assert all(set(e) == {"type", "kwargs", "meta"} for e in suite["expectations"])
    assert render(build_suite(spec())) == render(suite)


def test_single_column_key_uses_column_uniqueness():
    one = spec(schema={**SPEC["schema"], "key": ["kode_kecamatan"]})
    last = build_suite(one)["expectations"][-1]
    assert (last["type"], last["kwargs"]) == ("expect_column_values_to_be_unique", {"column": "kode_kecamatan"})


def test_allowed_values_are_compared_as_the_column_type():
    data = {**SPEC["schema"], "columns": [*SPEC["schema"]["columns"][:2],
                                          {"name": "kelas", "type": "integer", "allowed": ["1", "2", "3"]}]}
    got = [e for e in build_suite(spec(schema=data))["expectations"] if e["meta"]["rule"] == "allowed"]
    assert got[0]["kwargs"]["value_set"] == [1, 2, 3]


def test_reference_without_within_is_left_to_the_quality_rules():
    cols = [dict(c) for c in SPEC["schema"]["columns"]]
    del cols[1]["within"]
    rules = [e["meta"]["rule"] for e in build_suite(spec(schema={**SPEC["schema"], "columns": cols}))["expectations"]]
    assert "reference" not in rules


def test_unknown_reference_names_the_spec_field():
    cols = [dict(c) for c in SPEC["schema"]["columns"]]
    cols[1]["reference"] = "kemendagri.rt"
    with pytest.raises(SpecError) as err:
        build_suite(spec(schema={**SPEC["schema"], "columns": cols}))
    assert err.value.field == "schema.columns[1:kode_kecamatan].reference"


def test_suite_path_is_validations_opd_name(tmp_path: Path):
    assert suite_path(spec(), tmp_path) == tmp_path / "validations" / "disdukcapil" / "penduduk-kecamatan.json"


def test_write_then_not_stale_and_a_spec_change_makes_it_stale(tmp_path: Path):
    path = write_suite(spec(), tmp_path)
    assert json.loads(path.read_text()) == build_suite(spec())
    assert not is_stale(spec(), tmp_path)
    cols = [dict(c) for c in SPEC["schema"]["columns"]]
    cols[3]["max"] = 2.0
    assert is_stale(spec(schema={**SPEC["schema"], "columns": cols}), tmp_path)


def test_regenerating_keeps_hand_written_expectations(tmp_path: Path):
    path = write_suite(spec(), tmp_path)
    stored = json.loads(path.read_text())
    stored["expectations"].insert(0, HAND_WRITTEN)
    del stored["expectations"][1]  # a generated one lost by hand: regenerating brings it back
    path.write_text(json.dumps(stored))
    assert is_stale(spec(), tmp_path)
    write_suite(spec(), tmp_path)
    again = json.loads(path.read_text())["expectations"]
    assert again == build_suite(spec())["expectations"] + [HAND_WRITTEN]
    assert not is_stale(spec(), tmp_path)


def test_load_suite_is_fresh_generation_plus_hand_written(tmp_path: Path):
    path = suite_path(spec(), tmp_path)
    path.parent.mkdir(parents=True)
    old = {**HAND_WRITTEN, "meta": {"generated": False}}
    stale_generated = {"type": "expect_column_to_exist", "kwargs": {"column": "gone"}, "meta": {"generated": True}}
    path.write_text(json.dumps({"name": "x", "expectations": [stale_generated, old]}))
    assert load_suite(spec(), tmp_path)["expectations"] == build_suite(spec())["expectations"] + [old]


def test_load_suite_without_a_file_is_the_generated_suite(tmp_path: Path):
    assert load_suite(spec(), tmp_path) == build_suite(spec())
