"""Finding and masking personal data in one piece of text: NIK/KK, NPWP, phone, e-mail.

Every cell is folded first (:mod:`pipelines.validate.pii_normal`: Unicode digits, spaces and
dashes become ASCII, invisible characters go). A NIK or KK number is told by its structure
(:mod:`pipelines.validate.pii_nik`), however its digits are grouped. NPWP tax numbers are found in
their dotted spelling; phone numbers as ``+62``, ``62`` or ``08..`` with spaces, dashes, dots or
brackets, never starting inside a dotted number (``64.09.02.2003``, ``5.1.02.01``).
Runs an officer has already masked (``xxxx``, ``****``, ``••••``) are skipped, but never the rest
of the cell: ``Waru xxxx 6409014507900001`` still holds a NIK. :func:`mask` shows at most the last
four digits; :func:`redact` masks everything :func:`find` finds. The column and table scan that
turns hits into problems is :mod:`pipelines.validate.pii`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Set

from pipelines.validate.pii_nik import is_nik, nik_spans, region_codes
from pipelines.validate.pii_normal import fold, fold_char, is_digit
from pipelines.validate.report import Problem

__all__ = ["find", "header_kind", "is_nik", "mask", "normal_name", "redact", "redact_problem", "region_codes"]

MASKED_RUN = r"[*xX•]{4,}"
# Between two digit groups of one number: spaces with at most two marks (". ", " - ", ",  ", "_", "|").
_GAP = r"(?: *[.,\-_/\\:;'\"()\[\]{}|*#~+=]{1,2} *| +)"
_GROUPS = re.compile(rf"\d+(?:{_GAP}\d+)*")
_EXPONENT = re.compile(r"[eE]([+-]?)(\d{1,3})(?!\d)")  # 6.409014507900001e+15
_PHONE = re.compile(
    r"(?<![\w+])(?<!\d[.,])(?:\+ ?62|\(\+?62\)|62|\(0\d{1,3}\)|0)[ .\-()]*\d(?:[ .\-()]*\d){6,12}(?![.,]?\d)"
)
# bounded as RFC 5321 bounds them (64-character local part, 63-character labels): a cell of
# thousands of dots and no "@" must not cost a scan to its end from every position
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){0,8}\.[A-Za-z]{2,63}")
_NPWP_FORMATTED = re.compile(r"(?<!\d)\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}(?!\d)")
_ALREADY_MASKED = re.compile(MASKED_RUN)
# What a masked run is blanked with: the same length, so positions still point into the cell, and
# a character no pattern takes in or across (a space would join "0812 xxxx 7890" into one number);
# a control character, which folding has taken out of the cell.
_BLANK = "\x00"
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
    """Every digit (of any script) but the last four becomes ``*``, every letter too; an e-mail
    keeps only its domain."""
    ats = [i for i, ch in enumerate(value) if fold_char(ch) == "@"]
    if ats:
        return "***@" + value[ats[-1] + 1 :]
    digits = [is_digit(ch) for ch in value]
    total = sum(digits)
    seen, out = 0, []
    for ch, digit in zip(value, digits, strict=True):
        if digit:
            seen += 1
            out.append(ch if seen > total - 4 else "*")
        else:
            out.append("*" if ch.isalpha() else ch)
    return "".join(out)


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


def find(text: str, regions: Set[str], *, phones: bool = True) -> Iterator[tuple[str, str]]:
    """(kind, the matched text as written in ``text``) for each piece of personal data in one cell.
    The cell is folded first (:func:`pipelines.validate.pii_normal.fold`: Unicode digits, spaces,
    dashes). ``regions``: :func:`region_codes`. ``phones=False`` for columns declared numeric: their
    figures are amounts, whatever digits they start with. Already-masked runs are blanked out and
    the rest of the cell is still scanned."""
    folded = fold(text)
    cell = folded.text
    if cell.endswith(".0") and cell[:-2].isdigit():  # a number that went through a float
        cell = cell[:-2]
    cell = _ALREADY_MASKED.sub(lambda m: _BLANK * len(m.group()), cell)  # same positions

    def written(start: int, end: int) -> str:
        a, b = folded.span(start, end)
        return text[a:b]

    for m in _EMAIL.finditer(cell) if "@" in cell else ():
        yield "email", written(*m.span())
    taken: list[tuple[int, int]] = []
    for m in _NPWP_FORMATTED.finditer(cell):
        taken.append(m.span())
        yield "npwp", written(*m.span())
    for run in _GROUPS.finditer(cell):
        power = _EXPONENT.match(cell, run.end())
        exponent = int(power.group(2)) if power and power.group(1) != "-" else (-1 if power else None)
        for start, end in nik_spans(run.group(), run.start(), regions, exponent):
            if not any(a <= start < b for a, b in taken):
                taken.append((start, end))
                yield "nik", written(start, end)
    for m in _PHONE.finditer(cell) if phones else ():
        if _THOUSANDS.match(m.group().strip()) or _FRACTION.fullmatch(m.group().strip()):
            continue
        if any(a <= m.start() < b for a, b in taken) or "@" in cell[max(0, m.start() - 1) : m.start()]:
            continue
        if _phone_digits(m.group()):
            yield "phone", written(*m.span())


def redact(text: str | None, regions: Set[str] | None = None, *, phones: bool = True) -> str | None:
    """``text`` with every piece of personal data in it masked, also beside a run that is masked
    already: the last line of defence for anything shown (reports, logs, ``inspect``). ``phones``:
    as in :func:`find` (False for a figure of a numeric column)."""
    if not text:
        return text
    regions = region_codes() if regions is None else regions
    for _kind, matched in sorted(find(text, regions, phones=phones), key=lambda km: -len(km[1])):
        text = text.replace(matched, mask(matched))
    return text


def redact_problem(problem: Problem, regions: Set[str] | None = None) -> Problem:
    """The problem with its value, column, messages and hints redacted."""
    regions = region_codes() if regions is None else regions
    fields = ("value", "column", "message_id", "message_en", "hint_id", "hint_en")
    changes = {f: redact(getattr(problem, f), regions) for f in fields}
    if all(changes[f] == getattr(problem, f) for f in fields):
        return problem
    return problem.model_copy(update=changes)
