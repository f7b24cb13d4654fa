"""One cell folded to the plain text the PII patterns read, with a map back to the cell as written.

Officers' files (and people hiding a number) write digits, spaces and dashes in many ways: a
non-breaking or ideographic space, a zero-width space or a soft hyphen between the digits, an en
dash, full-width ``６４０９``, Arabic-Indic ``٦٤٠٩`` or mathematical ``𝟔𝟒𝟎𝟗`` digits. :func:`fold`
turns each of these into ASCII: every Unicode decimal digit into ``0``-``9`` (NFKC first, then
``unicodedata.decimal``), every space into ``" "``, every dash into ``"-"``, and drops what is not
seen (format characters, combining marks, control characters). Everything else goes through NFKC.

The map lets a match in the folded text be cut out of the cell as written, so that what is masked
and shown is the officer's own spelling.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_DASHES = {"\u2212", "\u2043", "\ufe63", "\uff0d", "\u02d7", "\u2796"}  # minus signs and other dash look-alikes
_INVISIBLE = {"Cf", "Cc", "Mn", "Me", "Co"}  # format, control, combining marks, private use


@dataclass(frozen=True)
class Folded:
    text: str  # the folded text
    source: tuple[int, ...] | None  # source[i]: index in the cell of folded char i; None: the same text

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the cell as written that folded ``text[start:end]`` came from."""
        if self.source is None:
            return start, end
        return self.source[start], self.source[end - 1] + 1


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """What one character reads as: an ASCII digit, ``" "``, ``"-"``, ``""`` or its NFKC form."""
    if ch.isascii():
        if ch.isspace():
            return " "
        return ch if ch.isprintable() else ""
    category = unicodedata.category(ch)
    if ch.isspace() or category in ("Zs", "Zl", "Zp"):
        return " "
    if category in _INVISIBLE:
        return ""
    if category == "Pd" or ch in _DASHES:
        return "-"
    digit = unicodedata.decimal(ch, None)
    if digit is not None:
        return str(digit)
    out = []
    for part in unicodedata.normalize("NFKC", ch):  # "¨" -> " " + a combining mark, "²" -> "2"
        digit = unicodedata.decimal(part, None)
        category = unicodedata.category(part)
        if digit is not None:
            out.append(str(digit))
        elif part.isspace() or category in ("Zs", "Zl", "Zp"):
            out.append(" ")
        elif category in _INVISIBLE:
            continue
        elif category == "Pd" or part in _DASHES:
            out.append("-")
        else:
            out.append(part)
    return "".join(out)


def fold(cell: str) -> Folded:
    """``cell`` as the patterns read it (see the module docstring)."""
    if cell.isascii() and cell.isprintable():
        return Folded(cell, None)
    out: list[str] = []
    source: list[int] = []
    for i, ch in enumerate(cell):
        folded = fold_char(ch)
        out.append(folded)
        source.extend([i] * len(folded))
    return Folded("".join(out), tuple(source))


def is_digit(ch: str) -> bool:
    """Does ``ch`` read as a digit (``7``, ``７``, ``٧``, ``⑦``, ``𝟕``)?"""
    folded = fold_char(ch)
    return bool(folded) and folded.isascii() and folded.isdigit()
