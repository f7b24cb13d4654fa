"""Dataset search on the real portal (served from PostgreSQL by satudata_search, no Solr): free text,
the fq filters CKAN and its users send, facet counts, sorting and paging, all through package_search.

Every query is scoped to this module's two organisations, so counts are exact whatever else the test
session has published."""

from __future__ import annotations

import secrets

import ckanapi
import pytest

pytestmark = pytest.mark.portal

TAG = secrets.token_hex(3)


def _dataset(portal, org: str, name: str, title: str, *, notes: str, sektor: str, frekuensi: str,
             tingkat: str, tags: list[str], formats: list[str], license_id: str, groups=()) -> dict:
    return portal.create_dataset(
        org, name=f"{name}-{TAG}", title=title, notes=notes, sektor=sektor, frekuensi=frekuensi,
        tingkat_penyajian=tingkat, tag_string=",".join(tags), license_id=license_id,
        groups=[{"name": g} for g in groups],
        resources=[{"url": f"http://data.example/{name}.{f.lower()}", "format": f, "name": f"Data {f}"}
                   for f in formats],
    )


@pytest.fixture(scope="module")
def catalogue(portal) -> dict:
    """Two OPDs, one group, four public datasets and one private one."""
    dinkes = portal.create_organization(f"cari-dinkes-{TAG}", "Dinas Kesehatan (uji cari)")["name"]
    disdik = portal.create_organization(f"cari-disdik-{TAG}", "Dinas Pendidikan (uji cari)")["name"]
    group = portal.api().action.group_create(name=f"cari-grup-{TAG}", title="Grup uji cari")["name"]
    made = {
        "puskesmas": _dataset(portal, dinkes, "jumlah-puskesmas", "Jumlah Puskesmas per Kecamatan",
                              notes="Banyaknya fasilitas kesehatan tingkat pertama.", sektor="kesehatan",
                              frekuensi="tahunan", tingkat="kecamatan", tags=["kesehatan", "puskesmas"],
                              formats=["CSV"], license_id="cc-by", groups=[group]),
        "nakes": _dataset(portal, dinkes, "tenaga-kesehatan", "Tenaga Kesehatan menurut Jenis",
                          notes="Dokter, perawat dan bidan yang bertugas di puskesmas.", sektor="kesehatan",
                          frekuensi="semesteran", tingkat="kabupaten", tags=["kesehatan"], formats=["XLSX"],
                          license_id="cc-by-sa"),
        "sd": _dataset(portal, disdik, "sekolah-dasar", "Jumlah Sekolah Dasar per Desa",
                       notes="Sekolah dasar negeri dan swasta.", sektor="pendidikan", frekuensi="tahunan",
                       tingkat="desa_kelurahan", tags=["pendidikan", "sekolah"], formats=["CSV", "JSON"],
                       license_id="cc-by"),
        "apk": _dataset(portal, disdik, "angka-partisipasi", "Angka Partisipasi Sekolah",
                        notes="Perbandingan murid dengan penduduk usia sekolah.", sektor="pendidikan",
                        frekuensi="triwulanan", tingkat="kecamatan", tags=["pendidikan"], formats=[],
                        license_id="cc-by"),
    }
    made["rahasia"] = portal.create_dataset(dinkes, name=f"data-rahasia-{TAG}", title="Data Rahasia Puskesmas",
                                            private=True, tag_string="puskesmas")
    return {"dinkes": dinkes, "disdik": disdik, "group": group, "datasets": made}


def _scope(catalogue) -> str:
    return f"organization:({catalogue['dinkes']} OR {catalogue['disdik']})"


def _search(portal, catalogue, token=None, **params) -> dict:
    params["fq"] = " ".join(p for p in (_scope(catalogue), params.get("fq", "")) if p)
    return portal.api(token).action.package_search(**params)


def _names(result: dict) -> list[str]:
    return [d["name"].removesuffix(f"-{TAG}") for d in result["results"]]


def test_free_text_ranks_a_title_match_above_a_description_match(portal, catalogue):
    found = _search(portal, catalogue, q="puskesmas")

    assert _names(found) == ["jumlah-puskesmas", "tenaga-kesehatan"]
    assert found["count"] == 2


def test_a_word_prefix_finds_the_whole_word(portal, catalogue):
    assert _names(_search(portal, catalogue, q="puskes")) == ["jumlah-puskesmas", "tenaga-kesehatan"]


def test_all_words_of_a_short_query_must_match(portal, catalogue):
    assert _names(_search(portal, catalogue, q="jumlah sekolah")) == ["sekolah-dasar"]


def test_a_phrase_matches_words_in_order(portal, catalogue):
    assert _names(_search(portal, catalogue, q='"sekolah dasar"')) == ["sekolah-dasar"]
    assert _search(portal, catalogue, q='"dasar sekolah"')["count"] == 0


def test_a_word_found_nowhere_finds_nothing(portal, catalogue):
    assert _search(portal, catalogue, q="kebakaran")["count"] == 0


