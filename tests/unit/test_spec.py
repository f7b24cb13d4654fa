from pathlib import Path

import pytest

from pipelines.spec import SpecError, load_spec, parse_spec

MINIMAL = {
    "name": "penduduk-per-kecamatan",
    "organization": "disdukcapil",
    "title": {"id": "Jumlah Penduduk per Kecamatan", "en": "Population by District"},
    "description": {"id": "Contoh", "en": "Example"},
    "source": {"match": "penduduk*.xlsx"},
    "period": {"column": "tahun"},
    "schema": {
        "key": ["tahun", "kode_kecamatan"],
        "columns": [
            {"name": "tahun", "type": "integer"},
            {"name": "kode_kecamatan", "type": "string"},
        ],
    },
}


def test_minimal_spec_parses_with_defaults():
    spec = parse_spec(MINIMAL, "x.yaml")
    assert spec.source.match == ["penduduk*.xlsx"]
    assert spec.schema.column("tahun").type == "integer"
    assert spec.period.frequency == "tahunan"
    assert spec.portal.klasifikasi_akses == "terbuka"
    assert spec.key == "disdukcapil/penduduk-per-kecamatan"


def test_bad_column_type_names_file_and_field():
    data = {**MINIMAL, "schema": {"columns": [{"name": "tahun", "type": "integer"},
                                              {"name": "jumlah", "type": "float"}]}}
    with pytest.raises(SpecError) as err:
        parse_spec(data, "datasets/disdukcapil/x.yaml")
    assert err.value.file == "datasets/disdukcapil/x.yaml"
    assert err.value.field == "schema.columns[1:jumlah].type"


def test_period_column_must_exist():
    data = {**MINIMAL, "period": {"column": "bulan"}}
    with pytest.raises(SpecError, match="period column 'bulan'"):
        parse_spec(data, "x.yaml")


def test_unknown_field_is_refused():
    with pytest.raises(SpecError) as err:
        parse_spec({**MINIMAL, "titel": "typo"}, "x.yaml")
    assert err.value.field == "titel"


def test_folder_must_match_organization(tmp_path: Path):
    import yaml

    (tmp_path / "dinkes").mkdir()
    f = tmp_path / "dinkes" / "x.yaml"
    f.write_text(yaml.safe_dump(MINIMAL))
    with pytest.raises(SpecError) as err:
        load_spec(f)
    assert err.value.field == "organization"
