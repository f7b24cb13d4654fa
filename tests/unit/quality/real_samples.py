"""The real departmental files of the project's samples, parsed just enough for the quality rules.

Deliberately minimal and specific (the general reader lives in ``pipelines.read``): these tests are
about the rules finding the real errors, so the reading here is plain and checked by its own counts.
"""

from __future__ import annotations

import csv
from pathlib import Path
from types import SimpleNamespace

import pyarrow as pa
from python_calamine import CalamineWorkbook

from pipelines.spec import DatasetSpec, project_root


def real_spec(columns: list[dict], rules: list[dict], key=()) -> DatasetSpec:
    """A spec for one real sample: its columns and the rules under test."""
    return DatasetSpec.model_validate(
        {
            "name": "nyata",
            "organization": "uji",
            "title": {"id": "x", "en": "x"},
            "description": {"id": "x", "en": "x"},
            "source": {"match": "*"},
            "period": {"column": "tahun"},
            "schema": {"key": list(key), "columns": columns},
            "rules": rules,
        }
    )


def sample(name: str) -> Path:
    """A real sample file, as copied byte for byte into tests/fixtures/real/."""
    return project_root() / "tests" / "fixtures" / "real" / name


def bandung_series_row() -> tuple[pa.Table, list[int], dict[str, str]]:
    """Kabupaten Bandung population per kecamatan 2018-2023: ``167.228`` (a float to the xlsx) is 167,228."""
    rows = (
        CalamineWorkbook.from_path(sample("satudata_bandungkab_penduduk_kec.xlsx"))
        .get_sheet_by_name("Series Row")
        .to_python()
    )
    header, data = rows[0], rows[1:]
    table = pa.table(
        {
            "kode_wilayah": [r[1].replace(" ", "") for r in data],
            "wilayah": [r[2] for r in data],
            "tahun": pa.array([int(r[3]) for r in data], pa.int64()),
            "penduduk": pa.array([round(r[4] * 1000) for r in data], pa.int64()),
        }
    )
    headers = {"kode_wilayah": header[1], "wilayah": header[2], "tahun": header[3], "penduduk": header[4]}
    return table, list(range(2, len(data) + 2)), headers


AGE_GROUPS = [
    "0 - 4",
    "5 - 9",
    "10 - 14",
    "15 - 19",
    "20 - 24",
    "25 - 29",
    "30 - 34",
    "35 - 39",
    "40 - 44",
    "45 - 49",
    "50 - 54",
    "55 - 59",
    "60 - 64",
    "65 - 69",
    "70 - 74",
    "75+",
]
AGE_COLUMNS = ["umur_" + g.replace(" - ", "_").replace("+", "_lebih") for g in AGE_GROUPS]


def bkkbn_pyramid() -> tuple[pa.Table, list[int], dict[str, str], list[SimpleNamespace], list[str]]:
    """BKKBN family data 2024 by kecamatan, sex and age group, with its kab/kota subtotal rows
    (KECAMATAN == KAKO) set aside as the reader does: (table, rows, headers, dropped, dropped_columns)."""
    with open(sample("bkkbn_pk_piramida_kec_jabar_2024.csv"), encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh, delimiter=";"))
    header = lines[0]
    names = ["kako", "kecamatan", "jenis_kelamin", *AGE_COLUMNS]
    kept, rows, dropped = [], [], []
    for i, cells in enumerate(lines[1:], start=1):  # i: 0-based file row
        if not any(cells):
            continue
        if cells[0] == cells[1]:
            dropped.append(SimpleNamespace(row=i, reason="subtotal", values=[*cells, None]))
        else:
            kept.append(cells)
            rows.append(i + 1)
    table = {n: [c[j] for c in kept] for j, n in enumerate(names[:3])}
    table.update({n: pa.array([int(c[j + 3]) for c in kept], pa.int64()) for j, n in enumerate(AGE_COLUMNS)})
    table["tahun"] = pa.array([2024] * len(kept), pa.int64())
    headers = dict(zip(names, header, strict=True)) | {"tahun": "tahun"}
    return pa.table(table), rows, headers, dropped, [*names, "tahun"]


def kemdikbud_schools() -> tuple[pa.Table, list[int], dict[str, str]]:
    """Kemendikbud primary schools of Kabupaten Bogor per kecamatan: every cell is text."""
    rows = CalamineWorkbook.from_path(sample("kemdikbud_dikdas_kabbogor_kec.xlsx")).get_sheet_by_index(0).to_python()
    header, data = rows[0], rows[1:]
    table = pa.table(
        {
            "kode": [r[0] for r in data],
            "kecamatan": [r[1] for r in data],
            "negeri": pa.array([int(r[3]) for r in data], pa.int64()),
            "swasta": pa.array([int(r[4]) for r in data], pa.int64()),
            "total": pa.array([int(r[5]) for r in data], pa.int64()),
            "tahun": pa.array([2024] * len(data), pa.int64()),
        }
    )
    headers = {
        "kode": header[0],
        "kecamatan": header[1],
        "negeri": header[3],
        "swasta": header[4],
        "total": header[5],
        "tahun": "tahun",
    }
    return table, list(range(2, len(data) + 2)), headers
