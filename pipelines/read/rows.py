"""Which rows below the header are data, and why the others are dropped.

Rules, a whole column at a time:
- ``blank``: nothing in any cell;
- ``footnote``: a row of at most two cells opening with ``Sumber``, ``Catatan``, ``Keterangan``,
  ``*)``, ``1)``..., and any one-cell text row after the last data row;
- ``total``/``subtotal``: a label ``Jumlah``/``Total``/``Sub Total``...; a label naming a region
  level (``Kota Bandung``, ``Kab. Bogor``) in a column where such names are rare, on a row that is
  empty or clearly bigger than the others; a row whose label repeats its parent column
  (``KAB. BOGOR`` in the kecamatan column beside ``KAB. BOGOR``) and is clearly bigger than its
  group; a row without label, or the last row, equal to the sum of the rows it closes; rows that
  open their group with its sum (a kecamatan above its desa, an APBD urusan above its parts) when
  such groups tile the whole table;
- ``section``: a one-cell text row inside the table (a section heading, :mod:`pipelines.read.sections`);
- ``skipped``/``pattern``: pinned by the spec.
One total row closing the table is ``total``; several are ``subtotal`` unless the last one is
labelled ``Jumlah``/``Total`` and closes everything.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.read.cells import one, opening_keys, prefix_candidates, take, true_mask
from pipelines.read.numbers import parse_number

FOOTNOTE = r"^(?i:(sumber|source|catatan|keterangan|ket\.|ket\s*:|note|notes|nb|ps)\b|\*+\)?|\(?\d{1,2}\)\s|\*)"
TOTAL = r"^(?i:(jumlah|total|sub\s*-?\s*total|grand\s*total|jml\.?|sub\s*jumlah|total\s*keseluruhan))\b"
# a total label and nothing else: "Jumlah", "TOTAL :", "Sub Total"; longer labels ("Jumlah Kec. Waru",
# but also "Jumlah Balita Diukur", an indicator) are totals only when their numbers say so
BARE_TOTAL = (
    r"^(?i:(jumlah|total|sub\s*-?\s*total|sub\s*jumlah|grand\s*total|jml|jumlah\s*total|total\s*keseluruhan|"
    r"jumlah\s*keseluruhan|jumlah\s*/\s*total|total\s*/\s*jumlah))\s*[.:]?\s*$"
)
NEAR = 0.1  # a subtotal within 10 % of the rows it sums (an officer's typo in one cell still counts)
GRAND = r"^(?i:(jumlah|total|grand\s*total|jml\.?|total\s*keseluruhan))\b"
REGION = r"^(?i:(kota|kabupaten|kab\.?|provinsi|prov\.?|propinsi|kecamatan|kec\.?|kelurahan|kel\.?|desa))\s"
# the first two letters of every word TOTAL and REGION open with
TOTAL_STARTS = ("ju", "to", "su", "gr", "jm")
REGION_STARTS = ("ko", "ka", "pr", "ke", "de")
MAX_SUM_ROWS = 200_000
BIGGER = 1.5


def _match(
    arr, pattern: str, rows: np.ndarray | None = None, prefixes: tuple[str, ...] = (),
    candidates: np.ndarray | None = None,
) -> np.ndarray:
    """Regex match per row; on the distinct values only when there are few (labels repeat);
    only on ``rows`` (a boolean mask) when given. ``prefixes``: the pattern can only match cells
    opening with one of these two letters, so only those cells are tried (``candidates``: that
    mask, computed already)."""
    if prefixes or candidates is not None:
        if candidates is None:
            candidates = prefix_candidates(arr, prefixes)
        rows = candidates if rows is None else rows & candidates
        if rows.sum() * 4 > len(arr):
            rows = None  # most cells are candidates: the distinct values are cheaper
    if rows is not None:
        out = np.zeros(len(arr), dtype=bool)
        at = np.flatnonzero(rows)
        if len(at):
            out[at] = true_mask(pc.match_substring_regex(take(arr, at), pattern))
        return out
    distinct = pc.unique(arr)
    if len(distinct) * 4 < len(arr):
        hits = pc.match_substring_regex(distinct, pattern)
        if not pc.any(hits).as_py():
            return np.zeros(len(arr), dtype=bool)
        return true_mask(pc.take(hits, pc.index_in(arr, value_set=distinct)))
    return true_mask(pc.match_substring_regex(arr, pattern))


def _codes(arr) -> np.ndarray:
    """Equal texts get equal integers (nulls -1): group rows without one compute call per group."""
    encoded = pc.dictionary_encode(arr)
    encoded = one(encoded)
    return pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)


def _common_in_sample(arr, pattern: str) -> bool:
    """More than a fifth of a (big) column's sampled values match."""
    if len(arr) < 50_000:
        return False
    step = len(arr) // 2000
    hits = pc.match_substring_regex(pc.drop_null(take(arr, np.arange(0, len(arr), step))), pattern)
    return len(hits) > 0 and pc.mean(pc.cast(hits, pa.float64())).as_py() > 0.2


