"""The client side of the publish lock and of the ownership check, against a local HTTP server with
scripted answers (the portal side is tested on the real portal, tests/integration/test_publish_guard.py)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from ckanapi import RemoteCKAN

from pipelines.publish.calls import Portal, RetryPolicy
from pipelines.publish.errors import PublishError
from pipelines.publish.lock import PublishLock
from pipelines.publish.ownership import check_ours
from tests.unit.publish.conftest import make_spec

BUSY = (409, {"success": False, "error": {"__type": "Validation Error",
                                          "lock": ["being published by admin (run 1a2b, renewed ...)"]}})
TAKEN = (200, {"success": True, "result": {"user": "admin", "user_id": "u-1", "holder": "h"}})


@pytest.fixture
def server():
    script: list[tuple[int, dict]] = []
    seen: list[tuple[str, dict]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            seen.append((self.path.rsplit("/", 1)[-1], json.loads(body or b"{}")))
            status, answer = script.pop(0) if script else TAKEN
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}", script, seen
    httpd.shutdown()


def _portal(url: str) -> Portal:
    return Portal(RemoteCKAN(url, apikey="t" * 20), RetryPolicy(attempts=2, backoff=0), sleep=lambda _: None)


def test_a_busy_lock_is_waited_for_then_taken_and_released(server):
    url, script, seen = server
    script.extend([BUSY, BUSY, TAKEN])
    with PublishLock(_portal(url), "penduduk", "disdukcapil", wait=10, poll=0.01) as lock:
        assert lock.user_id == "u-1"
    actions = [a for a, _ in seen]
    assert actions == ["satudata_publish_lock"] * 4
    assert [d.get("release") for _, d in seen] == [None, None, None, True]
    assert len({d["holder"] for _, d in seen}) == 1 and seen[0][1]["name"] == "penduduk"


def test_a_lock_held_past_the_wait_is_an_error_naming_the_holder(server):
    url, script, _ = server
    script.extend([BUSY] * 50)
    with pytest.raises(PublishError) as caught:
        with PublishLock(_portal(url), "penduduk", "disdukcapil", wait=0.05, poll=0.01):
            pass
    assert caught.value.field == "lock" and "being published by admin" in str(caught.value)


def test_the_lock_is_renewed_while_the_run_works(server):
    url, _, seen = server
    with PublishLock(_portal(url), "penduduk", "disdukcapil", ttl=0.06, poll=0.01):
        threading.Event().wait(0.2)
    renewals = [d for _, d in seen if not d.get("release")]
    assert len(renewals) >= 3  # taken once, then renewed every ttl/3


SPEC = make_spec()


def dataset(**over):
    return {"name": SPEC.name, "organization": {"name": "disdukcapil"}, "creator_user_id": "u-1",
            "satudata_spec": SPEC.key, "private": True, **over}


def test_a_dataset_satudata_made_is_ours():
    check_ours(None, SPEC, dataset(), "u-1")  # no portal call is needed
    check_ours(None, SPEC, dataset(), "u-1", staging=True)


@pytest.mark.parametrize(("over", "staging", "reason"), [
    ({"creator_user_id": "u-2"}, False, "not created by the publishing account"),
    ({"organization": {"name": "bkad"}}, False, "not in organization disdukcapil"),
    ({"satudata_spec": "lain/x"}, False, "not marked as made from spec"),
    ({"private": False}, True, "not private"),
])
def test_a_strangers_dataset_is_refused_with_its_owner(server, over, staging, reason):
    url, script, _ = server
    script.append((200, {"success": True, "result": {"name": "editor-budi"}}))
    with pytest.raises(PublishError) as caught:
        check_ours(_portal(url), SPEC, dataset(**over), "u-1", staging=staging)
    assert reason in str(caught.value) and "created by editor-budi" in str(caught.value)
    assert SPEC.name in str(caught.value) and caught.value.dataset == SPEC.name
