"""The quality report and the data dictionary as the dataset page shows them, read from the files
the pipeline published: the report JSON (``peran: laporan_kualitas``), its HTML page
(``laporan_kualitas_html``) and the Table Schema (``kamus_data``). The rules listed are the column
rules of the dictionary (required, minimum, maximum, allowed values, unique key) and the personal
data guard, which runs on every file."""

from __future__ import annotations

import json
import logging
from typing import Any

log = logging.getLogger(__name__)

REPORT, REPORT_HTML, DICTIONARY, DATASTORE = "laporan_kualitas", "laporan_kualitas_html", "kamus_data", "datastore"
MAX_JSON_BYTES = 4 * 1024 * 1024  # a report or dictionary larger than this is not read into the page


def resource_by_role(pkg: dict[str, Any], role: str) -> dict[str, Any] | None:
    return next((r for r in pkg.get("resources") or [] if r.get("peran") == role), None)


def _read_json(resource: dict[str, Any] | None) -> Any:
    """The uploaded JSON file of ``resource``, or None (not uploaded, missing, too large, invalid)."""
    from ckan.lib import uploader  # here: the rest of this module is pure (unit-tested without CKAN)

    if not resource or resource.get("url_type") != "upload":
        return None
    upload = uploader.get_resource_uploader(resource)
    if not isinstance(upload, uploader.ResourceUpload):
        return None
    path = upload.get_path(resource["id"])
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_JSON_BYTES + 1)
    except OSError:
        return None
    if len(raw) > MAX_JSON_BYTES:
        log.warning("satudata: %s is larger than %d bytes; not shown", resource["id"], MAX_JSON_BYTES)
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _number(value: Any) -> str:
    """2000.0 -> 2000 (JSON gives the dictionary's bounds as floats)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def column_rules(schema: dict[str, Any], lang: str) -> list[str]:
    """One line per rule of a Table Schema, in ``lang`` (id or en)."""
    en = lang == "en"
    lines = []
    for field in schema.get("fields") or []:
        name, c = field.get("name", ""), field.get("constraints") or {}
        if c.get("required"):
            lines.append(f"{name}: must be filled in" if en else f"{name}: wajib diisi")
        if "minimum" in c:
            lines.append(f"{name} ≥ {_number(c['minimum'])}")
        if "maximum" in c:
            lines.append(f"{name} ≤ {_number(c['maximum'])}")
        if c.get("enum"):
            values = ", ".join(str(v) for v in c["enum"])
            lines.append(f"{name}: one of {values}" if en else f"{name}: salah satu dari {values}")
    key = schema.get("primaryKey")
    if key:
        key = ", ".join(key if isinstance(key, list) else [key])
        lines.append(f"unique rows by ({key})" if en else f"baris unik menurut ({key})")
    lines.append("no personal data (NIK, KK, NPWP, phone, e-mail)" if en
                 else "tanpa data pribadi (NIK, KK, NPWP, telepon, e-mail)")
    return lines


def findings(report: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """The report's problems grouped by code: ``{code, severity, count, message}`` (the first
    problem's message in ``lang``)."""
    groups: dict[str, dict[str, Any]] = {}
    for problem in report.get("problems") or []:
        code = problem.get("code", "")
        if code not in groups:
            message = problem.get("message_en" if lang == "en" else "message_id") or ""
            groups[code] = {"code": code, "severity": problem.get("severity", ""), "count": 0, "message": message}
        groups[code]["count"] += 1
    return list(groups.values())


def checked_rules(report: dict[str, Any], lang: str) -> list[str]:
    """What the file was checked against, in words, as the pipeline's report lists it (``stats.checked``:
    [Indonesian, English] pairs, the spec's rules included)."""
    checked = (report.get("stats") or {}).get("checked") or []
    return [item[1 if lang == "en" else 0] for item in checked if isinstance(item, list) and len(item) == 2]


def quality_summary(pkg: dict[str, Any], lang: str) -> dict[str, Any] | None:
    """What the dataset page says about the data's quality, or None when nothing was published:
    ``{verdict, date, rows, findings, rules, html_url, json_url}``."""
    report_res = resource_by_role(pkg, REPORT)
    html_res = resource_by_role(pkg, REPORT_HTML)
    if not pkg.get("kualitas") and not report_res:
        return None
    report = _read_json(report_res) or {}
    schema = _read_json(resource_by_role(pkg, DICTIONARY)) or {}
    dated = report_res or html_res or {}
    return {
        "verdict": pkg.get("kualitas") or "",
        "date": dated.get("last_modified") or dated.get("created") or pkg.get("metadata_modified"),
        "rows": report.get("rows"),
        "findings": findings(report, lang),
        "rules": checked_rules(report, lang) or (column_rules(schema, lang) if schema else []),
        "html_url": (html_res or {}).get("url"),
        "json_url": (report_res or {}).get("url"),
    }


def datastore_resource(pkg: dict[str, Any]) -> dict[str, Any] | None:
    """The dataset's DataStore table resource (its ``peran``, else the first active table)."""
    found = resource_by_role(pkg, DATASTORE)
    if found and found.get("datastore_active"):
        return found
    return next((r for r in pkg.get("resources") or [] if r.get("datastore_active")), None)
