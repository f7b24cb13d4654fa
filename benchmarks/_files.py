"""The files and the spec the process benchmarks share: ingest's generated departmental CSV and XLSX
(``1.234.567,50`` numbers, ``;``-separated; a title above the XLSX header), a copy with 5% broken
rows, and ingest's spec as a YAML file, with the region-code features a real spec uses (reference
codes within 64.09, the official name beside each code, every kecamatan in every period)."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from benchmarks.ingest import SPEC_DATA, make_csv, make_xlsx

__all__ = ["make_csv", "make_xlsx", "make_broken", "spec_data", "write_spec", "ORGANIZATION", "NAME"]

ORGANIZATION = "bkad"  # a folder of datasets/, so that `satudata run` can take the spec from there
NAME = "bench-transaksi"
BROKEN_EVERY = 20  # 5% of the rows


def spec_data() -> dict:
    data = copy.deepcopy(SPEC_DATA)
    data["organization"] = ORGANIZATION
    data["name"] = NAME
    data["source"] = {"match": ["bench-transaksi*.csv", "bench-transaksi*.xlsx"]}
    data["period"] = {"column": "tahun", "frequency": "tahunan"}
    for column in data["schema"]["columns"]:
        if column["name"] == "kode_kecamatan":
            column.update({"reference": "kemendagri.kecamatan", "within": "64.09", "required": True})
    data["rules"] = [
        {"check": "reference_name", "column": "kode_kecamatan", "name": "kecamatan", "severity": "block"},
        {"check": "completeness", "column": "kode_kecamatan", "severity": "warn"},
    ]
    return data


def write_spec(folder: Path) -> Path:
    """``folder/<organization>/<name>.yaml``, the layout of datasets/."""
    path = folder / ORGANIZATION / f"{NAME}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# written by benchmarks/_files.py for a benchmark run\n"
                    + yaml.safe_dump(spec_data(), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def make_broken(clean: Path, broken: Path) -> int:
    """A copy of ``clean`` where every 20th row is broken in one of three ways an officer's file is:
    a count written in words, a negative count (min 0), a kecamatan code outside the reference."""
    n = 0
    with open(clean, encoding="utf-8") as src, open(broken, "w", encoding="utf-8", newline="") as dst:
        dst.write(next(src))
        for i, line in enumerate(src):
            if i % BROKEN_EVERY == 0:
                cells = line.rstrip("\n").split(";")
                kind = (i // BROKEN_EVERY) % 3
                if kind == 0:
                    cells[3] = "dua ratus"
                elif kind == 1:
                    cells[3] = "-5"
                else:
                    cells[1] = "64.09.09"
                line = ";".join(cells) + "\n"
                n += 1
            dst.write(line)
    return n
