"""Cheap looks at big text columns, chunk by chunk, without copying the cells.

A CSV read by pyarrow comes as dozens of chunks per column, and pyarrow's ``take`` on a chunked
column first joins every chunk (a copy of the whole column) to pick a few cells. ``take`` here
picks from each chunk. The byte-level checks read the Arrow buffers directly with numpy: the first
two bytes of each cell (to skip a regex on cells that cannot match it) and whether any cell may
have spaces at either end (to skip trimming a column that has none).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def chunks(arr: pa.Array | pa.ChunkedArray) -> list[pa.Array]:
    return list(arr.chunks) if isinstance(arr, pa.ChunkedArray) else [arr]


def one(arr: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A column as one array (chunks joined only when there are several)."""
    if isinstance(arr, pa.ChunkedArray):
        return arr.chunk(0) if arr.num_chunks == 1 else arr.combine_chunks()
    return arr


def true_mask(arr) -> np.ndarray:
    """A boolean column as a numpy mask, null as False."""
    return np.asarray(pc.fill_null(arr, False).to_numpy(zero_copy_only=False), dtype=bool)


def take(arr: pa.Array | pa.ChunkedArray, index: np.ndarray) -> pa.Array:
    """``arr.take(index)`` as one array, taking from each chunk only its own cells."""
    index = np.asarray(index, dtype=np.int64)
    parts = chunks(arr)
    if len(parts) == 1:
        return parts[0].take(pa.array(index))
    bounds = np.cumsum([0] + [len(p) for p in parts])
    if len(index) and (index.min() < 0 or index.max() >= bounds[-1]):
        raise IndexError(f"index out of range for {bounds[-1]} cells")
    owner = np.searchsorted(bounds, index, side="right") - 1
    order = np.argsort(owner, kind="stable")
    by_chunk, owners = index[order], owner[order]
    cuts = np.searchsorted(owners, np.arange(len(parts) + 1))
    picked = [
        parts[k].take(pa.array(by_chunk[cuts[k] : cuts[k + 1]] - bounds[k]))
        for k in range(len(parts))
        if cuts[k + 1] > cuts[k]
    ]
    if not picked:
        return pa.array([], arr.type)
    joined = pa.concat_arrays(picked)
    if np.all(order[1:] > order[:-1]):
        return joined
    back = np.empty(len(order), dtype=np.int64)
    back[order] = np.arange(len(order))
    return joined.take(pa.array(back))


def _buffers(chunk: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """-> (start offsets, end offsets, data bytes) of a string chunk."""
    width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    _, offsets, data = chunk.buffers()
    n = len(chunk)
    if offsets is None or n == 0:
        empty = np.zeros(n, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.uint8)
    offs = np.frombuffer(offsets, dtype=width)[chunk.offset : chunk.offset + n + 1]
    bytes_ = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)
    return offs[:-1], offs[1:], bytes_


def _edge(byte: np.ndarray) -> bool:
    """Some byte is an ASCII space or control character, or not ASCII (NBSP and the other
    Unicode spaces are multi-byte; a letter like é is a false alarm the caller checks)."""
    return bool(np.any((byte - np.uint8(33)) >= 95))  # wraps below 33: < 33 or >= 128


def maybe_padded(arr: pa.Array | pa.ChunkedArray) -> bool:
    """Some cell may start or end with white space. False means trimming would change nothing.
    An empty (or null) cell reads a neighbour's byte, which is checked anyway."""
    for chunk in chunks(arr):
        if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            return True
        starts, ends, data = _buffers(chunk)
        if not len(data):
            continue
        if _edge(np.take(data, starts, mode="clip")) or _edge(np.take(data, ends - 1, mode="clip")):
            return True
    return False


def opening_keys(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Per cell, its first two bytes with ASCII letters in lower case, as one number (0 for cells
    shorter than two bytes, and nulls): compared against :func:`prefix_key` values."""
    out = []
    for chunk in chunks(arr):
        if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            chunk = chunk.cast(pa.string())
        starts, ends, data = _buffers(chunk)
        key = np.zeros(len(chunk), dtype=np.uint16)
        if len(data):
            first = np.take(data, starts, mode="clip") | np.uint8(0x20)  # ASCII letters to lower case
            second = np.take(data, starts + 1, mode="clip") | np.uint8(0x20)
            key = (first.astype(np.uint16) << 8) | second
            key[(ends - starts) < 2] = 0  # also nulls, which have no bytes
        out.append(key)
    return np.concatenate(out) if out else np.zeros(0, dtype=np.uint16)


def prefix_key(prefix: str) -> int:
    a, b = prefix.lower().encode("ascii")
    return (a << 8) | b


def prefix_candidates(
    arr: pa.Array | pa.ChunkedArray, prefixes: tuple[str, ...], keys: np.ndarray | None = None
) -> np.ndarray:
    """Mask of the cells whose first two characters, in any letter case, are one of ``prefixes``
    (two ASCII letters each): the only cells a regex anchored on those words can match.
    ``keys``: :func:`opening_keys` of ``arr``, when computed already."""
    keys = opening_keys(arr) if keys is None else keys
    hit = np.zeros(len(keys), dtype=bool)
    for p in prefixes:
        hit |= keys == prefix_key(p)
    return hit


def decimals_exactly(arr: pa.Array | pa.ChunkedArray, k: int) -> np.ndarray:
    """Mask of the cells that may end with a point and exactly ``k`` digits (``0.911764706`` for 9):
    the byte ``k + 1`` from the end is a ``.``. The caller confirms the few candidates."""
    out = []
    for chunk in chunks(arr):
        if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            chunk = chunk.cast(pa.string())
        starts, ends, data = _buffers(chunk)
        hit = np.zeros(len(chunk), dtype=bool)
        if len(data):
            hit = (np.take(data, ends - (k + 1), mode="clip") == ord(".")) & ((ends - starts) >= k + 2)
        out.append(hit)
    return np.concatenate(out) if out else np.zeros(0, dtype=bool)
