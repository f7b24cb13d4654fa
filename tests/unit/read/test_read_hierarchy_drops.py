"""Issue 14 items 1, 8, 9: totals named by the region hierarchy, sparse label columns, and no
reading that silently drops most of a table."""

from __future__ import annotations

import csv
import random
from collections import Counter
from pathlib import Path

import pytest

from pipelines.read import ReadError, ReadOptions, read

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


def only_table(path: Path, options: ReadOptions | None = None):
    [table] = read(path, options).tables
    return table


def reasons(table) -> Counter:
    return Counter(d.reason for d in table.dropped)


# --- item 8: a label written once per group does not move the header -------------------------


def test_label_written_once_per_group_keeps_the_header_on_top(tmp_path):
    rng = random.Random(7)
    rows: list[list[object]] = [["Kecamatan", "Laki-laki", "Perempuan", "Jumlah"]]
    for i in range(1000):
        a, b = rng.randint(100, 5000), rng.randint(100, 5000)
        rows.append([f"Kecamatan {i // 2}" if i % 2 == 0 else "", a, b, a + b])
    table = only_table(write_csv(tmp_path / "sparse.csv", rows))
    assert table.header_rows == [0]
    assert table.rows == 1000
    assert table.dropped == []
    assert [c.name for c in table.columns] == ["kecamatan", "laki_laki", "perempuan", "jumlah"]
    assert table.values.column("kecamatan").null_count == 500  # kept empty, not moved nor invented


def test_a_label_column_blank_from_the_first_row_on_is_still_a_header_below_a_title(tmp_path):
    rows: list[list[object]] = [["Jumlah Penduduk Menurut Kecamatan Tahun 2024"], ["Kecamatan", "L", "P"]]
    for i in range(300):
        rows.append([f"Kec {i // 3}" if i % 3 == 0 else "", 10 + i, 20 + i])
    table = only_table(write_csv(tmp_path / "titled.csv", rows))
    assert table.header_rows == [1]
    assert table.rows == 300
    assert reasons(table) == Counter({"title": 1})


# --- item 1: totals named by the hierarchy, not labelled Jumlah ------------------------------


def test_region_codes_make_parent_rows_subtotals_at_every_level(tmp_path):
    rows = [
        ["Kode", "Wilayah", "Penduduk"],
        ["6400", "KALIMANTAN TIMUR", 60],
        ["6409", "PENAJAM PASER UTARA", 30],
        ["6409010", "BABULU", 10],
        ["6409020", "WARU", 8],
        ["6409030", "PENAJAM", 12],
        ["6472", "SAMARINDA", 30],
        ["6472010", "PALARAN", 14],
        ["6472020", "SAMARINDA ILIR", 16],
    ]
    table = only_table(write_csv(tmp_path / "kode.csv", rows))
    assert table.values.column("wilayah").to_pylist() == ["BABULU", "WARU", "PENAJAM", "PALARAN", "SAMARINDA ILIR"]
    assert [(d.row, d.reason) for d in table.dropped] == [(1, "subtotal"), (2, "subtotal"), (6, "subtotal")]


def test_region_codes_whose_numbers_do_not_add_up_stay_data(tmp_path):
    rows = [
        ["Kode", "Unit", "Puskesmas"],  # labels no shipped region is named: only the codes speak
        ["6409", "Unit kabupaten", 3],
        ["6409010", "Unit pertama", 2],
        ["6409020", "Unit kedua", 1],
        ["6409030", "Unit ketiga", 4],
    ]
    table = only_table(write_csv(tmp_path / "kode.csv", rows))
    assert table.rows == 4 and table.dropped == []


def test_country_row_closing_a_table_of_provinces_is_the_total(tmp_path):
    rows = [["Provinsi", "Penduduk", "Luas"], ["ACEH", 5000, 57], ["BALI", 4300, 5.7],
            ["KALIMANTAN TIMUR", 3800, 127], ["PAPUA", 4300, 319], ["INDONESIA", 17400, 508.7]]
    table = only_table(write_csv(tmp_path / "prov.csv", rows))
    assert table.rows == 4
    assert [(d.row, d.reason, d.values[0]) for d in table.dropped] == [(5, "total", "INDONESIA")]


def test_bare_level_name_closing_a_table_of_puskesmas_is_the_total(tmp_path):
    rows = [["Puskesmas", "Balita", "Gizi Buruk (%)"], ["Babulu", 3210, 1.2], ["Waru", 1900, 0.8],
            ["Penajam", 4100, 1.5], ["Sepaku", 2800, 2.1], ["Kabupaten", 12010, 1.4]]
    table = only_table(write_csv(tmp_path / "pkm.csv", rows))
    assert table.rows == 4
    assert [(d.row, d.reason) for d in table.dropped] == [(5, "total")]


