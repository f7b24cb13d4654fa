"""From the text the reader found to a table typed by the spec.

The reader hands over every cell as text. Here the file's columns are matched to the spec's columns
(by name or by one of the header spellings the spec lists), and each column is cast to its declared
type. What cannot be matched or cast becomes a :class:`Problem`, never a silent null.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from pipelines.arrow_schema import ARROW_TYPES, arrow_schema
from pipelines.read.headers import normalise_header
from pipelines.read.values import cast_column
from pipelines.spec import Column, DatasetSpec
from pipelines.validate.report import Problem

# Row numbering officers add ("No", "No. Urut"): never data, so no warning that it is not published.
ROW_NUMBER_HEADERS = {"no", "nomor", "no_urut", "nomor_urut", "nourut"}

# (Indonesian word, English word, examples) per declared type, for messages officers can act on.
TYPE_WORDS = {
    "integer": ("bilangan bulat", "a whole number", "1.234 atau 15"),
    "number": ("angka", "a number", "1.234,56 atau 12,5"),
    "boolean": ("ya/tidak", "yes/no", "ya atau tidak"),
    "date": ("tanggal", "a date", "12 Maret 2024 atau 12/03/2024"),
    "string": ("teks", "text", "Penajam"),
}


def is_code(col: Column) -> bool:
    """Codes keep their text exactly (leading zeros, dots), repaired only from float spellings."""
    return col.type == "string" and bool(col.reference or col.pattern or "kode" in col.name)


@dataclass
class Typed:
    """A table typed by its spec, with where each row and column came from in the officer's file."""

    table: pa.Table
    rows: list[int]  # 1-based row of the spreadsheet, per table row
    headers: dict[str, str]  # spec column name -> header as written in the file
    problems: list[Problem] = field(default_factory=list)


def match_columns(spec: DatasetSpec, names: list[str], headers: list[str]) -> dict[str, int]:
    """Spec column name -> index of the file's column that holds it."""
    wanted: dict[str, str] = {}
    for col in spec.schema.columns:
        for spelling in (col.name, *col.headers):
            wanted.setdefault(normalise_header(spelling), col.name)
    found: dict[str, int] = {}
    for i, (name, header) in enumerate(zip(names, headers, strict=True)):
        for candidate in (name, normalise_header(header or "")):
            target = wanted.get(candidate)
            if target and target not in found:
                found[target] = i
                break
    return found


def type_table(
    spec: DatasetSpec,
    values: pa.Table,
    headers: list[str],
    row_numbers: np.ndarray | list[int],
    value_headers: list[str] | None = None,
) -> Typed:
    """Cast the reader's text table (``values``; ``headers`` as written; ``row_numbers`` 0-based in
    the file) to the spec's schema. Columns the spec does not know are left out (and reported as a
    warning, so the officer knows they were not published). ``value_headers``: for a melted table,
    the header each value was written under (a year column, say), so problems name that column."""
    names = list(values.column_names)
    index = match_columns(spec, names, headers)
    rows = (np.asarray(row_numbers, dtype=np.int64) + 1).tolist()
    problems: list[Problem] = []
    arrays, out_headers = [], {}
    schema = arrow_schema(spec)
    for col in spec.schema.columns:
        if col.name not in index:
            arrays.append(pa.nulls(values.num_rows, ARROW_TYPES[col.type]))
            out_headers[col.name] = col.name
            problems.append(_missing_column(col))
            continue
        i = index[col.name]
        header = headers[i] or names[i]
        melted = bool(value_headers) and spec.source.melt is not None and col.name == spec.source.melt.value
        if melted:
            written = list(dict.fromkeys(value_headers))
            header = written[0] if len(written) == 1 else f"{written[0]} … {written[-1]}"
        out_headers[col.name] = header
        result = cast_column(values.column(i), col.type, code=is_code(col), header=header)
        arrays.append(result.array)
        raw = values.column(i)
        for pos in result.bad[:1000]:
            problems.append(_bad_value(col, value_headers[pos] if melted else header, rows[pos], raw[pos].as_py()))
        for pos in result.ambiguous[:1000]:
            problems.append(_ambiguous(value_headers[pos] if melted else header, rows[pos], raw[pos].as_py()))
    used = set(index.values())
    unknown = [headers[i] or names[i] for i in range(len(names))
               if i not in used and normalise_header(headers[i] or names[i]) not in ROW_NUMBER_HEADERS]
    if unknown:
        listed = ", ".join(unknown)
        problems.append(
            Problem(
                code="extra-columns",
                severity="warn",
                value=listed,
                message_id=f"Kolom ini tidak ada dalam spesifikasi dan tidak diterbitkan: {listed}.",
                message_en=f"These columns are not in the spec and are not published: {listed}.",
                hint_id="Jika kolom ini perlu diterbitkan, minta walidata menambahkannya ke spesifikasi.",
                hint_en="If these columns should be published, ask the walidata to add them to the spec.",
            )
        )
    table = pa.Table.from_arrays(arrays, schema=schema)
    return Typed(table=table, rows=rows, headers=out_headers, problems=problems)


def _missing_column(col: Column) -> Problem:
    spellings = ", ".join(repr(h) for h in (col.headers or [col.name]))
    return Problem(
        code="missing-column",
        severity="block",
        column=col.name,
        message_id=f"Kolom '{col.name}' tidak ditemukan di berkas.",
        message_en=f"Column '{col.name}' was not found in the file.",
        hint_id=f"Beri judul kolom salah satu dari: {spellings}.",
        hint_en=f"Give the column one of these headers: {spellings}.",
        rule="schema",
    )


def _ambiguous(header: str, row: int, value: str | None) -> Problem:
    return Problem(
        code="ambiguous-number",
        severity="block",
        row=row,
        column=header,
        value=value,
        message_id=(
            f"Angka '{value}' pada kolom '{header}' bisa dibaca dua cara: kolom ini memakai titik atau koma "
            "sebagai pemisah ribuan di satu sel dan sebagai tanda desimal di sel lain."
        ),
        message_en=(
            f"The number '{value}' in column '{header}' reads two ways: this column uses the dot or comma "
            "to group thousands in some cells and as the decimal point in others."
        ),
        hint_id=(
            "Tulis semua angka kolom ini dengan cara yang sama (misalnya 1.234.567 dan 12,5), atau simpan sel "
            "sebagai angka, bukan teks; koordinat ditulis dengan satu tanda desimal (-1,234567)."
        ),
        hint_en=(
            "Write every number of this column the same way (e.g. 1.234.567 and 12,5), or store the cells as "
            "numbers, not text; write coordinates with a single decimal point (-1,234567)."
        ),
        rule="schema",
    )


def _bad_value(col: Column, header: str, row: int, value: str | None) -> Problem:
    word_id, word_en, example = TYPE_WORDS[col.type]
    return Problem(
        code="wrong-type",
        severity="block",
        row=row,
        column=header,
        value=value,
        message_id=f"Nilai '{value}' pada kolom '{header}' bukan {word_id}.",
        message_en=f"Value '{value}' in column '{header}' is not {word_en}.",
        hint_id=f"Tulis {word_id} saja, misalnya {example}; kosongkan atau tulis '-' bila tidak ada data.",
        hint_en=f"Write {word_en} only, e.g. {example}; leave it empty or write '-' when there is no data.",
        rule="schema",
    )
