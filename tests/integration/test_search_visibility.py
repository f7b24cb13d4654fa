"""Who sees what in search: a private dataset is found by the members of its organisation only (CKAN's
permission labels, applied by the PostgreSQL search), and organisation dataset counts agree."""

from __future__ import annotations

import secrets

import pytest

pytestmark = pytest.mark.portal

TAG = secrets.token_hex(3)


@pytest.fixture(scope="module")
def opd(portal) -> dict:
    """An organisation with two public datasets and one private one, a member of it and an outsider."""
    org = portal.create_organization(f"lihat-bpbd-{TAG}", "BPBD (uji lihat)")["name"]
    other = portal.create_organization(f"lihat-dinsos-{TAG}", "Dinas Sosial (uji lihat)")["name"]
    for name in ("kejadian-banjir", "kejadian-longsor"):
        portal.create_dataset(org, name=f"{name}-{TAG}", title=name.replace("-", " ").title())
    portal.create_dataset(org, name=f"korban-rahasia-{TAG}", title="Korban Bencana Rahasia", private=True)
    return {
        "org": org,
        "member": portal.create_user(organization=org, role="member"),
        "outsider": portal.create_user(organization=other, role="editor"),
    }


def _found(portal, opd, token, include_private=True, **params) -> set[str]:
    result = portal.api(token).action.package_search(
        fq=f"organization:{opd['org']}", include_private=include_private, rows=50, **params)
    assert result["count"] == len(result["results"])
    return {d["name"].removesuffix(f"-{TAG}") for d in result["results"]}


PUBLIC = {"kejadian-banjir", "kejadian-longsor"}


def test_anonymous_does_not_find_a_private_dataset(portal, opd):
    assert _found(portal, opd, None) == PUBLIC
    assert _found(portal, opd, None, q="rahasia") == set()


def test_a_member_of_its_organization_finds_it(portal, opd):
    assert _found(portal, opd, opd["member"].token) == PUBLIC | {"korban-rahasia"}
    assert _found(portal, opd, opd["member"].token, q="rahasia") == {"korban-rahasia"}


def test_a_member_finds_it_only_when_asking_for_private_datasets(portal, opd):
    assert _found(portal, opd, opd["member"].token, include_private=False) == PUBLIC


def test_a_user_of_another_organization_does_not_find_it(portal, opd):
    assert _found(portal, opd, opd["outsider"].token) == PUBLIC


def test_the_sysadmin_finds_it(portal, opd):
    assert _found(portal, opd, "sysadmin") == PUBLIC | {"korban-rahasia"}


def test_private_datasets_are_left_out_of_anonymous_facet_counts(portal, opd):
    facets = portal.api(None).action.package_search(
        fq=f"organization:{opd['org']}", include_private=True, rows=0, **{"facet.field": ["organization"]}
    )["facets"]

    assert facets == {"organization": {opd["org"]: 2}}


def test_organization_show_counts_public_datasets_for_anonymous(portal, opd):
    shown = portal.api(None).action.organization_show(id=opd["org"], include_datasets=True)

    assert shown["package_count"] == 2
    assert {d["name"].removesuffix(f"-{TAG}") for d in shown["packages"]} == PUBLIC


def test_organization_show_counts_the_private_dataset_for_a_member(portal, opd):
    assert portal.api(opd["member"].token).action.organization_show(id=opd["org"])["package_count"] == 3


def test_organization_list_counts_datasets(portal, opd):
    listed = portal.api(None).action.organization_list(all_fields=True, include_dataset_count=True,
                                                       organizations=[opd["org"]])

    assert [(o["name"], o["package_count"]) for o in listed] == [(opd["org"], 2)]
