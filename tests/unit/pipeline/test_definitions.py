"""The Dagster Definitions of every spec shape: any valid OPD name works, and a broken spec is reported
and skipped while every other spec loads (issue 16.1)."""

import os
import shutil
import time

import dagster as dg
import pytest
import yaml

from pipelines.assets import group_names
from pipelines.cli import main
from pipelines.definitions import INVALID_GROUP, build_definitions
from pipelines.resources import Workspace
from pipelines.runner import materialize_datasets, outcomes
from pipelines.spec import load_specs, project_root

DATASETS = project_root() / "datasets"
REAL = load_specs(DATASETS)
FKD = DATASETS / "dinkes" / "fasilitas-kesehatan-desa.yaml"

BROKEN = {
    "dinkes/not-yaml.yaml": "name: [unclosed\n",
    "dinkes/not-a-mapping.yaml": "- just\n- a list\n",
    "dinkes/not-utf8.yaml": b"name: caf\xe9\n",
    "bpbd/wrong-type.yaml": None,   # a copy of a real spec with a column of an unknown type
    "bpbd/wrong-folder.yaml": None,  # organization: dinkes, kept in bpbd/
    "bpbd/same-name.yaml": None,     # a second spec named like a real one
}


def variant(name: str, organization: str, **changes) -> dict:
    data = yaml.safe_load(FKD.read_text(encoding="utf-8"))
    return {**data, "name": name, "organization": organization, **changes}


def write(root, rel: str, content) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, dict):
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    else:
        path.write_text(content, encoding="utf-8")


@pytest.fixture(scope="module")
def datasets(tmp_path_factory):
    """Every real spec, OPDs named with '-' and '_' (two that Dagster would spell alike), and one
    broken spec of each kind."""
    root = tmp_path_factory.mktemp("datasets")
    shutil.copytree(DATASETS, root, dirs_exist_ok=True)
    write(root, "satpol-pp/fasilitas-satpol.yaml", variant("fasilitas-satpol", "satpol-pp"))
    write(root, "satpol_pp/fasilitas-satpol-lain.yaml", variant("fasilitas-satpol-lain", "satpol_pp"))
    write(root, "dinas-pu-pr/jalan-desa.yaml", variant("jalan-desa", "dinas-pu-pr"))
    for rel, text in BROKEN.items():
        if text is not None:
            write(root, rel, text)
    bad_type = variant("salah-tipe", "bpbd")
    bad_type["schema"]["columns"][1]["type"] = "teks"
    write(root, "bpbd/wrong-type.yaml", bad_type)
    write(root, "bpbd/wrong-folder.yaml", variant("salah-folder", "dinkes"))
    write(root, "bpbd/same-name.yaml", variant(REAL[0].name, "bpbd"))
    return root


