"""The controlled vocabularies the portal's DCAT-AP uses, as IRIs: the EU Publications Office
authority tables (file types, languages, frequencies, data themes, access rights, countries), IANA
media types and SPDX checksum algorithms. Plain data and lookups, no CKAN: the profile in
``dcat_profile.py`` reads them."""

from __future__ import annotations

from typing import NamedTuple

EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
SPDX_SHA256 = "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"
DATA_THEMES = EU + "data-theme"
INDONESIAN = EU + "language/IND"
ENGLISH = EU + "language/ENG"
INDONESIA = EU + "country/IDN"
PUBLIC = EU + "access-right/PUBLIC"
TABLE_SCHEMA = "https://specs.frictionlessdata.io/table-schema/"


class FileType(NamedTuple):
    format: str  # EU file-type authority IRI (dct:format)
    media_type: str  # IANA media type IRI (dcat:mediaType)


# CKAN resource ``format`` (lower case) -> its IRIs. A DataStore table is downloaded as CSV
# (``/datastore/dump/<id>``), so it is described as the CSV it gives.
FILE_TYPES = {
    "parquet": FileType(EU + "file-type/PARQUET", IANA + "application/vnd.apache.parquet"),
    "csv": FileType(EU + "file-type/CSV", IANA + "text/csv"),
    "datastore": FileType(EU + "file-type/CSV", IANA + "text/csv"),
    "json": FileType(EU + "file-type/JSON", IANA + "application/json"),
    "html": FileType(EU + "file-type/HTML", IANA + "text/html"),
    # what an OPD editor may attach by hand besides the pipeline's files
    "xlsx": FileType(EU + "file-type/XLSX", IANA + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "xls": FileType(EU + "file-type/XLS", IANA + "application/vnd.ms-excel"),
    "ods": FileType(EU + "file-type/ODS", IANA + "application/vnd.oasis.opendocument.spreadsheet"),
    "tsv": FileType(EU + "file-type/TSV", IANA + "text/tab-separated-values"),
    "pdf": FileType(EU + "file-type/PDF", IANA + "application/pdf"),
    "zip": FileType(EU + "file-type/ZIP", IANA + "application/zip"),
    "xml": FileType(EU + "file-type/XML", IANA + "application/xml"),
    "geojson": FileType(EU + "file-type/GEOJSON", IANA + "application/geo+json"),
    "txt": FileType(EU + "file-type/TXT", IANA + "text/plain"),
}

# Satu Data ``frekuensi`` -> EU frequency authority.
FREQUENCIES = {
    "tahunan": EU + "frequency/ANNUAL",
    "semesteran": EU + "frequency/ANNUAL_2",
    "triwulanan": EU + "frequency/QUARTERLY",
    "bulanan": EU + "frequency/MONTHLY",
    "harian": EU + "frequency/DAILY",
    "tidak_tentu": EU + "frequency/IRREG",
}

# The EU data themes used below, with their English labels (skos:prefLabel is required of a concept).
THEME_LABELS = {
    "AGRI": "Agriculture, fisheries, forestry and food",
    "ECON": "Economy and finance",
    "EDUC": "Education, culture and sport",
    "ENVI": "Environment",
    "GOVE": "Government and public sector",
    "HEAL": "Health",
    "JUST": "Justice, legal system and public safety",
    "SOCI": "Population and society",
    "TRAN": "Transport",
}

# Satu Data ``sektor`` -> EU data theme (the nearest of the thirteen).
THEMES = {
    "kependudukan": "SOCI",  # Population and society
    "kesehatan": "HEAL",
    "pendidikan": "EDUC",
    "keuangan": "ECON",  # Economy and finance
    "kebencanaan": "JUST",  # Justice, legal system and public safety
    "sosial": "SOCI",
    "ekonomi": "ECON",
    "pertanian": "AGRI",
    "infrastruktur": "TRAN",
    "lingkungan_hidup": "ENVI",
    "pemerintahan": "GOVE",
    "ketenagakerjaan": "SOCI",
}


def file_type(fmt: str | None) -> FileType | None:
    return FILE_TYPES.get((fmt or "").strip().lower())


def frequency(frekuensi: str | None) -> str | None:
    return FREQUENCIES.get(frekuensi or "")


def theme(sektor: str | None) -> tuple[str, str] | None:
    """The EU data theme IRI of a sektor and its label."""
    code = THEMES.get(sektor or "")
    return (f"{DATA_THEMES}/{code}", THEME_LABELS[code]) if code else None


def sha256_hex(content_hash: str | None) -> str | None:
    """The hex digest of a ``sha256:<hex>`` content hash; None for anything else."""
    prefix, _, digest = (content_hash or "").partition(":")
    if prefix != "sha256" or len(digest) != 64:
        return None
    try:
        int(digest, 16)
    except ValueError:
        return None
    return digest.lower()
