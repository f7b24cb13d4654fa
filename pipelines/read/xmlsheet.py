"""XML Spreadsheet 2003 (``<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">``),
which web applications export with an .xls name. ``ss:Index`` skips cells and rows;
``ss:MergeAcross``/``ss:MergeDown`` become merged ranges."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from pipelines.read.grid import Grid, Merge

SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
MAX_INDEX = 1_048_576


def _index(element, default: int) -> int:
    value = element.get(f"{SS}Index")
    try:
        return min(MAX_INDEX, int(value)) - 1 if value else default
    except ValueError:
        return default


def read_xml_spreadsheet(path: Path) -> list[Grid]:
    grids = []
    root = ElementTree.parse(path).getroot()
    for sheet in root.iter(f"{SS}Worksheet"):
        table = sheet.find(f"{SS}Table")
        if table is None:
            continue
        cells: dict[tuple[int, int], str | None] = {}
        merges: list[Merge] = []
        r = -1
        for row in table.iter(f"{SS}Row"):
            r = _index(row, r + 1)
            c = -1
            for cell in row.iter(f"{SS}Cell"):
                c = _index(cell, c + 1)
                data = cell.find(f"{SS}Data")
                text = "".join(data.itertext()).strip() if data is not None else ""
                cells[(r, c)] = text or None
                across = int(cell.get(f"{SS}MergeAcross", 0) or 0)
                down = int(cell.get(f"{SS}MergeDown", 0) or 0)
                if across or down:
                    merges.append((r, c, r + down, c + across))
                c += across
        if not cells:
            continue
        height = max(k[0] for k in cells) + 1
        width = max(k[1] for k in cells) + 1
        rows = [[cells.get((i, j)) for j in range(width)] for i in range(height)]
        grids.append(Grid.from_rows(sheet.get(f"{SS}Name"), rows, merges))
    return grids
