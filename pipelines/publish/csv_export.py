"""The CSV download of a period: UTF-8, a header row, safe to open in a spreadsheet.

Formula injection: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return would be run as a formula by Excel or LibreOffice. Such cells get a leading apostrophe
(``'=HYPERLINK(...)``), which spreadsheets show as text. Decision: a text cell that is nothing but
a plain number (``-5``, ``+62``, ``-3,5``) is left as it is, because a spreadsheet reads it as that
number and runs nothing; and columns typed integer or number are written as numbers and never
touched, so negative values stay negative. Only the text columns are looked at.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from pipelines.check import sha256_file

FORMULA_START = r"^[=+\-@\t\r]"
PLAIN_NUMBER = r"^[+-]?[0-9]+([.,][0-9]+)?$"


def neutralise(column: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Text cells that a spreadsheet would run as a formula, prefixed with an apostrophe."""
    risky = pc.and_(
        pc.match_substring_regex(column, FORMULA_START),
        pc.invert(pc.match_substring_regex(column, PLAIN_NUMBER)),
    )
    return pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)


def safe_table(table: pa.Table) -> pa.Table:
    """``table`` with every text column neutralised."""
    columns = [
        neutralise(col) if pa.types.is_string(col.type) or pa.types.is_large_string(col.type) else col
        for col in table.columns
    ]
    return pa.Table.from_arrays(columns, schema=table.schema)


def write_csv(parquet: Path, target: Path) -> str:
    """Write the CSV of a Parquet file; return its ``sha256:`` content hash."""
    table = safe_table(pq.read_table(parquet))
    pacsv.write_csv(table, target, pacsv.WriteOptions(include_header=True))
    return file_hash(target)


def file_hash(path: Path) -> str:
    """The content hash kept on a resource: ``sha256:<hex>``."""
    return "sha256:" + sha256_file(path)
