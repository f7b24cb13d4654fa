"""Specs at scale (issue 16.2): the checkout's 6 specs, then 500 and 5,000 generated ones across 100 OPD
(copies of the real specs under new names), each measured in a fresh process:

- ``satudata datasets`` (the CLI, start to end): with no spec index yet, and again with it (the
  usual case: only changed specs are parsed);
- the Dagster Definitions of every spec: built, then resolved as the UI and daemon do (goal <= 5 s);
- one ``inbox`` sensor tick with one hand-in in a real OPD and one in a generated OPD of 50 specs (goal < 2 s);
- one hand-in run (``satudata inbox --once`` path, not publishing): its process's peak memory.

Goals beside the figures; times are wall clock on this machine, which others share."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import yaml

from pipelines.spec import project_root, spec_files

OPDS = 100
SIZES = (6, 500, 5000)
ISSUE = {6: ("0.41 s", "2.1 s / 172 MB"), 500: ("3.3 s", "8.1 s / 205 MB"),
         5000: ("(2000: 14.4 s)", "(2000: 28.9 s / 310 MB)")}  # the issue's table (it stopped at 2,000)
SAMPLE = project_root() / "samples" / "dinkes" / "fasilitas_kesehatan_desa_2024.csv"
GENERATED_OPD = "opd-001"


def generate(root: Path, n: int) -> Path | None:
    """The checkout's specs and ``n - 6`` copies across OPDS folders; the file matching a generated
    spec of GENERATED_OPD (by its name) is returned (None when nothing is generated)."""
    datasets = root / "datasets"
    shutil.copytree(project_root() / "datasets", datasets)
    templates = [(p, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in spec_files(datasets)]
    target = None
    for i in range(n - len(templates)):
        path, data = templates[i % len(templates)]
        opd = f"opd-{i % OPDS:03d}"
        name = f"{data['name']}-{i}"
        copy = {**data, "name": name, "organization": opd,
                "source": {**data["source"], "match": [f"{name}*"]}}
        out = datasets / opd / f"{name}.yaml"
        out.parent.mkdir(exist_ok=True)
        out.write_text(yaml.safe_dump(copy, allow_unicode=True, sort_keys=False), encoding="utf-8")
        if opd == GENERATED_OPD and path.parent.name == "dinkes" and target is None:
            target = name
    return target


def child(code: str, cwd: Path) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON line last. Adds its peak RSS (MB)."""
    wrapper = textwrap.dedent(code) + textwrap.dedent("""
        import resource, json as _j
        OUT["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(_j.dumps(OUT))
    """)
    env = {**os.environ, "DAGSTER_HOME": str(cwd / ".dagster"), "DAGSTER_DISABLE_TELEMETRY": "1"}
    (cwd / ".dagster").mkdir(exist_ok=True)
    done = subprocess.run([sys.executable, "-c", wrapper], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=3600)
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def datasets_cli(root: Path) -> float:
    start = time.perf_counter()
    satudata = Path(sys.executable).with_name("satudata")  # the console script, as an officer runs it
    done = subprocess.run([str(satudata), "datasets", "--root", str(root / "datasets")],
                          capture_output=True, text=True, cwd=project_root(), timeout=3600)
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return time.perf_counter() - start


DEFINITIONS = """
import time
t0 = time.perf_counter()
from pipelines.definitions import build_definitions
from pipelines.resources import Workspace
t1 = time.perf_counter()
defs = build_definitions(Workspace(root="{root}", datasets_dir="{root}/datasets", publish=False))
t2 = time.perf_counter()
defs.get_repository_def().get_all_jobs()
t3 = time.perf_counter()
OUT = {{"import": t1 - t0, "build": t2 - t1, "resolve": t3 - t2}}
"""

