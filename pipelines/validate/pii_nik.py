"""What a NIK (or KK number) is, and where one hides in a run of digit groups.

A NIK is 16 digits: the 6-digit code of a kecamatan that exists in the shipped Kemendagri table
(province, regency, district), a date DDMMYY (birth for a NIK, issue for a KK; women add 40 to the
day), then a serial other than ``0000``. That structure, not the way the digits are grouped, tells a
NIK from an APBD account code or a ratio: ``6409.0145.0790.0001``, ``6409 0145 0790 0001`` and
``6409_0145_0790_0001`` are the same NIK.

A cell's digits come in *runs*: digit groups joined by spaces and at most two marks (``.``, ``,``,
``-``, ``_``, ``/``, ``|`` ...). A NIK is a run of 16 digits, or 16 digits of a longer run that
start and end on group edges (``RT 003 6409...``, ``2024, 6409... Balikpapan``) other than a bare
dot or comma: these join the parts of one code (``64.09.01.2001 64.09.01.2002`` holds two desa
codes, not a NIK across them; ``1.02.02.2.01.0001.5.1.02.01.01.0024``, an APBD account code) or a
number and its decimals (``0.6409014507900001``, ``64.09014507900001`` percent, ``0,64...`` with a
decimal comma, ``180201.1901802415``): two groups joined by one are a decimal number, never a
NIK (so ``6409.014507900001``, a NIK with one dot put into it, is not found: a float printed in
full has 16 digits as often, and some of them look like a NIK). But
``6409014507900001.0`` (a NIK that went through a float) and ``6.409014507900001e+15`` (one in
scientific notation) are NIKs.
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


def _scientific(run: str, groups: list[tuple[int, int]], exponent: int) -> str | None:
    """The integer ``6.409014507900001`` followed by ``e+15`` stands for, or None."""
    if len(groups) != 2 or run[groups[0][1] : groups[1][0]] not in (".", ","):
        return None
    whole, decimals = run[slice(*groups[0])], run[slice(*groups[1])]
    if exponent < len(decimals):
        return None
    return whole + decimals + "0" * (exponent - len(decimals))


def nik_spans(run: str, offset: int, regions: Set[str], exponent: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) in the text of each NIK in ``run`` (a digit-group run found at ``offset``;
    ``exponent``: the ``15`` of an ``e+15`` right after it)."""
    groups = [m.span() for m in _DIGITS.finditer(run)]
    gaps = [run[groups[k][1] : groups[k + 1][0]] for k in range(len(groups) - 1)]
    number = None if exponent is None else _scientific(run, groups, exponent)
    if number is not None:  # 6.409014507900001e+15: a NIK typed into a number cell, as exported
        if is_nik(number, regions):
            yield offset, offset + len(run)
        return
    if len(groups) > 1 and gaps[-1] in (".", ",") and not run[slice(*groups[-1])].strip("0"):
        groups, gaps = groups[:-1], gaps[:-1]  # 6409014507900001.0: a number that went through a float
    lengths = [b - a for a, b in groups]
    # a bare dot (or comma) between two groups joins the parts of one code (64.09.01.2001,
    # 5.1.02.01.01.0024) or a number and its decimals (0.6409014507900001, 64,09014507900001):
    # no NIK starts or ends there, and two groups joined so are a decimal number
    edge = [True] + [gap not in (".", ",") for gap in gaps] + [True]
    i = 0
    while i < len(groups):
        total, j = 0, i
        while j < len(groups) and total < NIK_DIGITS:
            total += lengths[j]
            j += 1
        whole = i == 0 and j == len(groups)
        decimal = j - i == 2 and not edge[i + 1]  # 0.64..., 64.09... percent, 180201.19...
        if total == NIK_DIGITS and (whole or (edge[i] and edge[j])) and not decimal:
            digits = "".join(run[a:b] for a, b in groups[i:j])
            if is_nik(digits, regions):
                yield offset + groups[i][0], offset + groups[j - 1][1]
                i = j  # the next NIK starts after this one
                continue
        i += 1
