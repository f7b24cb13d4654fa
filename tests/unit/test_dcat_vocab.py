"""The DCAT vocabulary of the portal's profile (portal/ckanext-satudata/ckanext/satudata/dcat_vocab.py,
plain Python, loaded here by path): every sektor and frekuensi the spec allows has its IRI."""

from __future__ import annotations

import importlib.util
import typing

import pytest

from pipelines import spec
from pipelines.portal.layout import extension_dir


@pytest.fixture(scope="module")
def vocab():
    path = extension_dir() / "ckanext" / "satudata" / "dcat_vocab.py"
    loaded = importlib.util.spec_from_file_location("satudata_dcat_vocab", path)
    module = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(module)
    return module


@pytest.mark.parametrize("sektor", spec.SEKTOR)
def test_every_sektor_has_an_eu_data_theme_with_a_label(vocab, sektor):
    iri, label = vocab.theme(sektor)
    assert iri.startswith("http://publications.europa.eu/resource/authority/data-theme/") and label


@pytest.mark.parametrize("frekuensi", typing.get_args(spec.Frequency))
def test_every_frekuensi_has_an_eu_frequency(vocab, frekuensi):
    assert vocab.frequency(frekuensi).startswith("http://publications.europa.eu/resource/authority/frequency/")


def test_unknown_values_have_no_iri(vocab):
    assert vocab.theme("pariwisata") is None and vocab.frequency("") is None and vocab.file_type("SHP") is None


@pytest.mark.parametrize(("fmt", "file_type", "media_type"), [
    ("Parquet", "PARQUET", "application/vnd.apache.parquet"),
    ("CSV", "CSV", "text/csv"),
    ("DataStore", "CSV", "text/csv"),
    ("json", "JSON", "application/json"),
    ("HTML", "HTML", "text/html"),
    ("XLSX", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ods", "ODS", "application/vnd.oasis.opendocument.spreadsheet"),
    ("PDF", "PDF", "application/pdf"),
    ("GeoJSON", "GEOJSON", "application/geo+json"),
])
def test_formats_are_eu_file_types_and_iana_media_types(vocab, fmt, file_type, media_type):
    found = vocab.file_type(fmt)
    assert found.format == f"http://publications.europa.eu/resource/authority/file-type/{file_type}"
    assert found.media_type == f"http://www.iana.org/assignments/media-types/{media_type}"


def test_only_a_sha256_content_hash_is_a_checksum(vocab):
    digest = "ab" * 32
    assert vocab.sha256_hex(f"sha256:{digest.upper()}") == digest
    assert vocab.sha256_hex(f"md5:{digest}") is None
    assert vocab.sha256_hex("sha256:" + "zz" * 32) is None
    assert vocab.sha256_hex("sha256:abc") is None
    assert vocab.sha256_hex(None) is None
