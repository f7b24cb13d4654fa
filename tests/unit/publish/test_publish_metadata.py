from pipelines.publish.metadata import (
    dataset_fields,
    differs,
    load_organizations,
    organization_dict,
    period_bounds,
)
from pipelines.validate.report import Problem, Report

ORGS = [{"name": "disdukcapil", "title": "Dinas Kependudukan", "description": {"id": "Urusan.", "en": "Affairs."}}]


def test_every_satu_data_field_comes_from_the_spec(spec):
    fields = dataset_fields(spec, ["2023", "2021"], organizations=load_organizations(ORGS))
    assert fields == {
        "name": "penduduk-uji", "title": "Penduduk Uji", "title_en": "Test Population",
        "notes": "Jumlah penduduk.", "notes_en": "Population.", "owner_org": "disdukcapil",
        "produsen_data": "Dinas Kependudukan", "walidata": "Diskominfo Kabupaten Penajam Paser Utara",
        "sektor": "kependudukan", "frekuensi": "tahunan", "jatuh_tempo": "3 bulan", "satuan": "jiwa",
        "tingkat_penyajian": "kabupaten",
        "cakupan_wilayah": "64.09", "periode_awal": "2021", "periode_akhir": "2023", "status_data": "tetap",
        "klasifikasi_akses": "terbuka", "license_id": "cc-by", "tag_string": "kependudukan,uji",
        "kualitas": "lolos", "satudata_spec": "disdukcapil/penduduk-uji", "private": False,
    }


def test_only_open_data_is_public(spec_with):
    assert dataset_fields(spec_with(klasifikasi_akses="tertutup"), ["2024"])["private"] is True
    assert dataset_fields(spec_with(klasifikasi_akses="terbatas"), ["2024"])["private"] is True


def test_warnings_make_the_quality_flag(spec):
    report = Report(file="x.csv", problems=[Problem(code="year-on-year", severity="warn",
                                                    message_id="naik", message_en="up")])
    assert dataset_fields(spec, ["2024"], report=report)["kualitas"] == "peringatan"


def test_period_bounds_take_years():
    assert period_bounds(["2024-03", "2023-S2", "2024-01"]) == ("2023", "2024")


def test_organizations_read_defensively(tmp_path):
    path = tmp_path / "organizations.yaml"
    path.write_text("- name: dinkes\n  title: Dinas Kesehatan\n- just a string\n- {title: no name}\n")
    assert list(load_organizations(path)) == ["dinkes"]
    assert load_organizations(tmp_path / "missing.yaml") == {}


def test_organization_description_in_both_languages():
    org = organization_dict("disdukcapil", load_organizations(ORGS))
    assert org == {"name": "disdukcapil", "title": "Dinas Kependudukan",
                   "description": "Urusan.\n\n_English:_ Affairs."}


def test_unknown_organization_gets_its_slug_as_title():
    assert organization_dict("bpbd", {})["title"] == "BPBD"


def test_differs_compares_organization_by_name_and_tags_as_a_set(spec):
    desired = dataset_fields(spec, ["2024"])
    current = {**desired, "owner_org": "a-uuid", "organization": {"name": "disdukcapil"},
               "tags": [{"name": "uji"}, {"name": "kependudukan"}]}
    assert differs(current, desired) == []
    assert differs({**current, "sektor": "kesehatan", "tags": []}, desired) == ["sektor", "tags"]
