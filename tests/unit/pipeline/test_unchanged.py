"""Unchanged costs nothing (issue 15.4): a run whose file, spec and code are what they were reuses the
stored report and Parquet without reading or checking; anything changed is checked again; a blocked
file is never reused as passed."""

import json
import shutil
import subprocess
import sys

import pytest

import pipelines.check
import pipelines.fingerprint
from pipelines.definitions import build_definitions
from pipelines.inbox.process import table_config
from pipelines.resources import Workspace
from pipelines.runner import dagster_instance, materialize_datasets, outcomes
from pipelines.spec import load_spec, project_root

SPEC_FILE = project_root() / "datasets/dinkes/fasilitas-kesehatan-desa.yaml"
GOOD = project_root() / "samples/dinkes/fasilitas_kesehatan_desa_2024.csv"
NIK = "6409015208870003"


@pytest.fixture
def reads(monkeypatch):
    """How many times the reader was called."""
    calls = []
    real = pipelines.check.read

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(pipelines.check, "read", counting)
    return calls


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A datasets folder of its own (one spec, editable), a data folder and a Dagster home."""
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    spec_file = tmp_path / "datasets" / "dinkes" / SPEC_FILE.name
    spec_file.parent.mkdir(parents=True)
    shutil.copyfile(SPEC_FILE, spec_file)
    file = tmp_path / "in" / GOOD.name
    file.parent.mkdir()
    shutil.copyfile(GOOD, file)
    return tmp_path


def run(project, file=None, stages=("table", "parquet")):
    workspace = Workspace(data_dir=str(project / "data"), datasets_dir=str(project / "datasets"), publish=False)
    spec = load_spec(project / "datasets" / "dinkes" / SPEC_FILE.name)
    defs = build_definitions(workspace)
    with dagster_instance(project / "home") as instance:
        result = materialize_datasets(defs, [spec], stages, instance=instance,
                                      run_config=table_config(spec, file) if file else None)
    [outcome] = outcomes(result, [spec])
    return outcome


def reused(project) -> bool:
    """What the last run's table materialisation said about itself."""
    with dagster_instance(project / "home") as instance:
        spec = load_spec(project / "datasets" / "dinkes" / SPEC_FILE.name)
        from pipelines.assets import asset_key

        event = instance.get_latest_materialization_event(asset_key(spec, "table"))
        return event.asset_materialization.metadata["reused"].value


def test_a_second_run_on_the_same_file_does_not_read_it_and_gives_the_same_outcome(project, reads):
    file = project / "in" / GOOD.name
    first = run(project, file)
    assert len(reads) == 1 and first.status in ("ok", "warn") and first.rows == 54
    second = run(project, file)
    assert len(reads) == 1  # not read again
    assert second == first
    assert reused(project)


def test_the_same_bytes_under_another_name_are_reused_and_named_as_the_new_file(project, reads):
    run(project, project / "in" / GOOD.name)
    other = project / "in" / "faskes_2024_salinan.csv"
    shutil.copyfile(GOOD, other)
    outcome = run(project, other)
    assert len(reads) == 1 and outcome.status in ("ok", "warn")
    stored = json.loads(next((project / "home" / "storage").rglob("*.table.json")).read_text())
    assert stored["file"] == str(other) and stored["report"]["file"] == str(other)


def test_a_changed_file_is_read_and_checked_again(project, reads):
    file = project / "in" / GOOD.name
    run(project, file)
    file.write_text(file.read_text(encoding="utf-8").replace(";PETUNG;", ";PETUNG BARU;"), encoding="utf-8")
    outcome = run(project, file)
    assert len(reads) == 2 and outcome.status in ("ok", "warn")
    assert not reused(project)


