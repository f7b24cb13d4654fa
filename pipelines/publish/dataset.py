"""``publish_dataset``: make one dataset's validated periods public on the portal.

How it stays safe (the public sees the old or the new version, never a mix):

1. Every file is compared with the portal by content hash; unchanged resources are reused as
   they are, so a re-run with unchanged input sends no file and no update at all.
2. New or changed files are uploaded, and the new DataStore table is loaded, into resources of a
   private *staging* dataset (``<name>--staging``, same organization) that the public cannot see.
   Then the staging dataset's resource list is emptied: its resources turn ``deleted`` (their files
   and DataStore tables stay; nobody can read them).
3. One ``package_update`` of the public dataset then switches everything at once: the metadata and
   the full resource list, in which the staged resources are adopted by id. CKAN accepts the id of
   a *deleted* resource in a resource list (it refuses one active elsewhere), revives it and moves it
   to the dataset whose list names it, within that one database transaction. Replaced resources
   drop out of the list (state ``deleted``) in that same transaction.
4. Afterwards the replaced DataStore tables are dropped. A failure before step 3 leaves the public
   dataset as it was; the next run deletes the staging leftovers and converges, and since the
   public list is always rebuilt whole, it never holds duplicates.
"""

from __future__ import annotations

import logging
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ckanapi import RemoteCKAN

from pipelines.publish import datastore
from pipelines.publish.artifacts import (
    DATA,
    DATA_CSV,
    DATASTORE,
    REPORT,
    REPORT_HTML,
    Artifact,
    check_parquet,
    datastore_artifact,
    dictionary_artifact,
    period_artifacts,
    report_artifacts,
)
from pipelines.publish.calls import Portal, RetryPolicy
from pipelines.publish.errors import PublishError
from pipelines.publish.metadata import dataset_fields, differs, load_organizations
from pipelines.publish.organization import ensure_organization
from pipelines.spec import DatasetSpec
from pipelines.validate.report import Report

log = logging.getLogger(__name__)

STAGING_SUFFIX = "--staging"
DATASTORE_URL = "_datastore_only_resource"
_SERVER_KEYS = ("package_id", "position", "created", "metadata_modified", "cache_last_updated", "cache_url")


@dataclass
class PublishResult:
    dataset: str
    dataset_url: str
    status: str  # created | updated | unchanged
    uploaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rows: int = 0
    periods: list[str] = field(default_factory=list)
    changed_fields: list[str] = field(default_factory=list)
    datastore_loader: str | None = None  # satudata_load | datastore_api | None (table unchanged)


def _key(resource: dict[str, Any]) -> tuple[str, str]:
    return (resource.get("peran") or "", resource.get("periode") or "")


def _clean(resource: dict[str, Any]) -> dict[str, Any]:
    """A resource dict as it is sent back in a resource list (server-kept keys dropped)."""
    out = {k: v for k, v in resource.items() if k not in _SERVER_KEYS}
    if out.get("url_type") == "datastore":
        out["url"] = DATASTORE_URL
    return out


