"""The floors the benchmarks compare against: pyarrow's CSV read + Parquet write, fastexcel's read +
Parquet write. Also a whole process of its own (imports pyarrow and fastexcel only, nothing of
satudata), so that a floor run as a child pays its own start-up as `satudata check` does:

    python -m benchmarks._floor csv|xlsx FILE OUT.parquet
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq


def csv_floor(path: Path, out: Path) -> None:
    t = pacsv.read_csv(path, parse_options=pacsv.ParseOptions(delimiter=";"))
    pq.write_table(t, out, compression="zstd")


def xlsx_floor(path: Path, out: Path) -> None:
    import fastexcel

    t = fastexcel.read_excel(str(path)).load_sheet(0, header_row=2).to_arrow()
    pq.write_table(pa.table(t), out, compression="zstd")


def main(argv: list[str]) -> int:
    kind, path, out = argv
    (csv_floor if kind == "csv" else xlsx_floor)(Path(path), Path(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
