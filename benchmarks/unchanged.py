"""`satudata run --publish` when nothing changed (issue 15.4), beside `satudata datasets` in the same run.

A throwaway portal (as the integration tests start one); every sample dataset is run and published once,
then, interleaved three times each, the same `satudata run --publish` (nothing changed: every table is
reused, nothing is uploaded) and `satudata datasets`, both as whole processes. Goal: the no-op run within
1.5 s of `satudata datasets`, 0 bytes uploaded. One more no-op run counts the HTTP requests it makes to
the portal and the bytes of the files it sends.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = "import sys; from pipelines.cli import main; sys.exit(main(sys.argv[1:]))"
COUNTING = """
import json, os, sys, requests
from pipelines.cli import main
calls, sent = [], [0]
real = requests.Session.request
def counting(self, method, url, *args, **kwargs):
    calls.append(url.rsplit("/", 1)[-1])
    for item in (kwargs.get("files") or {}).values():
        handle = item[1] if isinstance(item, tuple) else item
        sent[0] += os.fstat(handle.fileno()).st_size
    return real(self, method, url, *args, **kwargs)
requests.Session.request = counting
code = main(sys.argv[1:])
print(json.dumps({"calls": calls, "bytes": sent[0], "code": code}), file=sys.stderr)
"""
GOAL_SECONDS = 1.5


def satudata(args: list[str], env: dict, script: str = CLI) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env)
    return time.perf_counter() - started, done


def main() -> None:
    from pipelines.portal import down, up
    from pipelines.portal.processes import free_port
    from pipelines.spec import project_root

    root = project_root()
    work = Path(tempfile.mkdtemp(prefix="satudata-bench-unchanged-"))
    state = Path(tempfile.mkdtemp(prefix="satudata-bench-portal-"))  # as the tests' portal (postgres reaches it)
    try:
        connection = up(state, free_port(), log=lambda m: None, durable=False)
        (work / "samples").symlink_to(root / "samples")
        env = {**os.environ, "SATUDATA_ROOT": str(work), "DAGSTER_HOME": str(work / "home"),
               "SATUDATA_CKAN_URL": connection.url, "SATUDATA_CKAN_TOKEN": connection.token,
               "DAGSTER_DISABLE_TELEMETRY": "1", "PYTHONPATH": str(root)}
        run = ["run", "--publish"]
        first, done = satudata(run, env)
        if done.returncode != 0:
            raise RuntimeError(f"the first run failed:\n{done.stdout}\n{done.stderr}")
        print(f"first run (read, check, publish every sample dataset): {first:.2f} s")
        noop, listing = [], []
        for _ in range(3):
            seconds, done = satudata(run, env)
            if done.returncode != 0 or "created" in done.stdout or "updated" in done.stdout:
                raise RuntimeError(f"the no-op run did something:\n{done.stdout}\n{done.stderr}")
            noop.append(seconds)
            listing.append(satudata(["datasets"], env)[0])
        _, counted = satudata(run, env, COUNTING)
        figures = json.loads(counted.stderr.strip().splitlines()[-1])
        actions: dict[str, int] = {}
        for action in figures["calls"]:
            actions[action] = actions.get(action, 0) + 1
        a, b = statistics.median(noop), statistics.median(listing)
        print(f"satudata run --publish, nothing changed: {' '.join(f'{x:.2f}' for x in noop)} s "
              f"(median {a:.2f} s)")
        print(f"satudata datasets (floor):              {' '.join(f'{x:.2f}' for x in listing)} s "
              f"(median {b:.2f} s)")
        print(f"difference {a - b:.2f} s (goal <= {GOAL_SECONDS} s), ratio {a / b:.1f}x; "
              f"uploaded {figures['bytes']} bytes; {len(figures['calls'])} HTTP requests to the portal: "
              + ", ".join(f"{k} {v}" for k, v in sorted(actions.items())))
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        down(state, log=lambda m: None)
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(state, ignore_errors=True)


if __name__ == "__main__":
    main()
