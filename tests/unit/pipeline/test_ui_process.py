"""`satudata ui up/down` with real processes on free ports: it tells the truth about its own webserver,
signals only its own PIDs, keeps its logs and starts nothing with telemetry on (issue 12.9, 12.11, 12.12)."""

import http.server
import json
import subprocess
import threading
import time
from pathlib import Path

import dagster as dg
import pytest
import requests

from pipelines import ui
from pipelines.cli import main
from pipelines.inbox.process import HANDIN_TAG
from pipelines.portal.processes import free_port
from pipelines.runner import dagster_instance
from pipelines.spec import project_root


class Answers200(http.server.BaseHTTPRequestHandler):
    """Another program on the port, one that even answers /server_info."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SATUDATA_ROOT", str(tmp_path / "root"))  # the daemon's sensors watch this inbox
    yield tmp_path / "home"
    ui.down()


@pytest.fixture
def taken_port():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answers200)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def processes_of(home: Path) -> list[int]:
    """Live processes started with this DAGSTER_HOME (what `ui up` may have left behind)."""
    needle = f"DAGSTER_HOME={home}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0") and (entry / "stat").read_text().rsplit(
                    ")", 1)[1].split()[0] != "Z":
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode().split("=", 1) for item in raw if b"=" in item)


def test_a_taken_port_is_named_and_nothing_is_started(home, taken_port, capsys):
    code = main(["ui", "up", "--port", str(taken_port)])
    out = capsys.readouterr().out
    assert code == 1
    assert f"port {taken_port}" in out and "Dagster UI: http" not in out
    assert processes_of(home) == []
    assert ui.status() == {"webserver": "stopped", "daemon": "stopped"}


def test_a_port_taken_after_the_check_stops_the_daemon_it_started(home, taken_port, monkeypatch):
    monkeypatch.setattr(ui, "port_free", lambda port: True)  # the port is taken between check and start
    with pytest.raises(ui.UiError, match=f"port {taken_port}|webserver stopped"):
        ui.up(taken_port, timeout=120)
    assert processes_of(home) == []
    assert not any(ui.pids(home).values())
    assert "address already in use" in (home / "ui" / "webserver.log").read_text().lower()


def test_up_answers_on_its_own_port_without_telemetry_keeps_its_logs_and_down_stops_all(home):
    port = free_port()
    state = ui.up(port, timeout=180)
    assert requests.get(f"{state['url']}/server_info", timeout=5).status_code == 200
    assert ui.status()["webserver"] == "running" and ui.status()["daemon"] == "running"
    for name in ("webserver", "daemon"):
        assert environ(state[name])["DAGSTER_DISABLE_TELEMETRY"] == "1"
    daemon_log = home / "ui" / "daemon.log"
    deadline = time.monotonic() + 120  # the daemon's sensors load the definitions and tick
    while "Checking for new runs for sensor: inbox" not in daemon_log.read_text() and time.monotonic() < deadline:
        time.sleep(1)
    assert "Checking for new runs for sensor: inbox" in daemon_log.read_text()
    assert "Error while importing code" not in daemon_log.read_text()
    time.sleep(3)  # the telemetry uploader, were it running, moves logs away within seconds
    assert "Serving dagster-webserver" in (home / "ui" / "webserver.log").read_text()
    assert sorted(ui.down()) == ["daemon", "webserver"]
    assert processes_of(home) == []


def test_down_never_signals_a_pid_that_is_not_its_own(home):
    stranger = subprocess.Popen(["sleep", "60"])
    try:
        (home / "ui").mkdir(parents=True)
        (home / "ui" / "webserver.pid").write_text(f"{stranger.pid}\n")
        (home / "ui.json").write_text(f'{{"url": "http://127.0.0.1:1", "webserver": {stranger.pid}, "daemon": 1}}')
        assert ui.down() == []
        assert stranger.poll() is None
        assert not (home / "ui" / "webserver.pid").exists()
    finally:
        stranger.kill()
        stranger.wait()


def test_a_refused_hand_in_run_by_the_daemon_leaves_no_row_of_it_in_dagster_home(home, tmp_path):
    """The same IO manager in a run the daemon launches as in `satudata run` (issue 12.10, 16.3)."""
    nik = "6409015208870003"
    good = project_root() / "samples/dinkes/fasilitas_kesehatan_desa_2024.csv"
    handin = tmp_path / "root" / "inbox" / "dinkes" / good.name
    handin.parent.mkdir(parents=True)
    handin.write_text(good.read_text(encoding="utf-8").replace(";PETUNG;", f";PETUNG {nik};"), encoding="utf-8")
    ui.up(free_port(), timeout=180)
    answer = handin.with_name(handin.name + ".laporan.json")
    deadline = time.monotonic() + 240
    with dagster_instance(home) as instance:  # until the run (and its IO manager) has finished
        def handin_runs():  # the daemon also runs the freshness checks' sensor: those runs hold no rows
            return [r for r in instance.get_runs() if HANDIN_TAG in r.tags]

        while not (handin_runs() and all(r.is_finished for r in handin_runs())) and time.monotonic() < deadline:
            time.sleep(2)
        assert [r.status for r in handin_runs()] == [dg.DagsterRunStatus.FAILURE]  # blocked: a failed check
    assert json.loads(answer.read_text(encoding="utf-8"))["status"] == "ditolak"
    assert list((tmp_path / "root" / "quarantine" / "dinkes").glob("*.csv"))
    assert [p for p in home.rglob("*") if p.is_file() and (nik.encode() in p.read_bytes()
                                                           or b"PETUNG" in p.read_bytes())] == []
