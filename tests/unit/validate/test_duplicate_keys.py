"""Duplicate keys on large hand-ins: an empty key cell is no duplicate, and each problem stays short."""

import pyarrow as pa
import pytest

from pipelines.spec import parse_spec
from pipelines.validate.expectations import validate_table
from pipelines.validate.suite import build_suite

ROWS = 3000


def spec(*, code_required: bool):
    return parse_spec(
        {
            "name": "fasilitas-kesehatan-desa",
            "organization": "dinkes",
            "title": {"id": "Fasilitas kesehatan", "en": "Health facilities"},
            "description": {"id": "Contoh", "en": "Example"},
            "source": {"match": "faskes*.csv"},
            "period": {"column": "tahun"},
            "schema": {
                "key": ["tahun", "kode_desa"],
                "columns": [
                    {"name": "tahun", "type": "integer", "required": True},
                    {"name": "kode_desa", "type": "string", "required": code_required},
                    {"name": "posyandu", "type": "integer", "min": 0},
                ],
            },
        },
        "datasets/dinkes/fasilitas-kesehatan-desa.yaml",
    )


HEADERS = {"tahun": "Tahun", "kode_desa": "Kode Wilayah", "posyandu": "Posyandu"}


def check(codes: list[str | None], *, code_required: bool = True):
    s = spec(code_required=code_required)
    table = pa.table({
        "tahun": pa.array([2024] * len(codes), pa.int64()),
        "kode_desa": pa.array(codes, pa.string()),
        "posyandu": pa.array([3] * len(codes), pa.int64()),
    })
    rows = [i + 5 for i in range(len(codes))]  # data starts on spreadsheet row 5
    return validate_table(s, table, rows=rows, headers=HEADERS, suite=build_suite(s))


def test_an_empty_key_column_is_one_missing_value_problem_not_thousands_of_duplicates():
    problems = check([None] * ROWS)
    assert [(p.row, p.column, p.code) for p in problems] == [(None, "Kode Wilayah", "required-value-missing")]


@pytest.mark.parametrize("code_required", [True, False])
def test_rows_with_an_empty_key_part_are_not_duplicates_of_each_other(code_required):
    codes = [None if i % 2 else f"64.09.01.{2000 + i}" for i in range(ROWS)]
    codes[10] = codes[0]  # one real duplicate: rows 5 and 15
    problems = check(codes, code_required=code_required)
    duplicates = [(p.row, p.value) for p in problems if p.code == "duplicate-key"]
    assert duplicates == [(5, "2024 / 64.09.01.2000"), (15, "2024 / 64.09.01.2000")]
    assert "juga di baris 15)" in next(p for p in problems if p.code == "duplicate-key").message_id
    missing = [p for p in problems if p.code == "required-value-missing"]
    assert len(missing) == (1001 if code_required else 0)  # the limit, then one "and N more"


def test_one_key_on_thousands_of_rows_names_ten_other_rows_and_counts_the_rest():
    problems = check(["64.09.01.2001"] * ROWS)
    assert [p.code for p in problems] == ["duplicate-key"] * 1001
    first, last = problems[0], problems[-2]
    assert first.row == 5 and "juga di baris 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 dan 2989 baris lain)" \
        in first.message_id
    assert "also on row 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 and 2989 more rows)" in first.message_en
    assert last.row == 1004 and "juga di baris 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 dan 2989 baris lain" \
        in last.message_id
    assert "2000 baris lain" in problems[-1].message_id  # rows beyond the limit are counted
    assert max(len(p.message_id) + len(p.message_en) for p in problems) < 400
    assert sum(len(p.message_id) + len(p.message_en) + len(p.hint_id) + len(p.hint_en) for p in problems) < 600_000
