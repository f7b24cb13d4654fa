"""The portal's walidata page: per OPD each dataset with its next due date and whether it is late, as of
a chosen day (a frozen clock), agreeing with `satudata status`; linked from the home and OPD pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import requests
from pipeline_sample import publish_sample, sample_spec

from pipelines.walidata import standing

DATASETS = ("kepala-keluarga-kecamatan", "realisasi-anggaran-bulanan")


@pytest.fixture(scope="module")
def published(portal, tmp_path_factory):
    work = tmp_path_factory.mktemp("walidata")
    return {name: publish_sample(portal, sample_spec(name), work) for name in DATASETS}


def states(portal, today: str, lang: str = "") -> dict[str, str]:
    page = requests.get(f"{portal.url}{lang}/walidata", params={"today": today}, timeout=60)
    assert page.status_code == 200
    found = re.findall(r'<tr class="state-([a-z-]+)" data-dataset="([a-z0-9-]+)"', page.text)
    return {dataset: state for state, dataset in found if dataset in DATASETS}  # other tests publish too


def periods(pkg: dict) -> list[str]:
    """The periods published, as `satudata status` reads them from data/ (here: the data files)."""
    return [r["periode"] for r in pkg["resources"] if r.get("peran") == "data" and r.get("periode")]


def test_a_monthly_dataset_is_judged_by_its_last_month_not_its_year(portal, published):
    monthly = published["realisasi-anggaran-bulanan"]
    assert monthly["periode_akhir"] == "2024" and max(periods(monthly)) == "2024-12"
    page = requests.get(f"{portal.url}/walidata", params={"today": "2025-01-20"}, timeout=60).text
    row = page[page.index('data-dataset="realisasi-anggaran-bulanan"'):]
    assert "2024-12" in row[:2000] and "2025-02-10 (2025-01)" in row[:2000]


@pytest.mark.parametrize("today", ["2025-03-01", "2026-04-01"])
def test_the_page_says_who_is_late_as_satudata_status_does(portal, published, today):
    day = dt.date.fromisoformat(today)
    expected = {name: standing(pkg["frekuensi"], pkg.get("jatuh_tempo"), periods(pkg), day).state
                for name, pkg in published.items()}
    assert states(portal, today) == expected


def test_a_frozen_clock_makes_the_yearly_dataset_late(portal, published):
    assert states(portal, "2025-03-01") == {"kepala-keluarga-kecamatan": "tepat-waktu",
                                           "realisasi-anggaran-bulanan": "terlambat"}
    assert states(portal, "2026-04-01")["kepala-keluarga-kecamatan"] == "terlambat"
    page = requests.get(f"{portal.url}/en/walidata", params={"today": "2026-04-01"}, timeout=60).text
    assert "Data timeliness per department" in page and ">late<" in page


def test_the_page_is_linked_and_refuses_a_bad_date(portal, published):
    assert "/walidata" in requests.get(f"{portal.url}/", timeout=60).text
    org = published["kepala-keluarga-kecamatan"]["organization"]["name"]
    assert "/walidata" in requests.get(f"{portal.url}/organization/{org}", timeout=60).text
    assert requests.get(f"{portal.url}/walidata", params={"today": "kemarin"}, timeout=60).status_code == 400


@pytest.fixture(scope="module")
def browser_page():
    from playwright.sync_api import sync_playwright
    from test_portal_browser import CHROMIUM_ARGS, _ensure_chromium

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_ensure_chromium(), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser.new_page(viewport={"width": 1200, "height": 900})
        finally:
            browser.close()


def test_the_walidata_page_and_an_answer_page_in_a_browser(portal, published, browser_page, tmp_path):
    """Screenshots of what the walidata and an officer see (SATUDATA_SCREENSHOTS keeps them)."""
    import os
    from pathlib import Path

    from pipelines.inbox.trial import try_inbox
    from pipelines.spec import project_root

    shots = Path(os.environ.get("SATUDATA_SCREENSHOTS") or tmp_path)
    browser_page.goto(f"{portal.url}/walidata?today=2026-04-01&sort=state", wait_until="domcontentloaded")
    late = browser_page.locator("tr.state-terlambat").first
    assert "terlambat" in late.inner_text()
    browser_page.screenshot(path=str(shots / "walidata-id.png"), full_page=True)

    reject = project_root() / "samples/_rejects/dinkes/fasilitas_kesehatan_desa_2024_negatif.csv"
    trial = try_inbox(reject, tmp_path / "inbox-root")
    answer = trial.workspace.inbox / "dinkes" / (reject.name + ".laporan.html")
    browser_page.goto(answer.as_uri(), wait_until="domcontentloaded")
    text = browser_page.locator("body").inner_text()
    assert text.index("Ditolak") < text.index("Posyandu") < text.index("Yang diperiksa")
    assert "below-minimum" not in text and str(tmp_path) not in text
    browser_page.screenshot(path=str(shots / "answer-id.png"), full_page=True)
