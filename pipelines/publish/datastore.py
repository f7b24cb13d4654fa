"""Filling the DataStore table of a (staged) resource with every period's rows.

Fast path: the portal's ``satudata_load`` plugin copies the uploaded Parquet resources into the
table server-side (``satudata_datastore_load``, PostgreSQL ``COPY``). Plain path, for portals
without it: ``datastore_create`` with the declared fields, then ``datastore_upsert`` in chunks.
A chunk whose answer was lost is only re-sent when the table's row count shows it did not land,
so a retry never duplicates rows.
"""

from __future__ import annotations

import datetime
import decimal
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from pipelines.publish.calls import Portal
from pipelines.publish.dictionary import datastore_fields
from pipelines.publish.errors import PublishError
from pipelines.spec import DatasetSpec

FAST_ACTION = "satudata_datastore_load"
CHUNK_ROWS = 20000


@dataclass(frozen=True)
class Source:
    """One period's Parquet file: its resource on the portal and, when at hand, the local copy."""

    period: str
    resource_id: str
    path: Path | None
    url: str | None = None


def full_text_columns(spec: DatasetSpec) -> list[str]:
    """The columns ``datastore_search`` ``q`` searches in the tables this loader builds: the text
    columns (names, codes). Numbers, dates and booleans are found with ``filters`` or SQL; leaving
    them out keeps the full-text index small (a column of unique numbers makes it several times
    larger and slower to build). CKAN's own trigger (the plain path) indexes every column."""
    return [c.name for c in spec.schema.columns if c.type == "string"]


def has_fast_loader(portal: Portal) -> bool:
    """Does the portal offer ``satudata_datastore_load`` (plugin enabled, pyarrow installed)?"""
    return portal.find("help_show", {"name": FAST_ACTION}) is not None


def load_fast(portal: Portal, spec: DatasetSpec, resource_id: str, sources: list[Source]) -> int:
    result = portal.call(
        FAST_ACTION,
        {
            "resource_id": resource_id,
            "sources": [s.resource_id for s in sources],
            "fields": datastore_fields(spec),
            "primary_key": list(spec.schema.key),
            "full_text": full_text_columns(spec),
        },
    )
    return int(result["rows"])


def _json_value(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, decimal.Decimal):
        return format(value, "f")  # exact: PostgreSQL numeric reads the digits
    return value


def _row_count(portal: Portal, resource_id: str) -> int:
    # distinct: counts the table itself, not the cached count a lost write may have left stale
    result = portal.call(
        "datastore_search", {"resource_id": resource_id, "limit": 0, "include_total": True, "distinct": True}
    )
    return int(result["total"])


def _insert(portal: Portal, resource_id: str, records: list[dict[str, Any]], before: int) -> None:
    """Insert one chunk; after a lost answer, re-send only if the rows did not land."""
    for _ in range(portal.retry.attempts):
        try:
            portal.call(
                "datastore_upsert",
                {"resource_id": resource_id, "records": records, "method": "insert", "force": True,
                 "calculate_record_count": False},
                idempotent=False,
            )
            return
        except PublishError as exc:
            if exc.status is not None and exc.status < 500:
                raise
            landed = _row_count(portal, resource_id)
            if landed == before + len(records):
                return
            if landed != before:
                raise PublishError(
                    f"datastore_upsert: table {resource_id} holds {landed} rows, expected {before}",
                    action="datastore_upsert",
                ) from exc
    raise PublishError(f"datastore_upsert: chunk not stored after {portal.retry.attempts} attempts",
                       action="datastore_upsert")


def load_plain(portal: Portal, spec: DatasetSpec, resource_id: str, sources: list[Source], workdir: Path) -> int:
    create: dict[str, Any] = {"resource_id": resource_id, "fields": datastore_fields(spec), "records": [],
                              "force": True}
    if spec.schema.key:
        create["primary_key"] = list(spec.schema.key)
    portal.call("datastore_create", create)
    rows = 0
    for source in sources:
        path = source.path
        if path is None:
            if not source.url:
                raise PublishError(f"period {source.period}: no file and no download URL", dataset=spec.name)
            path = portal.download(source.url, workdir / f"kept-{source.period}.parquet")
        for batch in pq.ParquetFile(path).iter_batches(batch_size=CHUNK_ROWS):
            records = [{k: _json_value(v) for k, v in row.items()} for row in batch.to_pylist()]
            _insert(portal, resource_id, records, rows)
            rows += len(records)
    portal.call("datastore_search", {"resource_id": resource_id, "limit": 0})
    return rows
