"""The reader: an officer's file (bytes) -> tables of cleaned text, as the file really is laid out.

The pipeline calls :func:`read` and :func:`pipelines.read.values.cast_column`; ``satudata inspect``
shows the rest (header rows, dropped rows and why, wide tables and how they would melt).
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

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
    "Dropped",
    "MeltCandidate",
    "ReadError",
    "ReadOptions",
    "ReadResult",
    "Table",
    "read",
]


def _grids(path: Path, kind: str, sheet: str | int | None):
    from pipelines.read import excel, htmltable
    from pipelines.read.delimited import read_text

    if kind == "text":
        fmt, encoding, delimiter, grid = read_text(path)
        return fmt, encoding, delimiter, [grid]
    if kind == "xlsx":
        return "xlsx", None, None, excel.read_xlsx(path, sheet)
    if kind in ("xls", "ods"):
        return kind, None, None, excel.read_calamine(path, sheet)
    if kind == "xls-xml":
        from pipelines.read.xmlsheet import read_xml_spreadsheet

        try:
            grids = read_xml_spreadsheet(path)
        except ElementTree.ParseError as exc:
            from pipelines.read.sniff import damaged

            raise damaged(path, str(exc)) from exc
        names = [g.sheet or f"Sheet{i + 1}" for i, g in enumerate(grids)]
        chosen = set(excel.pick_sheets(path, names, sheet)) if sheet is not None else set(names)
        return "xls-xml", None, None, [g for g, name in zip(grids, names, strict=True) if name in chosen]
    grids = htmltable.read_html(path)
    if sheet is not None:
        names = [g.sheet or f"table {i + 1}" for i, g in enumerate(grids)]
        chosen = excel.pick_sheets(path, names, sheet)
        grids = [g for g, name in zip(grids, names, strict=True) if name in chosen]
    return "xls-html", None, None, grids


def read(path: str | Path, options: ReadOptions | None = None) -> ReadResult:
    """Read every sheet (or the pinned one) of ``path``. Raises :class:`ReadError` for a file
    that is not a spreadsheet/CSV, is damaged, encrypted or a zip bomb."""
    from pipelines.read.layout import apply_melt, build_table
    from pipelines.read.sniff import sniff

    path = Path(path)
    options = options or ReadOptions()
    if not path.is_file():
        raise ReadError(str(path), "Berkas tidak ditemukan.", "File not found.", code="file-not-found")
    kind = sniff(path)
    fmt, encoding, delimiter, grids = _grids(path, kind, options.sheet)
    tables = [t for t in (build_table(g, options) for g in grids) if t is not None]
    if options.melt is not None and tables:
        from pipelines.read.wide import melt_columns

        matching = [t for t in tables if melt_columns(t.columns, options.melt.columns)]
        targets = matching if (matching and len(tables) > 1) else tables
        tables = [apply_melt(t, options.melt, str(path)) if t in targets else t for t in tables]
    return ReadResult(format=fmt, encoding=encoding, delimiter=delimiter, tables=tables)
