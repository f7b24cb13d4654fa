"""Layout detection on small files written the way departments write them."""

from __future__ import annotations

import pytest
import xlsxwriter

from pipelines.read import ReadError, ReadOptions, read
from pipelines.spec import Melt, Source

KEC = ["Penajam", "Waru", "Babulu", "Sepaku"]


def rekap_xlsx(path, *, merged=True):
    """Title, blank, two-row header with merged cells, four kecamatan, JUMLAH, blank, Sumber."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Rekap")
    sheet.write(0, 0, "JUMLAH PENDUDUK MENURUT KECAMATAN DAN JENIS KELAMIN TAHUN 2024")
    if merged:
        sheet.merge_range("A3:A4", "Kecamatan")
        sheet.merge_range("B3:C3", "Jumlah Penduduk")
        sheet.merge_range("D3:D4", "Total")
    else:
        sheet.write_row(2, 0, ["Kecamatan", "Jumlah Penduduk", None, "Total"])
    sheet.write_row(3, 1, ["Laki-laki", "Perempuan"])
    people = [(41_203, 39_876), (12_044, 11_870), (19_555, 18_402), (16_210, 15_033)]
    for i, (name, (male, female)) in enumerate(zip(KEC, people, strict=True)):
        sheet.write_row(4 + i, 0, [name, f"{male:,}".replace(",", "."), female, male + female])
    sheet.write_row(8, 0, ["JUMLAH", sum(m for m, _ in people), sum(f for _, f in people), sum(map(sum, people))])
    sheet.write(10, 0, "Sumber: Disdukcapil Kabupaten Penajam Paser Utara")
    book.close()
    return path


@pytest.mark.parametrize("merged", [True, False])
def test_title_merged_header_total_and_footnote(tmp_path, merged):
    result = read(rekap_xlsx(tmp_path / "rekap.xlsx", merged=merged))
    [table] = result.tables
    assert result.format == "xlsx" and table.sheet == "Rekap"
    assert table.header_rows == [2, 3]
    assert [(c.name, c.type) for c in table.columns] == [
        ("kecamatan", "string"),
        ("jumlah_penduduk_laki_laki", "integer"),
        ("jumlah_penduduk_perempuan", "integer"),
        ("total", "integer"),
    ]
    assert table.columns[1].header == "Jumlah Penduduk Laki-laki"
    assert table.values.column("kecamatan").to_pylist() == KEC
    assert table.row_numbers.tolist() == [4, 5, 6, 7]
    assert [(d.row, d.reason) for d in table.dropped] == [
        (0, "title"), (1, "blank"), (8, "total"), (9, "blank"), (10, "footnote")
    ]
    assert table.dropped[2].values[0] == "JUMLAH"


def test_csv_with_cp1252_and_dash_nulls(tmp_path):
    text = "Kecamatan;Sekolah;Guru\r\nPenajam;12;–\r\nWaru;–;40\r\nBabulu;9;31\r\n"
    path = tmp_path / "sekolah.csv"
    path.write_bytes(text.encode("cp1252"))
    result = read(path)
    assert (result.format, result.encoding, result.delimiter) == ("csv", "cp1252", ";")
    [table] = result.tables
    assert table.values.to_pylist()[0] == {"kecamatan": "Penajam", "sekolah": "12", "guru": None}
    assert [c.type for c in table.columns] == ["string", "integer", "integer"]


def test_tsv_in_utf16_as_excel_saves_unicode_text(tmp_path):
    path = tmp_path / "data.txt"
    path.write_bytes("Desa\tKK\nSotek\t1.204\nSepan\t987\n".encode("utf-16"))
    result = read(path)
    assert (result.format, result.delimiter) == ("tsv", "\t")
    assert result.tables[0].values.column("kk").to_pylist() == ["1.204", "987"]


def test_short_title_and_footnote_lines_keep_their_row_numbers(tmp_path):
    path = tmp_path / "banjir.csv"
    path.write_text("Data Kejadian Banjir\n\nKecamatan,Kejadian,Tahun\nPenajam,3,2023\nWaru,1,2023\n"
                    "\nSepaku,2,2023\nSumber: BPBD\nCatatan: data sementara\n", encoding="utf-8")
    [table] = read(path).tables
    assert table.header_rows == [2]
    assert table.row_numbers.tolist() == [3, 4, 6]
    assert [(d.row, d.reason) for d in table.dropped] == [
        (0, "title"), (1, "blank"), (5, "blank"), (7, "footnote"), (8, "footnote")
    ]


def test_unlabelled_total_row_equal_to_the_sum_is_dropped(tmp_path):
    path = tmp_path / "faskes.csv"
    path.write_text("Kecamatan,Puskesmas,Pustu\nPenajam,3,10\nWaru,1,4\nBabulu,2,8\nSepaku,2,6\n,8,28\n")
    [table] = read(path).tables
    assert table.rows == 4
    assert [(d.row, d.reason) for d in table.dropped] == [(5, "total")]


def test_a_last_row_that_is_not_a_sum_stays(tmp_path):
    path = tmp_path / "faskes.csv"
    path.write_text("Kecamatan,Puskesmas,Pustu\nPenajam,3,10\nWaru,1,4\nBabulu,2,8\nSepaku,2,6\n")
    [table] = read(path).tables
    assert table.rows == 4 and table.dropped == []


def test_section_headings_inside_the_table_are_sections(tmp_path):
    path = tmp_path / "desa.csv"
    path.write_text("Desa,Penduduk,KK\nKECAMATAN PENAJAM,,\nNipah-Nipah,9000,2500\nSotek,4000,1100\n"
                    "KECAMATAN WARU,,\nWaru,7000,1900\nBangun Mulya,3000,800\n")
    [table] = read(path).tables
    assert table.values.column("desa").to_pylist() == ["Nipah-Nipah", "Sotek", "Waru", "Bangun Mulya"]
    assert [(d.row, d.reason) for d in table.dropped] == [(1, "section"), (4, "section")]


def test_leftover_row_counter_is_dropped_but_codes_with_zeros_are_kept(tmp_path):
    path = tmp_path / "kode.csv"
    path.write_text("No,Kode,Kecamatan\n1,01,Babulu\n2,02,Waru\n3,03,Penajam\n4,04,Sepaku\n")
    [table] = read(path).tables
    assert [(c.name, c.type) for c in table.columns] == [("kode", "string"), ("kecamatan", "string")]


def test_pinned_header_rows_skip_rows_and_patterns_win(tmp_path):
    path = tmp_path / "aneh.csv"
    path.write_text("a,b,c\nKecamatan,Jumlah,Tahun\nPenajam,5,2024\nCATATAN REVISI,9,2024\nWaru,6,2024\n"
                    "Babulu,7,2024\n")
    source = Source(match=["*.csv"], header_rows=[1], skip_rows=[5], drop_patterns=["revisi"])
    [table] = read(path, ReadOptions.from_source(source)).tables
    assert table.header_rows == [1]
    assert [c.name for c in table.columns] == ["kecamatan", "jumlah", "tahun"]
    assert table.values.column("kecamatan").to_pylist() == ["Penajam", "Waru"]
    assert [(d.row, d.reason) for d in table.dropped] == [(0, "title"), (3, "pattern"), (5, "skipped")]


def test_pinned_sheet_by_name_or_number(tmp_path):
    path = rekap_xlsx(tmp_path / "rekap.xlsx")
    assert [t.sheet for t in read(path, ReadOptions(sheet="rekap")).tables] == ["Rekap"]
    assert [t.sheet for t in read(path, ReadOptions(sheet=0)).tables] == ["Rekap"]


def test_years_as_columns_melt_on_request(tmp_path):
    path = tmp_path / "apbd.csv"
    path.write_text("Urusan;2022;2023;2024\nPendidikan;1.200;1.350;-\nKesehatan;800;950;990\n")
    [table] = read(path).tables
    assert table.wide and [m.into for m in table.melt_candidates] == ["tahun"]
    melt = Melt(columns=r"20\d\d", into="tahun", value="anggaran")
    [long] = read(path, ReadOptions(melt=melt)).tables
    assert long.melted
    assert [(c.name, c.type) for c in long.columns] == [("urusan", "string"), ("tahun", "integer"),
                                                       ("anggaran", "integer")]
    assert long.values.column("anggaran").to_pylist() == ["1.200", "1.350", None, "800", "950", "990"]
    assert long.row_numbers.tolist() == [1, 1, 1, 2, 2, 2]


def test_melt_pattern_matching_nothing_is_an_error(tmp_path):
    path = tmp_path / "apbd.csv"
    path.write_text("Urusan;2022;2023\nPendidikan;1;2\nKesehatan;3;4\n")
    with pytest.raises(ReadError) as info:
        read(path, ReadOptions(melt=Melt(columns="Januari|Februari", into="bulan", value="nilai")))
    assert info.value.code == "melt-columns-not-found"


def test_months_as_columns_are_wide(tmp_path):
    path = tmp_path / "realisasi.csv"
    path.write_text("Kegiatan,Januari,Februari,Maret\nGaji,10,11,12\nBelanja,5,6,7\n")
    [table] = read(path).tables
    assert [m.into for m in table.melt_candidates] == ["bulan"]


def test_html_saved_as_xls_with_spans(tmp_path):
    html = """<html><head><meta charset="utf-8"></head><body><table>
    <tr><td colspan="3"><b>Data Bencana 2024</b></td></tr>
    <tr><th rowspan="2">Kecamatan</th><th colspan="2">Kejadian</th></tr>
    <tr><th>Banjir</th><th>Longsor</th></tr>
    <tr><td>Penajam</td><td>4</td><td>1</td></tr>
    <tr><td>Sepaku</td><td>2</td><td>&ndash;</td></tr>
    </table></body></html>"""
    path = tmp_path / "bencana.xls"
    path.write_text(html, encoding="utf-8")
    result = read(path)
    assert result.format == "xls-html"
    [table] = result.tables
    assert table.header_rows == [1, 2]
    assert [c.name for c in table.columns] == ["kecamatan", "kejadian_banjir", "kejadian_longsor"]
    assert table.values.to_pylist()[1] == {"kecamatan": "Sepaku", "kejadian_banjir": "2", "kejadian_longsor": None}
    assert table.dropped[0].reason == "title"


def test_dates_and_indonesian_decimals_are_inferred(tmp_path):
    path = tmp_path / "kejadian.csv"
    path.write_text("Tanggal;Lokasi;Luas (ha)\n14 Oktober 2022;Sepaku;1,5\n03/01/2023;Waru;12,25\n")
    [table] = read(path).tables
    assert [c.type for c in table.columns] == ["date", "string", "number"]


def test_region_named_total_with_values(tmp_path):
    path = tmp_path / "penduduk.csv"
    rows = "\n".join(f"{k},{v}" for k, v in zip(KEC, [80_000, 24_000, 38_000, 31_000], strict=True))
    path.write_text(f"Kecamatan,Penduduk\n{rows}\nKabupaten Penajam Paser Utara,173000\n")
    [table] = read(path).tables
    assert table.rows == 4 and [d.reason for d in table.dropped] == ["total"]


def test_a_row_of_a_label_and_dashes_is_data_not_a_heading(tmp_path):
    path = tmp_path / "sekolah.csv"
    path.write_text("Desa,SD,SMP\nSotek,3,1\nBukit Subur,-,-\nSepan,2,-\nLabangka,4,1\n")
    [table] = read(path).tables
    assert table.values.column("desa").to_pylist() == ["Sotek", "Bukit Subur", "Sepan", "Labangka"]
    assert table.values.column("sd").to_pylist() == ["3", None, "2", "4"]
    assert table.dropped == []


def test_quoted_line_breaks_and_short_rows_keep_row_numbers(tmp_path):
    path = tmp_path / "faskes.csv"
    path.write_text('Daftar Fasilitas Kesehatan\nNama,"Alamat\nLengkap",Tempat Tidur\n'
                    'RSUD Ratu Aji Putri Botung,"Jl. Provinsi Km 9,\nPenajam",120\n'
                    "Puskesmas Waru,Jl. Negara,10\nSumber: Dinkes\n")
    [table] = read(path).tables
    assert table.header_rows == [1]
    assert [c.name for c in table.columns] == ["nama", "alamat_lengkap", "tempat_tidur"]
    assert table.row_numbers.tolist() == [2, 3]
    assert [(d.row, d.reason) for d in table.dropped] == [(0, "title"), (4, "footnote")]


def test_cp1252_found_after_the_first_64_kib(tmp_path):
    path = tmp_path / "panjang.csv"
    path.write_bytes(("Kecamatan;Jumlah\n" + "Penajam;5\n" * 20_000 + "Sepaku – Baru;7\n").encode("cp1252"))
    result = read(path)
    assert result.encoding == "cp1252"
    assert result.tables[0].values.column("kecamatan")[-1].as_py() == "Sepaku – Baru"


ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="Rekap">{rows}</table:table>
</office:spreadsheet></office:body></office:document-content>"""


ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def _ods_cell(value):
    if isinstance(value, str):
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
    return (f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>")


def test_ods(tmp_path):
    import zipfile

    rows = [["Kecamatan", "Jumlah"], ["Penajam", 1234], ["Waru", 56.0]]
    xml = "".join("<table:table-row>" + "".join(map(_ods_cell, r)) + "</table:table-row>" for r in rows)
    path = tmp_path / "rekap.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", ODS_CONTENT.format(rows=xml))
        zf.writestr("META-INF/manifest.xml", ODS_MANIFEST)
    result = read(path)
    assert result.format == "ods"
    [table] = result.tables
    assert table.sheet == "Rekap"
    assert table.values.to_pylist() == [{"kecamatan": "Penajam", "jumlah": "1234"},
                                        {"kecamatan": "Waru", "jumlah": "56"}]


