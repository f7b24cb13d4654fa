"""Facet counts from an in-memory, per-process uninverted index (what Solr does with its field caches).

Counting facets in SQL means expanding every matching row's values (tens of thousands of tuples for
a page that browses all datasets). Instead, each CKAN process keeps, per facet field, a bit mask of
row positions (``pos`` in the search table) for every value. A search fetches the positions of its
hits as one array; a value's count is ``(hits & mask).bit_count()``.

The masks belong to one *generation* of the index: every write, delete or clear adds one to the
generation (``storage.py``), and a field whose masks are older is rebuilt (one ``GROUP BY`` over the
table) on its next use. The generation is read in the same statement as the hits, so counts match the
hits a search returns, except when a write lands between the two statements of a rebuild.
"""

from __future__ import annotations

import threading
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ckanext.satudata.search import fields
from ckanext.satudata.search.storage import STATE, TABLE


def mask_of(positions: list[int]) -> int:
    """An int with bit ``p`` set for every position ``p``."""
    if not positions:
        return 0
    buf = bytearray((max(positions) >> 3) + 1)
    for p in positions:
        buf[p >> 3] |= 1 << (p & 7)
    return int.from_bytes(buf, "little")


def _values_expression(name: str) -> str:
    match fields.kind(name):
        case "column":
            return f"jsonb_build_array({name})"
        case "array":
            return f"to_jsonb({name})"
        case _:
            return "(terms->:field)"


def facetable(name: str) -> bool:
    return fields.kind(name) in ("column", "array", "terms")


class FacetIndex:
    """``field -> (generation, {value: mask})`` for the fields searches have asked facets of."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[int, dict[str, int]]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _refresh(conn: Connection, name: str, since: int, masks: dict[str, int]) -> tuple[int, dict[str, int]]:
        """Masks brought up to date with the rows written after generation ``since``. Deleted rows
        need nothing: their positions are never among the hits."""
        rows = conn.execute(
            sa.text(
                f"SELECT (SELECT generation FROM {STATE}) AS generation, {_values_expression(name)} AS vals,"
                f" array_agg(pos) AS positions FROM {TABLE} WHERE changed > :since GROUP BY 2"
            ),
            {"field": name, "since": since},
        ).all()
        if not rows:
            return conn.execute(sa.text(f"SELECT generation FROM {STATE}")).scalar_one(), masks
        rewritten = mask_of([p for row in rows for p in row.positions])
        added: dict[str, list[int]] = {}
        for row in rows:
            values = row.vals if isinstance(row.vals, list) else [] if row.vals is None else [row.vals]
            for value in dict.fromkeys(v if isinstance(v, str) else str(v) for v in values if v is not None):
                added.setdefault(value, []).extend(row.positions)
        fresh = {value: mask & ~rewritten for value, mask in masks.items()}
        for value, positions in added.items():
            fresh[value] = fresh.get(value, 0) | mask_of(positions)
        return rows[0].generation, {value: mask for value, mask in fresh.items() if mask}

    def masks(self, conn: Connection, name: str, generation: int) -> dict[str, int]:
        with self._lock:
            cached = self._fields.get(name)
        if cached is None or cached[0] != generation:
            since, masks = cached if cached is not None else (-1, {})
            cached = self._refresh(conn, name, since, masks)
            with self._lock:
                self._fields[name] = cached
        return cached[1]

    def counts(self, conn: Connection, names: list[str], generation: int, hits: int) -> dict[str, Any]:
        """``{field: {value: count}}`` for the hits mask ``hits``."""
        out = {}
        for name in names:
            if not facetable(name):
                out[name] = {}
                continue
            out[name] = {v: (hits & m).bit_count() for v, m in self.masks(conn, name, generation).items()}
        return out
