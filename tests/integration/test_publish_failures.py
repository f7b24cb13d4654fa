"""Failures in the middle of a publish, on the real portal. A small forwarding proxy stands between
the pipeline and the portal and, from a chosen call on, answers 500 or drops the connection (the
portal "stopped"). Every time: a clear error, the public dataset exactly as before, and a re-run
straight to the portal that converges with no duplicate resources."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from ckanapi import RemoteCKAN
from test_publish_lifecycle import ORGS, by_role, make_spec, table_rows, write_period

from pipelines.publish import PublishError, RetryPolicy, publish_dataset

pytestmark = pytest.mark.portal

RETRY = RetryPolicy(attempts=3, backoff=0.05)


class FaultyProxy:
    """Forwards to ``upstream``; ``fault(action, n)`` (n: how many calls of that action so far)
    returns None to forward, ``"500"`` to answer 500, ``"drop"`` to close the connection, or ``"lost"``
    to forward the call and then close the connection without the answer."""

    def __init__(self, upstream: str, fault: Callable[[str, int], str | None]):
        self.calls: list[str] = []
        counts: dict[str, int] = {}
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
                action = self.path.rsplit("/", 1)[-1].split("?")[0]
                counts[action] = counts.get(action, 0) + 1
                proxy.calls.append(action)
                what = fault(action, counts[action])
                if what == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if what == "500":
                    payload = b"Internal Server Error"
                    self.send_response(500)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                answer = requests.request(self.command, upstream + self.path, data=body, headers=headers,
                                          allow_redirects=False, timeout=120)
                if what == "lost":  # the portal did the work, the answer never arrives
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                self.send_response(answer.status_code)
                for key, value in answer.headers.items():
                    if key.lower() not in ("content-length", "transfer-encoding", "connection", "content-encoding"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = _forward

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def client(self, token: str) -> RemoteCKAN:
        return RemoteCKAN(self.url, apikey=token)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def snapshot(portal, name: str) -> dict:
    """What the public sees: metadata, resources (id, hash) and the DataStore rows."""
    dataset = portal.api(None).action.package_show(id=name)
    found = by_role(portal, name)
    rows = table_rows(portal, found[("datastore", "")]["id"])
    return {
        "metadata_modified": dataset["metadata_modified"],
        "periode_akhir": dataset["periode_akhir"],
        "resources": [(r["id"], r["content_hash"]) for r in dataset["resources"]],
        "rows": [(r["tahun"], r["kode"], r["jumlah"]) for r in rows],
    }


@pytest.fixture
def published_v1(portal, tmp_path):
    spec = make_spec(f"penduduk-gagal-{secrets.token_hex(3)}")
    v1 = {"2023": write_period(tmp_path / "v1", 2023, [10, 20, 30])}
    publish_dataset(portal.api(), spec, v1, organizations=ORGS, retry=RETRY)
    v2 = {**v1, "2024": write_period(tmp_path / "v2", 2024, [5, 6, 7, 8])}
    return spec, v2, snapshot(portal, spec.name)


def _fail_then_converge(portal, spec, v2, before, fault) -> PublishError:
    proxy = FaultyProxy(portal.url, fault)
    try:
        with pytest.raises(PublishError) as caught:
            # a run cut off from the portal cannot release its lock: it lapses after lock_ttl
            publish_dataset(proxy.client(portal.token), spec, v2, organizations=ORGS, retry=RETRY, lock_ttl=3)
    finally:
        proxy.close()
    assert snapshot(portal, spec.name) == before
    assert portal.token not in str(caught.value)

    result = publish_dataset(portal.api(), spec, v2, organizations=ORGS, retry=RETRY)
    assert result.periods == ["2023", "2024"] and result.rows == 7
    found = by_role(portal, spec.name)  # asserts one resource per (role, period)
    assert sorted(found) == [("data", "2023"), ("data", "2024"), ("data_csv", "2023"), ("data_csv", "2024"),
                             ("datastore", ""), ("kamus_data", "")]
    assert len(table_rows(portal, found[("datastore", "")]["id"])) == 7
    assert portal.api().action.package_show(id=spec.name + "--staging")["resources"] == []
    return caught.value


def test_portal_answering_500_at_the_switch(portal, published_v1):
    spec, v2, before = published_v1
    error = _fail_then_converge(portal, spec, v2, before,
                                lambda action, n: "500" if action == "satudata_publish_commit" else None)
    assert error.action == "satudata_publish_commit" and error.status == 500
    assert "satudata_publish_commit" in str(error) and "500" in str(error)


def test_portal_stopping_after_the_uploads(portal, published_v1):
    spec, v2, before = published_v1
    stopped = {"now": False}

    def fault(action: str, n: int) -> str | None:
        if action == "satudata_datastore_load" or (action == "datastore_create" and n == 1):
            stopped["now"] = True  # the portal goes away once the files are up
        return "drop" if stopped["now"] else None

    error = _fail_then_converge(portal, spec, v2, before, fault)
    assert error.status is None and "could not be reached" in str(error)


def publish_through_faults(portal, spec, periods, fault):
    """Publish through a proxy that injects ``fault(action, n)``; the result and the proxy's call log."""
    proxy = FaultyProxy(portal.url, fault)
    try:
        return publish_dataset(proxy.client(portal.token), spec, periods, organizations=ORGS, retry=RETRY), proxy
    finally:
        proxy.close()


def test_lost_answer_of_the_switch_is_checked_not_resent(portal, published_v1):
    # the commit is applied but its answer is lost: the portal shows the new version, nothing is re-sent
    spec, v2, _ = published_v1
    result, proxy = publish_through_faults(
        portal, spec, v2, lambda action, n: "lost" if action == "satudata_publish_commit" and n == 1 else None)
    assert proxy.calls.count("satudata_publish_commit") == 1
    assert result.rows == 7 and len(by_role(portal, spec.name)) == 6
    assert portal.api().action.package_show(id=spec.name + "--staging")["resources"] == []


def test_a_passing_500_is_retried(portal, published_v1):
    spec, v2, _ = published_v1
    result, proxy = publish_through_faults(
        portal, spec, v2, lambda action, n: "500" if action == "resource_create" and n == 1 else None)
    assert result.rows == 7 and proxy.calls.count("resource_create") >= 2
    assert len(by_role(portal, spec.name)) == 6


def test_rejected_field_is_named(portal, tmp_path):
    spec = make_spec(f"penduduk-tolak-{secrets.token_hex(3)}", tags=["tag dengan #tanda!"])
    with pytest.raises(PublishError) as caught:
        publish_dataset(portal.api(), spec, {"2023": write_period(tmp_path, 2023, [1, 2])},
                        organizations=ORGS, retry=RETRY)
    assert caught.value.field in ("tag_string", "tags") and caught.value.status == 409
    assert caught.value.field in str(caught.value) and portal.token not in str(caught.value)
