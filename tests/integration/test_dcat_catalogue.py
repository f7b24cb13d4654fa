"""The portal's DCAT-AP 3.0.0 catalogue (issue 11, item 5): ``/catalog.ttl``, ``/catalog.jsonld`` and
every dataset's own DCAT validate against the official shapes with no violation, and say what a
harvester needs: licences, download URLs, formats and media types as IRIs, sizes and checksums of
the files, publisher and contact point, and the Satu Data fields as DCAT. Private datasets (and the
publisher's private staging datasets) never appear."""

from __future__ import annotations

import hashlib
import secrets

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS, XSD, Namespace

from tests.integration.catalogue import DCAT, datasets_in, fetch_graph, publish_samples, shacl_violations

pytestmark = pytest.mark.portal

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
CC_BY = URIRef("http://www.opendefinition.org/licenses/cc-by")  # CKAN's licence register
IRIS = {  # CKAN resource format -> (dct:format, dcat:mediaType)
    "Parquet": (EU + "file-type/PARQUET", IANA + "application/vnd.apache.parquet"),
    "CSV": (EU + "file-type/CSV", IANA + "text/csv"),
    "DataStore": (EU + "file-type/CSV", IANA + "text/csv"),
    "JSON": (EU + "file-type/JSON", IANA + "application/json"),
    "HTML": (EU + "file-type/HTML", IANA + "text/html"),
}


@pytest.fixture(scope="module")
def samples(portal, tmp_path_factory):
    return publish_samples(portal, tmp_path_factory.mktemp("dcat-data"), f"kk-tertutup-{secrets.token_hex(3)}")


def catalogue(portal, fmt: str) -> Graph:
    """Every page of ``/catalog.<fmt>`` (ckanext-dcat pages it, hydra:nextPage) in one graph."""
    rdf_format = {"ttl": "turtle", "jsonld": "json-ld"}[fmt]
    graph, url = Graph(), f"{portal.url}/catalog.{fmt}"
    for _ in range(50):
        page = fetch_graph(url, rdf_format)
        graph += page
        following = [str(o) for o in page.objects(None, HYDRA.nextPage)]
        if not following or following[0] == url:
            break
        url = following[0]
    return graph


def public_packages(portal, samples) -> dict[str, dict]:
    api = portal.api(None)
    return {s.name: api.action.package_show(id=s.name) for s in samples.public}


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_the_catalogue_conforms_to_dcat_ap_3(portal, samples, fmt):
    graph = catalogue(portal, fmt)
    found = datasets_in(graph)
    assert {p["id"] for p in public_packages(portal, samples).values()} <= set(found)
    violations, report = shacl_violations(graph)
    assert violations == 0, report


def test_every_public_dataset_conforms_on_its_own_page(portal, samples):
    names = portal.api(None).action.package_search(rows=1000)["results"]
    assert {s.name for s in samples.public} <= {d["name"] for d in names}
    graph = Graph()
    for dataset in names:
        graph += fetch_graph(f"{portal.url}/dataset/{dataset['name']}.ttl")
    assert len(datasets_in(graph)) == len(names)
    violations, report = shacl_violations(graph)
    assert violations == 0, report


def test_every_distribution_has_licence_iris_and_a_download_that_matches_size_and_checksum(portal, samples):
    graph = catalogue(portal, "ttl")
    refs = datasets_in(graph)
    for package in public_packages(portal, samples).values():
        dataset = refs[package["id"]]
        assert (dataset, DCTERMS.license, CC_BY) in graph
        assert (CC_BY, RDF.type, DCTERMS.LicenseDocument) in graph
        distributions = {str(graph.value(d, DCTERMS.title)): d for d in graph.objects(dataset, DCAT.distribution)}
        assert sorted(distributions) == sorted(r["name"] for r in package["resources"])
        for resource in package["resources"]:
            ref = distributions[resource["name"]]
            assert graph.value(ref, DCTERMS.license) == CC_BY
            fmt, media = IRIS[resource["format"]]
            assert (graph.value(ref, DCTERMS["format"]), graph.value(ref, DCAT.mediaType)) == (
                URIRef(fmt), URIRef(media)), resource["name"]
            download = requests.get(str(graph.value(ref, DCAT.downloadURL)), timeout=60)
            assert download.status_code == 200, resource["name"]
            if resource["format"] == "DataStore":
                assert download.text.splitlines()[0].startswith("_id,"), "the DataStore table as CSV"
                assert graph.value(ref, SPDX.checksum) is None, "a table's dump has no stable checksum"
                continue
            assert graph.value(ref, DCAT.byteSize) == Literal(len(download.content), datatype=XSD.nonNegativeInteger)
            checksum = graph.value(ref, SPDX.checksum)
            assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
            assert str(graph.value(checksum, SPDX.checksumValue)) == hashlib.sha256(download.content).hexdigest()