def test_numbered_table_title_in_two_cells(tmp_path):
    path = tmp_path / "tabel.csv"
    path.write_text("Tabel 3.1,Jumlah Sekolah menurut Kecamatan,\nKecamatan,SD,SMP\nPenajam,30,9\nWaru,12,4\n")
    [table] = read(path).tables
    assert table.header_rows == [1]
    assert [(d.row, d.reason) for d in table.dropped] == [(0, "title")]


def test_line_breaks_in_headers_and_numbered_rows(tmp_path):
    book = xlsxwriter.Workbook(str(tmp_path / "guru.xlsx"))
    sheet = book.add_worksheet("Guru")
    sheet.write_row(0, 0, ["No.", "Nama\nSekolah", "Jumlah\r\nGuru"])
    for i, (name, count) in enumerate([("SDN 001 Penajam", 12), ("SDN 002 Waru", 9), ("SMPN 1 Sepaku", 20)]):
        sheet.write_row(i + 1, 0, [f"{i + 1}.", name, count])
    book.close()
    [table] = read(tmp_path / "guru.xlsx").tables
    assert [(c.name, c.header) for c in table.columns] == [("nama_sekolah", "Nama Sekolah"),
                                                          ("jumlah_guru", "Jumlah Guru")]


def test_total_written_on_top_of_its_parts(tmp_path):
    path = tmp_path / "penduduk.csv"
    path.write_text("Wilayah,Laki-laki,Perempuan\nPenajam Paser Utara,90,80\nPenajam,40,35\nWaru,10,9\n"
                    "Babulu,20,18\nSepaku,20,18\n")
    [table] = read(path).tables
    assert table.values.column("wilayah").to_pylist() == KEC
    assert [(d.row, d.reason) for d in table.dropped] == [(1, "total")]


