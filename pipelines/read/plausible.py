"""Never drop most of a table silently: a reading that throws away rows shaped like data is refused.

Titles lie above the header and notes below the last data row. When a reading would drop many
rows as ``title`` or ``footnote`` that are in fact part of the body (most of the rows below the
header, or a long run of rows filled like data above it), the reader misunderstood the file:
it refuses with ``implausible-drop`` and names the rows, rather than hand on the small remainder.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pipelines.read.model import ReadError, Table

SUSPECT = ("title", "footnote")
MIN_ROWS = 20  # fewer rows than this are a title block or a few notes, whatever the share
MAX_SHARE = 0.5  # of the non-blank rows below the header


def drop_shares(table: Table) -> dict[str, float]:
    """Per reason, the share of the rows of the sheet's table (data and dropped, blank rows aside)."""
    counts = Counter(d.reason for d in table.dropped if d.reason != "blank")
    whole = table.rows + sum(counts.values())
    return {reason: n / whole for reason, n in sorted(counts.items())} if whole else {}


def _data_shaped(values: list[str | None]) -> bool:
    filled = sum(1 for v in values if v not in (None, ""))
    return filled >= max(2, (len(values) + 1) // 2)


def implausible_rows(table: Table) -> list[int]:
    """0-based file rows dropped as title/footnote that a careful officer would call data: empty
    when the reading is plausible."""
    top = max(table.header_rows) if table.header_rows else -1
    below = [d.row for d in table.dropped if d.reason in SUSPECT and d.row > top]
    body = table.rows + sum(1 for d in table.dropped if d.row > top and d.reason != "blank")
    if len(below) >= MIN_ROWS and len(below) > MAX_SHARE * body:
        return below
    above = [d.row for d in table.dropped if d.reason == "title" and d.row < top and _data_shaped(d.values)]
    return above if len(above) >= MIN_ROWS else []


def _ranges(rows: list[int], most: int = 5) -> str:
    """1-based row ranges as an officer reads them: ``2-194, 300``."""
    spans: list[list[int]] = []
    for r in sorted(rows):
        if spans and r == spans[-1][1] + 1:
            spans[-1][1] = r
        else:
            spans.append([r, r])
    text = ", ".join(f"{a + 1}-{b + 1}" if b > a else f"{a + 1}" for a, b in spans[:most])
    return text + (", ..." if len(spans) > most else "")


def refuse_implausible(path: str | Path, table: Table) -> None:
    rows = implausible_rows(table)
    if not rows:
        return
    where = f"{table.sheet}: " if table.sheet else ""
    reasons = "/".join(sorted({d.reason for d in table.dropped if d.row in set(rows)}))
    raise ReadError(
        str(path),
        f"{where}{len(rows)} baris yang berisi data akan dibuang sebagai {reasons} (baris {_ranges(rows)}), "
        f"sementara hanya {table.rows} baris tersisa: pembaca salah memahami susunan tabel. "
        "Tetapkan baris judul kolom (source.header_rows) di spesifikasi, atau rapikan berkasnya.",
        f"{where}{len(rows)} rows holding data would be dropped as {reasons} (rows {_ranges(rows)}), "
        f"leaving only {table.rows} rows: the reader misunderstood the table's layout. "
        "Pin the header rows (source.header_rows) in the spec, or tidy the file.",
        code="implausible-drop",
        row=rows[0],
    )
