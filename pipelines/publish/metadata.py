"""The portal's view of a dataset: the organization (OPD) and the Satu Data metadata fields,
derived from the spec and the periods being published."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from pipelines.spec import DatasetSpec, project_root
from pipelines.validate.report import Report
from pipelines.walidata import DEFAULT_DUE

# The dataset fields this module owns on the portal (the scheming schema declares them).
DATASET_FIELDS = (
    "title",
    "title_en",
    "notes",
    "notes_en",
    "owner_org",
    "produsen_data",
    "walidata",
    "sektor",
    "frekuensi",
    "jatuh_tempo",
    "satuan",
    "tingkat_penyajian",
    "cakupan_wilayah",
    "periode_awal",
    "periode_akhir",
    "status_data",
    "klasifikasi_akses",
    "license_id",
    "kualitas",
    "satudata_spec",
)


def load_organizations(source: Any = None) -> dict[str, dict[str, Any]]:
    """The OPD list by slug. ``source``: a list of entries, a path, or None for
    ``datasets/organizations.yaml``. Entries without a ``name`` are ignored."""
    if source is None:
        source = project_root() / "datasets" / "organizations.yaml"
    if isinstance(source, (str, Path)):
        path = Path(source)
        source = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else []
    if isinstance(source, dict):
        source = source.get("organizations", [])
    found: dict[str, dict[str, Any]] = {}
    for entry in source or []:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            found[entry["name"]] = entry
    return found


def organization_dict(slug: str, organizations: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """``organization_create`` fields for an OPD (a bare slug when the list lacks it)."""
    entry = organizations.get(slug, {})
    title = str(entry.get("title") or slug.upper())
    description = entry.get("description")
    if isinstance(description, dict):
        text = str(description.get("id", "")).strip()
        if description.get("en"):
            text += f"\n\n_English:_ {str(description['en']).strip()}"
    else:
        text = str(description or "").strip()
    return {"name": slug, "title": title, "description": text}


def period_bounds(periods: list[str]) -> tuple[str, str]:
    """First and last year of the periods (``2023``, ``2023-S1``, ``2024-03`` -> years)."""
    years = sorted(p[:4] for p in periods)
    return (years[0], years[-1]) if years else ("", "")


def quality(report: Report | None) -> str:
    return "peringatan" if report is not None and report.warnings else "lolos"


def satuan(spec: DatasetSpec) -> str:
    if spec.portal.satuan:
        return spec.portal.satuan
    units = sorted({c.unit for c in spec.schema.columns if c.unit})
    return ", ".join(units)


def dataset_fields(
    spec: DatasetSpec,
    periods: list[str],
    *,
    report: Report | None = None,
    organizations: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Every Satu Data field of the dataset, as ``package_create`` takes it."""
    organizations = organizations or {}
    first, last = period_bounds(periods)
    org_title = organization_dict(spec.organization, organizations)["title"]
    return {
        "name": spec.name,
        "title": spec.title.id,
        "title_en": spec.title.en,
        "notes": spec.description.id,
        "notes_en": spec.description.en,
        "owner_org": spec.organization,
        "produsen_data": spec.portal.produsen_data or org_title,
        "walidata": spec.portal.walidata,
        "sektor": spec.portal.sektor,
        "frekuensi": spec.period.frequency,
        "jatuh_tempo": spec.period.due or DEFAULT_DUE.get(spec.period.frequency, ""),
        "satuan": satuan(spec),
        "tingkat_penyajian": spec.portal.tingkat_penyajian,
        "cakupan_wilayah": spec.portal.cakupan_wilayah,
        "periode_awal": first,
        "periode_akhir": last,
        "status_data": spec.portal.status_data,
        "klasifikasi_akses": spec.portal.klasifikasi_akses,
        "license_id": spec.portal.license,
        "tag_string": ",".join(spec.portal.tags),
        "kualitas": quality(report),
        "satudata_spec": spec.key,
        # only open data is public; terbatas/tertutup datasets are seen by their OPD's members only
        "private": spec.portal.klasifikasi_akses != "terbuka",
    }


def differs(current: dict[str, Any], desired: dict[str, Any]) -> list[str]:
    """The fields whose portal value is not the desired one (tags compared as a set)."""
    current = {**current, "owner_org": (current.get("organization") or {}).get("name", current.get("owner_org"))}
    changed = [f for f in DATASET_FIELDS if str(current.get(f) or "") != str(desired.get(f) or "")]
    have = {t.get("name") for t in current.get("tags") or []}
    if have != {t for t in str(desired.get("tag_string") or "").split(",") if t}:
        changed.append("tags")
    if bool(current.get("private")) != bool(desired.get("private", False)):
        changed.append("private")
    return changed
