"""A wide file handed in with one year column (or a few), and where a melted value came from."""

from __future__ import annotations

import pytest

from pipelines.read import ReadOptions, read
from pipelines.read.headers import detect_header
from pipelines.spec import Melt

KK = {  # kode kecamatan, kecamatan, kepala keluarga 2024, 2025
    "64.09.01": ("Penajam", "24.615", "25.140"),
    "64.09.02": ("Waru", "8.219", "8.352"),
    "64.09.03": ("Babulu", "10.933", "11.132"),
    "64.09.04": ("Sepaku", "12.717", "13.209"),
}
YEARS = Melt(columns=r"^(19|20)\d{2}$", into="tahun", value="jumlah_kk")


def kk_csv(path, years: list[str]):
    """Like samples/disdukcapil/kepala_keluarga_kecamatan_2021-2024.csv: title, note, header, data,
    kabupaten total, source footnote; only the last ``len(years)`` year columns."""
    pad = ";" * (1 + len(years))
    lines = [
        f"\ufeffJumlah Kepala Keluarga menurut Kecamatan di Kabupaten Penajam Paser Utara{pad}",
        f"DATA CONTOH / SAMPLE DATA \u2014 bukan data resmi (not official data){pad}",
        ";".join(["Kode Kecamatan", "Kecamatan", *years]),
    ]
    for code, (name, *counts) in KK.items():
        lines.append(";".join([code, name, *counts[len(counts) - len(years):]]))
    totals = [f"{sum(int(v[i].replace('.', '')) for v in KK.values()):,}".replace(",", ".") for i in (1, 2)]
    lines.append(";".join(["64.09", "Kabupaten Penajam Paser Utara", *totals[len(totals) - len(years):]]))
    lines.append(f"Sumber: Disdukcapil Kabupaten Penajam Paser Utara{pad}")
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("years", [["2025"], ["2024", "2025"]])
def test_year_columns_are_the_header_however_many(tmp_path, years):
    path = kk_csv(tmp_path / "kk.csv", years)
    [table] = read(path).tables
    assert table.header_rows == [2]
    assert [c.header for c in table.columns] == ["Kode Kecamatan", "Kecamatan", *years]
    assert table.row_numbers.tolist() == [3, 4, 5, 6]
    assert table.value_headers is None and not table.melted

    [long] = read(path, ReadOptions(melt=YEARS)).tables
    assert [c.name for c in long.columns] == ["kode_kecamatan", "kecamatan", "tahun", "jumlah_kk"]
    assert long.values.column("tahun").to_pylist() == years * 4
    assert long.values.column("jumlah_kk").to_pylist()[-1] == "13.209"
    assert long.value_headers == years * 4
    assert len(long.value_headers) == long.rows == len(long.row_numbers)


def test_value_headers_are_the_full_headers_as_written(tmp_path):
    path = tmp_path / "penduduk.csv"
    path.write_text("Kecamatan;Jumlah 2023;Jumlah 2024\nPenajam;100;110\nWaru;50;55\n")
    melt = Melt(columns=r"Jumlah (19|20)\d\d", into="tahun", value="jumlah")
    [long] = read(path, ReadOptions(melt=melt)).tables
    assert long.values.column("tahun").to_pylist() == ["2023", "2024", "2023", "2024"]
    assert long.value_headers == ["Jumlah 2023", "Jumlah 2024", "Jumlah 2023", "Jumlah 2024"]
    assert long.row_numbers.tolist() == [1, 1, 2, 2]


def test_a_year_in_the_first_data_row_under_a_header_stays_data(tmp_path):
    path = tmp_path / "sekolah.csv"
    path.write_text("Kecamatan;Jumlah Siswa\nPenajam;2015\nWaru;1.480\nBabulu;1.733\n")
    [table] = read(path).tables
    assert table.header_rows == [0]
    assert table.values.column("kecamatan").to_pylist() == ["Penajam", "Waru", "Babulu"]


def test_a_long_table_with_a_year_column_is_not_a_header(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("Tahun;Kecamatan;Jumlah\n2023;Penajam;1.200\n2024;Penajam;1.350\n2024;Waru;800\n")
    [table] = read(path).tables
    assert table.header_rows == [0] and table.row_numbers.tolist() == [1, 2, 3]


def test_a_pinned_melt_pattern_marks_a_numeric_header_cell():
    head = [["Kegiatan", "12"], ["Gaji", "1.500"], ["Belanja", "2.750"], ["Perjalanan", "640"]]
    assert detect_header(head).header_rows == []
    guess = detect_header(head, melt_pattern=r"1[0-2]|[1-9]")
    assert guess.header_rows == [0] and guess.data_start == 1
