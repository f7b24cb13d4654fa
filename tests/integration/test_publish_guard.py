"""Publishing that cannot be hijacked or raced, on the real portal (issue 12.5, 12.7, 12.8):
datasets of strangers are refused with their owner named, runs of one dataset are serialised by
the portal's lock and lose nothing, a resource an editor adds meanwhile survives, and DataStore
tables left behind are removed by the next run."""

from __future__ import annotations

import secrets
import threading

import pytest
from ckanapi import NotFound, ValidationError
from test_publish_failures import FaultyProxy
from test_publish_lifecycle import ORGS, by_role, make_spec, table_rows, write_period

from pipelines.publish import PublishError, RetryPolicy, publish_dataset

pytestmark = pytest.mark.portal

RETRY = RetryPolicy(attempts=3, backoff=0.05)


def publish(portal, spec, periods, **kw):
    return publish_dataset(portal.api(), spec, periods, organizations=ORGS, retry=RETRY, **kw)


@pytest.fixture(scope="module")
def opd(portal, tmp_path_factory):
    """The OPD's organization (made by a first publish) and an editor of it."""
    publish(portal, make_spec(f"penduduk-opd-{secrets.token_hex(3)}"),
            {"2023": write_period(tmp_path_factory.mktemp("opd"), 2023, [1])})
    return portal.create_user("disdukcapil", role="editor")


def test_a_dataset_an_editor_made_under_the_name_is_refused_and_left_alone(portal, opd, tmp_path):
    spec = make_spec(f"penduduk-serobot-{secrets.token_hex(3)}")
    squat = portal.create_dataset("disdukcapil", name=spec.name, token=opd.token, satudata_spec=spec.key)
    portal.api(opd.token).action.resource_create(package_id=squat["id"], name="punya saya",
                                                 url="https://example.org/x")
    with pytest.raises(PublishError) as caught:
        publish(portal, spec, {"2023": write_period(tmp_path, 2023, [1, 2])})
    message = str(caught.value)
    assert spec.name in message and opd.name in message and "organization disdukcapil" in message
    after = portal.api().action.package_show(id=spec.name)
    assert [r["name"] for r in after["resources"]] == ["punya saya"]
    assert after["creator_user_id"] == squat["creator_user_id"] and after["organization"]["name"] == "disdukcapil"
    with pytest.raises(NotFound):
        portal.api().action.package_show(id=spec.name + "--staging")


def test_a_dataset_in_another_organization_is_refused_not_moved(portal, opd, tmp_path):
    spec = make_spec(f"penduduk-lain-{secrets.token_hex(3)}")
    other = portal.create_organization(f"opd-lain-{secrets.token_hex(3)}")
    portal.create_dataset(other["name"], name=spec.name, satudata_spec=spec.key)  # same account, other OPD
    with pytest.raises(PublishError) as caught:
        publish(portal, spec, {"2023": write_period(tmp_path, 2023, [1])})
    assert f"organization {other['name']}" in str(caught.value)
    assert portal.api().action.package_show(id=spec.name)["organization"]["name"] == other["name"]


def test_a_public_staging_dataset_of_a_stranger_is_refused(portal, opd, tmp_path):
    spec = make_spec(f"penduduk-panggung-{secrets.token_hex(3)}")
    portal.create_dataset("disdukcapil", name=spec.name + "--staging", token=opd.token, satudata_spec=spec.key)
    with pytest.raises(PublishError) as caught:
        publish(portal, spec, {"2023": write_period(tmp_path, 2023, [1])})
    assert spec.name + "--staging" in str(caught.value) and opd.name in str(caught.value)
    assert "not private" in str(caught.value)
    with pytest.raises(NotFound):
        portal.api().action.package_show(id=spec.name)


def test_the_lock_is_held_by_one_run_at_a_time(portal, opd):
    lock = portal.api().action.satudata_publish_lock
    name = f"penduduk-kunci-{secrets.token_hex(3)}"
    taken = lock(name=name, organization="disdukcapil", holder="run-a")
    assert taken["user"] == portal.sysadmin and taken["user_id"]
    with pytest.raises(ValidationError) as busy:
        lock(name=name, organization="disdukcapil", holder="run-b")
    assert "run-a" in str(busy.value) and portal.sysadmin in str(busy.value)
    lock(name=name, organization="disdukcapil", holder="run-a", release=True)
    assert lock(name=name, organization="disdukcapil", holder="run-b")["holder"] == "run-b"
    lock(name=name, organization="disdukcapil", holder="run-b", release=True)


