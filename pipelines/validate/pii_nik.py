"""What a NIK (or KK number) is, and where one hides in a run of digit groups.

A NIK is 16 digits: the 6-digit code of a kecamatan that exists in the shipped Kemendagri table
(province, regency, district), a date DDMMYY (birth for a NIK, issue for a KK; women add 40 to the
day), then a serial other than ``0000``. That structure, not the way the digits are grouped, tells a
NIK from an APBD account code or a ratio: ``6409.0145.0790.0001``, ``6409 0145 0790 0001`` and
``6409_0145_0790_0001`` are the same NIK.

A cell's digits come in *runs*: digit groups joined by spaces and at most two marks (``.``, ``,``,
``-``, ``_``, ``/`` ...). A NIK is a run of 16 digits, or 16 digits of a longer run that start and
end on group edges (``RT 003 6409...``, ``2024, 6409... Balikpapan``) other than a bare dot: a dot
joins the parts of one code (``64.09.01.2001 64.09.01.2002`` holds two desa codes, not a NIK across
them; ``1.02.02.2.01.0001.5.1.02.01.01.0024``, an APBD account code) or a number and its decimals
(``0.6409014507900001``, and ``0,6409014507900001`` with a decimal comma).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Set
from datetime import date
from functools import cache

NIK_DIGITS = 16
_DIGITS = re.compile(r"\d+")


@cache
def region_codes() -> frozenset[str]:
    """Every Kemendagri kecamatan code without dots (``"640901"``): a NIK's first six digits."""
    from pipelines.reference import codes

    return frozenset(code.replace(".", "") for code in codes("kemendagri.kecamatan"))


def is_nik(digits: str, regions: Set[str]) -> bool:
    """16 digits: a kecamatan code that exists, a plausible DDMMYY date (women add 40 to the day),
    and a serial other than 0000. Also fits a KK number."""
    if len(digits) != NIK_DIGITS or not digits.isascii() or not digits.isdigit() or digits[:6] not in regions:
        return False
    if digits[12:] == "0000":
        return False
    day, month = int(digits[6:8]), int(digits[8:10])
    if day > 40:
        day -= 40
    try:
        date(2000, month, day)  # a leap year: 29 February is a real birthday
    except ValueError:
        return False
    return True


def nik_spans(run: str, offset: int, regions: Set[str]) -> Iterator[tuple[int, int]]:
    """(start, end) in the text of each NIK in ``run`` (a digit-group run found at ``offset``)."""
    groups = [m.span() for m in _DIGITS.finditer(run)]
    lengths = [b - a for a, b in groups]
    if sum(lengths) == NIK_DIGITS:
        if is_nik("".join(run[a:b] for a, b in groups), regions):
            yield offset, offset + len(run)
        return
    # a part of a longer run never starts or ends at a bare dot: dots join the parts of one code
    # (64.09.01.2001, 5.1.02.01.01.0024) or a number and its decimals (0.6409014507900001)
    edge = [True] + [run[groups[k][1] : groups[k + 1][0]] != "." for k in range(len(groups) - 1)] + [True]
    if len(groups) == 2 and lengths[0] == 1 and run[groups[0][1] : groups[1][0]] == ",":
        edge[1] = False  # 0,6409014507900001: decimals with a comma
    i = 0
    while i < len(groups):
        total, j = 0, i
        while j < len(groups) and total < NIK_DIGITS:
            total += lengths[j]
            j += 1
        if total == NIK_DIGITS and edge[i] and edge[j]:
            digits = "".join(run[a:b] for a, b in groups[i:j])
            if is_nik(digits, regions):
                yield offset + groups[i][0], offset + groups[j - 1][1]
                i = j  # the next NIK starts after this one
                continue
        i += 1
