"""Retries and error reporting of the API caller, against a local HTTP server that answers with
scripted statuses (the CKAN behaviour itself is tested against the real portal)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from ckanapi import RemoteCKAN

from pipelines.publish.calls import Portal, RetryPolicy
from pipelines.publish.errors import PublishError

TOKEN = "eyJhbGciOiJIUzI1NiJ9.very-secret-token"
OK = (200, {"success": True, "result": {"ok": 1}})
INVALID = (409, {"success": False, "error": {"__type": "Validation Error", "sektor": ["Nilai tidak sah"]}})


@pytest.fixture
def server():
    script: list[tuple[int, dict]] = []
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            seen.append(self.path)
            status, body = script.pop(0) if script else OK
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", script, seen
    httpd.shutdown()


def _portal(url: str, waits: list[float]) -> Portal:
    return Portal(RemoteCKAN(url, apikey=TOKEN), RetryPolicy(attempts=4, backoff=0.5), sleep=waits.append)


def test_5xx_is_retried_with_backoff(server):
    url, script, seen = server
    script.extend([(503, {}), (502, {})])
    waits: list[float] = []
    assert _portal(url, waits).call("package_show", {"id": "x"}) == {"ok": 1}
    assert len(seen) == 3 and waits == [0.5, 1.0]


def test_persistent_500_is_a_clear_error_without_the_token(server):
    url, script, seen = server
    script.extend([(500, {})] * 4)
    with pytest.raises(PublishError) as caught:
        _portal(url, []).call("package_update", {"id": "x"})
    assert caught.value.status == 500 and caught.value.action == "package_update"
    assert "answered 500" in str(caught.value) and TOKEN not in str(caught.value)
    assert len(seen) == 4


def test_validation_error_names_the_field_and_is_not_retried(server):
    url, script, seen = server
    script.append(INVALID)
    with pytest.raises(PublishError) as caught:
        _portal(url, []).call("package_create", {"name": "x"})
    assert caught.value.field == "sektor" and caught.value.status == 409
    assert "sektor" in str(caught.value) and len(seen) == 1


def test_unreachable_portal():
    client = RemoteCKAN("http://127.0.0.1:9", apikey=TOKEN)
    portal = Portal(client, RetryPolicy(attempts=2, backoff=0), sleep=lambda s: None)
    with pytest.raises(PublishError) as caught:
        portal.call("status_show")
    assert caught.value.status is None and "could not be reached" in str(caught.value)


def test_non_idempotent_call_is_tried_once(server):
    url, script, seen = server
    script.append((500, {}))
    with pytest.raises(PublishError):
        _portal(url, []).call("datastore_upsert", {"resource_id": "r"}, idempotent=False)
    assert len(seen) == 1


def test_files_are_sent_again_on_retry(server, tmp_path):
    url, script, seen = server
    script.append((503, {}))
    upload = tmp_path / "data.csv"
    upload.write_text("a\n1\n")
    assert _portal(url, []).call("resource_create", {"package_id": "p"}, files={"upload": upload}) == {"ok": 1}
    assert len(seen) == 2


def test_not_found_is_a_publish_error_unless_looked_up(server):
    url, script, seen = server
    missing = (404, {"success": False, "error": {"__type": "Not Found Error", "message": "Not found"}})
    script.extend([missing, missing])
    portal = _portal(url, [])
    with pytest.raises(PublishError) as caught:
        portal.call("resource_delete", {"id": "gone"})
    assert caught.value.status == 404 and caught.value.action == "resource_delete"
    assert portal.find("package_show", {"id": "gone"}) is None