def test_the_satu_data_fields_are_dcat(portal, samples):
    package = public_packages(portal, samples)["kepala-keluarga-kecamatan"]
    graph = fetch_graph(f"{portal.url}/dataset/{package['name']}.ttl")
    dataset = datasets_in(graph)[package["id"]]
    assert graph.value(dataset, DCTERMS.accrualPeriodicity) == URIRef(EU + "frequency/ANNUAL")  # tahunan
    assert graph.value(dataset, DCAT.theme) == URIRef(EU + "data-theme/SOCI")  # kependudukan
    assert graph.value(dataset, DCTERMS.language) == URIRef(EU + "language/IND")
    period = graph.value(dataset, DCTERMS.temporal)
    assert (graph.value(period, DCAT.startDate), graph.value(period, DCAT.endDate)) == (
        Literal(package["periode_awal"], datatype=XSD.gYear), Literal(package["periode_akhir"], datatype=XSD.gYear))
    assert (package["periode_awal"], package["periode_akhir"]) == ("2021", "2024")
    places = {graph.value(p, DCTERMS.identifier) or p for p in graph.objects(dataset, DCTERMS.spatial)}
    assert places == {Literal("64.09"), URIRef(EU + "country/IDN")}
    contact = graph.value(dataset, DCAT.contactPoint)
    assert str(graph.value(contact, VCARD.fn)) == package["walidata"]
    publisher = graph.value(dataset, DCTERMS.publisher)
    assert str(graph.value(publisher, FOAF.name)) == package["organization"]["title"]
    assert {(t.language, str(t)) for t in graph.objects(dataset, DCTERMS.title)} == {
        ("id", package["title"]), ("en", package["title_en"])}
    assert graph.value(dataset, DCAT.landingPage) == URIRef(f"{portal.url}/dataset/{package['name']}")


def test_the_catalogue_has_a_publisher_and_languages_as_iris(portal, samples):
    graph = catalogue(portal, "ttl")
    [root] = graph.subjects(RDF.type, DCAT.Catalog)
    publisher = graph.value(root, DCTERMS.publisher)
    assert str(graph.value(publisher, FOAF.name)) == "Pemerintah Kabupaten Penajam Paser Utara"
    assert set(graph.objects(root, DCTERMS.language)) == {URIRef(EU + "language/IND"), URIRef(EU + "language/ENG")}
    assert graph.value(root, DCAT.themeTaxonomy) == URIRef(EU + "data-theme")
    themes = set(graph.objects(None, DCAT.theme))
    assert themes and all(graph.value(t, SKOS.prefLabel) for t in themes)


def test_private_and_staging_datasets_never_appear(portal, samples):
    private = portal.api().action.package_show(id=samples.private.name)
    assert private["private"]
    hidden = portal.api().action.package_search(q="*:*", include_private=True, rows=1000)["results"]
    hidden = {d["id"]: d["name"] for d in hidden if d["private"]}
    assert private["id"] in hidden
    for fmt in ("ttl", "jsonld"):
        graph = catalogue(portal, fmt)
        assert not set(hidden) & set(datasets_in(graph)), f"private datasets in /catalog.{fmt}"
        text = graph.serialize(format="nt")
        assert not [name for name in hidden.values() if f"/dataset/{name}>" in text]
        assert "--staging" not in text
    answer = requests.get(f"{portal.url}/dataset/{samples.private.name}.ttl", timeout=30)
    assert answer.status_code in (403, 404) and "turtle" not in answer.headers.get("Content-Type", "")
