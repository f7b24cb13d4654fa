"""The search index as one PostgreSQL table in CKAN's own catalogue database.

One row per indexed dataset (key: ``index_id``, as in CKAN's Solr schema), holding:

- ``doc``: the document CKAN built for Solr, minus the two JSON copies of the dataset;
- ``data_dict`` / ``validated_data_dict``: those copies, as text, returned as they are;
- ``terms``: ``{field: [values]}`` for every non-text field (values as strings, de-duplicated):
  exact filters (``@>``, GIN-indexed) and facet counts read it;
- ``tsv``: the weighted text vector (A name and title, B tags, groups and organisation, C notes,
  custom fields and resources, D the rest), 'simple' configuration;
- ``metadata_created``, ``metadata_modified``, ``title_sort``: typed columns for sorting.

Writes go through CKAN's SQLAlchemy engine on their own connection and commit at once (as Solr
would), so a write made after CKAN's own commit, or by ``search-index clear``, is never lost.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from ckanext.satudata.search.sql import TEXT_FIELDS

TABLE = "satudata_search_package"

_DDL = [
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        index_id text PRIMARY KEY,
        id text NOT NULL,
        name text NOT NULL,
        site_id text NOT NULL,
        metadata_created timestamptz,
        metadata_modified timestamptz,
        title_sort text,
        doc jsonb NOT NULL,
        terms jsonb NOT NULL,
        tsv tsvector NOT NULL,
        data_dict text,
        validated_data_dict text,
        indexed_at timestamptz NOT NULL DEFAULT now()
    )""",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_terms ON {TABLE} USING gin (terms jsonb_path_ops)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_tsv ON {TABLE} USING gin (tsv)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_id ON {TABLE} (id)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_name ON {TABLE} (name)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_modified ON {TABLE} (metadata_modified)",
]

_NOT_TERMS = TEXT_FIELDS | {"data_dict", "validated_data_dict", "title_string", "index_id"}
_MAX_TERM = 1000
_WEIGHT_A = ("name", "title")
_WEIGHT_B = ("tags", "groups", "organization")
_WEIGHT_C = ("notes", "res_name", "res_description")
_WEIGHT_D = ("author", "maintainer", "license_title", "res_format", "text")

_UPSERT = f"""
INSERT INTO {TABLE} (index_id, id, name, site_id, metadata_created, metadata_modified, title_sort,
                     doc, terms, tsv, data_dict, validated_data_dict, indexed_at)
VALUES (:index_id, :id, :name, :site_id, :metadata_created, :metadata_modified, :title_sort,
        CAST(:doc AS jsonb), CAST(:terms AS jsonb),
        setweight(to_tsvector('simple', :text_a), 'A') || setweight(to_tsvector('simple', :text_b), 'B')
        || setweight(to_tsvector('simple', :text_c), 'C') || setweight(to_tsvector('simple', :text_d), 'D'),
        :data_dict, :validated_data_dict, now())
ON CONFLICT (index_id) DO UPDATE SET
    id = EXCLUDED.id, name = EXCLUDED.name, site_id = EXCLUDED.site_id,
    metadata_created = EXCLUDED.metadata_created, metadata_modified = EXCLUDED.metadata_modified,
    title_sort = EXCLUDED.title_sort, doc = EXCLUDED.doc, terms = EXCLUDED.terms, tsv = EXCLUDED.tsv,
    data_dict = EXCLUDED.data_dict, validated_data_dict = EXCLUDED.validated_data_dict,
    indexed_at = EXCLUDED.indexed_at
"""


def ensure_schema(engine: Engine) -> None:
    """Create the table and its indexes when missing (safe to run from several processes)."""
    with engine.begin() as conn:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:t))"), {"t": TABLE})
        for statement in _DDL:
            conn.execute(sa.text(statement))


def _as_strings(value: Any) -> list[str]:
    items = value if isinstance(value, (list, tuple)) else [value]
    out: list[str] = []
    for item in items:
        if item is None or isinstance(item, dict):
            continue
        text = ("true" if item else "false") if isinstance(item, bool) else str(item)
        if len(text) <= _MAX_TERM and text not in out:
            out.append(text)
    return out