def test_indonesia_as_one_country_among_bigger_ones_stays_data(tmp_path):
    rows = [["Negara", "Wisatawan"], ["Malaysia", 2500], ["Singapura", 1800], ["China", 900],
            ["Indonesia", 1200]]
    table = only_table(write_csv(tmp_path / "negara.csv", rows))
    assert table.rows == 4 and table.dropped == []


def test_bps_census_book_drops_its_33_provinces_and_497_regencies():
    """Counted before reading: 7,184 rows under a one-row header; 33 province rows (``1100``),
    497 regency rows (``1101``) each opening its districts, 6,651 district rows (``1101010``)
    and 3 ``99 LAINNYA`` rows. Data: the districts and the three LAINNYA rows."""
    table = only_table(REAL / "bps_sp2010_penduduk_kec_nasional_by_book.csv")
    assert table.header_rows == [0]
    assert table.rows == 6654
    assert reasons(table) == Counter({"subtotal": 530})
    codes = table.values.column("code").to_pylist()
    assert Counter(len(c) for c in codes) == Counter({7: 6651, 2: 3})
    provinces = [d for d in table.dropped if d.values[0].endswith("00")]
    assert len(provinces) == 33
    total = sum(int(v) for v in table.values.column("total_population").to_pylist())
    assert abs(total - sum(int(d.values[4]) for d in provinces)) < 0.001 * total


# --- item 9: never drop most of a table silently -----------------------------------------------


def test_a_header_pinned_deep_in_the_data_is_refused_naming_the_rows(tmp_path):
    rows: list[list[object]] = [["Desa", "L", "P"]] + [[f"Desa {i}", i, i + 1] for i in range(300)]
    path = write_csv(tmp_path / "deep.csv", rows)
    with pytest.raises(ReadError) as err:
        read(path, ReadOptions(header_rows=[150]))
    assert err.value.code == "implausible-drop"
    assert "rows 1-150" in err.value.message_en and "baris 1-150" in err.value.message_id
    assert "150 rows" in err.value.message_en and err.value.row == 0


def test_rows_below_the_header_dropped_as_notes_in_bulk_are_refused(tmp_path):
    """A table whose numbers stop after five rows: the other 60 rows hold only their label and
    would all go as ``footnote``."""
    rows: list[list[object]] = [["Desa", "Jumlah KK", "Jumlah Jiwa"]]
    rows += [[f"Desa {i}", 10 + i, 40 + i] for i in range(5)] + [[f"Desa {i}", "", ""] for i in range(5, 65)]
    with pytest.raises(ReadError) as err:
        read(write_csv(tmp_path / "notes.csv", rows))
    assert err.value.code == "implausible-drop"
    assert "60 rows" in err.value.message_en and "rows 7-66" in err.value.message_en


def test_a_few_notes_and_a_title_block_are_plausible(tmp_path):
    rows: list[list[object]] = [["Tabel 1. Jumlah KK per Desa"], ["Desa", "Jumlah KK", "Jumlah Jiwa"]]
    rows += [[f"Desa {i}", 10 + i, 40 + i] for i in range(30)]
    rows += [["Sumber: Dukcapil"], ["Catatan: angka sementara"]]
    table = only_table(write_csv(tmp_path / "ok.csv", rows))
    assert table.rows == 30
    assert reasons(table) == Counter({"title": 1, "footnote": 2})


def test_bps_census_tidy_keeps_every_district():
    """Counted before reading: one header row, 6,651 district rows, nothing to drop."""
    table = only_table(REAL / "bps_sp2010_penduduk_kec_nasional_tidy.csv")
    assert table.header_rows == [0]
    assert table.rows == 6651
    assert table.dropped == []


def test_a_district_named_like_its_regency_in_the_middle_of_its_group_stays_data(tmp_path):
    """``FAKFAK`` the district among the districts of ``FAKFAK`` the regency: even when its
    numbers happen to be near the sum of the others, it opens and closes nothing."""
    rows = [["Kabupaten", "Kecamatan", "Penduduk"], ["FAKFAK", "KARAS", 2599], ["FAKFAK", "KOKAS", 4588],
            ["FAKFAK", "FAKFAK", 10000], ["FAKFAK", "TELUK PATIPI", 3800], ["KAIMANA", "KAIMANA", 9000],
            ["KAIMANA", "BURUWAY", 2000], ["KAIMANA", "TELUK ARGUNI", 2500]]
    table = only_table(write_csv(tmp_path / "kab.csv", rows))
    assert table.rows == 7 and table.dropped == []


