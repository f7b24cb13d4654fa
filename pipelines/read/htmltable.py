"""HTML saved with an .xls name (web exports, "Save as Web Page"): each top-level ``<table>`` is a
sheet. ``colspan``/``rowspan`` become merged ranges, so headers are expanded like Excel merges.
Tables inside tables (layout tables, as in the BPS website's exports) are laid out where they sit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from pipelines.read.grid import Grid, Merge
from pipelines.read.limits import DEFAULT, Limits, too_deep, too_many_cells, too_many_columns

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)
MAX_SPAN = 1000


def _span(value: str | None) -> int:
    try:
        return max(1, min(MAX_SPAN, int(str(value).strip())))
    except (TypeError, ValueError):
        return 1


@dataclass
class _Cell:
    parts: list[str] = field(default_factory=list)
    rowspan: int = 1
    colspan: int = 1
    tables: list[_Table] = field(default_factory=list)  # tables inside the cell (a layout table)

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())


@dataclass
class _Table:
    rows: list[list[_Cell]] = field(default_factory=list)
    row: list[_Cell] | None = None
    cell: _Cell | None = None

    def end_cell(self) -> None:
        if self.cell is not None:
            if self.row is None:
                self.row = []
            self.row.append(self.cell)
        self.cell = None

    def end_row(self) -> None:
        self.end_cell()
        if self.row is not None:
            self.rows.append(self.row)
        self.row = None


class _Tables(HTMLParser):
    """Every ``<table>`` as a tree: a table inside a cell (or right inside another table, as the
    BPS website's exports are) is kept in that cell, to be laid out where it sits. Tables nested
    deeper than :attr:`Limits.nesting` refuse the file."""

    def __init__(self, path: Path, limits: Limits) -> None:
        super().__init__(convert_charrefs=True)
        self.path, self.limits = path, limits
        self.tables: list[_Table] = []  # top level
        self.open: list[_Table] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        table = self.open[-1] if self.open else None
        if tag == "table":
            new = _Table()
            if table is None:
                self.tables.append(new)
            else:
                if table.cell is None:  # a table right inside a table: a cell of its own
                    table.end_row()
                    table.cell = _Cell()
                table.cell.tables.append(new)
            self.open.append(new)
            if len(self.open) > self.limits.nesting:
                raise too_deep(self.path, self.limits)
        elif table is None:
            return
        elif tag == "tr":
            table.end_row()
            table.row = []
        elif tag in ("td", "th"):
            table.end_cell()
            found = dict(attrs)
            table.cell = _Cell(rowspan=_span(found.get("rowspan")), colspan=_span(found.get("colspan")))
        elif tag == "br" and table.cell is not None:
            table.cell.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if not self.open:
            return
        table = self.open[-1]
        if tag == "table":
            table.end_row()
            self.open.pop()
        elif tag in ("td", "th"):
            table.end_cell()
        elif tag == "tr":
            table.end_row()

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1].cell is not None:
            self.open[-1].cell.parts.append(data)

    def finish(self) -> None:
        while self.open:
            self.open.pop().end_row()


Block = tuple[list[list[str | None]], list[Merge]]


@dataclass(frozen=True)
class _Bounds:
    """Where a laid-out grid is checked against the limits, before it is allocated."""

    path: Path
    limits: Limits

    def check(self, height: int, width: int) -> None:
        if width > self.limits.columns:
            raise too_many_columns(self.path, width, self.limits)
        if height * width > self.limits.cells:
            raise too_many_cells(self.path, height, width, self.limits)


def _layout(table: _Table, bounds: _Bounds) -> Block:
    """A table as a grid of text with its merged ranges. A cell holding tables is replaced by
    those tables stacked; the cells of a row are set side by side (the BPS website exports its
    tables as row names and values in separate tables, headers above bodies)."""
    if not any(cell.tables for row in table.rows for cell in row):
        return _place([[(cell.text, cell.rowspan, cell.colspan) for cell in row] for row in table.rows], bounds)
    blocks = []
    for row in table.rows:
        parts = []
        for cell in row:
            inner = [_layout(t, bounds) for t in cell.tables]
            if cell.text and (inner or not cell.tables):
                inner.insert(0, ([[cell.text]], []))
            if inner:
                parts.append(_stack(inner, bounds, vertical=True))
        if parts:
            blocks.append(_stack(parts, bounds, vertical=False))
    return _stack(blocks, bounds, vertical=True) if blocks else ([], [])


def _stack(blocks: list[Block], bounds: _Bounds, *, vertical: bool) -> Block:
    cells: list[list[str | None]] = []
    merges: list[Merge] = []
    widths = [max((len(r) for r in b), default=0) for b, _ in blocks]
    if vertical:
        width = max(widths, default=0)
        bounds.check(sum(len(b) for b, _ in blocks), width)
        for grid, inner in blocks:
            top = len(cells)
            cells.extend(list(r) + [None] * (width - len(r)) for r in grid)
            merges.extend((r0 + top, c0, r1 + top, c1) for r0, c0, r1, c1 in inner)
        return cells, merges
    height = max((len(b) for b, _ in blocks), default=0)
    bounds.check(height, sum(widths))
    cells = [[] for _ in range(height)]
    for grid, inner in blocks:
        left = len(cells[0]) if cells else 0
        width = max((len(r) for r in grid), default=0)
        for r in range(height):
            row = grid[r] if r < len(grid) else []
            cells[r].extend(list(row) + [None] * (width - len(row)))
        merges.extend((r0, c0 + left, r1, c1 + left) for r0, c0, r1, c1 in inner)
    return cells, merges


def _place(rows: list[list[tuple[str, int, int]]], bounds: _Bounds) -> Block:
    """Cells set where HTML puts them: each at the first column no rowspan from above still
    covers. Only the covering is tracked (the last row each column is taken to), so a big span
    costs nothing until the grid, checked against the limits, is made."""
    taken: list[int] = []  # per column: the last row a cell placed so far covers
    texts: list[tuple[int, int, str]] = []
    merges: list[Merge] = []
    height = width = 0
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while c < len(taken) and taken[c] >= r:
                c += 1
            end = c + colspan
            taken.extend([-1] * (end - len(taken)))
            taken[c:end] = [r + rowspan - 1] * colspan
            if text:
                texts.append((r, c, text))
            if rowspan > 1 or colspan > 1:
                merges.append((r, c, r + rowspan - 1, end - 1))
            height, width = max(height, r + rowspan), max(width, end)
            bounds.check(height, width)
            c = end
    cells: list[list[str | None]] = [[None] * width for _ in range(height)]
    for r, c, text in texts:
        cells[r][c] = text
    return cells, merges


def decode_html(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _unfinished_cut(text: str) -> str:
    """html.parser rescans to the end of the text at every ``<`` after a construct it cannot
    finish (quadratic: 300 KB took over a minute). The two such constructs a file can end with
    are cut here, in one pass: a comment never closed (a browser reads it to the end of the file),
    and whatever follows the last ``>`` when it opens a tag. Others are left to the time limit."""
    i = 0
    while (i := text.find("<!--", i)) >= 0:
        end = text.find("-->", i + 4)
        if end < 0:
            text = text[:i]
            break
        i = end + 3
    last = text.rfind(">")
    if text.find("<", last + 1) >= 0:
        text = text[: last + 1]
    return text


def read_html(path: Path, limits: Limits = DEFAULT) -> list[Grid]:
    parser = _Tables(path, limits)
    parser.feed(_unfinished_cut(decode_html(path.read_bytes())))
    parser.close()
    parser.finish()
    bounds = _Bounds(path, limits)
    found = [block for block in (_layout(t, bounds) for t in parser.tables) if any(v for row in block[0] for v in row)]
    grids = []
    for i, (cells, merges) in enumerate(found):
        name = None if len(found) == 1 else f"table {i + 1}"
        grids.append(Grid.from_rows(name, cells, merges))
    return grids
