"""``publish_dataset``: make one dataset's validated periods public on the portal.

How it stays safe (the public sees the old or the new version, never a mix; ids never change):

1. The run takes the dataset's publish lock on the portal (:mod:`pipelines.publish.lock`): runs of
   one dataset never overlap, from any process. It refuses a dataset (or staging dataset) of the
   spec's name that satudata did not create (:mod:`pipelines.publish.ownership`), and drops
   DataStore tables an earlier failed run left behind.
2. Every file is compared with the portal by content hash; unchanged resources are kept as they
   are (same id, bytes and ``last_modified``), so a re-run with unchanged input changes nothing.
3. New or changed files are uploaded, and the new DataStore table is loaded, into resources of the
   private *staging* dataset (:mod:`pipelines.publish.stage`).
4. The portal's ``satudata_publish_commit`` (ckanext-satudata) then switches everything at once: a
   changed resource keeps its id and URL and gets the staged file, table and metadata; a new one
   (a new period) is adopted from staging; a resource an editor added stays. A failure before or
   inside that step leaves the public dataset as it was; the next run converges.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ckanapi import RemoteCKAN

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
from pipelines.publish.lock import PublishLock
from pipelines.publish.metadata import dataset_fields, differs, load_organizations
from pipelines.publish.organization import ensure_organization
from pipelines.publish.ownership import check_ours
from pipelines.publish.stage import DATASTORE_URL, Stager, create_staging, existing_staging, key_of
from pipelines.spec import DatasetSpec
from pipelines.validate.report import Report

log = logging.getLogger(__name__)

COMMIT = "satudata_publish_commit"
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


def _clean(resource: dict[str, Any]) -> dict[str, Any]:
    """A resource dict as it is sent back in a resource list (server-kept keys dropped)."""
    out = {k: v for k, v in resource.items() if k not in _SERVER_KEYS}
    if out.get("url_type") == "datastore":
        out["url"] = DATASTORE_URL
    return out


class _Publish:
    def __init__(self, portal: Portal, spec: DatasetSpec, periods: dict[str, Path], report: Report | None,
                 organizations: Any, fast_load: bool | None, workdir: Path, lock: tuple[float, int]):
        self.portal = portal
        self.spec = spec
        self.periods = {str(p): Path(v) for p, v in periods.items()}
        self.report = report
        self.organizations = load_organizations(organizations)
        self.fast_load = fast_load
        self.workdir = workdir
        self.lock_wait, self.lock_ttl = lock

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
        with PublishLock(portal, spec.name, spec.organization, wait=self.lock_wait, ttl=self.lock_ttl) as lock:
            return self._locked(lock)

    def _locked(self, lock: PublishLock) -> PublishResult:
        spec, portal = self.spec, self.portal
        current = portal.find("package_show", {"id": spec.name})
        if current is not None:
            check_ours(portal, spec, current, lock.user_id)
        staging = existing_staging(portal, spec, lock.user_id)
        present = [d["id"] for d in (current, staging) if d is not None]
        if present:  # DataStore tables an interrupted run left behind
            portal.call("satudata_publish_cleanup", {"id": present[0], "staging": present[-1]})
        current_resources = [r for r in (current or {}).get("resources", [])]
        by_key = {key_of(r): r for r in current_resources if r.get("peran")}
        kept = sorted({r["periode"] for r in current_resources
                       if r.get("peran") == DATA and r.get("periode") and r["periode"] not in self.periods})
        all_periods = sorted(set(self.periods) | set(kept))
        fields = dataset_fields(spec, all_periods, report=self.report, organizations=self.organizations)

        plan: list[dict[str, Any] | Artifact] = []
        for item in self._artifacts(by_key, kept):
            have = by_key.get(item.key) if isinstance(item, Artifact) else None
            if isinstance(item, dict):
                plan.append(item)
            elif have and have.get("content_hash") == item.content_hash:
                plan.append({**have, "name": item.name, "description": item.description, "format": item.format})
            else:
                plan.append(item)
        if self.report is None:  # no new report: the published one stays
            plan.extend(by_key[(role, "")] for role in (REPORT, REPORT_HTML) if (role, "") in by_key)

        to_stage = [a for a in plan if isinstance(a, Artifact)]
        reused = [r for r in plan if isinstance(r, dict)]
        changed_fields = differs(current, fields) if current else ["(new)"]
        if current and current.get("state") != "active":  # deleted on the portal: the commit revives it
            changed_fields.append("state")
        ours = [r["id"] for r in current_resources if r.get("peran")]
        if current and not to_stage and not changed_fields and [r["id"] for r in reused] == ours and all(
            _clean(r) == _clean(by_key[key_of(r)]) for r in reused
        ):
            return self._result(current, "unchanged", [], reused, all_periods, [], None)

        if current is None:
            current = portal.call("package_create", {**fields, "private": True})
        staging = staging or create_staging(portal, spec, fields)
        stager = Stager(portal, spec, self.periods, self.fast_load, self.workdir)
        staged_ids, loader = stager.stage(staging["id"], to_stage, plan, all_periods)
        entries = []
        for item in plan:
            if isinstance(item, Artifact):
                shown = {"name": item.name, "description": item.description, "format": item.format}
                have = by_key.get(item.key)
                entries.append({"id": have["id"], "source": staged_ids[item.key], **shown} if have
                               else {"id": staged_ids[item.key], **shown})
            else:
                entries.append({"id": item["id"], "name": item["name"], "description": item.get("description"),
                                "format": item.get("format")})
        package = {k: v for k, v in fields.items() if k != "name"}
        package.update(name=spec.name, state="active")
        updated = self._commit(current["id"], staging["id"], lock.holder, package, entries, to_stage)
        status = "created" if changed_fields == ["(new)"] else "updated"
        return self._result(updated, status, [a.label for a in to_stage], reused, all_periods, changed_fields,
                            loader)

    def _commit(self, pkg_id: str, staging_id: str, holder: str, package: dict[str, Any],
                entries: list[dict[str, Any]], staged: list[Artifact]) -> dict[str, Any]:
        """One call switches the dataset; after a lost answer, the portal is asked whether it did."""
        data = {"id": pkg_id, "staging": staging_id, "holder": holder, "package": package, "resources": entries}
        try:
            return self.portal.call(COMMIT, data, idempotent=False)
        except PublishError as exc:
            if exc.status is not None and exc.status < 500:
                raise
            after = self.portal.call("package_show", {"id": pkg_id})
            found = {key_of(r): r.get("content_hash") for r in after.get("resources", [])}
            if all(found.get(a.key) == a.content_hash for a in staged):
                log.warning("%s: %s answer lost, but the portal shows the new version", self.spec.key, COMMIT)
                return after
            raise

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
    client: RemoteCKAN | Portal,
    spec: DatasetSpec,
    periods: dict[str, Path],
    *,
    report: Report | None = None,
    organizations: Any = None,
    retry: RetryPolicy | None = None,
    fast_load: bool | None = None,
    lock_wait: float = 1800.0,
    lock_ttl: int = 120,
) -> PublishResult:
    """Publish ``periods`` (period -> typed Parquet file) of ``spec`` to the portal behind ``client``
    (a :class:`Portal`, e.g. ``CkanResource.portal()``, with its retry policy; or a bare client, called
    with ``retry``).

    ``organizations``: the OPD list (entries or a path; default ``datasets/organizations.yaml``).
    ``fast_load``: use the portal's ``satudata_load`` action (default: when the portal has it).
    ``lock_wait``: seconds to wait while another run publishes the same dataset; ``lock_ttl``: seconds
    after which the lock of a run that stopped renewing it (a crash) lapses.
    Periods already on the portal but not given here are kept. Raises :class:`PublishError`."""
    portal = client if isinstance(client, Portal) else Portal(client, retry)
    with tempfile.TemporaryDirectory(prefix="satudata-publish-") as tmp:
        try:
            return _Publish(portal, spec, periods, report, organizations, fast_load, Path(tmp),
                            (lock_wait, lock_ttl)).run()
        except PublishError as exc:
            exc.dataset = exc.dataset or spec.name
            raise