class _Publish:
    def __init__(self, portal: Portal, spec: DatasetSpec, periods: dict[str, Path], report: Report | None,
                 organizations: Any, fast_load: bool | None, workdir: Path):
        self.portal = portal
        self.spec = spec
        self.periods = {str(p): Path(v) for p, v in periods.items()}
        self.report = report
        self.organizations = load_organizations(organizations)
        self.fast_load = fast_load
        self.workdir = workdir

    def run(self) -> PublishResult:
        spec, portal = self.spec, self.portal
        if self.report is not None and not self.report.valid:
            raise PublishError(f"{spec.key}: the quality report has blocking problems; nothing published",
                               dataset=spec.name)
        if not self.periods:
            raise PublishError(f"{spec.key}: no period to publish", dataset=spec.name)
        for period, path in self.periods.items():
            check_parquet(spec, period, path)
        ensure_organization(portal, spec.organization, self.organizations)
        current = portal.find("package_show", {"id": spec.name})
        current_resources = [r for r in (current or {}).get("resources", [])]
        by_key = {_key(r): r for r in current_resources if r.get("peran")}
        kept = sorted({r["periode"] for r in current_resources
                       if r.get("peran") == DATA and r.get("periode") and r["periode"] not in self.periods})
        all_periods = sorted(set(self.periods) | set(kept))
        fields = dataset_fields(spec, all_periods, report=self.report, organizations=self.organizations)

        artifacts = self._artifacts(by_key, kept)
        plan: list[dict[str, Any] | Artifact] = []
        for item in artifacts:
            if isinstance(item, dict):
                plan.append(item)
                continue
            have = by_key.get(item.key)
            if have and have.get("content_hash") == item.content_hash:
                plan.append({**have, "name": item.name, "description": item.description, "format": item.format})
            else:
                plan.append(item)
        if self.report is None:  # no new report: the published one stays
            plan.extend(by_key[(role, "")] for role in (REPORT, REPORT_HTML) if (role, "") in by_key)
        # resources added by hand on the portal (no peran) stay, after ours
        plan.extend(r for r in current_resources if not r.get("peran"))

        to_stage = [a for a in plan if isinstance(a, Artifact)]
        reused = [r for r in plan if isinstance(r, dict)]
        changed_fields = differs(current, fields) if current else ["(new)"]
        same_list = [r["id"] for r in reused] == [r["id"] for r in current_resources]
        if current and not to_stage and not changed_fields and same_list and all(
            _clean(r) == _clean(by_key[_key(r)]) for r in reused
        ):
            return self._result(current, "unchanged", [], reused, all_periods, [], None)

        if current is None:
            current = portal.call("package_create", {**fields, "private": True})
        staging = self._staging(fields)
        staged_ids, loader = self._stage(staging["id"], to_stage, plan, all_periods)
        staged = {r["id"]: r for r in portal.call("package_show", {"id": staging["id"]})["resources"]}
        # Retire the staged resources (state "deleted": invisible, files and tables intact) so that
        # the public dataset may adopt them: CKAN refuses ids that are active in another dataset.
        portal.call("package_patch", {"id": staging["id"], "resources": []})
        final = []
        for item in plan:
            if isinstance(item, Artifact):
                final.append(_clean(staged[staged_ids[item.key]]))
            else:
                final.append(_clean(item))
        body = {k: v for k, v in current.items()
                if k not in ("tags", "resources", "organization", "metadata_modified", "num_resources", "num_tags")}
        body.update(fields, resources=final)
        updated = portal.call("package_update", body)
        self._drop_replaced(staging["id"], current_resources, {r["id"] for r in final})
        status = "created" if changed_fields == ["(new)"] else "updated"
        return self._result(updated, status, [a.label for a in to_stage],
                            [r for r in plan if isinstance(r, dict)], all_periods, changed_fields, loader)

    def _artifacts(self, by_key: dict[tuple[str, str], dict[str, Any]], kept: list[str]) -> list[Any]:
        """The wanted resources in display order: newest period first, then the table, the
        dictionary and the report. Kept periods (on the portal, not in this run) stay as they are."""
        spec = self.spec
        items: list[Any] = []
        hashes: dict[str, str] = {}
        for period in sorted(set(self.periods) | set(kept), reverse=True):
            if period in self.periods:
                pair = period_artifacts(spec, period, self.periods[period], self.workdir)
                hashes[period] = pair[0].content_hash
                items.extend(pair)
            else:
                hashes[period] = by_key[(DATA, period)].get("content_hash") or ""
                items.extend(by_key[k] for k in ((DATA, period), (DATA_CSV, period)) if k in by_key)
        items.append(datastore_artifact(spec, hashes))
        items.append(dictionary_artifact(spec, self.workdir))
        if self.report is not None:
            items.extend(report_artifacts(spec, self.report, self.workdir))
        return items

    def _staging(self, fields: dict[str, Any]) -> dict[str, Any]:
        """The private staging dataset, emptied of what a failed run left behind."""
        name = self.spec.name + STAGING_SUFFIX
        staging = self.portal.find("package_show", {"id": name})
        if staging is None:
            staging = self.portal.call("package_create", {
                **fields, "name": name, "private": True, "title": f"[staging] {fields['title']}",
            })
        for leftover in staging.get("resources", []):
            self.portal.call("resource_delete", {"id": leftover["id"]})
        return staging

    def _stage(self, staging_id: str, to_stage: list[Artifact], plan: list[Any],
               all_periods: list[str]) -> tuple[dict[tuple[str, str], str], str | None]:
        """Upload the new files into the staging dataset and load the new DataStore table there.
        The table is loaded (from the Parquet uploads) while the other files are still uploading."""
        ids: dict[tuple[str, str], str] = {}
        files = sorted((a for a in to_stage if a.path is not None), key=lambda a: a.peran != DATA)
        table = next((a for a in to_stage if a.peran == DATASTORE), None)
        loading: Future[str] | None = None
        with ThreadPoolExecutor(max_workers=1) as pool:
            for art in files:
                fields = {"package_id": staging_id, "name": art.name, "description": art.description,
                          "format": art.format, "periode": art.periode, "content_hash": art.content_hash,
                          "peran": art.peran}
                ids[art.key] = self.portal.call("resource_create", fields, files={"upload": art.path})["id"]
                if table is not None and loading is None and all(
                    a.key in ids for a in files if a.peran == DATA
                ):
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
        by_key = {(i.key if isinstance(i, Artifact) else _key(i)): i for i in plan}
        sources = []
        for period in all_periods:
            item = by_key[(DATA, period)]
            if isinstance(item, Artifact):
                sources.append(datastore.Source(period, ids[item.key], item.path))
            else:
                local = self.periods.get(period)
                sources.append(datastore.Source(period, item["id"], local, item.get("url")))
        return sources

    def _drop_replaced(self, staging_id: str, before: list[dict[str, Any]], now: set[str]) -> None:
        """Drop the DataStore tables of replaced resources: move them to staging, delete them there."""
        old = [_clean(r) for r in before if r["id"] not in now and r.get("datastore_active")]
        if not old:
            return
        try:
            self.portal.call("package_patch", {"id": staging_id, "resources": old})
            for resource in old:
                self.portal.call("resource_delete", {"id": resource["id"]})
        except PublishError as exc:
            log.warning("%s: replaced DataStore tables not dropped yet: %s", self.spec.key, exc)

    def _result(self, pkg: dict[str, Any], status: str, uploaded: list[str], reused: list[dict[str, Any]],
                periods: list[str], changed: list[str], loader: str | None) -> PublishResult:
        table = next((r for r in pkg.get("resources", []) if r.get("peran") == DATASTORE), None)
        rows = 0
        if table is not None and table.get("datastore_active"):
            rows = int(self.portal.call("datastore_search", {"resource_id": table["id"], "limit": 0})["total"])
        return PublishResult(
            dataset=self.spec.name,
            dataset_url=f"{self.portal.url}/dataset/{self.spec.name}",
            status=status,
            uploaded=uploaded,
            unchanged=[f"{r.get('periode')}/{r.get('peran')}" if r.get("periode") else r.get("peran", "")
                       for r in reused],
            rows=rows,
            periods=periods,
            changed_fields=changed,
            datastore_loader=loader,
        )


def publish_dataset(
    client: RemoteCKAN,
    spec: DatasetSpec,
    periods: dict[str, Path],
    *,
    report: Report | None = None,
    organizations: Any = None,
    retry: RetryPolicy | None = None,
    fast_load: bool | None = None,
) -> PublishResult:
    """Publish ``periods`` (period -> typed Parquet file) of ``spec`` to the portal behind ``client``.

    ``organizations``: the OPD list (entries or a path; default ``datasets/organizations.yaml``).
    ``fast_load``: use the portal's ``satudata_load`` action (default: when the portal has it).
    Periods already on the portal but not given here are kept. Raises :class:`PublishError`."""
    portal = Portal(client, retry)
    with tempfile.TemporaryDirectory(prefix="satudata-publish-") as tmp:
        try:
            return _Publish(portal, spec, periods, report, organizations, fast_load, Path(tmp)).run()
        except PublishError as exc:
            exc.dataset = exc.dataset or spec.name
            raise
