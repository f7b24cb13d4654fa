"""Small specs and typed Parquet files for the publishing tests."""

from __future__ import annotations

import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipelines.spec import DatasetSpec, parse_spec


def make_spec(**portal) -> DatasetSpec:
    return parse_spec(
        {
            "name": "penduduk-uji",
            "organization": "disdukcapil",
            "title": {"id": "Penduduk Uji", "en": "Test Population"},
            "description": {"id": "Jumlah penduduk.", "en": "Population."},
            "source": {"match": "penduduk*.csv"},
            "period": {"column": "tahun", "frequency": "tahunan"},
            "schema": {
                "key": ["tahun", "kode"],
                "columns": [
                    {"name": "tahun", "type": "integer", "description": {"id": "Tahun", "en": "Year"}},
                    {"name": "kode", "type": "string", "description": {"id": "Kode wilayah", "en": "Area code"}},
                    {"name": "nama", "type": "string"},
                    {"name": "jumlah", "type": "integer", "unit": "jiwa", "min": 0},
                    {"name": "rasio", "type": "number"},
                    {"name": "aktif", "type": "boolean"},
                    {"name": "tanggal", "type": "date"},
                ],
            },
            "portal": {"tags": ["kependudukan", "uji"], "sektor": "kependudukan", **portal},
        },
        "datasets/disdukcapil/penduduk-uji.yaml",
    )


def write_period(path: Path, year: int, names: list[str], jumlah: list[int]) -> Path:
    n = len(names)
    table = pa.table(
        {
            "tahun": pa.array([year] * n, pa.int64()),
            "kode": pa.array([f"64.09.{i:02d}" for i in range(1, n + 1)]),
            "nama": pa.array(names),
            "jumlah": pa.array(jumlah, pa.int64()),
            "rasio": pa.array([j / 7 for j in jumlah], pa.float64()),
            "aktif": pa.array([j % 2 == 0 for j in jumlah]),
            "tanggal": pa.array([datetime.date(year, 6, 30)] * n, pa.date32()),
        }
    )
    pq.write_table(table, path, compression="zstd")
    return path


@pytest.fixture
def spec() -> DatasetSpec:
    return make_spec()


@pytest.fixture
def period_file():
    """``period_file(path, year, names, jumlah)`` writes a typed Parquet period."""
    return write_period


@pytest.fixture
def spec_with():
    """``spec_with(**portal)``: the test spec with other portal metadata."""
    return make_spec
