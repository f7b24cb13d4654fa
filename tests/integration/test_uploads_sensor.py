"""The Dagster sensors on the real portal: ``portal_uploads`` fetches an editor's upload, ``inbox``
asks for its run, and once the run wrote its answer the next ``portal_uploads`` tick posts it."""

from __future__ import annotations

import dagster as dg
import pytest

from pipelines.definitions import build_definitions
from pipelines.publish import CkanResource
from pipelines.resources import Workspace
from pipelines.runner import materialize_datasets
from pipelines.sensors import inbox_sensor, portal_uploads_sensor
from pipelines.spec import load_specs, project_root
from pipelines.uploads import connect, ensure_staging

pytestmark = pytest.mark.portal

BAD = project_root() / "samples" / "_rejects" / "bpbd" / "kejadian_bencana_2024_tanggal_kosong.xlsx"


def test_sensors_fetch_run_and_answer_an_upload(portal, tmp_path):
    ws = Workspace(root=str(tmp_path), datasets_dir=str(project_root() / "datasets"), publish=True)
    ckan = CkanResource(url=portal.url, token=portal.token)
    specs = load_specs(ws.datasets)
    ensure_staging(connect(ckan), "bpbd", specs)
    editor = portal.create_user("bpbd", "editor")
    with open(BAD, "rb") as fh:
        upload = portal.api(editor.token).action.resource_create(package_id="unggah-bpbd", name="Kejadian 2024",
                                                                 upload=fh)
    instance = dg.DagsterInstance.ephemeral()
    ctx = dg.build_sensor_context(instance=instance, resources={"workspace": ws, "ckan": ckan})

    portal_uploads_sensor(ctx)
    fetched = ws.inbox / "bpbd" / "portal" / upload["id"] / BAD.name
    assert fetched.read_bytes() == BAD.read_bytes()
    (request,) = [r for r in inbox_sensor(ctx) if r.run_key.startswith("bpbd/")]
    assert portal.api().action.resource_show(id=upload["id"]).get("status_unggahan") is None

    spec = next(s for s in specs if s.key == request.tags["satudata/dataset"])
    materialize_datasets(build_definitions(ws, ckan), [spec], ("table", "parquet", "portal"), instance=instance,
                         run_config=request.run_config, tags=request.tags)
    result = portal_uploads_sensor(ctx)

    assert "answer(s) posted" in result.skip_message
    answered = portal.api().action.resource_show(id=upload["id"])
    assert answered["status_unggahan"] == "ditolak"
    assert answered["content_hash"] == request.tags["satudata/handin"]


def test_a_tick_asks_the_portal_once_for_every_opd(portal, tmp_path, monkeypatch):
    """Issue 16.2: the staging datasets of all OPDs are found with one search (private ones too), not
    with calls per OPD; a tick with nothing new makes that one call and no other."""
    from pipelines.publish.calls import Portal

    ws = Workspace(root=str(tmp_path), datasets_dir=str(project_root() / "datasets"), publish=True)
    ckan = CkanResource(url=portal.url, token=portal.token)
    ctx = dg.build_sensor_context(instance=dg.DagsterInstance.ephemeral(), resources={"workspace": ws, "ckan": ckan})
    portal_uploads_sensor(ctx)  # the first tick creates the staging datasets still missing
    opds = {s.organization for s in load_specs(ws.datasets)}
    assert len(opds) > 1
    calls = []
    real = Portal.call

    def counting(self, action, *args, **kwargs):
        calls.append(action)
        return real(self, action, *args, **kwargs)

    monkeypatch.setattr(Portal, "call", counting)
    result = portal_uploads_sensor(ctx)
    assert calls == ["package_search"]
    assert "0 upload(s) fetched" in result.skip_message
