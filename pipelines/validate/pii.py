"""The personal-data guard (PII), run on every file whether or not its spec asks.

It looks for Indonesian NIK and KK numbers (16 digits: a real province+regency code, then a birth
or issue date DDMMYY, women's day plus 40, then a serial), NPWP tax numbers, phone numbers (``+62``,
``62``, ``08..``, with spaces, dashes, dots or brackets), e-mail addresses, and columns whose header
says they hold such data (``NIK``, ``No KTP``, ``No KK``, ``NPWP``, ``Telepon``, ``HP``, ``Email``).
Every hit blocks publishing and names the row and the column. A value is never shown whole: at
most its last four digits (``************0001``). A spec may declare a column ``public_contact``
(an office phone number or e-mail): phone and e-mail hits there are allowed, a NIK never is.

Problem codes: ``pii-nik`` (NIK or KK), ``pii-npwp``, ``pii-phone``, ``pii-email`` (one per cell and
kind, at most 50 per column, then one ``pii-more`` with the count) and ``pii-column`` (the header).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.validate.report import Problem

# Cells worth a closer look: a run of 9+ digits (separators allowed) or an "@".
_CANDIDATE = r"\d[\d\s.\-()/]{7,}\d|@"
_DIGIT_RUN = re.compile(r"(?<![\d])\+?\d(?:[\s.\-/]?\d)+(?![\d])")
_PHONE = re.compile(r"(?<![\w+])(?:\+\s?62|\(\+?62\)|62|\(0\d{1,3}\)|0)[\s.\-()]*\d(?:[\s.\-()]*\d){6,12}(?![\d])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_SIXTEEN = re.compile(r"(?<!\d)\d{16}(?!\d)")
_NPWP_FORMATTED = re.compile(r"(?<!\d)\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}(?!\d)")
_REGION_CODE = re.compile(r"^\d{2}(\.\d{2}){1,2}(\.\d{4})?$")
_ALREADY_MASKED = re.compile(r"[*xX•]{4,}")
_THOUSANDS = re.compile(r"^\+?\d{1,3}([.,]\d{3}){2,}$")  # 62.812.345.678 is an amount, not a phone

# What a header word says the column holds.
_HEADER_WORDS = {
    "nik": "nik",
    "ktp": "nik",
    "nkk": "kk",
    "kk": "kk",
    "npwp": "npwp",
    "telepon": "phone",
    "telp": "phone",
    "tlp": "phone",
    "telpon": "phone",
    "hp": "phone",
    "handphone": "phone",
    "ponsel": "phone",
    "whatsapp": "phone",
    "wa": "phone",
    "phone": "phone",
    "email": "email",
    "surel": "email",
    "mail": "email",
}
KINDS = {
    "nik": ("NIK atau nomor KK", "a NIK or family card (KK) number"),
    "kk": ("nomor KK", "a family card (KK) number"),
    "npwp": ("NPWP", "a tax number (NPWP)"),
    "phone": ("nomor telepon", "a phone number"),
    "email": ("alamat e-mail", "an e-mail address"),
}
CONTACT = ("phone", "email")  # what public_contact allows
MAX_PER_COLUMN = 50


def mask(value: str) -> str:
    """Every digit but the last four becomes ``*``; an e-mail keeps only its domain."""
    if "@" in value:
        return "***@" + value.rsplit("@", 1)[1]
    total = sum(ch.isdigit() for ch in value)
    seen, out = 0, []
    for ch in value:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > total - 4 else "*")
        else:
            out.append(ch if not ch.isalpha() else "*")
    return "".join(out)


def regency_codes() -> set[str]:
    """Every Kemendagri kabupaten/kota code without dots (``"6409"``): a NIK's first four digits."""
    from pipelines.reference import codes

    return {code.replace(".", "") for code in codes("kemendagri.kabupaten")}


def is_nik(digits: str, regencies: set[str]) -> bool:
    """16 digits: province+regency code that exists, a district number, a plausible DDMMYY date
    (women add 40 to the day), and a serial other than 0000. Also fits a KK number."""
    if len(digits) != 16 or not digits.isdigit() or digits[:4] not in regencies:
        return False
    if digits[4:6] == "00" or digits[12:] == "0000":
        return False
    day, month = int(digits[6:8]), int(digits[8:10])
    if day > 40:
        day -= 40
    try:
        date(2000, month, day)  # a leap year: 29 February is a real birthday
    except ValueError:
        return False
    return True


