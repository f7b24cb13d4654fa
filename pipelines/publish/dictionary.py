"""The data dictionary, derived from the spec (never written by hand): a Frictionless Table Schema
for download, and the DataStore field definitions with the same names, types, units and
descriptions in Indonesian and English."""

from __future__ import annotations

from typing import Any

from pipelines.spec import Column, DatasetSpec

# spec type -> (Table Schema type, DataStore/PostgreSQL type)
TYPES = {
    "string": ("string", "text"),
    "integer": ("integer", "int8"),
    "number": ("number", "float8"),
    "boolean": ("boolean", "bool"),
    "date": ("date", "date"),
}


def _descriptions(column: Column) -> tuple[str, str]:
    if column.description:
        return column.description.id, column.description.en
    return "", ""


def table_schema(spec: DatasetSpec) -> dict[str, Any]:
    """The Table Schema (https://specs.frictionlessdata.io/table-schema/) of the dataset."""
    fields = []
    for column in spec.schema.columns:
        desc_id, desc_en = _descriptions(column)
        field: dict[str, Any] = {
            "name": column.name,
            "type": TYPES[column.type][0],
            "description": desc_id,
            "description_en": desc_en,
        }
        if column.unit:
            field["unit"] = column.unit
        if column.type == "number" and column.scale is not None:
            field["scale"] = column.scale  # exact decimal with this many digits after the point
        constraints: dict[str, Any] = {}
        if column.required or column.name in spec.schema.key:
            constraints["required"] = True
        if column.min is not None:
            constraints["minimum"] = column.min
        if column.max is not None:
            constraints["maximum"] = column.max
        if column.allowed:
            constraints["enum"] = list(column.allowed)
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if spec.schema.key:
        schema["primaryKey"] = list(spec.schema.key)
    return schema


def datastore_fields(spec: DatasetSpec) -> list[dict[str, Any]]:
    """``datastore_create`` fields: declared types (a number with a ``scale`` is exact ``numeric``)
    plus the data dictionary as field ``info``."""
    fields = []
    for column in spec.schema.columns:
        desc_id, desc_en = _descriptions(column)
        info = {"label": column.name, "notes": desc_id, "notes_en": desc_en}
        if column.unit:
            info["unit"] = column.unit
        exact = column.type == "number" and column.scale is not None
        fields.append({"id": column.name, "type": "numeric" if exact else TYPES[column.type][1], "info": info})
    return fields
