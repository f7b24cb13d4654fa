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
- every other cell is NFKC-normalised and let through when it holds an ``@`` or 8+ decimal digits of
  any script (so full-width, Arabic-Indic or circled digits, and non-breaking or zero-width spaces
  between them, still reach Python).
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

# Before the opening: the cell's start, or a character that is neither a word character nor "+",
# and not a "." or "," right after a digit. Mirrors the look-behinds of pii_detect._PHONE.
_PHONE_OPENING = r"(?:^|[^\w+.,]|(?:^|[^0-9])[.,])(?:\+ ?62|\(\+?62\)|62|\(0|0)[ .\-()]*[2-8]"
_NOT_PLAIN = r"[^\x20-\x7e]"
# One pass over every cell: an "@", anything but printable ASCII, or 8+ ASCII digits. Only these
# cells (few, in a table of counts and codes) get the closer looks below.
_GATE = rf"@|{_NOT_PLAIN}|^(?:[^0-9]*[0-9]){{8}}"


def _flag(mask) -> pa.Array:
    return pc.fill_null(mask, False)


def _plain(text: pa.Array) -> pa.Array:
    long = pc.match_substring_regex(text, r"^(?:[^0-9]*[0-9]){15}")
    return _flag(pc.or_(pc.or_(pc.match_substring(text, "@"), long), pc.match_substring_regex(text, _PHONE_OPENING)))


def _other(text: pa.Array) -> pa.Array:
    normal = pc.utf8_normalize(text, form="NFKC")
    many = pc.match_substring_regex(normal, r"^(?:[^\p{Nd}]*\p{Nd}){8}")
    return _flag(pc.or_(pc.match_substring(normal, "@"), many))


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
