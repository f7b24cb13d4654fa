"""One visit in a real headless browser (Debian's chromium, driven by playwright): home page,
search, dataset page, its resources."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.portal, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _ensure_chromium() -> str:
    """Debian's chromium, installed with apt when missing (never a downloaded browser build)."""
    if shutil.which("chromium") is None:
        env = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
        install = ["apt-get", "install", "-y", "-q", "chromium"]
        if subprocess.run(install, capture_output=True, env=env).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], capture_output=True, env=env)
            done = subprocess.run(install, capture_output=True, text=True, env=env)
            assert done.returncode == 0, f"apt-get install chromium failed: {done.stderr[-500:]}"
    return CHROMIUM


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    executable = _ensure_chromium()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_visitor_searches_and_sees_the_resources(portal, published, page):
    dataset, resource = published["dataset"], published["resource"]

    page.goto(f"{portal.url}/", wait_until="domcontentloaded")
    page.fill("input[name=q]", "penduduk kecamatan")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/dataset/**q=*")
    page.click(f"a[href$='/dataset/{dataset['name']}']")
    page.wait_for_url(f"**/dataset/{dataset['name']}")

    assert page.locator("h1").first.inner_text().strip() == dataset["title"]
    resources = page.locator("#dataset-resources").inner_text()
    assert resource["name"] in resources


# English that must not be left in the Indonesian UI (issue 11: "read more", "Show more", "Go to
# resource", "Manage", "Add new resource", and the rest of CKAN's page furniture).
ENGLISH_IN_INDONESIAN_UI = (
    "read more", "Read more", "Show more", "Show More", "Go to resource", "Manage", "Add new resource",
    "Add New Resource", "Explore", "Preview", "Download", "Data and Resources", "Additional Info",
    "Activity Stream", "Followers", "Datasets", "Organizations", "Groups", "Data Dictionary",
    "Powered by", "Recently updated", "Sectors", "Departments", "Last Updated", "Created", "Share",
    "Log in", "Register", "View resource", "Reorder", "Field", "Value", "Welcome", "Search data",
    "There is no description", "Has views", "Url type", "State",
)
SCREENSHOTS_ENV = "SATUDATA_SCREENSHOTS"  # a folder to keep the screenshots in (the README's)


@pytest.fixture(scope="module")
def monthly(portal, tmp_path_factory):
    from pipeline_sample import publish_sample, sample_spec

    spec = sample_spec("realisasi-anggaran-bulanan")
    dataset = publish_sample(portal, spec, tmp_path_factory.mktemp("browser"))
    table = next(r for r in dataset["resources"] if r.get("peran") == "datastore")
    return {"spec": spec, "dataset": dataset, "table": table}


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _pages(monthly) -> dict[str, str]:
    name = monthly["dataset"]["name"]
    return {"home": "/", "dataset": f"/dataset/{name}",
            "resource": f"/dataset/{name}/resource/{monthly['table']['id']}"}


def _leaks(text: str) -> list[str]:
    # whole words; "-" after a word is no end ("Share-Alike" is a licence's name)
    return [s for s in ENGLISH_IN_INDONESIAN_UI if re.search(rf"(?<![A-Za-z]){re.escape(s)}(?![A-Za-z-])", text)]


@pytest.mark.parametrize("which", ["home", "dataset", "resource"])
def test_indonesian_pages_hold_no_english_and_are_screenshotted(portal, monthly, page, shots, which):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{portal.url}{_pages(monthly)[which]}", wait_until="networkidle")
    page.screenshot(path=str(shots / f"{which}-id.png"), full_page=True)

    text = page.inner_text("body")
    assert _leaks(text) == []
    expected = {"home": ["Satu Data Kabupaten Penajam Paser Utara", "Sektor", monthly["spec"].title.id],
                "dataset": [monthly["spec"].title.id, "Kualitas data", "Kamus data"],
                "resource": ["Tabel data semua periode (DataStore)", "Kamus data", "Tambah saringan"]}[which]
    assert [s for s in expected if s not in text] == []


@pytest.mark.parametrize("which", ["home", "dataset", "resource"])
def test_english_pages_show_english_titles_and_are_screenshotted(portal, monthly, page, shots, which):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{portal.url}/en{_pages(monthly)[which]}", wait_until="networkidle")
    page.screenshot(path=str(shots / f"{which}-en.png"), full_page=True)

    text = page.inner_text("body")
    expected = {"home": ["Open data of Penajam Paser Utara Regency", "Sectors", monthly["spec"].title.en],
                "dataset": [monthly["spec"].title.en, "Data and Resources", "Data quality", "Data Dictionary"],
                "resource": ["All periods in one table (DataStore)", "All periods in one queryable table",
                             "Data Dictionary"]}[which]
    assert [s for s in expected if s not in text] == []
    assert monthly["spec"].title.id not in text


def test_an_opd_editor_meets_indonesian_pages(portal, monthly, page):
    editor = portal.create_user(organization=monthly["dataset"]["organization"]["name"], role="editor")
    context = page.context.browser.new_context(extra_http_headers={"Authorization": editor.token})
    try:
        as_editor = context.new_page()
        name = monthly["dataset"]["name"]
        leaks = {}
        for path in (f"/dataset/{name}", f"/dataset/edit/{name}", f"/dataset/{name}/resource/new",
                     f"/dataset/{name}/resource/{monthly['table']['id']}", "/dashboard/datasets"):
            as_editor.goto(f"{portal.url}{path}", wait_until="domcontentloaded")
            found = _leaks(as_editor.inner_text("body"))
            if found:
                leaks[path] = found
        assert leaks == {}
        as_editor.goto(f"{portal.url}/dataset/{name}", wait_until="domcontentloaded")
        assert "Kelola" in as_editor.inner_text("body")  # the editor's "Manage", in Indonesian
    finally:
        context.close()


def test_the_chart_of_a_periodic_dataset_draws_one_bar_per_month(portal, monthly, page, shots):
    views = portal.api(None).action.resource_view_list(id=monthly["table"]["id"])
    chart = next(v for v in views if v["view_type"] == "charts_view")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{portal.url}/dataset/{monthly['dataset']['name']}/resource/{monthly['table']['id']}"
              f"?view_id={chart['id']}", wait_until="networkidle")
    page.wait_for_selector(".chart-container .main-svg")
    page.screenshot(path=str(shots / "chart-id.png"))

    ticks = page.eval_on_selector_all(".chart-container .xtick text", "els => els.map(e => e.textContent)")
    assert ticks == [str(month) for month in range(1, 13)]


def test_the_table_view_speaks_indonesian(portal, monthly, page):
    views = portal.api(None).action.resource_view_list(id=monthly["table"]["id"])
    table = next(v for v in views if v["view_type"] == "datatables_view")

    page.goto(f"{portal.url}/dataset/{monthly['dataset']['name']}/resource/{monthly['table']['id']}"
              f"/view/{table['id']}", wait_until="networkidle")
    page.wait_for_selector("table tbody tr")

    titles = page.eval_on_selector_all("[title]", "els => els.map(e => e.getAttribute('title'))")
    text = page.inner_text("body")
    english = ("Sort", "Copy to clipboard", "Toggle column visibility", "Filtered download", "Share current view",
               "Showing", "entries", "Search:")
    assert [s for s in english if s in text or s in titles] == []
    assert "Menampilkan 1 sampai 20 dari 240 entri" in text