TICK = """
import os, time, dagster as dg
from pipelines.publish import CkanResource
from pipelines.resources import Workspace
from pipelines.sensors import inbox_sensor
from pipelines.spec_manifest import workspace_manifest
ws = Workspace(root="{root}", datasets_dir="{root}/datasets", publish=False)
t0 = time.perf_counter()
workspace_manifest(ws)
t1 = time.perf_counter()
ctx = dg.build_sensor_context(instance=dg.DagsterInstance.ephemeral(),
                              resources={{"workspace": ws, "ckan": CkanResource(connection_file="{root}/none.json")}})
t2 = time.perf_counter()
empty = list(inbox_sensor(ctx))
t3 = time.perf_counter()
for rel, src in {files!r}:
    p = ws.inbox / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(open(src, "rb").read())
    os.utime(p, (time.time() - 60, time.time() - 60))
t4 = time.perf_counter()
requests = list(inbox_sensor(ctx))
t5 = time.perf_counter()
OUT = {{"index": t1 - t0, "empty_tick": t3 - t2, "tick": t5 - t4, "requests": len(requests)}}
"""

RUN = """
import os, time
from pipelines.resources import Workspace
from pipelines.uploads.cycle import process_inbox
ws = Workspace(root="{root}", datasets_dir="{root}/datasets", publish=False)
p = ws.inbox / "dinkes" / "{name}"
p.parent.mkdir(parents=True, exist_ok=True)
p.write_bytes(open("{sample}", "rb").read())
os.utime(p, (time.time() - 60, time.time() - 60))
t0 = time.perf_counter()
done = process_inbox(ws, settle=0)
OUT = {{"run": time.perf_counter() - t0, "status": [o.status for o in done]}}
"""


def measure(n: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="satudata-bench-specs-") as tmp:
        root = Path(tmp)
        target = generate(root, n)
        figures = {"cold": datasets_cli(root), "warm": datasets_cli(root)}
        defs = child(DEFINITIONS.format(root=root), root)
        figures |= {k: defs[k] for k in ("import", "build", "resolve")} | {"defs_mb": defs["peak_mb"]}
        files = [(f"dinkes/{SAMPLE.name}", str(SAMPLE))]
        if target:
            files.append((f"{GENERATED_OPD}/{target}_2024.csv", str(SAMPLE)))
        tick = child(TICK.format(root=root, files=files), root)
        shutil.rmtree(root / "inbox", ignore_errors=True)
        run = child(RUN.format(root=root, name=SAMPLE.name, sample=SAMPLE), root)
        figures |= {"index": tick["index"], "empty_tick": tick["empty_tick"], "tick": tick["tick"],
                    "requests": tick["requests"], "run": run["run"], "run_mb": run["peak_mb"],
                    "run_status": run["status"]}
        return figures


def main() -> None:
    rows = {n: measure(n) for n in SIZES}
    print(f"{'specs':>6} | {'issue: datasets':>15} | {'datasets (no index)':>19} | {'datasets':>8} | "
          f"{'issue: import defs':>22} | {'defs build+resolve / peak':>26} | {'sensor tick: empty / 2 files':>28} | "
          f"{'run: time / peak':>18}")
    for n, f in rows.items():
        issue_ds, issue_defs = ISSUE[n]
        print(f"{n:>6} | {issue_ds:>15} | {f['cold']:>17.2f} s | {f['warm']:>6.2f} s | {issue_defs:>22} | "
              f"{f['build'] + f['resolve']:>7.2f} s ({f['build']:.2f}+{f['resolve']:.2f}) / {f['defs_mb']:>4.0f} MB | "
              f"{f['empty_tick']:>9.3f} s / {f['tick']:>6.2f} s ({f['requests']} req) | "
              f"{f['run']:>5.2f} s / {f['run_mb']:>4.0f} MB  {','.join(f['run_status'])}")
    base = rows[SIZES[0]]["run_mb"]
    print(f"\ngoals at 5,000 specs: `satudata datasets` <= 2 s, Definitions <= 5 s, sensor tick < 2 s, "
          f"a run's memory independent of the spec count (here {rows[SIZES[-1]]['run_mb'] / base:.2f}x the 6-spec run)")
    print("index: the spec index brought up to date (stat of every spec file) at the start of a tick: "
          + ", ".join(f"{n}: {f['index']:.2f} s" for n, f in rows.items()))


if __name__ == "__main__":
    main()
