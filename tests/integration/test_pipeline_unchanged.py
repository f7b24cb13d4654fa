"""Unchanged costs nothing (issue 15.4), end to end: a second `satudata run --publish` of the same
file, spec and code against the test portal does not check the file again and changes nothing on the
portal (resource ids, URLs, last_modified, the dataset's metadata_modified)."""

import os
import subprocess
import sys

import dagster as dg

from pipelines.assets import asset_key
from pipelines.spec import load_specs, project_root

SPEC = next(s for s in load_specs(project_root() / "datasets") if s.name == "kejadian-bencana")
CLI = "import sys; from pipelines.cli import main; sys.exit(main(sys.argv[1:]))"


def satudata(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CLI, *args], capture_output=True, text=True, env=env,
                          cwd=project_root(), timeout=600)


def resources(package: dict) -> list[tuple]:
    return sorted((r["id"], r["url"], r.get("last_modified"), r["metadata_modified"], r.get("size"))
                  for r in package["resources"])


def test_a_second_run_of_the_same_file_changes_nothing_on_the_portal(portal, tmp_path):
    env = {**os.environ, "SATUDATA_ROOT": str(tmp_path), "DAGSTER_HOME": str(tmp_path / "home"),
           "SATUDATA_CKAN_URL": portal.url, "SATUDATA_CKAN_TOKEN": portal.token,
           "DAGSTER_DISABLE_TELEMETRY": "1", "PYTHONPATH": str(project_root())}
    sample = str(project_root() / SPEC.source.sample)
    args = ["run", "--publish", "--dataset", SPEC.name, "--file", sample]
    first = satudata(args, env)
    assert first.returncode == 0, first.stdout + first.stderr
    before = portal.api().action.package_show(id=SPEC.name)
    assert before["resources"]

    second = satudata(args, env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "unchanged" in second.stdout  # the summary's portal column
    after = portal.api().action.package_show(id=SPEC.name)
    assert after["metadata_modified"] == before["metadata_modified"]
    assert resources(after) == resources(before)
    with dg.DagsterInstance.from_config(str(tmp_path / "home")) as instance:
        event = instance.get_latest_materialization_event(asset_key(SPEC, "table"))
    assert event.asset_materialization.metadata["reused"].value is True  # not read, not checked again
