"""Officers upload spreadsheets on the real portal; the pipeline answers there.

An editor of disdukcapil (not a sysadmin) uploads to the private staging dataset ``unggah-disdukcapil``:
a good file (accepted, published, linked), a file with a wrong sum (rejected with its report, the
public dataset untouched), a dinkes file (refused: an OPD cannot publish into another OPD's dataset),
and then replaces the rejected file with the corrected one (fetched again, answered again)."""

from __future__ import annotations

import json

import dagster as dg
import pytest
import requests
from ckanapi import NotAuthorized, NotFound

from pipelines.publish import CkanResource
from pipelines.resources import Workspace
from pipelines.spec import project_root
from pipelines.uploads.cycle import inbox_once
from pipelines.uploads.staging import REPORT_HTML, REPORT_JSON

pytestmark = pytest.mark.portal

SAMPLES = project_root() / "samples"
GOOD = SAMPLES / "disdukcapil" / "penduduk_kecamatan_jenis_kelamin_2021-2024.xlsx"
BAD = SAMPLES / "_rejects" / "disdukcapil" / "penduduk_kecamatan_jenis_kelamin_2021-2024_salah_jumlah.xlsx"
FOREIGN = SAMPLES / "dinkes" / "fasilitas_kesehatan_desa_2024.csv"
PUBLIC = "penduduk-kecamatan-jenis-kelamin"
STAGING = "unggah-disdukcapil"


def upload(client, path, **fields):
    with open(path, "rb") as fh:
        return client.action.resource_create(package_id=STAGING, name=path.name, upload=fh, **fields)


@pytest.fixture(scope="module")
def story(portal, tmp_path_factory):
    root = tmp_path_factory.mktemp("uploads")
    ws = Workspace(root=str(root), datasets_dir=str(project_root() / "datasets"), publish=True)
    ckan = CkanResource(url=portal.url, token=portal.token)
    instance = dg.DagsterInstance.ephemeral()
    admin = portal.api()

    def once():
        return inbox_once(ws, ckan=ckan, instance=instance)

    created = once()  # the organizations and their staging datasets appear
    editor = portal.create_user("disdukcapil", "editor")
    other = portal.create_user("dinkes", "editor")
    as_editor = portal.api(editor.token)
    good = upload(as_editor, GOOD)
    accepted = once()
    public_before = admin.action.package_show(id=PUBLIC)
    bad = upload(as_editor, BAD)
    foreign = upload(as_editor, FOREIGN)
    rejected = once()
    public_after = admin.action.package_show(id=PUBLIC)
    with open(GOOD, "rb") as fh:  # the officer corrects the rejected upload
        as_editor.action.resource_patch(id=bad["id"], upload=fh)
    corrected = once()
    quiet = once()
    return {
        "portal": portal, "ws": ws, "editor": editor, "other": other, "as_editor": as_editor,
        "ids": {"good": good["id"], "bad": bad["id"], "foreign": foreign["id"]},
        "passes": {"created": created, "accepted": accepted, "rejected": rejected, "corrected": corrected,
                   "quiet": quiet},
        "public_before": public_before, "public_after": public_after,
    }


def resource(story, key: str) -> dict:
    return story["portal"].api().action.resource_show(id=story["ids"][key])


def reports_of(story, key: str) -> dict[str, dict]:
    staging = story["portal"].api().action.package_show(id=STAGING)
    found = [r for r in staging["resources"] if r.get("unggahan") == story["ids"][key]]
    assert len(found) == 2, [r["name"] for r in found]
    return {r["peran"]: r for r in found}


def download_as_editor(story, res: dict) -> bytes:
    answer = requests.get(res["url"], headers={"Authorization": story["editor"].token}, timeout=30)
    assert answer.status_code == 200
    return answer.content


