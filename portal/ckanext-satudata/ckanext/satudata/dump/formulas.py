"""Spreadsheet formulas kept out of the DataStore's CSV and TSV output (``/datastore/dump/<id>`` and
``datastore_search`` with ``records_format`` csv or tsv).

The rule is the published CSV's (``pipelines/publish/csv_export.py``): a text cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, which spreadsheets
show as text and never run; a text cell that is nothing but a plain number (``-5``, ``+62``,
``-3,5``) is left as it is. Columns of any other type (integer, numeric, timestamp ...) are never
touched, so negative numbers stay numbers.

The DataStore writes these formats with PostgreSQL ``COPY``, so the rule is a SQL expression put in
place of each text column of the query's ``select`` list.
"""

from __future__ import annotations

from typing import Any

TEXT_TYPES = frozenset({"text", "varchar", "citext", "bpchar", "name"})
NEUTRALISED_FORMATS = frozenset({"csv", "tsv"})
# PostgreSQL regular expressions, the same as csv_export.FORMULA_START and PLAIN_NUMBER.
FORMULA_START = r"^[=+@\t\r-]"
PLAIN_NUMBER = r"^[+-]?[0-9]+([.,][0-9]+)?$"


def quote_identifier(name: str) -> str:
    """As the DataStore quotes a column (``ckanext.datastore.backend.postgres.identifier``)."""
    return '"' + name.replace('"', '""').replace("\0", "") + '"'


def neutralised(column_sql: str) -> str:
    """SQL for the value of the text column ``column_sql``, with a formula made harmless."""
    return (
        f"CASE WHEN {column_sql} ~ '{FORMULA_START}' AND {column_sql} !~ '{PLAIN_NUMBER}'"
        f" THEN '''' || {column_sql} ELSE {column_sql} END"
    )


def neutralise_select(select: list[str], fields_types: dict[str, Any]) -> list[str]:
    """The select list with every text column (as the DataStore writes it: the quoted name alone)
    replaced by ``neutralised``; any other item is kept as it is."""
    text_columns = {quote_identifier(name) for name, kind in fields_types.items() if kind in TEXT_TYPES}
    return [neutralised(item) if item in text_columns else item for item in select]
