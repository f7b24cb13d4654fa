"""`satudata check`: exit 0 publishable, 1 blocked, 2 unreadable; the report in Indonesian and English."""

import json

from pipelines.cli import main
from pipelines.spec import project_root

SAMPLES = project_root() / "samples"


def test_good_file_exits_0(capsys):
    code = main(["check", str(SAMPLES / "dinkes/fasilitas_kesehatan_desa_2024.csv")])
    assert code == 0, capsys.readouterr().out


def test_blocked_file_exits_1_and_names_row_and_column_in_both_languages(capsys):
    code = main(["check", str(SAMPLES / "_rejects/dinkes/fasilitas_kesehatan_desa_2024_negatif.csv")])
    out = capsys.readouterr().out
    assert code == 1
    assert "below-minimum" in out and "18" in out and "Posyandu" in out
    assert "Saran" in out or "saran" in out.lower()
    assert "Hint" in out or "hint" in out.lower()


def test_json_report_lists_the_problem(capsys):
    code = main(["check", "--json", str(SAMPLES / "_rejects/dinkes/fasilitas_kesehatan_desa_2024_negatif.csv")])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["valid"] is False
    assert ("below-minimum", 18, "Posyandu") in {(p["code"], p["row"], p["column"]) for p in report["problems"]}


def test_unreadable_file_exits_2(tmp_path, capsys):
    junk = tmp_path / "fasilitas_kesehatan_desa_2024.xlsx"
    junk.write_bytes(b"PK\x03\x04 this is not really a workbook" * 10)
    code = main(["check", "--dataset", "fasilitas-kesehatan-desa", str(junk)])
    assert code == 2
    assert "fasilitas_kesehatan_desa_2024.xlsx" in capsys.readouterr().out


def test_file_no_dataset_fits_exits_2(tmp_path, capsys):
    other = tmp_path / "laporan_lain.csv"
    other.write_text("a;b\n1;2\n", encoding="utf-8")
    assert main(["check", str(other)]) == 2
    assert "--dataset" in capsys.readouterr().out
