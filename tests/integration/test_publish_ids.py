"""Updates keep their ids (issue 11.1), on the real portal: after an update of one period every
resource keeps its id and URL; the unchanged period is untouched (same bytes, same
``last_modified``); the changed one serves its new content under its old id and old URL. A failed
update, at any step, leaves everything as it was, files and table included."""

from __future__ import annotations

import secrets

import pytest
import requests
from test_publish_failures import FaultyProxy
from test_publish_lifecycle import ORGS, by_role, make_spec, table_rows, write_period

from pipelines.publish import PublishError, RetryPolicy, publish_dataset
from pipelines.publish.csv_export import write_csv

pytestmark = pytest.mark.portal

RETRY = RetryPolicy(attempts=3, backoff=0.05)


def download(url: str) -> bytes:
    answer = requests.get(url, timeout=60)
    answer.raise_for_status()
    return answer.content


def state(portal, name: str) -> dict:
    """Everything the public can see of the dataset: resources with their bytes, and the rows."""
    found = by_role(portal, name)
    files = {key: (r["id"], r["url"], r["content_hash"], r["last_modified"], download(r["url"]))
             for key, r in found.items() if r.get("url_type") == "upload"}
    table = found[("datastore", "")]
    rows = [(r["tahun"], r["kode"], r["jumlah"]) for r in table_rows(portal, table["id"])]
    return {"files": files, "table": (table["id"], table["content_hash"]), "rows": rows}


@pytest.fixture(scope="module")
def updated(portal, tmp_path_factory):
    folder = tmp_path_factory.mktemp("ids")
    spec = make_spec(f"penduduk-tetap-{secrets.token_hex(3)}")
    v1 = {"2023": write_period(folder / "v1", 2023, [10, 20, 30]), "2024": write_period(folder / "v1", 2024, [1, 2])}
    publish_dataset(portal.api(), spec, v1, organizations=ORGS, retry=RETRY)
    before = state(portal, spec.name)
    v2 = {**v1, "2024": write_period(folder / "v2", 2024, [3, 4])}
    result = publish_dataset(portal.api(), spec, v2, organizations=ORGS, retry=RETRY)
    return {"spec": spec, "before": before, "after": state(portal, spec.name), "result": result, "v2": v2,
            "folder": folder}


def test_every_resource_keeps_its_id_and_url(updated):
    before, after = updated["before"], updated["after"]
    assert updated["result"].status == "updated"
    assert {k: v[:2] for k, v in after["files"].items()} == {k: v[:2] for k, v in before["files"].items()}
    assert after["table"][0] == before["table"][0]


def test_the_unchanged_period_is_untouched(updated):
    before, after = updated["before"]["files"], updated["after"]["files"]
    for key in [("data", "2023"), ("data_csv", "2023"), ("kamus_data", "")]:
        assert after[key] == before[key]  # id, url, hash, last_modified and bytes


def test_the_changed_period_serves_its_new_content_under_its_old_url(updated):
    before, after = updated["before"]["files"], updated["after"]["files"]
    new_parquet = updated["v2"]["2024"].read_bytes()
    write_csv(updated["v2"]["2024"], updated["folder"] / "expected.csv")
    for key, expected in [(("data", "2024"), new_parquet),
                          (("data_csv", "2024"), (updated["folder"] / "expected.csv").read_bytes())]:
        old_url = before[key][1]
        assert download(old_url) == expected != before[key][4]
        assert after[key][2] != before[key][2] and after[key][3] > before[key][3]


def test_the_table_holds_the_new_rows_under_its_old_id(updated):
    assert updated["after"]["table"][1] != updated["before"]["table"][1]
    assert updated["after"]["rows"] == [(2023, "64.09.01", 10), (2023, "64.09.02", 20), (2023, "64.09.03", 30),
                                        (2024, "64.09.01", 3), (2024, "64.09.02", 4)]


STEPS = ["satudata_publish_lock", "satudata_publish_cleanup", "package_patch", "resource_create",
         "satudata_datastore_load", "satudata_publish_commit"]


@pytest.mark.parametrize("step", STEPS)
def test_a_failure_at_any_step_leaves_everything_as_it_was(portal, tmp_path, step):
    spec = make_spec(f"penduduk-utuh-{secrets.token_hex(3)}")
    v1 = {"2023": write_period(tmp_path / "v1", 2023, [10, 20]), "2024": write_period(tmp_path / "v1", 2024, [1])}
    publish_dataset(portal.api(), spec, v1, organizations=ORGS, retry=RETRY)
    # a run that died after staging leaves staged resources behind: the next run empties them (package_patch)
    staging = portal.api().action.package_show(id=spec.name + "--staging")
    portal.api().action.resource_create(package_id=staging["id"], name="sisa", url="https://example.org/sisa")
    before = state(portal, spec.name)
    v2 = {**v1, "2024": write_period(tmp_path / "v2", 2024, [2, 3])}
    proxy = FaultyProxy(portal.url, lambda action, n: "500" if action == step else None)
    try:
        with pytest.raises(PublishError) as caught:
            publish_dataset(proxy.client(portal.token), spec, v2, organizations=ORGS, retry=RETRY, lock_wait=0)
    finally:
        proxy.close()
    assert caught.value.action == step and portal.token not in str(caught.value)
    assert state(portal, spec.name) == before

    publish_dataset(portal.api(), spec, v2, organizations=ORGS, retry=RETRY)
    after = state(portal, spec.name)
    assert {k: v[0] for k, v in after["files"].items()} == {k: v[0] for k, v in before["files"].items()}
    assert after["rows"][-2:] == [(2024, "64.09.01", 2), (2024, "64.09.02", 3)]
    assert portal.api().action.package_show(id=spec.name + "--staging")["resources"] == []


def test_a_failure_inside_the_commit_puts_files_and_table_back(portal, tmp_path):
    # the portal refuses the new metadata after it has swapped the files and the table: all goes back
    name = f"penduduk-balik-{secrets.token_hex(3)}"
    v1 = {"2023": write_period(tmp_path / "v1", 2023, [10, 20])}
    publish_dataset(portal.api(), make_spec(name), v1, organizations=ORGS, retry=RETRY)
    before = state(portal, name)
    v2 = {"2023": write_period(tmp_path / "v2", 2023, [11, 21])}
    with pytest.raises(PublishError) as caught:
        publish_dataset(portal.api(), make_spec(name, tags=["tag dengan #tanda!"]), v2, organizations=ORGS,
                        retry=RETRY)
    assert caught.value.action == "satudata_publish_commit" and caught.value.status == 409
    assert state(portal, name) == before

    publish_dataset(portal.api(), make_spec(name), v2, organizations=ORGS, retry=RETRY)
    after = state(portal, name)
    assert after["table"][0] == before["table"][0] and after["rows"] == [(2023, "64.09.01", 11), (2023, "64.09.02", 21)]
