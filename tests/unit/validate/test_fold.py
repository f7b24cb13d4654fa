"""Consequential problems are folded: a missing column once, a rule failing on every row one problem."""

from pipelines.check import check_file
from pipelines.spec import load_spec, project_root
from pipelines.validate.report import FOLD_AT, FOLD_SHOWN, Problem, fold

ROOT = project_root()
SAMPLE = ROOT / "samples/dinkes/fasilitas_kesehatan_desa_2024.csv"
SPEC = ROOT / "datasets/dinkes/fasilitas-kesehatan-desa.yaml"


def _problem(row, column="Posyandu", code="below-minimum"):
    return Problem(code=code, row=row, column=column, message_id=f"baris {row}", message_en=f"row {row}")


def test_many_problems_of_one_rule_in_one_column_become_one_with_count_and_first_rows():
    problems = [_problem(r) for r in range(5, 5 + FOLD_AT + 3)] + [_problem(7, column="Apotek")]
    folded = fold(problems)
    assert [(p.code, p.column, p.count) for p in folded] == [
        ("below-minimum", "Posyandu", FOLD_AT + 3), ("below-minimum", "Apotek", 1)]
    assert folded[0].rows == list(range(5, 5 + FOLD_SHOWN))
    assert str(FOLD_AT + 3) in folded[0].message_id and "baris 5" in folded[0].message_id


def test_few_problems_stay_one_per_row():
    problems = [_problem(r) for r in range(FOLD_AT)]
    assert fold(problems) == problems


def test_missing_period_column_gives_a_handful_of_problems_not_one_per_row(tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    no_year = tmp_path / SAMPLE.name
    no_year.write_text("\n".join(line.split(";", 1)[1] for line in lines) + "\n", encoding="utf-8")
    report = check_file(load_spec(SPEC), no_year).report
    assert not report.valid
    assert "missing-column" in report.by_code()
    assert "period-missing" not in report.by_code()
    assert len(report.problems) <= 5


def test_a_value_wrong_on_every_row_is_one_folded_problem(tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Tahun;"))
    body = []
    for i, line in enumerate(lines):
        cells = line.split(";")
        if i > header and len(cells) == 10 and cells[0] == "2024":
            cells[8] = "-1"  # Posyandu negative on every row
        body.append(";".join(cells))
    broken = tmp_path / SAMPLE.name
    broken.write_text("\n".join(body) + "\n", encoding="utf-8")
    report = check_file(load_spec(SPEC), broken).report
    below = [p for p in report.problems if p.code == "below-minimum"]
    assert len(below) == 1 and below[0].count == 54 and below[0].column == "Posyandu"
    assert below[0].rows == [5, 6, 7, 8, 9]
