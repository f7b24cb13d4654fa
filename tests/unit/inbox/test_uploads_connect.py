"""Without a portal the upload part is skipped with a log line, never an error."""

import logging

from pipelines.publish import CkanResource
from pipelines.uploads import connect


def test_no_portal_configured_gives_none_and_a_log_line(tmp_path, monkeypatch, caplog):
    monkeypatch.delenv("SATUDATA_CKAN_URL", raising=False)
    monkeypatch.delenv("SATUDATA_CKAN_TOKEN", raising=False)
    with caplog.at_level(logging.INFO, logger="pipelines.uploads"):
        portal = connect(CkanResource(connection_file=str(tmp_path / "portal.json")))
    assert portal is None
    assert "portal uploads skipped" in caplog.text


def test_a_configured_portal_is_connected_without_calling_it(monkeypatch):
    monkeypatch.setenv("SATUDATA_CKAN_URL", "http://portal.example:5000/")
    monkeypatch.setenv("SATUDATA_CKAN_TOKEN", "secret-token")
    assert connect().url == "http://portal.example:5000"
