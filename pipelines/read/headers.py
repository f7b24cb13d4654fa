"""Where the header is, and one name per column.

The first data row is the first row that looks like the rows below it: numbers where the table
has numbers, a label where it has labels, and not a row of years (years across the top are a
header of a wide table). The header is the block of non-blank rows right above it, without the
title rows (one long sentence) and metadata rows (``Kode : ...``). Merged cells are expanded
before this; for files without merge information (CSV), a group header written once over the
columns it spans is carried right as far as the columns below it have headers of their own.
A header row that reads the same over every value column (one year, ``2022``, over all of them)
names no column: a year there becomes a constant ``tahun`` column, other text is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from pipelines.read.clean import NULL_TOKENS
from pipelines.read.sections import is_section_heading
from pipelines.read.wordtitle import words_title

HEADER_DEPTH = 6
_NUM = re.compile(r"^[+-]?(rp\.?\s*)?\(?[\d.,\s]*\d[\d.,\s]*(e[+-]?\d{1,3})?\)?\s*%?$", re.I)  # 1.5e-05 too
YEAR = re.compile(r"^(19|20)\d\d$")
_TITLE_START = re.compile(r"^(tabel|table|data|rekap|rekapitulasi|daftar|laporan|grafik|lampiran)\b", re.I)
_KEY_VALUE = re.compile(r"(^:|:$|\s:\s|^\w[\w .]{0,30}:\s)")
_COLUMN_NUMBER = re.compile(r"^[(\[](\d{1,3})[)\]]$")  # BPS tables number their columns: (1) (2) (3)


def normalise_header(text: str | None) -> str:
    """``"Jumlah Penduduk (jiwa) "`` -> ``"jumlah_penduduk_jiwa"`` (ASCII snake_case, may be empty);
    signs are words: ``B+`` -> ``b_plus``, ``B-`` -> ``b_minus``, ``75+`` -> ``75_plus``."""
    s = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    s = s.lower().replace("%", " persen ").replace("&", " dan ").replace("+", " plus ")
    s = re.sub(r"(?<=[a-z0-9])\s*-\s*$|\(\s*-\s*\)", " minus ", s)  # B- (blood group), Rhesus (-)
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_")


def column_names(headers: list[str]) -> list[str]:
    """Unique snake_case names; empty headers become ``kolom_<n>`` (1-based position)."""
    names, used = [], Counter()
    for i, header in enumerate(headers):
        base = normalise_header(header) or f"kolom_{i + 1}"
        if base[0].isdigit():
            base = f"kolom_{base}"
        used[base] += 1
        name = base if used[base] == 1 else f"{base}_{used[base]}"
        while name in names:
            used[base] += 1
            name = f"{base}_{used[base]}"
        names.append(name)
    return names


def cell_kind(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if value in NULL_TOKENS:
        return "dash"
    if YEAR.match(value):
        return "year"
    if _NUM.match(value):
        return "num"
    return "text"


@dataclass
class HeaderGuess:
    header_rows: list[int]
    title_rows: list[int]
    data_start: int
    numeric_cols: list[int] = field(default_factory=list)
    label_cols: list[int] = field(default_factory=list)


def _distinct(row: list[str | None]) -> set[str]:
    return {v for v in row if v}


def is_title(row: list[str | None]) -> bool:
    values = _distinct(row)
    if len(values) == 2 and any(_TITLE_START.match(v) and re.search(r"\d", v) for v in values):
        return True  # "Tabel 3.1" | "Jumlah Penduduk menurut Kecamatan"
    if len(values) != 1:
        return False
    text = next(iter(values))
    return len(text) > 40 or len(text.split()) >= 6 or bool(_TITLE_START.match(text))


def is_numbering(row: list[str | None]) -> bool:
    """A row that numbers the columns, ``(1) | (2) | (3)`` (as BPS tables do): part of the header,
    never data and never part of a column's name."""
    values = [v for v in row if v]
    if len(values) < 2:
        return False
    numbers = [_COLUMN_NUMBER.match(v) for v in values]
    if not all(numbers):
        return False
    ints = [int(m.group(1)) for m in numbers]
    return all(b > a for a, b in zip(ints, ints[1:], strict=False))


def is_metadata(row: list[str | None]) -> bool:
    values = [v for v in row if v]
    return 1 <= len(values) <= 3 and any(_KEY_VALUE.search(v) for v in values)


def _column_roles(
    head: list[list[str | None]], kinds: list[list[str | None]], width: int
) -> tuple[list[int], list[int]]:
    """Numeric and label columns, by the majority of their cells (titles over merged cells aside)."""
    rows = [k for row, k in zip(head, kinds, strict=True)
            if sum(1 for x in k if x and x != "dash") >= 2 and len(_distinct(row)) >= 2]
    numeric, labels = [], []
    for c in range(width):
        count = Counter(k[c] for k in rows if k[c])
        nums = count["num"] + count["year"] + count["dash"]
        if count["text"] > nums:
            labels.append(c)
        elif nums:
            numeric.append(c)
    return numeric, labels


