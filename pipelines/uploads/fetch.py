"""Fetching new uploads from the OPDs' staging datasets into ``inbox/<opd>/portal/<resource_id>/``.

A resource is fetched when its version on the portal (last modified, size, file name) differs from
the one in the ledger, and a new hand-in appears only when the downloaded content differs too. The
file keeps its own name (the datasets' file patterns match it) in a folder named after the resource,
under the staging dataset's own organization: the inbox then matches it within that OPD only.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlparse

from pipelines.check import sha256_file
from pipelines.inbox.archive import current_answer
from pipelines.inbox.handins import HandIn, answer_path
from pipelines.inbox.process import seen_by
from pipelines.publish.calls import Portal
from pipelines.publish.errors import PublishError
from pipelines.resources import Workspace
from pipelines.spec import DatasetSpec
from pipelines.spec_manifest import SpecSummary
from pipelines.uploads.ledger import Entry, Ledger
from pipelines.uploads.staging import ensure_staging, ready, staged_packages, staging_name, uploads_of

log = logging.getLogger(__name__)

PORTAL_FOLDER = "portal"
NAME_BYTES = 200  # an uploaded file's local name, at most (file names end at 255 bytes)


@dataclass(frozen=True)
class Upload:
    """One file fetched from the portal into the inbox."""

    resource_id: str
    opd: str
    path: Path
    sha256: str


def file_name(resource: dict[str, Any]) -> str:
    """The uploaded file's name, safe as a local file name (``unggahan`` when it has none), at most
    NAME_BYTES bytes: a longer name is cut before its extension (the answers beside it need room)."""
    raw = unquote(urlparse(resource.get("url") or "").path.rsplit("/", 1)[-1])
    safe = re.sub(r"[^\w.\-]+", "_", raw).strip("._") or "unggahan"
    if len(safe.encode()) <= NAME_BYTES:
        return safe
    stem, dot, ext = safe.rpartition(".")
    ext = ext if dot and stem and len(ext.encode()) <= 10 else ""
    room = NAME_BYTES - (len(ext.encode()) + 1 if ext else 0)
    cut = (stem if ext else safe).encode()[:room].decode("utf-8", "ignore").rstrip("._")
    return f"{cut}.{ext}" if ext else cut


def version(resource: dict[str, Any]) -> str:
    return "|".join(str(resource.get(k) or "") for k in ("last_modified", "created", "size")) + "|" + file_name(
        resource)


def download_url(portal: Portal, package_id: str, resource: dict[str, Any]) -> str:
    """Built from the portal's own address: the sysadmin token never goes to a URL an editor typed."""
    return f"{portal.url}/dataset/{package_id}/resource/{resource['id']}/download/{quote(file_name(resource))}"


def answers_of(path: Path) -> list[Path]:
    return [answer_path(path, "json"), answer_path(path, "html")]


def pending_here(path: Path, workspace: Workspace, opd: str) -> bool:
    """Is a file at ``path`` still waiting for the inbox (not answered, not decided for its OPD)?"""
    if path.is_symlink() or not path.is_file():
        return False  # a link planted there is refused by the inbox, and replaced below
    sha = sha256_file(path)
    if current_answer(path, sha) is not None:
        return False
    return not seen_by(workspace, HandIn(path, opd, sha))


def fetch_one(portal: Portal, workspace: Workspace, ledger: Ledger, opd: str, package: dict[str, Any],
              resource: dict[str, Any]) -> Upload | None:
    rid = resource["id"]
    seen = ledger.get(rid)
    now = version(resource)
    if seen is not None and seen.version == now:
        return None
    name = file_name(resource)
    target = workspace.inbox / opd / PORTAL_FOLDER / rid / name
    if pending_here(target, workspace, opd):
        log.info("%s: the previous file is not processed yet; the new version waits", target)
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(f".{name}.part")  # hidden: the inbox scan skips it
    try:
        portal.download(download_url(portal, package["id"], resource), part)
        digest = sha256_file(part)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    if seen is not None and seen.sha256 == digest and (workspace.inbox / seen.path).is_file():
        part.unlink()
        seen.version = now
        ledger.put(seen)
        return None
    for stale in answers_of(target):  # answers of an earlier version of this resource
        stale.unlink(missing_ok=True)
    os.replace(part, target)
    ledger.put(Entry(resource_id=rid, opd=opd, package_id=package["id"], version=now, sha256=digest,
                     path=str(target.relative_to(workspace.inbox)), filename=name))
    return Upload(resource_id=rid, opd=opd, path=target, sha256=digest)


def fetch_uploads(portal: Portal, workspace: Workspace, specs: list[DatasetSpec | SpecSummary],
                  ledger: Ledger | None = None, organizations: Any = None) -> list[Upload]:
    """Every new upload of every OPD that has a dataset spec (full specs, or their lines in the spec
    index), fetched into the inbox (as the pipeline's token). The staging datasets are found with one
    search for all OPDs; one missing (or not as it should be) is created or mended. A failing OPD is
    logged and skipped."""
    ledger = ledger or Ledger(workspace.inbox)
    fetched = []
    try:
        staged = staged_packages(portal)
    except PublishError as exc:
        log.warning("staging datasets not listed: %s", exc)
        return fetched
    for opd in sorted({s.organization for s in specs}):
        try:
            package = staged.get(staging_name(opd))
            if not ready(package, opd):
                package = ensure_staging(portal, opd, specs, organizations)
            for resource in uploads_of(package):
                try:
                    upload = fetch_one(portal, workspace, ledger, opd, package, resource)
                except OSError as exc:  # one upload that cannot be written never stops the others
                    log.warning("upload %s of %s not fetched: %s", resource.get("id"), opd, exc)
                    continue
                if upload is not None:
                    log.info("fetched %s -> %s", resource["id"], upload.path)
                    fetched.append(upload)
        except PublishError as exc:
            log.warning("uploads of %s not fetched: %s", opd, exc)
    return fetched
