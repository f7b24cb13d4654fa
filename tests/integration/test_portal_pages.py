"""The portal's pages as a visitor gets them (anonymous HTTP), in Indonesian by default and in
English on request, and its DCAT exports."""

from __future__ import annotations

import json

import pytest
import requests

pytestmark = pytest.mark.portal


def get(portal, path: str) -> requests.Response:
    return requests.get(f"{portal.url}{path}", timeout=30)


def test_home_page_introduces_the_portal_in_indonesian(portal, published):
    page = get(portal, "/")

    assert page.status_code == 200
    assert '<html lang="id"' in page.text
    assert "Satu Data Kabupaten Penajam Paser Utara" in page.text


def test_home_page_in_english(portal, published):
    page = get(portal, "/en/")

    assert page.status_code == 200
    assert "Open data of Penajam Paser Utara Regency" in page.text


@pytest.mark.parametrize("path", ["/dataset/", "/dataset/{name}", "/organization/{org}"])
def test_page_answers_and_shows_the_dataset(portal, published, path):
    url = path.format(org=published["organization"]["name"], name=published["dataset"]["name"])

    page = get(portal, url)

    assert page.status_code == 200, page.text[-500:]
    assert published["dataset"]["title"] in page.text


def test_organization_list_shows_the_organization(portal, published):
    page = get(portal, "/organization/")

    assert page.status_code == 200, page.text[-500:]
    assert published["organization"]["title"] in page.text


def test_dataset_page_shows_satudata_fields_with_labels(portal, published):
    page = get(portal, f"/dataset/{published['dataset']['name']}").text

    for label in ("Walidata", "Sektor", "Frekuensi", "Tingkat penyajian", "Klasifikasi akses"):
        assert label in page
    assert "Kependudukan" in page and "Semesteran" in page  # choice labels, not raw values


def test_dataset_page_in_english_uses_english_labels(portal, published):
    page = get(portal, f"/en/dataset/{published['dataset']['name']}").text

    assert "Level of presentation" in page and "Half-yearly" in page


def test_search_page_offers_the_satudata_facets(portal, published):
    page = get(portal, "/dataset/").text

    for title in ("Sektor", "Frekuensi", "Tingkat penyajian"):
        assert title in page
    assert "Kependudukan" in page  # the facet item shows its label


def test_catalog_jsonld_lists_the_dataset(portal, published):
    response = get(portal, "/catalog.jsonld")

    assert response.status_code == 200
    graph = json.loads(response.text)
    assert published["dataset"]["title"] in json.dumps(graph, ensure_ascii=False)


def test_dataset_dcat_export(portal, published):
    response = get(portal, f"/dataset/{published['dataset']['name']}.jsonld")

    assert response.status_code == 200
    text = json.dumps(json.loads(response.text), ensure_ascii=False)
    assert published["dataset"]["title"] in text
    assert "dcat:Dataset" in text or "http://www.w3.org/ns/dcat#Dataset" in text


def test_page_strings_missing_from_ckans_catalogue_are_indonesian(portal, published):
    indonesian = get(portal, f"/dataset/{published['dataset']['name']}").text
    english = get(portal, f"/en/dataset/{published['dataset']['name']}").text

    assert "Data dan berkas" in indonesian and "Informasi tambahan" in indonesian
    assert "Data and Resources" in english and "Additional Info" in english


def test_dcat_json_lists_the_dataset(portal, published):
    response = get(portal, "/dcat.json")

    assert response.status_code == 200
    assert published["dataset"]["title"] in [entry.get("title") for entry in response.json()]


def test_dataset_page_carries_schema_org_structured_data(portal, published):
    page = get(portal, f"/dataset/{published['dataset']['name']}").text

    assert '<script type="application/ld+json">' in page
    block = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    graph = json.dumps(json.loads(block), ensure_ascii=False)
    assert "schema.org" in graph and published["dataset"]["title"] in graph


def test_editor_gets_the_satudata_form(portal, published):
    editor = portal.create_user(organization=published["organization"]["name"], role="editor")

    form = requests.get(f"{portal.url}/dataset/new", headers={"Authorization": editor.token}, timeout=30)

    assert form.status_code == 200
    for field in ("sektor", "frekuensi", "tingkat_penyajian", "status_data", "klasifikasi_akses", "walidata"):
        assert f'name="{field}"' in form.text
    assert '<option value="lingkungan_hidup"' in form.text and "Lingkungan hidup" in form.text
