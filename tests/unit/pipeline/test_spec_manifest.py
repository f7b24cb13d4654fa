"""The compiled spec index (issue 16.2): rebuilt only for the spec files that changed, and full specs
loaded only for what is asked (an OPD's, one dataset's)."""

import os
import shutil

import pytest
import yaml

from pipelines import spec_manifest
from pipelines.catalog import load_catalog
from pipelines.spec import project_root
from pipelines.spec_manifest import SpecManifest

DATASETS = project_root() / "datasets"


@pytest.fixture
def root(tmp_path):
    shutil.copytree(DATASETS, tmp_path / "datasets")
    return tmp_path / "datasets"


@pytest.fixture
def store(tmp_path):
    return tmp_path / "home" / "specs" / "index.json"


@pytest.fixture
def loads(monkeypatch):
    """The spec files parsed, in order."""
    seen = []
    real = spec_manifest.load_file

    def counting(path):
        seen.append(path.relative_to(path.parent.parent).as_posix())
        return real(path)

    monkeypatch.setattr(spec_manifest, "load_file", counting)
    return seen


def test_the_index_lists_what_a_full_load_gives(root, store):
    manifest = SpecManifest(root, store)
    full = load_catalog(root)
    assert [e.key for e in manifest.summaries()] == [s.key for s in full.specs]
    bkad = next(e for e in manifest.summaries() if e.organization == "bkad")
    spec = next(s for s in full.specs if s.organization == "bkad")
    assert (bkad.title_id, bkad.frequency, bkad.match) == (spec.title.id, spec.period.frequency, spec.source.match)
    assert bkad.columns == [c.name for c in spec.schema.columns]


def test_a_second_listing_parses_no_spec_and_a_changed_one_only_that(root, store, loads):
    SpecManifest(root, store)
    assert len(loads) == 6 and store.is_file()
    loads.clear()
    assert SpecManifest(root, store).rebuilt == 0 and loads == []
    path = root / "bpbd" / "kejadian-bencana.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"]["id"] = "Kejadian Bencana (diubah)"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    manifest = SpecManifest(root, store)
    assert loads == ["bpbd/kejadian-bencana.yaml"] and manifest.rebuilt == 1
    assert next(e for e in manifest.summaries() if e.name == "kejadian-bencana").title_id == "Kejadian Bencana (diubah)"


def test_a_removed_spec_leaves_the_index_and_a_damaged_index_is_rebuilt(root, store, loads):
    SpecManifest(root, store)
    (root / "bkad" / "realisasi-anggaran-bulanan.yaml").unlink()
    assert "bkad/realisasi-anggaran-bulanan" not in [e.key for e in SpecManifest(root, store).summaries()]
    store.write_text("{not json", encoding="utf-8")
    loads.clear()
    assert len(SpecManifest(root, store).summaries()) == 5 and len(loads) == 5


def test_broken_and_duplicate_specs_are_reported_from_the_index(root, store):
    (root / "dinkes" / "rusak.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    same = yaml.safe_load((root / "bpbd" / "kejadian-bencana.yaml").read_text(encoding="utf-8"))
    (root / "dinkes" / "z-copy.yaml").write_text(
        yaml.safe_dump({**same, "organization": "dinkes"}, sort_keys=False), encoding="utf-8")
    SpecManifest(root, store)
    again = SpecManifest(root, store)  # from the stored index, not parsed again
    assert again.rebuilt == 0
    errors = {(os.path.basename(str(e.file)), e.field) for e in again.broken()}
    assert errors == {("rusak.yaml", "line 2"), ("z-copy.yaml", "name")}
    assert len(again.summaries()) == 6
    assert {(os.path.basename(str(e.file)), e.field) for e in load_catalog(root).broken} == errors


def test_only_the_asked_specs_are_loaded(root, store, loads):
    manifest = SpecManifest(root, store)
    loads.clear()
    specs = manifest.catalog(opds={"disdukcapil"}).specs
    assert sorted(s.name for s in specs) == ["kepala-keluarga-kecamatan", "penduduk-kecamatan-jenis-kelamin"]
    assert sorted(loads) == ["disdukcapil/kepala-keluarga-kecamatan.yaml",
                             "disdukcapil/penduduk-kecamatan-jenis-kelamin.yaml"]
    loads.clear()
    assert manifest.find("bpbd/kejadian-bencana").title.id and loads == ["bpbd/kejadian-bencana.yaml"]
    assert manifest.find("bpbd/tidak-ada") is None


def test_an_unwritable_store_keeps_the_index_in_memory(root, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    manifest = SpecManifest(root, blocker / "specs" / "index.json")
    assert len(manifest.summaries()) == 6


def test_the_inbox_sensor_reads_no_spec_on_an_empty_inbox_and_only_its_opds_specs_otherwise(tmp_path, loads):
    import dagster as dg

    from pipelines.publish import CkanResource
    from pipelines.resources import Workspace
    from pipelines.sensors import inbox_sensor

    ws = Workspace(root=str(tmp_path), datasets_dir=str(DATASETS))
    ctx = dg.build_sensor_context(instance=dg.DagsterInstance.ephemeral(), resources={
        "workspace": ws, "ckan": CkanResource(connection_file=str(tmp_path / "none.json"))})
    assert list(inbox_sensor(ctx)) == [] and loads == []
    sample = project_root() / "samples" / "dinkes" / "fasilitas_kesehatan_desa_2024.csv"
    handin = ws.inbox / "dinkes" / sample.name
    handin.parent.mkdir(parents=True)
    handin.write_bytes(sample.read_bytes())
    os.utime(handin, (handin.stat().st_atime - 60, handin.stat().st_mtime - 60))
    SpecManifest(DATASETS, spec_manifest.default_store(DATASETS, ws.path(".dagster")))  # the index, built once
    loads.clear()
    (request,) = inbox_sensor(ctx)
    assert request.tags["satudata/dataset"] == "dinkes/fasilitas-kesehatan-desa"
    assert loads == ["dinkes/fasilitas-kesehatan-desa.yaml"]
