"""One visit in a real headless browser (Debian's chromium, driven by playwright): home page,
search, dataset page, its resources."""

from __future__ import annotations

import shutil
import subprocess

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
