"""``satudata_dcat_ap_3``: the portal's DCAT-AP 3.0.0, an RDF profile of ckanext-dcat that runs after
its ``euro_dcat_ap_3`` (``ckanext.dcat.rdf.profiles = euro_dcat_ap_3 satudata_dcat_ap_3``) and
completes what that one writes from a CKAN dataset:

- every distribution: ``dct:format`` (EU file type) and ``dcat:mediaType`` (IANA) as IRIs,
  ``dcat:downloadURL`` (a DataStore table's CSV dump), ``dct:license``, ``spdx:checksum`` from the
  ``content_hash`` of an uploaded file, ``dct:language``;
- every dataset: ``dct:license``, ``dct:language``, titles and descriptions tagged ``@id``/``@en``,
  the Satu Data fields (``frekuensi`` -> ``dct:accrualPeriodicity``, ``periode_awal``/``akhir`` ->
  ``dct:temporal``, ``sektor`` -> ``dcat:theme``, ``cakupan_wilayah`` -> ``dct:spatial``,
  ``walidata`` -> ``dcat:contactPoint``, ``klasifikasi_akses`` -> ``dct:accessRights``), the
  landing page;
- the catalogue: its publisher (``ckanext.satudata.dcat.publisher_*``), languages as IRIs, the
  theme taxonomy.

The IRIs come from ``dcat_vocab``. Private datasets never reach a profile: the catalogue lists
what an anonymous ``package_search`` finds, a dataset's own page needs read access."""

from __future__ import annotations

from typing import Any

from ckan.plugins import toolkit
from rdflib import BNode, Literal, URIRef

from ckanext.dcat.profiles import DCAT, DCT, FOAF, RDF, SKOS, SPDX, VCARD, XSD, CleanedURIRef, RDFProfile
from ckanext.dcat.utils import resource_uri
from ckanext.satudata import dcat_vocab as vocab

PUBLISHER_NAME = "ckanext.satudata.dcat.publisher_name"
PUBLISHER_URL = "ckanext.satudata.dcat.publisher_url"
CONTACT_EMAIL = "ckanext.satudata.dcat.contact_email"
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")


