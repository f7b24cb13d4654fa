"""A text file's bytes in an Arrow buffer, with the few ``bytes`` methods the CSV reader uses.

Read through pyarrow, a file lands in memory pyarrow's allocator reuses from file to file (a
Python ``bytes`` of the same file costs fresh pages every time), and the CSV parser reads that
buffer as it is. Searches run on windows of it, so the file is never copied whole. Not memory-mapped: an officer
copying a new version over a file being read would truncate the mapping and kill the process.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa

WINDOW = 1024 * 1024
NEAR = 4096  # searched in a small copy first


class FileBytes:
    def __init__(self, buffer: pa.Buffer):
        self.buffer = buffer
        self._view = memoryview(buffer)

    @classmethod
    def read(cls, path: Path) -> FileBytes:
        with pa.OSFile(str(path)) as fh:
            return cls(fh.read_buffer())

    def __len__(self) -> int:
        return self.buffer.size

    def __getitem__(self, key: int | slice) -> int | bytes:
        if isinstance(key, slice):
            return self._view[key].tobytes()
        return self._view[key]

    def to_bytes(self) -> bytes:
        return self._view.tobytes()

    def array(self) -> np.ndarray:
        return np.frombuffer(self.buffer, dtype=np.uint8)

    def find(self, sub: bytes, start: int = 0, end: int | None = None) -> int:
        """``bytes.find``: on a small copy first (a line's end is close by), then a megabyte at a
        time (copies that stay in the CPU's cache; a search of the whole file costs little more
        than the search itself)."""
        end = len(self) if end is None else min(end, len(self))
        lo, size = max(0, start), NEAR
        while end - lo >= len(sub):
            hi = min(end, lo + size)
            at = self._view[lo:hi].tobytes().find(sub)
            if at >= 0:
                return lo + at
            if hi == end:
                return -1
            lo, size = hi - len(sub) + 1, WINDOW  # a needle across the edge is found in the next one
        return -1

    def rfind(self, sub: bytes, start: int = 0, end: int | None = None) -> int:
        end = len(self) if end is None else min(end, len(self))
        hi = end
        while hi > start:
            lo = max(start, hi - WINDOW)
            at = self._view[lo:hi].tobytes().rfind(sub)
            if at >= 0:
                return lo + at
            if lo == start:
                return -1
            hi = lo + len(sub) - 1  # a needle across the window's edge is found in the next one
        return -1
