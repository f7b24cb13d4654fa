"""The OPD's organization on the portal, created or brought up to date from the OPD list."""

from __future__ import annotations

from typing import Any

from pipelines.publish.calls import Portal
from pipelines.publish.errors import PublishError
from pipelines.publish.metadata import organization_dict


def ensure_organization(portal: Portal, slug: str, organizations: dict[str, dict[str, Any]]) -> None:
    """Create the organization when missing; update its title and description when the OPD list
    has the OPD and says otherwise (an OPD missing from the list is created with its slug)."""
    wanted = organization_dict(slug, organizations)
    found = portal.find("organization_show", {"id": slug, "include_datasets": False,
                                              "include_dataset_count": False, "include_users": False})
    if found is None:
        try:
            portal.call("organization_create", wanted)
        except PublishError as exc:
            # a create whose answer was lost (retried) finds its own organization
            if exc.field != "name" or portal.find("organization_show", {"id": slug}) is None:
                raise
    elif slug in organizations and any(found.get(k) != v for k, v in wanted.items()):
        portal.call("organization_patch", {"id": found["id"], **wanted})
