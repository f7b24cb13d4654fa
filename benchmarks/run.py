"""`satudata run --file FILE --dataset NAME` (Dagster, in process, no portal) of the 1M-row CSV,
beside the floor (pyarrow read + Parquet write, a whole process) in the same run (issue 15, goal 2).

Each `satudata run` gets a fresh SATUDATA_ROOT and DAGSTER_HOME, so that no run can reuse what an
earlier one stored: every pair times the whole path. The benchmark's spec sits in the checkout's
datasets/bkad/ only while it runs (`satudata run` takes specs from there).

``python -m benchmarks run``; ``BENCH_ROWS=20000`` for a smoke run. Goal: <= 3.5x the floor."""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks._files import NAME, make_csv
from benchmarks._measure import bin_path, env_rows, load, run_process, spread, verdict
from benchmarks._workspace import bench_spec_in_checkout, child_env

PAIRS = 3
GOAL = 3.5


def main() -> None:
    rows = env_rows(1_000_000)
    with tempfile.TemporaryDirectory(prefix="satudata-bench-run-") as tmp:
        tmp = Path(tmp)
        csv, out = tmp / f"{NAME}-2024.csv", tmp / "floor.parquet"
        make_csv(csv, rows)
        print(f"{rows:,}-row CSV ({csv.stat().st_size / 1e6:.1f} MB); {load()}", flush=True)
        times, memories = [], []
        with bench_spec_in_checkout():
            for i in range(PAIRS):
                env = child_env(tmp / f"pair{i + 1}")
                ours = run_process([bin_path("satudata"), "run", "--dataset", NAME, "--file", str(csv)], env=env)
                if ours.returncode != 0:
                    raise RuntimeError(f"satudata run exited {ours.returncode}:\n{ours.output[-3000:]}")
                floor = run_process([sys.executable, "-m", "benchmarks._floor", "csv", str(csv), str(out)])
                if floor.returncode != 0:
                    raise RuntimeError(f"floor failed:\n{floor.output[-3000:]}")
                times.append(ours.seconds / floor.seconds)
                memories.append(ours.peak_mb / floor.peak_mb)
                print(f"  pair {i + 1}: satudata run {ours.seconds:.2f} s, {ours.peak_mb:.0f} MB | floor "
                      f"{floor.seconds:.2f} s, {floor.peak_mb:.0f} MB | {times[-1]:.1f}x time, "
                      f"{memories[-1]:.1f}x memory | {load()}", flush=True)
                if i == 0:
                    print("    satudata run printed:\n" + "\n".join(f"      {ln}" for ln in ours.output.splitlines()
                                                               if ln.strip() and "dagster" not in ln.lower()))
    print(f"\nsatudata run --file, {rows:,} rows: time {spread(times, 'x', '.1f')} "
          f"({verdict(statistics.median(times), GOAL)}), memory {spread(memories, 'x', '.1f')}; {load()}")


if __name__ == "__main__":
    main()
