"""Exact types (issue 11.2): a number with a ``scale`` (money) is ``decimal128`` in Parquet, ``numeric``
in the DataStore and plain digits in CSV; other floats are never written in scientific notation;
integers stay integers."""

import decimal

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from pipelines.arrow_schema import arrow_schema
from pipelines.parquet import parquet_schema, read_history, write_periods
from pipelines.publish.artifacts import check_parquet
from pipelines.publish.csv_export import write_csv
from pipelines.publish.datastore import _json_value
from pipelines.publish.dictionary import datastore_fields, table_schema
from pipelines.spec import SpecError, load_spec, parse_spec, project_root

BUDGET = {
    "name": "anggaran", "organization": "bkad",
    "title": {"id": "Anggaran", "en": "Budget"}, "description": {"id": "-", "en": "-"},
    "source": {"match": "anggaran*.csv"}, "period": {"column": "tahun"},
    "schema": {"key": ["tahun", "kode"], "columns": [
        {"name": "tahun", "type": "integer"},
        {"name": "kode", "type": "string"},
        {"name": "anggaran", "type": "number", "unit": "Rupiah", "scale": 2},
        {"name": "persen", "type": "number"},
    ]},
}
SPEC = parse_spec(BUDGET, "bkad/anggaran.yaml")


def typed(amounts, percents, years=None):
    n = len(amounts)
    return pa.Table.from_arrays([
        pa.array(years or [2024] * n, pa.int64()), pa.array([f"5.1.{i}" for i in range(n)]),
        pa.array(amounts, pa.float64()), pa.array(percents, pa.float64()),
    ], schema=arrow_schema(SPEC))


def test_scale_is_only_for_numbers():
    bad = {**BUDGET, "schema": {"key": ["tahun"], "columns": [{"name": "tahun", "type": "integer", "scale": 2}]}}
    with pytest.raises(SpecError, match="scale is for type number"):
        parse_spec(bad, "bkad/x.yaml")


def test_the_budget_spec_declares_its_money_exact():
    spec = load_spec(project_root() / "datasets/bkad/realisasi-anggaran-bulanan.yaml")
    money = {c.name for c in spec.schema.columns if c.unit == "Rupiah"}
    assert money and all(spec.schema.column(name).scale == 2 for name in money)


def test_money_is_decimal128_in_parquet_rounded_at_its_scale(tmp_path):
    files = write_periods(SPEC, typed([62500000000.0, 1234567.89, 0.1 + 0.2, None], [12.5, 0.1, 3.0, None]),
                          tmp_path)
    written = pq.read_table(files[0].path)
    assert written.schema.field("anggaran").type == pa.decimal128(38, 2)
    assert written.schema.field("tahun").type == pa.int64() and written.schema.field("persen").type == pa.float64()
    assert written.column("anggaran").to_pylist() == [decimal.Decimal("62500000000.00"),
                                                     decimal.Decimal("1234567.89"), decimal.Decimal("0.30"), None]
    assert pq.read_schema(files[0].path).field("anggaran").metadata[b"unit"] == b"Rupiah"
    assert check_parquet(SPEC, "2024", files[0].path) == 4
    assert [(f.name, f.type) for f in parquet_schema(SPEC)] == [(f.name, f.type) for f in pq.read_schema(
        files[0].path)]


def test_history_reads_money_back_as_the_typed_table_has_it(tmp_path):
    write_periods(SPEC, typed([1.5, 2.25], [1.0, 2.0], years=[2023, 2024]), tmp_path)
    history = read_history(SPEC, tmp_path)
    assert history.schema.field("anggaran").type == pa.float64()
    assert sorted(history.column("anggaran").to_pylist()) == [1.5, 2.25]


def test_csv_holds_plain_digits_never_scientific_notation(tmp_path):
    files = write_periods(SPEC, typed([62500000000.0, 1234567.89], [9.99999999999999e12, 1e-7]), tmp_path)
    write_csv(files[0].path, tmp_path / "out.csv")
    text = (tmp_path / "out.csv").read_text()
    assert "e+" not in text and "e-" not in text and "E" not in text
    lines = text.splitlines()
    assert lines[1].startswith('2024,"5.1.0",62500000000.00,"9999999999999.99"')
    assert lines[2].startswith('2024,"5.1.1",1234567.89,"0.0000001"')
    back = pacsv.read_csv(tmp_path / "out.csv", convert_options=pacsv.ConvertOptions(
        column_types={"persen": pa.float64()}))
    assert back.column("persen").to_pylist() == [9.99999999999999e12, 1e-7]


def test_float_columns_of_small_scale_stay_unquoted_numbers(tmp_path):
    files = write_periods(SPEC, typed([1.0], [62500000000.0]), tmp_path)
    write_csv(files[0].path, tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_text().splitlines()[1] == '2024,"5.1.0",1.00,62500000000.0'


def test_datastore_and_dictionary_declare_money_numeric_and_integers_int8():
    types = {f["id"]: f["type"] for f in datastore_fields(SPEC)}
    assert types == {"tahun": "int8", "kode": "text", "anggaran": "numeric", "persen": "float8"}
    fields = {f["name"]: f for f in table_schema(SPEC)["fields"]}
    assert fields["anggaran"]["type"] == "number" and fields["anggaran"]["scale"] == 2


def test_the_plain_datastore_path_sends_decimals_as_exact_digits():
    assert _json_value(decimal.Decimal("62500000000.00")) == "62500000000.00"