def test_legacy_xls_with_merged_header(tmp_path):
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Rekap")
    sheet.write_merge(0, 0, 0, 2, "DATA SEKOLAH KABUPATEN PENAJAM PASER UTARA TAHUN 2024")
    sheet.write_merge(2, 3, 0, 0, "Kecamatan")
    sheet.write_merge(2, 2, 1, 2, "Jumlah Sekolah")
    sheet.write(3, 1, "Negeri")
    sheet.write(3, 2, "Swasta")
    for i, (name, public, private) in enumerate([("Penajam", 30, 5), ("Waru", 12, 2), ("Babulu", 20.0, 3)]):
        sheet.write(4 + i, 0, name)
        sheet.write(4 + i, 1, public)
        sheet.write(4 + i, 2, private)
    sheet.write(7, 0, "Jumlah")
    sheet.write(7, 1, 62)
    sheet.write(7, 2, 10)
    path = tmp_path / "sekolah.xls"
    book.save(str(path))
    result = read(path)
    assert result.format == "xls"
    [table] = result.tables
    assert table.header_rows == [2, 3]
    assert [(c.name, c.type) for c in table.columns] == [
        ("kecamatan", "string"), ("jumlah_sekolah_negeri", "integer"), ("jumlah_sekolah_swasta", "integer")
    ]
    assert table.values.column("jumlah_sekolah_negeri").to_pylist() == ["30", "12", "20"]
    assert [(d.row, d.reason) for d in table.dropped] == [(0, "title"), (1, "blank"), (7, "total")]


