"""Facets never tell what a caller may not see: with ``facet.mincount=0`` a search lists values (with
count 0) only from datasets the caller may read, never the names, titles or resource fields of
private datasets (hand-ins ``unggah-*``, ``--staging`` copies, restricted data).

Each test first shows that the sysadmin's facets hold the private values, so that their absence for
others is the search's doing and not a value that was never indexed."""

from __future__ import annotations

import secrets

import pytest

pytestmark = pytest.mark.portal

TAG = secrets.token_hex(3)
FIELDS = ["name", "title_en", "satuan", "res_format", "res_extras_pesan_unggahan", "permission_labels",
          "tags"]


@pytest.fixture(scope="module")
def opd(portal) -> dict:
    """One organisation with a public dataset and three private ones, a member and an outsider."""
    org = portal.create_organization(f"rahasia-dinkes-{TAG}", "Dinkes (uji facet)")
    other = portal.create_organization(f"rahasia-lain-{TAG}", "OPD lain (uji facet)")["name"]
    portal.create_dataset(org["name"], name=f"terbuka-{TAG}", title_en=f"Open {TAG}", tag_string="terbuka",
                          satuan=f"jiwa-{TAG}", resources=[{"url": "http://data.example/a.csv", "name": "a",
                                                             "format": f"CSV{TAG}"}])
    private = {
        f"unggah-{TAG}": f"Upload secret {TAG}",
        f"penduduk-{TAG}--staging": f"Staging secret {TAG}",
        f"korban-kekerasan-{TAG}": f"Restricted secret {TAG}",
    }
    for name, title_en in private.items():
        portal.create_dataset(
            org["name"], name=name, title_en=title_en, private=True, tag_string=f"rahasia-{TAG}",
            satuan=f"rahasia-{TAG}",
            resources=[{"url": "http://data.example/b.csv", "name": "b", "format": f"RAHASIA{TAG}",
                        "pesan_unggahan": f"NIK 6409010101900001 {TAG}"}],
        )
    return {
        "org": org, "private": private,
        "member": portal.create_user(organization=org["name"], role="member"),
        "outsider": portal.create_user(organization=other, role="editor"),
    }


def _facets(portal, token, **params) -> dict[str, dict[str, int]]:
    return portal.api(token).action.package_search(
        rows=0, include_private=True, **{"facet.field": FIELDS, "facet.mincount": 0, "facet.limit": -1},
        **params)["facets"]


def _private_values(opd) -> set[str]:
    names, titles = set(opd["private"]), set(opd["private"].values())
    return names | titles | {f"rahasia-{TAG}", f"RAHASIA{TAG}", f"member-{opd['org']['id']}"}


def _leaked(facets: dict[str, dict[str, int]], opd) -> set[str]:
    values = {value for counts in facets.values() for value in counts}
    leaked = values & _private_values(opd)
    return leaked | {v for v in values if TAG in v and "NIK" in v}


def test_the_sysadmin_sees_the_private_values(portal, opd):
    facets = _facets(portal, "sysadmin", q=TAG)

    assert set(opd["private"]) <= set(facets["name"])
    assert set(opd["private"].values()) <= set(facets["title_en"])
    assert facets["satuan"][f"rahasia-{TAG}"] == 3
    assert facets["res_format"][f"RAHASIA{TAG}"] == 3
    assert facets["tags"][f"rahasia-{TAG}"] == 3


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_zero_count_facets_hold_no_private_value(portal, opd, who):
    token = None if who == "anonymous" else opd[who].token

    for params in ({}, {"q": TAG}, {"q": "tidak-ada-yang-cocok"}, {"fq": f"organization:{opd['org']['name']}"}):
        facets = _facets(portal, token, **params)
        assert _leaked(facets, opd) == set(), params


def test_zero_count_facets_still_list_values_the_caller_may_see(portal, opd):
    facets = _facets(portal, None, q="tidak-ada-yang-cocok", fq=f"organization:{opd['org']['name']}")

    assert facets["name"] == {f"terbuka-{TAG}": 0}
    assert facets["satuan"] == {f"jiwa-{TAG}": 0}
    assert facets["res_format"] == {f"CSV{TAG}": 0}
    assert facets["permission_labels"] == {"public": 0}


def test_a_member_sees_the_private_values_of_its_organization(portal, opd):
    facets = _facets(portal, opd["member"].token, q="tidak-ada-yang-cocok",
                     fq=f"organization:{opd['org']['name']}")

    assert set(facets["name"]) == {f"terbuka-{TAG}", *opd["private"]}
    assert set(facets["name"].values()) == {0}


def test_a_member_asking_for_public_datasets_only_sees_no_private_value(portal, opd):
    facets = portal.api(opd["member"].token).action.package_search(
        rows=0, include_private=False, fq=f"organization:{opd['org']['name']}",
        **{"facet.field": FIELDS, "facet.mincount": 0, "facet.limit": -1})["facets"]

    assert _leaked(facets, opd) == set()
    assert facets["name"] == {f"terbuka-{TAG}": 1}