def test_a_changed_spec_is_checked_again(project, reads):
    file = project / "in" / GOOD.name
    run(project, file)
    spec_file = project / "datasets" / "dinkes" / SPEC_FILE.name
    spec_file.write_text(spec_file.read_text(encoding="utf-8").replace(
        "en: Health Facilities by Village", "en: Health Facilities per Village"), encoding="utf-8")
    run(project, file)
    assert len(reads) == 2
    run(project, file)
    assert len(reads) == 2  # and that new outcome is reused in turn


def test_another_code_version_is_checked_again(project, reads, monkeypatch):
    file = project / "in" / GOOD.name
    run(project, file)
    monkeypatch.setattr(pipelines.fingerprint, "code_version", lambda: "0.1.0+another")
    run(project, file)
    assert len(reads) == 2


def test_a_blocked_file_is_never_reused_and_stays_blocked(project, reads):
    file = project / "in" / GOOD.name
    file.write_text(GOOD.read_text(encoding="utf-8").replace(";PETUNG;", f";PETUNG {NIK};"), encoding="utf-8")
    first = run(project, file)
    assert first.status == "blocked" and first.blocking >= 1
    second = run(project, file)
    assert len(reads) == 2  # checked again, never taken from a stored outcome
    assert second.status == "blocked" and second.blocking == first.blocking


def test_a_good_file_after_a_blocked_one_is_checked_not_taken_from_before(project, reads):
    good = project / "in" / GOOD.name
    run(project, good)
    bad = project / "in" / "faskes_nik.csv"
    bad.write_text(GOOD.read_text(encoding="utf-8").replace(";PETUNG;", f";PETUNG {NIK};"), encoding="utf-8")
    assert run(project, bad).status == "blocked"
    assert run(project, good).status in ("ok", "warn")
    assert len(reads) == 3


def test_a_stored_outcome_whose_parquet_is_gone_is_checked_again(project, reads):
    file = project / "in" / GOOD.name
    run(project, file)
    next((project / "home" / "storage").rglob("*.table.parquet")).unlink()
    outcome = run(project, file)
    assert len(reads) == 2 and outcome.status in ("ok", "warn")


def test_changed_history_is_checked_again(project, reads):
    """A year-on-year rule compares with the other periods on disk: a new earlier period re-checks."""
    file = project / "in" / GOOD.name
    run(project, file)
    earlier = project / "in" / "fasilitas_kesehatan_desa_2023.csv"
    earlier.write_text(GOOD.read_text(encoding="utf-8").replace("2024", "2023"), encoding="utf-8")
    assert run(project, earlier).status in ("ok", "warn")
    run(project, file)
    assert len(reads) == 3


REUSED_RUN = """
import sys
from pipelines.definitions import build_definitions
from pipelines.resources import Workspace
from pipelines.runner import dagster_instance, materialize_datasets, outcomes
from pipelines.spec import load_spec
spec = load_spec(sys.argv[1] + "/datasets/dinkes/{name}")
workspace = Workspace(data_dir=sys.argv[1] + "/data", datasets_dir=sys.argv[1] + "/datasets", publish=False)
with dagster_instance(__import__("pathlib").Path(sys.argv[1]) / "home") as instance:
    result = materialize_datasets(build_definitions(workspace), [spec], ("table", "parquet"), instance=instance)
[outcome] = outcomes(result, [spec])
print(outcome.status, "great_expectations" in sys.modules)
"""


def test_an_unchanged_run_does_not_import_great_expectations(project):
    script = REUSED_RUN.format(name=SPEC_FILE.name)
    env = {"PATH": "/usr/bin:/bin", "DAGSTER_DISABLE_TELEMETRY": "1", "HOME": str(project)}
    first = subprocess.run([sys.executable, "-c", script, str(project)], capture_output=True, text=True,
                           env=env, cwd=project_root(), check=True)
    assert first.stdout.split()[-1] == "True"  # a check that runs uses GX
    second = subprocess.run([sys.executable, "-c", script, str(project)], capture_output=True, text=True,
                            env=env, cwd=project_root(), check=True)
    status, imported = second.stdout.split()[-2:]
    assert status in ("ok", "warn") and imported == "False"
