"""The DataStore dump (``/datastore/dump/<id>``) is safe to open in a spreadsheet: text cells that
would run as a formula get a leading apostrophe, as in the published CSV; numbers (negative ones
too) stay numbers, and the JSON API keeps the stored values."""

from __future__ import annotations

import csv
import io
import json
import secrets

import pytest
import requests

pytestmark = pytest.mark.portal

TAG = secrets.token_hex(3)
RECORDS = [
    {"kecamatan": "=cmd|' /C calc'!A0", "jumlah": -7, "rasio": -2.5},
    {"kecamatan": "-2+3", "jumlah": 5, "rasio": 0.5},
    {"kecamatan": "+62 812", "jumlah": 0, "rasio": 1},
    {"kecamatan": "@SUM(A1:A9)", "jumlah": -1, "rasio": -0.25},
    {"kecamatan": "\t=1+1", "jumlah": 2, "rasio": 2},
    {"kecamatan": "\r=1+1", "jumlah": 3, "rasio": 3},
    {"kecamatan": "-5", "jumlah": -5, "rasio": -5},
    {"kecamatan": "Penajam", "jumlah": 112233, "rasio": 1.5},
    {"kecamatan": "Babulu = 3", "jumlah": 1, "rasio": 1},
]
EXPECTED_TEXT = ["'=cmd|' /C calc'!A0", "'-2+3", "'+62 812", "'@SUM(A1:A9)", "'\t=1+1", "'\r=1+1", "-5",
                 "Penajam", "Babulu = 3"]


@pytest.fixture(scope="module")
def resource(portal) -> dict:
    org = portal.create_organization(f"dump-bapenda-{TAG}", "Bapenda (uji dump)")["name"]
    dataset = portal.create_dataset(org, name=f"rumus-{TAG}")
    created = portal.api().action.datastore_create(
        resource={"package_id": dataset["id"], "name": "tabel", "format": "CSV"},
        fields=[{"id": "kecamatan", "type": "text"}, {"id": "jumlah", "type": "int"},
                {"id": "rasio", "type": "numeric"}],
        records=RECORDS, force=True,
    )
    return {"id": created["resource_id"]}


def _dump(portal, resource_id: str, **params) -> str:
    reply = requests.get(f"{portal.url}/datastore/dump/{resource_id}", params=params, timeout=60)
    assert reply.status_code == 200, reply.text[:300]
    return reply.content.decode("utf-8")


@pytest.mark.parametrize("fmt, delimiter", [("csv", ","), ("tsv", "\t")])
def test_text_formulas_are_neutralised_in_the_dump(portal, resource, fmt, delimiter):
    rows = list(csv.DictReader(io.StringIO(_dump(portal, resource["id"], format=fmt), newline=""),
                               delimiter=delimiter))

    assert [r["kecamatan"] for r in rows] == EXPECTED_TEXT


def test_numbers_stay_numbers_in_the_dump(portal, resource):
    rows = list(csv.DictReader(io.StringIO(_dump(portal, resource["id"]), newline="")))

    assert [int(r["jumlah"]) for r in rows] == [r["jumlah"] for r in RECORDS]
    assert [float(r["rasio"]) for r in rows] == [r["rasio"] for r in RECORDS]
    assert [int(r["_id"]) for r in rows] == list(range(1, len(RECORDS) + 1))


def test_a_dump_of_chosen_fields_is_neutralised_too(portal, resource):
    rows = list(csv.reader(io.StringIO(_dump(portal, resource["id"], fields="kecamatan,jumlah",
                                             sort="jumlah asc"), newline="")))

    assert rows[0] == ["kecamatan", "jumlah"]
    assert rows[1] == ["'=cmd|' /C calc'!A0", "-7"]


def test_the_json_api_and_the_json_dump_keep_the_stored_values(portal, resource):
    found = portal.api(None).action.datastore_search(resource_id=resource["id"], limit=50)
    dumped = json.loads(_dump(portal, resource["id"], format="json"))

    assert [r["kecamatan"] for r in found["records"]] == [r["kecamatan"] for r in RECORDS]
    assert [r[1] for r in dumped["records"]] == [r["kecamatan"] for r in RECORDS]
