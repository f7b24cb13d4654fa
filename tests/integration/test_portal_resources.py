"""Files and tables on the real portal: uploads come back byte for byte to anyone, and the
DataStore answers searches and SQL."""

from __future__ import annotations

import hashlib
import io
import os

import pytest
import requests

pytestmark = pytest.mark.portal


def test_upload_downloads_byte_identical_for_an_anonymous_visitor(portal, published):
    # Larger than CKAN's default 10 MB limit: the portal's own limit must let it in.
    payload = os.urandom(12 * 1024 * 1024)
    resource = portal.api().action.resource_create(
        package_id=published["dataset"]["id"], name="Arsip", format="BIN",
        upload=("arsip.bin", io.BytesIO(payload)),
    )

    download = requests.get(resource["url"], timeout=60)

    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == hashlib.sha256(payload).hexdigest()


def test_uploaded_csv_is_served_as_uploaded(portal, published):
    url = portal.api(None).action.resource_show(id=published["resource"]["id"])["url"]

    assert requests.get(url, timeout=30).content == published["csv"].encode("utf-8")


@pytest.fixture(scope="module")
def table(portal, published):
    """A DataStore table of three rows on a fresh resource."""
    records = [
        {"kecamatan": "Penajam", "tahun": 2024, "jumlah": 112233},
        {"kecamatan": "Waru", "tahun": 2024, "jumlah": 23456},
        {"kecamatan": "Babulu", "tahun": 2024, "jumlah": 34567},
    ]
    created = portal.api().action.datastore_create(
        resource={"package_id": published["dataset"]["id"], "name": "Tabel", "format": "CSV"},
        fields=[{"id": "kecamatan", "type": "text"}, {"id": "tahun", "type": "int"},
                {"id": "jumlah", "type": "int"}],
        records=records, primary_key=["kecamatan", "tahun"], force=True,
    )
    return {"resource_id": created["resource_id"], "records": records}


def test_datastore_search_finds_rows_anonymously(portal, table):
    found = portal.api(None).action.datastore_search(
        resource_id=table["resource_id"], filters={"kecamatan": "Waru"})

    assert [(r["kecamatan"], r["jumlah"]) for r in found["records"]] == [("Waru", 23456)]
    assert found["total"] == 1


def test_datastore_search_sql_aggregates(portal, table):
    sql = f'SELECT SUM(jumlah) AS total, COUNT(*) AS n FROM "{table["resource_id"]}"'

    rows = portal.api(None).action.datastore_search_sql(sql=sql)["records"]

    assert (int(rows[0]["total"]), int(rows[0]["n"])) == (sum(r["jumlah"] for r in table["records"]), 3)


def test_datastore_sql_cannot_write(portal, table):
    sql = f'DELETE FROM "{table["resource_id"]}"'

    response = requests.post(f"{portal.url}/api/3/action/datastore_search_sql", json={"sql": sql}, timeout=30)

    assert response.status_code in (400, 403, 409)
    assert portal.api(None).action.datastore_search(resource_id=table["resource_id"])["total"] == 3
