"""The files a dataset publishes, with their content hashes: per period the Parquet file and its
CSV, the data dictionary (Table Schema JSON), the quality report, and the DataStore table (whose
hash covers the dictionary and every period's Parquet hash, so it changes when any of them does).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.parquet import published_type
from pipelines.publish.csv_export import file_hash, write_csv
from pipelines.publish.dictionary import datastore_fields, table_schema
from pipelines.publish.errors import PublishError
from pipelines.spec import DatasetSpec
from pipelines.validate.report import Report

# Resource roles (the ``peran`` field).
DATA, DATA_CSV, DICTIONARY, DATASTORE = "data", "data_csv", "kamus_data", "datastore"
REPORT, REPORT_HTML = "laporan_kualitas", "laporan_kualitas_html"
LOADER_VERSION = "satudata-datastore-1"


@dataclass(frozen=True)
class Artifact:
    """One resource of the dataset as it should be on the portal."""

    peran: str
    periode: str
    name: str
    description: str
    format: str
    content_hash: str
    path: Path | None = None  # the file to upload; None for the DataStore table
    filename: str = ""  # the name in its download URL (default: the file's name)

    @property
    def key(self) -> tuple[str, str]:
        return (self.peran, self.periode)

    @property
    def upload_name(self) -> str:
        return self.filename or (self.path.name if self.path is not None else "")

    @property
    def label(self) -> str:
        return f"{self.periode}/{self.peran}" if self.periode else self.peran


def check_parquet(spec: DatasetSpec, period: str, path: Path) -> int:
    """The file's row count, after checking that it holds the spec's columns with their types."""
    if not path.is_file():
        raise PublishError(f"period {period}: no such file {path}", dataset=spec.name)
    schema = pq.read_schema(path)
    expected = pa.schema([(c.name, published_type(c)) for c in spec.schema.columns])
    actual = pa.schema([(f.name, f.type) for f in schema])
    if not actual.equals(expected):
        raise PublishError(
            f"period {period}: {path.name} has columns {actual} but the spec declares {expected}",
            dataset=spec.name,
        )
    return pq.ParquetFile(path).metadata.num_rows


def _write_json(data: object, target: Path) -> str:
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return file_hash(target)


def period_artifacts(spec: DatasetSpec, period: str, parquet: Path, workdir: Path) -> list[Artifact]:
    # short names that keep the period visible where the portal cuts long names
    csv_path = workdir / f"{spec.name}-{period}.csv"
    return [
        Artifact(
            DATA,
            period,
            f"Data {period} (Parquet)",
            f"Data {period} dengan tipe kolom (Parquet). / Typed data for {period} (Parquet).",
            "Parquet",
            file_hash(parquet),
            parquet,
            f"{spec.name}-{period}.parquet",
        ),
        Artifact(
            DATA_CSV,
            period,
            f"Data {period} (CSV)",
            f"Data {period} sebagai CSV UTF-8. / Data for {period} as UTF-8 CSV.",
            "CSV",
            write_csv(parquet, csv_path),
            csv_path,
        ),
    ]


def dictionary_artifact(spec: DatasetSpec, workdir: Path) -> Artifact:
    path = workdir / f"{spec.name}-kamus-data.json"
    return Artifact(
        DICTIONARY,
        "",
        "Kamus data (Table Schema)",
        "Nama, tipe, satuan dan keterangan setiap kolom. / Name, type, unit and description of every column.",
        "JSON",
        _write_json(table_schema(spec), path),
        path,
    )


def report_artifacts(spec: DatasetSpec, report: Report, workdir: Path) -> list[Artifact]:
    """The quality report as JSON and as one HTML page, personal data masked (the report's own
    rendering, :mod:`pipelines.validate.render`), naming the officer's file but not its path."""
    from pipelines.validate.render import render_html, report_dict

    public = report.model_copy(update={"file": Path(report.file).name})
    json_path = workdir / f"{spec.name}-laporan-kualitas.json"
    html_path = workdir / f"{spec.name}-laporan-kualitas.html"
    html_path.write_text(render_html(public), encoding="utf-8")
    return [
        Artifact(
            REPORT,
            "",
            "Laporan kualitas data (JSON)",
            "Hasil pemeriksaan kualitas data terakhir. / The latest data quality report.",
            "JSON",
            _write_json(report_dict(public), json_path),
            json_path,
        ),
        Artifact(
            REPORT_HTML,
            "",
            "Laporan kualitas data",
            "Hasil pemeriksaan kualitas data terakhir, untuk dibaca. / The latest data quality report, to read.",
            "HTML",
            file_hash(html_path),
            html_path,
        ),
    ]


def datastore_artifact(spec: DatasetSpec, parquet_hashes: dict[str, str]) -> Artifact:
    digest = hashlib.sha256()
    digest.update(LOADER_VERSION.encode())
    digest.update(json.dumps(datastore_fields(spec), sort_keys=True).encode())
    digest.update(json.dumps(list(spec.schema.key)).encode())
    for period in sorted(parquet_hashes):
        digest.update(f"{period}={parquet_hashes[period]}".encode())
    return Artifact(
        DATASTORE,
        "",
        "Tabel data semua periode (DataStore)",
        "Semua periode dalam satu tabel yang dapat dicari (DataStore API). / "
        "All periods in one queryable table (DataStore API).",
        "DataStore",
        "sha256:" + digest.hexdigest(),
    )
