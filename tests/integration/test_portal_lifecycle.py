"""`satudata portal up/status` on the session's portal: what runs is reported, a second `up`
changes nothing, and the connection file holds a working sysadmin token."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from pipelines.portal import down, read_connection, status, up

pytestmark = pytest.mark.portal


def test_status_reports_every_component_running(portal):
    found = status(portal.state_dir)

    assert {name: info["running"] for name, info in found.items()} == {
        "ckan": True, "worker": True, "redis": True, "postgres": True,
    }
    assert found["ckan"]["address"] == portal.url


def test_second_up_reuses_everything(portal):
    before = {name: info["pid"] for name, info in status(portal.state_dir).items()}

    again = up(portal.state_dir, log=lambda message: None)

    assert (again.url, again.token) == (portal.url, portal.token)
    assert {name: info["pid"] for name, info in status(portal.state_dir).items()} == before


def test_connection_file_is_private_and_its_token_works(portal):
    path = portal.state_dir / "portal.json"
    connection = read_connection(path)

    answer = requests.get(f"{connection.url}/api/3/action/user_show", params={"id": connection.sysadmin},
                          headers={"Authorization": connection.token}, timeout=30).json()

    assert path.stat().st_mode & 0o077 == 0
    assert answer["result"]["sysadmin"] is True
    assert set(json.loads(path.read_text())) == {"url", "token", "sysadmin"}


def test_status_command_prints_what_runs_where(portal):
    satudata = Path(sys.executable).parent / "satudata"
    out = subprocess.run([str(satudata), "portal", "--dir", str(portal.state_dir), "status"],
                         capture_output=True, text=True, check=True).stdout

    assert "ckan      running (pid" in out and portal.url in out
    assert "postgres  running" in out


def test_down_stops_everything_and_up_brings_back_the_same_data(portal, published):
    stopped = down(portal.state_dir, log=lambda message: None)
    after_down = {name: info["running"] for name, info in status(portal.state_dir).items()}

    again = up(portal.state_dir, log=lambda message: None)

    assert sorted(stopped) == ["ckan", "postgres", "redis", "worker"]
    assert not any(after_down.values())
    assert (again.url, again.token) == (portal.url, portal.token)
    shown = portal.api(None).action.package_show(id=published["dataset"]["name"])
    assert shown["title"] == published["dataset"]["title"]
    assert requests.get(published["resource"]["url"], timeout=30).content == published["csv"].encode()
