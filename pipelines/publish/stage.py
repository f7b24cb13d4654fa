"""The private staging dataset (``<name>--staging``): new and changed files are uploaded, and the
new DataStore table is loaded, into its resources, which the public cannot see. The portal's
``satudata_publish_commit`` then moves them into the public dataset (:mod:`pipelines.publish.dataset`)."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipelines.publish import datastore
from pipelines.publish.artifacts import DATA, DATASTORE, Artifact
from pipelines.publish.calls import Portal
from pipelines.publish.ownership import check_ours
from pipelines.spec import DatasetSpec

STAGING_SUFFIX = "--staging"
DATASTORE_URL = "_datastore_only_resource"


def key_of(resource: dict[str, Any]) -> tuple[str, str]:
    return (resource.get("peran") or "", resource.get("periode") or "")


def existing_staging(portal: Portal, spec: DatasetSpec, user_id: str) -> dict[str, Any] | None:
    """The staging dataset if there is one (refused when not satudata's or not private), emptied of
    what a failed run left behind (its resources turn ``deleted``; the portal's cleanup then drops
    their DataStore tables)."""
    staging = portal.find("package_show", {"id": spec.name + STAGING_SUFFIX})
    if staging is None:
        return None
    check_ours(portal, spec, staging, user_id, staging=True)
    if staging.get("state") != "active" or staging.get("resources"):
        staging = portal.call("package_patch", {"id": staging["id"], "state": "active", "resources": []})
    return staging


def create_staging(portal: Portal, spec: DatasetSpec, fields: dict[str, Any]) -> dict[str, Any]:
    return portal.call("package_create", {
        **fields, "name": spec.name + STAGING_SUFFIX, "private": True, "title": f"[staging] {fields['title']}",
    })


@dataclass
class Stager:
    portal: Portal
    spec: DatasetSpec
    periods: dict[str, Path]
    fast_load: bool | None
    workdir: Path

    def stage(self, staging_id: str, to_stage: list[Artifact], plan: list[Any],
              all_periods: list[str]) -> tuple[dict[tuple[str, str], str], str | None]:
        """Upload the new files into the staging dataset and load the new DataStore table there
        (from the Parquet uploads, while the other files are still uploading). Returns the staged
        resource ids by key and the loader used."""
        ids: dict[tuple[str, str], str] = {}
        files = sorted((a for a in to_stage if a.path is not None), key=lambda a: a.peran != DATA)
        table = next((a for a in to_stage if a.peran == DATASTORE), None)
        loading: Future[tuple[str, str]] | None = None
        with ThreadPoolExecutor(max_workers=1) as pool:
            for art in files:
                fields = {"package_id": staging_id, "name": art.name, "description": art.description,
                          "format": art.format, "periode": art.periode, "content_hash": art.content_hash,
                          "peran": art.peran}
                ids[art.key] = self.portal.call("resource_create", fields,
                                                files={"upload": (art.path, art.upload_name)})["id"]
                if table is not None and loading is None and all(a.key in ids for a in files if a.peran == DATA):
                    loading = pool.submit(self._load_table, staging_id, table, plan, dict(ids), all_periods)
            if table is not None and loading is None:
                loading = pool.submit(self._load_table, staging_id, table, plan, dict(ids), all_periods)
            loader = None
            if loading is not None:
                table_id, loader = loading.result()
                ids[table.key] = table_id  # type: ignore[union-attr]
        return ids, loader

    def _load_table(self, staging_id: str, table: Artifact, plan: list[Any], ids: dict[tuple[str, str], str],
                    all_periods: list[str]) -> tuple[str, str]:
        """Create the staged DataStore resource and fill it; (its id, the loader used)."""
        portal = self.portal.clone()  # its own HTTP session: this runs beside the uploads
        resource = portal.call("resource_create", {
            "package_id": staging_id, "name": table.name, "description": table.description,
            "format": table.format, "periode": "", "content_hash": table.content_hash,
            "peran": DATASTORE, "url": DATASTORE_URL, "url_type": "datastore",
        })
        sources = self._sources(plan, ids, all_periods)
        fast = self.fast_load if self.fast_load is not None else datastore.has_fast_loader(portal)
        if fast:
            datastore.load_fast(portal, self.spec, resource["id"], sources)
            return resource["id"], "satudata_load"
        datastore.load_plain(portal, self.spec, resource["id"], sources, self.workdir)
        return resource["id"], "datastore_api"

    def _sources(self, plan: list[Any], ids: dict[tuple[str, str], str], all_periods: list[str]) -> list[Any]:
        by_key = {(i.key if isinstance(i, Artifact) else key_of(i)): i for i in plan}
        sources = []
        for period in all_periods:
            item = by_key[(DATA, period)]
            if isinstance(item, Artifact):
                sources.append(datastore.Source(period, ids[item.key], item.path))
            else:
                sources.append(datastore.Source(period, item["id"], self.periods.get(period), item.get("url")))
        return sources
