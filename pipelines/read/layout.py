"""From a grid of cells to a :class:`Table`: header, data rows, dropped rows, columns and types."""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.read.cells import one, take
from pipelines.read.clean import clean_and_filled, clean_nulled
from pipelines.read.grid import Grid, Merge
from pipelines.read.headers import column_names, detect_header, header_texts
from pipelines.read.hierarchy import code_column, code_parents, named_groups, whole_table_rows
from pipelines.read.infer import (
    infer_type,
    is_text_label,
    misread_thousands,
    sample,
    sample_positions,
    times_thousand,
    times_thousand_dotted,
)
from pipelines.read.model import ColumnInfo, Dropped, ReadOptions, Table
from pipelines.read.numbers import parse_integer
from pipelines.read.repeats import repeated_rows
from pipelines.read.rows import RowRules
from pipelines.read.sections import section_rows, split_section_merges
from pipelines.read.wide import family_of, header_row_labels, melt, melt_candidates

HEAD_ROWS = 200
STRAY_GAP, STRAY_ROWS = 1000, 20  # at most 20 filled rows after 1,000 blank ones: not the table
THREADS = min(4, os.cpu_count() or 1)
# numeric columns that do not add up over rows: years, codes, numbering, rates and averages
NOT_ADDITIVE = re.compile(
    r"(%|persen|rasio|ratio|rata|average|mean|median|indeks|index|\bipm\b|tahun|year|\bth\b|kode|\bkd\b|code|"
    r"\bno\b|nomor|urut|kepadatan|density|pertumbuhan|growth|laju|tingkat|angka|skor|score|\blat|\blon|lintang|"
    r"bujur|koordinat)",
    re.I,
)
# headers of row numbers, also leftovers of web pages (DataTables: dtr-control, sorting_1) and pandas
INDEX_HEADER = re.compile(
    r"^(no|no\.|nomor|nomer|no\.? urut|nomor urut|#|id|index|idx|urut|unnamed.*|sorting_\d+|dtr[-_ ]control|"
    r"row|rownum|row_number|)$",
    re.I,
)


def expand_merges(columns: list[pa.Array], merges: list[Merge]) -> list[pa.Array]:
    """Every cell of a merged range gets the text of its top-left cell."""
    n, width = len(columns[0]), len(columns)
    touched: dict[int, list[object]] = {}
    for r0, c0, r1, c1 in merges:
        if not (0 <= r0 < n and 0 <= c0 < width):
            continue
        value = columns[c0][r0].as_py()
        for c in range(c0, min(c1, width - 1) + 1):
            cells = touched.setdefault(c, columns[c].to_pylist())
            for r in range(r0, min(r1, n - 1) + 1):
                cells[r] = value
    return [pa.array(touched[c], pa.string()) if c in touched else columns[c] for c in range(width)]


def _mask(arr) -> np.ndarray:
    return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=bool)


def _head(columns: list[pa.Array], rows: int, raw: list[list[str]] | None, used: list[int]):
    """The first rows as written (trimmed; None for empty cells), for header detection."""
    trimmed = [pc.utf8_trim_whitespace(c.slice(0, rows)).to_pylist() for c in columns]
    head = [[(col[r] or None) for col in trimmed] for r in range(rows)]
    for r, row in enumerate((raw or [])[:rows]):
        head[r] = [(row[c].strip() or None) if c < len(row) else None for c in used]
    return head


def _is_index(arr: pa.Array, header: str) -> bool:
    """A column of row numbers (1, 2, 3... or 0, 1, 2... where filled) under a row-number header.
    A big column is judged on its sample (its first cells, its last and 2,000 between)."""
    if not INDEX_HEADER.match(header.strip()):
        return False
    first = pc.drop_null(arr.slice(0, 50))
    if not _counts_up(first):
        return False  # the first cells already say no: spare parsing the whole column
    positions = sample_positions(len(arr))
    if len(positions) < len(arr):
        arr = sample(arr)
    arr = pc.replace_substring_regex(arr, r"^(\d+)[.)]$", r"\1")  # numbered "1." or "1)"
    ints, bad = parse_integer(arr)
    if pc.any(bad).as_py():
        return False
    values = one(ints).to_numpy(zero_copy_only=False).astype(float)
    present = ~np.isnan(values)
    if present.sum() < 2:  # a numbering split over two columns (1..10 here, 11..n there) is one too
        return False
    at = positions[present]
    return bool(np.all(values[present] == at + 1) or np.all(values[present] == at))


def _counts_up(first: pa.Array) -> bool:
    """The first non-empty cells of a column could be row numbers: whole numbers going up."""
    ints, bad = parse_integer(pc.replace_substring_regex(first, r"^(\d+)[.)]$", r"\1"))
    if pc.any(bad).as_py():
        return False
    values = ints.to_numpy(zero_copy_only=False)
    return bool(np.all(np.diff(values) >= 1))


