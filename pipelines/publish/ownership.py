"""Datasets are never adopted from strangers.

A dataset that satudata publishes carries a mark nobody else can give it: it was created by the
publishing account (CKAN sets ``creator_user_id`` itself) in the OPD's organization, and its
``satudata_spec`` names the spec. A dataset of the spec's name without that mark (made by an editor,
in another organization, for another spec) is refused with its owner named: its resources are not
taken over and it is not moved. The staging dataset must in addition be private."""

from __future__ import annotations

from typing import Any

from pipelines.publish.calls import Portal
from pipelines.publish.errors import PublishError
from pipelines.spec import DatasetSpec


def _owner(portal: Portal, dataset: dict[str, Any]) -> str:
    organization = (dataset.get("organization") or {}).get("name") or "-"
    creator = dataset.get("creator_user_id") or ""
    user = portal.find("user_show", {"id": creator}) if creator else None
    return f"organization {organization}, created by {(user or {}).get('name') or creator or 'unknown'}"


def check_ours(portal: Portal, spec: DatasetSpec, dataset: dict[str, Any], user_id: str, *,
               staging: bool = False) -> None:
    """Raise :class:`PublishError` unless ``dataset`` was created by satudata (``user_id``) for
    ``spec`` in its OPD's organization (and, for ``staging``, is private)."""
    reasons = []
    if (dataset.get("organization") or {}).get("name") != spec.organization:
        reasons.append(f"not in organization {spec.organization}")
    if not user_id or dataset.get("creator_user_id") != user_id:
        reasons.append("not created by the publishing account")
    if dataset.get("satudata_spec") != spec.key:
        reasons.append(f"not marked as made from spec {spec.key}")
    if staging and not dataset.get("private"):
        reasons.append("not private")
    if reasons:
        raise PublishError(
            f"{spec.key}: the portal already has a dataset named {dataset.get('name')!r} ({_owner(portal, dataset)})"
            f" that satudata did not create: {'; '.join(reasons)}. Nothing was published; it is not taken "
            "over. Rename or remove it on the portal, or give the spec another name.",
            dataset=spec.name,
        )
