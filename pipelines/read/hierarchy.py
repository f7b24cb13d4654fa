"""Totals that are not labelled ``Jumlah``: rows naming the parent of the other rows' regions.

- region codes (``11`` or ``1100`` a province, ``1101`` its regency, ``1101010`` a district of it):
  a row whose code opens the codes of other rows is their parent, a ``subtotal`` (``total`` when
  it is the only one) when its numbers are (within 10 %) the sum of its lowest-level descendants,
  at every level at once (a province above its regencies above their districts);
- the country or a bare level name (``INDONESIA``, ``Nasional``, ``Kabupaten``, ``Provinsi``) as the
  label of the first or last row, empty or bigger than every other row: the total of the table;
- the first or last row naming the region that contains the other rows' regions (by the shipped
  BPS names: ``INDONESIA`` under the provinces, a province under its regencies): their total.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow.compute as pc

from pipelines.read.cells import take, true_mask
from pipelines.read.infer import sample
from pipelines.read.regions import inside, names_parent, row_codes

CODE = r"^\d{2}(\.?\d{2})?(\.?\d{2,3})?(\.?\d{3,4})?$"  # 11, 1101, 1101010, 32.04.05, 3204052001
CODE_HEADER = re.compile(r"(kode|code|\bkd\b|\bid\b|bps|kemendagri|wilayah)", re.I)
WHOLE = r"^(?i:(indonesia|nasional|national|total\s+indonesia|kabupaten|kota|provinsi|propinsi|kecamatan))\s*[.:]?\s*$"
LEVELS = (2, 4)  # a code shortened by trailing "00" pairs only down to a province or regency code
MAX_ROWS = 200_000


def _stem(code: str) -> str:
    """``1100`` -> ``11``: the province written in a regency code's width."""
    while code.endswith("00") and len(code) - 2 in LEVELS:
        code = code[:-2]
    return code


def code_column(columns: list, strings: list[int], headers: list[str], kept: np.ndarray) -> int | None:
    """The string column holding region codes: named like one (or not), nearly every kept cell a
    code, and the codes of at least two widths (else there is no hierarchy in it)."""
    at = np.flatnonzero(kept)
    if not len(at) or len(at) > MAX_ROWS:
        return None
    for c in sorted(strings, key=lambda c: not CODE_HEADER.search(headers[c])):
        cells = pc.drop_null(take(columns[c], at[:: max(1, len(at) // 500)]))
        if len(cells) < 3:
            continue
        digits = pc.replace_substring(pc.utf8_trim_whitespace(cells), ".", "")
        if pc.mean(pc.cast(pc.match_substring_regex(cells, CODE), "float64")).as_py() < 0.9:
            continue
        if len(pc.unique(pc.utf8_length(digits))) >= 2:
            return c
    return None


def code_parents(rules, c: int, additive: list[int]) -> None:
    """Rows whose code opens other rows' codes, when their numbers are the sum of their leaves."""
    if not additive:
        return
    at = np.flatnonzero(rules.kept)
    raw = take(rules.columns[c], at).to_pylist()
    codes = [v.strip().replace(".", "") if v and v.strip().replace(".", "").isdigit() else None for v in raw]
    row_of: dict[str, int] = {}
    for k, code in enumerate(codes):
        if code is not None:
            row_of.setdefault(_stem(code), k)  # the first row of a code: a repeat is no parent
    leaves_of: dict[int, list[int]] = {}
    parents: set[int] = set()
    ancestors_of: list[list[int]] = []
    for k, code in enumerate(codes):
        mine = []
        if code is not None:
            stem = _stem(code)
            mine = [row_of[code[:n]] for n in range(2, len(stem)) if code[:n] in row_of and row_of[code[:n]] != k]
        ancestors_of.append(mine)
        parents.update(mine)
    for k, mine in enumerate(ancestors_of):
        if k not in parents:
            for p in mine:
                leaves_of.setdefault(p, []).append(k)
    found = [p for p in sorted(parents) if len(leaves_of.get(p, [])) >= 2
             and rules._near_sum(int(at[p]), at[leaves_of[p]], additive)]
    if found:
        rules.set(at[found], "total" if len(found) == 1 else "subtotal")


def whole_table_rows(rules, labels: list[int], numeric: list[int]) -> None:
    """``INDONESIA`` (or ``Kabupaten``, ``Provinsi``...) alone as the label of the first or last
    row, empty or bigger than every other row: the total of the whole table. The first or last row
    naming the region that contains the regions of the other rows (``INDONESIA`` below the
    provinces, a province below its regencies): their total, whatever its numbers (a rate too)."""
    at = np.flatnonzero(rules.kept)
    if not numeric or len(at) < 3:
        return
    distinct: dict[int, list] = {}
    for c in labels[:3]:
        for r in {int(at[0]), int(at[-1])}:
            def others(c=c):  # the distinct labels below the header, of a big column's sample
                if c not in distinct:
                    distinct[c] = pc.unique(sample(rules.columns[c].slice(rules.start))).to_pylist()
                return distinct[c]

            if names_parent(rules.columns[c][r].as_py(), others):
                rules.set(r, "total")
    at = np.flatnonzero(rules.kept)
    if len(at) < 3:
        return
    for r in {int(at[0]), int(at[-1])}:
        if not any(true_mask(pc.match_substring_regex(rules.columns[c].slice(r, 1), WHOLE))[0] for c in labels[:3]):
            continue
        others = at[at != r]
        mine = float(rules.row_sum(np.array([r]), numeric)[0])
        empty = all(np.isnan(rules.numbers(n)[r]) for n in numeric)
        if empty or mine > 1.5 * np.nanmax(rules.row_sum(others, numeric)):
            rules.set(r, "total")


def named_groups(rules, labels: list[int], additive: list[int]) -> None:
    """A row naming the region that contains the regions of the rows right below it (a province
    above its regencies) or right above it (a regency closing its districts), by the shipped BPS
    names: their subtotal, when the numbers are their sum (or, for rates, whatever they are). A
    district named like its regency, in the middle of that regency's districts, stays data."""
    at = np.flatnonzero(rules.kept)
    if len(at) < 3 or len(at) > MAX_ROWS:
        return
    for c in labels[:2]:
        named, candidates = row_codes(take(rules.columns[c], at))
        found = []
        for i in sorted(candidates):
            mine = named[i]
            middle = 0 < i < len(named) - 1 and inside(named[i - 1], mine) and inside(named[i + 1], mine)
            groups = [g for g in (_run(named, mine, i - 1, -1), _run(named, mine, i + 1, 1)) if len(g) >= 2]
            if not additive:
                if groups and not middle:
                    found.append(i)  # a rate or an index: the name alone says it
                continue
            for group in groups:
                leaves = at[[k for k in group if not any(inside(named[j], named[k]) for j in group)]]
                # between two runs of its own regions (the regions of one year, then of the next)
                # only an exact sum says it closes or opens one: else a district named like its regency
                adds_up = rules._equals_sum if middle else rules._near_sum
                if adds_up(int(at[i]), leaves, additive):
                    found.append(i)
                    break
        if found:  # one is the table's total; several are subtotals (RowRules.name_totals)
            rules.set(at[found], "total")
            at = np.flatnonzero(rules.kept)


def _run(named: list[tuple[str, ...]], mine: tuple[str, ...], start: int, step: int) -> list[int]:
    """The rows from ``start`` on (down or up) whose regions lie inside ``mine``, until one does not."""
    out, k = [], start
    while 0 <= k < len(named) and inside(named[k], mine):
        out.append(k)
        k += step
    return out