def test_group_header_written_once_under_a_merged_title(tmp_path):
    book = xlsxwriter.Workbook(str(tmp_path / "rekap.xlsx"))
    sheet = book.add_worksheet("Rekap")
    sheet.merge_range("A1:E1", "REKAP PENDUDUK")
    sheet.write_row(2, 0, ["Kecamatan", "2023", None, "2024", None])
    sheet.write_row(3, 0, [None, "L", "P", "L", "P"])
    sheet.write_row(4, 0, ["Waru", 10, 9, 11, 10])
    sheet.write_row(5, 0, ["Sepaku", 20, 18, 21, 19])
    book.close()
    [table] = read(tmp_path / "rekap.xlsx").tables
    assert [c.header for c in table.columns] == ["Kecamatan", "2023 L", "2023 P", "2024 L", "2024 P"]


def test_years_under_a_group_header_are_wide_and_melt_to_the_year(tmp_path):
    path = tmp_path / "penduduk.csv"
    path.write_text("Kecamatan,Jumlah Penduduk,,\n,2021,2022,2023\nPenajam,80.100,81.250,82.004\n"
                    "Waru,24.000,24.310,24.900\n")
    [table] = read(path).tables
    assert [c.header for c in table.columns][1:] == ["Jumlah Penduduk 2021", "Jumlah Penduduk 2022",
                                                    "Jumlah Penduduk 2023"]
    [candidate] = table.melt_candidates
    assert (candidate.into, candidate.value) == ("tahun", "jumlah_penduduk")
    melt = Melt(columns=candidate.pattern, into="tahun", value="jumlah_penduduk")
    [long] = read(path, ReadOptions(melt=melt)).tables
    assert long.values.column("tahun").to_pylist() == ["2021", "2022", "2023"] * 2
    assert [c.type for c in long.columns] == ["string", "integer", "integer"]


def test_caption_over_all_value_columns_is_not_part_of_their_names(tmp_path):
    path = tmp_path / "bps.csv"
    path.write_text("Kecamatan,Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin di Kota Bandung (Jiwa),,\n"
                    ",Laki-Laki,Perempuan,Jumlah\n,2022,2022,2022\nAndir,49.000,50.119,99.119\n"
                    "Cicendo,48.000,48.382,96.382\nKota Bandung,97.000,98.501,195.501\n")
    [table] = read(path).tables
    assert [c.name for c in table.columns] == ["kecamatan", "laki_laki", "perempuan", "jumlah", "tahun"]
    assert table.header_rows == [0, 1, 2]
    assert [(d.row, d.reason) for d in table.dropped] == [(5, "total")]


def test_one_column_table(tmp_path):
    path = tmp_path / "nama.csv"
    path.write_text("Nama Desa\nSotek\nSepan\nBukit Subur\n")
    [table] = read(path).tables
    assert table.values.column("nama_desa").to_pylist() == ["Sotek", "Sepan", "Bukit Subur"]


def test_xml_spreadsheet_2003_saved_as_xls(tmp_path):
    xml = """<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Bencana"><Table>
  <Row><Cell ss:MergeAcross="2"><Data ss:Type="String">DATA BENCANA KABUPATEN PENAJAM PASER UTARA</Data></Cell></Row>
  <Row ss:Index="3"><Cell><Data ss:Type="String">Kecamatan</Data></Cell>
   <Cell><Data ss:Type="String">Banjir</Data></Cell><Cell><Data ss:Type="String">Longsor</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">Penajam</Data></Cell><Cell><Data ss:Type="Number">4</Data></Cell>
   <Cell ss:Index="3"><Data ss:Type="Number">1</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">Sepaku</Data></Cell><Cell><Data ss:Type="Number">2</Data></Cell></Row>
 </Table></Worksheet>
</Workbook>"""
    path = tmp_path / "bencana.xls"
    path.write_text(xml, encoding="utf-8")
    result = read(path)
    assert result.format == "xls-xml"
    [table] = result.tables
    assert table.sheet == "Bencana" and table.header_rows == [2]
    assert table.values.to_pylist() == [{"kecamatan": "Penajam", "banjir": "4", "longsor": "1"},
                                        {"kecamatan": "Sepaku", "banjir": "2", "longsor": None}]


