"""What fastexcel does not report about an .xlsx sheet, read straight from its XML: merged-cell
ranges, and the cells formatted as percentages (Excel stores 87.5% as 0.875).

Merges sit in ``<mergeCells>`` after the sheet data, so the sheet's XML is streamed through once
in bounded memory; callers run this beside the fastexcel read, in a thread (zlib releases the
GIL), so that it costs almost no wall time. Percent cells are looked for in the same pass, and
only when the workbook has a percent number format at all.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from pipelines.read.grid import Merge

_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)\d+')
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
CHUNK = 1 << 20


def column_index(letters: bytes | str) -> int:
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode():
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def sheet_paths(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML inside the zip."""
    try:
        workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in workbook.iter():
        if sheet.tag.endswith("}sheet") and sheet.get(_NS_REL) in targets:
            target = targets[sheet.get(_NS_REL)]
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
            out[sheet.get("name")] = path
    return out


BUILTIN_PERCENT = {"9", "10"}  # 0% and 0.00%
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def percent_styles(zf: zipfile.ZipFile) -> list[str]:
    """Indices of the cell styles (``s="..."`` on a cell) whose number format shows a percentage."""
    try:
        styles = ElementTree.fromstring(zf.read("xl/styles.xml"))
    except (KeyError, ElementTree.ParseError):
        return []
    percent = set(BUILTIN_PERCENT)
    for fmt in styles.iter():
        if fmt.tag.endswith("}numFmt") and "%" in _QUOTED.sub("", fmt.get("formatCode", "")):
            percent.add(fmt.get("numFmtId", ""))
    xfs = next((e for e in styles if e.tag.endswith("}cellXfs")), None)
    if xfs is None:
        return []
    return [str(i) for i, xf in enumerate(x for x in xfs if x.tag.endswith("}xf")) if xf.get("numFmtId") in percent]


def xlsx_marks(path: Path, sheet: str) -> tuple[list[Merge], list[tuple[int, int]]]:
    """Merged ranges, and the (row, column) of cells formatted as percentages; 0-based, columns
    relative to the sheet's first used column (as fastexcel's)."""
    with zipfile.ZipFile(path) as zf:
        inner = sheet_paths(zf).get(sheet)
        if inner is None:
            return [], []
        styles = percent_styles(zf)
        styled = (
            re.compile(rb'<(?:\w+:)?c r="([A-Z]+)(\d+)"[^>]*? s="(?:' + "|".join(styles).encode() + rb')"')
            if styles
            else None
        )
        percent: set[tuple[int, int]] = set()
        found: list[Merge] = []
        first_col = 0
        tail = b""
        with zf.open(inner) as fh:
            first = True
            while block := fh.read(CHUNK):
                text = tail + block
                if first:
                    dim = _DIMENSION.search(text[:4096])
                    first_col = column_index(dim.group(1)) if dim else 0
                    first = False
                keep = max(0, len(text) - 200)  # where the tail carried to the next block starts
                if styled is not None:
                    cut = text.rfind(b"<")  # a cell tag cut at the block's end is read with the next
                    for m in styled.finditer(text, 0, max(cut, 0)):
                        percent.add((int(m.group(2)) - 1, column_index(m.group(1)) - first_col))
                    keep = min(keep, max(cut, 0))
                if b"mergeCell" in text:
                    for m in _REF.finditer(text):
                        c0, r0 = column_index(m.group(1)), int(m.group(2)) - 1
                        c1 = column_index(m.group(3)) if m.group(3) else c0
                        r1 = int(m.group(4)) - 1 if m.group(4) else r0
                        found.append((r0, c0 - first_col, r1, c1 - first_col))
                    cut = text.rfind(b">")
                    keep = min(keep, cut + 1) if cut >= 0 else keep
                tail = text[keep:]
        return sorted(set(found)), sorted(percent)
