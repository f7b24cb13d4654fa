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

from pipelines.publish.calls import Portal, RetryPolicy
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
    """The CKAN portal the pipeline publishes to and fetches uploads from, and the one retry policy of
    every call to it (publishing, the DataStore, uploads, answers): connection errors, timeouts and 5xx
    answers are tried ``retry_attempts`` times in all, the n-th retry after ``retry_backoff * 2**n``
    seconds (at most ``retry_max_wait``); each call waits ``timeout`` seconds for an answer."""

    url: str | None = None
    token: str | None = None
    connection_file: str | None = None
    retry_attempts: int = RetryPolicy.attempts
    retry_backoff: float = RetryPolicy.backoff
    retry_max_wait: float = RetryPolicy.max_wait
    timeout: float = RetryPolicy.timeout

    def client(self) -> RemoteCKAN:
        url, token = resolve_connection(self.url, self.token, self.connection_file)
        return RemoteCKAN(url, apikey=token, user_agent=USER_AGENT)

    def retry_policy(self) -> RetryPolicy:
        return RetryPolicy(attempts=max(1, self.retry_attempts), backoff=self.retry_backoff,
                           max_wait=self.retry_max_wait, timeout=self.timeout)

    def portal(self) -> Portal:
        """The retrying client: the portal's API, called with this resource's retry policy."""
        return Portal(self.client(), self.retry_policy())