def test_bom_file_with_short_title_and_footnote_lines(tmp_path):
    # Excel's "CSV UTF-8" starts with a BOM; the title and note lines have no delimiters
    path = tmp_path / "banjir.csv"
    path.write_bytes(("Data Kejadian Banjir\nKecamatan;Kejadian;Tahun\nPenajam;3;2023\nWaru; - ;2023\n"
                      "Sumber: BPBD\n").encode("utf-8-sig"))
    result = read(path)
    assert (result.encoding, result.delimiter) == ("utf-8-sig", ";")
    [table] = result.tables
    assert table.header_rows == [1]
    assert table.values.column("kecamatan").to_pylist() == ["Penajam", "Waru"]
    assert table.values.column("kejadian").to_pylist() == ["3", None]  # a dash with spaces is still a dash
    assert table.row_numbers.tolist() == [2, 3]
    assert [(d.row, d.reason) for d in table.dropped] == [(0, "title"), (4, "footnote")]


# Sample data below (DATA CONTOH): shaped like the files Penajam Paser Utara departments send.


@pytest.mark.parametrize("first", ["", "No,"])
def test_short_title_right_on_top_of_the_header_is_a_title(tmp_path, first):
    rows = ["1,", "2,", "3,", "4,"] if first else ["", "", "", ""]
    path = tmp_path / "sekolah.csv"
    path.write_text(f"Jumlah Sekolah Menurut Kecamatan\nTahun Ajaran 2024/2025\n{first}Kecamatan,Negeri,Swasta\n"
                    + "".join(f"{n}{k},{a},{b}\n" for n, k, a, b in
                              zip(rows, KEC, (38, 9, 22, 27), (9, 1, 3, 4), strict=True)))
    [table] = read(path).tables
    assert table.header_rows == [2]
    assert [c.name for c in table.columns] == ["kecamatan", "negeri", "swasta"]
    assert [(d.row, d.reason) for d in table.dropped] == [(0, "title"), (1, "title")]


def test_a_group_name_written_once_over_value_columns_stays_in_the_header(tmp_path):
    path = tmp_path / "penduduk.csv"
    path.write_text(",Penduduk,\nKecamatan,Laki-laki,Perempuan\nPenajam,41203,39876\nWaru,12044,11870\n")
    [table] = read(path).tables
    assert table.header_rows == [0, 1]
    assert [c.name for c in table.columns] == ["kecamatan", "penduduk_laki_laki", "penduduk_perempuan"]


def test_bps_column_number_row_is_header_not_data(tmp_path):
    path = tmp_path / "sekolah.csv"
    path.write_text("Jumlah Sekolah Menurut Kecamatan di Kabupaten Penajam Paser Utara 2024,,,\n"
                    "No,Kecamatan,Negeri,Swasta\n(1),(2),(3),(4)\n1,Babulu,22,3\n2,Waru,9,1\n3,Penajam,38,9\n")
    [table] = read(path).tables
    assert table.header_rows == [1, 2]
    assert [c.name for c in table.columns] == ["kecamatan", "negeri", "swasta"]  # "No" is an index column
    assert table.values.column("negeri").to_pylist() == ["22", "9", "38"]
    assert table.row_numbers.tolist() == [3, 4, 5]


def test_rows_that_open_their_group_with_its_sum_are_subtotals(tmp_path):
    # APBD layout: an urusan above its sub-urusan, then the grand total
    path = tmp_path / "apbd.csv"
    path.write_text("Kode,Urusan,Anggaran (Rp),Realisasi (Rp),Persentase (%)\n"
                    "1,URUSAN WAJIB PELAYANAN DASAR,600.000.000,540.000.000,\"90,00\"\n"
                    "1.01,Pendidikan,100.000.000,95.000.000,\"95,00\"\n"
                    "1.02,Kesehatan,200.000.000,170.000.000,\"85,00\"\n"
                    "1.03,Pekerjaan Umum,300.000.000,275.000.000,\"91,67\"\n"
                    "2,URUSAN WAJIB NON PELAYANAN DASAR,90.000.000,81.000.000,\"90,00\"\n"
                    "2.07,Tenaga Kerja,40.000.000,36.000.000,\"90,00\"\n"
                    "2.08,Pangan,50.000.000,45.000.000,\"90,00\"\n"
                    ",JUMLAH,690.000.000,621.000.000,\"90,00\"\n")
    [table] = read(path).tables
    assert table.values.column("kode").to_pylist() == ["1.01", "1.02", "1.03", "2.07", "2.08"]
    assert [(d.row, d.reason) for d in table.dropped] == [(1, "subtotal"), (5, "subtotal"), (8, "total")]


def test_xlsx_numbers_keep_their_digits_as_in_xls(tmp_path):
    import xlwt

    values = [0.9117647058823529, 0.000012345678, 1234567.891234, 0.5]
    book = xlsxwriter.Workbook(str(tmp_path / "rasio.xlsx"))
    sheet = book.add_worksheet("Data")
    old = xlwt.Workbook()
    old_sheet = old.add_sheet("Data")
    for r, row in enumerate([["Puskesmas", "Rasio"], *[[k, v] for k, v in zip(KEC, values, strict=True)]]):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
            old_sheet.write(r, c, v)
    book.close()
    old.save(str(tmp_path / "rasio.xls"))
    new = read(tmp_path / "rasio.xlsx").tables[0].values.column("rasio").to_pylist()
    assert new == ["0.911764705882353", "1.2345678e-05", "1234567.891234", "0.5"]
    assert read(tmp_path / "rasio.xls").tables[0].values.column("rasio").to_pylist() == new