@pytest.fixture(scope="module")
def defs(datasets, tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    return build_definitions(Workspace(datasets_dir=str(datasets), data_dir=str(data), publish=False))


def test_the_definitions_load_with_every_good_spec(defs):
    dg.Definitions.validate_loadable(defs)
    keys = {tuple(k.path) for k in defs.resolve_asset_graph().get_all_asset_keys()}
    expected = [(s.organization, s.name) for s in REAL] + [
        ("satpol-pp", "fasilitas-satpol"), ("satpol_pp", "fasilitas-satpol-lain"), ("dinas-pu-pr", "jalan-desa")]
    for opd, name in expected:
        for stage in ("source", "table", "parquet", "portal"):
            assert (opd, name, f"{name}.{stage}") in keys


def test_each_broken_spec_is_shown_in_its_own_group_with_what_is_wrong(defs):
    graph = defs.resolve_asset_graph()
    shown = {k.path[-1]: graph.get(k) for k in graph.get_all_asset_keys() if k.path[0] == "invalid_spec"}
    assert set(shown) == {rel.split("/")[1] for rel in BROKEN}
    assert {node.group_name for node in shown.values()} == {INVALID_GROUP}
    assert shown["wrong-type.yaml"].metadata["field"].startswith("schema.columns[1")
    assert shown["wrong-folder.yaml"].metadata["field"] == "organization"
    assert REAL[0].name in shown["same-name.yaml"].metadata["error"]
    assert "wrong-type.yaml" in shown["wrong-type.yaml"].description


def test_an_opd_with_a_hyphen_gets_a_valid_group_of_its_own(defs):
    graph = defs.resolve_asset_graph()
    group_of = {tuple(k.path[:2]): graph.get(k).group_name for k in graph.get_all_asset_keys()
                if k.path[0] != "invalid_spec"}
    assert group_of[("dinas-pu-pr", "jalan-desa")] == "dinas_pu_pr"
    assert group_of[("satpol-pp", "fasilitas-satpol")] != group_of[("satpol_pp", "fasilitas-satpol-lain")]
    assert group_names(["dinkes", "satpol-pp"]) == {"dinkes": "dinkes", "satpol-pp": "satpol_pp"}


def test_a_dataset_of_an_opd_with_a_hyphen_runs(defs, datasets):
    spec = next(s for s in load_specs_of(datasets, "satpol-pp"))
    with dg.instance_for_test() as instance:
        result = materialize_datasets(defs, [spec], ("table", "parquet"), instance=instance)
    [outcome] = outcomes(result, [spec])
    assert outcome.status in ("ok", "warn"), outcome
    assert outcome.periods == {"2024": outcome.periods["2024"]}


def load_specs_of(root, opd):
    from pipelines.catalog import load_catalog

    return [s for s in load_catalog(root).specs if s.organization == opd]


def test_satudata_datasets_lists_the_good_specs_and_names_each_broken_one(datasets, capsys):
    code = main(["datasets", "--root", str(datasets)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "satpol-pp/fasilitas-satpol" in out and "dinas-pu-pr/jalan-desa" in out
    assert all(f"{s.organization}/{s.name}" in out for s in REAL)
    for rel in BROKEN:
        assert rel in err


def test_satudata_datasets_exits_0_when_every_spec_loads(capsys):
    assert main(["datasets"]) == 0
    assert capsys.readouterr().err == ""


def test_the_inbox_sensor_runs_hand_ins_while_a_spec_is_broken(datasets, tmp_path):
    from pipelines.sensors import inbox_sensor

    handin = tmp_path / "inbox" / "satpol-pp" / "fasilitas_kesehatan_desa_2024.csv"
    handin.parent.mkdir(parents=True)
    shutil.copy(project_root() / "samples/dinkes/fasilitas_kesehatan_desa_2024.csv", handin)
    os.utime(handin, (time.time() - 60, time.time() - 60))  # settled: the inbox takes only finished copies
    workspace = Workspace(root=str(tmp_path), datasets_dir=str(datasets), publish=False)
    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(instance=instance, resources={"workspace": workspace})
        requests = list(inbox_sensor(context))
    assert [r.tags["satudata/dataset"] for r in requests] == ["satpol-pp/fasilitas-satpol"]


def test_every_node_is_labelled_with_its_dataset(defs):
    """The UI labels a node with the last part of its key alone: that part names the dataset."""
    keys = [k for k in defs.resolve_asset_graph().get_all_asset_keys() if k.path[0] != "invalid_spec"]
    labels = [k.path[-1] for k in keys]
    assert all(label.startswith(f"{k.path[1]}.") for k, label in zip(keys, labels, strict=True))
    assert len(set(labels)) == len(labels)


@pytest.fixture
def small(tmp_path, monkeypatch):
    """A checkout whose datasets/ holds one good spec of an OPD with a hyphen and one broken spec."""
    root = tmp_path / "datasets"
    write(root, "satpol-pp/fasilitas-satpol.yaml", variant("fasilitas-satpol", "satpol-pp"))
    write(root, "bpbd/rusak.yaml", "name: [unclosed\n")
    import pipelines.resources

    workspace = Workspace(datasets_dir=str(root), data_dir=str(tmp_path / "data"), publish=False)
    monkeypatch.setattr(pipelines.resources, "Workspace", lambda: workspace)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    return tmp_path


def test_satudata_run_runs_the_good_specs_names_the_broken_one_and_fails(small, capsys):
    code = main(["run"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "bpbd/rusak.yaml" in err
    assert "satpol-pp/fasilitas-satpol" in out and "lolos" in out
    assert list((small / "data" / "parquet" / "satpol-pp" / "fasilitas-satpol").glob("*.parquet"))


def test_satudata_run_of_a_chosen_dataset_is_not_failed_by_another_broken_spec(small, capsys):
    assert main(["run", "--dataset", "fasilitas-satpol"]) == 0
    assert "bpbd/rusak.yaml" in capsys.readouterr().err
