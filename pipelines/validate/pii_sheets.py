"""The PII guard over everything the reader saw in a file, not only the table that gets published.

Personal data blocks a file wherever it sits: in the data cells of the chosen table, in a header
(``Catatan 6409...``), in a row the reader dropped (a title above the header, a total, a footnote
``Petugas: NIK 6409...``, a row skipped by the spec) and in every other sheet or table of the file.
A problem in another sheet names it in its column (``Lampiran!Nama``), as a spreadsheet reference
does.
"""

from __future__ import annotations

import pyarrow as pa

from pipelines.read.model import Table
from pipelines.validate.pii import find, first_per_cell, mask, problem_at, region_codes, scan_column, scan_table
from pipelines.validate.report import Problem


def _named(header: str, sheet: str | None) -> str:
    return f"{sheet}!{header}" if sheet else header


def _headers(table: Table, sheet: str | None) -> dict[str, str]:
    """Column name -> the header as the officer finds it (with the sheet, for another sheet)."""
    headers = {name: _named(name, sheet) for name in table.dropped_columns}
    return headers | {c.name: _named(c.header or c.name, sheet) for c in table.columns}


def _header_cells(table: Table, sheet: str | None) -> list[Problem]:
    """Personal data written in the header cells (and, for a melted table, the headers it melted)."""
    regions = region_codes()
    row = table.header_rows[-1] + 1 if table.header_rows else None
    written = [c.header for c in table.columns] + list(dict.fromkeys(table.value_headers or []))
    return [
        problem_at(f"pii-{kind}", kind, row, _named(text, sheet), mask(matched))
        for text in written
        for kind, matched in find(text or "", regions)
    ]


def _dropped_rows(table: Table, headers: dict[str, str], spec) -> list[Problem]:
    """Personal data in the rows the reader left out of the table (titles, totals, footnotes). A
    ``public_contact`` column allows an office phone or e-mail there too."""
    if not table.dropped:
        return []
    regions = region_codes()
    rows = [d.row + 1 for d in table.dropped]
    problems: list[Problem] = []
    for k, name in enumerate(table.dropped_columns):
        cells = pa.chunked_array([pa.array([d.values[k] if k < len(d.values) else None for d in table.dropped],
                                           pa.string())])
        problems.extend(scan_column(name, cells, rows=rows, header=headers.get(name, name), spec=spec,
                                    regions=regions, headed=False))
    return problems


def scan_file(tables: list[Table], chosen: Table, spec=None) -> list[Problem]:
    """Every piece of personal data in the tables the reader found in one file: ``chosen`` (the
    table to publish; ``spec`` applies to it, for ``public_contact``) and every other one."""
    problems: list[Problem] = []
    for table in [chosen, *(t for t in tables if t is not chosen)]:
        sheet = None if table is chosen else (table.sheet or "?")
        headers = _headers(table, sheet)
        table_spec = spec if table is chosen else None
        problems.extend(scan_table(table.values, rows=(table.row_numbers + 1).tolist(), headers=headers,
                                   spec=table_spec))
        problems.extend(_header_cells(table, sheet))
        problems.extend(_dropped_rows(table, headers, table_spec))
    return first_per_cell(problems)
