"""Facet counts from an in-memory, per-process uninverted index (what Solr does with its field caches).

Counting facets in SQL means expanding every matching row's values (tens of thousands of tuples for
a page that browses all datasets). Instead, each CKAN process keeps, per facet field, a bit mask of
row positions (``pos`` in the search table) for every value. A search fetches the positions of its
hits as one array; a value's count is ``(hits & mask).bit_count()``.

The masks belong to one *generation* of the index: every write, delete or clear adds one to the
generation (``storage.py``). A field whose masks are older re-reads, on its next use, only the rows
written since (``changed``); a deleted row needs nothing, as its position is never among the hits.
The generation is read in the same statement as the hits, so counts match the hits a search returns,
except when a write lands between that statement and a refresh.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ckanext.satudata.search import fields
from ckanext.satudata.search.storage import TABLE, VERSION

# The positions of a set of rows as one bytea of 4-byte big-endian integers: read as an array without
# parsing (a text ``array_agg`` of 100,000 positions costs ~80 ms to parse in Python, this ~0.1 ms).
PACKED_POSITIONS = "string_agg(int4send(pos), ''::bytea)"


def unpack(packed: bytes | memoryview | None) -> np.ndarray:
    """The positions of a ``PACKED_POSITIONS`` value (None, for no row, is none)."""
    return np.frombuffer(bytes(packed or b""), dtype=">i4").astype(np.int64)


def mask_of(positions) -> int:
    """An int with bit ``p`` set for every position ``p`` (a sequence or an array of ints)."""
    pos = np.asarray(positions, dtype=np.int64)
    if pos.size == 0:
        return 0
    bits = np.zeros(int(pos.max()) + 1, dtype=bool)
    bits[pos] = True
    return int.from_bytes(np.packbits(bits, bitorder="little").tobytes(), "little")


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
    """``field -> (version, {value: mask})`` for the fields searches have asked facets of; a version
    is ``epoch/generation`` (``storage.VERSION``). Any caller may name any field, so at most
    ``MAX_FIELDS`` are kept: the least recently refreshed goes first."""

    MAX_FIELDS = 100

    def __init__(self) -> None:
        self._fields: dict[str, tuple[str, dict[str, int]]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _refresh(conn: Connection, name: str, since: int, masks: dict[str, int]) -> tuple[str, dict[str, int]]:
        """Masks brought up to date with the rows written after generation ``since``. Deleted rows
        need nothing: their positions are never among the hits."""
        rows = conn.execute(
            sa.text(
                f"SELECT {VERSION} AS version, {_values_expression(name)} AS vals,"
                f" {PACKED_POSITIONS} AS positions FROM {TABLE} WHERE changed > :since GROUP BY 2"
            ),
            {"field": name, "since": since},
        ).all()
        if not rows:
            return conn.execute(sa.text(f"SELECT {VERSION}")).scalar_one(), masks
        unpacked = [unpack(row.positions) for row in rows]
        rewritten = mask_of(np.concatenate(unpacked))
        added: dict[str, list[np.ndarray]] = {}
        for row, positions in zip(rows, unpacked, strict=True):
            values = row.vals if isinstance(row.vals, list) else [] if row.vals is None else [row.vals]
            for value in dict.fromkeys(v if isinstance(v, str) else str(v) for v in values if v is not None):
                added.setdefault(value, []).append(positions)
        fresh = {value: mask & ~rewritten for value, mask in masks.items()}
        for value, arrays in added.items():
            fresh[value] = fresh.get(value, 0) | mask_of(np.concatenate(arrays))
        return rows[0].version, {value: mask for value, mask in fresh.items() if mask}

    def masks(self, conn: Connection, name: str, version: str) -> dict[str, int]:
        with self._lock:
            cached = self._fields.get(name)
        if cached is None or cached[0] != version:
            since, masks = -1, {}
            if cached is not None and cached[0].split("/")[0] == version.split("/")[0]:
                since, masks = int(cached[0].split("/")[1]), cached[1]
            cached = self._refresh(conn, name, since, masks)
            with self._lock:
                self._fields.pop(name, None)
                self._fields[name] = cached
                while len(self._fields) > self.MAX_FIELDS:
                    del self._fields[next(iter(self._fields))]
        return cached[1]

    def counts(self, conn: Connection, names: list[str], version: str, hits: int,
               visible: int) -> dict[str, Any]:
        """``{field: {value: count}}`` for the hits mask ``hits``, with only the values held by at
        least one row of ``visible`` (the rows the caller may see; ``hits`` is a part of it). The
        masks cover every row, private datasets' included: a value of no visible row is left out."""
        out = {}
        for name in names:
            if not facetable(name):
                out[name] = {}
                continue
            out[name] = {v: (hits & m).bit_count() for v, m in self.masks(conn, name, version).items()
                         if visible & m}
        return out
