"""Ingest speed: a generated 1M-row CSV and a 200k-row XLSX, from file to typed Parquet.

Floors, measured in the same run on the same files: pyarrow's CSV read + Parquet write, and
fastexcel's raw read + Parquet write. Figures are ratios to the floor (lower is better)."""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

from benchmarks._floor import csv_floor, xlsx_floor
from pipelines.spec import parse_spec

KECAMATAN = [("64.09.01", "Penajam"), ("64.09.02", "Waru"), ("64.09.03", "Babulu"), ("64.09.04", "Sepaku")]

SPEC_DATA = {
    "name": "bench-transaksi", "organization": "bpkad",
    "title": {"id": "Benchmark", "en": "Benchmark"}, "description": {"id": "-", "en": "-"},
    "source": {"match": "bench*"}, "period": {"column": "tahun"},
    "schema": {"columns": [
        {"name": "tahun", "type": "integer"},
        {"name": "kode_kecamatan", "type": "string", "headers": ["Kode Kecamatan"]},
        {"name": "kecamatan", "type": "string"},
        {"name": "jumlah", "type": "integer", "min": 0},
        {"name": "nilai", "type": "number", "headers": ["Nilai (Rp)"]},
    ]},
}
SPEC = parse_spec(SPEC_DATA, "benchmarks/bpkad/bench.yaml")

HEADER = ["Tahun", "Kode Kecamatan", "Kecamatan", "Jumlah", "Nilai (Rp)"]


def rows(n: int, seed: int = 7):
    rnd = random.Random(seed)
    for i in range(n):
        kode, nama = KECAMATAN[i % 4]
        yield (2020 + i % 5, kode, nama, rnd.randint(0, 99_999), round(rnd.uniform(0, 10_000_000), 2))


def make_csv(path: Path, n: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(";".join(HEADER) + "\n")
        for t, kode, nama, jumlah, nilai in rows(n):
            fh.write(f"{t};{kode};{nama};{indonesian(jumlah)};{indonesian(nilai, 2)}\n")


def indonesian(x: float, decimals: int = 0) -> str:
    """1234567.5 -> '1.234.567,50': dot thousands, decimal comma, as departments write them."""
    text = f"{x:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def make_xlsx(path: Path, n: int) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Data")
    ws.write_row(0, 0, ["DATA TRANSAKSI (DATA CONTOH UNTUK BENCHMARK)"])
    ws.write_row(2, 0, HEADER)
    for i, row in enumerate(rows(n), start=3):
        ws.write_row(i, 0, row)
    wb.close()


def timed(fn, repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def ours(path: Path, out: Path) -> None:
    from pipelines.read import ReadOptions, read
    from pipelines.typed import type_table

    table = read(path, ReadOptions.from_source(SPEC.source)).tables[0]
    typed = type_table(SPEC, table.values, [c.header for c in table.columns], table.row_numbers)
    pq.write_table(typed.table, out, compression="zstd")


def main(csv_rows: int = 1_000_000, xlsx_rows: int = 200_000) -> None:
    with tempfile.TemporaryDirectory(prefix="satudata-bench-") as tmp:
        tmp = Path(tmp)
        csv_path, xlsx_path = tmp / "bench_1m.csv", tmp / "bench_200k.xlsx"
        make_csv(csv_path, csv_rows)
        make_xlsx(xlsx_path, xlsx_rows)
        out = tmp / "out.parquet"
        results = [
            (f"CSV {csv_rows:,} rows", timed(lambda: ours(csv_path, out)), timed(lambda: csv_floor(csv_path, out)),
             "pyarrow read + Parquet write"),
            (f"XLSX {xlsx_rows:,} rows", timed(lambda: ours(xlsx_path, out)),
             timed(lambda: xlsx_floor(xlsx_path, out)), "fastexcel read + Parquet write"),
        ]
    print(f"{'file':<18} {'satudata':>10} {'floor':>10} {'ratio':>7}  floor is")
    for name, t_ours, t_floor, what in results:
        print(f"{name:<18} {t_ours:>9.2f}s {t_floor:>9.2f}s {t_ours / t_floor:>6.1f}x  {what}")
    print("satudata = read (layout detection, Indonesian number parsing) + typing by spec + Parquet (zstd)")


if __name__ == "__main__":
    main()
