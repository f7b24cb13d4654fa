"""The committed suites in validations/ are what the specs in datasets/ generate (run
`satudata suites` after changing a spec), and their hand-written expectations are valid GX."""

import pytest

from pipelines.spec import load_spec, project_root, spec_files
from pipelines.validate.expectations import gx_suite
from pipelines.validate.suite import expected_text, load_suite, suite_path

ROOT = project_root()
SPECS = spec_files(ROOT / "datasets")


@pytest.mark.parametrize("spec_file", SPECS, ids=[f"{p.parent.name}/{p.stem}" for p in SPECS])
def test_committed_suite_is_what_the_spec_generates(spec_file):
    spec = load_spec(spec_file)
    path = suite_path(spec, ROOT)
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run `satudata suites`"
    assert path.read_text(encoding="utf-8") == expected_text(spec, ROOT), (
        f"{path.relative_to(ROOT)} is out of date: run `satudata suites`"
    )


@pytest.mark.parametrize("spec_file", SPECS, ids=[f"{p.parent.name}/{p.stem}" for p in SPECS])
def test_suite_is_accepted_by_great_expectations(spec_file):
    suite = load_suite(load_spec(spec_file), ROOT)
    assert len(gx_suite(suite).expectations) == len(suite["expectations"])


def test_every_suite_file_belongs_to_a_spec():
    owned = {suite_path(load_spec(p), ROOT) for p in SPECS}
    orphans = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "validations").glob("*/*.json") if p not in owned)
    assert orphans == []
