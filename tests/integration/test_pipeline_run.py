"""A Dagster materialisation of every sample dataset, into a temporary data folder (no portal)."""

import dagster as dg
import pyarrow.parquet as pq
import pytest

from pipelines.assets import asset_key
from pipelines.definitions import build_definitions
from pipelines.parquet import META_CONTENT, META_SPEC, parquet_schema
from pipelines.resources import Workspace
from pipelines.runner import materialize_datasets, outcomes
from pipelines.spec import load_specs, project_root

SPECS = load_specs(project_root() / "datasets")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    workspace = Workspace(data_dir=str(data), publish=False)
    defs = build_definitions(workspace)
    result = materialize_datasets(defs, SPECS, ("table", "parquet"), instance=dg.DagsterInstance.ephemeral())
    return data, result


def test_every_sample_dataset_materialises_and_passes_its_blocking_checks(run):
    _, result = run
    assert result.success
    by_dataset = {o.dataset: o for o in outcomes(result, SPECS)}
    assert set(by_dataset) == {s.key for s in SPECS}
    assert {o.status for o in by_dataset.values()} <= {"ok", "warn"}, by_dataset


@pytest.mark.parametrize("spec", SPECS, ids=[s.key for s in SPECS])
def test_parquet_files_are_typed_as_the_spec_says(run, spec):
    data, _ = run
    files = sorted((data / "parquet" / spec.organization / spec.name).glob("*.parquet"))
    assert files, f"no Parquet written for {spec.key}"
    expected = parquet_schema(spec)  # money (a number with a scale) as decimal128
    for f in files:
        written = pq.read_schema(f)
        assert [(x.name, x.type) for x in written] == [(x.name, x.type) for x in expected]
        meta = pq.read_metadata(f).metadata
        assert meta[META_SPEC] == spec.key.encode()
        assert len(meta[META_CONTENT]) == 64


def test_a_blocked_file_writes_no_parquet(tmp_path):
    spec = next(s for s in SPECS if s.name == "fasilitas-kesehatan-desa")
    bad = project_root() / "samples/_rejects/dinkes/fasilitas_kesehatan_desa_2024_negatif.csv"
    defs = build_definitions(Workspace(data_dir=str(tmp_path), publish=False))
    op = asset_key(spec, "table").to_python_identifier()
    result = materialize_datasets(defs, [spec], ("table", "parquet"), instance=dg.DagsterInstance.ephemeral(),
                                  run_config={"ops": {op: {"config": {"path": str(bad)}}}})
    [outcome] = outcomes(result, [spec])
    assert outcome.status == "blocked" and outcome.blocking >= 1
    assert not list(tmp_path.rglob("*.parquet"))