def test_an_editor_may_not_take_the_lock_of_another_opd(portal, opd):
    other = portal.create_organization(f"opd-kunci-{secrets.token_hex(3)}")
    with pytest.raises(Exception) as caught:
        portal.api(opd.token).action.satudata_publish_lock(name="x", organization=other["name"], holder="h")
    assert "NotAuthorized" in type(caught.value).__name__


def test_two_runs_at_once_serialise_and_lose_nothing(portal, opd, tmp_path):
    spec = make_spec(f"penduduk-serentak-{secrets.token_hex(3)}")
    publish(portal, spec, {"2023": write_period(tmp_path, 2023, [1, 2])})
    start, errors = threading.Barrier(2), []

    def run(year: int) -> None:
        start.wait()
        try:
            publish(portal, spec, {str(year): write_period(tmp_path / str(year), year, [year, 5])})
        except Exception as exc:  # noqa: BLE001 - the assertion below names it
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(year,)) for year in (2024, 2025)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    found = by_role(portal, spec.name)
    assert sorted(found) == [("data", "2023"), ("data", "2024"), ("data", "2025"), ("data_csv", "2023"),
                             ("data_csv", "2024"), ("data_csv", "2025"), ("datastore", ""), ("kamus_data", "")]
    assert sorted({r["tahun"] for r in table_rows(portal, found[("datastore", "")]["id"])}) == [2023, 2024, 2025]
    assert portal.api().action.package_show(id=spec.name + "--staging")["resources"] == []


def test_a_resource_an_editor_adds_meanwhile_survives(portal, opd, tmp_path):
    spec = make_spec(f"penduduk-sela-{secrets.token_hex(3)}")
    publish(portal, spec, {"2023": write_period(tmp_path, 2023, [1, 2])})
    dataset_id = portal.api().action.package_show(id=spec.name)["id"]

    def editor_adds_before_the_commit(action: str, n: int) -> None:
        if action == "satudata_publish_commit" and n == 1:
            portal.api(opd.token).action.resource_create(package_id=dataset_id, name="Catatan editor",
                                                         url="https://example.org/catatan")

    proxy = FaultyProxy(portal.url, editor_adds_before_the_commit)
    try:
        publish_dataset(proxy.client(portal.token), spec, {"2024": write_period(tmp_path, 2024, [3])},
                        organizations=ORGS, retry=RETRY)
    finally:
        proxy.close()
    names = [r["name"] for r in portal.api(None).action.package_show(id=spec.name)["resources"]]
    assert names[-1] == "Catatan editor" and len(names) == 7


def test_tables_left_behind_by_deleted_resources_are_removed(portal, opd, tmp_path):
    spec = make_spec(f"penduduk-sisa-{secrets.token_hex(3)}")
    periods = {"2023": write_period(tmp_path, 2023, [1, 2])}
    publish(portal, spec, periods)
    admin = portal.api().action
    dataset = admin.package_show(id=spec.name)
    # what one failed step of the old publisher left: a table whose resource dropped out of the list
    left = admin.datastore_create(resource={"package_id": dataset["id"], "name": "tabel lama"},
                                  fields=[{"id": "nik", "type": "text"}], records=[{"nik": "6409011203900001"}],
                                  force=True)["resource_id"]
    admin.package_patch(id=dataset["id"], resources=[r for r in dataset["resources"]])
    assert admin.datastore_search(resource_id=left)["total"] == 1  # still readable: the bug
    assert publish(portal, spec, periods).status == "unchanged"
    with pytest.raises(NotFound):
        admin.datastore_search(resource_id=left)


def test_a_failed_commit_leaves_no_staged_table_after_the_next_run(portal, opd, tmp_path):
    spec = make_spec(f"penduduk-panggung-sisa-{secrets.token_hex(3)}")
    publish(portal, spec, {"2023": write_period(tmp_path, 2023, [1, 2])})
    v2 = {"2023": write_period(tmp_path / "v2", 2023, [7, 8])}
    proxy = FaultyProxy(portal.url, lambda action, n: "500" if action == "satudata_publish_commit" else None)
    try:
        with pytest.raises(PublishError):
            publish_dataset(proxy.client(portal.token), spec, v2, organizations=ORGS, retry=RETRY)
    finally:
        proxy.close()
    staged = portal.api().action.package_show(id=spec.name + "--staging")["resources"]
    table = next(r["id"] for r in staged if r.get("peran") == "datastore")
    assert portal.api().action.datastore_search(resource_id=table)["total"] == 2
    publish(portal, spec, v2)
    with pytest.raises(NotFound):
        portal.api().action.datastore_search(resource_id=table)
