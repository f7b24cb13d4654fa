"""What Dagster keeps between assets: the checked table as Parquet, never a pickle, and nothing of a
refused file (issue 12.10, 16.3)."""

import json
import pickle
import stat

import pyarrow.parquet as pq
import pytest

from pipelines.assets import asset_key
from pipelines.definitions import build_definitions
from pipelines.inbox.process import table_config
from pipelines.io_manager import forget_pickles
from pipelines.resources import Workspace
from pipelines.runner import dagster_instance, materialize_datasets, outcomes
from pipelines.spec import load_specs, project_root

SPEC = next(s for s in load_specs(project_root() / "datasets") if s.name == "fasilitas-kesehatan-desa")
GOOD = project_root() / "samples/dinkes/fasilitas_kesehatan_desa_2024.csv"
NIK = "6409015208870003"


def stored(home, stage: str, suffix: str):
    return home.joinpath("storage", *asset_key(SPEC, stage).path[:-1], asset_key(SPEC, stage).path[-1] + suffix)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    return tmp_path / "dagster-home"


@pytest.fixture
def with_nik(tmp_path):
    """The good sample with one NIK typed into a village name: the PII guard blocks it."""
    path = tmp_path / "in" / GOOD.name
    path.parent.mkdir()
    path.write_text(GOOD.read_text(encoding="utf-8").replace(";PETUNG;", f";PETUNG {NIK};"), encoding="utf-8")
    return path


def run(tmp_path, home, stages, file=None):
    defs = build_definitions(Workspace(data_dir=str(tmp_path / "data"), publish=False))
    with dagster_instance(home) as instance:
        return materialize_datasets(defs, [SPEC], stages, instance=instance,
                                    run_config=table_config(SPEC, file) if file else None)


def stored_bytes(home):
    return {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}


def is_pickle(data: bytes) -> bool:
    try:
        pickle.loads(data)
    except Exception:
        return False
    return True


def test_a_refused_file_leaves_no_row_of_it_in_dagster_home(tmp_path, home, with_nik):
    result = run(tmp_path, home, ("table",), with_nik)
    [outcome] = outcomes(result, [SPEC])
    assert outcome.status == "blocked"
    hits = [p for p, data in stored_bytes(home).items() if NIK.encode() in data or b"PETUNG" in data]
    assert hits == []
    marker = json.loads(stored(home, "table", ".json").read_text())
    assert marker["blocked"] >= 1 and "report" not in marker
    assert not stored(home, "table", ".parquet").exists()


def test_a_passed_table_goes_on_as_parquet_and_nothing_is_pickled(tmp_path, home):
    result = run(tmp_path, home, ("table", "parquet"))
    assert {o.status for o in outcomes(result, [SPEC])} <= {"ok", "warn"}
    assert pq.read_table(stored(home, "table", ".parquet")).num_rows == 54
    assert json.loads(stored(home, "parquet", ".json").read_text())["value"] == {"2024": str(
        tmp_path / "data" / "parquet" / SPEC.organization / SPEC.name / "2024.parquet")}
    assert [p for p, data in stored_bytes(home / "storage").items() if is_pickle(data)] == []


def test_a_blocked_file_replaces_the_last_good_table_and_parquet_then_refuses(tmp_path, home, with_nik):
    run(tmp_path, home, ("table",))
    assert stored(home, "table", ".parquet").exists()
    run(tmp_path, home, ("table",), with_nik)
    assert not stored(home, "table", ".parquet").exists()
    later = run(tmp_path, home, ("parquet",))
    assert not later.success
    assert not list((tmp_path / "data").rglob("*.parquet"))


def test_dagster_home_and_its_storage_are_for_their_owner_only(home):
    with dagster_instance(home):
        pass
    for path in (home, home / "storage"):
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_pickles_an_older_version_left_are_removed(home):
    old = home / "storage" / SPEC.organization / SPEC.name / "table"
    old.parent.mkdir(parents=True)
    old.write_bytes(pickle.dumps({"nik": NIK}))
    with dagster_instance(home):
        pass
    assert not old.exists()
    assert forget_pickles(home / "storage") == []
