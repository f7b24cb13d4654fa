"""Organisations and datasets on the real portal: every Satu Data field is kept, bad values are
refused with a message that names the field and the allowed values."""

from __future__ import annotations

import ckanapi
import pytest

pytestmark = pytest.mark.portal


def test_organization_is_created_and_shown(portal):
    portal.create_organization("dinkes-uji", "Dinas Kesehatan (uji)")

    shown = portal.api(None).action.organization_show(id="dinkes-uji")

    assert (shown["name"], shown["title"]) == ("dinkes-uji", "Dinas Kesehatan (uji)")


def test_dataset_keeps_every_schema_field(portal, published):
    shown = portal.api(None).action.package_show(id=published["dataset"]["name"])

    expected = {key: value for key, value in published["metadata"].items() if key != "tag_string"}
    kept = {key: shown.get(key) for key in expected}
    assert kept == expected
    assert shown["organization"]["name"] == published["organization"]["name"]
    assert sorted(t["name"] for t in shown["tags"]) == ["kecamatan", "kependudukan"]


def test_resource_keeps_its_schema_fields(portal, published):
    resource = portal.api(None).action.resource_show(id=published["resource"]["id"])

    assert (resource["peran"], resource["periode"], resource["format"]) == ("data_csv", "2024", "CSV")


def test_bad_choice_is_refused_naming_the_allowed_values(portal, published):
    org = published["organization"]["name"]

    with pytest.raises(ckanapi.ValidationError) as refused:
        portal.create_dataset(org, sektor="olahraga")

    message = " ".join(refused.value.error_dict["sektor"])
    assert "'olahraga'" in message
    assert "kependudukan, kesehatan, pendidikan" in message
    assert "tidak dikenal" in message and "Unknown value" in message


def test_missing_required_choices_are_each_named(portal, published):
    org = published["organization"]["name"]

    with pytest.raises(ckanapi.ValidationError) as refused:
        portal.create_dataset(org, sektor="", frekuensi="", status_data="")

    errors = refused.value.error_dict
    assert {"sektor", "frekuensi", "status_data"} <= set(errors)
    assert "Wajib diisi. / Missing value." in errors["frekuensi"]


def test_period_must_not_end_before_it_starts(portal, published):
    org = published["organization"]["name"]

    with pytest.raises(ckanapi.ValidationError) as refused:
        portal.create_dataset(org, periode_awal="2024", periode_akhir="2019")

    errors = refused.value.error_dict
    assert "periode_akhir" in errors and "periode_awal" not in errors
    assert "2019" in errors["periode_akhir"][0]


def test_year_and_region_code_are_checked(portal, published):
    org = published["organization"]["name"]

    with pytest.raises(ckanapi.ValidationError) as refused:
        portal.create_dataset(org, periode_awal="20", cakupan_wilayah="PPU")

    assert {"periode_awal", "cakupan_wilayah"} <= set(refused.value.error_dict)


def test_optional_fields_may_be_left_out(portal, published):
    org = published["organization"]["name"]
    optional = ("title_en", "notes_en", "satuan", "kualitas", "satudata_spec", "periode_awal", "periode_akhir")

    created = portal.create_dataset(org, **{key: "" for key in optional})

    assert created["sektor"] == published["metadata"]["sektor"]
    assert not any(created.get(key) for key in optional)


def test_editor_publishes_in_own_organization_only(portal, published):
    own = published["organization"]["name"]
    other = portal.create_organization("bpbd-uji", "BPBD (uji)")["name"]
    editor = portal.create_user(organization=own, role="editor")

    created = portal.create_dataset(own, token=editor.token)
    with pytest.raises(ckanapi.NotAuthorized):
        portal.create_dataset(other, token=editor.token)

    assert created["organization"]["name"] == own


def test_member_cannot_publish(portal, published):
    member = portal.create_user(organization=published["organization"]["name"], role="member")

    with pytest.raises(ckanapi.NotAuthorized):
        portal.create_dataset(published["organization"]["name"], token=member.token)


def test_anonymous_cannot_create_an_organization(portal):
    with pytest.raises(ckanapi.NotAuthorized):
        portal.api(None).action.organization_create(name="liar")
