"""The PII guard is not switched off by a masked run next to a real number, and a wide file's
melted periods do not repeat one cell's hit once per period."""

import json

import pyarrow as pa

from pipelines.cli import main
from pipelines.spec import project_root
from pipelines.validate.pii import MAX_PER_COLUMN, redact, scan_table

SAMPLE = project_root() / "samples" / "disdukcapil" / "kepala_keluarga_kecamatan_2021-2024.csv"
NIK = "6409014507900001"


def scan(values, header="Kecamatan", name="kecamatan", rows=None):
    table = pa.table({name: pa.array(values, pa.string())})
    rows = rows or list(range(2, len(values) + 2))
    return scan_table(table, rows=rows, headers={name: header})


def hand_in(tmp_path, old, new):
    """A copy of the wide (2021-2024) sample with one cell changed."""
    text = SAMPLE.read_text(encoding="utf-8-sig")
    assert old in text
    path = tmp_path / SAMPLE.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_masked_run_in_the_same_cell_does_not_hide_a_real_nik():
    cells = [f"Waru xxxx {NIK}", f"NIK {NIK} (xxxx)", f"**** {NIK} ••••", "XXXX 0812-3456-7890"]
    found = [(p.row, p.code, p.value) for p in scan(cells)]
    assert found == [
        (2, "pii-nik", "************0001"),
        (3, "pii-nik", "************0001"),
        (4, "pii-nik", "************0001"),
        (5, "pii-phone", "****-****-7890"),
    ]


def test_numbers_masked_in_place_stay_allowed():
    assert scan(["6409xxxxxxxx0001", "0812-xxxx-7890", "************0001", "xxxx@gmail.com"]) == []


def test_redact_masks_the_real_number_beside_a_masked_run():
    assert redact(f"NIK {NIK} (xxxx)", {"640901"}) == "NIK ************0001 (xxxx)"
    assert redact(f"'Waru xxxx {NIK}' bukan bilangan", {"640901"}) == "'Waru xxxx ************0001' bukan bilangan"


def test_check_blocks_a_nik_beside_a_masked_run(tmp_path, capsys):
    path = hand_in(tmp_path, ";Waru;", f";Waru xxxx {NIK};")
    code = main(["check", str(path), "--dataset", "kepala-keluarga-kecamatan", "--json"])
    out = capsys.readouterr().out
    report = json.loads(out)
    assert code == 1 and report["valid"] is False
    assert [(p["code"], p["row"], p["column"]) for p in report["problems"] if p["rule"] == "pii"] == [
        ("pii-nik", 5, "Kecamatan")
    ]
    assert NIK not in out


def test_check_json_and_html_never_echo_a_nik_beside_a_masked_run(tmp_path, capsys):
    path = hand_in(tmp_path, ";Waru;7.961;", f";Waru;NIK {NIK} (xxxx);")
    html = tmp_path / "laporan.html"
    code = main(["check", str(path), "--dataset", "kepala-keluarga-kecamatan", "--json", "--html", str(html)])
    out = capsys.readouterr().out
    assert code == 1
    assert NIK not in out and NIK not in html.read_text(encoding="utf-8")
    assert "************0001" in out


def test_one_cell_in_a_wide_file_is_one_problem_not_one_per_period(tmp_path, capsys):
    path = hand_in(tmp_path, ";Waru;", f";{NIK};")
    code = main(["check", str(path), "--dataset", "kepala-keluarga-kecamatan", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [(p["code"], p["row"], p["column"]) for p in report["problems"] if p["rule"] == "pii"] == [
        ("pii-nik", 5, "Kecamatan")
    ]


def test_melted_rows_repeating_a_cell_give_one_problem_per_cell():
    problems = scan([NIK] * 4 + ["aman"] * 4 + [NIK] * 4, rows=[5] * 4 + [6] * 4 + [7] * 4)
    assert [(p.row, p.column, p.code) for p in problems] == [(5, "Kecamatan", "pii-nik"), (7, "Kecamatan", "pii-nik")]


def test_the_cap_counts_cells_not_melted_repeats():
    cells = MAX_PER_COLUMN + 3
    values = [f"0812-3456-{n:04d}" for n in range(cells) for _period in range(4)]
    rows = [n + 2 for n in range(cells) for _period in range(4)]
    problems = scan(values, rows=rows)
    assert len(problems) == MAX_PER_COLUMN + 1
    assert problems[-1].code == "pii-more" and problems[-1].value == "3"
    assert len({p.row for p in problems[:-1]}) == MAX_PER_COLUMN
