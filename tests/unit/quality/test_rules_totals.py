from types import SimpleNamespace

from .conftest import make_spec

COLS = {"tahun": "integer", "kecamatan": "string", "laki_laki": "integer", "perempuan": "integer"}
SPEC = make_spec(COLS, [{"check": "totals"}])


def data(lk, pr):
    return {"tahun": [2024] * len(lk), "kecamatan": [f"K{i}" for i in range(len(lk))], "laki_laki": lk, "perempuan": pr}


def total(row0, reason, values):
    """A dropped row as the reader hands it over: 0-based file row, values aligned to columns."""
    return SimpleNamespace(row=row0, reason=reason, values=values)


# Table rows 2..5 (spreadsheet); the reader's 0-based file rows are 1..4; the total sits on file row 5.
def test_total_row_equal_to_its_parts_passes(run):
    dropped = [total(5, "total", [None, "JUMLAH", "1.111", "60"])]
    cols = ["tahun", "kecamatan", "laki_laki", "perempuan"]
    assert run(SPEC, data([1, 10, 100, 1000], [10, 20, 20, 10]), dropped=dropped, dropped_columns=cols) == []


def test_total_row_off_is_flagged_on_the_total_row(run):
    dropped = [total(5, "total", {"kecamatan": "JUMLAH", "laki_laki": "1.111", "perempuan": "61"})]
    problems = run(SPEC, data([1, 10, 100, 1000], [10, 20, 20, 10]), dropped=dropped, flat=False)
    assert [p.flat() for p in problems] == [(6, "Perempuan", "totals-mismatch")]
    assert "2-5" in problems[0].message_en and "60" in problems[0].message_en


def test_subtotals_close_the_rows_above_and_a_lost_digit_is_pointed_at():
    from pipelines.validate.rules import run_rules

    from .conftest import make_table

    # file rows (1-based): 2,3 parts | 4 subtotal | 5,6 parts | 7 subtotal | 8 grand total
    table = make_table(SPEC, data([5, 6, 7, 123], [1, 1, 1, 1]))
    dropped = [
        total(3, "subtotal", {"laki_laki": "11", "perempuan": "2"}),
        total(6, "subtotal", {"laki_laki": "1237", "perempuan": "2"}),
        total(7, "total", {"laki_laki": "1248", "perempuan": "4"}),
    ]
    problems = run_rules(SPEC, table, rows=[2, 3, 5, 6], headers={"laki_laki": "LK"}, dropped=dropped)
    assert [p.flat() for p in problems] == [(7, "LK", "totals-mismatch"), (8, "LK", "totals-mismatch")]
    assert "baris 6" in problems[0].hint_id and "1.230" in problems[0].hint_id


def test_subtotals_heading_their_groups_close_the_rows_below():
    from pipelines.validate.rules import run_rules

    from .conftest import make_table

    # sheet rows: 2 subtotal | 3,4 parts | 5 subtotal | 6,7 parts
    table = make_table(SPEC, data([1, 2, 4, 5], [1, 2, 4, 5]))
    good = [total(1, "subtotal", {"laki_laki": "3", "perempuan": "3"}), total(4, "subtotal", {"laki_laki": "9"})]
    assert run_rules(SPEC, table, rows=[3, 4, 6, 7], headers={}, dropped=good) == []
    bad = [total(1, "subtotal", {"laki_laki": "3"}), total(4, "subtotal", {"laki_laki": "8"})]
    problems = run_rules(SPEC, table, rows=[3, 4, 6, 7], headers={}, dropped=bad)
    assert [p.flat() for p in problems] == [(5, "laki_laki", "totals-mismatch")]


def test_unaligned_dropped_rows_are_reported_not_ignored(run):
    dropped = [total(5, "total", ["JUMLAH", "1"])]
    problems = run(SPEC, data([1], [1]), dropped=dropped, flat=False)
    assert [(p.code, p.severity) for p in problems] == [("totals-not-checked", "block")]


def test_blank_and_title_rows_are_not_totals(run):
    dropped = [total(0, "title", ["DATA", None, None, None]), total(9, "blank", [None] * 4)]
    assert run(SPEC, data([1], [1]), dropped=dropped) == []
