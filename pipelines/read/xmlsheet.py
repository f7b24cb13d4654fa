"""XML Spreadsheet 2003 (``<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">``),
which web applications export with an .xls name. ``ss:Index`` skips cells and rows;
``ss:MergeAcross``/``ss:MergeDown`` become merged ranges.

Read as a stream, one row at a time. A DTD or entity declaration is refused outright (no
spreadsheet has one; it is how billion-laughs files expand), nesting is bounded, and a sheet's
bounding box (indices and merges included) is checked against the cell and column limits before
a grid is allocated.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from xml.etree import ElementTree

from pipelines.read.grid import Grid, Merge
from pipelines.read.limits import DEFAULT, Limits, too_deep, too_many_cells, too_many_columns, xml_entities
from pipelines.read.sniff import damaged

SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
MAX_INDEX = 1_048_576
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)


def _int(path: Path, element, name: str, default: int) -> int:
    value = element.get(f"{SS}{name}")
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise damaged(path, f"ss:{name}={value[:20]!r}") from None
    if number < 0 or (name == "Index" and number < 1):
        raise damaged(path, f"ss:{name}={value[:20]!r}")
    return min(number, MAX_INDEX)


class _Sheet:
    def __init__(self, path: Path, name: str | None, limits: Limits):
        self.path, self.name, self.limits = path, name, limits
        self.cells: dict[tuple[int, int], str | None] = {}
        self.merges: list[Merge] = []
        self.r = -1
        self.height = self.width = 0

    def add_row(self, row) -> None:
        self.r = _int(self.path, row, "Index", self.r + 2) - 1
        c = -1
        for cell in row.iter(f"{SS}Cell"):
            c = _int(self.path, cell, "Index", c + 2) - 1
            data = cell.find(f"{SS}Data")
            text = "".join(data.itertext()).strip() if data is not None else ""
            self.cells[(self.r, c)] = text or None
            across = _int(self.path, cell, "MergeAcross", 0)
            down = _int(self.path, cell, "MergeDown", 0)
            if across or down:
                self.merges.append((self.r, c, self.r + down, c + across))
            self._reach(self.r + down + 1, c + across + 1)
            c += across

    def _reach(self, height: int, width: int) -> None:
        self.height, self.width = max(self.height, height), max(self.width, width)
        if self.width > self.limits.columns:
            raise too_many_columns(self.path, self.width, self.limits)
        if self.height * self.width > self.limits.cells:
            raise too_many_cells(self.path, self.height, self.width, self.limits, self.name or "")

    def grid(self) -> Grid | None:
        if not self.cells:
            return None
        height = max(k[0] for k in self.cells) + 1
        width = max(k[1] for k in self.cells) + 1
        rows = [[self.cells.get((i, j)) for j in range(width)] for i in range(height)]
        return Grid.from_rows(self.name, rows, self.merges)


def read_xml_spreadsheet(path: Path, limits: Limits = DEFAULT) -> list[Grid]:
    data = path.read_bytes()
    if _DECLARATION.search(data):
        raise xml_entities(path)
    grids: list[Grid] = []
    sheet: _Sheet | None = None
    depth = 0
    try:
        for event, element in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
            if event == "start":
                depth += 1
                if depth > limits.nesting:
                    raise too_deep(path, limits)
                if element.tag == f"{SS}Worksheet":
                    sheet = _Sheet(path, element.get(f"{SS}Name"), limits)
                continue
            depth -= 1
            if element.tag == f"{SS}Row" and sheet is not None:
                sheet.add_row(element)
                element.clear()
            elif element.tag == f"{SS}Worksheet" and sheet is not None:
                grid = sheet.grid()
                if grid is not None:
                    grids.append(grid)
                sheet = None
                element.clear()
    except ElementTree.ParseError as exc:
        raise damaged(path, str(exc)) from exc
    return grids
