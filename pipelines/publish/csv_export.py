"""The CSV download of a period: UTF-8, a header row, safe to open in a spreadsheet.

Formula injection: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return would be run as a formula by Excel or LibreOffice. Such cells get a leading apostrophe
(``'=HYPERLINK(...)``), which spreadsheets show as text. Decision: a text cell that is nothing but
a plain number (``-5``, ``+62``, ``-3,5``) is left as it is, because a spreadsheet reads it as that
number and runs nothing; and columns typed integer or number are written as numbers and never
touched, so negative values stay negative. Only the text columns are looked at.

Numbers are written as plain digits, never in scientific notation: exact decimals (``decimal128``)
as their digits (``62500000000.00``), other floats as their shortest exact decimal
(``62500000000.0`` rather than ``6.25e+10``).
"""

from __future__ import annotations

import decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from pipelines.check import sha256_file

FORMULA_START = r"^[=+\-@\t\r]"
PLAIN_NUMBER = r"^[+-]?[0-9]+([.,][0-9]+)?$"
MAX_DECIMAL_SCALE = 6  # Arrow's CSV writer prints decimals of a larger scale below 1e-6 as 1E-7


def neutralise(column: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Text cells that a spreadsheet would run as a formula, prefixed with an apostrophe."""
    risky = pc.and_(
        pc.match_substring_regex(column, FORMULA_START),
        pc.invert(pc.match_substring_regex(column, PLAIN_NUMBER)),
    )
    return pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)


def plain_digits(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A float column in positional notation, exactly the values' shortest representation
    (``6.25e+10`` -> ``62500000000.0``): as decimals with the column's largest scale, which the CSV
    writer prints unquoted like any number, when that scale is at most 6 (beyond, Arrow would print
    small decimals as ``1E-7``); otherwise as text (quoted by the CSV writer, still plain digits)."""
    values = [None if v is None or v != v or v in (float("inf"), float("-inf")) else decimal.Decimal(repr(v))
              for v in column.to_pylist()]
    present = [v for v in values if v is not None]
    scale = max([1, *(-v.as_tuple().exponent for v in present)])
    whole = max([1, *(v.adjusted() + 1 for v in present)])
    if scale > MAX_DECIMAL_SCALE or scale + whole > 38:
        return pa.array([None if v is None else format(v, "f") for v in values], pa.string())
    quantum = decimal.Decimal(1).scaleb(-scale)
    return pa.array([None if v is None else v.quantize(quantum) for v in values], pa.decimal128(38, scale))


def safe_table(table: pa.Table) -> pa.Table:
    """``table`` with every text column neutralised and every float column in plain digits."""
    columns, fields = [], []
    for field, col in zip(table.schema, table.columns, strict=True):
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            col = neutralise(col)
        elif pa.types.is_floating(col.type):
            col = plain_digits(col)
            field = field.with_type(col.type)
        columns.append(col)
        fields.append(field)
    return pa.Table.from_arrays(columns, schema=pa.schema(fields))


def write_csv(parquet: Path, target: Path) -> str:
    """Write the CSV of a Parquet file; return its ``sha256:`` content hash."""
    table = safe_table(pq.read_table(parquet))
    pacsv.write_csv(table, target, pacsv.WriteOptions(include_header=True))
    return file_hash(target)


def file_hash(path: Path) -> str:
    """The content hash kept on a resource: ``sha256:<hex>``."""
    return "sha256:" + sha256_file(path)
