"""The API token goes only to the portal's own address (issue 12.9): a download URL an editor may
have pointed elsewhere is refused before any request, and redirects are not followed."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from ckanapi import RemoteCKAN

from pipelines.publish.calls import Portal, RetryPolicy
from pipelines.publish.errors import PublishError

TOKEN = "eyJhbGciOiJIUzI1NiJ9.very-secret-token"


def _server(answer):
    """A local server that records (path, Authorization header) and answers ``answer(path)``."""
    seen: list[tuple[str, str | None]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append((self.path, self.headers.get("Authorization")))
            status, headers, body = answer(self.path)
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_port}", seen


@pytest.fixture
def stranger():
    httpd, url, seen = _server(lambda path: (200, {}, b"stolen"))
    yield url, seen
    httpd.shutdown()


def _portal(url: str) -> Portal:
    return Portal(RemoteCKAN(url, apikey=TOKEN), RetryPolicy(attempts=2, backoff=0.0), sleep=lambda _: None)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:{other}/data.parquet",
    "https://127.0.0.1:{port}/data.parquet",
    "http://127.0.0.1.evil.example:{port}/x",
    "http://evil.example/?http://127.0.0.1:{port}/",
])
def test_own_is_only_the_portals_origin(url):
    portal = _portal("http://127.0.0.1:5000")
    assert not portal.own(url.format(port=5000, other=5001))
    assert portal.own("http://127.0.0.1:5000/dataset/x/resource/y/download/2024.parquet")


def test_a_foreign_download_url_gets_no_request_and_no_token(stranger, tmp_path):
    foreign, seen = stranger
    portal = _portal("http://127.0.0.1:9")  # nothing listens there: it must not matter
    with pytest.raises(PublishError) as caught:
        portal.download(foreign + "/2024.parquet", tmp_path / "x.parquet")
    assert "not on the portal" in str(caught.value) and TOKEN not in str(caught.value)
    assert seen == [] and not (tmp_path / "x.parquet").exists()


def test_a_redirect_from_the_portal_elsewhere_is_not_followed(stranger, tmp_path):
    foreign, seen = stranger
    httpd, own, own_seen = _server(lambda path: (302, {"Location": foreign + "/stolen"}, b""))
    try:
        with pytest.raises(PublishError) as caught:
            _portal(own).download(own + "/dataset/x/resource/y/download/2024.parquet", tmp_path / "x.parquet")
    finally:
        httpd.shutdown()
    assert caught.value.status == 302
    assert own_seen == [("/dataset/x/resource/y/download/2024.parquet", TOKEN)] and seen == []


def test_an_own_download_carries_the_token(tmp_path):
    httpd, own, seen = _server(lambda path: (200, {}, b"PAR1"))
    try:
        _portal(own).download(own + "/dataset/x/resource/y/download/2024.parquet", tmp_path / "x.parquet")
    finally:
        httpd.shutdown()
    assert seen == [("/dataset/x/resource/y/download/2024.parquet", TOKEN)]
    assert (tmp_path / "x.parquet").read_bytes() == b"PAR1"
