"""Harvestable by a national portal (issue 11, item 6). A second throwaway CKAN, the way a national
catalogue pulls a regional one: ckanext-harvest with ckanext-dcat's DCAT harvester
(``dcat_rdf_harvester``) reading this portal's ``/catalog.ttl`` with the plain ``euro_dcat_ap_3``
profile, no Satu Data schema and no knowledge of this portal. Harvests run synchronously
(``ckan harvester run-test``). One harvester portal per test session (this module), sharing the
CKAN virtualenv; it runs the extension's PostgreSQL search (no Solr here either)."""

from __future__ import annotations

import json
import secrets
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import ckanapi
import pytest

from pipelines.portal import Layout, down, up
from pipelines.portal.ckan_cli import ckan
from pipelines.portal.processes import free_port
from pipelines.publish import RetryPolicy, publish_dataset
from tests.integration.catalogue import publish_samples

pytestmark = pytest.mark.portal

HARVESTER_PLUGINS = ["satudata", "satudata_search", "datastore", "harvest", "dcat", "dcat_rdf_harvester", "activity"]
SOURCE = "satu-data-ppu"
FAST_RETRY = RetryPolicy(attempts=3, backoff=0.05)


@dataclass
class National:
    api: ckanapi.RemoteCKAN
    layout: Layout

    def harvest(self) -> None:
        """One synchronous harvest of the regional catalogue. ckanext-harvest 1.6.3 ends every job
        by re-indexing its source with an unvalidated dict (on CKAN 2.12 that is what package_show
        then reads back: no ``source_type``), so the source's index entry is first re-made from the
        database, as ``ckan search-index rebuild`` does."""
        ckan(self.layout, "search-index", "rebuild", SOURCE)
        ckan(self.layout, "harvester", "run-test", SOURCE)

    def datasets(self) -> dict[str, dict]:
        """The harvested datasets by the identifier they have in the regional portal."""
        found = self.api.action.package_search(q="*:*", rows=1000, include_private=True)["results"]
        return {_extra(d, "identifier"): d for d in found if d["type"] == "dataset"}

    def last_job(self) -> dict:
        source_id = self.api.action.harvest_source_show(id=SOURCE)["id"]
        jobs = self.api.action.harvest_job_list(source_id=source_id, status="Finished")
        return max(jobs, key=lambda job: job["created"])


def _extra(dataset: dict, key: str) -> str | None:
    return next((e["value"] for e in dataset.get("extras", []) if e["key"] == key), None)


def _say(message: str) -> None:
    print(f"[harvester] {message}", file=sys.stderr, flush=True)


@pytest.fixture(scope="module")
def samples(portal, tmp_path_factory):
    return publish_samples(portal, tmp_path_factory.mktemp("harvest-data"), f"kk-tertutup-{secrets.token_hex(3)}")


@pytest.fixture(scope="module")
def national(portal, samples):
    state_dir = Path(tempfile.mkdtemp(prefix="satudata-harvester-"))
    try:
        connection = up(state_dir, free_port(), plugins=HARVESTER_PLUGINS, durable=False, log=_say)
    except Exception as exc:  # the harvester portal not starting is this module's failure, with its reason
        down(state_dir, log=_say)
        shutil.rmtree(state_dir, ignore_errors=True)
        pytest.fail(f"the harvester portal could not start: {type(exc).__name__}: {exc}", pytrace=False)
    try:
        api = ckanapi.RemoteCKAN(connection.url, apikey=connection.token, user_agent="satudata-tests")
        api.action.organization_create(name="satu-data-nasional", title="Satu Data Indonesia (uji)")
        api.action.harvest_source_create(
            name=SOURCE, title="Satu Data Kabupaten Penajam Paser Utara", url=f"{portal.url}/catalog.ttl",
            source_type="dcat_rdf", owner_org="satu-data-nasional", frequency="MANUAL",
            config=json.dumps({"profiles": ["euro_dcat_ap_3"]}))
        handle = National(api=api, layout=Layout.at(state_dir))
        ckan(handle.layout, "harvester", "run-test", SOURCE)
        yield handle
    finally:
        down(state_dir, log=_say)
        shutil.rmtree(state_dir, ignore_errors=True)


