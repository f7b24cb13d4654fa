"""Why a file gave no table: what the file is, and what is missing from it.

A reading that finds no table says so with a reason (``ReadResult.empty``): ``satudata inspect``
prints it and ``check`` reports it as a ``no-table-found`` problem. The reasons, from the bytes
and the grids read:

- an HTML frameset saved as ``.xls`` (Excel's "Save as Web Page" writes a frame page and puts the
  sheets in a folder ``<name>_files/``): the data part was not sent with it;
- an HTML page with no ``<table>`` at all, or with tables that hold no text;
- a workbook whose sheets are all empty, or hold only a title (one cell a row, no columns);
- a text file with no line holding a cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipelines.read.grid import Grid

SNIFF_BYTES = 1 << 16
_FRAMESET = re.compile(rb"<\s*frameset\b", re.I)
_FRAME_SRC = re.compile(rb"""<\s*frame\b[^>]*\bsrc\s*=\s*["']?([^"'\s>]+)""", re.I)
_TABLE = re.compile(rb"<\s*table\b", re.I)


@dataclass(frozen=True)
class Empty:
    """Why there is no table (a reason with a stable ``kind``, in both languages)."""

    kind: str  # frameset | html-without-table | empty-sheets | title-only | empty-text
    message_id: str
    message_en: str
    hint_id: str
    hint_en: str


def why_empty(path: Path, fmt: str, grids: list[Grid]) -> Empty:
    """The reason a reading of ``path`` (format ``fmt``, its grids as read) gave no table."""
    if fmt == "xls-html":
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
        if _FRAMESET.search(head):
            return _frameset(path, [m.group(1).decode("ascii", "replace") for m in _FRAME_SRC.finditer(head)])
        if not _TABLE.search(head) and not grids:
            return Empty(
                "html-without-table",
                "Berkas ini halaman web (HTML) bernama .xls, tetapi tidak berisi tabel (<table>).",
                "This file is a web page (HTML) named .xls, but it holds no table (<table>).",
                "Buka berkas di Excel lalu simpan sebagai Excel Workbook (.xlsx), lalu kirim lagi.",
                "Open the file in Excel, save it as an Excel Workbook (.xlsx), and send it again.",
            )
    filled = [g for g in grids if _cells(g)]
    if not filled:
        if fmt in ("csv", "tsv"):
            return Empty(
                "empty-text",
                "Berkas teks ini tidak berisi satu sel pun (kosong, atau hanya baris kosong).",
                "This text file holds no cell at all (empty, or blank lines only).",
                "Periksa bahwa berkas yang dikirim adalah hasil ekspor yang berisi data.",
                "Check that the file sent is the export holding the data.",
            )
        sheets = ", ".join(g.sheet for g in grids if g.sheet) or "-"
        return Empty(
            "empty-sheets",
            f"Semua lembar kosong (lembar: {sheets}).",
            f"Every sheet is empty (sheets: {sheets}).",
            "Isi tabel di salah satu lembar, atau kirim berkas yang benar.",
            "Fill in the table on one of the sheets, or send the right file.",
        )
    texts = sorted({v for g in filled for v in _cells(g)})[:3]
    shown = "; ".join(t[:60] for t in texts)
    return Empty(
        "title-only",
        f"Lembar hanya berisi judul atau teks lepas, tanpa kolom data (mis. {shown}).",
        f"The sheets hold only a title or loose text, no data columns (e.g. {shown}).",
        "Tambahkan baris judul kolom dan baris data di bawah judul tabel.",
        "Add a row of column headers and the data rows below the table's title.",
    )


def _frameset(path: Path, sources: list[str]) -> Empty:
    folder = f"{path.stem}_files"
    parts = ", ".join(sources[:4]) or f"{folder}/sheet001.htm"
    return Empty(
        "frameset",
        f"Berkas ini halaman bingkai HTML (frameset) yang disimpan Excel sebagai \"Halaman Web\": "
        f"datanya ada di berkas terpisah ({parts}) yang tidak ikut terkirim.",
        f"This file is an HTML frameset that Excel saved as a \"Web Page\": its data lives in "
        f"separate files ({parts}) that were not sent with it.",
        f"Buka berkas aslinya di Excel dan simpan sebagai Excel Workbook (.xlsx), atau kirim juga "
        f"folder {folder}.",
        f"Open the original in Excel and save it as an Excel Workbook (.xlsx), or send the folder "
        f"{folder} with it.",
    )


def _cells(grid: Grid) -> list[str]:
    """The non-empty texts of a grid (a few hundred at most are looked at)."""
    out: list[str] = []
    for column in grid.columns:
        for value in column.to_pylist()[:500]:
            if value is not None and str(value).strip():
                out.append(str(value).strip())
        if len(out) > 200:
            break
    return out
