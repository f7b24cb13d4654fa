"""The personal-data guard (PII), run on every file whether or not its spec asks.

It scans every column of a table with the detectors of :mod:`pipelines.validate.pii_detect` (NIK and
KK numbers, NPWP, phone numbers, e-mail addresses) and looks at headers that say a column holds
such data (``NIK``, ``No KTP``, ``No KK``, ``NPWP``, ``Telepon``, ``HP``, ``Email``). Every hit
blocks publishing and names the row and the column. A value is never shown whole: at most its last
four digits (``************0001``). A spec may declare a column ``public_contact`` (an office phone
number or e-mail): phone and e-mail hits there are allowed, a NIK never is.

Only the cells the vectorised pre-filter (:mod:`pipelines.validate.pii_filter`) finds plausible
reach the Python detectors. :mod:`pipelines.validate.pii_sheets` runs this scan over a whole file
(every sheet, header, dropped row and footnote).

Problem codes: ``pii-nik`` (NIK or KK), ``pii-npwp``, ``pii-phone``, ``pii-email`` (one per
spreadsheet cell and kind, however often a melted wide table repeats the cell; at most 50 per
column, then one ``pii-more`` with the count) and ``pii-column`` (the header).
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.validate.pii_detect import (
    MASKED_RUN,
    find,
    header_kind,
    is_nik,
    mask,
    normal_name,
    redact,
    redact_problem,
    region_codes,
)
from pipelines.validate.pii_filter import plausible
from pipelines.validate.report import Problem

__all__ = [
    "CONTACT",
    "KINDS",
    "MAX_PER_COLUMN",
    "candidates",
    "find",
    "first_per_cell",
    "header_kind",
    "is_nik",
    "mask",
    "problem_at",
    "redact",
    "redact_problem",
    "region_codes",
    "scan_column",
    "scan_table",
]

KINDS = {
    "nik": ("NIK atau nomor KK", "a NIK or family card (KK) number"),
    "kk": ("nomor KK", "a family card (KK) number"),
    "npwp": ("NPWP", "a tax number (NPWP)"),
    "phone": ("nomor telepon", "a phone number"),
    "email": ("alamat e-mail", "an e-mail address"),
}
CONTACT = ("phone", "email")  # what public_contact allows
MAX_PER_COLUMN = 50


def _spec_column(spec, name: str, header: str):
    if spec is None:
        return None
    wanted = {normal_name(name), normal_name(header)}
    for col in spec.schema.columns:
        if wanted & ({normal_name(col.name)} | {normal_name(h) for h in col.headers}):
            return col
    return None


def problem_at(code: str, kind: str, row: int | None, header: str, shown: str | None) -> Problem:
    """The blocking problem of one hit (``row`` None: the header says the column holds ``kind``)."""
    header = redact(header)  # a header can hold a NIK too
    what_id, what_en = KINDS[kind]
    where_id = f"Baris {row}, kolom '{header}'" if row else f"Kolom '{header}'"
    where_en = f"Row {row}, column '{header}'" if row else f"Column '{header}'"
    if row:
        msg_id = f"{where_id} berisi {what_id} ({shown}): data pribadi tidak boleh dipublikasikan."
        msg_en = f"{where_en} holds {what_en} ({shown}): personal data must not be published."
    else:
        msg_id = f"{where_id} menurut judulnya berisi {what_id}: data pribadi tidak boleh dipublikasikan."
        msg_en = f"{where_en} is headed as {what_en}: personal data must not be published."
    hint_id = "Hapus kolom ini atau kosongkan isinya sebelum mengirim berkas."
    hint_en = "Remove this column or empty its cells before sending the file."
    if kind in CONTACT:
        hint_id += " Bila ini kontak kantor yang memang publik, walidata dapat menandainya public_contact."
        hint_en += " If this is a public office contact, the walidata can mark the column public_contact."
    return Problem(
        code=code,
        severity="block",
        row=row,
        column=header,
        value=shown,
        message_id=msg_id,
        message_en=msg_en,
        hint_id=hint_id,
        hint_en=hint_en,
        rule="pii",
    )


def _as_text(column: pa.ChunkedArray) -> pa.ChunkedArray | None:
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        return column
    if pa.types.is_integer(column.type) or pa.types.is_decimal(column.type):
        return pc.cast(column, pa.string())
    if pa.types.is_floating(column.type):  # a NIK typed into a number cell
        return pc.cast(pc.cast(pc.round(column), pa.int64(), safe=False), pa.string())
    return None  # dates and booleans cannot hold a 16-digit number or an address


def candidates(column: pa.ChunkedArray) -> int:
    """How many cells of ``column`` the vectorised pre-filter hands to Python (for the benchmark)."""
    text = _as_text(column)
    return 0 if text is None else int(pc.sum(plausible(text)).as_py() or 0)


def scan_column(
    name: str, column: pa.ChunkedArray, *, rows: list[int], header: str, spec=None, regions=None, headed: bool = True
) -> list[Problem]:
    """The problems of one column. A cell is reported once per kind, also when the table repeats
    its row (a wide table melted into one row per period): hits and the cap count cells. Only
    cells the vectorised pre-filter finds plausible reach Python. ``headed=False``: cells only,
    not what the header says (rows the reader dropped)."""
    col_spec = _spec_column(spec, name, header)
    public = bool(col_spec and col_spec.public_contact)
    text = _as_text(column)
    problems: list[Problem] = []
    kind = header_kind(name, header)
    phones = kind == "phone" or not (col_spec and col_spec.type in ("integer", "number"))
    hits = 0
    seen: set[tuple[int, str]] = set()  # (row, kind): the cell's first hit of a kind is reported
    if text is not None:
        positions = pc.indices_nonzero(plausible(text)).to_pylist()
        regions = region_codes() if regions is None else regions
        values = pc.take(text, positions).to_pylist() if positions else []
        for i, value in zip(positions, values, strict=True):
            for found_kind, matched in find(value, regions, phones=phones):
                if (public and found_kind in CONTACT) or (rows[i], found_kind) in seen:
                    continue
                seen.add((rows[i], found_kind))
                hits += 1
                if hits <= MAX_PER_COLUMN:
                    problems.append(problem_at(f"pii-{found_kind}", found_kind, rows[i], header, mask(matched)))
    if hits > MAX_PER_COLUMN:
        rest = hits - MAX_PER_COLUMN
        header = redact(header)
        problems.append(
            Problem(
                code="pii-more",
                severity="block",
                column=header,
                value=str(rest),
                rule="pii",
                message_id=f"Kolom '{header}' berisi {rest} data pribadi lagi yang tidak ditampilkan.",
                message_en=f"Column '{header}' holds {rest} more pieces of personal data that are not shown.",
                hint_id="Hapus kolom ini atau kosongkan isinya sebelum mengirim berkas.",
                hint_en="Remove this column or empty its cells before sending the file.",
            )
        )
    if headed and kind and not (public and kind in CONTACT) and _has_unmasked(column):
        problems.insert(0, problem_at("pii-column", kind, None, header, None))
    return problems


def _has_unmasked(column: pa.ChunkedArray) -> bool:
    text = pc.cast(column, pa.string()) if not pa.types.is_string(column.type) else column
    text = pc.utf8_trim_whitespace(text)
    filled = pc.and_(pc.greater(pc.utf8_length(text), 0), pc.invert(pc.match_substring_regex(text, MASKED_RUN)))
    return bool(pc.any(pc.fill_null(filled, False)).as_py())


def first_per_cell(problems: list[Problem]) -> list[Problem]:
    """Problems with a (row, column, code) seen before dropped, the first kept."""
    seen: set[tuple[int | None, str | None, str]] = set()
    kept = []
    for problem in problems:
        where = (problem.row, problem.column, problem.code)
        if problem.row is None or where not in seen:
            seen.add(where)
            kept.append(problem)
    return kept


def scan_table(table: pa.Table, *, rows: list[int], headers: dict[str, str], spec=None) -> list[Problem]:
    """Every piece of personal data in ``table`` (the reader's text table, melted or not, or a typed
    one), as blocking problems whose values are masked, one per (row, column, code). ``rows[i]``: the
    1-based spreadsheet row of table row ``i``; ``headers``: column name -> header as written in the
    file; ``spec``: for ``public_contact``."""
    if len(rows) != table.num_rows:
        raise ValueError(f"rows has {len(rows)} entries for a table of {table.num_rows} rows")
    regions = region_codes()
    problems: list[Problem] = []
    for name in table.column_names:
        problems.extend(
            scan_column(
                name, table.column(name), rows=rows, header=headers.get(name) or name, spec=spec, regions=regions
            )
        )
    return first_per_cell(problems)
