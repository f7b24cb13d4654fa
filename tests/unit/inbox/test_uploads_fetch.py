"""Local names and download addresses of portal uploads."""

from urllib.parse import quote

from ckanapi import RemoteCKAN

from pipelines.publish.calls import Portal
from pipelines.uploads.fetch import NAME_BYTES, download_url, file_name, version
from pipelines.uploads.staging import REPORT_HTML, uploads_of

PORTAL = Portal(RemoteCKAN("http://portal.example:5000", apikey="secret-token"))


def resource(url: str, **extra) -> dict:
    return {"id": "r1", "url": url, "url_type": "upload", **extra}


def test_file_name_is_the_uploaded_name():
    r = resource("http://portal.example:5000/dataset/p/resource/r1/download/penduduk_kecamatan_2024.xlsx")
    assert file_name(r) == "penduduk_kecamatan_2024.xlsx"


def test_file_name_is_safe_as_a_local_name():
    assert file_name(resource("http://x/download/..%2F..%2Fetc%2Fpasswd")) == "etc_passwd"
    assert file_name(resource("http://x/download/data%20baru%20(1).csv")) == "data_baru_1_.csv"
    assert file_name(resource("http://x/download/")) == "unggahan"


def test_download_goes_to_the_portal_itself_whatever_the_resource_url_says():
    r = resource("http://attacker.example/download/penduduk.xlsx")
    assert download_url(PORTAL, "pkg-1", r) == (
        "http://portal.example:5000/dataset/pkg-1/resource/r1/download/penduduk.xlsx")


def test_a_replaced_file_is_a_new_version():
    first = resource("http://x/download/a.csv", last_modified="2026-11-27T10:00:00", size=10)
    replaced = {**first, "last_modified": "2026-11-27T11:00:00"}
    patched = {**first, "status_unggahan": "diterima", "metadata_modified": "2026-11-27T12:00:00"}
    assert version(first) != version(replaced)
    assert version(first) == version(patched)


def test_only_officers_uploads_are_fetched_not_links_nor_the_pipelines_answers():
    package = {"resources": [
        resource("http://x/download/a.csv"),
        {"id": "r2", "url": "http://elsewhere.example/a.csv", "url_type": ""},
        resource("http://x/download/laporan.html", id="r3", peran=REPORT_HTML),
    ]}
    assert [r["id"] for r in uploads_of(package)] == ["r1"]


def test_a_300_byte_upload_name_is_cut_before_its_extension():
    name = file_name(resource("http://x/download/" + "laporan_" * 37 + "akhir.xlsx"))  # 307 bytes
    assert len(name.encode()) <= NAME_BYTES and name.endswith(".xlsx")
    mixed = file_name(resource("http://x/download/" + quote("данные_" * 30 + ".csv")))
    assert len(mixed.encode()) <= NAME_BYTES and mixed.endswith(".csv")
    assert mixed.encode().decode("utf-8") == mixed


def test_an_upload_that_cannot_be_written_never_stops_the_others(tmp_path, monkeypatch):
    from pipelines.resources import Workspace
    from pipelines.spec import load_specs, project_root
    from pipelines.uploads import fetch

    specs = [s for s in load_specs(project_root() / "datasets") if s.organization == "dinkes"]
    package = {"id": "p1", "resources": [resource("http://x/download/a.csv", id="r1"),
                                         resource("http://x/download/b.csv", id="r2")]}
    monkeypatch.setattr(fetch, "ensure_staging", lambda *a, **k: package)
    monkeypatch.setattr(fetch, "staged_packages", lambda portal: {})  # none found: ensure_staging makes it

    def download(url, dest):
        if "/r1/" in url:
            raise OSError(36, "File name too long")
        dest.write_bytes(b"kode;jumlah\n1;2\n")

    monkeypatch.setattr(PORTAL, "download", download, raising=False)
    ws = Workspace(root=str(tmp_path))
    fetched = fetch.fetch_uploads(PORTAL, ws, specs)
    assert [u.resource_id for u in fetched] == ["r2"]
    assert list(tmp_path.rglob("*.part")) == []


class CountingPortal:
    """A portal whose staging datasets all exist: answers package_search, counts every call."""

    url = "http://portal.example:5000"

    def __init__(self, packages):
        self.packages = packages
        self.calls = []

    def call(self, action, data=None, **kwargs):
        self.calls.append(action)
        assert action == "package_search"
        rows = self.packages[data["start"]:data["start"] + data["rows"]]
        return {"count": len(self.packages), "results": rows}

    def download(self, url, dest):
        dest.write_bytes(url.encode())


def test_the_uploads_of_every_opd_take_one_search_not_calls_per_opd(tmp_path, monkeypatch):
    from pipelines.resources import Workspace
    from pipelines.spec_manifest import SpecSummary
    from pipelines.uploads import fetch, staging

    opds = [f"opd-{i:03d}" for i in range(1500)]
    packages = [{"id": f"p-{o}", "name": f"unggah-{o}", "organization": {"name": o}, "state": "active",
                 "private": True, "resources": [resource(f"http://x/download/{o}.csv", id=f"r-{o}")]}
                for o in opds]
    portal = CountingPortal(packages)
    monkeypatch.setattr(staging, "SEARCH_ROWS", 1000)
    specs = [SpecSummary(stamp=[0, 0], name=f"data-{o}", organization=o) for o in opds]
    fetched = fetch.fetch_uploads(portal, Workspace(root=str(tmp_path)), specs)
    assert portal.calls == ["package_search", "package_search"]  # 1,500 staging datasets: two pages
    assert len(fetched) == 1500 and fetched[0].path.read_bytes().startswith(b"http://portal.example:5000/")
