"""The vectorised pre-filter of the PII guard: which cells of a column are worth a look in Python.

It must let through every cell :func:`pipelines.validate.pii_detect.find` could find something in
(a superset, tested over the whole of Unicode and on generated cells), and as few others as it can,
because a 1M-row file has millions of cells. All of it runs in pyarrow kernels:

- one regex pass over every cell keeps those with an ``@``, 8+ ASCII digits, or anything but
  printable ASCII; of these,
- plain cells (printable ASCII, by far the most): an ``@``; or 15+ digits (a NIK has 16, an NPWP
  15); or a phone number's opening (``0``, ``62``, ``+62``, ``(0``, then a ``2``-``8``) that does
  not start inside a word or a dotted number (``64.09.02.2003`` and ``5.1.02.01.01.0024`` are
  codes, not phone numbers);
- every other cell is folded as :mod:`pipelines.validate.pii_normal` folds it (spaces, invisible
  characters, NFKC, dashes) and then read as a plain cell; one that still holds digits of another
  script (Arabic-Indic, Devanagari ...) is let through when it has an ``@`` or 8+ digits. So a
  non-breaking space after every code of an HTML export costs no Python, and full-width digits or
  zero-width spaces between digits still reach it.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

# Before the opening: the cell's start, or a character that is neither a word character nor "+",
# and not a "." or "," right after a digit. Mirrors the look-behinds of pii_detect._PHONE.
_PHONE_OPENING = r"(?:^|[^\w+.,]|(?:^|[^0-9])[.,])(?:\+ ?62|\(\+?62\)|62|\(0|0)[ .\-()]*[2-8]"
_NOT_PLAIN = r"[^\x20-\x7e]"
_PLAIN_GATE = r"@|^(?:[^0-9]*[0-9]){8}"
# One pass over every cell: an "@", anything but printable ASCII, or 8+ ASCII digits. Only these
# cells (few, in a table of counts and codes) get the closer looks below.
_GATE = rf"{_PLAIN_GATE}|{_NOT_PLAIN}"
# What pii_normal.fold turns into " ", drops, or turns into "-" (its _DASHES included)
_SPACE = r"[\t\n\x0b\x0c\r\x1c-\x1f\x85\p{Z}]"
_INVISIBLE = r"[\p{Cc}\p{Cf}\p{Mn}\p{Me}\p{Co}]"
_DASH = r"[\p{Pd}\x{2212}\x{2043}\x{FE63}\x{FF0D}\x{02D7}\x{2796}]"


def _flag(mask) -> pa.Array:
    return pc.fill_null(mask, False)


def _plain(text: pa.Array) -> pa.Array:
    long = pc.match_substring_regex(text, r"^(?:[^0-9]*[0-9]){15}")
    return _flag(pc.or_(pc.or_(pc.match_substring(text, "@"), long), pc.match_substring_regex(text, _PHONE_OPENING)))


def fold_column(text: pa.Array) -> pa.Array:
    """:func:`pipelines.validate.pii_normal.fold` in pyarrow kernels, but for the digits of other
    scripts, which stay as they are (``\\p{Nd}``)."""
    text = pc.replace_substring_regex(text, _SPACE, " ")
    text = pc.replace_substring_regex(text, _INVISIBLE, "")
    text = pc.utf8_normalize(text, form="NFKC")
    text = pc.replace_substring_regex(text, _SPACE, " ")
    text = pc.replace_substring_regex(text, _INVISIBLE, "")
    return pc.replace_substring_regex(text, _DASH, "-")


def _as_plain(text: pa.Array) -> pa.Array:
    return pc.and_(_flag(pc.match_substring_regex(text, _PLAIN_GATE)), _plain(text))


def _other(text: pa.Array) -> pa.Array:
    """Cells with anything but printable ASCII. Most only have odd spaces (a non-breaking space
    from a web page): with spaces made plain they are plain cells. The rest are folded whole."""
    spaced = pc.replace_substring_regex(text, _SPACE, " ")
    still = _flag(pc.match_substring_regex(spaced, _NOT_PLAIN))
    flags = _as_plain(spaced)
    where = pc.indices_nonzero(still)
    if len(where):
        flags = pc.replace_with_mask(flags, still, _folded(pc.take(text, where)))
    return flags


def _folded(text: pa.Array) -> pa.Array:
    """Cells folded whole, then read as plain cells unless they hold digits of another script
    (then: an ``@`` or 8+ digits)."""
    folded = fold_column(text)
    foreign = _flag(pc.match_substring_regex(folded, r"[^0-9\P{Nd}]"))
    many = pc.match_substring_regex(folded, r"^(?:[^\p{Nd}]*\p{Nd}){8}")
    other_script = _flag(pc.or_(pc.match_substring(folded, "@"), many))
    return pc.if_else(foreign, other_script, _as_plain(folded))


def _checked(text: pa.Array) -> pa.Array:
    """The closer look at cells that passed the gate."""
    other = _flag(pc.match_substring_regex(text, _NOT_PLAIN))
    flags = _plain(text)
    where = pc.indices_nonzero(other)
    if len(where):
        flags = pc.replace_with_mask(flags, other, _other(pc.take(text, where)))
    return flags


def plausible(text: pa.ChunkedArray | pa.Array) -> pa.Array:
    """A boolean per cell of a string column: may it hold personal data? (never null)"""
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks() if text.num_chunks != 1 else text.chunk(0)
    gate = _flag(pc.match_substring_regex(text, _GATE))
    where = pc.indices_nonzero(gate)
    if not len(where):
        return gate
    return pc.replace_with_mask(gate, gate, _checked(pc.take(text, where)))
