"""The words of expectation problems: plain Indonesian first, then English, each with a hint.

Templates are keyed by (problem code, kind). Kinds: ``row`` (one failing cell or row), ``column``
(the whole column or table), ``all-rows`` (every row of a column failed the same way), ``more``
(the rows left out of a long report). Placeholders: ``{row}``, ``{column}`` (the header as written in
the file), ``{value}``, ``{observed}``, ``{min}``, ``{max}``, ``{allowed}``, ``{pattern}``,
``{headers}``, ``{within}``, ``{same}`` (the first other rows with the same key),
``{same_id}``/``{same_en}`` (those rows and how many more), ``{count}``,
``{expected_id}``/``{expected_en}``, ``{type}``, ``{error}``.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Texts(NamedTuple):
    message_id: str
    message_en: str
    hint_id: str
    hint_en: str


# What a column of each spec type holds, for the wrong-type message.
TYPE_NAMES = {
    "string": ("teks", "text"),
    "integer": ("bilangan bulat", "whole numbers"),
    "number": ("angka", "numbers"),
    "boolean": ("ya/tidak", "yes/no values"),
    "date": ("tanggal", "dates"),
}


def listing(values: list[Any], most: int = 8) -> str:
    """``'A', 'B', 'C'`` (and how many more when the list is long)."""
    shown = ", ".join(repr(v) if isinstance(v, str) else str(v) for v in values[:most])
    if len(values) > most:
        shown += f" … (+{len(values) - most})"
    return shown


_MORE = Texts(
    "Masalah yang sama ada di {count} baris lain kolom '{column}' (tidak ditampilkan).",
    "The same problem is on {count} more rows of column '{column}' (not shown).",
    "Perbaiki baris yang ditampilkan, lalu periksa ulang berkas untuk melihat sisanya.",
    "Fix the rows shown, then check the file again to see the rest.",
)

_TEXTS: dict[tuple[str, str], Texts] = {
    ("missing-column", "column"): Texts(
        "Kolom '{column}' tidak ada di tabel.",
        "Column '{column}' is not in the table.",
        "Tambahkan kolom dengan salah satu judul berikut: {headers}.",
        "Add the column with one of these headers: {headers}.",
    ),
    ("wrong-type", "column"): Texts(
        "Kolom '{column}' tidak berisi {expected_id} (terbaca sebagai {observed}).",
        "Column '{column}' does not hold {expected_en} (read as {observed}).",
        "Pastikan setiap nilai di kolom '{column}' berupa {expected_id}.",
        "Make sure every value in column '{column}' is {expected_en}.",
    ),
    ("required-value-missing", "row"): Texts(
        "Kolom '{column}' kosong pada baris {row}.",
        "Column '{column}' is empty on row {row}.",
        "Isi kolom '{column}' pada baris {row}.",
        "Fill in column '{column}' on row {row}.",
    ),
    ("required-value-missing", "all-rows"): Texts(
        "Kolom '{column}' kosong di semua baris ({count} baris).",
        "Column '{column}' is empty on every row ({count} rows).",
        "Isi kolom '{column}' di setiap baris; kolom ini wajib diisi.",
        "Fill in column '{column}' on every row; it is required.",
    ),
    ("below-minimum", "row"): Texts(
        "Nilai {value} pada kolom '{column}' baris {row} lebih kecil dari batas terendah {min}.",
        "Value {value} in column '{column}' on row {row} is below the minimum of {min}.",
        "Periksa angka ini; nilai kolom '{column}' tidak boleh kurang dari {min}.",
        "Check this figure; column '{column}' may not be less than {min}.",
    ),
    ("above-maximum", "row"): Texts(
        "Nilai {value} pada kolom '{column}' baris {row} lebih besar dari batas tertinggi {max}.",
        "Value {value} in column '{column}' on row {row} is above the maximum of {max}.",
        "Periksa angka ini; nilai kolom '{column}' tidak boleh lebih dari {max}.",
        "Check this figure; column '{column}' may not be more than {max}.",
    ),
    ("value-not-allowed", "row"): Texts(
        "Nilai '{value}' pada kolom '{column}' baris {row} tidak termasuk pilihan yang diizinkan.",
        "Value '{value}' in column '{column}' on row {row} is not one of the allowed values.",
        "Tulis salah satu nilai berikut: {allowed}.",
        "Write one of these values: {allowed}.",
    ),
    ("code-not-in-reference", "row"): Texts(
        "Kode '{value}' pada kolom '{column}' baris {row} tidak ada dalam kode wilayah resmi ({within}).",
        "Code '{value}' in column '{column}' on row {row} is not an official region code ({within}).",
        "Gunakan kode wilayah resmi, misalnya: {allowed}.",
        "Use an official region code, for example: {allowed}.",
    ),
    ("pattern-mismatch", "row"): Texts(
        "Nilai '{value}' pada kolom '{column}' baris {row} tidak sesuai format yang diminta.",
        "Value '{value}' in column '{column}' on row {row} does not have the required format.",
        "Tulis nilai sesuai format kolom ini (pola {pattern}), tanpa spasi atau tanda tambahan.",
        "Write the value in this column's format (pattern {pattern}), without extra spaces or marks.",
    ),
    ("duplicate-key", "row"): Texts(
        "Baris {row} mengulang data {column} = {value} (juga di baris {same_id}).",
        "Row {row} repeats {column} = {value} (also on row {same_en}).",
        "Hapus baris ganda atau perbaiki nilainya: setiap {column} hanya boleh muncul sekali.",
        "Remove the duplicate row or correct it: each {column} may appear only once.",
    ),
    ("check-failed-to-run", "column"): Texts(
        "Pemeriksaan {type} pada kolom '{column}' tidak dapat dijalankan: {error}",
        "Check {type} on column '{column}' could not run: {error}",
        "Laporkan ke walidata; pemeriksaan ini mungkin perlu diperbaiki.",
        "Tell the walidata; this check may need fixing.",
    ),
    ("expectation-failed", "row"): Texts(
        "Nilai '{value}' pada kolom '{column}' baris {row} tidak lolos pemeriksaan {type}.",
        "Value '{value}' in column '{column}' on row {row} fails check {type}.",
        "Periksa dan perbaiki nilai ini.",
        "Check and correct this value.",
    ),
    ("expectation-failed", "column"): Texts(
        "Tabel tidak lolos pemeriksaan {type} (hasil: {observed}).",
        "The table fails check {type} (found: {observed}).",
        "Periksa isi tabel terhadap pemeriksaan ini.",
        "Check the table's content against this check.",
    ),
    ("expectation-failed", "more"): _MORE,
}
_ROW_CODES = ("required-value-missing", "below-minimum", "above-maximum", "value-not-allowed",
              "code-not-in-reference", "pattern-mismatch", "duplicate-key")
TEXTS: dict[tuple[str, str], Texts] = {**_TEXTS, **{(code, "more"): _MORE for code in _ROW_CODES}}
