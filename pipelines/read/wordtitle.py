"""A title typed one word per cell above the header: ``JUMLAH | KUNJUNGAN | PASIEN | MENURUT |
PUSKESMAS | TAHUN | 2023`` over ``Puskesmas | Januari | Februari | ...``.

Read as a header row, its words would be glued to the names below (``KUNJUNGAN Januari``), and
months would not be recognised. The top row of a header block is such a title when its cells are
single words (or a year) side by side from the first columns, at least three and all different,
that read as a sentence (they open like a title, ``Jumlah``, ``Tabel``..., or hold a linking
word such as ``menurut``, ``di``, ``dan``, or end with a year), and the row below names every
column the words sit over with a text of its own.
"""

from __future__ import annotations

import re

_OPENING = re.compile(r"^(tabel|table|data|rekap|rekapitulasi|daftar|laporan|jumlah|banyaknya|persentase|capaian|"
                      r"cakupan|grafik|lampiran|profil)$", re.I)
_LINKING = re.compile(r"^(menurut|berdasarkan|di|dan|per|pada|dalam|sampai|s/d|by|in|of|and|per)$", re.I)
_NUMBER = re.compile(r"^[(\[]?\d+[)\]]?$")
_YEAR = re.compile(r"^(19|20)\d\d$")


def words_title(row: list[str | None], below: list[str | None]) -> bool:
    """``row``: the top row of a header block; ``below``: the next header row (trimmed text,
    None where empty)."""
    filled = [c for c, v in enumerate(row) if v]
    if len(filled) < 3 or filled[0] > 1 or filled[-1] - filled[0] + 1 != len(filled):
        return False  # three cells at least, side by side from the first columns
    words = [row[c] for c in filled]
    if len(set(words)) != len(words) or any(len(w.split()) > 1 for w in words):
        return False
    # a sentence: it opens like a title, links its words, or ends with the year it covers
    reads = bool(_OPENING.match(words[0])) or any(_LINKING.match(w) for w in words[1:]) or bool(_YEAR.match(words[-1]))
    if not reads:
        return False
    named = [below[c] if c < len(below) else None for c in filled]
    if not all(named) or all(_NUMBER.match(n) for n in named):
        return False  # the row below must name the columns, not number them
    return not any(n == w for n, w in zip(named, words, strict=True))