def _extent(filled: list[np.ndarray]) -> tuple[int, int]:
    """-> (rows the table spans, cells ignored). Blank rows after the last filled one are not part
    of the sheet's table; nor is a handful of stray cells after a gap of thousands of blank rows."""
    n = len(filled[0])
    lasts = [n - 1 - int(np.argmax(f[::-1])) for f in filled if f.any()]
    if not lasts:
        return n, 0
    end = max(lasts) + 1
    # from the end upwards, a block at a time: a gap of STRAY_GAP blank rows with at most
    # STRAY_ROWS filled rows below it means those rows are strays
    below: list[int] = []
    hi = end
    while hi > 0 and len(below) <= STRAY_ROWS:
        lo = max(0, hi - 4096)
        rows = (np.flatnonzero(np.logical_or.reduce([f[lo:hi] for f in filled])) + lo)[::-1].tolist()
        for r in rows:
            if below and below[-1] - r > STRAY_GAP:
                return r + 1, int(sum(f[below[-1] : end].sum() for f in filled))
            below.append(r)
            if len(below) > STRAY_ROWS:
                break
        hi = lo
    return end, 0


def _take(arr: pa.Array, index: np.ndarray) -> pa.Array:
    if len(index) and index[-1] - index[0] + 1 == len(index):
        return arr.slice(int(index[0]), len(index))
    return take(arr, index)


def build_table(grid: Grid, options: ReadOptions) -> Table | None:
    columns = list(grid.columns)
    if not columns or not len(columns[0]):
        return None
    expand, _ = split_section_merges(grid.merges, len(columns))  # a heading across the table: one cell
    if expand:
        columns = expand_merges(columns, expand)
    if grid.nulled:  # mostly numpy on the buffers (holds the GIL): one thread is faster
        cleaned = [clean_nulled(c) for c in columns]
    else:
        with ThreadPoolExecutor(max_workers=THREADS) as pool:  # pyarrow kernels release the GIL
            cleaned = list(pool.map(clean_and_filled, columns))
    filled = [_mask(f) for _, f in cleaned]
    used = [i for i, f in enumerate(filled) if f.any()]
    if grid.raw_head:
        used = sorted(set(used) | {c for row in grid.raw_head for c, v in enumerate(row) if v.strip()})
        used = [c for c in used if c < len(columns)]
    columns, filled = [columns[i] for i in used], [filled[i] for i in used]
    clean = [cleaned[i][0] for i in used]
    if not columns:
        return None
    notes = []
    end, stray = _extent(filled)
    if end < len(columns[0]):  # blank rows below the table (a sheet formatted down to row 1,048,576)
        columns, clean = [c.slice(0, end) for c in columns], [c.slice(0, end) for c in clean]
        filled = [f[:end] for f in filled]
        if stray:
            notes.append(
                f"{stray} sel jauh di bawah tabel (setelah baris {end}) diabaikan / "
                f"{stray} stray cells far below the table (after row {end}) were ignored"
            )
    n, width = len(columns[0]), len(columns)
    pinned_depth = max(options.header_rows or [0]) + 2
    head = _head(columns, min(n, max(HEAD_ROWS, pinned_depth)), grid.raw_head, used)
    for r in options.skip_rows:
        if 0 <= r < len(head):
            head[r] = [None] * width
    guess = detect_header(head, options.header_rows, options.melt.columns if options.melt else None)
    rows = guess.header_rows
    merged_head = bool(rows) and any(m[0] <= max(rows) and m[2] >= min(rows) for m in grid.merges)
    headers, period = header_texts(head, guess.header_rows, width, carry_right=not merged_head)
    body = np.zeros(n, dtype=bool)
    body[guess.data_start :] = True
    rules = RowRules(clean, filled, body, nulled=grid.nulled)
    if grid.filled_counts is not None:  # a row of one label and dashes is a row, not a heading
        rules.recount(grid.filled_counts)
    rules.pinned(options.skip_rows, options.drop_patterns)
    rules.simple(guess.label_cols, has_numbers=bool(guess.numeric_cols))
    rules.mark(repeated_rows(clean, rules.filled_count, body, guess.header_rows), "repeated-header")
    rules.trailing_notes()
    rules.mark(section_rows(clean, rules.kept, rules.filled_count, guess.numeric_cols), "section")

    kept = np.flatnonzero(rules.kept)
    keep_cols, samples = [], {}
    for i in range(width):
        data = _take(clean[i], kept)
        if _is_index(data, headers[i]) or (not headers[i] and data.null_count == len(data)):
            continue
        samples[i] = sample(data)  # what types are guessed from (the whole column when small)
        repair = {"all": times_thousand, "dotted": times_thousand_dotted}.get(misread_thousands(samples[i], headers[i]))
        if repair is not None:
            clean[i] = repair(clean[i])
            samples[i] = repair(samples[i])
            notes.append(
                f"{headers[i] or i + 1}: angka seperti 167.228 dibaca sebagai ribuan (167228) / "
                "numbers like 167.228 read as thousands (167228)"
            )
        keep_cols.append(i)
    types = {i: infer_type(samples[i], headers[i]) for i in keep_cols}
    _type_empty_members(types, samples, headers)
    numeric = [i for i in keep_cols if types[i] in ("integer", "number")]
    labels = [i for i in keep_cols if types[i] == "string" and is_text_label(samples[i], headers[i])]
    additive = [i for i in numeric if not NOT_ADDITIVE.search(headers[i])]
    strings = [i for i in keep_cols if types[i] == "string"]
    code = code_column(clean, strings, headers, rules.kept) if additive else None
    if code is not None:
        code_parents(rules, code, additive)
    named_groups(rules, labels, additive)
    rules.openings(additive)
    rules.closings(additive)
    rules.labelled_totals(labels, additive)
    rules.regions(labels, numeric)
    whole_table_rows(rules, labels, numeric)
    rules.parents(labels, additive)
    rules.sums(labels, numeric)
    rules.name_totals(labels)

    if not keep_cols:
        return None
    kept = np.flatnonzero(rules.kept)
    names = column_names([headers[i] for i in keep_cols])
    infos = header_row_labels([ColumnInfo(nm, headers[i], types[i]) for nm, i in zip(names, keep_cols, strict=True)])
    names = [c.name for c in infos]
    arrays = [_take(clean[i], kept) for i in keep_cols]
    dropped = _dropped(rules, guess, clean, keep_cols)
    if period and "tahun" not in names:
        infos.append(ColumnInfo("tahun", "tahun", "integer"))
        arrays.append(pa.array([period] * len(kept), pa.string()))
    table = Table(
        sheet=grid.sheet,
        header_rows=guess.header_rows,
        columns=infos,
        values=pa.table(arrays, names=[c.name for c in infos]),
        row_numbers=kept,
        dropped=dropped,
        notes=notes,
        dropped_columns=names,
    )
    table.melt_candidates = melt_candidates(infos)
    table.wide = bool(table.melt_candidates)
    return table


