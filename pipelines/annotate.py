"""An annotated copy of the officer's own file, so that problems are fixed where the officer works.

Every problem with a row and a column becomes a highlighted cell with a comment (message and hint in
Indonesian and English); every problem becomes a line of a sheet ``Catatan satudata`` listed first.
An xlsx is annotated in place (a copy of it: its formatting, formulas and other sheets kept); a CSV,
TSV, xls or ods is copied into a new xlsx with the same rows and columns, since those formats hold
no comments. Values in comments are those of the report, masked where they are personal data.

Big files get no copy (:data:`MAX_CELLS`): the answer still lists every problem.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pipelines.read.headers import normalise_header
from pipelines.validate.report import Problem, Report

MAX_CELLS = 2_000_000  # openpyxl keeps every cell of a workbook in memory (~50 bytes each and more)
NOTES_SHEET = "Catatan satudata"
FILLS = {"block": "FFC7CE", "warn": "FFEB9C"}  # light red, light amber: Excel's own "bad"/"neutral"
COPY_FORMATS = ("csv", "tsv", "xls", "ods")


def annotated_name(name: str) -> str:
    """``fasilitas_2024.csv`` -> ``fasilitas_2024.catatan.xlsx``."""
    return f"{Path(name).stem}.catatan.xlsx"


def annotated_copy(path: Path, report: Report, *, sheet: str | None, header_rows: list[int],
                   problems: list[Problem] | None = None) -> bytes | None:
    """The annotated workbook as bytes, or ``None`` when the format or size allows no copy.
    ``sheet`` and ``header_rows`` (0-based) are where the reader found the table; ``problems``: the
    report's problems as shown to people (masked), by default the report's own."""
    from openpyxl import Workbook, load_workbook

    problems = report.problems if problems is None else problems
    fmt = report.stats.get("format")
    if fmt == "xlsx":
        book = load_workbook(path, rich_text=True)
        sheet_name = sheet if sheet in book.sheetnames else book.sheetnames[0]
        ws = book[sheet_name]
        if ws.max_row * ws.max_column > MAX_CELLS:
            return None
    elif fmt in COPY_FORMATS:
        rows = _rows(path, fmt, sheet)
        if rows is None or sum(len(r) for r in rows) > MAX_CELLS:
            return None
        book = Workbook()
        ws = book.active
        ws.title = _sheet_title(sheet or Path(report.file).stem)
        for row in rows:
            ws.append(row)
    else:
        return None
    _mark_cells(ws, problems, _columns_by_header(ws, header_rows))
    _notes_sheet(book, problems)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rows(path: Path, fmt: str, sheet: str | None) -> list[list] | None:
    if fmt in ("csv", "tsv"):
        from pipelines.read.delimited import read_text

        _fmt, encoding, delimiter, _grid = read_text(path)
        text = path.read_bytes().decode("utf-8-sig" if encoding in ("utf-8", "utf-8-sig") else encoding)
        return [_typed_cells(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    from pipelines.read.excel import read_calamine

    grids = read_calamine(path, sheet)
    if not grids:
        return None
    grid = grids[0]
    return [[col[i].as_py() for col in grid.columns] for i in range(grid.n_rows)]


def _typed_cells(row: list[str]) -> list:
    """CSV cells stay text as written (``0812``, ``1.234,5``): the officer's own spelling."""
    return [cell if cell != "" else None for cell in row]


def _sheet_title(name: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'")
    return (cleaned or "data")[:31]


def _columns_by_header(ws, header_rows: list[int]) -> dict[str, int]:
    """normalised header -> 1-based sheet column, for the header rows the reader found (merged header
    cells count for every column they span; several header rows are joined with a space)."""
    if not header_rows:
        return {}
    merged: dict[tuple[int, int], object] = {}
    for rng in ws.merged_cells.ranges:
        value = ws.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                merged[(r, c)] = value
    found: dict[str, int] = {}
    for col in range(1, ws.max_column + 1):
        parts: list[str] = []
        for r0 in header_rows:
            value = merged.get((r0 + 1, col), ws.cell(r0 + 1, col).value)
            text = str(value).strip() if value is not None else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        for key in (normalise_header(" ".join(parts)), normalise_header(parts[-1]) if parts else ""):
            if key:
                found.setdefault(key, col)
    return found


def _comment_text(p: Problem) -> str:
    lines = [p.message_id]
    if p.hint_id:
        lines.append(f"Saran: {p.hint_id}")
    lines += ["", p.message_en]
    if p.hint_en:
        lines.append(f"Hint: {p.hint_en}")
    return "\n".join(lines)


def _mark_cells(ws, problems: list[Problem], columns: dict[str, int]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    texts: dict[tuple[int, int], list[str]] = {}
    worst: dict[tuple[int, int], str] = {}
    for p in problems:
        col = columns.get(normalise_header(p.column)) if p.column else None
        if col is None:
            continue
        for row in p.rows or ([p.row] if p.row else []):
            texts.setdefault((row, col), []).append(_comment_text(p))
            if worst.get((row, col)) != "block":
                worst[(row, col)] = p.severity
    for (row, col), parts in texts.items():
        cell = ws.cell(row, col)
        comment = Comment("\n\n".join(parts), "satudata")
        comment.width, comment.height = 360, 200
        cell.comment = comment
        color = FILLS[worst[(row, col)]]
        cell.fill = PatternFill("solid", start_color=color, end_color=color)


def _notes_sheet(book, problems: list[Problem]) -> None:
    from openpyxl.styles import Alignment, Font

    if NOTES_SHEET in book.sheetnames:
        del book[NOTES_SHEET]
    ws = book.create_sheet(NOTES_SHEET, 0)
    ws.append(["Baris / Row", "Kolom / Column", "Tingkat / Severity", "Masalah", "Saran", "Problem", "Hint"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    if not problems:
        ws.append([None, None, None, "Tidak ada masalah.", None, "No problems.", None])
    for p in problems:
        where = ", ".join(str(r) for r in p.rows) + ", ..." if p.rows else p.row
        severity = "menghalangi / blocking" if p.severity == "block" else "peringatan / warning"
        ws.append([where, p.column, severity, p.message_id, p.hint_id, p.message_en, p.hint_en])
    for letter, width in zip("ABCDEFG", (12, 22, 22, 60, 45, 60, 45), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row[3:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.active = 0
