import pyarrow as pa

from .conftest import make_spec

COLS = {"tahun": "integer", "kode": "string", "kecamatan": "string", "jumlah": "integer"}
KEY = ["tahun", "kode"]
YOY = {"check": "year_on_year", "column": "jumlah", "max_change": 0.3, "severity": "warn"}


def table(years, codes, names, jumlah):
    return {"tahun": years, "kode": codes, "kecamatan": names, "jumlah": jumlah}


def test_steady_series_passes(run):
    spec = make_spec(COLS, [YOY], key=KEY)
    assert run(spec, table([2022, 2023, 2024], ["A"] * 3, ["Waru"] * 3, [100, 110, 125])) == []


def test_a_lost_digit_is_flagged_in_the_file_itself(run):
    spec = make_spec(COLS, [YOY], key=KEY)
    data = table(
        [2022, 2023, 2022, 2023], ["A", "A", "B", "B"], ["Waru", "Waru", "Babulu", "Babulu"], [1000, 1010, 5000, 500]
    )
    problems = run(spec, data, flat=False)
    assert [p.flat() for p in problems] == [(5, "Jumlah", "change-too-large")]
    assert "Babulu" in problems[0].message_id and "turun 90,0%" in problems[0].message_id
    assert "fell 90.0%" in problems[0].message_en and problems[0].severity == "warn"


def test_compared_against_published_history(run):
    spec = make_spec(COLS, [YOY], key=KEY)
    history = pa.table(
        {
            "tahun": pa.array([2023, 2023], pa.int64()),
            "kode": ["A", "B"],
            "kecamatan": ["Waru", "Babulu"],
            "jumlah": pa.array([100, 100], pa.int64()),
        }
    )
    assert run(spec, table([2024, 2024], ["A", "B"], ["Waru", "Babulu"], [129, 131]), history=history) == [
        (3, "Jumlah", "change-too-large")
    ]


def test_history_rows_of_the_same_period_are_replaced_by_the_file(run):
    spec = make_spec(COLS, [YOY], key=KEY)
    history = pa.table(
        {
            "tahun": pa.array([2023, 2024], pa.int64()),
            "kode": ["A", "A"],
            "kecamatan": ["Waru"] * 2,
            "jumlah": pa.array([100, 10], pa.int64()),
        }
    )
    assert run(spec, table([2024], ["A"], ["Waru"], [105]), history=history) == []


def test_year_on_year_needs_a_series_key(run):
    spec = make_spec(COLS, [YOY])
    assert run(spec, table([2024], ["A"], ["Waru"], [1])) == [(None, None, "rule-invalid")]


NAME = {"check": "name_changed", "column": "kode", "name": "kecamatan", "severity": "warn"}


def test_name_unchanged_up_to_case_passes(run):
    spec = make_spec(COLS, [NAME], key=KEY)
    assert run(spec, table([2023, 2024], ["A", "A"], ["Waru", "WARU "], [1, 1])) == []


def test_name_changed_between_periods_is_flagged(run):
    spec = make_spec(COLS, [NAME], key=KEY)
    problems = run(spec, table([2023, 2024], ["A", "A"], ["Waru", "Waru Baru"], [1, 1]), flat=False)
    assert [p.flat() for p in problems] == [(3, "Kecamatan", "name-changed")]
    assert "'Waru'" in problems[0].message_en and "2023" in problems[0].message_en


def test_history_typed_as_text_still_lines_up_in_time(run):
    spec = make_spec(COLS, [YOY], key=KEY)
    history = pa.table(
        {"tahun": ["2022", "2023"], "kode": ["A", "A"], "kecamatan": ["Waru"] * 2, "jumlah": ["1.000", "100"]}
    )
    assert run(spec, table([2024], ["A"], ["Waru"], [105]), history=history) == []
    assert run(spec, table([2024], ["A"], ["Waru"], [1000]), history=history) == [(2, "Jumlah", "change-too-large")]


def test_series_are_matched_ignoring_case_and_spacing(run):
    spec = make_spec(COLS, [YOY], key=KEY)
    data = table([2023, 2024], ["64.09.01", " 64.09.01 "], ["Penajam", "Penajam"], [100, 10])
    assert run(spec, data) == [(3, "Jumlah", "change-too-large")]