def percent_xlsx(path):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Imunisasi")
    percent = book.add_format({"num_format": "0.0%"})
    sheet.merge_range("A1:D1", "CAKUPAN IMUNISASI DASAR LENGKAP MENURUT PUSKESMAS TAHUN 2024")
    sheet.write_row(2, 0, ["Puskesmas", "Sasaran", "Cakupan (%)", "Target"])
    rows = [("Penajam", 1200, 0.875, "90%"), ("Waru", 340, 0.9117647058823529, "90%"), ("Babulu", 450, 1.0, "90%"),
            ("Sepaku", 500, 0.07, "90%")]
    for r, (name, target, share, goal) in enumerate(rows, start=3):
        sheet.write_row(r, 0, [name, target])
        sheet.write(r, 2, share, percent)
        sheet.write(r, 3, goal)
    book.close()
    return path


def test_percent_formatted_xlsx_cells_read_as_the_officer_sees_them(tmp_path):
    [table] = read(percent_xlsx(tmp_path / "imunisasi.xlsx")).tables
    assert table.values.column("cakupan_persen").to_pylist() == ["87,5%", "91,1764705882353%", "100%", "7%"]
    assert table.column("cakupan_persen").type == "number"


def test_sheet_marks_do_not_depend_on_where_the_xml_is_cut(tmp_path, monkeypatch):
    from pipelines.read import merges

    path = percent_xlsx(tmp_path / "imunisasi.xlsx")
    whole = merges.xlsx_marks(path, "Imunisasi")
    assert whole == ([(0, 0, 0, 3)], [(3, 2), (4, 2), (5, 2), (6, 2)])
    for size in (7, 64, 333):
        monkeypatch.setattr(merges, "CHUNK", size)
        assert merges.xlsx_marks(path, "Imunisasi") == whole


# Shapes below come from real open-data files of West Java regencies (read on 2026-11-27); the
# figures are sample data.


def test_region_names_without_numbers_are_data(tmp_path):
    path = tmp_path / "kode.csv"
    path.write_text("\ufeffnamakab;namakec;idkec\nPaser;Long Ikis;640105\nPenajam Paser Utara;Waru;640904\n"
                    "Kota Balikpapan;Balikpapan Kota;647101\nKota Samarinda;Kota Samarinda Seberang;647203\n"
                    "Kutai Kartanegara;Tenggarong;640204\nBerau;Tanjung Redeb;640307\n")
    [table] = read(path).tables
    assert table.rows == 6 and table.dropped == []
    assert table.values.column("idkec").to_pylist()[0] == "640105"


@pytest.mark.parametrize("first", ["100", "2015"])
def test_a_value_that_looks_like_a_year_does_not_make_a_header(tmp_path, first):
    path = tmp_path / "telur.csv"
    path.write_text(f"kec,jumlah,tahun\nBABULU,{first},2021\nWARU,2015,2021\nPENAJAM,3169,2021\nSEPAKU,1285,2021\n")
    [table] = read(path).tables
    assert table.header_rows == [0] and table.rows == 4


def test_a_total_row_per_year_in_a_long_table(tmp_path):
    path = tmp_path / "proyeksi.csv"
    path.write_text("wilayah,tahun,laki_laki,perempuan,total\nPASER,2020,60,40,100\nPENAJAM PASER UTARA,2020,30,20,50\n"
                    "KALIMANTAN TIMUR,2020,90,60,150\nPASER,2021,61,41,102\nPENAJAM PASER UTARA,2021,31,21,52\n"
                    "KALIMANTAN TIMUR,2021,92,62,154\n")
    [table] = read(path).tables
    assert table.values.column("wilayah").to_pylist() == ["PASER", "PENAJAM PASER UTARA"] * 2
    assert [(d.row, d.reason) for d in table.dropped] == [(3, "subtotal"), (6, "subtotal")]


def test_blank_rows_below_the_table_and_a_stray_cell_far_below(tmp_path):
    book = xlsxwriter.Workbook(str(tmp_path / "agama.xlsx"))
    sheet = book.add_worksheet("Agama")
    sheet.write_row(0, 0, ["Kecamatan", "Masjid", "Gereja"])
    for r, (name, a, b) in enumerate([("Babulu", 40, 6), ("Waru", 22, 2), ("Penajam", 61, 9), ("Sepaku", 35, 7)], 1):
        sheet.write_row(r, 0, [name, a, b])
    sheet.write(50_000, 2, 0)  # a stray 0 typed far below, as in real workbooks
    book.close()
    [table] = read(tmp_path / "agama.xlsx").tables
    assert table.rows == 4 and table.dropped == []
    assert any("diabaikan" in note and "ignored" in note for note in table.notes)


def test_region_ids_written_together_are_codes(tmp_path):
    path = tmp_path / "kecamatan.csv"
    path.write_text("idkab,kodekec,id_desa,nama_desa,luas\n6409,6409020,6409020003,Api-Api,12.5\n"
                    "6409,6409020,6409020004,Sesulu,30.25\n")
    [table] = read(path).tables
    assert [c.type for c in table.columns] == ["string", "string", "string", "string", "number"]


