"""The layout of each sample file: titles, headers, rows, totals and footnotes, per dataset.

Each builder returns the table plus ``marks``: named row positions (the rows a deliberate error was
put in), which the writers turn into 1-based spreadsheet row numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ppu_regions import Regions
from sample_values import (
    BULAN,
    FASKES,
    YEARS,
    bencana,
    fasilitas_kesehatan,
    kartu_keluarga,
    penduduk,
    realisasi,
    sekolah,
)
from sample_writers import (
    SAMPLE_MARK,
    Sheet,
    csv_text,
    new_workbook,
    ribuan,
    rupiah,
    write_key_values,
    write_xlsx_table,
)

Marks = dict[str, int]
KAB = "KABUPATEN PENAJAM PASER UTARA"

PENDUDUK_KETERANGAN = (
    ("Judul", "Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin"),
    ("Produsen Data", "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Penajam Paser Utara"),
    ("Frekuensi Data", "Tahunan (posisi 31 Desember)"),
    ("Satuan", "Jiwa"),
    ("Tingkat Penyajian", "Kecamatan"),
    ("Tanggal Pembaruan", "15 Januari 2025"),
    ("Catatan", SAMPLE_MARK),
)


def penduduk_sheet(regions: Regions, years: Sequence[int] = YEARS, wrong_sum: tuple[str, int] | None = None
                   ) -> tuple[Sheet, Marks]:
    """Long by year, a JUMLAH row closing each year, every count typed as text like 81.200."""
    rows: list[list[Any]] = []
    marks: Marks = {}
    for year in years:
        block = [p for p in penduduk(regions) if p.tahun == year]
        sums = [0, 0, 0]
        for no, p in enumerate(block, start=1):
            wrong = (p.kec.nama, p.tahun) == wrong_sum
            jumlah = p.jumlah + (100 if wrong else 0)
            if wrong:
                marks["wrong_sum"] = len(rows)
            rows.append([no, p.kec.kode, p.kec.nama.upper(), year,
                         ribuan(p.laki_laki), ribuan(p.perempuan), ribuan(jumlah)])
            sums = [sums[0] + p.laki_laki, sums[1] + p.perempuan, sums[2] + jumlah]
        rows.append([None, None, "JUMLAH", year, *(ribuan(s) for s in sums)])
    period = f"TAHUN {years[0]}" if len(years) == 1 else f"TAHUN {years[0]} - {years[-1]}"
    return Sheet(
        name="Rekap",
        titles=["DATA JUMLAH PENDUDUK MENURUT KECAMATAN DAN JENIS KELAMIN", KAB, period, SAMPLE_MARK],
        header=["No", "Kode Wilayah", "Kecamatan", "Tahun", ("Jenis Kelamin", "Laki-laki"),
                ("Jenis Kelamin", "Perempuan"), "Jumlah"],
        rows=rows,
        footnotes=["Sumber: Dinas Kependudukan dan Pencatatan Sipil Kabupaten Penajam Paser Utara",
                   f"Keterangan: {SAMPLE_MARK}"],
        widths=[5, 14, 18, 8, 14, 14, 14],
    ), marks


def kartu_keluarga_lines(regions: Regions) -> tuple[list[list[Any]], Marks]:
    """Wide by year, the kabupaten itself as the closing total row."""
    kk = kartu_keluarga(regions)
    lines: list[list[Any]] = [
        [f"Jumlah Kepala Keluarga menurut Kecamatan di Kabupaten Penajam Paser Utara, {YEARS[0]}-{YEARS[-1]}"],
        [SAMPLE_MARK],
        ["Kode Kecamatan", "Kecamatan", *YEARS],
    ]
    for kec in regions.kecamatan:
        lines.append([kec.kode, kec.nama, *(ribuan(kk[kec.kode][y]) for y in YEARS)])
    lines.append(["64.09", "Kabupaten Penajam Paser Utara",
                  *(ribuan(sum(kk[k][y] for k in kk)) for y in YEARS)])
    lines.append(["Sumber: Disdukcapil Kabupaten Penajam Paser Utara, data konsolidasi bersih (DATA CONTOH)"])
    return lines, {}


def fasilitas_lines(regions: Regions, negative: tuple[str, str, int] | None = None
                    ) -> tuple[list[list[Any]], Marks]:
    """One row per desa/kelurahan with its Kemendagri code, a JUMLAH row, names in capitals."""
    header = ["Tahun", "Kode Wilayah", "Desa/Kelurahan", "Kecamatan", "Rumah Sakit", "Puskesmas",
              "Puskesmas Pembantu", "Klinik Pratama", "Posyandu", "Apotek"]
    lines: list[list[Any]] = [
        ["JUMLAH FASILITAS KESEHATAN MENURUT DESA/KELURAHAN DI KABUPATEN PENAJAM PASER UTARA TAHUN 2024"],
        [SAMPLE_MARK],
        [],
        header,
    ]
    marks: Marks = {}
    sums = dict.fromkeys(FASKES, 0)
    for desa, counts in fasilitas_kesehatan(regions):
        counts = dict(counts)
        if negative and desa.nama == negative[0]:
            counts[negative[1]] = negative[2]
            marks["negative"] = len(lines)
        lines.append([2024, desa.kode, desa.nama.upper(), desa.kecamatan.nama.upper(),
                      *(counts[f] for f in FASKES)])
        sums = {f: sums[f] + counts[f] for f in FASKES}
    lines.append([None, None, "JUMLAH", None, *(sums[f] for f in FASKES)])
    lines.append([])
    lines.append(["Sumber: Dinas Kesehatan Kabupaten Penajam Paser Utara, Profil Kesehatan 2024"])
    lines.append([f"Catatan: {SAMPLE_MARK}"])
    return lines, marks


def sekolah_sheet(regions: Regions, unknown_code: tuple[str, str, str] | None = None
                  ) -> tuple[Sheet, Marks]:
    """Two-row merged headers (two sub-columns both called "Jumlah"), a JUMLAH row, a decimal ratio."""
    rows: list[list[Any]] = []
    marks: Marks = {}
    data = sekolah(regions)
    for no, s in enumerate(data, start=1):
        kode = s.kec.kode
        if unknown_code and (s.kec.nama, s.jenjang) == unknown_code[:2]:
            kode = unknown_code[2]
            marks["unknown_code"] = len(rows)
        rows.append([no, 2024, kode, s.kec.nama, s.jenjang, s.negeri, s.swasta, s.jumlah_sekolah,
                     s.murid_laki_laki, s.murid_perempuan, s.jumlah_murid, s.guru, s.rasio])
    murid = sum(s.jumlah_murid for s in data)
    guru = sum(s.guru for s in data)
    total = ["JUMLAH", None, None, None, None, *(sum(r[c] for r in rows) for c in range(5, 12)),
             round(murid / guru, 2)]
    return Sheet(
        name="Data",
        titles=["JUMLAH SEKOLAH, MURID DAN GURU MENURUT KECAMATAN DAN JENJANG PENDIDIKAN", KAB,
                "TAHUN AJARAN 2024/2025", SAMPLE_MARK],
        header=["No", "Tahun", "Kode Kecamatan", "Kecamatan", "Jenjang", ("Jumlah Sekolah", "Negeri"),
                ("Jumlah Sekolah", "Swasta"), ("Jumlah Sekolah", "Jumlah"), ("Jumlah Murid", "Laki-laki"),
                ("Jumlah Murid", "Perempuan"), ("Jumlah Murid", "Jumlah"), "Jumlah Guru", "Rasio Murid/Guru"],
        rows=rows,
        total=total,
        total_span=5,
        footnotes=["Sumber: Dapodik, diolah Dinas Pendidikan, Pemuda dan Olahraga Kabupaten Penajam Paser Utara",
                   "Catatan: SMA/SMK tidak termasuk (kewenangan provinsi)",
                   f"Keterangan: {SAMPLE_MARK}"],
        widths=[5, 7, 14, 14, 9, 9, 9, 9, 11, 11, 11, 10, 10],
    ), marks


def realisasi_lines() -> tuple[list[list[Any]], Marks]:
    """Long by month (Bulan 1-12), Rupiah in Indonesian notation (1.234.567,89)."""
    lines: list[list[Any]] = [
        ["LAPORAN REALISASI ANGGARAN PENDAPATAN DAN BELANJA DAERAH PER BULAN"],
        [f"PEMERINTAH {KAB} TAHUN ANGGARAN 2024"],
        [SAMPLE_MARK],
        ["Tahun", "Bulan", "Kode Rekening", "Uraian", "Anggaran (Rp)", "Realisasi Bulan Ini (Rp)",
         "Realisasi s.d. Bulan Ini (Rp)", "Persentase (%)"],
    ]
    for r in realisasi(2024):
        lines.append([2024, BULAN.index(r.bulan) + 1, r.kode, r.uraian, rupiah(r.anggaran), rupiah(r.bulan_ini),
                      rupiah(r.kumulatif), f"{r.persentase:.2f}".replace(".", ",")])
    lines.append(["Sumber: Badan Keuangan dan Aset Daerah Kabupaten Penajam Paser Utara, SIPD (DATA CONTOH)"])
    return lines, {}


def bencana_sheet(regions: Regions, blank_date: int | None = None) -> tuple[Sheet, Marks]:
    """Dates typed as text in Indonesian ("12 Maret 2024"), a few entered as real Excel dates."""
    rows: list[list[Any]] = []
    marks: Marks = {}
    events = bencana(regions)
    for no, e in enumerate(events, start=1):
        tanggal: str | dt.date | None = f"{e.tanggal.day} {BULAN[e.tanggal.month - 1]} {e.tanggal.year}"
        if no % 6 == 0:
            tanggal = e.tanggal
        if no == blank_date:
            tanggal = None
            marks["blank_date"] = len(rows)
        rows.append([no, tanggal, e.jenis, e.desa.kecamatan.nama, e.desa.nama, e.meninggal, e.luka,
                     e.mengungsi, e.rumah_rusak, e.keterangan])
    total = ["JUMLAH", None, None, None, None, *(sum(r[c] for r in rows) for c in range(5, 9)), None]
    return Sheet(
        name="Kejadian 2024",
        titles=["DATA KEJADIAN BENCANA DI KABUPATEN PENAJAM PASER UTARA", "TAHUN 2024", SAMPLE_MARK],
        header=["No", "Tanggal Kejadian", "Jenis Bencana", ("Lokasi", "Kecamatan"), ("Lokasi", "Desa/Kelurahan"),
                ("Korban (jiwa)", "Meninggal"), ("Korban (jiwa)", "Luka-luka"), ("Korban (jiwa)", "Mengungsi"),
                "Rumah Rusak (unit)", "Keterangan"],
        rows=rows,
        total=total,
        total_span=5,
        footnotes=["Sumber: Pusdalops BPBD Kabupaten Penajam Paser Utara", f"Keterangan: {SAMPLE_MARK}"],
        widths=[5, 18, 24, 12, 18, 10, 10, 10, 11, 36],
    ), marks


def write_xlsx(path: Path, built: tuple[Sheet, Marks], keterangan: Sequence[tuple[str, str]] | None = None
               ) -> tuple[Path, dict[str, int]]:
    sheet, marks = built
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = new_workbook(str(path))
    if keterangan:
        write_key_values(wb, "Keterangan", "METADATA", keterangan)
    rows = write_xlsx_table(wb, sheet)
    wb.close()
    return path, {name: rows[i] for name, i in marks.items()}


def write_csv(path: Path, built: tuple[list[list[Any]], Marks], *, bom: bool = False
              ) -> tuple[Path, dict[str, int]]:
    lines, marks = built
    path.parent.mkdir(parents=True, exist_ok=True)
    width = max(len(line) for line in lines)
    text = csv_text(lines, width=width)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path, {name: i + 1 for name, i in marks.items()}