def detect_header(
    head: list[list[str | None]], pinned: list[int] | None = None, melt_pattern: str | None = None
) -> HeaderGuess:
    """``head``: the first rows of the sheet as trimmed text (None for empty cells); ``melt_pattern``:
    the spec's ``source.melt.columns``, whose matches are column headers like years are."""
    width = max((len(r) for r in head), default=0)
    kinds = [[cell_kind(v) for v in row] + [None] * (width - len(row)) for row in head]
    melt_rx = re.compile(melt_pattern, re.I) if melt_pattern else None

    def header_like(i: int, c: int) -> bool:
        """A year, or a cell the pinned melt pattern names: a header over a value column."""
        if kinds[i][c] == "year":
            return True
        return bool(melt_rx and kinds[i][c] == "num" and melt_rx.fullmatch(head[i][c] or ""))
    numeric, labels = _column_roles(head, kinds, width)
    if pinned:
        start = max(pinned) + 1
        while start < len(head) and not _distinct(head[start]):
            start += 1
        return HeaderGuess(sorted(pinned), [], start, numeric, labels)
    nonblank = [i for i, row in enumerate(head) if _distinct(row)]
    if not nonblank:
        return HeaderGuess([], [], len(head), numeric, labels)

    seen: dict[int, bool] = {}

    def data_like(i: int) -> bool:
        if i not in seen:
            seen[i] = False  # while deciding (a row above is asked about, never this one again)
            seen[i] = _data_like(i)
        return seen[i]

    def _data_like(i: int) -> bool:
        k = kinds[i]
        if is_numbering(head[i]):
            return False
        if not numeric:
            return sum(1 for x in k if x) >= max(2, (width + 1) // 2) and not is_title(head[i])
        nums = sum(1 for c in numeric if k[c] in ("num", "year", "dash"))
        texts = sum(1 for c in numeric if k[c] == "text")
        if nums == 0 or texts > nums or is_metadata(head[i]):
            return False
        if labels and all(k[c] is None for c in labels):
            # a label written once per group (blank below it, as officers do): a row of the body when
            # the row above is one, never the end of a header further down
            above = next((j for j in reversed(nonblank) if j < i), None)
            return above is not None and all(k[c] != "text" for c in numeric) and data_like(above)
        return not _years_across(i)

    def _years_across(i: int) -> bool:
        """Only years (or melt-pattern matches) where the table has numbers: a wide table's header,
        when the rows below have plain numbers there (or the years differ). A single year also
        needs no header row above it over its column (else it is a value: ``Penajam | 2015``)."""
        years = [c for c in numeric if header_like(i, c)]
        if not years or any(kinds[i][c] == "num" for c in numeric if c not in years):
            return False
        named = next((j for j in reversed(nonblank) if j < i and not (is_title(head[j]) or is_metadata(head[j]))), None)
        if named is not None and not is_numbering(head[named]) and data_like(named):
            return False  # under a data row: a data row too (2015 | 2021), not a header
        if named is not None and len(years) >= 2:
            over = [head[named][c] if c < len(head[named]) else None for c in years]
            if all(over) and len(set(over)) == len(years) and not any(header_like(named, c) for c in years):
                return False  # each of these columns is named above already: 2015 | 2021 is a data row
        below = [j for j in nonblank if j > i][:3]
        numbers_below = any(kinds[j][c] == "num" and not header_like(j, c) for j in below for c in years)
        if len(years) >= 2:
            return numbers_below or len({head[i][c] for c in years}) > 1
        above = [j for j in nonblank if j < i and not (is_title(head[j]) or is_metadata(head[j]))]
        return numbers_below and not any(head[j][c] for j in above for c in years if c < len(head[j]))

    candidates = [i for i in nonblank if data_like(i)]
    start = next((i for i in candidates if _next_is_data(i, nonblank, data_like)), None)
    if start is None:
        start = candidates[0] if candidates else nonblank[0] + 1
    if not numeric and candidates:
        first = next(i for i in nonblank if not is_title(head[i]))
        start = next((i for i in nonblank if i > first), first + 1)
    if not candidates and width > 1 and all(sum(1 for v in head[i] if v) <= 1 for i in nonblank):
        start = nonblank[-1] + 1  # one cell a row everywhere: a header with no data under it yet
        numeric = numeric or list(range(1, width))  # the values would be right of the labels
    block = _block_above(head, start)
    # a sentence over the value columns only ("Jumlah Tindak Pidana Menurut ..." over the one value
    # column of a BPS table) names them: a header row, not a title
    titles = [
        i for i in block
        if (is_title(head[i]) or is_metadata(head[i]))
        and not (_over_values(head[i], numeric) and not _named_below(head, block, i, kinds))
    ]
    # the last header row names the columns: a lone cell right above the data is a section heading
    while block and width > 1 and (
        (_lone(head[block[-1]]) and not _over_values(head[block[-1]], numeric))
        or (len(block) >= 2 and is_section_heading(head[block[-1]], numeric))
    ):
        titles.append(block.pop())
    header = [i for i in block if i not in titles]
    # a short caption right on top of the header ("Jumlah Sekolah Menurut Kecamatan" above
    # "Kecamatan | Negeri | Swasta") is a title as well
    while len(header) >= 2 and width > 1 and (
        _caption_over(head[header[0]], head[header[1]], numeric) or words_title(head[header[0]], head[header[1]])
    ):
        titles.append(header.pop(0))
    return HeaderGuess(header, sorted(set(titles)), start, numeric, labels)


def _over_values(row: list[str | None], numeric: list[int]) -> bool:
    """Every filled cell of ``row`` sits over a value column, right of the first column."""
    filled = [c for c, v in enumerate(row) if v]
    return bool(filled) and filled[0] > 0 and all(c in numeric for c in filled)


def _named_below(head: list[list[str | None]], block: list[int], i: int, kinds: list[list[str | None]]) -> bool:
    """The columns row ``i`` has text over are named again by a text (not a year) in a header row
    below it: then row ``i`` is a caption over them."""
    cols = [c for c, v in enumerate(head[i]) if v]
    return any(kinds[j][c] == "text" for j in block if j > i for c in cols if c < len(kinds[j]))


def _caption_over(row: list[str | None], below: list[str | None], numeric: list[int]) -> bool:
    """``row`` is one text (one cell, or one merged text) over a header row that names that column
    itself. Not a caption: a group name written once over value columns, right of the label
    columns (``Penduduk`` over ``Laki-laki | Perempuan``), or a header merged down (nothing below
    it)."""
    if not _lone(row) or is_numbering(row):
        return False
    filled = [c for c, v in enumerate(row) if v]
    if not filled:
        return False
    first = filled[0]
    below_first = next((c for c, v in enumerate(below) if v), len(below))
    if len(filled) == 1 and first in numeric and first > below_first:
        return False  # written once over value columns, right of the labels
    return first < len(below) and below[first] is not None


def _lone(row: list[str | None]) -> bool:
    """One cell, or one text over merged cells (not a year: ``2022`` over every column is a header)."""
    values = _distinct(row)
    filled = sum(1 for v in row if v)
    return filled < 2 or (len(values) == 1 and not YEAR.match(next(iter(values))))


def _next_is_data(i: int, nonblank: list[int], data_like) -> bool:
    later = [j for j in nonblank if j > i]
    return not later or data_like(later[0])


def _block_above(head: list[list[str | None]], start: int) -> list[int]:
    r = start - 1
    if r >= 0 and not _distinct(head[r]):
        r -= 1  # one blank row between header and data is tolerated
    block = []
    while r >= 0 and _distinct(head[r]) and len(block) < HEADER_DEPTH:
        block.append(r)
        r -= 1
    return sorted(block)


def header_texts(
    head: list[list[str | None]], header_rows: list[int], width: int, carry_right: bool
) -> tuple[list[str], str | None]:
    """One header text per column (levels joined by a space), and the year common to all value
    columns when a header row holds only that (``None`` otherwise)."""
    header_rows = [h for h in header_rows if not is_numbering(head[h])]  # (1) (2) (3) names nothing
    levels = [[(head[h][c] if c < len(head[h]) else None) for h in header_rows] for c in range(width)]
    if carry_right:
        _carry_right(levels, len(header_rows))
    seqs = [_dedupe([t for t in col if t]) for col in levels]
    period = None
    if len(header_rows) >= 2:
        first_value = next((c for c in range(width) if len(seqs[c]) >= 2), width)
        value_cols = list(range(first_value, width))
        for k in range(len(header_rows)):
            texts = {levels[c][k] for c in value_cols}
            if len(value_cols) >= 1 and len(texts) == 1 and None not in texts:
                common = texts.pop()
                if len(value_cols) == 1 and not YEAR.match(common):
                    continue  # the one value column's own name
                if YEAR.match(common):
                    period = common
                elif not is_title([common]):
                    continue  # a short group name ("Jumlah Penduduk") stays part of the names
                # a year or a caption sentence over every value column names none of them
                for c in value_cols:
                    if len(seqs[c]) >= 2 and common in seqs[c]:
                        seqs[c].remove(common)
    return [" ".join(" ".join(s).split()) for s in seqs], period


def _carry_right(levels: list[list[str | None]], depth: int) -> None:
    for k in range(depth - 1):
        for c in range(1, len(levels)):
            if levels[c][k] is not None or levels[c - 1][k] is None:
                continue
            has_below = any(levels[c][k + 1 :]) and any(levels[c - 1][k + 1 :])
            if has_below:
                levels[c][k] = levels[c - 1][k]


def _dedupe(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if not out or out[-1] != item:
            out.append(item)
    return out
