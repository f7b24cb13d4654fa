"""One publish of a dataset at a time: the portal's ``satudata_publish_lock`` (ckanext-satudata).

The daemon's sensor, ``satudata inbox --once`` and ``satudata run --publish`` may publish the same
dataset at once, from different processes or machines. Each run takes the dataset's lock on the
portal before it reads the dataset, waits while another run holds it, renews it while it works
(a crashed run's lock lapses after ``ttl`` seconds) and releases it at the end. The portal's commit
refuses a run that does not hold the lock."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from typing import Any

from pipelines.publish.calls import Portal
from pipelines.publish.errors import PublishError

log = logging.getLogger(__name__)

ACTION = "satudata_publish_lock"


class PublishLock:
    """``with PublishLock(portal, name, organization) as lock:`` ``lock.user_id`` is the caller."""

    def __init__(self, portal: Portal, name: str, organization: str, *, wait: float = 1800.0,
                 ttl: int = 120, poll: float = 1.0):
        self.portal = portal
        self.name = name
        self.organization = organization
        self.wait = wait
        self.ttl = ttl
        self.poll = poll
        self.holder = uuid.uuid4().hex
        self.user = ""
        self.user_id = ""
        self._stop = threading.Event()
        self._heartbeat: threading.Thread | None = None

    def _data(self, **extra: Any) -> dict[str, Any]:
        return {"name": self.name, "organization": self.organization, "holder": self.holder, "ttl": self.ttl,
                **extra}

    def __enter__(self) -> PublishLock:
        deadline = time.monotonic() + self.wait
        while True:
            try:
                answer = self.portal.call(ACTION, self._data())
                break
            except PublishError as exc:
                if exc.status == 400 and "not known" in str(exc):
                    raise PublishError(f"{self.name}: the portal lacks {ACTION} (enable the satudata_load "
                                       "plugin of ckanext-satudata)", action=ACTION) from None
                if exc.field != "lock" or time.monotonic() >= deadline:
                    raise
                log.info("%s: %s; waiting", self.name, exc)
                time.sleep(self.poll)
        self.user, self.user_id = answer.get("user") or "", answer.get("user_id") or ""
        self._heartbeat = threading.Thread(target=self._renew, args=(self.portal.clone(),), daemon=True)
        self._heartbeat.start()
        return self

    def _renew(self, portal: Portal) -> None:
        while not self._stop.wait(self.ttl / 3):
            try:
                portal.call(ACTION, self._data())
            except PublishError as exc:  # the commit refuses a run that lost its lock
                log.warning("%s: publish lock not renewed: %s", self.name, exc)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._heartbeat is not None:
            self._heartbeat.join()
        try:
            self.portal.call(ACTION, self._data(release=True))
        except PublishError as error:  # it lapses after ttl
            log.warning("%s: publish lock not released: %s", self.name, error)
