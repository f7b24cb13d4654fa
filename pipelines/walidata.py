"""When each dataset's data is due, and who is late: the walidata's view.

A period's data is due some time after the period ends: the spec's ``period.due`` ("3 bulan",
"10 hari"), else the default of its frequency (:data:`DEFAULT_DUE`: a year's data by 31 March of the
next year, a month's by the 10th of the next month). A dataset is *terlambat* (late) when the period
after its last published one is past due, *belum pernah dikirim* (never sent) when nothing was ever
published, else *tepat waktu* (on time). A dataset published at irregular times (``tidak_tentu``) is
never late.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

DEFAULT_DUE = {"tahunan": "3 bulan", "semesteran": "2 bulan", "triwulanan": "1 bulan",
               "bulanan": "10 hari", "harian": "1 hari"}
ON_TIME, LATE, NEVER = "tepat-waktu", "terlambat", "belum-pernah-dikirim"
STATE_WORDS = {ON_TIME: ("tepat waktu", "on time"), LATE: ("terlambat", "late"),
               NEVER: ("belum pernah dikirim", "never sent")}
_DUE = re.compile(r"^\s*(\d+)\s*(hari|day|days|bulan|month|months)\s*$")


def add_months(day: dt.date, months: int) -> dt.date:
    """``2024-12-31`` + 3 months = ``2025-03-31`` (the last day of a month stays the last day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    was_last = day.day == calendar.monthrange(day.year, day.month)[1]
    return dt.date(year, month, last if was_last else min(day.day, last))


def period_bounds(period: str, frequency: str) -> tuple[dt.date, dt.date]:
    """First and last day of a period as :func:`pipelines.parquet.period_key` words it."""
    if frequency == "harian":
        day = dt.date.fromisoformat(period)
        return day, day
    year = int(period[:4])
    rest = period[5:]
    if frequency == "bulanan" and rest:
        month = int(rest[:2])
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    if frequency == "triwulanan" and rest.startswith("Q"):
        first = 3 * (int(rest[1]) - 1) + 1
        return dt.date(year, first, 1), add_months(dt.date(year, first, 1), 3) - dt.timedelta(days=1)
    if frequency == "semesteran" and rest.startswith("S"):
        first = 6 * (int(rest[1]) - 1) + 1
        return dt.date(year, first, 1), add_months(dt.date(year, first, 1), 6) - dt.timedelta(days=1)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def period_of(day: dt.date, frequency: str) -> str:
    from pipelines.parquet import date_period

    return date_period(day, frequency)


def next_period(period: str, frequency: str) -> str:
    return period_of(period_bounds(period, frequency)[1] + dt.timedelta(days=1), frequency)


def due_date(period: str, frequency: str, due: str | None = None) -> dt.date:
    """The day by which ``period``'s data is due."""
    match = _DUE.match(due or DEFAULT_DUE.get(frequency, "3 bulan"))
    amount, unit = int(match.group(1)), match.group(2)
    end = period_bounds(period, frequency)[1]
    return add_months(end, amount) if unit in ("bulan", "month", "months") else end + dt.timedelta(days=amount)


@dataclass(frozen=True)
class Standing:
    """Where one dataset stands on ``today``."""

    last_period: str | None  # the latest period published
    next_period: str | None  # the period whose data is expected next
    next_due: dt.date | None  # when that period's data is due
    state: str  # ON_TIME | LATE | NEVER

    def as_dict(self) -> dict:
        return {"last_period": self.last_period, "next_period": self.next_period,
                "next_due": self.next_due.isoformat() if self.next_due else None, "state": self.state,
                "state_id": STATE_WORDS[self.state][0], "state_en": STATE_WORDS[self.state][1]}


def standing(frequency: str, due: str | None, published: list[str], today: dt.date) -> Standing:
    """Where a dataset with these published periods stands on ``today``."""
    last = max(published, key=lambda p: period_bounds(p, frequency)[0]) if published else None
    if frequency == "tidak_tentu":
        return Standing(last, None, None, ON_TIME if last else NEVER)
    if last is None:
        expected = period_of(period_bounds(period_of(today, frequency), frequency)[0] - dt.timedelta(days=1),
                             frequency)
        return Standing(None, expected, due_date(expected, frequency, due), NEVER)
    upcoming = next_period(last, frequency)
    deadline = due_date(upcoming, frequency, due)
    return Standing(last, upcoming, deadline, LATE if today > deadline else ON_TIME)
