import json

import pytest

from pipelines.publish import CkanResource, PublishError, resolve_connection


def test_given_values_win(monkeypatch):
    monkeypatch.setenv("SATUDATA_CKAN_URL", "http://env:1")
    monkeypatch.setenv("SATUDATA_CKAN_TOKEN", "env-token-123456")
    assert resolve_connection("http://given:2/", "given-token-1234") == ("http://given:2", "given-token-1234")


def test_environment_before_file(monkeypatch, tmp_path):
    monkeypatch.setenv("SATUDATA_CKAN_URL", "http://env:1")
    monkeypatch.setenv("SATUDATA_CKAN_TOKEN", "env-token-123456")
    assert resolve_connection(connection_file=tmp_path / "none.json") == ("http://env:1", "env-token-123456")


def test_connection_file_last(monkeypatch, tmp_path):
    monkeypatch.delenv("SATUDATA_CKAN_URL", raising=False)
    monkeypatch.delenv("SATUDATA_CKAN_TOKEN", raising=False)
    path = tmp_path / "portal.json"
    path.write_text(json.dumps({"url": "http://file:3", "token": "file-token-12345", "sysadmin": "admin"}))
    client = CkanResource(connection_file=str(path)).client()
    assert (client.address, client.apikey) == ("http://file:3", "file-token-12345")


def test_nothing_configured_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.delenv("SATUDATA_CKAN_URL", raising=False)
    monkeypatch.delenv("SATUDATA_CKAN_TOKEN", raising=False)
    with pytest.raises(PublishError, match="satudata portal up"):
        resolve_connection(connection_file=tmp_path / "none.json")