class RowRules:
    """Row classification of one sheet. ``columns`` are cleaned text (nulls for dashes),
    ``filled`` the raw non-empty masks, ``body`` the mask of rows below the header."""

    def __init__(self, columns: list, filled: list[np.ndarray], body: np.ndarray, *, nulled: bool = False):
        self.columns = columns
        self.n = len(body)
        self.body = body
        self.start = int(np.argmax(body)) if body.any() else self.n  # the first row below the header
        self.filled_count = np.zeros(self.n, dtype=np.int32)
        for mask in filled:
            self.filled_count += mask
        if nulled or not columns:  # the filled masks are the non-null masks already
            self.valid_count = self.filled_count.copy()
        else:
            self.valid_count = np.sum([true_mask(pc.is_valid(c)) for c in columns], axis=0)
        self.reason: dict[int, str] = {}  # row -> why it is dropped (rows not dropped are absent)
        self.free = np.ones(self.n, dtype=bool)
        self.totals: set[int] = set()
        self._numbers: dict[int, np.ndarray] = {}
        self._opening_keys: dict[int, np.ndarray] = {}  # column -> opening_keys of its cells

    def recount(self, counter) -> None:
        """Rows that look empty or one-celled: count their cells as written in the file."""
        rows = np.flatnonzero(self.filled_count <= 1)
        if len(rows):
            self.filled_count[rows] = counter(rows)

    def set(self, rows, reason: str) -> None:
        self.free[rows] = False
        at = np.atleast_1d(np.flatnonzero(rows) if np.asarray(rows).dtype == bool else np.asarray(rows))
        self.reason.update(dict.fromkeys(at.tolist(), reason))
        if reason == "total":
            self.totals.update(at.tolist())
        else:
            self.totals.difference_update(at.tolist())

    def mark(self, mask: np.ndarray, reason: str) -> None:
        self.set(mask & self.body & self.free, reason)

    @property
    def kept(self) -> np.ndarray:
        return self.body & self.free

    def footnotes_among(self, rows: np.ndarray) -> np.ndarray:
        """Mask of ``rows`` (a boolean mask) whose first cell among the first two columns (where
        notes are written) opens like a footnote."""
        out = np.zeros(self.n, dtype=bool)
        at = np.flatnonzero(rows)
        if not len(at) or not self.columns:
            return out
        cells = [take(c, at) for c in self.columns[:2]]
        first = pc.coalesce(*cells) if len(cells) > 1 else cells[0]
        out[at] = true_mask(pc.match_substring_regex(first, FOOTNOTE))
        return out

    def pinned(self, skip_rows, patterns) -> None:
        skip = np.zeros(self.n, bool)
        skip[[r for r in skip_rows if 0 <= r < self.n]] = True
        self.set(skip, "skipped")
        if patterns and self.columns:
            joined = pc.binary_join_element_wise(*self.columns, " ", null_handling="skip")
            for pattern in patterns:
                try:
                    hit = true_mask(pc.match_substring_regex(joined, pattern, ignore_case=True))
                except pa.ArrowInvalid:  # a Python-only regex feature: test row by row
                    rx = re.compile(pattern, re.I)
                    hit = np.array([bool(t and rx.search(t)) for t in joined.to_pylist()], bool)
                self.mark(hit, "pattern")

    def simple(self, labels: list[int], has_numbers: bool = True) -> None:
        """Blank rows, footnotes, and rows labelled only ``Jumlah``/``Total`` (in a table with numbers)."""
        self.mark(self.filled_count == 0, "blank")
        short = self.body & (self.filled_count <= 2) & (self.filled_count > 0)
        self.mark(self.footnotes_among(short), "footnote")
        if has_numbers:
            for c in labels[:3]:
                self.mark(_match(self.columns[c], BARE_TOTAL, candidates=self._total_starts(c)), "total")

    def _total_starts(self, c: int) -> np.ndarray:
        """Cells of column ``c`` opening like a total label (``Ju``, ``To``, ``Su``...)."""
        return prefix_candidates(self.columns[c], TOTAL_STARTS, keys=self._keys(c))

    def _keys(self, c: int) -> np.ndarray:
        if c not in self._opening_keys:
            self._opening_keys[c] = opening_keys(self.columns[c])
        return self._opening_keys[c]

    def labelled_totals(self, labels: list[int], additive: list[int]) -> None:
        """Rows labelled ``Jumlah ...``/``Total ...`` with more words: totals when their numbers are
        (within 10 %) the sum of the rows since the previous total. ``Jumlah Balita`` on every row
        of a long table, or an indicator named ``Jumlah penduduk miskin``, stays data."""
        if not additive:
            return
        hits = np.zeros(self.n, dtype=bool)
        for c in labels[:3]:
            hits |= _match(self.columns[c], TOTAL, candidates=self._total_starts(c))
        hits &= self.kept
        if not hits.any():
            return
        parts = self.kept & ~hits
        rows = np.flatnonzero(parts)
        totals = np.zeros(self.n)
        totals[rows] = self.row_sum(rows, additive)
        counts = np.cumsum(parts)
        running = np.cumsum(totals)
        mine = np.zeros(self.n)
        at = np.flatnonzero(hits)
        mine[at] = self.row_sum(at, additive)
        start = -1  # the last total above: a block is the parts between it and the next
        for r in sorted(set(self.totals) | set(at.tolist())):
            if hits[r]:
                block = running[r] - (running[start] if start >= 0 else 0.0)
                members = counts[r] - (counts[start] if start >= 0 else 0)
                if not (members >= 2 and block and abs(mine[r] - block) <= NEAR * abs(block)):
                    continue  # data after all: the block goes on
                self.set(r, "total")
            start = r

    def trailing_notes(self) -> None:
        """One-cell rows after the last data row are notes; inside the table they are headings."""
        rows_of_two = self.kept & (self.filled_count >= 2)
        if not rows_of_two.any():
            return  # a one-column table: every row has one cell
        last = self.n - 1 - int(np.argmax(rows_of_two[::-1]))
        single = self.body & (self.filled_count == 1) & (self.valid_count == 1)
        after = np.zeros(self.n, dtype=bool)
        after[last + 1 :] = True
        self.mark(single & after, "footnote")
        rows = np.flatnonzero(single & self.free)
        if len(self.columns) >= 3 and len(rows):
            cells = pc.coalesce(*[take(c, rows) for c in self.columns])
            text = ~_match(cells, r"^[+-]?[\d.,\s]+%?$")
            self.set(rows[text], "section")

    def numbers(self, c: int) -> np.ndarray:
        """Column ``c`` as numbers (NaN where empty or not a number), below the header only: the
        header's text would send the whole column down the slow path of the number parser."""
        if c not in self._numbers:
            values, _ = parse_number(self.columns[c].slice(self.start))
            out = np.full(self.n, np.nan)
            out[self.start :] = one(values).to_numpy(zero_copy_only=False).astype(float)
            self._numbers[c] = out
        return self._numbers[c]

    def row_sum(self, rows: np.ndarray, numeric: list[int]) -> np.ndarray:
        return np.nansum([self.numbers(c)[rows] for c in numeric], axis=0)

    def regions(self, labels: list[int], numeric: list[int]) -> None:
        """A label naming a region level (``Kota Bandung``), rare in its column, on a row that is
        empty or clearly bigger than every other: the total of that region. Only with numbers."""
        if not numeric:
            return
        for c in labels[:3]:
            if _common_in_sample(self.columns[c], REGION):
                continue  # region names are this column's values, not a total
            region_like = prefix_candidates(self.columns[c], REGION_STARTS, keys=self._keys(c))
            hit = _match(self.columns[c], REGION, candidates=region_like) & self.kept
            share = hit.sum() / max(1, (self.kept & true_mask(pc.is_valid(self.columns[c]))).sum())
            if not hit.any() or share > 0.2:
                continue
            others = self.kept & ~hit
            typical = np.nanmax(self.row_sum(np.flatnonzero(others), numeric)) if numeric and others.any() else 0
            for r in np.flatnonzero(hit):
                empty = all(np.isnan(self.numbers(n)[r]) for n in numeric)
                total = float(self.row_sum(np.array([r]), numeric)[0]) if numeric else 0.0
                if empty or total > BIGGER * typical:
                    self.set(r, "total")

    def parents(self, labels: list[int], numeric: list[int]) -> None:
        """A label equal to the label of its parent column (``KAB. BOGOR`` under ``KAB. BOGOR``):
        a subtotal when its numbers are (within 10 %) the sum of that parent's other rows, the
        other label columns alike (the same sex, say), and it opens or closes that group. A desa
        named like its kecamatan is data, in the middle of its group whatever its numbers."""
        if not numeric:
            return
        for i, a in enumerate(labels[:3]):
            for b in labels[i + 1 : 4]:
                both = true_mask(pc.and_(pc.is_valid(self.columns[a]), pc.is_valid(self.columns[b])))
                same = true_mask(pc.equal(self.columns[a], self.columns[b])) & self.kept
                if not same.any() or same.sum() > 0.2 * max(1, (both & self.kept).sum()):
                    continue
                keys = np.column_stack([_codes(self.columns[c]) for c in labels[:4] if c != b])
                _, group_of = np.unique(keys, axis=0, return_inverse=True)
                group_of = group_of.ravel()
                for r in np.flatnonzero(same):
                    group = np.flatnonzero((group_of == group_of[r]) & self.kept & ~same)
                    inside = len(group) and group[0] < r < group[-1]  # a subtotal opens or closes its group
                    if len(group) >= 2 and not inside and self._near_sum(r, group, numeric):
                        self.set(r, "total")

    def _running_sums(self, additive: list[int]):
        """For the group rules: (kept rows, their values with 0 for empty, where values are,
        the column to search on (one never negative), running sums: ``prefix[i]`` of rows before i)."""
        if not additive or self.body.sum() > MAX_SUM_ROWS:
            return None
        kept = np.flatnonzero(self.kept)
        if len(kept) < 6:
            return None
        values = np.column_stack([self.numbers(c)[kept] for c in additive])
        present = ~np.isnan(values)
        v = np.where(present, values, 0.0)
        key = next((j for j in range(v.shape[1]) if v[:, j].any() and (v[:, j] >= 0).all()), None)
        if key is None:
            return None
        prefix = np.vstack([np.zeros((1, v.shape[1])), np.cumsum(v, axis=0)])
        return kept, v, present, key, prefix

    def openings(self, additive: list[int]) -> None:
        """Rows that open their group with its sum: a kecamatan above its desa, an urusan above its
        sub-urusan (``1`` above ``1.01``, ``1.02``). Only when such groups (two rows or more each)
        tile the whole table, at least twice, bar one closing row: then each opening row is a
        subtotal. ``additive``: the numeric columns that add up (not years, codes or rates)."""
        grid = self._running_sums(additive)
        if grid is None:
            return
        kept, v, present, key, prefix = grid
        n = len(kept)
        opens, i = [], 0
        while i < n - 1:
            target = v[i]
            tol = 0.5 + 1e-9 * np.abs(target)
            if not target[key]:
                break
            # the group is rows i+1..j, the last j whose running sum reaches the opening row's
            j = int(np.searchsorted(prefix[:, key], prefix[i + 1, key] + target[key] + tol[key], side="right")) - 2
            if j < i + 2:
                break
            group = prefix[j + 1] - prefix[i + 1]
            if not np.all((np.abs(group - target) <= tol) | ~present[i]):
                break
            opens.append(i)
            i = j + 1
        if i >= n - 1 and len(opens) >= 2:
            self.set(kept[opens], "subtotal")

    def closings(self, additive: list[int]) -> None:
        """Rows that close their group with its sum, repeated down the table: ``JAWA BARAT`` after
        the 27 kab/kota of each year in a long table. Only when such groups (two rows or more
        each, then their sum) tile the whole table, at least twice, bar one last row."""
        grid = self._running_sums(additive)
        if grid is None:
            return
        kept, v, present, key, prefix = grid
        n = len(kept)
        before = prefix[:-1, key] - v[:, key]  # row j closes rows i..j-1 when before[j] == prefix[i]
        closes, i = [], 0
        while i < n - 1:
            j, width = None, 64
            while j is None and i + 2 < n:
                window = before[i + 2 : i + 2 + width]
                tol = 0.5 + 1e-9 * np.abs(v[i + 2 : i + 2 + width, key])
                hits = np.flatnonzero((np.abs(window - prefix[i, key]) <= tol) & (v[i + 2 : i + 2 + width, key] > 0))
                if len(hits):
                    j = i + 2 + int(hits[0])
                elif i + 2 + width >= n:
                    break
                width *= 4
            if j is None:
                break
            group = prefix[j] - prefix[i]
            if not np.all((np.abs(group - v[j]) <= 0.5 + 1e-9 * np.abs(v[j])) | ~present[j]):
                break
            closes.append(j)
            i = j + 1
        if i >= n - 1 and len(closes) >= 2:
            self.set(kept[closes], "subtotal")

    def _near_sum(self, r: int, rows: np.ndarray, columns: list[int]) -> bool:
        """Row ``r`` is, column by column, the sum of ``rows`` within 10 % (four in five of the
        columns with a number other than 0 at least: a typo in one cell of a subtotal still leaves
        it a subtotal; columns of zeros say nothing)."""
        checked = matched = 0
        for c in columns:
            mine = self.numbers(c)[r]
            total = float(np.nansum(self.numbers(c)[rows]))
            if np.isnan(mine) or (mine == 0 and total == 0):
                continue  # nothing written, or 0 = 0: no evidence either way
            checked += 1
            matched += abs(mine - total) <= max(0.5, NEAR * abs(total))
        return checked >= 1 and matched >= 0.8 * checked

    def sums(self, labels: list[int], numeric: list[int]) -> None:
        """The last row, and rows with numbers but no label, when equal to the rows they close;
        the first row when equal to all the rows below it (a total written on top)."""
        if not numeric or self.body.sum() > MAX_SUM_ROWS:
            return
        kept = np.flatnonzero(self.kept)
        if len(kept) < 3:
            return
        unlabeled = self.kept.copy()
        for c in labels:
            unlabeled &= ~true_mask(pc.is_valid(self.columns[c]))
        candidates = sorted(set(np.flatnonzero(unlabeled)[:50].tolist()) | {int(kept[-1])})
        start = 0
        for r in candidates:
            block = kept[(kept >= start) & (kept < r)]
            if len(block) >= 2 and self._equals_sum(r, block, numeric):
                self.set(r, "total")
                start = r + 1
        rest = np.flatnonzero(self.kept)
        if len(rest) >= 3 and self._equals_sum(int(rest[0]), rest[1:], numeric):
            self.set(int(rest[0]), "total")

    def _equals_sum(self, r: int, block: np.ndarray, numeric: list[int]) -> bool:
        checked = 0
        for c in numeric:
            v = self.numbers(c)[r]
            if np.isnan(v):
                continue
            s = np.nansum(self.numbers(c)[block])
            if abs(s - v) > 0.5 + 1e-9 * abs(v):
                return False
            checked += v != 0
        return checked >= 1 and (checked >= 2 or len(block) >= 3)

    def name_totals(self, labels: list[int]) -> None:
        totals = np.array(sorted(self.totals), dtype=np.int64)
        if len(totals) <= 1:
            return
        last = int(totals[-1])
        grand = any(_match(self.columns[c].slice(last, 1), GRAND)[0] for c in labels[:3])
        # several totals: subtotals, unless the last is labelled as the grand total
        self.set(totals, "subtotal")
        after = np.flatnonzero(self.kept)
        if grand and not (after > last).any():
            self.set(last, "total")
