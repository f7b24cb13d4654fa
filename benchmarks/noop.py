"""A second `satudata run` on unchanged files, against `satudata datasets` (issue 15, goal 4: within
1.5 s of it). Every dataset of the checkout with its sample file, in a throwaway SATUDATA_ROOT and
DAGSTER_HOME: one run to store everything, then three back-to-back (run, datasets) pairs, each a whole
process. With a portal reachable the way `satudata run --publish` finds one (SATUDATA_CKAN_URL and
SATUDATA_CKAN_TOKEN, else the connection file of `satudata portal up`), the same with --publish;
without one that part is skipped and says so.

``python -m benchmarks noop`` (the sample files are small: BENCH_ROWS does not apply)."""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from benchmarks._measure import Sample, bin_path, load, run_process, spread
from benchmarks._workspace import child_env, with_samples

PAIRS = 3
GOAL_SECONDS = 1.5


def reachable_portal() -> str | None:
    """The portal `satudata run --publish` would use, if one answers; else None."""
    import requests

    from pipelines.publish.errors import PublishError
    from pipelines.publish.resource import resolve_connection

    try:
        url, _token = resolve_connection()
    except (PublishError, OSError, ValueError) as exc:
        print(f"  no portal configured ({exc})")
        return None
    try:
        requests.get(f"{url}/api/3/action/status_show", timeout=5).raise_for_status()
    except requests.RequestException as exc:
        print(f"  the configured portal {url} does not answer ({exc.__class__.__name__})")
        return None
    return url


def shown(sample: Sample, last: int = 20) -> str:
    lines = [ln for ln in sample.output.splitlines() if ln.strip()]
    return "\n".join(f"      {ln}" for ln in lines[-last:])


def noop_pairs(label: str, run_cmd: list[str], env: dict[str, str]) -> list[float]:
    first = run_process(run_cmd, env=env)
    print(f"  {label}: first run (stores everything) {first.seconds:.2f} s, exit {first.returncode} | {load()}",
          flush=True)
    if first.returncode != 0:
        raise RuntimeError(f"{' '.join(run_cmd)} exited {first.returncode}:\n{first.output[-3000:]}")
    gaps = []
    for i in range(PAIRS):
        again = run_process(run_cmd, env=env)
        listing = run_process([bin_path("satudata"), "datasets"], env=env)
        if again.returncode != 0 or listing.returncode != 0:
            raise RuntimeError(f"exit {again.returncode} / {listing.returncode}:\n{again.output[-3000:]}")
        gaps.append(again.seconds - listing.seconds)
        print(f"  {label} pair {i + 1}: unchanged run {again.seconds:.2f} s, {again.peak_mb:.0f} MB | satudata "
              f"datasets {listing.seconds:.2f} s | difference {gaps[-1]:.2f} s, ratio "
              f"{again.seconds / listing.seconds:.1f}x | {load()}", flush=True)
        if i == 0:
            print(f"    the unchanged run printed (last lines):\n{shown(again)}")
    median = statistics.median(gaps)
    print(f"  {label}: difference to `satudata datasets` {spread(gaps)} (goal within {GOAL_SECONDS} s: "
          f"{'met' if median <= GOAL_SECONDS else 'NOT met'})")
    return gaps


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="satudata-bench-noop-") as tmp:
        tmp = Path(tmp)
        env = child_env(tmp / "plain")
        with_samples(tmp / "plain")
        print(f"every dataset of the checkout with its sample; {load()}", flush=True)
        noop_pairs("satudata run", [bin_path("satudata"), "run"], env)
        url = reachable_portal()
        if url is None:
            print("  satudata run --publish: SKIPPED, no portal reachable (nothing timed)")
            return
        env = child_env(tmp / "publish")
        with_samples(tmp / "publish")
        print(f"  portal: {url}")
        noop_pairs("satudata run --publish", [bin_path("satudata"), "run", "--publish"], env)


if __name__ == "__main__":
    main()
