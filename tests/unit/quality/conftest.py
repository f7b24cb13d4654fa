"""Tiny specs and tables for the quality rules: built in the test, one idea each."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest

from pipelines.spec import DatasetSpec

ARROW = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64()}


def make_spec(columns: dict[str, str], rules: list[dict[str, Any]], *, key=(), period="tahun", extra=None):
    cols = []
    for name, typ in columns.items():
        col = {"name": name, "type": typ}
        col.update((extra or {}).get(name, {}))
        cols.append(col)
    return DatasetSpec.model_validate(
        {
            "name": "uji",
            "organization": "diskominfo",
            "title": {"id": "Uji", "en": "Test"},
            "description": {"id": "Uji", "en": "Test"},
            "source": {"match": "uji*.xlsx"},
            "period": {"column": period},
            "schema": {"key": list(key), "columns": cols},
            "rules": rules,
        }
    )


def make_table(spec: DatasetSpec, data: dict[str, list[Any]]) -> pa.Table:
    return pa.table({c.name: pa.array(data[c.name], ARROW[c.type]) for c in spec.schema.columns})


@pytest.fixture
def run():
    """run(spec, data, **kw) -> [(row, column, code)], rows numbered from 2 (header on row 1)."""
    from pipelines.validate.rules import run_rules

    def _run(spec, data, *, flat=True, **kw):
        table = make_table(spec, data)
        headers = {c.name: c.name.replace("_", " ").title() for c in spec.schema.columns}
        problems = run_rules(spec, table, rows=list(range(2, table.num_rows + 2)), headers=headers, **kw)
        return [p.flat() for p in problems] if flat else problems

    return _run
