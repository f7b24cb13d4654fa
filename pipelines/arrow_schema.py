"""The Arrow/Parquet schema a dataset spec declares."""

from __future__ import annotations

import pyarrow as pa

from pipelines.spec import DatasetSpec

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}


def arrow_schema(spec: DatasetSpec) -> pa.Schema:
    """Columns in spec order, typed, with unit and descriptions (id/en) as field metadata."""
    fields = []
    for col in spec.schema.columns:
        meta = {"type": col.type}
        if col.unit:
            meta["unit"] = col.unit
        if col.description:
            meta["description_id"] = col.description.id
            meta["description_en"] = col.description.en
        fields.append(pa.field(col.name, ARROW_TYPES[col.type], nullable=True, metadata=meta))
    return pa.schema(fields)
