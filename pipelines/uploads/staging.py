"""The private staging dataset of an OPD (``unggah-<opd>``), where its editors upload spreadsheets."""

from __future__ import annotations

from typing import Any

from pipelines.publish.calls import Portal
from pipelines.publish.dataset import ensure_organization
from pipelines.publish.errors import PublishError
from pipelines.publish.metadata import load_organizations
from pipelines.spec import DatasetSpec
from pipelines.spec_manifest import SpecSummary

SEARCH_ROWS = 1000  # CKAN's default ckan.search.rows_max

STAGING_PREFIX = "unggah-"
REPORT_HTML = "laporan_unggahan_html"  # `peran` of the answer resources the pipeline adds
REPORT_JSON = "laporan_unggahan_json"
REPORT_XLSX = "laporan_unggahan_xlsx"  # the officer's own file back, its problem cells marked
PIPELINE_ROLES = (REPORT_HTML, REPORT_JSON, REPORT_XLSX)

NOTES_ID = (
    "Unggah berkas spreadsheet (xlsx, xls atau csv) {opd} di sini sebagai sumber daya baru, atau ganti "
    "berkas sumber daya yang ada. Pipeline Satu Data memeriksanya dalam beberapa menit dan menjawab pada "
    "sumber daya itu: status (diterima, ditolak atau tidak-dikenal), laporan pemeriksaan (HTML dan JSON) "
    "dan, bila diterima, tautan ke dataset publik. Dataset ini privat: hanya anggota organisasi yang melihatnya."
)
NOTES_EN = (
    "Upload {opd} spreadsheets (xlsx, xls or csv) here as a new resource, or replace the file of an "
    "existing one. The Satu Data pipeline checks it within minutes and answers on that resource: a "
    "status (diterima = accepted, ditolak = rejected, tidak-dikenal = unknown), the check report (HTML "
    "and JSON) and, when accepted, a link to the public dataset. This dataset is private: only members "
    "of the organization see it."
)


def staging_name(opd: str) -> str:
    return f"{STAGING_PREFIX}{opd}"


def walidata_of(opd: str, specs: list[DatasetSpec | SpecSummary]) -> str:
    """The walidata the OPD's specs name (a full spec or its line in the spec index), or ''."""
    for s in specs:
        if s.organization == opd:
            walidata = s.walidata if isinstance(s, SpecSummary) else s.portal.walidata
            if walidata:
                return walidata
    return ""


def staging_fields(opd: str, specs: list[DatasetSpec | SpecSummary],
                   organizations: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """``package_create`` fields of the staging dataset (every field the Satu Data schema requires)."""
    entry = organizations.get(opd, {})
    short = str(entry.get("abbreviation") or opd.upper())
    walidata = walidata_of(opd, specs)
    return {
        "name": staging_name(opd),
        "title": f"Unggahan data {short}",
        "title_en": f"{short} data uploads",
        "notes": NOTES_ID.format(opd=short),
        "notes_en": NOTES_EN.format(opd=short),
        "owner_org": opd,
        "private": True,
        "produsen_data": str(entry.get("title") or short),
        "walidata": walidata or "Diskominfo",
        "sektor": "pemerintahan",
        "frekuensi": "tidak_tentu",
        "tingkat_penyajian": "kabupaten",
        "status_data": "sementara",
        "klasifikasi_akses": "tertutup",
    }


def owner(package: dict[str, Any]) -> str:
    """The name of the organization that owns ``package`` (as package_show gives it)."""
    org = package.get("organization") or {}
    return org.get("name") or ""


def staged_packages(portal: Portal) -> dict[str, dict[str, Any]]:
    """Every staging dataset on the portal, by name, with its resources: one ``package_search`` per
    thousand of them (private ones too: the pipeline's token is a sysadmin's), not a call per OPD."""
    found: dict[str, dict[str, Any]] = {}
    start = 0
    while True:
        page = portal.call("package_search", {"q": f"name:{STAGING_PREFIX}*", "include_private": True,
                                              "rows": SEARCH_ROWS, "start": start, "sort": "name asc"})
        results = page.get("results", [])
        found.update((p["name"], p) for p in results if p.get("name", "").startswith(STAGING_PREFIX))
        start += len(results)
        if not results or start >= page.get("count", 0):
            return found


def ready(package: dict[str, Any] | None, opd: str) -> bool:
    """Is ``package`` (as found) the OPD's own private, active staging dataset, usable as it is?"""
    return (package is not None and owner(package) == opd and package.get("state") == "active"
            and bool(package.get("private")))


def ensure_staging(portal: Portal, opd: str, specs: list[DatasetSpec | SpecSummary] | None = None,
                   organizations: Any = None) -> dict[str, Any]:
    """The OPD's organization and its private staging dataset, created when missing; the dataset.
    Raises :class:`PublishError` when ``unggah-<opd>`` exists but belongs to another organization
    (its uploads would be taken for this OPD's files)."""
    orgs = load_organizations(organizations)
    ensure_organization(portal, opd, orgs)
    name = staging_name(opd)
    found = portal.find("package_show", {"id": name})
    if found is None:
        fields = staging_fields(opd, specs or [], orgs)
        try:
            found = portal.call("package_create", fields)
        except PublishError as exc:  # a create whose answer was lost finds its dataset
            found = portal.find("package_show", {"id": name})
            if found is None or exc.field != "name":
                raise
    if owner(found) != opd:
        raise PublishError(f"{name} belongs to organization {owner(found)!r}, not {opd!r}: its uploads are "
                           "not fetched", action="package_show", dataset=name)
    if found.get("state") != "active" or not found.get("private"):
        found = portal.call("package_patch", {"id": found["id"], "state": "active", "private": True})
    return found


def uploads_of(package: dict[str, Any]) -> list[dict[str, Any]]:
    """The officers' uploads in a staging dataset: uploaded files, not the pipeline's answers."""
    return [r for r in package.get("resources", [])
            if r.get("url_type") == "upload" and r.get("peran") not in PIPELINE_ROLES and r.get("url")]
