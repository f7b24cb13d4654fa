"""The portal's walidata page: per OPD each dataset with its next due date and whether it is late, as of
a chosen day (a frozen clock), agreeing with `satudata status`; linked from the home and OPD pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import requests

from pipelines.walidata import standing

from .pipeline_sample import publish_sample, sample_spec

DATASETS = ("kepala-keluarga-kecamatan", "realisasi-anggaran-bulanan")


@pytest.fixture(scope="module")
def published(portal, tmp_path_factory):
    work = tmp_path_factory.mktemp("walidata")
    return {name: publish_sample(portal, sample_spec(name), work) for name in DATASETS}


def states(portal, today: str, lang: str = "") -> dict[str, str]:
    page = requests.get(f"{portal.url}{lang}/walidata", params={"today": today}, timeout=60)
    assert page.status_code == 200
    found = re.findall(r'<tr class="state-([a-z-]+)" data-dataset="([a-z0-9-]+)"', page.text)
    return {dataset: state for state, dataset in found}


@pytest.mark.parametrize("today", ["2025-03-01", "2026-04-01"])
def test_the_page_says_who_is_late_as_satudata_status_does(portal, published, today):
    day = dt.date.fromisoformat(today)
    expected = {name: standing(pkg["frekuensi"], pkg.get("jatuh_tempo"), [pkg["periode_akhir"]], day).state
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
