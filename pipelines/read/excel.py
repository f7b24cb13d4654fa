"""Workbooks: .xlsx through fastexcel (Rust, Arrow out: the fast path), .xls and .ods through
python-calamine (these are small in practice, and calamine reports their merged cells)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import fastexcel
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import python_calamine

from pipelines.read.cells import decimals_exactly, take, true_mask
from pipelines.read.grid import Grid, format_cell
from pipelines.read.limits import DEFAULT, Limits, too_many_cells, too_many_columns
from pipelines.read.merges import xlsx_marks
from pipelines.read.model import ReadError
from pipelines.read.sniff import damaged, encrypted


def pick_sheets(path: Path, names: list[str], wanted: str | int | None) -> list[str]:
    if wanted is None:
        return list(names)
    if isinstance(wanted, int) and not isinstance(wanted, bool):
        if 0 <= wanted < len(names):
            return [names[wanted]]
    else:
        for name in names:
            if name == wanted:
                return [name]
        for name in names:
            if name.strip().casefold() == str(wanted).strip().casefold():
                return [name]
    listed = ", ".join(repr(n) for n in names)
    raise ReadError(
        str(path),
        f"Lembar (sheet) {wanted!r} tidak ada di berkas. Lembar yang ada: {listed}.",
        f"Sheet {wanted!r} is not in the file. The file has: {listed}.",
        code="sheet-not-found",
    )


def _failure(path: Path, exc: Exception) -> ReadError:
    text = str(exc).lower()
    if "password" in text or "encrypt" in text:
        return encrypted(path)
    if "cell limit exceeded" in text:  # calamine's own cap, met before it allocates
        return ReadError(
            str(path),
            f"Lembar kerja memakai terlalu banyak sel ({str(exc)[:120]}).",
            f"The sheet spans too many cells ({str(exc)[:120]}).",
            code="too-many-cells",
        )
    return damaged(path, str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__)


def read_xlsx(path: Path, sheet: str | int | None) -> list[Grid]:
    try:
        reader = fastexcel.read_excel(str(path))
        names = reader.sheet_names
    except Exception as exc:  # fastexcel raises its own error classes
        raise _failure(path, exc) from exc
    grids = []
    with ThreadPoolExecutor(max_workers=1) as pool:
        for name in pick_sheets(path, names, sheet):
            marks = pool.submit(xlsx_marks, path, name)
            try:
                loaded = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
                if sheet is None and loaded.visible != "visible":
                    continue
                table = loaded.to_arrow()
            except Exception as exc:
                raise _failure(path, exc) from exc
            columns = [_string(table.column(i)) for i in range(table.num_columns)]
            _restore_digits(reader, name, columns)
            merges, percent = marks.result()
            _as_percent(columns, percent)
            if columns and len(columns[0]):
                grids.append(Grid(name, columns, merges))
    return grids


def _restore_digits(reader, name: str, columns: list[pa.Array]) -> None:
    """fastexcel writes a number cell as text rounded to 9 decimals (0.9117647058823529 becomes
    ``0.911764706``, 0.000012345678 ``0.000012346``). Columns with such cells are read again as
    numbers, and those cells written as the other formats write them (:func:`format_cell`, 15
    significant digits). A cell rounded to fewer decimals (``0.1`` for 0.1000000001) is not seen:
    it is off by less than 0.000000001."""
    cut = {}
    for i, c in enumerate(columns):
        rows = np.flatnonzero(decimals_exactly(c, 9))
        if len(rows):
            rows = rows[true_mask(pc.match_substring_regex(take(c, rows), r"^-?\d+\.\d{9}$"))]
        if len(rows):
            cut[i] = rows
    if not cut:
        return
    numbers = reader.load_sheet(
        name, header_row=None, skip_rows=0, use_columns=list(cut), dtypes=dict.fromkeys(cut, "float")
    ).to_arrow()
    for k, (i, rows) in enumerate(cut.items()):
        values = numbers.column(k)
        if len(values) != len(columns[i]):
            continue
        cells = columns[i].to_pylist()
        for r, value in zip(rows.tolist(), values.take(pa.array(rows)).to_pylist(), strict=True):
            if value is not None:
                cells[r] = format_cell(value)
        columns[i] = pa.array(cells, pa.string())


def _as_percent(columns: list[pa.Array], cells: list[tuple[int, int]]) -> None:
    """Cells formatted as percentages hold fractions (0.875 shows as 87.5%): written as the officer
    sees them, ``87,5%`` (a decimal comma, so 12,345% is never read as twelve thousand)."""
    by_column: dict[int, list[int]] = {}
    for r, c in cells:
        if 0 <= c < len(columns) and 0 <= r < len(columns[c]):
            by_column.setdefault(c, []).append(r)
    for c, rows in by_column.items():
        values = columns[c].to_pylist()
        for r in rows:
            try:
                fraction = float(values[r])
            except (TypeError, ValueError):
                continue  # text in a percent-formatted cell stays as written
            values[r] = format_cell(fraction * 100).replace(".", ",") + "%"
        columns[c] = pa.array(values, pa.string())


def _string(arr) -> pa.Array:
    arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    return arr if pa.types.is_string(arr.type) else arr.cast(pa.string())


def read_calamine(path: Path, sheet: str | int | None, limits: Limits = DEFAULT) -> list[Grid]:
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        metadata = {m.name: m for m in book.sheets_metadata}
        grids = []
        for name in pick_sheets(path, book.sheet_names, sheet):
            meta = metadata.get(name)
            if sheet is None and meta is not None and meta.visible != python_calamine.SheetVisibleEnum.Visible:
                continue
            data = book.get_sheet_by_name(name)
            if data.width > limits.columns:
                raise too_many_columns(path, data.width, limits)
            if data.height * data.width > limits.cells:  # before a Python object is made per cell
                raise too_many_cells(path, data.height, data.width, limits, name)
            rows = [[format_cell(v) for v in row] for row in data.to_python(skip_empty_area=False)]
            merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (data.merged_cell_ranges or [])]
            if rows:
                grids.append(Grid.from_rows(name, rows, merges))
        return grids
    except ReadError:
        raise
    except Exception as exc:
        raise _failure(path, exc) from exc
