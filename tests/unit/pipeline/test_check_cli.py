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
    assert "Baris 18, Kolom 'Posyandu'" in out and "Angka dalam batas yang wajar" in out
    assert "below-minimum" not in out and "expect_" not in out  # codes are for machines (--json)
    assert str(SAMPLES) not in out  # no server paths in what a person reads
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


def test_file_no_dataset_fits_still_gets_the_pii_guard_and_exits_1(tmp_path, capsys):
    other = tmp_path / "daftar_penerima_bantuan.csv"
    other.write_text("Nama;Desa;Nomor Induk\nSiti;Girimukti;6409014507900001\nBudi;Sotek;6409011203850002\n",
                     encoding="utf-8")
    code = main(["check", "--json", str(other)])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert {("pii-nik", 2, "Nomor Induk"), ("pii-nik", 3, "Nomor Induk")} <= {
        (p["code"], p["row"], p["column"]) for p in report["problems"]}
    assert "6409014507900001" not in json.dumps(report)  # masked
    assert report["tables"][0]["rows"] == 2 and "Nama" in report["tables"][0]["columns"]
    assert any("satudata draft" in (p["hint_en"] or "") for p in report["problems"])


def test_unreadable_file_without_a_dataset_exits_2_with_its_reason(tmp_path, capsys):
    junk = tmp_path / "laporan.xlsx"
    junk.write_bytes(b"PK\x03\x04 this is not really a workbook" * 10)
    assert main(["check", str(junk)]) == 2
    assert "no-matching-dataset" not in capsys.readouterr().out


def test_check_against_a_spec_file_outside_datasets(tmp_path, capsys):
    spec = (project_root() / "datasets/dinkes/fasilitas-kesehatan-desa.yaml").read_text(encoding="utf-8")
    proposal = tmp_path / "proposal.yaml"  # not in datasets/<opd>/: the folder rule does not apply
    proposal.write_text(spec, encoding="utf-8")
    bad = SAMPLES / "_rejects/dinkes/fasilitas_kesehatan_desa_2024_negatif.csv"
    assert main(["check", "--spec", str(proposal), str(bad)]) == 1
    assert "Posyandu" in capsys.readouterr().out
    proposal.write_text(spec.replace("type: integer", "type: integr", 1), encoding="utf-8")
    assert main(["check", "--spec", str(proposal), str(bad)]) == 2
    assert "proposal.yaml" in capsys.readouterr().out
