"""A workbook zip (.xlsx, .ods) checked by reading it, before calamine allocates anything.

The zip's directory may lie about sizes (:func:`pipelines.read.sniff.check_zip_bomb` trusts it):
here every member is decompressed in bounded chunks and the bytes really produced are counted,
against :attr:`Limits.unzipped_bytes` and :attr:`Limits.zip_ratio`; a member whose bytes do not
match its directory entry fails its CRC and is a damaged file. An .xlsx sheet's declared
``<dimension>`` and its far cells (columns past ZZ, rows past 999,999: rare in real sheets, so
cheap to look for) are checked against :attr:`Limits.cells` and :attr:`Limits.columns`, since
calamine allocates a sheet's whole bounding box.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from pipelines.read.limits import Limits, too_many_cells, too_many_columns, zip_bomb
from pipelines.read.merges import column_index
from pipelines.read.sniff import damaged

CHUNK = 1 << 20
RATIO_FROM = 1 << 20  # members smaller than this may pack any ratio (a blank sheet packs 100x)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?"')
_FAR = re.compile(rb'\br="([A-Z]{3,})(\d+)"|\br="([A-Z]{1,2})(\d{7,})"')
_ROW = re.compile(rb"(\d{1,9})\"")
_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml$")


def check_workbook(path: Path, kind: str, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            total = 0
            for info in zf.infolist():
                if info.is_dir():
                    continue
                sheet = kind == "xlsx" and bool(_SHEET.match(info.filename))
                total = _member(path, zf, info, total, sheet, limits)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError, ValueError) as exc:
        # RuntimeError: an encrypted member; NotImplementedError: a compression we do not read
        raise damaged(path, f"zip: {str(exc)[:100] or type(exc).__name__}") from exc


def _member(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, total: int, sheet: bool, limits: Limits) -> int:
    produced, tail, first = 0, b"", True
    box = _Box(path, info.filename, limits)
    with zf.open(info) as fh:
        while block := fh.read(CHUNK):
            produced += len(block)
            total += len(block)
            if total > limits.unzipped_bytes or (
                produced > RATIO_FROM and produced / max(info.compress_size, 1) > limits.zip_ratio
            ):
                raise zip_bomb(path, limits)
            if sheet:
                text = tail + block
                if first:
                    box.declared(text[:4096])
                    first = False
                box.far(text)
                tail = text[-32:]
    return total


class _Box:
    """The bounding box calamine will allocate for one sheet, from what the XML says."""

    def __init__(self, path: Path, member: str, limits: Limits):
        self.path, self.member, self.limits = path, member, limits
        self.rows, self.cols = 0, 0

    def declared(self, head: bytes) -> None:
        m = _DIMENSION.search(head)
        if m and m.group(3):
            rows = int(m.group(4)) - int(m.group(2)) + 1
            cols = column_index(m.group(3)) - column_index(m.group(1)) + 1
            self._check(rows, cols)

    def far(self, text: bytes) -> None:
        for letters, digits, short_letters, long_digits in _FAR.findall(text):
            col = column_index(letters or short_letters) + 1
            row = int(digits or long_digits)
            self.rows, self.cols = max(self.rows, row), max(self.cols, col)
        last = text.rfind(b'row r="')  # rows run in order in real sheets: the last is the most
        m = _ROW.match(text, last + 7) if last >= 0 else None
        if m:
            self.rows = max(self.rows, int(m.group(1)))
        if self.cols:
            self._check(max(self.rows, 1), max(self.cols, 1))

    def _check(self, rows: int, cols: int) -> None:
        if cols > self.limits.columns:
            raise too_many_columns(self.path, cols, self.limits)
        if rows * cols > self.limits.cells:
            raise too_many_cells(self.path, rows, cols, self.limits, self.member)
