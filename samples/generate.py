"""Generate the sample files officers of Kabupaten Penajam Paser Utara would hand in.

    /work/main/.venv/bin/python samples/generate.py [OUT_DIR]

Writes ``<OUT_DIR>/<opd>/<file>`` (good files), ``<OUT_DIR>/_rejects/<opd>/<file>`` (deliberately bad
files) and ``<OUT_DIR>/_rejects/expected.yaml`` (what is wrong in each, with row and column).
OUT_DIR defaults to this folder. Deterministic: the same bytes on every run.
Everything written is DATA CONTOH / SAMPLE DATA, not official data; region codes are real.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the helper modules sit beside this script
    sys.path.insert(0, str(HERE))

from ppu_regions import Regions, load_regions  # noqa: E402
from sample_layouts import (  # noqa: E402
    PENDUDUK_KETERANGAN,
    bencana_sheet,
    fasilitas_lines,
    kartu_keluarga_lines,
    penduduk_sheet,
    realisasi_lines,
    sekolah_sheet,
    write_csv,
    write_xlsx,
)


def good_files(regions: Regions, out: Path) -> list[Path]:
    written = [
        write_xlsx(out / "disdukcapil" / "penduduk_kecamatan_jenis_kelamin_2021-2024.xlsx",
                   penduduk_sheet(regions), keterangan=PENDUDUK_KETERANGAN)[0],
        write_csv(out / "disdukcapil" / "kepala_keluarga_kecamatan_2021-2024.csv",
                  kartu_keluarga_lines(regions), bom=True)[0],
        write_csv(out / "dinkes" / "fasilitas_kesehatan_desa_2024.csv", fasilitas_lines(regions))[0],
        write_xlsx(out / "disdikpora" / "sekolah_murid_guru_jenjang_2024.xlsx", sekolah_sheet(regions))[0],
        write_csv(out / "bkad" / "realisasi_anggaran_bulanan_2024.csv", realisasi_lines(), bom=True)[0],
        write_xlsx(out / "bpbd" / "kejadian_bencana_2024.xlsx", bencana_sheet(regions))[0],
    ]
    return written


def reject_files(regions: Regions, out: Path) -> list[dict]:
    """One deliberate error per file; the returned entries go to _rejects/expected.yaml."""
    rejects = out / "_rejects"
    expected = []

    sheet, marks = penduduk_sheet(regions, wrong_sum=("Waru", 2024))
    path, rows = write_xlsx(rejects / "disdukcapil" / "penduduk_kecamatan_jenis_kelamin_2021-2024_salah_jumlah.xlsx",
                            (sheet, marks), keterangan=PENDUDUK_KETERANGAN)
    expected.append(_entry(out, path, "penduduk-kecamatan-jenis-kelamin", "Rekap", rows["wrong_sum"], "Jumlah",
                           "wrong-sum", "cross-field-mismatch", "laki_laki + perempuan == jumlah",
                           "Jumlah Kecamatan Waru tahun 2024 lebih 100 dari Laki-laki + Perempuan",
                           "Waru's 2024 total is 100 more than men + women"))

    sheet, marks = sekolah_sheet(regions, unknown_code=("Sepaku", "SD", "64.09.05"))
    path, rows = write_xlsx(rejects / "disdikpora" / "sekolah_murid_guru_jenjang_2024_kode_salah.xlsx",
                            (sheet, marks))
    expected.append(_entry(out, path, "sekolah-murid-guru-jenjang", sheet.name, rows["unknown_code"],
                           "Kode Kecamatan", "unknown-code", "code-not-in-reference",
                           "kemendagri.kecamatan within 64.09",
                           "Kode kecamatan 64.09.05 tidak ada di Kabupaten Penajam Paser Utara",
                           "Kecamatan code 64.09.05 does not exist in Penajam Paser Utara"))

    lines, marks = fasilitas_lines(regions, negative=("Sotek", "posyandu", -3))
    path, rows = write_csv(rejects / "dinkes" / "fasilitas_kesehatan_desa_2024_negatif.csv", (lines, marks))
    expected.append(_entry(out, path, "fasilitas-kesehatan-desa", None, rows["negative"], "Posyandu",
                           "negative-count", "below-minimum", "min: 0",
                           "Jumlah posyandu Kelurahan Sotek tertulis -3",
                           "The number of posyandu in Sotek is written as -3"))

    sheet, marks = bencana_sheet(regions, blank_date=7)
    path, rows = write_xlsx(rejects / "bpbd" / "kejadian_bencana_2024_tanggal_kosong.xlsx", (sheet, marks))
    expected.append(_entry(out, path, "kejadian-bencana", sheet.name, rows["blank_date"], "Tanggal Kejadian",
                           "missing-required-value", "required-value-missing", "required: tanggal",
                           "Kejadian ke-7 tidak punya tanggal", "Event no. 7 has no date"))
    return expected


def _entry(out: Path, path: Path, dataset: str, sheet: str | None, row: int, column: str, kind: str,
           code: str, rule: str, what_id: str, what_en: str) -> dict:
    """``kind`` says what is wrong in plain words; ``code`` is the problem code `satudata check`
    reports for it (pipelines.validate)."""
    return {"file": path.relative_to(out).as_posix(), "dataset": dataset, "sheet": sheet, "row": row,
            "column": column, "kind": kind, "code": code, "rule": rule, "what": {"id": what_id, "en": what_en}}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]).resolve() if args else HERE
    regions = load_regions()
    written = good_files(regions, out)
    expected = reject_files(regions, out)
    header = ("# Written by samples/generate.py: the one deliberate error in each file under _rejects/.\n"
              "# row: 1-based, as the spreadsheet shows it; column: the header as written in the file;\n"
              "# code: the problem code satudata check reports for it.\n")
    (out / "_rejects" / "expected.yaml").write_text(
        header + yaml.safe_dump({"rejects": expected}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in written + [out / "_rejects" / e["file"].removeprefix("_rejects/") for e in expected]:
        print(path.relative_to(out).as_posix())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
