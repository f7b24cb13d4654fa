"""The annotated copy of an officer's file: every problem cell highlighted with a comment, a notes
sheet first, the officer's own workbook (sheets, values, formatting) kept."""

from __future__ import annotations

import io

import openpyxl
import pytest

from pipelines.annotate import NOTES_SHEET, annotated_copy
from pipelines.check import check_file
from pipelines.cli import main
from pipelines.match import find_spec
from pipelines.spec import load_specs, project_root

ROOT = project_root()
REJECTS = sorted((ROOT / "samples/_rejects").glob("*/*.*[!l]"))  # not expected.yaml


def _checked(path):
    spec = find_spec(path, load_specs(ROOT / "datasets"))
    return check_file(spec, path)


def _annotated(path):
    result = _checked(path)
    data = annotated_copy(path, result.report, sheet=result.source.sheet, header_rows=result.source.header_rows)
    return result, openpyxl.load_workbook(io.BytesIO(data))


@pytest.mark.parametrize("path", REJECTS, ids=lambda p: p.name)
def test_every_problem_cell_has_a_comment_and_a_fill(path):
    result, book = _annotated(path)
    assert book.sheetnames[0] == NOTES_SHEET
    sheet = book[result.source.sheet] if result.source.sheet in book.sheetnames else book.worksheets[1]
    cells = [(p.row, p.column) for p in result.report.problems if p.row and p.column]
    assert cells, "each reject has at least one problem on a cell"
    commented = {(c.row, c.column) for row in sheet.iter_rows() for c in row if c.comment}
    assert len(commented) >= len({r for r, _ in cells})
    for cell in (sheet.cell(r, c) for r, c in commented):
        assert cell.fill.fill_type == "solid"
        assert "Saran:" in cell.comment.text and "Hint:" in cell.comment.text
    notes = list(book[NOTES_SHEET].iter_rows(min_row=2, values_only=True))
    assert len(notes) == len(result.report.problems)


def test_the_csv_copy_names_the_right_cell():
    path = ROOT / "samples/_rejects/dinkes/fasilitas_kesehatan_desa_2024_negatif.csv"
    _result, book = _annotated(path)
    cell = book.worksheets[1]["I18"]  # Posyandu is the 9th column; the file's row 18
    assert cell.value == "-3" and "Posyandu" in cell.comment.text


def test_an_xlsx_keeps_its_sheets_values_and_formatting():
    path = ROOT / "samples/_rejects/disdukcapil/penduduk_kecamatan_jenis_kelamin_2021-2024_salah_jumlah.xlsx"
    original = openpyxl.load_workbook(path)
    _result, book = _annotated(path)
    assert book.sheetnames == [NOTES_SHEET, *original.sheetnames]
    for name in original.sheetnames:
        before, after = original[name], book[name]
        assert [[c.value for c in r] for r in before.iter_rows()] == [[c.value for c in r] for r in after.iter_rows()]
        assert before.merged_cells.ranges == after.merged_cells.ranges
        assert [c.font.b for r in before.iter_rows() for c in r] == [c.font.b for r in after.iter_rows() for c in r]


def test_check_cli_writes_the_annotated_copy(tmp_path, capsys):
    out = tmp_path / "catatan.xlsx"
    path = ROOT / "samples/_rejects/dinkes/fasilitas_kesehatan_desa_2024_negatif.csv"
    assert main(["check", str(path), "--annotate", str(out)]) == 1
    assert out.is_file() and str(out) in capsys.readouterr().out
    assert openpyxl.load_workbook(out)[NOTES_SHEET]["D2"].value.startswith("Nilai -3")
