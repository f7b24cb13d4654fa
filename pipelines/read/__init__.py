"""The reader: an officer's file (bytes) -> tables of cleaned text, as the file really is laid out.

The pipeline calls :func:`read` and :func:`pipelines.read.values.cast_column`; ``satudata inspect``
shows the rest (header rows, dropped rows and why, wide tables and how they would melt).
"""

from __future__ import annotations

from pathlib import Path

from pipelines.read.limits import DEFAULT, Limits, file_too_large, out_of_memory, reader_failed
from pipelines.read.model import (
    ColumnInfo,
    Dropped,
    MeltCandidate,
    ReadError,
    ReadOptions,
    ReadResult,
    Table,
)

__all__ = [
    "ColumnInfo",
    "Limits",
    "Dropped",
    "MeltCandidate",
    "ReadError",
    "ReadOptions",
    "ReadResult",
    "Table",
    "read",
]


def read(path: str | Path, options: ReadOptions | None = None, limits: Limits | None = None) -> ReadResult:
    """Read every sheet (or the pinned one) of ``path``. Raises :class:`ReadError`, and nothing
    else, for a file that is not a spreadsheet/CSV, is damaged, encrypted, a zip bomb, or goes
    beyond a limit (:mod:`pipelines.read.limits`). Workbooks are read in a guarded child process;
    CSV files pyarrow can parse are read here (bounded by the file size and column limits)."""
    from pipelines.read.guard import run_guarded
    from pipelines.read.guarded import read_sniffed
    from pipelines.read.sniff import sniff

    path = Path(path)
    options = options or ReadOptions()
    limits = limits or DEFAULT
    if not path.is_file():
        raise ReadError(str(path), "Berkas tidak ditemukan.", "File not found.", code="file-not-found")
    try:
        size = path.stat().st_size
        if size > limits.file_bytes:
            raise file_too_large(path, size, limits)
        kind = sniff(path, limits)
        if kind == "text":
            fast = _csv_fast_path(path, options, limits)
            if fast is not None:
                return fast
    except ReadError:
        raise
    except MemoryError:
        raise out_of_memory(path, limits) from None
    except Exception as exc:  # a reader bug is a refused file, never another exception type
        raise reader_failed(path, exc) from exc
    return run_guarded(read_sniffed, (str(path), kind, options, limits), path, limits)


def _csv_fast_path(path: Path, options: ReadOptions, limits: Limits) -> ReadResult | None:
    """A CSV pyarrow parses, read in this process; None when it needs the slow path (the csv
    module, for quoted line breaks beside short rows), which runs guarded."""
    from pipelines.read.delimited import read_text
    from pipelines.read.guarded import tables

    fmt, encoding, delimiter, grid = read_text(path, limits, slow_ok=False)
    if grid is None:
        return None
    return tables(path, fmt, encoding, delimiter, [grid], options)