def public_on_the_portal(portal) -> dict[str, dict]:
    found = portal.api(None).action.package_search(q="*:*", rows=1000)["results"]
    return {d["id"]: d for d in found}


def download_urls(portal, dataset: dict) -> set[str]:
    """What a harvester must find for each resource: the file, or a DataStore table's CSV dump."""
    return {f"{portal.url}/datastore/dump/{r['id']}?format=csv" if r.get("url_type") == "datastore" else r["url"]
            for r in dataset["resources"]}


def test_every_public_dataset_is_harvested_with_title_licence_and_downloads(portal, samples, national):
    public = public_on_the_portal(portal)
    assert {s.name for s in samples.public} <= {d["name"] for d in public.values()}
    harvested = national.datasets()
    assert set(harvested) == set(public)
    for source_id, dataset in public.items():
        copy = harvested[source_id]
        assert copy["title"] == dataset["title"]
        assert (copy["license_id"], copy["license_url"]) == (dataset["license_id"], dataset["license_url"])
        assert copy["num_resources"] == len(dataset["resources"]) > 0
        assert {r["download_url"] for r in copy["resources"]} == download_urls(portal, dataset)
        assert {r["url"] for r in copy["resources"]} == download_urls(portal, dataset)
    assert national.last_job()["stats"].get("errored", 0) == 0


def test_the_satu_data_fields_reach_the_national_portal(portal, samples, national):
    regional = portal.api(None).action.package_show(id="kepala-keluarga-kecamatan")
    copy = national.datasets()[regional["id"]]
    assert {k: _extra(copy, k) for k in ("frequency", "theme", "temporal_start", "temporal_end", "contact_name",
                                          "publisher_name")} == {
        "frequency": "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
        "theme": '["http://publications.europa.eu/resource/authority/data-theme/SOCI"]',
        "temporal_start": regional["periode_awal"], "temporal_end": regional["periode_akhir"],
        "contact_name": regional["walidata"], "publisher_name": regional["organization"]["title"],
    }
    by_url = {r["url"]: r for r in copy["resources"]}
    for resource in regional["resources"]:
        if resource.get("url_type") == "upload":
            assert by_url[resource["url"]]["hash"] == resource["content_hash"].removeprefix("sha256:")


def test_private_datasets_are_not_harvested(portal, samples, national):
    private = portal.api().action.package_show(id=samples.private.name)
    assert private["private"]
    harvested = national.datasets()
    assert private["id"] not in harvested
    assert samples.private.title.id not in {d["title"] for d in harvested.values()}
    urls = {r["url"] for d in harvested.values() for r in d["resources"]}
    assert not [u for u in urls if private["id"] in u or any(r["id"] in u for r in private["resources"])]


def test_a_second_harvest_after_an_update_changes_the_harvested_dataset_in_place(portal, samples, national):
    before = national.datasets()
    spec = next(s for s in samples.public if s.key == "bpbd/kejadian-bencana")
    updated = spec.model_copy(update={"title": spec.title.model_copy(update={"id": f"{spec.title.id} (diperbarui)"})})
    result = publish_dataset(portal.api(), updated, samples.parquet[spec.key], retry=FAST_RETRY)
    assert result.status == "updated" and "title" in result.changed_fields
    regional = portal.api(None).action.package_show(id=spec.name)
    national.harvest()
    after = national.datasets()
    assert set(after) == set(before), "no dataset added or dropped"
    copy = after[regional["id"]]
    assert copy["id"] == before[regional["id"]]["id"] and copy["name"] == before[regional["id"]]["name"]
    assert copy["title"] == f"{spec.title.id} (diperbarui)"
    assert {r["url"] for r in copy["resources"]} == download_urls(portal, regional)
    assert national.last_job()["stats"].get("updated", 0) >= 1