def test_a_regency_row_closing_its_districts_is_a_subtotal(tmp_path):
    rows = [["Kabupaten", "Kecamatan", "Penduduk"], ["FAKFAK", "KARAS", 2599], ["FAKFAK", "KOKAS", 4588],
            ["FAKFAK", "TELUK PATIPI", 3800], ["FAKFAK", "FAKFAK", 10987], ["KAIMANA", "BURUWAY", 2000],
            ["KAIMANA", "TELUK ARGUNI", 2500], ["KAIMANA", "TELUK ETNA", 1500]]
    table = only_table(write_csv(tmp_path / "kab.csv", rows))
    assert table.rows == 6
    assert [(d.row, d.values[1]) for d in table.dropped] == [(4, "FAKFAK")]
    assert table.dropped[0].reason in ("total", "subtotal")


NATIONAL_BY_PROVINCE = [
    "bps_ipm_prov_2010_2021.xlsx",
    "bps_inflasi_prov_2010_2021.xlsx",
    "kemenkeu_kfd_prov_2010_2021.xlsx",
    "bps_laju_pdrb_prov_2010_2021.xlsx",
    "bps_gini_prov_2010_2021.xlsx",
    "bps_tpt_prov_2010_2021.xlsx",
    "bps_persen_miskin_prov_2010_2021.xlsx",
]


@pytest.mark.parametrize("name", NATIONAL_BY_PROVINCE)
def test_indonesia_closing_a_table_of_provinces_is_dropped_even_as_a_rate(name):
    """Counted before reading: header row 0, the 34 provinces ACEH..PAPUA, then INDONESIA (a rate
    or index, not a sum): 34 data rows, the national row dropped."""
    table = only_table(REAL / name)
    assert table.header_rows == [0]
    assert table.rows == 34
    labels = table.values.column(0).to_pylist()
    assert labels[0] == "ACEH" and labels[-1] == "PAPUA" and "INDONESIA" not in labels
    assert [(d.row, d.values[0]) for d in table.dropped] == [(35, "INDONESIA")]


def test_a_province_closing_its_regencies_is_their_total_by_the_shipped_names(tmp_path):
    rows = [["Kabupaten/Kota", "IPM"], ["Paser", 72.1], ["Kutai Kartanegara", 73.5], ["Berau", 74.2],
            ["Penajam Paser Utara", 71.8], ["Kota Balikpapan", 80.1], ["Kota Samarinda", 80.2],
            ["Kalimantan Timur", 76.9]]
    table = only_table(write_csv(tmp_path / "ipm.csv", rows))
    assert table.rows == 6
    assert [(d.row, d.reason, d.values[0]) for d in table.dropped] == [(7, "total", "Kalimantan Timur")]


def test_a_province_among_other_provinces_stays_data(tmp_path):
    rows = [["Provinsi", "IPM"], ["Kalimantan Barat", 68.6], ["Kalimantan Tengah", 71.6],
            ["Kalimantan Selatan", 71.3], ["Kalimantan Timur", 76.9]]
    table = only_table(write_csv(tmp_path / "ipm.csv", rows))
    assert table.rows == 4 and table.dropped == []


def test_dki_kelurahan_table_has_nothing_to_drop():
    """Counted before reading: one header row, 267 kelurahan rows, nothing else."""
    table = only_table(REAL / "bps_dki_kepadatan_kelurahan_2024.csv")
    assert table.header_rows == [0] and table.rows == 267 and table.dropped == []


def test_capitalised_province_rows_above_their_regencies_are_subtotals(tmp_path):
    rows = [["Wilayah", "Penduduk", "IPM"], ["KALIMANTAN TIMUR", 600, 76.9], ["Paser", 100, 72.1],
            ["Kutai Kartanegara", 300, 73.5], ["Penajam Paser Utara", 200, 71.8], ["KALIMANTAN UTARA", 150, 71.2],
            ["Bulungan", 50, 70.1], ["Kota Tarakan", 100, 75.0]]
    table = only_table(write_csv(tmp_path / "prov.csv", rows))
    assert table.values.column("wilayah").to_pylist() == [
        "Paser", "Kutai Kartanegara", "Penajam Paser Utara", "Bulungan", "Kota Tarakan"]
    assert [(d.row, d.reason) for d in table.dropped] == [(1, "subtotal"), (5, "subtotal")]


def test_a_province_row_whose_numbers_are_not_its_regencies_sum_stays_data(tmp_path):
    rows = [["Wilayah", "Penduduk"], ["Bulungan", 50], ["KALIMANTAN TIMUR", 50], ["Paser", 100],
            ["Kutai Kartanegara", 300], ["Penajam Paser Utara", 200], ["Kota Tarakan", 100]]
    table = only_table(write_csv(tmp_path / "prov.csv", rows))
    assert table.rows == 6 and table.dropped == []
