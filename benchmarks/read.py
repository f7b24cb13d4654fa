"""Reader speed against its floor, measured in the same run (a benchmark, not a test).

Generates, in a temporary folder, a 1M-row CSV and a 200k-row XLSX that look like departmental
files (title rows, a header, kode wilayah as text, Indonesian thousands, a total row and a
``Sumber:`` line), then times ``pipelines.read.read`` against ``pyarrow.csv.read_csv`` and
fastexcel's raw read of the same files. Goals: CSV within 2x of pyarrow, XLSX within 1.5x of
fastexcel.

    python -m benchmarks read          # or: python benchmarks/read.py [--rows-csv N --rows-xlsx N]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

KECAMATAN = ("Penajam", "Waru", "Babulu", "Sepaku")
TITLE = "REKAP DATA PENDUDUK PER DESA KABUPATEN PENAJAM PASER UTARA"
HEADER = ["No", "Kode Wilayah", "Kecamatan", "Desa/Kelurahan", "Tahun", "Laki-laki", "Perempuan", "Jumlah",
          "Luas (km2)"]


def rows(n: int, seed: int = 39):
    rnd = random.Random(seed)
    for i in range(n):
        k = i % 4
        male, female = rnd.randint(100, 9000), rnd.randint(100, 9000)
        yield [i + 1, f"64.09.0{k + 1}.{2001 + i % 50}", KECAMATAN[k], f"Desa {i % 997}", 2000 + i % 25,
               male, female, male + female, round(rnd.random() * 100, 2)]


def write_csv(path: Path, n: int) -> None:
    total = [0, 0, 0]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(f"{TITLE};;;;;;;;\n;;;;;;;;\n")
        fh.write(";".join(HEADER) + "\n")
        for r in rows(n):
            total = [total[0] + r[5], total[1] + r[6], total[2] + r[7]]
            fh.write(f"{r[0]};{r[1]};{r[2]};{r[3]};{r[4]};{_id(r[5])};{_id(r[6])};{_id(r[7])};"
                     f"{str(r[8]).replace('.', ',')}\n")
        fh.write(f";;JUMLAH;;;{_id(total[0])};{_id(total[1])};{_id(total[2])};\n")
        fh.write("Sumber: Disdukcapil Kabupaten Penajam Paser Utara;;;;;;;;\n")


def _id(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def write_xlsx(path: Path, n: int) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Rekap")
    sheet.write_row(0, 0, [TITLE])
    sheet.write_row(2, 0, HEADER)
    total = [0, 0, 0]
    for i, r in enumerate(rows(n)):
        total = [total[0] + r[5], total[1] + r[6], total[2] + r[7]]
        sheet.write_row(3 + i, 0, r)
    sheet.write_row(3 + n, 0, [None, None, "JUMLAH", None, None, *total])
    sheet.write_row(5 + n, 0, ["Sumber: Disdukcapil Kabupaten Penajam Paser Utara"])
    book.close()


def best_of(fn, repeat: int) -> tuple[float, float]:
    """Best wall time and best CPU time (all threads) over ``repeat`` runs. CPU time is the
    steadier figure on a shared machine; wall time is what an officer waits."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(wall), min(cpu)


def main(argv: list[str] | None = None) -> None:
    import fastexcel
    import pyarrow.csv as pcsv

    from pipelines.read import read

    parser = argparse.ArgumentParser(prog="benchmarks.read")
    parser.add_argument("--rows-csv", type=int, default=1_000_000)
    parser.add_argument("--rows-xlsx", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv or [])
    with tempfile.TemporaryDirectory(prefix="satudata-bench-read-") as tmp:
        csv_path, xlsx_path = Path(tmp) / "penduduk.csv", Path(tmp) / "penduduk.xlsx"
        start = time.perf_counter()
        write_csv(csv_path, args.rows_csv)
        write_xlsx(xlsx_path, args.rows_xlsx)
        print(f"generated {args.rows_csv:,}-row CSV and {args.rows_xlsx:,}-row XLSX "
              f"in {time.perf_counter() - start:.1f} s")
        read(csv_path)  # warm up imports

        def pyarrow_floor():
            pcsv.read_csv(csv_path, read_options=pcsv.ReadOptions(skip_rows=2),
                          parse_options=pcsv.ParseOptions(delimiter=";", invalid_row_handler=lambda row: "skip"))

        figures = [
            ("csv", best_of(lambda: read(csv_path), args.repeat), best_of(pyarrow_floor, args.repeat),
             "pyarrow.csv.read_csv", 2.0),
            ("xlsx", best_of(lambda: read(xlsx_path), args.repeat),
             best_of(lambda: fastexcel.read_excel(str(xlsx_path)).load_sheet(0).to_arrow(), args.repeat),
             "fastexcel load_sheet(0).to_arrow()", 1.5),
        ]
        table = read(csv_path).tables[0]
        print(f"csv read: {table.rows:,} rows, dropped {len(table.dropped)}, "
              f"types {[c.type for c in table.columns]}")
        for name, (ours, ours_cpu), (floor, floor_cpu), what, goal in figures:
            ratio, ratio_cpu = ours / floor, ours_cpu / floor_cpu
            verdict = "ok" if ratio <= goal else "SLOWER THAN GOAL"  # the goal is wall time: what an officer waits
            print(f"{name:5s} read() {ours:6.2f} s wall {ours_cpu:6.2f} s cpu | {what} {floor:6.2f} s wall "
                  f"{floor_cpu:6.2f} s cpu | ratio {ratio:4.2f}x wall {ratio_cpu:4.2f}x cpu "
                  f"(goal <= {goal}x: {verdict})")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
