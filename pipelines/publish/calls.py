"""CKAN action calls with retries: :class:`Portal` wraps a ``ckanapi.RemoteCKAN``.

Connection errors, timeouts and 5xx answers are retried with exponential backoff; anything else
fails at once. Every failure becomes a :class:`PublishError` that names the action, the HTTP status
and (for validation errors) the field CKAN rejected, with the API token removed from the text.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from ckanapi import RemoteCKAN
from ckanapi.common import prepare_action, reverse_apicontroller_action
from ckanapi.errors import CKANAPIError, NotAuthorized, NotFound, ValidationError

from pipelines.publish.errors import PublishError, first_message, redact, rejected_field

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    """``attempts`` tries in all; the n-th retry waits ``backoff * 2**n`` seconds (capped)."""

    attempts: int = 5
    backoff: float = 0.5
    max_wait: float = 8.0
    timeout: float = 300.0

    def wait(self, retry: int) -> float:
        return min(self.max_wait, self.backoff * (2**retry))


class _Transient(Exception):
    def __init__(self, status: int | None, detail: str):
        self.status = status
        self.detail = detail
        super().__init__(detail)


class Portal:
    """The CKAN API of one portal, called the safe way."""

    def __init__(
        self,
        client: RemoteCKAN,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.client = client
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self.url = client.address.rstrip("/")

    def clone(self) -> Portal:
        """The same portal and policy over a new HTTP session (for use from another thread)."""
        client = RemoteCKAN(self.client.address, apikey=self.client.apikey, user_agent=self.client.user_agent)
        return Portal(client, self.retry, self._sleep)

    def _secret(self) -> str | None:
        return self.client.apikey

    def call(
        self,
        action: str,
        data: dict[str, Any] | None = None,
        files: dict[str, Path | tuple[Path, str]] | None = None,
        *,
        idempotent: bool = True,
        missing_ok: bool = False,
    ) -> Any:
        """Call ``action``; retry transient failures; raise :class:`PublishError` on failure.
        ``files`` maps form fields to local paths, or (path, file name to send), opened afresh on
        every attempt. A call that is
        not ``idempotent`` is tried once: the caller decides whether a lost answer may be re-sent."""
        last: _Transient | None = None
        for attempt in range(self.retry.attempts if idempotent else 1):
            if attempt:
                wait = self.retry.wait(attempt - 1)
                log.warning("%s: %s; retrying in %.1f s", action, redact(last.detail, self._secret()), wait)
                self._sleep(wait)
            started = time.monotonic()
            try:
                answer = self._once(action, data or {}, files)
                log.debug("%s: %.3f s", action, time.monotonic() - started)
                return answer
            except _Transient as exc:
                last = exc
            except NotFound as exc:
                if missing_ok:
                    raise
                raise PublishError(redact(f"{action}: not found ({exc})", self._secret()),
                                   action=action, status=404) from None
        assert last is not None
        where = "the portal could not be reached" if last.status is None else f"the portal answered {last.status}"
        raise PublishError(
            redact(f"{action}: {where} ({last.detail}) after {attempt + 1} attempt(s)", self._secret()),
            action=action,
            status=last.status,
        )

    def _once(self, action: str, data: dict[str, Any], files: dict[str, Path | tuple[Path, str]] | None) -> Any:
        payload = data
        if files:
            payload = {k: (v if isinstance(v, str) else json.dumps(v)) for k, v in data.items() if v is not None}
        url, body, headers = prepare_action(action, payload, self.client.apikey, bool(files) and files)
        headers["User-Agent"] = self.client.user_agent
        session = self.client.session or requests.Session()
        self.client.session = session
        named = {k: (v if isinstance(v, tuple) else (Path(v), Path(v).name)) for k, v in (files or {}).items()}
        with ExitStack() as stack:
            opened = {k: (name, stack.enter_context(open(p, "rb"))) for k, (p, name) in named.items()}
            try:
                answer = session.post(
                    f"{self.url}/{url}",
                    data=body,
                    headers=headers,
                    files=opened or None,
                    allow_redirects=False,
                    timeout=self.retry.timeout,
                )
            except (requests.ConnectionError, requests.Timeout) as exc:
                raise _Transient(None, type(exc).__name__) from None
        if answer.status_code >= 500:
            raise _Transient(answer.status_code, f"HTTP {answer.status_code}")
        try:
            return reverse_apicontroller_action(url, answer.status_code, answer.text)
        except ValidationError as exc:
            errors = getattr(exc, "error_dict", None) or (exc.args[0] if exc.args else {})
            field = rejected_field(errors)
            message = first_message({k: v for k, v in errors.items() if k != "__type"}) if isinstance(
                errors, dict
            ) else None
            raise PublishError(
                redact(f"{action}: CKAN rejected field {field!r}: {message}", self._secret()),
                action=action,
                status=answer.status_code,
                field=field,
            ) from None
        except NotFound:
            raise
        except NotAuthorized as exc:
            raise PublishError(
                redact(f"{action}: not authorised ({exc})", self._secret()),
                action=action,
                status=answer.status_code,
            ) from None
        except CKANAPIError:
            raise PublishError(
                redact(f"{action}: the portal answered {answer.status_code}: {answer.text[:300]}", self._secret()),
                action=action,
                status=answer.status_code,
            ) from None

    def find(self, action: str, data: dict[str, Any]) -> Any | None:
        """Like :meth:`call`, but ``None`` when CKAN answers Not Found."""
        try:
            return self.call(action, data, missing_ok=True)
        except NotFound:
            return None

    def own(self, url: str) -> bool:
        """Is ``url`` on this portal (same scheme, host and port, under its path)?"""
        mine, theirs = urlsplit(self.url + "/"), urlsplit(url)
        return (theirs.scheme, theirs.netloc) == (mine.scheme, mine.netloc) and (theirs.path or "/").startswith(
            mine.path) and "/../" not in theirs.path

    def download(self, url: str, target: Path) -> Path:
        """Fetch ``url`` (a resource download on this portal) to ``target``, with the same retries.
        The API token goes only to the portal's own address: a URL elsewhere (an editor can change a
        resource's URL) is refused, and redirects are not followed."""
        if not self.own(url):
            raise PublishError(f"download of {url}: not on the portal {self.url}; not fetched", action="download")
        headers = {"Authorization": self.client.apikey} if self.client.apikey else {}
        for attempt in range(self.retry.attempts):
            if attempt:
                self._sleep(self.retry.wait(attempt - 1))
            try:
                with requests.get(url, headers=headers, stream=True, timeout=self.retry.timeout,
                                  allow_redirects=False) as answer:
                    if answer.status_code >= 500:
                        continue
                    if answer.status_code >= 300:
                        raise PublishError(f"download of {url}: HTTP {answer.status_code}", action="download",
                                           status=answer.status_code)
                    with open(target, "wb") as out:
                        for chunk in answer.iter_content(1 << 20):
                            out.write(chunk)
                    return target
            except (requests.ConnectionError, requests.Timeout):
                continue
        raise PublishError(f"download of {url} failed after {self.retry.attempts} attempts", action="download")