@pytest.mark.parametrize(("fq", "expected"), [
    ("sektor:kesehatan", {"jumlah-puskesmas", "tenaga-kesehatan"}),
    ("-sektor:kesehatan", {"sekolah-dasar", "angka-partisipasi"}),
    ("frekuensi:tahunan", {"jumlah-puskesmas", "sekolah-dasar"}),
    ("tingkat_penyajian:(kecamatan OR desa_kelurahan)", {"jumlah-puskesmas", "sekolah-dasar",
                                                          "angka-partisipasi"}),
    ('tags:"sekolah"', {"sekolah-dasar"}),
    ('res_format:"CSV"', {"jumlah-puskesmas", "sekolah-dasar"}),
    ('res_format:"CSV" -frekuensi:tahunan', set()),
    ("license_id:cc-by-sa", {"tenaga-kesehatan"}),
    ("dataset_type:dataset +sektor:pendidikan", {"sekolah-dasar", "angka-partisipasi"}),
    ("extras_sektor:pendidikan frekuensi:triwulanan", {"angka-partisipasi"}),
    ("name:jumlah-*", {"jumlah-puskesmas"}),
    ("*:*", {"jumlah-puskesmas", "tenaga-kesehatan", "sekolah-dasar", "angka-partisipasi"}),
])
def test_filter_queries(portal, catalogue, fq, expected):
    found = _search(portal, catalogue, fq=fq, rows=50)

    assert set(_names(found)) == expected
    assert found["count"] == len(expected)


def test_group_filter(portal, catalogue):
    found = _search(portal, catalogue, fq=f"groups:{catalogue['group']}")

    assert _names(found) == ["jumlah-puskesmas"]


def test_organization_filter(portal, catalogue):
    found = portal.api(None).action.package_search(fq=f'organization:"{catalogue["disdik"]}"', rows=50)

    assert {n.removesuffix(f"-{TAG}") for n in (d["name"] for d in found["results"])} == {
        "sekolah-dasar", "angka-partisipasi"}


def test_facet_counts_match_what_was_published(portal, catalogue):
    fields = ["organization", "groups", "tags", "res_format", "license_id", "sektor", "frekuensi",
              "tingkat_penyajian"]

    facets = _search(portal, catalogue, rows=0, **{"facet.field": fields})["facets"]

    assert facets == {
        "organization": {catalogue["dinkes"]: 2, catalogue["disdik"]: 2},
        "groups": {catalogue["group"]: 1},
        "tags": {"kesehatan": 2, "pendidikan": 2, "puskesmas": 1, "sekolah": 1},
        "res_format": {"CSV": 2, "XLSX": 1, "JSON": 1},
        "license_id": {"cc-by": 3, "cc-by-sa": 1},
        "sektor": {"kesehatan": 2, "pendidikan": 2},
        "frekuensi": {"tahunan": 2, "semesteran": 1, "triwulanan": 1},
        "tingkat_penyajian": {"kecamatan": 2, "kabupaten": 1, "desa_kelurahan": 1},
    }


def test_facet_counts_follow_the_query(portal, catalogue):
    facets = _search(portal, catalogue, q="sekolah", rows=0, **{"facet.field": ["sektor", "tags"]})["facets"]

    assert facets == {"sektor": {"pendidikan": 2}, "tags": {"pendidikan": 2, "sekolah": 1}}


def test_facet_limit_keeps_the_most_frequent_and_mincount_drops_the_rare(portal, catalogue):
    limited = _search(portal, catalogue, rows=0, **{"facet.field": ["tags"], "facet.limit": 2})["facets"]
    frequent = _search(portal, catalogue, rows=0, **{"facet.field": ["tags"], "facet.mincount": 2})["facets"]

    assert limited == {"tags": {"kesehatan": 2, "pendidikan": 2}}
    assert frequent == {"tags": {"kesehatan": 2, "pendidikan": 2}}


def test_search_facets_carry_titles_for_organizations(portal, catalogue):
    items = _search(portal, catalogue, rows=0, **{"facet.field": ["organization"]})["search_facets"]

    titles = {i["name"]: i["display_name"] for i in items["organization"]["items"]}
    assert titles[catalogue["dinkes"]] == "Dinas Kesehatan (uji cari)"


ALPHABETICAL = ["angka-partisipasi", "jumlah-puskesmas", "sekolah-dasar", "tenaga-kesehatan"]


@pytest.mark.parametrize(("sort", "expected"), [
    ("title_string asc", ALPHABETICAL),
    ("title_string desc", ALPHABETICAL[::-1]),
    ("name asc", ALPHABETICAL),
    ("metadata_created asc", ["jumlah-puskesmas", "tenaga-kesehatan", "sekolah-dasar", "angka-partisipasi"]),
])
def test_sort(portal, catalogue, sort, expected):
    assert _names(_search(portal, catalogue, sort=sort)) == expected


def test_last_modified_comes_first(portal, catalogue):
    portal.api().action.package_patch(id=catalogue["datasets"]["sd"]["id"], notes="Diperbarui.")

    found = _search(portal, catalogue, sort="metadata_modified desc", rows=1)

    assert _names(found) == ["sekolah-dasar"]


def test_a_bad_sort_is_refused(portal, catalogue):
    with pytest.raises(ckanapi.SearchQueryError):
        _search(portal, catalogue, sort="title_string sideways")


def test_a_broken_filter_is_a_search_query_error(portal, catalogue):
    with pytest.raises(ckanapi.SearchQueryError):
        _search(portal, catalogue, fq="sektor:(kesehatan")


def test_pages_follow_each_other(portal, catalogue):
    pages = [_search(portal, catalogue, sort="title_string asc", rows=3, start=start) for start in (0, 3)]

    assert [_names(p) for p in pages] == [ALPHABETICAL[:3], ALPHABETICAL[3:]]
    assert {p["count"] for p in pages} == {4}


def test_autocomplete_finds_a_dataset_by_part_of_its_title(portal, catalogue):
    found = portal.api(None).action.package_autocomplete(q="Puskesmas per")

    assert f"jumlah-puskesmas-{TAG}" in [d["name"] for d in found]
