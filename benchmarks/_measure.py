"""What the process benchmarks share: a child process timed as a whole (wall time and its own peak
RSS, from GNU time), the load average printed beside every figure, min/median/max of repeats."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

TIME = "/usr/bin/time"  # GNU time (Debian package `time`)


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_mb: float  # the child's own peak resident set (ru_maxrss of that one process)
    returncode: int
    output: str


def bin_path(name: str) -> str:
    """An executable of this environment (``satudata`` as installed by ``make env``)."""
    return str(Path(sys.executable).parent / name)


def run_process(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Sample:
    """Run ``cmd`` to its end; its wall time and its own peak RSS. Output is kept (stdout + stderr).

    The peak comes from GNU time (``/usr/bin/time -f %M``), a small process that forks the command:
    Linux carries a parent's memory high-water mark into a child it spawns, so ``os.wait4`` from this
    (large) Python process would add this process's own peak to every child's."""
    tmp = Path(os.environ.get("TMPDIR", "/tmp"))
    out_path = tmp / f"satudata-bench-out-{os.getpid()}.txt"
    rss_path = tmp / f"satudata-bench-rss-{os.getpid()}.txt"
    with open(out_path, "w+b") as out:
        started = time.perf_counter()
        proc = subprocess.run([TIME, "-f", "%M", "-o", str(rss_path), *cmd], stdout=out,
                              stderr=subprocess.STDOUT, env=env, cwd=cwd)
        seconds = time.perf_counter() - started
        out.seek(0)
        output = out.read().decode("utf-8", errors="replace")
    peak_kb = int(rss_path.read_text().split()[-1])
    out_path.unlink(missing_ok=True)
    rss_path.unlink(missing_ok=True)
    return Sample(seconds, peak_kb / 1024, proc.returncode, output)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}/{fifteen:.1f} ({os.cpu_count()} cores)"


def spread(values: list[float], unit: str = "s", fmt: str = ".2f") -> str:
    """min/median/max, e.g. ``7.51/7.80/8.46 s``."""
    lo, mid, hi = min(values), statistics.median(values), max(values)
    return f"{lo:{fmt}}/{mid:{fmt}}/{hi:{fmt}} {unit}"


def verdict(ratio: float, goal: float) -> str:
    return f"goal <= {goal:g}x: {'met' if ratio <= goal else 'NOT met'}"


def env_rows(default: int) -> int:
    """BENCH_ROWS (a smoke run: e.g. BENCH_ROWS=20000), else the full size."""
    return int(os.environ.get("BENCH_ROWS", default))
