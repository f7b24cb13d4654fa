"""Finding and masking personal data in one piece of text: NIK/KK, NPWP, phone, e-mail.

A NIK or KK number is 16 digits: a real province+regency code, a district number, a birth or issue
date DDMMYY (women add 40 to the day), then a serial. NPWP tax numbers are found in their dotted
spelling; phone numbers as ``+62``, ``62`` or ``08..`` with spaces, dashes, dots or brackets.
Runs an officer has already masked (``xxxx``, ``****``, ``••••``) are skipped, but never the rest
of the cell: ``Waru xxxx 6409014507900001`` still holds a NIK. :func:`mask` shows at most the last
four digits; :func:`redact` masks everything :func:`find` finds. The column and table scan that
turns hits into problems is :mod:`pipelines.validate.pii`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from pipelines.validate.report import Problem

# Cells worth a closer look: a run of 9+ digits (separators allowed) or an "@".
CANDIDATE = r"\d[\d\s.\-()/]{7,}\d|@"
MASKED_RUN = r"[*xX•]{4,}"
_DIGIT_RUN = re.compile(r"(?<![\d])\+?\d(?:[\s.\-/]?\d)+(?![\d])")
_PHONE = re.compile(r"(?<![\w+])(?:\+\s?62|\(\+?62\)|62|\(0\d{1,3}\)|0)[\s.\-()]*\d(?:[\s.\-()]*\d){6,12}(?![\d])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_SIXTEEN = re.compile(r"(?<!\d)\d{16}(?!\d)")
_NPWP_FORMATTED = re.compile(r"(?<!\d)\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}(?!\d)")
_REGION_CODE = re.compile(r"^\d{2}(\.\d{2}){1,2}(\.\d{4})?$")
_ALREADY_MASKED = re.compile(MASKED_RUN)
# What a masked run is blanked with: the same length, so positions still point into the cell, and
# a character no pattern takes in or across (a space would join "0812 xxxx 7890" into one number).
_BLANK = "|"
_DOTTED_CODE = re.compile(r"\d{1,4}(\.\d{1,4}){3,}")  # 5.1.02.01.01.0024: an APBD account code
_FRACTION = re.compile(r"0[.,]\d+")  # 0.870431894 is a ratio, not 0870431894
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
# Headers that count or measure ("Jumlah KK", "Jumlah Sambungan Telepon") describe statistics.
_COUNT_WORDS = {"jumlah", "jml", "total", "banyak", "banyaknya", "persentase", "persen", "rasio", "rata"}
_NUMBER_WORDS = {"no", "nomor", "nomer", "nmr", "number"}


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


def normal_name(text: str) -> str:
    """A header or column name folded for comparison: ``"No. HP"`` -> ``"no_hp"``."""
    return re.sub(r"[^0-9a-z]+", "_", text.casefold()).strip("_")


def header_kind(*names: str) -> str | None:
    """What a column's name or header says it holds (``"No. HP"`` -> ``"phone"``); ``None`` for
    headers of counts (``"Jumlah KK"`` is the number of families, not a family card number)."""
    for name in names:
        normal = normal_name(name or "")
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
    """(kind, the matched text as written in ``text``) for each piece of personal data in one cell.
    ``phones=False`` for columns declared numeric: their figures are amounts, whatever digits they
    start with. Already-masked runs are blanked out and the rest of the cell is still scanned."""
    cell = text.strip()
    if cell.endswith(".0") and cell[:-2].isdigit():  # a number that went through a float
        cell = cell[:-2]
    if _REGION_CODE.match(cell) or _DOTTED_CODE.fullmatch(cell):
        return
    text = _ALREADY_MASKED.sub(lambda m: _BLANK * len(m.group()), cell)  # same positions as ``cell``
    for m in _EMAIL.finditer(text):
        yield "email", cell[m.start() : m.end()]
    taken: list[tuple[int, int]] = []
    for m in _NPWP_FORMATTED.finditer(text):
        taken.append(m.span())
        yield "npwp", cell[m.start() : m.end()]
    runs = [m for m in _DIGIT_RUN.finditer(text)] + [m for m in _SIXTEEN.finditer(text)]
    for m in runs:  # grouped spellings first, then bare 16-digit runs ("RT 003 6409...")
        digits = re.sub(r"\D", "", m.group())
        if any(a <= m.start() < b for a, b in taken):
            continue
        if len(digits) == 16 and is_nik(digits, regencies):
            taken.append(m.span())
            yield "nik", cell[m.start() : m.end()]
    for m in _PHONE.finditer(text) if phones else ():
        if _THOUSANDS.match(m.group().strip()) or _FRACTION.fullmatch(m.group().strip()):
            continue
        if any(a <= m.start() < b for a, b in taken) or "@" in text[max(0, m.start() - 1) : m.start()]:
            continue
        if _phone_digits(m.group()):
            yield "phone", cell[m.start() : m.end()]


def redact(text: str | None, regencies: set[str] | None = None) -> str | None:
    """``text`` with every piece of personal data in it masked, also beside a run that is masked
    already: the last line of defence for anything shown (reports, logs, ``inspect``)."""
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
