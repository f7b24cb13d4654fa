"""Hand-in latency (issue 15, goal 6): with the daemon running (`satudata ui up --port <free>`, in a
throwaway SATUDATA_ROOT and DAGSTER_HOME), a sample file copied into ``inbox/<opd>/`` is timed until its
``<file>.laporan.json`` answer appears (goal 30 s) and, when a portal is reachable, until its dataset
is public on it (goal 60 s; a dataset already on the portal is purged first, so that the time is
that of this hand-in). Without a portal only the answer time is printed and
the run says so. Three sample files, one after the other; `satudata ui down` stops what was started.

``python -m benchmarks handin`` (sample files: BENCH_ROWS does not apply)."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks._measure import bin_path, load, run_process
from benchmarks._workspace import child_env, with_samples
from benchmarks.noop import reachable_portal

GOAL_ANSWER, GOAL_PUBLIC = 30.0, 60.0
TIMEOUT = 300.0
HANDINS = [  # (opd, sample file, dataset)
    ("disdukcapil", "samples/disdukcapil/penduduk_kecamatan_jenis_kelamin_2021-2024.xlsx",
     "penduduk-kecamatan-jenis-kelamin"),
    ("bkad", "samples/bkad/realisasi_anggaran_bulanan_2024.csv", "realisasi-anggaran-bulanan"),
    ("dinkes", "samples/dinkes/fasilitas_kesehatan_desa_2024.csv", "fasilitas-kesehatan-desa"),
]


def wait_for(tests: dict, timeout: float = TIMEOUT, every: float = 0.2) -> dict[str, float | None]:
    """Seconds from now until each of ``tests`` (name -> callable) first holds, all watched together
    (None: not within ``timeout``)."""
    started = time.perf_counter()
    seen: dict[str, float | None] = dict.fromkeys(tests)
    while time.perf_counter() - started < timeout and any(v is None for v in seen.values()):
        for name, test in tests.items():
            if seen[name] is None and test():
                seen[name] = time.perf_counter() - started
        time.sleep(every)
    return seen


def public_since(dataset: str, since: float):
    """A test: the dataset is public on the portal and was changed after ``since`` (epoch seconds)."""
    import datetime as dt

    from pipelines.publish.resource import CkanResource

    client = CkanResource().client()

    def test() -> bool:
        try:
            found = client.action.package_show(id=dataset)
        except Exception:  # not there yet (NotFound) or the portal busy: ask again
            return False
        modified = dt.datetime.fromisoformat(found["metadata_modified"]).replace(tzinfo=dt.UTC)
        return not found.get("private") and modified.timestamp() >= since
    return test


def purge(dataset: str) -> bool:
    """Remove the dataset (and its staging twin) from the portal, so that the hand-in is timed until
    its dataset is public, not found public already from an earlier run. True if there was one."""
    from ckanapi import NotFound

    from pipelines.publish.resource import CkanResource

    client = CkanResource().client()
    found = False
    for name in (dataset, f"{dataset}--staging"):
        try:
            client.action.dataset_purge(id=name)
            found = True
        except NotFound:
            pass
    return found


def main() -> None:
    from pipelines.inbox.handins import answer_path
    from pipelines.portal.processes import free_port
    from pipelines.spec import project_root

    with tempfile.TemporaryDirectory(prefix="satudata-bench-handin-") as tmp:
        tmp = Path(tmp)
        env = child_env(tmp)
        root = with_samples(tmp)
        port = free_port()
        portal = reachable_portal()
        started = run_process([bin_path("satudata"), "ui", "up", "--port", str(port)], env=env)
        print(f"satudata ui up --port {port}: {started.seconds:.1f} s, exit {started.returncode}: "
              f"{started.output.strip()[-300:]} | {load()}", flush=True)
        try:
            if started.returncode != 0:
                raise RuntimeError("the daemon did not start")
            for opd, sample, dataset in HANDINS:
                inbox = root / "inbox" / opd
                inbox.mkdir(parents=True, exist_ok=True)
                target = inbox / Path(sample).name
                if portal is not None and purge(dataset):
                    print(f"    {dataset} was on the portal already: purged first, to time it until public anew")
                dropped_at = time.time()
                shutil.copyfile(project_root() / sample, target.with_suffix(target.suffix + ".part"))
                target.with_suffix(target.suffix + ".part").rename(target)  # appears whole, as a finished copy
                answer = answer_path(target)
                tests = {"answer": answer.exists}
                if portal is not None:
                    tests["public"] = public_since(dataset, dropped_at)
                seen = wait_for(tests)
                if seen["answer"] is None:
                    print(f"  {target.name}: NO answer within {TIMEOUT:.0f} s | {load()}")
                else:
                    status = json.loads(answer.read_text(encoding="utf-8")).get("status", "?")
                    print(f"  {opd}/{target.name}: answered {seen['answer']:.1f} s after the drop (status {status};"
                          f" goal {GOAL_ANSWER:.0f} s: {'met' if seen['answer'] <= GOAL_ANSWER else 'NOT met'}) | "
                          f"{load()}", flush=True)
                if portal is None:
                    print("    public: not timed, no portal reachable (answer time only)")
                    continue
                public = seen["public"]
                print(f"    public on {portal}: " + (f"NOT within {TIMEOUT:.0f} s" if public is None else
                      f"{public:.1f} s after the drop (goal {GOAL_PUBLIC:.0f} s: "
                      f"{'met' if public <= GOAL_PUBLIC else 'NOT met'})") + f" | {load()}", flush=True)
        finally:
            stopped = run_process([bin_path("satudata"), "ui", "down"], env=env)
            print(f"satudata ui down: {stopped.output.strip()[-200:]}")


if __name__ == "__main__":
    main()
