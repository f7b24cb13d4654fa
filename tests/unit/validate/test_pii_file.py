"""The PII guard through `satudata check`: every sheet, header, dropped row and footnote of a file."""

import json

import xlsxwriter

from pipelines.cli import main
from pipelines.spec import project_root

SAMPLE = project_root() / "samples" / "disdukcapil" / "kepala_keluarga_kecamatan_2021-2024.csv"
KK = "kepala-keluarga-kecamatan"
NIK = "6409014507900001"
REKAP = [
    ["Kode Wilayah", "Kecamatan", "Tahun", "Laki-laki", "Perempuan", "Jumlah"],
    ["64.09.01", "Penajam", 2024, 41000, 40200, 81200],
    ["64.09.02", "Waru", 2024, 11000, 10500, 21500],
    ["64.09.03", "Babulu", 2024, 18000, 17000, 35000],
    ["64.09.04", "Sepaku", 2024, 20000, 19000, 39000],
]


def check(path, dataset, capsys):
    code = main(["check", str(path), "--dataset", dataset, "--json"])
    out = capsys.readouterr().out
    report = json.loads(out)
    return code, report, out


def pii(report):
    return [(p["code"], p["row"], p["column"]) for p in report["problems"] if p["rule"] == "pii"]


def hand_in(tmp_path, old, new):
    text = SAMPLE.read_text(encoding="utf-8-sig")
    assert old in text
    path = tmp_path / SAMPLE.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_unchanged_sample_has_no_personal_data(tmp_path, capsys):
    code, report, _ = check(hand_in(tmp_path, ";Waru;", ";Waru;"), KK, capsys)
    assert pii(report) == []


def test_a_nik_in_the_footnote_blocks(tmp_path, capsys):
    path = hand_in(tmp_path, "Sumber: Disdukcapil", f"Petugas NIK {NIK}, Sumber: Disdukcapil")
    code, report, out = check(path, KK, capsys)
    assert code == 1 and pii(report) == [("pii-nik", 9, "Kode Kecamatan")]
    assert NIK not in out


def test_a_nik_in_a_title_row_above_the_header_blocks(tmp_path, capsys):
    path = hand_in(tmp_path, "DATA CONTOH / SAMPLE DATA", "Disusun oleh 6409\u00a00145\u00a00790\u00a00001")
    code, report, out = check(path, KK, capsys)
    assert code == 1 and pii(report) == [("pii-nik", 2, "Kode Kecamatan")]
    assert "6409\u00a00145" not in out


def test_a_nik_in_a_header_blocks_and_the_column_is_shown_masked(tmp_path, capsys):
    path = hand_in(tmp_path, ";Kecamatan;", f";Kecamatan (petugas {NIK});")
    code, report, out = check(path, KK, capsys)
    assert code == 1
    assert ("pii-nik", 3, "Kecamatan (petugas ************0001)") in pii(report)
    assert NIK not in out


def test_a_nik_in_the_total_row_the_reader_dropped_blocks(tmp_path, capsys):
    path = hand_in(tmp_path, "64.09;Kabupaten Penajam Paser Utara;", f"64.09;Kabupaten Penajam Paser Utara {NIK};")
    code, report, _ = check(path, KK, capsys)
    assert code == 1 and ("pii-nik", 8, "Kecamatan") in pii(report)


def workbook(path, other_sheet_rows):
    book = xlsxwriter.Workbook(str(path))
    rekap = book.add_worksheet("Rekap")
    for r, row in enumerate(REKAP):
        rekap.write_row(r, 0, row)
    other = book.add_worksheet("Lampiran")
    for r, row in enumerate(other_sheet_rows):
        other.write_row(r, 0, row)
    book.close()
    return path


def test_a_nik_in_a_sheet_the_spec_does_not_pin_blocks(tmp_path, capsys):
    path = workbook(tmp_path / "penduduk_jenis_kelamin_2024.xlsx",
                    [["Nama", "Keterangan"], ["Budi", "biasa"], ["Siti", f"NIK {NIK[:8]}\u200b{NIK[8:]}"]])
    code, report, out = check(path, "penduduk-kecamatan-jenis-kelamin", capsys)
    assert code == 1 and report["sheet"] == "Rekap"
    assert pii(report) == [("pii-nik", 3, "Lampiran!Keterangan")]
    assert NIK[:8] not in out


def test_a_clean_second_sheet_does_not_block(tmp_path, capsys):
    path = workbook(tmp_path / "penduduk_jenis_kelamin_2024.xlsx", [["Catatan"], ["Data sementara"]])
    code, report, _ = check(path, "penduduk-kecamatan-jenis-kelamin", capsys)
    assert pii(report) == []


def test_a_footnote_in_a_public_contact_column_may_hold_the_office_phone_but_never_a_nik(tmp_path):
    from pipelines.read import read
    from pipelines.spec import parse_spec
    from pipelines.validate.pii_sheets import scan_file

    spec = parse_spec({
        "name": "kontak-puskesmas", "organization": "dinkes",
        "title": {"id": "Kontak", "en": "Contacts"}, "description": {"id": "Contoh", "en": "Example"},
        "source": {"match": "kontak*.csv"}, "period": {"column": "tahun"},
        "schema": {"columns": [
            {"name": "tahun", "type": "integer"},
            {"name": "puskesmas", "type": "string"},
            {"name": "telepon", "type": "string", "public_contact": True},
        ]},
    }, "datasets/dinkes/kontak-puskesmas.yaml")
    path = tmp_path / "kontak_2024.csv"
    path.write_text("Tahun;Puskesmas;Telepon\n2024;Penajam;(0542) 7211 000\n2024;Waru;(0542) 7211 001\n"
                    "2024;Babulu;(0542) 7211 002\n;;Pengaduan: (0542) 7211 009\n;;Petugas NIK 6409014507900001\n",
                    encoding="utf-8")
    result = read(path)
    (table,) = result.tables
    assert [d.reason for d in table.dropped] == ["footnote", "footnote"]
    problems = scan_file(result.tables, table, spec)
    assert [(p.code, p.row, p.column) for p in problems] == [("pii-nik", 6, "Telepon")]
