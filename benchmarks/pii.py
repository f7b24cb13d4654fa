"""PII guard speed on a 1M-row table (a benchmark, not a test).

Reads the read benchmark's generated 1M-row CSV (kode wilayah as text, names, Indonesian thousands,
a ratio column) and times :func:`pipelines.validate.pii.scan_table` on its text table, against the
floor of one pyarrow regex pass over the same cells; then again with a non-breaking space after
every kode wilayah (as HTML exports have them); and ``find`` on a few 100k-character cells built to
make a regex backtrack. Also counts the cells the vectorised
pre-filter lets through to Python. Goal: the guard within 5x of the floor in CPU time (the steadier
figure on a shared machine), and no cell of these clean tables reaching Python.

    python -m benchmarks pii            # or: python benchmarks/pii.py [--rows N --repeat N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks.read import best_of, write_csv


def main(argv: list[str] | None = None) -> None:
    import pyarrow.compute as pc

    from pipelines.read import read

    parser = argparse.ArgumentParser(prog="benchmarks.pii")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv or [])
    with tempfile.TemporaryDirectory(prefix="satudata-bench-pii-") as tmp:
        path = Path(tmp) / "penduduk.csv"
        write_csv(path, args.rows)
        table = read(path).tables[0]
    nbsp = table.values.set_column(
        0, table.values.column_names[0], pc.replace_substring_regex(table.values.column(0), "$", "\u00a0")
    )
    rows = (table.row_numbers + 1).tolist()
    headers = {c.name: c.header for c in table.columns}
    for label, values in (("plain", table.values), ("kode wilayah + non-breaking space", nbsp)):
        _time(label, values, rows, headers, args.repeat)
    _hostile_cells()


# 100k-character cells built to make a regex scan from every position (the e-mail pattern once took
# 10.7 s on the first): each should take a fraction of a second
HOSTILE = {
    "1.1.1... (no @)": "1." * 50_000,
    "x...x@": "x" * 100_000 + "@",
    "a@a.a.a...": "a@" + "a." * 50_000,
    "1 1 1 ...": "1 " * 50_000,
    "(0(0(0...": "(0" * 50_000,
    "6<nbsp>6<nbsp>...": "6\u00a0" * 50_000,
}


def _hostile_cells():
    from pipelines.validate.pii import find, region_codes

    regions = region_codes()
    for label, cell in HOSTILE.items():
        start = time.process_time()
        hits = len(list(find(cell, regions)))
        print(f"[hostile cell {label}] {len(cell):,} characters, {hits} hits: {time.process_time() - start:.2f} s cpu")


def _time(label, values, rows, headers, repeat):
    import pyarrow.compute as pc

    from pipelines.validate import pii

    cells = values.num_rows * values.num_columns
    problems = pii.scan_table(values, rows=rows, headers=headers)  # warm up: reference tables, regexes
    ours, ours_cpu = best_of(lambda: pii.scan_table(values, rows=rows, headers=headers), repeat)

    def floor():
        for name in values.column_names:
            pc.match_substring_regex(values.column(name).cast("string"), r"\d{9}")

    base, base_cpu = best_of(floor, repeat)
    candidates = sum(pii.candidates(values.column(n)) for n in values.column_names)
    print(
        f"[{label}] {values.num_rows:,} rows x {values.num_columns} columns = {cells:,} cells; "
        f"problems found: {len(problems)}; cells reaching Python: {candidates:,} ({candidates / cells:.2%})"
    )
    ratio = ours_cpu / base_cpu  # CPU: the steadier figure on a shared machine
    verdict = "ok" if ratio <= 5 else "SLOWER THAN GOAL"
    print(
        f"[{label}] scan_table {ours:6.2f} s wall {ours_cpu:6.2f} s cpu | one regex pass {base:6.2f} s wall "
        f"{base_cpu:6.2f} s cpu | ratio {ratio:4.2f}x cpu (goal <= 5x: {verdict})"
    )


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
