"""The staging dataset of an OPD: private, in the OPD's organization, every required field filled."""

from pathlib import Path

import yaml

from pipelines.spec import load_specs, project_root
from pipelines.uploads.staging import owner, staging_fields, staging_name

SCHEMA = project_root() / "portal" / "ckanext-satudata" / "ckanext" / "satudata" / "schemas" / "dataset.yaml"


def required_fields() -> list[str]:
    schema = yaml.safe_load(Path(SCHEMA).read_text(encoding="utf-8"))
    return [f["field_name"] for f in schema["dataset_fields"] if f.get("required")]


def choices(name: str) -> list[str]:
    schema = yaml.safe_load(Path(SCHEMA).read_text(encoding="utf-8"))
    field = next(f for f in schema["dataset_fields"] if f["field_name"] == name)
    return [c["value"] for c in field["choices"]]


def test_staging_fields_fill_every_required_schema_field_with_an_allowed_value():
    specs = load_specs(project_root() / "datasets")
    fields = staging_fields("dinkes", specs, {"dinkes": {"abbreviation": "Dinkes", "title": "Dinas Kesehatan"}})
    assert all(fields.get(name) for name in required_fields())
    for name in ("sektor", "frekuensi", "tingkat_penyajian", "status_data", "klasifikasi_akses"):
        assert fields[name] in choices(name)


def test_staging_dataset_is_private_and_belongs_to_the_opd():
    fields = staging_fields("dinkes", [], {})
    assert (fields["name"], fields["owner_org"], fields["private"]) == (staging_name("dinkes"), "dinkes", True)
    assert fields["title"] == "Unggahan data DINKES"


def test_walidata_comes_from_the_opds_specs():
    specs = [s for s in load_specs(project_root() / "datasets") if s.organization == "dinkes"]
    assert staging_fields("dinkes", specs, {})["walidata"] == specs[0].portal.walidata


def test_owner_is_the_organization_name():
    assert owner({"organization": {"name": "dinkes"}}) == "dinkes"
    assert owner({"organization": None}) == ""
