"""A refused hand-in is answered with the officer's own file back, its problem cells marked."""

import openpyxl

from pipelines.annotate import NOTES_SHEET
from pipelines.inbox.trial import try_inbox
from pipelines.spec import project_root

REJECT = project_root() / "samples/_rejects/dinkes/fasilitas_kesehatan_desa_2024_negatif.csv"
GOOD = project_root() / "samples/dinkes/fasilitas_kesehatan_desa_2024.csv"


def test_a_refused_file_gets_its_annotated_copy_and_an_accepted_clean_one_none(tmp_path):
    trial = try_inbox(REJECT, tmp_path)
    handed = trial.workspace.inbox / "dinkes" / REJECT.name
    assert trial.answers[handed]["status"] == "ditolak"
    copy = handed.with_name(handed.name + ".laporan.xlsx")
    book = openpyxl.load_workbook(copy)
    assert book.sheetnames[0] == NOTES_SHEET
    assert "Posyandu" in book.worksheets[1]["I18"].comment.text
    assert list(trial.answers) == [handed]  # the copy is an answer, never taken as a new hand-in

    other = tmp_path / "good"
    trial = try_inbox(GOOD, other)
    good = trial.workspace.inbox / "dinkes" / GOOD.name
    assert trial.answers[good]["status"] == "diterima"
    assert not good.with_name(good.name + ".laporan.xlsx").exists()
