"""Issue 14 items 2, 3, 4, 6, 10: section rows, titles typed one word per cell, page-break repeats,
headerless files, and why a file gave no table. One general rule a test, on small files written
the way exports and officers write them."""

from __future__ import annotations

import xlsxwriter

from pipelines.read import read

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]


def reasons(table) -> list[tuple[int, str]]:
    return [(d.row, d.reason) for d in table.dropped]


def test_a_merged_section_row_is_dropped_as_section_and_months_stay_numbers(tmp_path):
    path = tmp_path / "kunjungan.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, ["No", "Puskesmas", *MONTHS])
    sheet.merge_range(1, 0, 1, 13, "A. Rawat Jalan")
    sheet.write_row(2, 0, [1, "Penajam", *range(100, 112)])
    sheet.write_row(3, 0, [2, "Waru", *range(200, 212)])
    sheet.merge_range(4, 0, 4, 13, "B. Rawat Inap")
    sheet.write_row(5, 0, [3, "Penajam", *range(10, 22)])
    sheet.write_row(6, 0, [4, "Babulu", *range(20, 32)])
    book.close()
    [table] = read(path).tables
    assert table.header_rows == [0]
    assert reasons(table) == [(1, "section"), (4, "section")]
    assert table.rows == 4
    assert {c.name: c.type for c in table.columns}["januari"] == "integer"
    assert table.wide and table.melt_candidates[0].into == "bulan"
    section = table.dropped[0]
    assert all(v is None for v in section.values[1:])  # never copied into the month columns


def test_a_section_row_written_out_in_every_cell_is_a_section(tmp_path):
    path = tmp_path / "salin.csv"
    path.write_text("Puskesmas,Laki-laki,Perempuan,Jumlah\n"
                    "I. DALAM KOTA,I. DALAM KOTA,I. DALAM KOTA,I. DALAM KOTA\n"
                    "Penajam,10,12,22\nNenang,8,9,17\n"
                    "II. LUAR KOTA,II. LUAR KOTA,II. LUAR KOTA,II. LUAR KOTA\n"
                    "Babulu,5,6,11\nSepaku,7,7,14\n")
    [table] = read(path).tables
    assert reasons(table) == [(1, "section"), (4, "section")]
    assert [c.type for c in table.columns][1:] == ["integer", "integer", "integer"]


def test_a_numbered_section_letter_beside_its_name_is_a_section(tmp_path):
    path = tmp_path / "huruf.csv"
    path.write_text("No,Uraian,Jumlah,Satuan\nA,PELAYANAN KESEHATAN DASAR,,\n1,Kunjungan rawat jalan,1200,orang\n"
                    "2,Kunjungan rawat inap,300,orang\nB,PELAYANAN RUJUKAN,,\n1,Rujukan keluar,80,orang\n"
                    "2,Rujukan balik,20,orang\n")
    [table] = read(path).tables
    assert reasons(table) == [(1, "section"), (4, "section")]
    assert table.rows == 4


def test_a_section_heading_right_under_the_header_is_a_section(tmp_path):
    path = tmp_path / "atas.csv"
    path.write_text("Desa,Penduduk,KK\nKECAMATAN PENAJAM,,\nNipah-Nipah,9000,2500\nSotek,4000,1100\n"
                    "KECAMATAN WARU,,\nWaru,7000,1900\nBangun Mulya,3000,800\n")
    [table] = read(path).tables
    assert table.header_rows == [0]
    assert reasons(table) == [(1, "section"), (4, "section")]


def test_a_title_typed_one_word_per_cell_is_a_title_and_months_are_recognised(tmp_path):
    path = tmp_path / "judul.csv"
    title = ["JUMLAH", "KUNJUNGAN", "PASIEN", "MENURUT", "PUSKESMAS", "TAHUN", "2023"]
    lines = [",".join(title + [""] * (13 - len(title))), ",".join(["Puskesmas", *MONTHS])]
    for name, base in (("Penajam", 100), ("Waru", 200), ("Babulu", 300)):
        lines.append(",".join([name, *(str(base + i) for i in range(12))]))
    path.write_text("\n".join(lines) + "\n")
    [table] = read(path).tables
    assert table.header_rows == [1]
    assert reasons(table) == [(0, "title")]
    assert [c.name for c in table.columns] == ["puskesmas", *(m.lower() for m in MONTHS)]
    assert table.wide


def test_a_real_two_row_header_is_not_taken_for_a_title(tmp_path):
    path = tmp_path / "dua.csv"
    path.write_text("Kecamatan,Penduduk,Luas,Kepadatan\n,jiwa,km2,jiwa/km2\nPenajam,80000,1200,66\nWaru,24000,500,48\n")
    [table] = read(path).tables
    assert table.header_rows == [0, 1]
    assert [c.name for c in table.columns] == ["kecamatan", "penduduk_jiwa", "luas_km2", "kepadatan_jiwa_km2"]


def test_the_header_repeated_at_every_page_break_is_dropped(tmp_path):
    path = tmp_path / "halaman.csv"
    header = "NIK Kecamatan,Kecamatan,Desa,Laki-laki,Perempuan"
    lines = [header]
    row = 1
    for page in range(5):
        for i in range(8):
            lines.append(f"6409{page}{i},Kec {page},Desa {page}-{i},{10 + i},{20 + i}")
            row += 1
        if page < 4:
            lines.append(header)
            row += 1
    path.write_text("\n".join(lines) + "\n")
    [table] = read(path).tables
    assert table.header_rows == [0]
    assert table.rows == 40
    assert reasons(table) == [(9 * k, "repeated-header") for k in range(1, 5)]
    types = {c.name: c.type for c in table.columns}
    assert types["laki_laki"] == "integer" and types["perempuan"] == "integer"


