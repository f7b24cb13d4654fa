"""``satudata check`` on one file, the way an officer runs it, measured from outside.

The command runs under a wrapper process that holds it to an address-space limit (setrlimit) and
becomes the reaper of everything it starts (``PR_SET_CHILD_SUBREAPER``): the reader's fork server
and its reading children are waited for by the wrapper, so ``getrusage(RUSAGE_CHILDREN)`` gives
the peak RSS of the whole tree. ``python -m tests.hostile.hostile_harness`` runs the whole corpus
and prints the figure the README quotes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATASET = "kepala-keluarga-kecamatan"  # a spec without a pinned sheet: every readable table is checked
ADDRESS_SPACE = 8 * 1024**3  # the command's own limit (its imports map ~2 GiB of address space)
TIMEOUT = 120

_WRAPPER = r"""
import ctypes, json, os, resource, subprocess, sys, time
ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
start = time.monotonic()
done = subprocess.run(sys.argv[2:], capture_output=True, timeout=float(os.environ["HOSTILE_TIMEOUT"]))
seconds = time.monotonic() - start
while True:  # the fork server, orphaned when the command exits, is ours to wait for
    try:
        os.wait()
    except ChildProcessError:
        break
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"returncode": done.returncode, "stdout": done.stdout.decode("utf-8", "replace"),
                  "stderr": done.stderr.decode("utf-8", "replace"), "seconds": seconds, "peak": peak}))
"""


@dataclass
class Answer:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak: int  # bytes, the whole process tree

    @property
    def report(self) -> dict | None:
        try:
            return json.loads(self.stdout)
        except ValueError:
            return None

    @property
    def codes(self) -> list[str]:
        return [p["code"] for p in (self.report or {}).get("problems", [])]


def check(path: Path) -> Answer:
    satudata = Path(sys.executable).with_name("satudata")
    env = {**os.environ, "HOSTILE_TIMEOUT": str(TIMEOUT)}
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(ADDRESS_SPACE), str(satudata), "check", "--json",
         "--dataset", DATASET, str(path)],
        capture_output=True, cwd=ROOT, env=env, timeout=TIMEOUT + 30,
    )
    if done.returncode != 0:
        raise RuntimeError(f"wrapper failed: {done.stderr.decode(errors='replace')[-2000:]}")
    return Answer(**json.loads(done.stdout))


def main() -> int:
    sys.path.insert(0, str(Path(__file__).parent))
    from hostile_corpus import FINE, cases, write_corpus

    with tempfile.TemporaryDirectory(prefix="satudata-hostile-") as tmp:
        paths = write_corpus(tmp)
        with ThreadPoolExecutor(max_workers=2) as pool:
            answers = list(pool.map(check, paths))
    answered = crashed = tracebacks = 0
    for case, ans in zip(cases(), answers, strict=True):
        got = FINE if ans.returncode in (0, 1) else (ans.codes[0] if ans.codes else "?")
        ok = ans.returncode in (0, 1, 2) and ans.report is not None and got in case.answers
        answered += ok
        crashed += ans.returncode not in (0, 1, 2)
        tracebacks += "Traceback" in ans.stderr
        print(f"{'ok ' if ok else 'BAD'} exit {ans.returncode} {got:18s} {ans.seconds:5.1f} s "
              f"{ans.peak / 1024**2:6.0f} MiB  {case.name!r}")
    peak = max(a.peak for a in answers) / 1024**2
    slowest = max(a.seconds for a in answers)
    print(f"files tried {len(answers)}, answered {answered}, crashes {crashed}, tracebacks {tracebacks}, "
          f"peak memory {peak:.0f} MiB (whole process tree), slowest {slowest:.1f} s")
    return 0 if answered == len(answers) and not tracebacks else 1


if __name__ == "__main__":
    sys.exit(main())
