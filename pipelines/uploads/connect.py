"""The portal for uploads, or ``None`` (with a log line) when none is configured."""

from __future__ import annotations

import logging

from pipelines.publish import CkanResource, PublishError, RetryPolicy
from pipelines.publish.calls import Portal

log = logging.getLogger(__name__)


def connect(ckan: CkanResource | None = None, *, retry: RetryPolicy | None = None,
            logger: logging.Logger | None = None) -> Portal | None:
    """The portal behind ``ckan`` (default: ``SATUDATA_CKAN_URL``/``_TOKEN`` or ``.portal/portal.json``),
    called with the resource's retry policy (the one publishing uses) unless ``retry`` says.
    Without a configured portal the upload part is skipped: a log line, never an error."""
    ckan = ckan or CkanResource()
    try:
        client = ckan.client()
    except PublishError as exc:
        (logger or log).info("portal uploads skipped (unggahan portal dilewati): %s", exc)
        return None
    return Portal(client, retry or ckan.retry_policy())
