"""The walidata's view: due dates per frequency, and who is late, as of a frozen day."""

import datetime as dt
import json

import pytest

from pipelines.cli import main
from pipelines.inbox.trial import try_inbox
from pipelines.spec import project_root
from pipelines.walidata import LATE, NEVER, ON_TIME, due_date, next_period, standing

GOOD = project_root() / "samples/dinkes/fasilitas_kesehatan_desa_2024.csv"


@pytest.mark.parametrize(("period", "frequency", "due", "expected"), [
    ("2024", "tahunan", None, dt.date(2025, 3, 31)),  # a year's data by 31 March of the next year
    ("2024-02", "bulanan", None, dt.date(2024, 3, 10)),  # a month's by the 10th of the next month
    ("2024-Q4", "triwulanan", None, dt.date(2025, 1, 31)),
    ("2024-S1", "semesteran", None, dt.date(2024, 8, 31)),
    ("2024-06-30", "harian", None, dt.date(2024, 7, 1)),
    ("2024", "tahunan", "6 bulan", dt.date(2025, 6, 30)),
    ("2024-01", "bulanan", "20 hari", dt.date(2024, 2, 20)),
])
def test_due_dates(period, frequency, due, expected):
    assert due_date(period, frequency, due) == expected


def test_next_periods():
    assert [next_period(p, f) for p, f in [("2024", "tahunan"), ("2024-12", "bulanan"), ("2024-Q4", "triwulanan"),
                                           ("2024-S1", "semesteran"), ("2024-02-29", "harian")]] == [
        "2025", "2025-01", "2025-Q1", "2024-S2", "2024-03-01"]


def test_standing_on_time_late_and_never():
    assert standing("tahunan", None, ["2023", "2024"], dt.date(2026, 3, 31)).state == ON_TIME
    late = standing("tahunan", None, ["2023", "2024"], dt.date(2026, 4, 1))
    assert (late.state, late.next_period, late.next_due) == (LATE, "2025", dt.date(2026, 3, 31))
    assert standing("bulanan", None, [], dt.date(2025, 1, 11)).state == NEVER
    assert standing("tidak_tentu", None, ["2020"], dt.date(2030, 1, 1)).state == ON_TIME


def test_status_command_shows_a_dataset_made_late_by_a_frozen_clock(tmp_path, capsys):
    trial = try_inbox(GOOD, tmp_path)
    assert trial.answers[trial.workspace.inbox / "dinkes" / GOOD.name]["status"] == "diterima"

    assert main(["status", "--root", str(tmp_path), "--today", "2025-03-01", "--json"]) == 0
    items = {i["dataset"]: i for i in json.loads(capsys.readouterr().out)["datasets"]}
    mine = items["fasilitas-kesehatan-desa"]
    assert (mine["last_period"], mine["state"], mine["next_due"]) == ("2024", ON_TIME, "2026-03-31")
    assert mine["last_answer"]["status"] == "diterima" and mine["quality"].startswith("lolos")
    assert items["kejadian-bencana"]["state"] == NEVER

    assert main(["status", "--root", str(tmp_path), "--today", "2026-04-01"]) == 0
    text = capsys.readouterr().out
    line = next(ln for ln in text.splitlines() if "fasilitas-kesehatan-desa" in ln)
    assert "terlambat / late" in line and "2026-03-31 (2025)" in line
    assert "1 dari 6 dataset terlambat" in text