def test_bps_website_export_with_tables_inside_a_layout_table(tmp_path):
    # the shape of a bps.go.id "Excel" export: row names and values in separate tables, headers above
    # bodies, all inside a layout table (figures are sample data)
    left = ('<div><table><tr><th rowspan="2">Nama Wilayah</th></tr></table></div>'
            "<div><table><tr><td>PASER</td></tr><tr><td>PENAJAM PASER UTARA</td></tr></table></div>")
    right = ('<div><table><tr><th colspan="3">Garis Kemiskinan Menurut Kabupaten/Kota (Rupiah/kapita/bulan)</th></tr>'
             "<tr><th>2020</th><th>2019</th><th>2018</th></tr></table></div>"
             '<div><table><tr><td class="datas">610988.00</td><td class="datas">586198.00</td>'
             '<td class="datas">567755.00</td></tr><tr><td class="datas">598101.00</td>'
             '<td class="datas">571003.00</td><td class="datas">549872.00</td></tr></table></div>')
    path = tmp_path / "garis_kemiskinan.xls"
    path.write_text(f"<html><body><table><table class=\"tabel_hasil\"><tbody><tr><td>{left}</td><td>{right}</td>"
                    "</tr></tbody></table></table></body></html>", encoding="utf-8")
    result = read(path)
    assert result.format == "xls-html"
    [table] = result.tables
    assert table.header_rows == [0, 1] and table.wide
    assert [c.name for c in table.columns] == ["nama_wilayah", "kolom_2020", "kolom_2019", "kolom_2018"]
    assert table.values.to_pylist()[1] == {"nama_wilayah": "PENAJAM PASER UTARA", "kolom_2020": "598101.00",
                                           "kolom_2019": "571003.00", "kolom_2018": "549872.00"}


def test_a_table_inside_a_cell_of_a_layout_table(tmp_path):
    path = tmp_path / "sekolah.xls"
    path.write_text("<html><body><table><tr><td><table><tr><th>Kecamatan</th><th>Jumlah</th></tr>"
                    "<tr><td>Penajam</td><td>100</td></tr><tr><td>Waru</td><td>50</td></tr></table>"
                    "</td></tr></table></body></html>", encoding="utf-8")
    [table] = read(path).tables
    assert [c.name for c in table.columns] == ["kecamatan", "jumlah"] and table.rows == 2


def test_signs_in_headers_are_words(tmp_path):
    path = tmp_path / "darah.csv"
    path.write_text("Desa,B-,B+,B,A,75+\nSepaku,1,2,3,4,5\nWaru,5,6,7,8,9\n")
    [table] = read(path).tables
    assert [c.name for c in table.columns] == ["desa", "b_minus", "b_plus", "b", "a", "kolom_75_plus"]


def test_two_age_groupings_side_by_side_are_two_melts(tmp_path):
    # Dukcapil: five-year groups, then school ages over the same people
    path = tmp_path / "umur.csv"
    path.write_text("Desa,00 - 04,05 - 09,10 - 14,15+,03 - 04,06 - 11,12 - 14\n"
                    "Sepaku,10,11,12,13,5,9,7\nWaru,20,21,22,23,8,12,9\n")
    [table] = read(path).tables
    assert [c.headers for c in table.melt_candidates] == [["00 - 04", "05 - 09", "10 - 14", "15+"],
                                                          ["03 - 04", "06 - 11", "12 - 14"]]


@pytest.mark.parametrize("small", ["686", "0"])
def test_thousands_typed_into_number_cells_with_some_zeros_lost(tmp_path, small):
    # Satu Data "Series Row": 1.474 is 1474, 686 is 686, and 1.49 was typed 1.490 (a count may be 0)
    path = tmp_path / "rutilahu.csv"
    path.write_text("No;Kode Wilayah;Wilayah;Tahun;Jumlah RTLH\n1;64.09.01;Babulu;2021;1.474\n"
                    f"2;64.09.02;Waru;2021;{small}\n3;64.09.03;Penajam;2021;1.244\n4;64.09.04;Sepaku;2021;503\n"
                    "5;64.09.05;Long Ikis;2021;1.49\n")
    [table] = read(path).tables
    assert table.column("jumlah_rtlh").type == "integer"
    assert table.values.column("jumlah_rtlh").to_pylist() == ["1474", small, "1244", "503", "1490"]
    assert table.notes


def test_bps_table_with_one_value_column_named_by_a_sentence_and_a_year(tmp_path):
    path = tmp_path / "pidana.csv"
    path.write_text("\ufeffKepolisian Daerah,\n,Jumlah Tindak Pidana Menurut Kepolisian Daerah\n,2024\n"
                    "KALIMANTAN TIMUR,11934\nKALIMANTAN SELATAN,10724\nKALIMANTAN TENGAH,3099\nINDONESIA,25757\n",
                    encoding="utf-8")
    [table] = read(path).tables
    assert table.header_rows == [0, 1, 2]
    assert [c.name for c in table.columns] == ["kepolisian_daerah", "jumlah_tindak_pidana_menurut_kepolisian_daerah",
                                               "tahun"]
    assert table.rows == 3 and [(d.row, d.reason) for d in table.dropped] == [(6, "total")]


def test_bps_export_with_its_header_only_has_no_rows(tmp_path):
    path = tmp_path / "pidana_2014.csv"
    path.write_text("\ufeffKepolisian Daerah,\n,Jumlah Tindak Pidana Menurut Kepolisian Daerah\n,2014\n,\n",
                    encoding="utf-8")
    [table] = read(path).tables
    assert table.header_rows == [0, 1, 2] and table.rows == 0


