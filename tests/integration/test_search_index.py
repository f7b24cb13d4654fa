"""The search index follows the catalogue: create, update, delete and purge show in search at once;
``ckan search-index clear`` empties it and ``ckan search-index rebuild`` restores it; the portal's pages
that search (home, /dataset, /organization) answer and show the datasets."""

from __future__ import annotations

import secrets
import subprocess

import pytest
import requests

from pipelines.portal import Layout

pytestmark = pytest.mark.portal

TAG = secrets.token_hex(3)


@pytest.fixture(scope="module")
def opd(portal) -> str:
    return portal.create_organization(f"indeks-distan-{TAG}", "Dinas Pertanian (uji indeks)")["name"]


def _names(portal, org: str, fq: str = "", **params) -> set[str]:
    result = portal.api(None).action.package_search(fq=f"organization:{org} {fq}", rows=100, **params)
    return {d["name"].removesuffix(f"-{TAG}") for d in result["results"]}


def _ckan(portal, *args: str) -> str:
    layout = Layout.at(portal.state_dir)
    done = subprocess.run([str(layout.ckan), "-c", str(layout.ini), *args], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_a_new_dataset_is_found_at_once(portal, opd):
    portal.create_dataset(opd, name=f"luas-panen-{TAG}", title="Luas Panen Padi per Kecamatan")

    assert _names(portal, opd, q="panen padi") == {"luas-panen"}


def test_an_update_is_searched_by_its_new_values(portal, opd):
    created = portal.create_dataset(opd, name=f"produksi-sawit-{TAG}", title="Produksi Kelapa Sawit",
                                    frekuensi="tahunan")

    portal.api().action.package_patch(id=created["id"], title="Produksi Tandan Buah Segar", frekuensi="bulanan")

    assert _names(portal, opd, q="tandan") == {"produksi-sawit"}
    assert _names(portal, opd, q="kelapa") == set()
    assert _names(portal, opd, fq="frekuensi:bulanan") == {"produksi-sawit"}


def test_package_show_answers_the_latest_version(portal, opd):
    created = portal.create_dataset(opd, name=f"harga-gabah-{TAG}", title="Harga Gabah")

    portal.api().action.package_patch(id=created["id"], title="Harga Gabah Kering Panen")

    assert portal.api(None).action.package_show(id=created["name"])["title"] == "Harga Gabah Kering Panen"


def test_a_deleted_dataset_is_no_longer_found(portal, opd):
    created = portal.create_dataset(opd, name=f"populasi-ternak-{TAG}", title="Populasi Ternak")
    assert "populasi-ternak" in _names(portal, opd)

    portal.api().action.package_delete(id=created["id"])

    assert "populasi-ternak" not in _names(portal, opd)
    assert "populasi-ternak" not in _names(portal, opd, include_drafts=True, q="ternak")


def test_a_purged_dataset_is_no_longer_found(portal, opd):
    created = portal.create_dataset(opd, name=f"alsintan-{TAG}", title="Alat Mesin Pertanian")

    portal.api().action.dataset_purge(id=created["id"])

    assert "alsintan" not in _names(portal, opd, q="mesin")


def test_clear_empties_the_index_and_rebuild_restores_it(portal, opd):
    portal.create_dataset(opd, name=f"irigasi-{TAG}", title="Jaringan Irigasi")
    before = _names(portal, opd)

    _ckan(portal, "search-index", "clear")
    cleared = _names(portal, opd)
    _ckan(portal, "search-index", "rebuild")

    assert "irigasi" in before
    assert cleared == set()
    assert _names(portal, opd) == before
    assert _names(portal, opd, q="irigasi") == {"irigasi"}


def test_search_index_check_finds_every_dataset_indexed(portal, opd):
    assert "Packages not indexed = 0 out of" in _ckan(portal, "search-index", "check")


@pytest.fixture(scope="module")
def shown(portal, opd) -> dict:
    return portal.create_dataset(opd, name=f"produksi-jagung-{TAG}", title="Produksi Jagung Pipilan",
                                 sektor="pertanian")


@pytest.mark.parametrize("path", [
    "/",
    "/dataset",
    "/dataset?q=jagung+pipilan",
    "/dataset?q=jagung&sort=title_string+asc",
    "/dataset?q=jagung&sort=metadata_modified+desc",
    "/dataset?sektor=pertanian&q=jagung",
    "/dataset/{name}",
    "/organization",
    "/organization/{org}",
])
def test_pages_answer_and_show_the_dataset(portal, opd, shown, path):
    reply = requests.get(portal.url + path.format(name=shown["name"], org=opd), timeout=60)

    assert reply.status_code == 200
    if path not in ("/", "/dataset", "/organization"):
        assert shown["name"] in reply.text


def test_a_facet_filter_page_leaves_other_sectors_out(portal, opd, shown):
    reply = requests.get(f"{portal.url}/dataset", params={"sektor": "kesehatan", "q": "jagung"}, timeout=60)

    assert reply.status_code == 200
    assert shown["name"] not in reply.text