def terms_of(doc: dict[str, Any]) -> dict[str, list[str]]:
    """``{field: [values]}`` for the exact-match fields of an index document."""
    terms = {}
    for key, value in doc.items():
        if key in _NOT_TERMS:
            continue
        values = _as_strings(value)
        if values:
            terms[key] = values
    return terms


def _joined(doc: dict[str, Any], keys: tuple[str, ...] | list[str]) -> str:
    parts: list[str] = []
    for key in keys:
        value = doc.get(key)
        for item in value if isinstance(value, (list, tuple)) else [value]:
            if isinstance(item, str) and item:
                parts.append(item)
    return "\n".join(parts)


def _organization_title(data_dict: str | None) -> str:
    try:
        organization = json.loads(data_dict or "{}").get("organization") or {}
    except ValueError:
        return ""
    return organization.get("title") or ""


def _timestamp(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def row_of(document: dict[str, Any]) -> dict[str, Any]:
    """The table row for one document built by CKAN's ``PackageSearchIndex.index_package``."""
    doc = {k: v for k, v in document.items() if v is not None}
    data_dict = doc.pop("data_dict", None)
    validated = doc.pop("validated_data_dict", None)
    custom = sorted(k for k in doc if k.startswith(("extras_", "vocab_")))
    title = doc.get("title_string") or doc.get("title") or ""
    return {
        "index_id": doc["index_id"],
        "id": doc["id"],
        "name": doc.get("name") or doc["id"],
        "site_id": doc.get("site_id") or "",
        "metadata_created": _timestamp(doc.get("metadata_created")),
        "metadata_modified": _timestamp(doc.get("metadata_modified")),
        "title_sort": title.strip().lower(),
        "doc": json.dumps(doc, default=str),
        "terms": json.dumps(terms_of(doc), default=str),
        "text_a": _joined(doc, _WEIGHT_A),
        "text_b": _joined(doc, _WEIGHT_B) + "\n" + _organization_title(data_dict),
        "text_c": _joined(doc, list(_WEIGHT_C) + custom),
        "text_d": _joined(doc, _WEIGHT_D),
        "data_dict": data_dict,
        "validated_data_dict": validated,
    }


def write(engine: Engine, documents: list[dict[str, Any]]) -> None:
    rows = [row_of(d) for d in documents]
    if rows:
        with engine.begin() as conn:
            conn.execute(sa.text(_UPSERT), rows)


def delete(engine: Engine, site_id: str, reference: str) -> None:
    """Remove the dataset whose id or name is ``reference``."""
    with engine.begin() as conn:
        conn.execute(
            sa.text(f"DELETE FROM {TABLE} WHERE site_id = :site AND (id = :ref OR name = :ref)"),
            {"site": site_id, "ref": reference},
        )


def clear(engine: Engine, site_id: str) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text(f"DELETE FROM {TABLE} WHERE site_id = :site"), {"site": site_id})


def document(engine: Engine, site_id: str, reference: str) -> dict[str, Any] | None:
    """The stored document (with ``data_dict`` and ``validated_data_dict``) of one dataset."""
    with engine.connect() as conn:
        row = conn.execute(
            sa.text(
                f"SELECT doc, data_dict, validated_data_dict FROM {TABLE} "
                "WHERE site_id = :site AND (id = :ref OR name = :ref) LIMIT 1"
            ),
            {"site": site_id, "ref": reference},
        ).first()
    if row is None:
        return None
    return dict(row.doc, data_dict=row.data_dict, validated_data_dict=row.validated_data_dict)


def active_ids(engine: Engine, site_id: str, limit: int) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                f"SELECT id FROM {TABLE} WHERE site_id = :site "
                """AND terms @> '{"state": ["active"]}' ORDER BY id LIMIT :limit"""
            ),
            {"site": site_id, "limit": limit},
        )
        return [r.id for r in rows]
