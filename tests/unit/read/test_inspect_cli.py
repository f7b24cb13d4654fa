"""`satudata inspect`: the stable JSON keys, the human view, and exit 2 for unreadable files."""

from __future__ import annotations

import json
from pathlib import Path

from pipelines.cli import main

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"
TABLE_KEYS = {"sheet", "header_rows", "columns", "rows", "dropped", "wide"}


def run(capsys, *argv):
    code = main(["inspect", *map(str, argv)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_has_the_documented_keys(capsys):
    code, out, _ = run(capsys, REAL / "bps_kotabandung_kepadatan_kec_2022.csv", "--json")
    assert code == 0
    info = json.loads(out)
    assert {"format", "encoding", "delimiter", "tables"} <= set(info)
    assert (info["format"], info["encoding"], info["delimiter"]) == ("csv", "utf-8-sig", ",")
    [table] = info["tables"]
    assert TABLE_KEYS <= set(table)
    assert table["header_rows"] == [0, 2, 3]
    assert table["rows"] == 30
    assert table["columns"][1] == {"name": "jumlah_penduduk", "header": "Jumlah Penduduk", "type": "integer"}
    assert table["dropped"] == [{"row": 1, "reason": "title"}, {"row": 34, "reason": "total"}]
    assert table["wide"] is False
    assert table["first_rows"][0]["kota_dan_kecamatan"] == "Bandung Kulon"


def test_json_reports_wide_tables_and_their_melt(capsys):
    code, out, _ = run(capsys, REAL / "bpsjabar_garis_kemiskinan_prov_semicolon.csv", "--json")
    [table] = json.loads(out)["tables"]
    assert code == 0 and table["wide"] is True
    assert table["melt"][0]["result"] == ["nama_wilayah", "tahun", "nilai"]


def test_sheet_option_picks_one_sheet(capsys):
    code, out, _ = run(capsys, REAL / "satudata_bandungkab_penduduk_kec.xlsx", "--sheet", "Series Row", "--json")
    info = json.loads(out)
    assert code == 0 and [t["sheet"] for t in info["tables"]] == ["Series Row"]
    assert info["tables"][0]["rows"] == 186


def test_human_view_names_header_rows_as_the_sheet_numbers_them(capsys):
    code, out, _ = run(capsys, REAL / "bps_kotabandung_kepadatan_kec_2022.csv")
    assert code == 0
    assert "header rows (as numbered in the sheet): 1, 3, 4" in out
    assert "dropped (total): 1 baris/rows (3.1%): 35" in out  # 1 of the 32 rows (30 data, a title, a total)


def test_unreadable_file_exits_2_with_both_languages(capsys, tmp_path):
    path = tmp_path / "bukan.xlsx"
    path.write_bytes(bytes(range(256)) * 40)
    code, out, err = run(capsys, path, "--json")
    assert code == 2
    assert json.loads(out)["error"]["code"] == "unknown-format"
    assert "Tidak bisa dibaca" in err and "Cannot be read" in err


def test_first_rows_never_show_personal_data_whole(capsys, tmp_path):
    path = tmp_path / "kontak_kecamatan_2024.csv"
    path.write_text(
        "Kecamatan;Keterangan;Jumlah\n"
        "Penajam;NIK 6409014507900001;120\n"
        "Waru;Hubungi 0812-3456-7890;80\n"
        "Babulu;budi.santoso@gmail.com;45\n"
        "Sepaku;aman;60\n",
        encoding="utf-8",
    )
    secrets = ["6409014507900001", "0812-3456-7890", "3456", "budi.santoso"]
    code, out, _ = run(capsys, path, "--json")
    assert code == 0
    [table] = json.loads(out)["tables"]
    shown = [row["keterangan"] for row in table["first_rows"]]
    assert shown == ["NIK ************0001", "Hubungi ****-****-7890", "***@gmail.com", "aman"]
    assert [row["kecamatan"] for row in table["first_rows"]] == ["Penajam", "Waru", "Babulu", "Sepaku"]
    code, human_out, _ = run(capsys, path)
    assert code == 0 and "Hubungi ****-****-7890" in human_out
    for secret in secrets:
        assert secret not in out and secret not in human_out


def test_first_rows_mask_only_personal_data_never_a_plain_decimal(capsys, tmp_path):
    # 62.884017146481 would read as +62 884... (a mobile number) if digits were all that counted
    path = tmp_path / "cakupan_imunisasi_2024.csv"
    path.write_text(
        "Puskesmas;Cakupan (%);Rasio;Kontak\n"
        "Penajam;62.884017146481;0.628123456789;0812-3456-7890\n"
        "Waru;87.12345678;62,8123456789;-\n"
        "Babulu;91.5;1.0;-\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, path, "--json")
    assert code == 0
    [table] = json.loads(out)["tables"]
    rows = table["first_rows"]
    assert [row["cakupan_persen"] for row in rows] == ["62.884017146481", "87.12345678", "91.5"]
    assert [row["rasio"] for row in rows] == ["0.628123456789", "62,8123456789", "1.0"]
    assert rows[0]["kontak"] == "****-****-7890"
    assert "0812-3456" not in out

def test_inspect_reports_the_share_of_rows_dropped_per_reason(capsys):
    """The census book: 6,654 data rows and 530 subtotals, so 530 / 7,184 of the table's rows."""
    code, out, _ = run(capsys, REAL / "bps_sp2010_penduduk_kec_nasional_by_book.csv", "--json")
    assert code == 0
    [table] = json.loads(out)["tables"]
    assert table["dropped_share"] == {"subtotal": round(530 / 7184, 4)}
    code, out, _ = run(capsys, REAL / "bps_sp2010_penduduk_kec_nasional_by_book.csv")
    assert "dibuang / dropped (subtotal): 530 baris/rows (7.4%)" in out