def test_the_column_number_row_repeated_in_the_body_is_dropped(tmp_path):
    path = tmp_path / "nomor.csv"
    lines = ["Kecamatan,Jumlah,Laki-laki,Perempuan", "1,2 = 3+4,3,4"]
    for page in range(3):
        lines += [f"Kec {page}{i},{30 + i},{10 + i},{20}" for i in range(6)]
        lines.append("1,2 = 3+4,3,4")
    path.write_text("\n".join(lines[:-1]) + "\n")
    [table] = read(path).tables
    assert table.rows == 18
    assert all(reason == "repeated-header" for _, reason in reasons(table))
    assert [r for r, _ in reasons(table)] == [1, 8, 15]
    assert {c.name: c.type for c in table.columns}["jumlah"] == "integer"


def test_a_numbered_data_row_is_not_a_column_number_row(tmp_path):
    path = tmp_path / "urut.csv"
    path.write_text("No,Kecamatan,Sekolah,Guru\n1,Penajam,2,3\n2,Waru,3,4\n3,Babulu,5,6\n")
    [table] = read(path).tables
    assert table.rows == 3 and reasons(table) == []


def test_a_headerless_csv_gets_column_numbers_and_keeps_its_first_row(tmp_path):
    path = tmp_path / "tanpa_judul.csv"
    path.write_text("Aceh,87.12345678,90.5,88.25,70.1,66.6,99.0\nSumatera Utara,81.5,92.25,80.0,79.5,68.75,97.5\n"
                    "Sumatera Barat,80.5,91.25,89.0,78.5,67.75,96.5\nRiau,79.5,90.25,88.0,77.5,66.75,95.5\n")
    [table] = read(path).tables
    assert table.header_rows == []
    assert [c.name for c in table.columns] == [f"kolom_{i}" for i in range(1, 8)]
    assert table.rows == 4 and table.values.column("kolom_1").to_pylist()[0] == "Aceh"
    assert table.columns[1].type == "number"


def test_a_frameset_saved_as_xls_says_its_data_part_is_missing(tmp_path):
    path = tmp_path / "laporan.xls"
    path.write_text('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>'
                    '<meta name=ProgId content=Excel.Sheet><meta name=Generator content="Microsoft Excel 11">'
                    '<link rel=File-List href="laporan_files/filelist.xml"></head>'
                    '<frameset rows="*,39" border=0><frame src="laporan_files/sheet001.htm" name="frSheet">'
                    '<frame src="laporan_files/tabstrip.htm" name="frTabs"></frameset></html>')
    result = read(path)
    assert result.tables == [] and result.empty is not None
    assert result.empty.kind == "frameset"
    assert "laporan_files/sheet001.htm" in result.empty.message_en
    assert "frameset" in result.empty.message_id


def test_html_without_a_table_and_a_workbook_of_empty_sheets_say_so(tmp_path):
    page = tmp_path / "halaman.xls"
    page.write_text("<html><body><p>Data belum tersedia</p></body></html>")
    result = read(page)
    assert result.tables == [] and result.empty.kind == "html-without-table"
    book_path = tmp_path / "kosong.xlsx"
    book = xlsxwriter.Workbook(str(book_path))
    book.add_worksheet("Sheet1")
    book.add_worksheet("Sheet2")
    book.close()
    result = read(book_path)
    assert result.tables == [] and result.empty.kind == "empty-sheets"
    assert result.empty.message_en.startswith("Every sheet is empty")


def test_a_sheet_with_only_a_title_says_there_are_no_columns(tmp_path):
    path = tmp_path / "judul_saja.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Rekap").write(0, 0, "REKAPITULASI DATA PENDUDUK 2024")
    book.close()
    result = read(path)
    if result.tables:  # a lone title may also be read as a one-cell table; then nothing to explain
        assert result.empty is None
    else:
        assert result.empty.kind == "title-only" and "REKAPITULASI" in result.empty.message_en


FRAMESET = ('<html><head><meta name=ProgId content=Excel.Sheet></head><frameset rows="*,39">'
            '<frame src="rekap_files/sheet001.htm"><frame src="rekap_files/tabstrip.htm"></frameset></html>')


def test_inspect_prints_why_there_is_no_table(tmp_path, capsys):
    import json

    from pipelines.cli import main

    path = tmp_path / "rekap.xls"
    path.write_text(FRAMESET)
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert "no data table found" in out and "rekap_files/sheet001.htm" in out and "frameset" in out
    assert main(["inspect", str(path), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["tables"] == [] and info["empty"]["kind"] == "frameset"


def test_check_reports_no_table_found_with_the_reason_in_both_languages(tmp_path):
    from pipelines.check import check_file
    from pipelines.spec import load_spec, project_root

    spec = load_spec(project_root() / "datasets" / "bpbd" / "kejadian-bencana.yaml")
    path = tmp_path / "rekap.xls"
    path.write_text(FRAMESET)
    report = check_file(spec, path).report
    [problem] = [p for p in report.problems if p.code == "no-table-found"]
    assert "rekap_files/sheet001.htm" in problem.message_en and "rekap_files/sheet001.htm" in problem.message_id
    assert problem.hint_id and problem.hint_en and problem.severity == "block"
