"""The dataset specs in datasets/, the OPD list, and the sample files they point to."""

from __future__ import annotations

import fnmatch
import importlib.util
import re
import sys
from pathlib import Path

import pytest
import yaml
from python_calamine import CalamineWorkbook

from pipelines.check import check_file
from pipelines.match import by_name
from pipelines.reference import codes
from pipelines.spec import SLUG, DatasetSpec, load_spec, load_specs, project_root, spec_files

ROOT = project_root()
DATASETS = ROOT / "datasets"
SAMPLES = ROOT / "samples"
SPEC_FILES = spec_files(DATASETS)
SPEC_IDS = [p.relative_to(DATASETS).as_posix() for p in SPEC_FILES]
EXPECTED_REJECTS = yaml.safe_load((SAMPLES / "_rejects" / "expected.yaml").read_text(encoding="utf-8"))["rejects"]
GOOD_SAMPLES = sorted(p for p in SAMPLES.glob("*/*.*") if p.suffix in (".csv", ".xlsx")
                      and p.parent.name not in ("_rejects", "reference"))
SAMPLE_MARK = "DATA CONTOH / SAMPLE DATA"


def organizations() -> list[dict]:
    return yaml.safe_load((DATASETS / "organizations.yaml").read_text(encoding="utf-8"))


def all_specs() -> list[DatasetSpec]:
    return load_specs(DATASETS)


def sample_text(path: Path) -> str:
    """Every cell of a sample, as one text (csv: the decoded file; xlsx: all sheets)."""
    if path.suffix == ".csv":
        return path.read_text(encoding="utf-8-sig")
    wb = CalamineWorkbook.from_path(str(path))
    cells = []
    for name in wb.sheet_names:
        for row in wb.get_sheet_by_name(name).to_python():
            cells.extend(str(c) for c in row)
    return "\n".join(cells)


def test_there_are_at_least_five_datasets_from_three_opds():
    specs = all_specs()
    assert len(specs) >= 5
    assert len({s.organization for s in specs}) >= 3


@pytest.mark.parametrize("path", SPEC_FILES, ids=SPEC_IDS)
def test_spec_loads(path: Path):
    spec = load_spec(path)
    assert spec.path == path
    assert spec.title.id and spec.title.en and spec.description.id and spec.description.en


@pytest.mark.parametrize("path", SPEC_FILES, ids=SPEC_IDS)
def test_every_column_is_described_in_both_languages(path: Path):
    spec = load_spec(path)
    undescribed = [c.name for c in spec.schema.columns
                   if c.description is None or not (c.description.id and c.description.en)]
    assert undescribed == []


def test_organizations_are_well_formed():
    orgs = organizations()
    names = [o["name"] for o in orgs]
    assert len(names) == len(set(names))
    for org in orgs:
        assert SLUG.match(org["name"]), org
        assert org["title"].endswith("Kabupaten Penajam Paser Utara"), org
        assert org["role"] in ("produsen_data", "walidata"), org
        assert org["description"]["id"].strip() and org["description"]["en"].strip(), org
    assert [o["name"] for o in orgs if o["role"] == "walidata"] == ["diskominfo"]


@pytest.mark.parametrize("path", SPEC_FILES, ids=SPEC_IDS)
def test_spec_organization_is_a_known_opd(path: Path):
    spec = load_spec(path)
    by_slug = {o["name"]: o for o in organizations()}
    assert spec.organization in by_slug
    assert spec.portal.produsen_data == by_slug[spec.organization]["title"]


@pytest.mark.parametrize("path", SPEC_FILES, ids=SPEC_IDS)
def test_sample_exists_and_matches_its_spec(path: Path):
    spec = load_spec(path)
    assert spec.source.sample, "every spec ships a sample file"
    sample = ROOT / spec.source.sample
    assert sample.is_file()
    assert sample.parent.name == spec.organization
    assert any(fnmatch.fnmatch(sample.name.lower(), p.lower()) for p in spec.source.match)


def test_no_two_specs_match_the_same_sample():
    specs = all_specs()
    for sample in GOOD_SAMPLES + [SAMPLES / r["file"] for r in EXPECTED_REJECTS]:
        assert len(by_name(sample, specs)) == 1, sample


def test_every_good_sample_belongs_to_a_spec():
    declared = {(ROOT / s.source.sample).resolve() for s in all_specs()}
    assert {p.resolve() for p in GOOD_SAMPLES} == declared


@pytest.mark.parametrize("reject", EXPECTED_REJECTS, ids=[r["file"] for r in EXPECTED_REJECTS])
def test_reject_exists_and_matches_the_dataset_it_breaks(reject: dict):
    path = SAMPLES / reject["file"]
    assert path.is_file()
    assert [s.name for s in by_name(path, all_specs())] == [reject["dataset"]]


def test_rejects_cover_four_kinds_of_error_in_at_least_two_datasets():
    assert {r["kind"] for r in EXPECTED_REJECTS} >= {"wrong-sum", "negative-count", "missing-required-value",
                                                     "unknown-code"}
    assert len({r["dataset"] for r in EXPECTED_REJECTS}) >= 2


@pytest.mark.parametrize("sample", GOOD_SAMPLES + [SAMPLES / r["file"] for r in EXPECTED_REJECTS],
                         ids=lambda p: p.relative_to(SAMPLES).as_posix())
def test_every_sample_says_it_is_sample_data(sample: Path):
    assert SAMPLE_MARK in sample_text(sample)


@pytest.mark.parametrize("sample", GOOD_SAMPLES, ids=lambda p: p.relative_to(SAMPLES).as_posix())
def test_region_codes_in_good_samples_are_official(sample: Path):
    text = sample_text(sample)
    found = set(re.findall(r"\b64\.09\.\d{2}(?:\.\d{4})?\b", text))
    known = set(codes("kemendagri.kecamatan", "64.09")) | set(codes("kemendagri.desa", "64.09")) | {"64.09"}
    (spec,) = by_name(sample, all_specs())
    if any(c.reference for c in spec.schema.columns):
        assert found, "the sample names its regions by Kemendagri code"
    assert found <= known


def test_generator_reproduces_the_committed_samples(tmp_path: Path):
    spec = importlib.util.spec_from_file_location("samples_generate", SAMPLES / "generate.py")
    module = importlib.util.module_from_spec(spec)
    saved = list(sys.path)
    try:
        spec.loader.exec_module(module)
        assert module.main([str(tmp_path)]) == 0
    finally:
        sys.path[:] = saved
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert written, "the generator wrote nothing"
    for rel in written:
        assert (tmp_path / rel).read_bytes() == (SAMPLES / rel).read_bytes(), rel


@pytest.mark.parametrize("path", SPEC_FILES, ids=SPEC_IDS)
def test_sample_reads_into_every_spec_column_and_passes(path: Path):
    spec = load_spec(path)
    result = check_file(spec, ROOT / spec.source.sample)
    assert result.readable
    assert [p.code for p in result.report.problems if p.code == "missing-column"] == []
    assert [p.flat() for p in result.report.blocking] == []
    assert result.report.rows > 0 and result.periods


@pytest.mark.parametrize("reject", EXPECTED_REJECTS, ids=[r["file"] for r in EXPECTED_REJECTS])
def test_reject_is_blocked_for_its_one_error(reject: dict):
    (spec,) = [s for s in all_specs() if s.name == reject["dataset"]]
    report = check_file(spec, SAMPLES / reject["file"]).report
    assert not report.valid
    assert (reject["row"], reject["column"], reject["code"]) in [p.flat() for p in report.blocking]
    assert {(p.row, p.column) for p in report.blocking} == {(reject["row"], reject["column"])}
