"""Every rule of every dataset spec in datasets/ can run: known kind, known columns, its parameters."""

import pytest

from pipelines.arrow_schema import arrow_schema
from pipelines.spec import load_spec, project_root, spec_files
from pipelines.validate.rules import run_rules

SPECS = spec_files(project_root() / "datasets")


def test_the_project_has_dataset_specs():
    assert len(SPECS) >= 5


@pytest.mark.parametrize("path", SPECS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_rules_of_the_spec_are_runnable(path):
    spec = load_spec(path)
    empty = arrow_schema(spec).empty_table()
    problems = run_rules(spec, empty, rows=[], headers={c.name: c.name for c in spec.schema.columns})
    assert [p.message_en for p in problems if p.code == "rule-invalid"] == []