def test_staging_dataset_is_private_to_the_opd(story):
    portal = story["portal"]
    staging = portal.api().action.package_show(id=STAGING)
    assert (staging["private"], staging["organization"]["name"]) == (True, "disdukcapil")
    with pytest.raises((NotAuthorized, NotFound)):
        portal.api(None).action.package_show(id=STAGING)
    assert portal.api().action.user_show(id=story["editor"].name)["sysadmin"] is False


def test_good_upload_is_accepted_published_and_linked(story):
    portal = story["portal"]
    res = resource(story, "good")
    assert res["status_unggahan"] == "diterima"
    assert res["tautan_dataset"] == f"{portal.url}/dataset/{PUBLIC}"
    assert res["pesan_unggahan"].startswith("Diterima: 16 baris")
    # the answer is the first thing on the upload's own page: its description, with the links
    assert res["description"].startswith("**DITERIMA**: Diterima: 16 baris")
    assert f"({portal.url}/dataset/{PUBLIC})" in res["description"] and "Laporan lengkap" in res["description"]
    public = portal.api(None).action.package_show(id=PUBLIC)  # anonymous: it is public
    assert public["organization"]["name"] == "disdukcapil"
    assert {r.get("periode") for r in public["resources"] if r.get("peran") == "data"} == {
        "2021", "2022", "2023", "2024"}


def test_accepted_upload_has_its_report_beside_it(story):
    reports = reports_of(story, "good")
    assert reports[REPORT_HTML]["name"].startswith("DITERIMA")
    body = json.loads(download_as_editor(story, reports[REPORT_JSON]))
    assert (body["status"], body["laporan"]["valid"], body["laporan"]["rows"]) == ("diterima", True, 16)
    assert b"<html" in download_as_editor(story, reports[REPORT_HTML]).lower()


def test_bad_upload_is_rejected_with_the_report_and_the_public_dataset_is_untouched(story):
    # the answer as it was after the rejecting pass is in the pass's posted list
    posted = {p.resource_id: p for p in story["passes"]["rejected"].posted}
    assert posted[story["ids"]["bad"]].status == "ditolak"
    assert "Ditolak: 1 masalah" in posted[story["ids"]["bad"]].message
    before, after = story["public_before"], story["public_after"]
    assert after["metadata_modified"] == before["metadata_modified"]
    assert [r["id"] for r in after["resources"]] == [r["id"] for r in before["resources"]]


def test_file_for_another_opd_is_refused_and_nothing_is_published_for_it(story):
    portal = story["portal"]
    res = resource(story, "foreign")
    assert res["status_unggahan"] == "tidak-dikenal"
    assert "tidak cocok dengan dataset disdukcapil" in res["pesan_unggahan"]
    assert reports_of(story, "foreign")[REPORT_HTML]["name"].startswith("TIDAK DIKENAL")
    with pytest.raises(NotFound):
        portal.api().action.package_show(id="fasilitas-kesehatan-desa")
    assert not (story["ws"].landing / "dinkes").exists()


def test_an_editor_of_another_opd_cannot_upload_to_this_opds_staging(story):
    with pytest.raises(NotAuthorized):
        upload(story["portal"].api(story["other"].token), GOOD)


def test_a_replaced_file_is_fetched_again_and_its_answer_replaced(story):
    corrected = story["passes"]["corrected"]
    assert [u.resource_id for u in corrected.fetched] == [story["ids"]["bad"]]
    res = resource(story, "bad")
    assert res["status_unggahan"] == "diterima"  # the same content as the good upload: accepted before
    reports = reports_of(story, "bad")  # still one HTML and one JSON: replaced, not added
    body = json.loads(download_as_editor(story, reports[REPORT_JSON]))
    assert (body["status"], body["laporan"]["valid"]) == ("diterima", True)
    assert [p["code"] for p in body["laporan"]["problems"]][-1] == "duplicate-handin"  # after the first report's


def test_nothing_is_fetched_or_posted_twice(story):
    quiet = story["passes"]["quiet"]
    assert (quiet.fetched, quiet.outcomes, quiet.posted) == ([], [], [])
    assert story["passes"]["created"].portal is True
