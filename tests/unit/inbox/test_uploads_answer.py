"""The short message posted on an upload."""

from pipelines.uploads.answer import message
from pipelines.validate.report import Problem, Report

SUM = Problem(code="rule-failed", row=24, column="Jumlah", message_id="Jumlah salah di baris 24.",
              message_en="Wrong total on row 24.")


def test_accepted_names_rows_dataset_and_link():
    report = Report(file="f.xlsx", dataset="disdukcapil/penduduk", rows=16)
    text = message("diterima", report, "http://portal/dataset/penduduk")
    assert text.startswith("Diterima: 16 baris untuk dataset disdukcapil/penduduk.")
    assert "Published: http://portal/dataset/penduduk" in text


def test_accepted_but_not_published_says_so():
    text = message("diterima", Report(file="f.xlsx", dataset="d/p", rows=1), "")
    assert "Belum diterbitkan" in text and "Not published" in text


def test_rejected_counts_blocking_problems_and_quotes_the_first():
    warn = Problem(code="x", severity="warn", message_id="catatan", message_en="note")
    text = message("ditolak", Report(file="f.xlsx", problems=[warn, SUM]), "")
    assert text.startswith("Ditolak: 1 masalah menghalangi penerbitan, mis. Jumlah salah di baris 24.")
    assert "e.g. Wrong total on row 24." in text
