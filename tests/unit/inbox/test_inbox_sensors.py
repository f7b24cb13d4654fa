"""The sensors on a folder inbox: a run request per new hand-in (keyed by OPD and content), an
answer for an unknown file, and the portal sensor skipping without a portal."""

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


def test_inbox_sensor_requests_a_run_per_new_file_and_answers_unknown_ones(tmp_path):
    ws, ctx = context(tmp_path)
    (ws.inbox / "dinkes").mkdir(parents=True)
    (ws.inbox / "dinkes" / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    unknown = ws.inbox / "dinkes" / "catatan.txt"
    unknown.write_text("bukan tabel", encoding="utf-8")
    requests = list(inbox_sensor(ctx))
    assert [r.run_key.split("/")[0] for r in requests] == ["dinkes"]
    assert requests[0].tags["satudata/dataset"] == "dinkes/fasilitas-kesehatan-desa"
    assert [k.path[-1].rsplit(".", 1)[-1] for k in requests[0].asset_selection] == ["table", "parquet", "portal"]
    assert unknown.with_name("catatan.txt.laporan.json").is_file()


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
