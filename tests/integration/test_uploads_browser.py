"""An officer uploads a spreadsheet through the portal's own web form, in a real headless browser,
and after one pass of the pipeline sees the answer in the staging dataset's page."""

from __future__ import annotations

import dagster as dg
import pytest

from pipelines.publish import CkanResource
from pipelines.resources import Workspace
from pipelines.spec import load_specs, project_root
from pipelines.uploads import connect, ensure_staging
from pipelines.uploads.cycle import inbox_once
from tests.integration.test_portal_browser import CHROMIUM_ARGS, _ensure_chromium

pytestmark = [pytest.mark.portal, pytest.mark.browser]

KK = project_root() / "samples" / "disdukcapil" / "kepala_keluarga_kecamatan_2021-2024.csv"


@pytest.fixture(scope="module")
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_ensure_chromium(), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_editor_uploads_in_the_web_form_and_reads_the_answer_on_the_page(portal, browser_page, tmp_path):
    page = browser_page
    ws = Workspace(root=str(tmp_path), datasets_dir=str(project_root() / "datasets"), publish=True)
    ckan = CkanResource(url=portal.url, token=portal.token)
    ensure_staging(connect(ckan), "disdukcapil", load_specs(ws.datasets))
    editor = portal.create_user("disdukcapil", "editor")

    page.goto(f"{portal.url}/user/login", wait_until="domcontentloaded")
    page.fill("input[name=login]", editor.name)
    page.fill("input[name=password]", editor.password)
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/dashboard/**")
    page.goto(f"{portal.url}/dataset/unggah-disdukcapil/resource/new", wait_until="domcontentloaded")
    page.click("#resource-upload-button")
    page.set_input_files("#field-resource-upload", str(KK))
    page.fill("#field-name", "Kepala keluarga 2021-2024")
    page.click("button[name=save][value=go-dataset-complete]")
    page.wait_for_url("**/dataset/unggah-disdukcapil")

    done = inbox_once(ws, ckan=ckan, instance=dg.DagsterInstance.ephemeral())

    assert [o.status for o in done.outcomes if o.file.endswith(KK.name)] == ["diterima"]
    page.goto(f"{portal.url}/dataset/unggah-disdukcapil", wait_until="domcontentloaded")
    listed = page.locator("#dataset-resources").inner_text()
    assert "Kepala keluarga 2021-2024" in listed
    assert "DITERIMA:" in listed  # the report's name (the page cuts it after the status)
    assert "Diterima: 16 baris" in listed  # its description
    public = portal.api(None).action.package_show(id="kepala-keluarga-kecamatan")
    assert public["organization"]["name"] == "disdukcapil"
