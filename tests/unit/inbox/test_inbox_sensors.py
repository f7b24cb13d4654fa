"""The sensors on a folder inbox: a run request per new hand-in (keyed by OPD and content), an
answer for an unknown file, and the portal sensor skipping without a portal."""

import hashlib
import os
import stat
import time
from pathlib import Path

import dagster as dg

from pipelines.publish import CkanResource
from pipelines.resources import Workspace
from pipelines.sensors import inbox_sensor, portal_uploads_sensor
from pipelines.spec import project_root

SAMPLE = project_root() / "samples" / "dinkes" / "fasilitas_kesehatan_desa_2024.csv"


def context(tmp_path, publish=True):
    ws = Workspace(root=str(tmp_path), datasets_dir=str(project_root() / "datasets"), publish=publish)
    ckan = CkanResource(connection_file=str(tmp_path / "no-portal.json"))
    return ws, dg.build_sensor_context(instance=dg.DagsterInstance.ephemeral(),
                                       resources={"workspace": ws, "ckan": ckan})


def settle(*paths):
    for path in paths:
        os.utime(path, (time.time() - 60, time.time() - 60))


def test_inbox_sensor_requests_a_run_per_new_file_and_answers_unknown_ones(tmp_path):
    ws, ctx = context(tmp_path)
    (ws.inbox / "dinkes").mkdir(parents=True)
    handin = ws.inbox / "dinkes" / SAMPLE.name
    handin.write_bytes(SAMPLE.read_bytes())
    unknown = ws.inbox / "dinkes" / "catatan.txt"
    unknown.write_text("bukan tabel", encoding="utf-8")
    settle(handin, unknown)
    requests = list(inbox_sensor(ctx))
    assert [r.run_key.split("/")[0] for r in requests] == ["dinkes"]
    assert requests[0].tags["satudata/dataset"] == "dinkes/fasilitas-kesehatan-desa"
    assert [k.path[-1].rsplit(".", 1)[-1] for k in requests[0].asset_selection] == ["table", "parquet", "portal"]
    assert unknown.with_name("catatan.txt.laporan.json").is_file()


def test_the_run_reads_the_snapshot_the_sensor_took_and_answers_beside_the_officers_file(tmp_path):
    ws, ctx = context(tmp_path)
    (ws.inbox / "dinkes").mkdir(parents=True)
    handin = ws.inbox / "dinkes" / SAMPLE.name
    handin.write_bytes(SAMPLE.read_bytes())
    settle(handin)
    (request,) = inbox_sensor(ctx)
    (config,) = [op["config"] for op in request.run_config["ops"].values()]
    snapshot = Path(config["path"])
    assert config["handin_path"] == str(handin) and snapshot != handin
    assert snapshot.read_bytes() == SAMPLE.read_bytes()
    assert snapshot.name == f"{hashlib.sha256(SAMPLE.read_bytes()).hexdigest()}.csv" == f"{config['sha256']}.csv"
    assert stat.S_IMODE(snapshot.stat().st_mode) == 0o600
    assert stat.S_IMODE(snapshot.parent.stat().st_mode) == 0o700


def test_a_file_being_written_waits_and_a_claimed_file_is_not_requested_twice(tmp_path):
    ws, ctx = context(tmp_path)
    (ws.inbox / "dinkes").mkdir(parents=True)
    handin = ws.inbox / "dinkes" / SAMPLE.name
    handin.write_bytes(SAMPLE.read_bytes()[:500])  # half copied: modified just now
    assert list(inbox_sensor(ctx)) == []
    assert not handin.with_name(handin.name + ".laporan.json").exists()
    handin.write_bytes(SAMPLE.read_bytes())
    settle(handin)
    assert len(list(inbox_sensor(ctx))) == 1
    assert list(inbox_sensor(ctx)) == [], "claimed by the first request: its run answers it"


def test_portal_sensor_skips_without_a_portal(tmp_path, monkeypatch):
    monkeypatch.delenv("SATUDATA_CKAN_URL", raising=False)
    monkeypatch.delenv("SATUDATA_CKAN_TOKEN", raising=False)
    _, ctx = context(tmp_path)
    result = portal_uploads_sensor(ctx)
    assert isinstance(result, dg.SkipReason)
    assert "no portal configured" in result.skip_message


def test_portal_sensor_skips_when_not_publishing(tmp_path):
    _, ctx = context(tmp_path, publish=False)
    assert "not publishing" in portal_uploads_sensor(ctx).skip_message


def test_one_bad_hand_in_never_stops_the_sensor_tick(tmp_path, monkeypatch):
    import json

    import pipelines.match
    from pipelines.inbox.handins import answer_path

    ws, ctx = context(tmp_path)
    folder = ws.inbox / "dinkes"
    folder.mkdir(parents=True)
    xml = (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           b'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet><Table><Row>'
           b'<Cell ss:MergeAcross="dua"><Data>x</Data></Cell></Row></Table></Worksheet></Workbook>')
    (folder / "rekap.xls").write_bytes(xml)
    (folder / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    second = folder / "fasilitas_kesehatan_desa_2023.csv"
    second.write_bytes(SAMPLE.read_bytes().replace(b"2024", b"2023"))
    answer_path(second).write_text("{rusak", encoding="utf-8")
    buggy = folder / "fasilitas_kesehatan_desa_2022.csv"
    buggy.write_bytes(SAMPLE.read_bytes().replace(b"2024", b"2022"))
    os.symlink("/etc", folder / "etc")
    settle(*[p for p in folder.iterdir() if not p.is_symlink()])
    real = pipelines.match.find_spec

    def find_spec(path, *args, **kwargs):
        if path == buggy:
            raise RuntimeError("bug")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipelines.match, "find_spec", find_spec)
    requests = list(inbox_sensor(ctx))
    assert sorted(Path(r.tags["satudata/file"]).name for r in requests) == sorted([SAMPLE.name, second.name])
    statuses = {p.name: json.loads(answer_path(p).read_text(encoding="utf-8"))["status"]
                for p in (folder / "rekap.xls", buggy, folder / "etc")}
    assert statuses == {"rekap.xls": "tidak-dikenal", buggy.name: "gagal", "etc": "ditolak"}
