"""The kecamatan and desa/kelurahan of Kabupaten Penajam Paser Utara, for the sample generator.

Read from ``samples/reference/ppu_6409_bps_kemendagri.csv``, a byte-for-byte copy of
``ppu_6409_bps_kemendagri.csv`` from the project's shared reference folder (Kemendagri codes of
Kepmendagri 300.2.2-2430/2025 with the BPS bridging; see samples/README.md for the source).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

REFERENCE = Path(__file__).resolve().parent / "reference" / "ppu_6409_bps_kemendagri.csv"


@dataclass(frozen=True)
class Kecamatan:
    kode: str  # Kemendagri, e.g. 64.09.01
    kode_bps: str  # BPS, e.g. 6409030
    nama: str  # as officers write it: "Penajam"


@dataclass(frozen=True)
class Desa:
    kode: str  # Kemendagri, e.g. 64.09.01.1009
    nama: str  # "Nipah-Nipah"
    kecamatan: Kecamatan

    @property
    def kelurahan(self) -> bool:
        """Kemendagri suffix 1xxx is a kelurahan, 2xxx a desa."""
        return self.kode.rsplit(".", 1)[1].startswith("1")


@dataclass(frozen=True)
class Regions:
    kecamatan: tuple[Kecamatan, ...]
    desa: tuple[Desa, ...]

    def kec(self, nama: str) -> Kecamatan:
        return next(k for k in self.kecamatan if k.nama.lower() == nama.lower())

    def desa_named(self, nama: str) -> Desa:
        return next(d for d in self.desa if d.nama.lower() == nama.lower())

    def desa_in(self, kec: Kecamatan) -> list[Desa]:
        return [d for d in self.desa if d.kecamatan == kec]


def _title(name: str) -> str:
    return name.title()


def load_regions(path: Path = REFERENCE) -> Regions:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    kecs = {
        r["kode_kemendagri"]: Kecamatan(r["kode_kemendagri"], r["kode_bps"], _title(r["nama_kemendagri"]))
        for r in rows
        if r["level"] == "kecamatan"
    }
    desa = [
        Desa(r["kode_kemendagri"], _title(r["nama_kemendagri"]), kecs[r["parent_kode_kemendagri"]])
        for r in rows
        if r["level"] == "desa_kelurahan"
    ]
    return Regions(
        kecamatan=tuple(kecs[k] for k in sorted(kecs)),
        desa=tuple(sorted(desa, key=lambda d: d.kode)),
    )
