"""What the home page shows: the catalogue's figures (datasets, OPD, last update), the sectors
(sektor) and organisations (OPD) with their dataset counts, and the recently updated datasets.
One ``package_search`` as the visitor: private datasets count only for those who may see them."""

from __future__ import annotations

from typing import Any

from ckan.plugins import toolkit

from ckanext.satudata import helpers

RECENT = 5


def _search(params: dict[str, Any]) -> dict[str, Any]:
    try:
        return toolkit.get_action("package_search")({}, params)
    except toolkit.ValidationError:  # an unusable search answers an empty catalogue, never a 500
        return {"count": 0, "results": [], "search_facets": {}}


def home_summary() -> dict[str, Any]:
    """``{count, organizations, sectors, recent, last_update}``: the lists hold
    ``{name, title, count}`` items, largest first; ``recent`` the latest datasets."""
    found = _search({
        "q": "", "rows": RECENT, "sort": "metadata_modified desc",
        "facet.field": ["sektor", "organization"], "facet.limit": -1,
    })
    facets = found.get("search_facets") or {}
    sectors = [{"name": i["name"], "title": helpers.choice_label("sektor", i["name"]), "count": i["count"]}
               for i in (facets.get("sektor") or {}).get("items", [])]
    organizations = [{"name": i["name"], "title": i.get("display_name") or i["name"], "count": i["count"]}
                     for i in (facets.get("organization") or {}).get("items", [])]
    for items in (sectors, organizations):
        items.sort(key=lambda i: (-i["count"], i["title"]))
    recent = found.get("results") or []
    return {
        "count": found.get("count", 0),
        "organizations": organizations,
        "sectors": sectors,
        "recent": recent,
        "last_update": recent[0]["metadata_modified"] if recent else None,
    }