def _type_empty_members(types: dict[int, str], samples: dict[int, pa.Array], headers: list[str]) -> None:
    """A month (or year...) column with nothing in it yet (``Desember``: all ``-``) has the type of
    the other months: it is one of them, and melts with them."""
    families = {i: family_of(headers[i]) for i in types}
    for i, family in families.items():
        if family is None or samples[i].null_count < len(samples[i]):
            continue
        kinds = {types[j] for j, f in families.items() if f == family and j != i
                 and samples[j].null_count < len(samples[j])}
        if len(kinds) == 1 and kinds <= {"integer", "number"}:
            types[i] = kinds.pop()


def _dropped(rules: RowRules, guess, clean: list[pa.Array], keep_cols: list[int]) -> list[Dropped]:
    header = set(guess.header_rows)
    reasons = rules.reason
    above = []
    for r in range(min(guess.data_start, rules.n)):
        if r not in header and r not in reasons:
            blank = all(clean[c][r].as_py() is None for c in range(len(clean)))
            below_header = bool(header) and r > max(header)
            reasons[r] = "blank" if blank else ("section" if below_header else "title")
        if r in reasons:
            above.append(r)
    at = np.union1d(np.asarray(above, dtype=np.int64), np.flatnonzero(~rules.free & rules.body))
    if not len(at):
        return []
    cells = [take(clean[c], at).to_pylist() for c in keep_cols]
    return [
        Dropped(int(r), reasons[r], [col[k] for col in cells]) for k, r in enumerate(at.tolist())
    ]


def apply_melt(table: Table, melt_spec, file: str) -> Table:
    arrays, keep, rows, value_headers = melt(table.values, table.columns, table.row_numbers, melt_spec, file)
    infos = [table.columns[i] for i in keep]
    for name, arr in ((melt_spec.into, arrays[-2]), (melt_spec.value, arrays[-1])):
        infos.append(ColumnInfo(name, name, infer_type(one(arr), name)))
    values = pa.table(arrays, names=[c.name for c in infos])
    return Table(
        sheet=table.sheet,
        header_rows=table.header_rows,
        columns=infos,
        values=values,
        row_numbers=rows,
        dropped=table.dropped,
        wide=table.wide,
        melt_candidates=table.melt_candidates,
        melted=True,
        notes=table.notes,
        dropped_columns=table.dropped_columns,
        value_headers=value_headers,
    )
