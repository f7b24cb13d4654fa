"""The walidata page (``/walidata``): per OPD each dataset with its frequency, last period published,
next due date, state (tepat waktu / terlambat / belum pernah dikirim) and last quality verdict.

The due dates follow the same rule as the pipeline's ``satudata status`` (``pipelines/walidata.py``:
a period's data is due its ``jatuh_tempo`` after the period ends, "3 bulan", "10 hari"). The rule is
written again here because the portal runs in CKAN's own virtualenv, which cannot import the pipeline;
tests/integration/test_walidata_page.py checks both give the same answer. ``?today=YYYY-MM-DD`` shows
the page as of another day."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from flask import Blueprint
from ckan.plugins import toolkit

DEFAULT_DUE = {"tahunan": "3 bulan", "semesteran": "2 bulan", "triwulanan": "1 bulan",
               "bulanan": "10 hari", "harian": "1 hari"}
ON_TIME, LATE, NEVER = "tepat-waktu", "terlambat", "belum-pernah-dikirim"
SORTS = ("opd", "state", "due", "dataset")
_DUE = re.compile(r"^\s*(\d+)\s*(hari|day|days|bulan|month|months)\s*$")
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-Q([1-4])|-S([12]))?$")

walidata = Blueprint("satudata_walidata", __name__)


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    was_last = day.day == calendar.monthrange(day.year, day.month)[1]
    return dt.date(year, month, last if was_last else min(day.day, last))


def _bounds(period: str) -> tuple[dt.date, dt.date] | None:
    m = _PERIOD.match(period or "")
    if not m:
        return None
    year, month, day, quarter, semester = m.groups()
    y = int(year)
    if day:
        d = dt.date(y, int(month), int(day))
        return d, d
    if month:
        first = dt.date(y, int(month), 1)
    elif quarter:
        first = dt.date(y, 3 * (int(quarter) - 1) + 1, 1)
    elif semester:
        first = dt.date(y, 6 * (int(semester) - 1) + 1, 1)
    else:
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    months = 1 if month else 3 if quarter else 6
    return first, _add_months(first, months) - dt.timedelta(days=1)


def _period_of(day: dt.date, frequency: str) -> str:
    if frequency == "harian":
        return day.isoformat()
    if frequency == "bulanan":
        return f"{day.year}-{day.month:02d}"
    if frequency == "triwulanan":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if frequency == "semesteran":
        return f"{day.year}-S{(day.month - 1) // 6 + 1}"
    return str(day.year)


def _due(period: str, frequency: str, due: str | None) -> dt.date | None:
    bounds = _bounds(period)
    match = _DUE.match(due or DEFAULT_DUE.get(frequency, "3 bulan"))
    if bounds is None or match is None:
        return None
    amount, unit = int(match.group(1)), match.group(2)
    end = bounds[1]
    return _add_months(end, amount) if unit in ("bulan", "month", "months") else end + dt.timedelta(days=amount)


def standing(frequency: str, due: str | None, last: str | None, today: dt.date) -> dict[str, Any]:
    """``{next_period, next_due, state}`` for a dataset whose latest period published is ``last``."""
    if frequency == "tidak_tentu":
        return {"next_period": None, "next_due": None, "state": ON_TIME if last else NEVER}
    if not last or _bounds(last) is None:
        previous = _period_of(_bounds(_period_of(today, frequency))[0] - dt.timedelta(days=1), frequency)
        return {"next_period": previous, "next_due": _due(previous, frequency, due), "state": NEVER}
    upcoming = _period_of(_bounds(last)[1] + dt.timedelta(days=1), frequency)
    deadline = _due(upcoming, frequency, due)
    late = deadline is not None and today > deadline
    return {"next_period": upcoming, "next_due": deadline, "state": LATE if late else ON_TIME}


def last_period(pkg: dict[str, Any]) -> str | None:
    """The latest period published: the newest ``periode`` of the dataset's data files (``2024-12`` for a
    monthly dataset, where ``periode_akhir`` says only the year), else ``periode_akhir``."""
    periods = [r["periode"] for r in pkg.get("resources") or [] if r.get("peran") == "data" and r.get("periode")]
    dated = [p for p in periods if _bounds(p) is not None]
    return max(dated, key=lambda p: _bounds(p)[1]) if dated else pkg.get("periode_akhir")


def rows(today: dt.date, sort: str = "opd") -> list[dict[str, Any]]:
    """Every dataset the visitor may see (staging and upload datasets left out), with its standing."""
    found = toolkit.get_action("package_search")({}, {"q": "", "rows": 1000, "include_private": True,
                                                       "sort": "name asc"})
    out = []
    for pkg in found.get("results", []):
        if pkg.get("name", "").startswith("unggah-") or pkg.get("name", "").endswith("--staging"):
            continue
        last = last_period(pkg)
        where = standing(pkg.get("frekuensi") or "tahunan", pkg.get("jatuh_tempo"), last, today)
        org = pkg.get("organization") or {}
        out.append({"name": pkg["name"], "title": toolkit.h.dataset_display_name(pkg),
                    "opd": org.get("title") or org.get("name") or "-", "opd_name": org.get("name"),
                    "frequency": pkg.get("frekuensi") or "-", "last_period": last,
                    "quality": pkg.get("kualitas"), "modified": pkg.get("metadata_modified"), **where})
    order = {LATE: 0, NEVER: 1, ON_TIME: 2}
    keys = {
        "opd": lambda r: (r["opd"], r["title"]),
        "state": lambda r: (order[r["state"]], r["opd"], r["title"]),
        "due": lambda r: (r["next_due"] or dt.date.max, r["opd"]),
        "dataset": lambda r: r["title"],
    }
    return sorted(out, key=keys.get(sort, keys["opd"]))


@walidata.route("/walidata")
def index():
    request = toolkit.request
    try:
        today = dt.date.fromisoformat(request.args.get("today") or dt.date.today().isoformat())
    except ValueError:
        return toolkit.abort(400, toolkit._("Tanggal tidak sah (YYYY-MM-DD) / invalid date"))
    sort = request.args.get("sort") if request.args.get("sort") in SORTS else "opd"
    items = rows(today, sort)
    return toolkit.render("walidata/index.html", extra_vars={
        "items": items, "today": today, "sort": sort,
        "late": sum(r["state"] == LATE for r in items),
    })
