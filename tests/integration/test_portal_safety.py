"""The portal is safe on a shared machine: Redis refuses clients without the portal's password (CKAN's
jobs worker unpickles what is in it), the portal's folder and uploads are its owner's alone, and
PostgreSQL runs durable unless the portal was started as a throwaway (as this session's is)."""

from __future__ import annotations

import json
import socket
import stat

import pytest

from pipelines.portal import status, up

pytestmark = pytest.mark.portal


def _state(portal) -> dict:
    return json.loads((portal.state_dir / "state.json").read_text())


def _redis_says(port: int, *commands: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"".join(commands))
        answer = b""
        while answer.count(b"\r\n") < len(commands):
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
        return answer


def test_redis_refuses_a_client_without_the_password(portal):
    port = _state(portal)["ports"]["redis"]

    answer = _redis_says(port, b"PING\r\n", b"CONFIG GET requirepass\r\n", b"KEYS *\r\n")

    assert answer.count(b"-NOAUTH") == 3
    assert b"PONG" not in answer


def test_redis_refuses_a_wrong_password(portal):
    port = _state(portal)["ports"]["redis"]

    answer = _redis_says(port, b"AUTH guessed\r\n", b"PING\r\n")

    assert answer.startswith(b"-WRONGPASS")
    assert b"PONG" not in answer


def test_redis_answers_the_portal_password(portal):
    state = _state(portal)
    password = state["passwords"]["redis"].encode()

    answer = _redis_says(state["ports"]["redis"], b"AUTH %s\r\n" % password, b"PING\r\n")

    assert answer == b"+OK\r\n+PONG\r\n"


def test_the_redis_password_is_on_no_command_line(portal):
    state = _state(portal)
    pid = status(portal.state_dir)["redis"]["pid"]

    command_line = open(f"/proc/{pid}/cmdline", "rb").read()

    assert state["passwords"]["redis"].encode() not in command_line
    assert stat.S_IMODE((portal.state_dir / "redis" / "redis.conf").stat().st_mode) == 0o600


def test_ckan_and_its_jobs_worker_use_redis_with_the_password(portal):
    admin = portal.api()
    job = admin.action.job_list(queues=["default"])

    assert job == [] or all("id" in j for j in job)
    assert f"redis://:{_state(portal)['passwords']['redis']}@" in (portal.state_dir / "ckan.ini").read_text()
    assert status(portal.state_dir)["worker"]["running"]


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_portal_folder_and_uploads_are_private(portal, published):
    root = portal.state_dir
    uploaded = [p for p in (root / "storage").rglob("*") if p.is_file()]

    assert _mode(root) & 0o044 == 0  # others may pass through (postgres), never list
    assert _mode(root / "storage") == 0o700
    assert _mode(root / "run") == 0o700
    assert _mode(root / "redis") == 0o700
    assert _mode(root / "pgdata") == 0o700
    assert {name: _mode(root / name) for name in ("state.json", "ckan.ini", "portal.json")} == {
        "state.json": 0o600, "ckan.ini": 0o600, "portal.json": 0o600}
    assert uploaded, "the published CSV is kept below storage/, which only its owner can enter"


def test_logs_are_readable_by_their_owner_only(portal):
    logs = portal.state_dir / "log"

    assert _mode(logs) & 0o044 == 0
    assert {p.name: _mode(p) & 0o077 for p in logs.iterdir()} == {p.name: 0 for p in logs.iterdir()}


def _fsync(portal) -> str:
    from pipelines.portal.layout import Layout
    from pipelines.portal.lifecycle import Portal

    state = _state(portal)
    return Portal(Layout.at(portal.state_dir), state["ports"]).postgres.psql("SHOW fsync")


def test_a_throwaway_portal_runs_without_fsync(portal):
    assert _state(portal)["durable"] is False
    assert _fsync(portal) == "off"


def test_up_makes_a_throwaway_portal_durable_and_back(portal, published):
    try:
        up(portal.state_dir, durable=True, log=lambda message: None)
        durable = _fsync(portal)
        shown = portal.api(None).action.package_show(id=published["dataset"]["name"])
    finally:
        up(portal.state_dir, durable=False, log=lambda message: None)

    assert durable == "on"
    assert shown["name"] == published["dataset"]["name"]
    assert _fsync(portal) == "off"
