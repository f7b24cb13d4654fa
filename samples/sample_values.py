"""Plausible, internally consistent figures for the sample files (DATA CONTOH, not official data).

Every function is deterministic: randomness comes from ``random.Random`` seeded with a fixed
number, so ``samples/generate.py`` writes the same bytes on every run.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from ppu_regions import Desa, Kecamatan, Regions

YEARS = (2021, 2022, 2023, 2024)
BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
         "Oktober", "November", "Desember")

# Population 2024 (about 185,000 in all: Penajam largest, then Sepaku, Babulu, Waru), yearly
# growth (Sepaku fastest, beside the new capital IKN) and sex ratio (men per woman).
POP_2024 = {"64.09.01": 80_950, "64.09.02": 27_560, "64.09.03": 36_180, "64.09.04": 40_420}
GROWTH = {"64.09.01": 0.015, "64.09.02": 0.010, "64.09.03": 0.012, "64.09.04": 0.032}
SEX_RATIO = {"64.09.01": 1.05, "64.09.02": 1.03, "64.09.03": 1.04, "64.09.04": 1.08}
HOUSEHOLD = {"64.09.01": 3.28, "64.09.02": 3.36, "64.09.03": 3.31, "64.09.04": 3.12}


@dataclass(frozen=True)
class Penduduk:
    tahun: int
    kec: Kecamatan
    laki_laki: int
    perempuan: int

    @property
    def jumlah(self) -> int:
        return self.laki_laki + self.perempuan


def penduduk(regions: Regions) -> list[Penduduk]:
    out = []
    for year in YEARS:
        for kec in regions.kecamatan:
            total = round(POP_2024[kec.kode] / (1 + GROWTH[kec.kode]) ** (2024 - year))
            ratio = SEX_RATIO[kec.kode]
            laki = round(total * ratio / (1 + ratio))
            out.append(Penduduk(year, kec, laki, total - laki))
    return out


def kartu_keluarga(regions: Regions) -> dict[str, dict[int, int]]:
    """{kode kecamatan: {tahun: jumlah KK}}; households shrink slowly."""
    pop = {(p.kec.kode, p.tahun): p.jumlah for p in penduduk(regions)}
    return {
        kec.kode: {y: round(pop[kec.kode, y] / (HOUSEHOLD[kec.kode] - 0.02 * (y - 2021))) for y in YEARS}
        for kec in regions.kecamatan
    }


# --- Dinkes: fasilitas kesehatan per desa/kelurahan, 2024 -------------------------------------

PUSKESMAS = ("Penajam", "Petung", "Sotek", "Waru", "Babulu Darat", "Sebakung Jaya", "Sepaku",
             "Bumi Harapan", "Semoi Dua", "Maridan")
RUMAH_SAKIT = ("Nipah-Nipah", "Penajam")
FASKES = ("rumah_sakit", "puskesmas", "puskesmas_pembantu", "klinik_pratama", "posyandu", "apotek")


def desa_population(regions: Regions, rng: random.Random) -> dict[str, int]:
    out: dict[str, int] = {}
    for kec in regions.kecamatan:
        desa = regions.desa_in(kec)
        weights = [(2.0 if d.kelurahan else 1.0) * rng.uniform(0.6, 1.4) for d in desa]
        for d, w in zip(desa, weights, strict=True):
            out[d.kode] = round(POP_2024[kec.kode] * w / sum(weights))
    return out


def fasilitas_kesehatan(regions: Regions) -> list[tuple[Desa, dict[str, int]]]:
    rng = random.Random(6409_02)
    pop = desa_population(regions, rng)
    rows = []
    for d in regions.desa:
        n = pop[d.kode]
        has_pkm = d.nama in PUSKESMAS
        rows.append((d, {
            "rumah_sakit": int(d.nama in RUMAH_SAKIT),
            "puskesmas": int(has_pkm),
            "puskesmas_pembantu": 0 if has_pkm else int(rng.random() < 0.75),
            "klinik_pratama": round(n / 4000 * rng.uniform(0.3, 1.5)),
            "posyandu": max(1, round(n / 550 * rng.uniform(0.8, 1.2))),
            "apotek": round(n / 2500 * rng.uniform(0.2, 1.6)),
        }))
    return rows


# --- Disdikpora: sekolah, murid dan guru per kecamatan dan jenjang, tahun ajaran 2024/2025 ------

JENJANG = {  # pupils per inhabitant, pupils per school, share of state schools, pupils per teacher
    "TK": (0.022, 45, 0.12, 11),
    "SD": (0.118, 200, 0.88, 14),
    "SMP": (0.050, 240, 0.65, 15),
}


@dataclass(frozen=True)
class Sekolah:
    kec: Kecamatan
    jenjang: str
    negeri: int
    swasta: int
    murid_laki_laki: int
    murid_perempuan: int
    guru: int

    @property
    def jumlah_sekolah(self) -> int:
        return self.negeri + self.swasta

    @property
    def jumlah_murid(self) -> int:
        return self.murid_laki_laki + self.murid_perempuan

    @property
    def rasio(self) -> float:
        return round(self.jumlah_murid / self.guru, 2)


def sekolah(regions: Regions) -> list[Sekolah]:
    rng = random.Random(6409_03)
    out = []
    for kec in regions.kecamatan:
        for jenjang, (per_cap, per_school, state, per_teacher) in JENJANG.items():
            murid = round(POP_2024[kec.kode] * per_cap * rng.uniform(0.93, 1.07))
            schools = max(2, round(murid / per_school * rng.uniform(0.9, 1.1)))
            negeri = max(1, round(schools * state))
            laki = round(murid * rng.uniform(1.02, 1.06) / (1 + rng.uniform(1.02, 1.06)))
            guru = round(murid / per_teacher * rng.uniform(0.9, 1.1))
            out.append(Sekolah(kec, jenjang, negeri, schools - negeri, laki, murid - laki, guru))
    return out


# --- BKAD: realisasi APBD bulanan 2024 (Rupiah) -------------------------------------------------

# kode rekening (Permendagri 90/2019), uraian, anggaran setelah perubahan, realised share at year
# end, and the monthly profile of realisation.
_EVEN = (6, 8, 9, 9, 8, 9, 8, 8, 9, 8, 9, 9)
_PAD = (6, 7, 8, 8, 8, 9, 8, 9, 8, 9, 9, 11)
_GAJI = (8, 8, 8, 12, 8, 12, 8, 8, 8, 8, 8, 8)
_BELANJA = (2, 5, 7, 7, 8, 8, 8, 9, 9, 10, 11, 16)
_MODAL = (0, 1, 3, 5, 6, 8, 9, 10, 11, 12, 14, 21)
_DESEMBER = (0,) * 11 + (1,)
_JUNI = (0,) * 5 + (1,) + (0,) * 6
AKUN = (
    ("4.1.01", "Pajak Daerah", 62_500_000_000, 1.06, _PAD),
    ("4.1.02", "Retribusi Daerah", 9_800_000_000, 0.94, _PAD),
    ("4.1.03", "Hasil Pengelolaan Kekayaan Daerah yang Dipisahkan", 7_250_000_000, 1.00, _JUNI),
    ("4.1.04", "Lain-lain Pendapatan Asli Daerah yang Sah", 118_400_000_000, 1.03, _PAD),
    ("4.2.01", "Pendapatan Transfer Pemerintah Pusat", 2_236_900_000_000, 0.97, _EVEN),
    ("4.2.02", "Pendapatan Transfer Antar Daerah", 224_600_000_000, 0.92, _EVEN),
    ("4.3.01", "Pendapatan Hibah", 3_500_000_000, 1.00, _DESEMBER),
    ("5.1.01", "Belanja Pegawai", 735_200_000_000, 0.95, _GAJI),
    ("5.1.02", "Belanja Barang dan Jasa", 912_400_000_000, 0.88, _BELANJA),
    ("5.1.05", "Belanja Hibah", 96_300_000_000, 0.92, _BELANJA),
    ("5.1.06", "Belanja Bantuan Sosial", 8_750_000_000, 0.85, _BELANJA),
    ("5.2.01", "Belanja Modal Tanah", 41_000_000_000, 0.71, _MODAL),
    ("5.2.02", "Belanja Modal Peralatan dan Mesin", 148_600_000_000, 0.86, _MODAL),
    ("5.2.03", "Belanja Modal Gedung dan Bangunan", 402_300_000_000, 0.81, _MODAL),
    ("5.2.04", "Belanja Modal Jalan, Irigasi, dan Jaringan", 587_900_000_000, 0.78, _MODAL),
    ("5.2.05", "Belanja Modal Aset Tetap Lainnya", 12_400_000_000, 0.83, _MODAL),
    ("5.3.01", "Belanja Tidak Terduga", 20_000_000_000, 0.35, _BELANJA),
    ("5.4.02", "Belanja Bantuan Keuangan", 181_500_000_000, 0.96, _BELANJA),
    ("6.1.01", "Penggunaan Sisa Lebih Perhitungan Anggaran Tahun Sebelumnya", 452_000_000_000, 1.00,
     _DESEMBER),
    ("6.2.02", "Penyertaan Modal Daerah", 5_000_000_000, 1.00, _JUNI),
)


@dataclass(frozen=True)
class Realisasi:
    bulan: str
    kode: str
    uraian: str
    anggaran: float
    bulan_ini: float
    kumulatif: float

    @property
    def persentase(self) -> float:
        return round(self.kumulatif / self.anggaran * 100, 2)


def realisasi(year: int = 2024) -> list[Realisasi]:
    rng = random.Random(year * 100 + 5)
    rows = []
    for kode, uraian, anggaran, share, profile in AKUN:
        cents = [round(anggaran * share * w / sum(profile) * rng.uniform(0.97, 1.03)
                       + rng.randrange(100) / 100, 2) if w else 0.0 for w in profile]
        total = 0.0
        for bulan, amount in zip(BULAN, cents, strict=True):
            total = round(total + amount, 2)
            rows.append(Realisasi(bulan, kode, uraian, float(anggaran), amount, total))
    order = {b: i for i, b in enumerate(BULAN)}
    return sorted(rows, key=lambda r: (order[r.bulan], r.kode))


# --- BPBD: kejadian bencana 2024 ------------------------------------------------------------------

# How often each kind happens, relative to the others.
FREQUENCY = {"Banjir": 10, "Kebakaran Hutan dan Lahan": 8, "Kebakaran Permukiman": 6, "Angin Puting Beliung": 5,
             "Tanah Longsor": 4, "Banjir Rob": 4, "Abrasi": 1}
JENIS = {  # jenis bencana: (months it happens in, desa/kelurahan where it happens)
    "Banjir": ((1, 2, 3, 4, 5, 11, 12), ("Penajam", "Nenang", "Kampung Baru", "Waru", "Sesulu",
                                          "Bangun Mulya", "Rawa Mulia", "Sri Raharja", "Babulu Darat",
                                          "Sepaku", "Bumi Harapan", "Suko Mulyo")),
    "Banjir Rob": ((1, 6, 7, 12), ("Nipah-Nipah", "Sesumpu", "Pantai Lango", "Jenebora", "Gersik",
                                    "Babulu Laut", "Api-Api")),
    "Tanah Longsor": ((1, 2, 3, 11, 12), ("Gunung Seteleng", "Nenang", "Petung", "Sungai Parit",
                                          "Tanjung Tengah")),
    "Kebakaran Hutan dan Lahan": ((7, 8, 9, 10), ("Sotek", "Giri Mukti", "Bukit Subur", "Sidorejo",
                                                  "Semoi Dua", "Wono Sari", "Karang Jinawi", "Labangka",
                                                  "Gunung Intan", "Mentawir")),
    "Angin Puting Beliung": ((3, 4, 10, 11), ("Sebakung Jaya", "Gunung Makmur", "Labangka Barat",
                                             "Bukit Raya", "Sidorejo", "Api-Api")),
    "Kebakaran Permukiman": (tuple(range(1, 13)), ("Penajam", "Nipah-Nipah", "Petung", "Waru",
                                                    "Babulu Darat", "Sepaku", "Maridan")),
    "Abrasi": ((1, 12), ("Tanjung Tengah", "Babulu Laut", "Sesulu")),
}


@dataclass(frozen=True)
class Bencana:
    tanggal: dt.date
    desa: Desa
    jenis: str
    meninggal: int
    luka: int
    mengungsi: int
    rumah_rusak: int
    keterangan: str


def _impact(jenis: str, rng: random.Random) -> tuple[int, int, int, int, str]:
    if jenis in ("Banjir", "Banjir Rob"):
        cm = rng.choice((20, 30, 40, 50, 70))
        return 0, 0, rng.choice((0, 0, 12, 27, 45)), rng.randint(0, 6), f"Genangan setinggi ± {cm} cm"
    if jenis == "Kebakaran Hutan dan Lahan":
        ha = rng.randint(5, 120) / 10
        return 0, 0, 0, 0, f"Luas lahan terbakar ± {str(ha).replace('.', ',')} ha"
    if jenis == "Tanah Longsor":
        return 0, rng.choice((0, 0, 1)), rng.choice((0, 4, 9)), rng.randint(1, 3), "Tebing longsor di permukiman"
    if jenis == "Angin Puting Beliung":
        return 0, rng.choice((0, 0, 2)), 0, rng.randint(2, 14), "Atap rumah warga rusak"
    if jenis == "Kebakaran Permukiman":
        dead, hurt = rng.choice((0, 0, 0, 1)), rng.choice((0, 1))
        return dead, hurt, rng.randint(3, 11), rng.randint(1, 3), "Diduga korsleting listrik"
    return 0, 0, 0, rng.randint(0, 2), "Garis pantai terkikis"


def bencana(regions: Regions, year: int = 2024, count: int = 38) -> list[Bencana]:
    rng = random.Random(year * 100 + 6)
    kinds = sorted(JENIS)
    events: dict[tuple[dt.date, str, str], Bencana] = {}
    while len(events) < count:
        jenis = rng.choices(kinds, weights=[FREQUENCY[k] for k in kinds])[0]
        months, places = JENIS[jenis]
        month = rng.choice(months)
        day = rng.randint(1, 28)
        tanggal = dt.date(year, month, day)
        desa = regions.desa_named(rng.choice(places))
        key = (tanggal, desa.kode, jenis)
        if key not in events:
            events[key] = Bencana(tanggal, desa, jenis, *_impact(jenis, rng))
    return sorted(events.values(), key=lambda e: (e.tanggal, e.desa.kode, e.jenis))
