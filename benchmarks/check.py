"""`satudata check` as officers run it, beside its floor in the same run (issue 15, goal 2).

Each pair runs back to back as whole processes: ``satudata check FILE --spec SPEC`` (the real CLI:
reader, PII guard, typing, Great Expectations, spec rules, period split) and the floor
``python -m benchmarks._floor`` (pyarrow read + Parquet write of the same file, no satudata import).
Wall time and each child's own peak RSS (GNU time). Three pairs per file, min/median/max of the
ratios, the load average with every line. Then ``check_file`` in this process against the floor
functions in this process, and the XLSX check against fastexcel read + Parquet write.

``python -m benchmarks check``; ``BENCH_ROWS=20000`` for a smoke run (the XLSX has a fifth of the rows).
Goals: check <= 3x the floor, peak memory <= 2x, check_file in process <= 2x, XLSX <= 1.5x."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._files import NAME, make_broken, make_csv, make_xlsx, write_spec
from benchmarks._floor import csv_floor
from benchmarks._measure import bin_path, env_rows, load, run_process, spread, verdict

PAIRS = 3
GOAL_TIME, GOAL_MEMORY, GOAL_IN_PROCESS, GOAL_XLSX = 3.0, 2.0, 2.0, 1.5


def check_command(path: Path, spec: Path) -> list[str]:
    return [bin_path("satudata"), "check", str(path), "--spec", str(spec)]


def floor_command(kind: str, path: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "benchmarks._floor", kind, str(path), str(out)]


def pairs(label: str, path: Path, spec: Path, kind: str, out: Path, expect: int) -> dict:
    """Three back-to-back (satudata check, floor) pairs; prints each, returns the ratios."""
    times, memories = [], []
    for i in range(PAIRS):
        ours = run_process(check_command(path, spec))
        if ours.returncode != expect:
            raise RuntimeError(f"{label}: satudata check exited {ours.returncode}, expected {expect}:\n"
                               + ours.output[-3000:])
        floor = run_process(floor_command(kind, path, out))
        if floor.returncode != 0:
            raise RuntimeError(f"{label}: floor failed:\n{floor.output[-3000:]}")
        times.append(ours.seconds / floor.seconds)
        memories.append(ours.peak_mb / floor.peak_mb)
        print(f"  {label} pair {i + 1}: satudata check {ours.seconds:.2f} s, {ours.peak_mb:.0f} MB (exit "
              f"{ours.returncode}) | floor {floor.seconds:.2f} s, {floor.peak_mb:.0f} MB | "
              f"{times[-1]:.1f}x time, {memories[-1]:.1f}x memory | {load()}", flush=True)
        if i == 0:
            first = next((ln for ln in ours.output.splitlines() if ln.strip()), "")
            print(f"    satudata check says: {first[:160]}")
    return {"time": times, "memory": memories}


def in_process(spec_path: Path, path: Path, out: Path) -> list[float]:
    """``check_file`` (what `satudata check` and the pipeline call) vs the floor, both in this process,
    after one call of each (the imports of a first call are what the whole-process pairs time)."""
    from pipelines.check import check_file
    from pipelines.spec import load_spec

    spec = load_spec(spec_path, in_tree=False)
    started = time.perf_counter()
    check_file(spec, path, data_dir=None)
    csv_floor(path, out)
    print(f"  check_file in process: a first call of both (imports, not counted) {time.perf_counter() - started:.2f} s")
    ratios = []
    for i in range(PAIRS):
        started = time.perf_counter()
        result = check_file(spec, path, data_dir=None)
        ours = time.perf_counter() - started
        started = time.perf_counter()
        csv_floor(path, out)
        floor = time.perf_counter() - started
        ratios.append(ours / floor)
        print(f"  check_file in process pair {i + 1}: {ours:.2f} s (valid {result.report.valid}) | floor "
              f"{floor:.2f} s | {ratios[-1]:.1f}x | {load()}", flush=True)
    return ratios


def main() -> None:
    rows = env_rows(1_000_000)
    xlsx_rows = max(rows // 5, 1000)
    with tempfile.TemporaryDirectory(prefix="satudata-bench-check-") as tmp:
        tmp = Path(tmp)
        spec = write_spec(tmp / "datasets")
        clean, broken = tmp / f"{NAME}-clean.csv", tmp / f"{NAME}-broken.csv"
        xlsx, out = tmp / f"{NAME}.xlsx", tmp / "floor.parquet"
        make_csv(clean, rows)
        n_broken = make_broken(clean, broken)
        make_xlsx(xlsx, xlsx_rows)
        print(f"{rows:,}-row CSV ({clean.stat().st_size / 1e6:.1f} MB), the same with {n_broken:,} broken rows, "
              f"{xlsx_rows:,}-row XLSX ({xlsx.stat().st_size / 1e6:.1f} MB); {load()}", flush=True)
        results = {
            "clean CSV": pairs("clean", clean, spec, "csv", out, expect=0),
            "5% broken CSV": pairs("broken", broken, spec, "csv", out, expect=1),
        }
        in_proc = in_process(spec, clean, out)
        results["XLSX"] = pairs("xlsx", xlsx, spec, "xlsx", out, expect=0)
    print(f"\nratios (min/median/max of {PAIRS} back-to-back pairs); {load()}")
    for label, r in results.items():
        time_goal = GOAL_XLSX if label == "XLSX" else GOAL_TIME
        memory = f"memory {spread(r['memory'], 'x', '.1f')}"
        if label != "XLSX":
            memory += f" ({verdict(statistics.median(r['memory']), GOAL_MEMORY)})"
        print(f"  satudata check, {label}: time {spread(r['time'], 'x', '.1f')} "
              f"({verdict(statistics.median(r['time']), time_goal)}), {memory}")
    print(f"  check_file in process, clean CSV: {spread(in_proc, 'x', '.1f')} "
          f"({verdict(statistics.median(in_proc), GOAL_IN_PROCESS)})")


if __name__ == "__main__":
    main()