def test_web_page_row_numbers_are_index_columns_also_split_in_two(tmp_path):
    path = tmp_path / "dikdas.csv"
    path.write_text("dtr-control,link1,text-right,text-right 2,text-right 3,sorting_1\n1,Babulu,45,14,59,\n"
                    "2,Waru,62,24,86,\n3,Penajam,53,20,73,\n,Sepaku,50,20,70,4\n,Long Ikis,40,20,60,5\n")
    [table] = read(path).tables
    assert [c.name for c in table.columns] == ["link1", "text_right", "text_right_2", "text_right_3"]


def test_month_of_year_column_is_a_date_and_an_empty_month_melts_with_the_others(tmp_path):
    path = tmp_path / "ihk.csv"
    path.write_text("Bulan,IHK\nMaret 2026,111.52\nFebruari 2026,110.94\nJanuari 2026,110.05\n")
    assert read(path).tables[0].column("bulan").type == "date"
    path = tmp_path / "penumpang.csv"
    path.write_text("Bandara,Januari,Februari,Maret\nSepinggan,225772,178374,-\nAPT Pranoto,40765,35740,-\n")
    [table] = read(path).tables
    assert table.column("maret").type == "integer"
    assert table.melt_candidates[0].columns == ["januari", "februari", "maret"]


# Which rows are totals, from the numbers as well as the labels: (file text, data rows, dropped rows).
TOTALS = {
    "kecamatan headings above their desa, then the regency": (
        "Kecamatan / Desa,Balita Diukur,Balita Stunting\nWARU,60,9\nWaru,10,2\nApi-Api,20,3\nSesulu,30,4\n"
        "BABULU,150,21\nBabulu Darat,40,5\nLabangka,50,7\nRintik,60,9\nKAB. PENAJAM PASER UTARA,210,30\n",
        6, [(1, "subtotal"), (5, "subtotal"), (9, "total")]),
    "Jumlah Kec. rows that sum their desa": (
        "Kecamatan,Desa,Penduduk\nWaru,Waru,4200\nWaru,Api-Api,3100\nWaru,Sesulu,2900\nJumlah Kec. Waru,,10200\n"
        "Babulu,Babulu Darat,5100\nBabulu,Labangka,4400\nJumlah Kec. Babulu,,9500\nJUMLAH,,19700\n",
        5, [(4, "subtotal"), (7, "subtotal"), (8, "total")]),
    # 5 = 2 + 3 by chance in one column: groups must tile the table in every column that adds up
    "rows that only look like sums": (
        "Desa,Posyandu,Kader\nSotek,5,20\nSepan,2,8\nLabangka,3,11\nBabulu Laut,4,16\nRintik,1,5\nGunung Makmur,3,13\n",
        6, []),
    "JUMLAH BALITA on every row of a long table": (
        "kecamatan,kelurahan,keterangan,jumlah\nPENAJAM,NIPAH-NIPAH,JUMLAH BALITA,544\n"
        "PENAJAM,NIPAH-NIPAH,JUMLAH BALITA DIUKUR,525\nPENAJAM,SARIDADI,JUMLAH BALITA,582\n"
        "PENAJAM,SARIDADI,JUMLAH BALITA DIUKUR,580\n",
        4, []),
    "a catalogue without numbers": (
        "penghasil_data,nama_data,satuan\nBKPSDM,Jumlah pejabat struktural,orang\n"
        "BKPSDM,Indeks kepuasan pegawai,indeks\nDinkes,Jumlah puskesmas,unit\nDinkes,Total fasilitas,unit\n",
        4, []),
    # columns of zeros are no evidence that CIMENYAN (a desa of kecamatan CIMENYAN) sums the others
    "a desa named like its kecamatan, beside columns of zeros": (
        "kecamatan,desa,luas,sekolah,masjid" + "".join(f",fasilitas_{k}" for k in range(12)) + "\n"
        + "".join(f"{kec},{desa},{luas},{sekolah},{masjid}" + ",0" * 12 + "\n" for kec, desa, luas, sekolah, masjid in [
            ("SEPAKU", "SUKARAJA", 300, 1, 2), ("SEPAKU", "BUMI HARAPAN", 400, 1, 2), ("SEPAKU", "SEPAKU", 1500, 4, 6),
            ("SEPAKU", "TENGIN BARU", 295, 1, 1), ("WARU", "API-API", 310, 2, 3), ("WARU", "SESULU", 280, 1, 2)]),
        6, []),
    "a desa named like its kecamatan": (
        "kecamatan,desa,jumlah\nWARU,API-API,6071\nWARU,SESULU,6776\nPENAJAM,NIPAH-NIPAH,15472\nPENAJAM,PENAJAM,13093\n"
        "PENAJAM,SARIDADI,5325\nPENAJAM,GIRI MUKTI,8344\n",
        6, []),
}


@pytest.mark.parametrize("case", TOTALS.values(), ids=TOTALS.keys())
def test_totals_from_numbers_and_labels(tmp_path, case):
    text, rows, dropped = case
    path = tmp_path / "data.csv"
    path.write_text(text)
    [table] = read(path).tables
    assert table.rows == rows
    assert [(d.row, d.reason) for d in table.dropped] == dropped
