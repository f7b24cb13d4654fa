from .conftest import make_spec

COLS = {"tahun": "integer", "kode": "string", "kecamatan": "string", "jumlah": "integer"}
PPU = ["64.09.01", "64.09.02", "64.09.03", "64.09.04"]


def table(years, codes, jumlah=None):
    n = len(codes)
    return {"tahun": years, "kode": codes, "kecamatan": ["x"] * n, "jumlah": jumlah or [1] * n}


def test_unique_passes_on_distinct_keys(run):
    spec = make_spec(COLS, [{"check": "unique", "columns": ["tahun", "kode"]}])
    assert run(spec, table([2024] * 4, PPU)) == []


def test_unique_flags_the_repeat_and_names_the_first_row(run):
    spec = make_spec(COLS, [{"check": "unique", "columns": ["tahun", "kode"]}])
    problems = run(spec, table([2024, 2024, 2023, 2024], ["64.09.01", "64.09.02", "64.09.01", " 64.09.01"]), flat=False)
    assert [p.flat() for p in problems] == [(5, "Kode", "duplicate-rows")]
    assert "baris 2" in problems[0].message_id and "row 2" in problems[0].message_en


def test_unique_defaults_to_the_schema_key(run):
    spec = make_spec(COLS, [{"check": "unique"}], key=["tahun", "kode"])
    assert run(spec, table([2024, 2024], ["64.09.01", "64.09.01"])) == [(3, "Kode", "duplicate-rows")]


def test_row_count_exactly_passes(run):
    spec = make_spec(COLS, [{"check": "row_count", "exactly": 4}])
    assert run(spec, table([2024] * 4, PPU)) == []


def test_row_count_exactly_fails_with_counts_in_message(run):
    spec = make_spec(COLS, [{"check": "row_count", "exactly": 4}])
    (p,) = run(spec, table([2024] * 3, PPU[:3]), flat=False)
    assert p.code == "row-count" and p.row is None and "3" in p.message_id and "exactly 4" in p.message_en


def test_row_count_per_period_names_the_short_period(run):
    spec = make_spec(COLS, [{"check": "row_count", "exactly": 4, "per_period": True}])
    problems = run(spec, table([2023] * 4 + [2024] * 3, PPU + PPU[:3]), flat=False)
    assert [p.code for p in problems] == ["row-count"] and "2024" in problems[0].message_en


def test_row_count_min_max(run):
    spec = make_spec(COLS, [{"check": "row_count", "min": 2, "max": 3}])
    assert run(spec, table([2024] * 3, PPU[:3])) == []
    assert run(spec, table([2024], PPU[:1])) == [(None, None, "row-count")]
    assert run(spec, table([2024] * 4, PPU)) == [(None, None, "row-count")]


def test_row_count_without_bounds_is_invalid(run):
    spec = make_spec(COLS, [{"check": "row_count"}])
    assert run(spec, table([2024], PPU[:1])) == [(None, None, "rule-invalid")]


def test_a_rule_failing_everywhere_is_capped(run):
    from pipelines.validate.rules import MAX_PROBLEMS_PER_RULE

    n = MAX_PROBLEMS_PER_RULE + 5
    spec = make_spec(COLS, [{"check": "jumlah == 0"}])
    problems = run(spec, table([2024] * n, ["64.09.01"] * n), flat=False)
    assert len(problems) == MAX_PROBLEMS_PER_RULE + 1
    assert problems[-1].code == "more-problems" and problems[-1].value == "5"


def test_many_duplicates_are_capped_with_a_count(run):
    from pipelines.validate.rules import MAX_PROBLEMS_PER_RULE

    n = MAX_PROBLEMS_PER_RULE + 3
    spec = make_spec(COLS, [{"check": "unique", "columns": ["tahun", "kode"]}])
    problems = run(spec, table([2024] * (n + 1), ["64.09.01"] * (n + 1)), flat=False)
    assert len(problems) == MAX_PROBLEMS_PER_RULE + 1 and problems[-1].value == "3"