class SatudataDCATAP3Profile(RDFProfile):
    """Runs after ``euro_dcat_ap_3`` on the same graph (see the module docstring)."""

    def parse_dataset(self, dataset_dict: dict, dataset_ref: Any) -> dict:
        # Reading DCAT back is euro_dcat_ap_3's job; this profile only writes.
        return dataset_dict

    # datasets

    def graph_from_dataset(self, dataset_dict: dict, dataset_ref: Any) -> None:
        licence = self._licence(dataset_dict)
        self._texts(dataset_ref, DCT.title, dataset_dict.get("title"), dataset_dict.get("title_en"))
        self._texts(dataset_ref, DCT.description, dataset_dict.get("notes"), dataset_dict.get("notes_en"))
        self._concept(dataset_ref, DCT.language, vocab.INDONESIAN, DCT.LinguisticSystem)
        if licence:
            self.g.add((dataset_ref, DCT.license, licence))
        self._concept(dataset_ref, DCT.accrualPeriodicity, vocab.frequency(dataset_dict.get("frekuensi")),
                      DCT.Frequency)
        theme = vocab.theme(dataset_dict.get("sektor"))
        if theme:
            self._concept(dataset_ref, DCAT.theme, theme[0], SKOS.Concept)
            self.g.set((URIRef(theme[0]), SKOS.prefLabel, Literal(theme[1], lang="en")))
        if dataset_dict.get("klasifikasi_akses") == "terbuka":
            self._concept(dataset_ref, DCT.accessRights, vocab.PUBLIC, DCT.RightsStatement)
        self._temporal(dataset_ref, dataset_dict.get("periode_awal"), dataset_dict.get("periode_akhir"))
        self._spatial_code(dataset_ref, dataset_dict.get("cakupan_wilayah"))
        self._contact(dataset_ref, dataset_dict)
        page = URIRef(f"{_site_url()}/dataset/{dataset_dict['name']}")
        self.g.set((dataset_ref, DCAT.landingPage, page))
        self.g.add((page, RDF.type, FOAF.Document))
        for resource in dataset_dict.get("resources") or []:
            self._distribution(CleanedURIRef(resource_uri(resource)), resource, licence)

    def _distribution(self, ref: URIRef, resource: dict, licence: URIRef | None) -> None:
        g = self.g
        for predicate in (DCT["format"], DCAT.mediaType, DCAT.accessURL, DCAT.downloadURL, DCT.license):
            g.remove((ref, predicate, None))
        kind = vocab.file_type(resource.get("format"))
        if kind:
            self._concept(ref, DCT["format"], kind.format, DCT.MediaTypeOrExtent)
            self._concept(ref, DCAT.mediaType, kind.media_type, DCT.MediaType)
        access, download = _urls(resource)
        if access:
            g.add((ref, DCAT.accessURL, URIRef(access)))
        if download:
            g.add((ref, DCAT.downloadURL, URIRef(download)))
        if licence:
            g.add((ref, DCT.license, licence))
        self._concept(ref, DCT.language, vocab.INDONESIAN, DCT.LinguisticSystem)
        if (resource.get("peran") or "") == "kamus_data":
            self._concept(ref, DCT.conformsTo, vocab.TABLE_SCHEMA, DCT.Standard)
        digest = vocab.sha256_hex(resource.get("content_hash"))
        if digest and resource.get("url_type") == "upload" and (ref, SPDX.checksum, None) not in g:
            checksum = BNode()
            g.add((ref, SPDX.checksum, checksum))
            g.add((checksum, RDF.type, SPDX.Checksum))
            g.add((checksum, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))
            self._concept(checksum, SPDX.algorithm, vocab.SPDX_SHA256, SPDX.ChecksumAlgorithm)

    def _licence(self, dataset_dict: dict) -> URIRef | None:
        """The licence as the IRI CKAN's licence register gives it (so that a harvesting CKAN finds
        the same licence id), described as a dct:LicenseDocument."""
        url = dataset_dict.get("license_url")
        if not url or not str(url).startswith("http"):
            return None
        ref = URIRef(url)
        self.g.add((ref, RDF.type, DCT.LicenseDocument))
        if dataset_dict.get("license_title"):
            self.g.set((ref, DCT.title, Literal(dataset_dict["license_title"])))
        # euro_dcat_ap_3 types every licence as UnknownIPR (a bare IRI, not a skos:Concept)
        self.g.remove((ref, DCT.type, None))
        return ref

    def _texts(self, subject: Any, predicate: URIRef, indonesian: str | None, english: str | None) -> None:
        if not indonesian:
            return
        self.g.remove((subject, predicate, None))
        self.g.add((subject, predicate, Literal(indonesian, lang="id")))
        if english:
            self.g.add((subject, predicate, Literal(english, lang="en")))

    def _concept(self, subject: Any, predicate: URIRef, iri: str | None, rdf_class: URIRef) -> None:
        if not iri:
            return
        ref = URIRef(iri)
        self.g.add((subject, predicate, ref))
        self.g.add((ref, RDF.type, rdf_class))

    def _temporal(self, dataset_ref: Any, first: str | None, last: str | None) -> None:
        if not (first or last):
            return
        period = BNode()
        self.g.add((dataset_ref, DCT.temporal, period))
        self.g.add((period, RDF.type, DCT.PeriodOfTime))
        if first:
            self.g.add((period, DCAT.startDate, Literal(str(first), datatype=XSD.gYear)))
        if last:
            self.g.add((period, DCAT.endDate, Literal(str(last), datatype=XSD.gYear)))

    def _spatial_code(self, dataset_ref: Any, code: str | None) -> None:
        """Indonesia (EU country authority), and the Kemendagri region the dataset covers."""
        self._concept(dataset_ref, DCT.spatial, vocab.INDONESIA, DCT.Location)
        if not code:
            return
        region = BNode()
        self.g.add((dataset_ref, DCT.spatial, region))
        self.g.add((region, RDF.type, DCT.Location))
        self.g.add((region, DCT.identifier, Literal(code)))
        self.g.add((region, SKOS.notation, Literal(code)))
        self.g.add((region, SKOS.prefLabel, Literal(f"Kode wilayah Kemendagri {code}", lang="id")))

    def _contact(self, dataset_ref: Any, dataset_dict: dict) -> None:
        name = dataset_dict.get("walidata") or dataset_dict.get("produsen_data")
        if not name:
            return
        contact = BNode()
        self.g.add((dataset_ref, DCAT.contactPoint, contact))
        self.g.add((contact, RDF.type, VCARD.Kind))
        self.g.add((contact, RDF.type, VCARD.Organization))
        self.g.add((contact, VCARD.fn, Literal(name)))
        email = toolkit.config.get(CONTACT_EMAIL)
        if email:
            self.g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))
        self.g.add((contact, VCARD.hasURL, URIRef(_site_url())))

    # the catalogue

    def graph_from_catalog(self, catalog_dict: dict | None, catalog_ref: Any) -> None:
        g = self.g
        g.remove((catalog_ref, DCT.language, None))
        for language in (vocab.INDONESIAN, vocab.ENGLISH):
            self._concept(catalog_ref, DCT.language, language, DCT.LinguisticSystem)
        self._concept(catalog_ref, DCAT.themeTaxonomy, vocab.DATA_THEMES, SKOS.ConceptScheme)
        g.set((URIRef(vocab.DATA_THEMES), DCT.title, Literal("Data theme", lang="en")))
        for homepage in g.objects(catalog_ref, FOAF.homepage):
            g.add((homepage, RDF.type, FOAF.Document))
        self._concept(catalog_ref, DCT.spatial, vocab.INDONESIA, DCT.Location)
        publisher = URIRef(toolkit.config.get(PUBLISHER_URL) or _site_url())
        g.add((catalog_ref, DCT.publisher, publisher))
        g.add((publisher, RDF.type, FOAF.Agent))
        g.add((publisher, FOAF.name, Literal(toolkit.config.get(PUBLISHER_NAME) or toolkit.config.get(
            "ckan.site_title"))))
        self._concept(publisher, DCT.type, str(LOCAL_AUTHORITY), SKOS.Concept)
        g.set((LOCAL_AUTHORITY, SKOS.prefLabel, Literal("Local Authority", lang="en")))


def _site_url() -> str:
    return toolkit.config.get("ckan.site_url").rstrip("/")


def _urls(resource: dict) -> tuple[str | None, str | None]:
    """accessURL and downloadURL: an uploaded or linked file is both; a DataStore table is reached
    through the DataStore API and downloaded whole as CSV."""
    site = _site_url()
    if resource.get("url_type") == "datastore":
        rid = resource["id"]
        return (f"{site}/api/3/action/datastore_search?resource_id={rid}",
                f"{site}/datastore/dump/{rid}?format=csv")
    url = resource.get("url") or ""
    return (url, url) if url.startswith("http") else (None, None)
