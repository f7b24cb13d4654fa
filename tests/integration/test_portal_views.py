"""Data where people look: a monthly sample dataset published through the real pipeline (Dagster,
checks, Parquet, publish) gets a table view on its DataStore resource, a chart of its main value
by month, the data dictionary as a table on the resource and dataset pages, and its quality
verdict on the dataset page; the home page shows the catalogue; the English UI the English texts."""

from __future__ import annotations

import pytest
import requests
from pipeline_sample import publish_sample, sample_spec

from pipelines.publish import publish_dataset

pytestmark = pytest.mark.portal

SPEC = sample_spec("realisasi-anggaran-bulanan")


def get(portal, path: str) -> str:
    page = requests.get(f"{portal.url}{path}", timeout=60)
    assert page.status_code == 200, f"{path}: {page.status_code} {page.text[-300:]}"
    return page.text


@pytest.fixture(scope="module")
def monthly(portal, tmp_path_factory) -> dict:
    """The bkad monthly budget sample (12 periods), published by the pipeline; its dataset as the
    public sees it."""
    work = tmp_path_factory.mktemp("views")
    dataset = publish_sample(portal, SPEC, work)
    table = next(r for r in dataset["resources"] if r.get("peran") == "datastore")
    parquet = sorted((work / "data" / "parquet" / SPEC.organization / SPEC.name).glob("*.parquet"))
    return {"dataset": dataset, "table": table, "parquet": parquet}


def views(portal, resource_id: str) -> dict[str, dict]:
    return {v["view_type"]: v for v in portal.api(None).action.resource_view_list(id=resource_id)}


def test_every_datastore_resource_has_a_table_view(portal, monthly):
    tables = [r for r in monthly["dataset"]["resources"] if r.get("datastore_active")]

    assert tables, "the dataset has a DataStore table"
    for resource in tables:
        assert "datatables_view" in views(portal, resource["id"]), resource["name"]


def test_the_periodic_dataset_gets_a_chart_of_its_main_value_by_month(portal, monthly):
    chart = views(portal, monthly["table"]["id"])["charts_view"]

    assert (chart["engine"], chart["type"], chart["x"], chart["y"]) == ("plotly", "Bar", "bulan", "anggaran")
    page = get(portal, f"/dataset/{SPEC.name}/resource/{monthly['table']['id']}/view/{chart['id']}")
    assert "plotly" in page.lower() and "anggaran" in page


def test_the_plain_datastore_api_path_gets_the_views_too(portal, monthly):
    spec = SPEC.model_copy(update={"name": f"{SPEC.name}-jalur-api"})
    periods = {path.stem: path for path in monthly["parquet"]}

    result = publish_dataset(portal.api(), spec, periods, fast_load=False)

    assert result.datastore_loader == "datastore_api" and len(periods) == 12
    table = next(r for r in portal.api(None).action.package_show(id=spec.name)["resources"]
                 if r.get("peran") == "datastore")
    assert {"datatables_view", "charts_view"} <= set(views(portal, table["id"]))


def test_a_reloaded_table_keeps_one_view_of_each_kind(portal, monthly):
    table_id = monthly["table"]["id"]
    fields = portal.api().action.datastore_info(id=table_id)["fields"]
    before = sorted((v["view_type"], v["id"]) for v in views(portal, table_id).values())

    portal.api().action.datastore_create(resource_id=table_id, fields=fields, force=True)

    listed = portal.api(None).action.resource_view_list(id=table_id)
    assert sorted((v["view_type"], v["id"]) for v in listed) == before


def test_resource_page_shows_the_data_dictionary_as_a_table(portal, monthly):
    path = f"/dataset/{SPEC.name}/resource/{monthly['table']['id']}"
    indonesian, english = get(portal, path), get(portal, f"/en{path}")

    column = next(c for c in SPEC.schema.columns if c.name == "anggaran")
    for page, text in ((indonesian, column.description.id), (english, column.description.en)):
        table = page.split('class="module-content satudata-dictionary"', 1)[1].split("</table>", 1)[0]
        assert "<code>anggaran</code>" in table and text in table and column.unit in table


def test_dataset_page_shows_the_quality_verdict_date_and_rules(portal, monthly):
    page = get(portal, f"/dataset/{SPEC.name}")

    box = page.split('id="kualitas-data"', 1)[1].split("</section>", 1)[0]
    assert "Kualitas data" in box and "Lolos pemeriksaan" in box
    assert "Aturan yang diperiksa" in box and "tidak kurang dari 0" in box and "Tidak ada data pribadi" in box
    # the spec's own rules, in words, as the report lists what was checked
    assert "Realisasi Bulan Ini (Rp) ≤ Realisasi s.d. Bulan Ini (Rp)" in box
    assert "diperiksa pada" in box and "240 baris diperiksa" in box
    assert "Baca laporan kualitas lengkap" in box


def test_dataset_page_shows_the_data_dictionary(portal, monthly):
    page = get(portal, f"/dataset/{SPEC.name}")

    section = page.split('class="satudata-dataset-dictionary"', 1)[1].split("</section>", 1)[0]
    for column in SPEC.schema.columns:
        assert f"<code>{column.name}</code>" in section


def test_english_ui_shows_the_english_title_and_description(portal, monthly):
    page = get(portal, f"/en/dataset/{SPEC.name}")
    found = get(portal, "/en/dataset/?q=anggaran")

    assert SPEC.title.en in page.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert SPEC.description.en.split(".")[0] in page
    assert SPEC.title.en in found and SPEC.title.id not in found.split('class="dataset-list', 1)[1]


def test_indonesian_ui_shows_the_indonesian_title(portal, monthly):
    page = get(portal, f"/dataset/{SPEC.name}")

    assert SPEC.title.id in page.split("<h1>", 1)[1].split("</h1>", 1)[0]


def test_home_page_shows_sectors_departments_recent_datasets_and_figures(portal, monthly):
    page = get(portal, "/")

    figures = page.split('class="satudata-figures"', 1)[1].split('class="row"', 1)[0]
    assert "dataset" in figures and "OPD" in figures and "pembaruan terakhir" in figures
    sectors = page.split('class="satudata-list satudata-sectors"', 1)[1].split("</ul>", 1)[0]
    assert "Keuangan" in sectors and f"?sektor={SPEC.portal.sektor}" in sectors
    organizations = page.split('class="satudata-list satudata-organizations"', 1)[1].split("</ul>", 1)[0]
    assert "/organization/bkad" in organizations
    recent = page.split('class="col-md-4 satudata-section satudata-recent"', 1)[1].split("</ul>", 1)[0]
    assert SPEC.title.id in recent


def test_home_page_counts_match_the_catalogue(portal, monthly):
    page = get(portal, "/")
    found = portal.api(None).action.package_search(q="", rows=0, **{"facet.field": '["organization"]',
                                                                     "facet.limit": -1})

    figures = page.split('class="satudata-figures"', 1)[1].split('class="row"', 1)[0]
    assert f'<span class="value">{found["count"]}</span>' in figures
    organizations = found["search_facets"]["organization"]["items"]
    assert f'<span class="value">{len(organizations)}</span>' in figures


def test_the_portal_wears_its_own_mark_not_ckans(portal, monthly):
    page = get(portal, "/")
    mark = requests.get(f"{portal.url}/satudata/mark.svg", timeout=30)

    assert "/satudata/mark.svg" in page and "ckan-logo" not in page and "ckan.ico" not in page
    assert mark.status_code == 200 and "<svg" in mark.text
