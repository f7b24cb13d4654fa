"""One retry policy, set on CkanResource, for every call to the portal: publishing and uploads alike
(issue 16.3)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pipelines.publish import CkanResource, PublishError, RetryPolicy
from pipelines.uploads.connect import connect


class Unwell(BaseHTTPRequestHandler):
    """A portal that answers 503 to everything and counts the requests."""

    hits: list = []

    def _answer(self):
        type(self).hits.append(self.path)
        self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def portal_url():
    Unwell.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Unwell)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def resource(url: str, attempts: int) -> CkanResource:
    return CkanResource(url=url, token="t", retry_attempts=attempts, retry_backoff=0.0, timeout=5.0)


def test_the_policy_is_resource_config():
    ckan = CkanResource(url="http://x", token="t", retry_attempts=7, retry_backoff=0.25, retry_max_wait=3.0,
                        timeout=30.0)
    assert ckan.retry_policy() == RetryPolicy(attempts=7, backoff=0.25, max_wait=3.0, timeout=30.0)
    assert CkanResource().retry_policy() == RetryPolicy()  # the defaults are the client's own


def test_publish_calls_retry_as_the_resource_says(portal_url):
    with pytest.raises(PublishError, match="after 3 attempt"):
        resource(portal_url, 3).portal().call("package_show", {"id": "x"})
    assert len(Unwell.hits) == 3


def test_uploads_use_the_same_policy(portal_url, tmp_path):
    ckan = resource(portal_url, 4)
    uploads = connect(ckan)
    assert uploads.retry == ckan.portal().retry
    with pytest.raises(PublishError):
        uploads.call("package_search", {"q": "name:unggah-*"})
    with pytest.raises(PublishError, match="after 4 attempts"):
        uploads.download(f"{portal_url}/dataset/p/resource/r/download/a.csv", tmp_path / "a.csv")
    assert len(Unwell.hits) == 8
