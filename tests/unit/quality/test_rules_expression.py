import pyarrow as pa
import pytest

from pipelines.validate.rules.context import RuleConfigError
from pipelines.validate.rules.expression import evaluate, parse

from .conftest import make_spec

COLS = {"tahun": "integer", "laki_laki": "integer", "perempuan": "integer", "jumlah": "integer"}


def spec_with(check, **kw):
    return make_spec(COLS, [{"check": check, **kw}])


def data(jumlah):
    return {"tahun": [2024, 2024], "laki_laki": [10, 20], "perempuan": [5, 6], "jumlah": jumlah}


def test_sum_rule_passes(run):
    assert run(spec_with("laki_laki + perempuan == jumlah"), data([15, 26])) == []


def test_sum_rule_fails_on_the_row_and_the_total_column(run):
    assert run(spec_with("laki_laki + perempuan == jumlah"), data([15, 27])) == [(3, "Jumlah", "cross-field-mismatch")]


def test_message_shows_both_sides_and_difference_in_both_languages(run):
    (p,) = run(spec_with("laki_laki + perempuan == jumlah"), data([15, 1027]), flat=False)
    assert "'Laki Laki' + 'Perempuan' = 26" in p.message_id and "1.027" in p.message_id
    assert "1,027" in p.message_en and "difference -1,001" in p.message_en
    assert p.severity == "block" and p.value == "1027" and p.hint_id and p.hint_en


def test_tolerance_absorbs_rounding(run):
    assert run(spec_with("laki_laki + perempuan == jumlah", tolerance=1), data([16, 25])) == []
    assert run(spec_with("laki_laki + perempuan == jumlah", tolerance=1), data([17, 26])) == [
        (2, "Jumlah", "cross-field-mismatch")
    ]


def test_empty_cells_are_left_to_required_checks(run):
    assert run(spec_with("laki_laki + perempuan == jumlah"), data([None, 26])) == []


def test_inequality_and_warn_severity(run):
    problems = run(spec_with("laki_laki <= perempuan * 3", severity="warn"), data([0, 0]), flat=False)
    assert [(p.row, p.severity) for p in problems] == [(3, "warn")]


@pytest.mark.parametrize(
    ("text", "row", "expected"),
    [
        ("a + b * 2", {"a": 1, "b": 3}, 7),
        ("(a + b) * 2", {"a": 1, "b": 3}, 8),
        ("-a - -b", {"a": 1, "b": 3}, 2),
        ("round(a / b)", {"a": 10, "b": 4}, 2),
        ("a / b", {"a": 1, "b": 0}, None),
        ("abs(a - b)", {"a": 1, "b": 3}, 2),
    ],
)
def test_arithmetic(text, row, expected):
    left, _, _ = parse(f"{text} == 0")
    columns = {name: pa.array([float(v)]) for name, v in row.items()}
    assert evaluate(left, columns).to_pylist() == [expected]


@pytest.mark.parametrize(
    "text",
    ["__import__('os').system('x') == 1", "a + b", "a == b == c", "a = b", "open(a) == 1", "a ** 2 == b", "a; b == c"],
)
def test_unsafe_or_malformed_rules_are_refused(text):
    with pytest.raises(RuleConfigError):
        parse(text)


def test_rule_on_unknown_column_is_one_blocking_problem(run):
    problems = run(spec_with("laki_laki + wanita == jumlah"), data([15, 26]), flat=False)
    assert [(p.code, p.severity, p.row) for p in problems] == [("rule-invalid", "block", None)]
    assert "wanita" in problems[0].message_en


def test_a_rule_without_columns_is_invalid(run):
    assert run(spec_with("1 + 1 == 2"), data([15, 26])) == [(None, None, "rule-invalid")]


def test_constant_side_and_division_by_zero(run):
    spec = spec_with("jumlah / perempuan >= 3")
    assert run(spec, {"tahun": [2024] * 3, "laki_laki": [1, 1, 1], "perempuan": [5, 0, 5], "jumlah": [15, 9, 14]}) == [
        (4, "Jumlah", "cross-field-mismatch")
    ]


def test_unknown_rule_kind_is_invalid(run):
    assert run(spec_with("yearly_growth"), data([15, 26])) == [(None, None, "rule-invalid")]
