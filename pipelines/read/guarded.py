"""The reading step proper: a sniffed file -> its tables. :func:`pipelines.read.read` runs it in
a guarded child process (:mod:`pipelines.read.guard`), except for CSV files pyarrow parses (the
fast path, bounded by the file size and column limits, runs in the caller)."""

from __future__ import annotations

from pathlib import Path

from pipelines.read import excel, htmltable, xmlsheet
from pipelines.read.delimited import read_text
from pipelines.read.grid import Grid
from pipelines.read.layout import apply_melt, build_table
from pipelines.read.limits import Limits, too_many_cells
from pipelines.read.model import ReadOptions, ReadResult
from pipelines.read.nothing import why_empty
from pipelines.read.plausible import refuse_implausible
from pipelines.read.wide import melt_columns
from pipelines.read.zipcheck import check_workbook


def grids(path: Path, kind: str, sheet: str | int | None, limits: Limits) -> tuple:
    """-> (format, encoding, delimiter, grids)."""
    if kind == "text":
        fmt, encoding, delimiter, grid = read_text(path, limits, slow_ok=True)
        return fmt, encoding, delimiter, [grid]
    if kind in ("xlsx", "ods"):
        check_workbook(path, kind, limits)  # real sizes and dimensions, before calamine allocates
    if kind == "xlsx":
        return "xlsx", None, None, excel.read_xlsx(path, sheet)
    if kind in ("xls", "ods"):
        return kind, None, None, excel.read_calamine(path, sheet, limits)
    if kind == "xls-xml":
        found = xmlsheet.read_xml_spreadsheet(path, limits)
        names = [g.sheet or f"Sheet{i + 1}" for i, g in enumerate(found)]
        chosen = set(excel.pick_sheets(path, names, sheet)) if sheet is not None else set(names)
        return "xls-xml", None, None, [g for g, name in zip(found, names, strict=True) if name in chosen]
    found = htmltable.read_html(path, limits)
    if sheet is not None:
        names = [g.sheet or f"table {i + 1}" for i, g in enumerate(found)]
        chosen = excel.pick_sheets(path, names, sheet)
        found = [g for g, name in zip(found, names, strict=True) if name in chosen]
    return "xls-html", None, None, found


def check_merges(path: Path, found: list[Grid], limits: Limits) -> None:
    """Merged ranges are filled cell by cell (:func:`pipelines.read.layout.expand_merges`): their
    area inside the grid, overlaps counted again, is held to the cell limit."""
    for grid in found:
        area = 0
        for r0, c0, r1, c1 in set(grid.merges):
            rows = max(0, min(r1, grid.n_rows - 1) - max(r0, 0) + 1)
            cols = max(0, min(c1, grid.n_cols - 1) - max(c0, 0) + 1)
            area += rows * cols
        if area > limits.cells:
            raise too_many_cells(path, grid.n_rows, grid.n_cols, limits, f"{grid.sheet or ''} merged cells".strip())


def tables(path: Path, fmt: str, encoding, delimiter, found: list[Grid], options: ReadOptions) -> ReadResult:
    built = [t for t in (build_table(g, options) for g in found) if t is not None]
    for table in built:
        refuse_implausible(path, table)
    if options.melt is not None and built:
        matching = [t for t in built if melt_columns(t.columns, options.melt.columns)]
        targets = matching if (matching and len(built) > 1) else built
        built = [apply_melt(t, options.melt, str(path)) if t in targets else t for t in built]
    empty = None if built else why_empty(path, fmt, found)
    return ReadResult(format=fmt, encoding=encoding, delimiter=delimiter, tables=built, empty=empty)


def read_sniffed(path: str, kind: str, options: ReadOptions, limits: Limits) -> ReadResult:
    """What the guarded child runs."""
    path = Path(path)
    fmt, encoding, delimiter, found = grids(path, kind, options.sheet, limits)
    check_merges(path, found, limits)
    return tables(path, fmt, encoding, delimiter, found, options)
