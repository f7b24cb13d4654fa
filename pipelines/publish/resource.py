"""The portal as a Dagster resource: :class:`CkanResource`.

Settings are read when the resource is used, never at import: the ``url``/``token`` given (for
example with ``dg.EnvVar``), else ``SATUDATA_CKAN_URL``/``SATUDATA_CKAN_TOKEN``, else the
connection file that ``satudata portal up`` writes (``.portal/portal.json``).
"""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
from ckanapi import RemoteCKAN

from pipelines.publish.errors import PublishError

USER_AGENT = "satudata-publish/0.1"


def resolve_connection(
    url: str | None = None, token: str | None = None, connection_file: str | Path | None = None
) -> tuple[str, str]:
    """The portal URL and API token, from the arguments, the environment or the connection file."""
    url = url or os.environ.get("SATUDATA_CKAN_URL") or None
    token = token or os.environ.get("SATUDATA_CKAN_TOKEN") or None
    if not (url and token):
        from pipelines.portal.connection import read_connection

        try:
            connection = read_connection(connection_file)
        except FileNotFoundError as exc:
            raise PublishError(
                f"no portal configured: set SATUDATA_CKAN_URL and SATUDATA_CKAN_TOKEN, or {exc}"
            ) from None
        url = url or connection.url
        token = token or connection.token
    return url.rstrip("/"), token


class CkanResource(dg.ConfigurableResource):
    """The CKAN portal the pipeline publishes to."""

    url: str | None = None
    token: str | None = None
    connection_file: str | None = None

    def client(self) -> RemoteCKAN:
        url, token = resolve_connection(self.url, self.token, self.connection_file)
        return RemoteCKAN(url, apikey=token, user_agent=USER_AGENT)
