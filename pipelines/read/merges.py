"""Merged-cell ranges of an .xlsx sheet, read straight from the sheet's XML.

fastexcel (fast) does not report merged cells. They sit in ``<mergeCells>`` after the sheet data,
so the sheet's XML is streamed through once in bounded memory; callers run this beside the
fastexcel read, in a thread (zlib releases the GIL), so that it costs almost no wall time.
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


def xlsx_merges(path: Path, sheet: str) -> list[Merge]:
    """Merged ranges (0-based rows and columns relative to the sheet's first used column)."""
    with zipfile.ZipFile(path) as zf:
        inner = sheet_paths(zf).get(sheet)
        if inner is None:
            return []
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
                if b"mergeCell" in text:
                    for m in _REF.finditer(text):
                        c0, r0 = column_index(m.group(1)), int(m.group(2)) - 1
                        c1 = column_index(m.group(3)) if m.group(3) else c0
                        r1 = int(m.group(4)) - 1 if m.group(4) else r0
                        found.append((r0, c0 - first_col, r1, c1 - first_col))
                    cut = text.rfind(b">")
                    tail = text[cut + 1 :] if cut >= 0 else text[-200:]
                else:
                    tail = text[-200:]
        return sorted(set(found))