def _normal(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", text.casefold()).strip("_")


# Headers that count or measure ("Jumlah KK", "Jumlah Sambungan Telepon") describe statistics.
_COUNT_WORDS = {"jumlah", "jml", "total", "banyak", "banyaknya", "persentase", "persen", "rasio", "rata"}
_NUMBER_WORDS = {"no", "nomor", "nomer", "nmr", "number"}


def header_kind(*names: str) -> str | None:
    """What a column's name or header says it holds (``"No. HP"`` -> ``"phone"``); ``None`` for
    headers of counts (``"Jumlah KK"`` is the number of families, not a family card number)."""
    for name in names:
        normal = _normal(name or "")
        words = normal.split("_")
        if _COUNT_WORDS & set(words):
            continue
        for i, word in enumerate(words):
            kind = _HEADER_WORDS.get(word)
            if kind == "kk" and len(words) > 1 and not (i and words[i - 1] in _NUMBER_WORDS):
                continue  # "KK" alone or "No. KK" is a card number; "KK Miskin" is a kind of family
            if kind:
                return kind
        if "e_mail" in normal:
            return "email"
    return None


def _phone_digits(match: str) -> str | None:
    digits = re.sub(r"\D", "", match)
    if digits.startswith("62"):
        rest = digits[2:]
    elif digits.startswith("0"):
        rest = digits[1:]
    else:
        return None
    if rest.startswith("8") and 9 <= len(rest) <= 12:
        return digits
    bare_62 = match.lstrip().startswith("62")  # 62... without "+" is a mobile number or nothing
    if not bare_62 and rest[:1] in "234567" and 7 <= len(rest) <= 10:
        return digits
    return None


def find(text: str, regencies: set[str], *, phones: bool = True) -> Iterator[tuple[str, str]]:
    """(kind, the matched text) for each piece of personal data in one cell. ``phones=False`` for
    columns declared numeric: their figures are amounts, whatever digits they start with."""
    text = text.strip()
    if text.endswith(".0") and text[:-2].isdigit():  # a number that went through a float
        text = text[:-2]
    if _REGION_CODE.match(text) or _ALREADY_MASKED.search(text):
        return
    for m in _EMAIL.finditer(text):
        yield "email", m.group()
    taken: list[tuple[int, int]] = []
    for m in _NPWP_FORMATTED.finditer(text):
        taken.append(m.span())
        yield "npwp", m.group()
    runs = [m for m in _DIGIT_RUN.finditer(text)] + [m for m in _SIXTEEN.finditer(text)]
    for m in runs:  # grouped spellings first, then bare 16-digit runs ("RT 003 6409...")
        digits = re.sub(r"\D", "", m.group())
        if any(a <= m.start() < b for a, b in taken):
            continue
        if len(digits) == 16 and is_nik(digits, regencies):
            taken.append(m.span())
            yield "nik", m.group()
    for m in _PHONE.finditer(text) if phones else ():
        if _THOUSANDS.match(m.group().strip()):
            continue
        if any(a <= m.start() < b for a, b in taken) or "@" in text[max(0, m.start() - 1) : m.start()]:
            continue
        if _phone_digits(m.group()):
            yield "phone", m.group()


def redact(text: str | None, regencies: set[str] | None = None) -> str | None:
    """``text`` with every piece of personal data in it masked: the last line of defence for
    anything shown (reports, logs), whichever check produced it."""
    if not text:
        return text
    regencies = regency_codes() if regencies is None else regencies
    for _kind, matched in sorted(find(text, regencies), key=lambda km: -len(km[1])):
        text = text.replace(matched, mask(matched))
    return text


def redact_problem(problem: Problem, regencies: set[str] | None = None) -> Problem:
    """The problem with its value, messages and hints redacted."""
    regencies = regency_codes() if regencies is None else regencies
    fields = ("value", "message_id", "message_en", "hint_id", "hint_en")
    changes = {f: redact(getattr(problem, f), regencies) for f in fields}
    if all(changes[f] == getattr(problem, f) for f in fields):
        return problem
    return problem.model_copy(update=changes)


def _spec_column(spec, name: str, header: str):
    if spec is None:
        return None
    wanted = {_normal(name), _normal(header)}
    for col in spec.schema.columns:
        if wanted & ({_normal(col.name)} | {_normal(h) for h in col.headers}):
            return col
    return None


def _problem(code: str, kind: str, row: int | None, header: str, shown: str | None) -> Problem:
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


def scan_column(
    name: str, column: pa.ChunkedArray, *, rows: list[int], header: str, spec=None, regencies: set[str] | None = None
) -> list[Problem]:
    col_spec = _spec_column(spec, name, header)
    public = bool(col_spec and col_spec.public_contact)
    text = _as_text(column)
    problems: list[Problem] = []
    kind = header_kind(name, header)
    phones = kind == "phone" or not (col_spec and col_spec.type in ("integer", "number"))
    hits = 0
    if text is not None:
        flags = pc.fill_null(pc.match_substring_regex(text, _CANDIDATE), False)
        positions = pc.indices_nonzero(flags).to_pylist()
        regencies = regency_codes() if regencies is None else regencies
        values = pc.take(text, positions).to_pylist() if positions else []
        for i, value in zip(positions, values, strict=True):
            for found_kind, matched in find(value, regencies, phones=phones):
                if public and found_kind in CONTACT:
                    continue
                hits += 1
                if hits <= MAX_PER_COLUMN:
                    problems.append(_problem(f"pii-{found_kind}", found_kind, rows[i], header, mask(matched)))
    if hits > MAX_PER_COLUMN:
        rest = hits - MAX_PER_COLUMN
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
    if kind and not (public and kind in CONTACT) and _has_unmasked(column):
        problems.insert(0, _problem("pii-column", kind, None, header, None))
    return problems


def _has_unmasked(column: pa.ChunkedArray) -> bool:
    text = pc.cast(column, pa.string()) if not pa.types.is_string(column.type) else column
    text = pc.utf8_trim_whitespace(text)
    filled = pc.and_(pc.greater(pc.utf8_length(text), 0), pc.invert(pc.match_substring_regex(text, r"[*xX•]{4,}")))
    return bool(pc.any(pc.fill_null(filled, False)).as_py())


def scan_table(table: pa.Table, *, rows: list[int], headers: dict[str, str], spec=None) -> list[Problem]:
    """Every piece of personal data in ``table`` (the reader's text table or a typed one), as
    blocking problems whose values are masked. ``rows[i]``: the 1-based spreadsheet row of table row
    ``i``; ``headers``: column name -> header as written in the file; ``spec``: for ``public_contact``."""
    if len(rows) != table.num_rows:
        raise ValueError(f"rows has {len(rows)} entries for a table of {table.num_rows} rows")
    regencies = regency_codes()
    problems: list[Problem] = []
    for name in table.column_names:
        problems.extend(
            scan_column(
                name, table.column(name), rows=rows, header=headers.get(name) or name, spec=spec, regencies=regencies
            )
        )
    return problems
