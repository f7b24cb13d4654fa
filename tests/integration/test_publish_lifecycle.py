"""Publishing on the real portal: the first publish (every resource, every metadata field, the
DataStore table, anonymous downloads), a re-run that changes nothing, changed input, a new period,
and the plain DataStore API path for portals without the satudata_load plugin."""

from __future__ import annotations

import datetime
import json
import secrets
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import requests
from ckanapi import NotAuthorized, NotFound

from pipelines.publish import PublishResult, RetryPolicy, publish_dataset
from pipelines.publish.csv_export import write_csv
from pipelines.publish.dictionary import table_schema
from pipelines.spec import DatasetSpec, parse_spec

pytestmark = pytest.mark.portal

FAST_RETRY = RetryPolicy(attempts=3, backoff=0.05)
RUN = secrets.token_hex(3)  # dataset names unique to this session
ORGS = [{"name": "disdukcapil", "title": "Dinas Kependudukan dan Pencatatan Sipil",
         "description": {"id": "Administrasi kependudukan.", "en": "Population administration."}}]


def make_spec(name: str, **portal) -> DatasetSpec:
    return parse_spec(
        {
            "name": name,
            "organization": "disdukcapil",
            "title": {"id": f"Penduduk {name}", "en": f"Population {name}"},
            "description": {"id": "Jumlah penduduk per kecamatan.", "en": "Population by district."},
            "source": {"match": "penduduk*.csv"},
            "period": {"column": "tahun", "frequency": "tahunan"},
            "schema": {
                "key": ["tahun", "kode"],
                "columns": [
                    {"name": "tahun", "type": "integer", "description": {"id": "Tahun", "en": "Year"}},
                    {"name": "kode", "type": "string", "description": {"id": "Kode kecamatan", "en": "District code"}},
                    {"name": "kecamatan", "type": "string"},
                    {"name": "jumlah", "type": "integer", "unit": "jiwa", "min": 0},
                    {"name": "rasio", "type": "number"},
                    {"name": "aktif", "type": "boolean"},
                    {"name": "tanggal", "type": "date"},
                ],
            },
            "portal": {"tags": ["kependudukan", "kecamatan"], "sektor": "kependudukan",
                       "tingkat_penyajian": "kecamatan", **portal},
        },
        f"datasets/disdukcapil/{name}.yaml",
    )


def write_period(folder: Path, year: int, jumlah: list[int]) -> Path:
    """A typed Parquet period: codes with leading zeros, one formula-like name."""
    n = len(jumlah)
    names = ["Penajam", "=HYPERLINK(\"http://x\")", "Waru", "Babulu", "Sepaku"][:n]
    table = pa.table({
        "tahun": pa.array([year] * n, pa.int64()),
        "kode": pa.array([f"64.09.0{i}" for i in range(1, n + 1)]),
        "kecamatan": pa.array(names),
        "jumlah": pa.array(jumlah, pa.int64()),
        "rasio": pa.array([j / 3 for j in jumlah], pa.float64()),
        "aktif": pa.array([j % 2 == 0 for j in jumlah]),
        "tanggal": pa.array([datetime.date(year, 12, 31)] * n, pa.date32()),
    })
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{year}-{sum(jumlah)}.parquet"
    pq.write_table(table, path, compression="zstd")
    return path


def publish(portal, spec: DatasetSpec, periods: dict[str, Path], **kw) -> PublishResult:
    return publish_dataset(portal.api(), spec, periods, organizations=ORGS, retry=FAST_RETRY, **kw)


def resources(portal, name: str) -> list[dict]:
    return portal.api(None).action.package_show(id=name)["resources"]


def by_role(portal, name: str) -> dict[tuple[str, str], dict]:
    found = resources(portal, name)
    keys = [(r["peran"], r["periode"]) for r in found]
    assert len(keys) == len(set(keys)), f"duplicate resources: {keys}"
    return dict(zip(keys, found, strict=True))


def table_rows(portal, resource_id: str) -> list[dict]:
    return portal.api(None).action.datastore_search(resource_id=resource_id, limit=1000, sort="tahun, kode")[
        "records"]


@pytest.fixture(scope="module")
def first(portal, tmp_path_factory):
    folder = tmp_path_factory.mktemp("first")
    spec = make_spec(f"penduduk-terbit-{RUN}")
    files = {"2023": write_period(folder, 2023, [10, 20, 30]), "2024": write_period(folder, 2024, [11, 21, 31, 41])}
    result = publish(portal, spec, files)
    return {"spec": spec, "files": files, "result": result, "folder": folder}


def test_first_publish_reports_what_it_did(first, portal):
    result = first["result"]
    assert result.status == "created"
    assert result.dataset_url == f"{portal.url}/dataset/penduduk-terbit-{RUN}"
    assert sorted(result.uploaded) == sorted(
        ["2024/data", "2024/data_csv", "2023/data", "2023/data_csv", "datastore", "kamus_data"])
    assert result.rows == 7 and result.periods == ["2023", "2024"]
    assert result.datastore_loader == "satudata_load"


def test_every_resource_once_newest_period_first(first, portal):
    found = resources(portal, f"penduduk-terbit-{RUN}")
    assert [(r["peran"], r["periode"], r["format"]) for r in found] == [
        ("data", "2024", "Parquet"), ("data_csv", "2024", "CSV"),
        ("data", "2023", "Parquet"), ("data_csv", "2023", "CSV"),
        ("datastore", "", "DataStore"), ("kamus_data", "", "JSON"),
    ]
    assert all(r["content_hash"].startswith("sha256:") for r in found)


def test_every_metadata_field_is_on_the_portal(first, portal):
    dataset = portal.api(None).action.package_show(id=f"penduduk-terbit-{RUN}")
    assert not dataset["private"]
    assert dataset["organization"]["name"] == "disdukcapil"
    assert {k: dataset[k] for k in (
        "title", "title_en", "notes", "notes_en", "produsen_data", "walidata", "sektor", "frekuensi", "satuan",
        "tingkat_penyajian", "cakupan_wilayah", "periode_awal", "periode_akhir", "status_data",
        "klasifikasi_akses", "license_id", "kualitas", "satudata_spec")} == {
        "title": f"Penduduk penduduk-terbit-{RUN}", "title_en": f"Population penduduk-terbit-{RUN}",
        "notes": "Jumlah penduduk per kecamatan.", "notes_en": "Population by district.",
        "produsen_data": "Dinas Kependudukan dan Pencatatan Sipil",
        "walidata": "Diskominfo Kabupaten Penajam Paser Utara", "sektor": "kependudukan",
        "frekuensi": "tahunan", "satuan": "jiwa", "tingkat_penyajian": "kecamatan", "cakupan_wilayah": "64.09",
        "periode_awal": "2023", "periode_akhir": "2024", "status_data": "tetap", "klasifikasi_akses": "terbuka",
        "license_id": "cc-by", "kualitas": "lolos", "satudata_spec": f"disdukcapil/penduduk-terbit-{RUN}",
    }
    assert sorted(t["name"] for t in dataset["tags"]) == ["kecamatan", "kependudukan"]


def test_organization_from_the_opd_list(first, portal):
    org = portal.api(None).action.organization_show(id="disdukcapil")
    assert org["title"] == "Dinas Kependudukan dan Pencatatan Sipil"
    assert "Administrasi kependudukan." in org["description"] and "Population administration." in org["description"]


def test_datastore_declared_types_and_all_periods(first, portal):
    table = by_role(portal, f"penduduk-terbit-{RUN}")[("datastore", "")]
    found = portal.api(None).action.datastore_search(resource_id=table["id"], limit=0)
    types = {f["id"]: f["type"] for f in found["fields"]}
    assert types == {"_id": "int", "tahun": "int8", "kode": "text", "kecamatan": "text", "jumlah": "int8",
                     "rasio": "float8", "aktif": "bool", "tanggal": "date"}
    assert found["total"] == 7
    rows = table_rows(portal, table["id"])
    assert rows[0]["kode"] == "64.09.01" and isinstance(rows[0]["jumlah"], int) and rows[0]["jumlah"] == 10
    assert rows[1]["kecamatan"] == "=HYPERLINK(\"http://x\")"  # the table keeps the value as it is
    assert [r["tahun"] for r in rows] == [2023] * 3 + [2024] * 4


def test_datastore_sql_and_data_dictionary(first, portal):
    table = by_role(portal, f"penduduk-terbit-{RUN}")[("datastore", "")]
    sql = f'SELECT tahun, sum(jumlah) AS total FROM "{table["id"]}" GROUP BY tahun ORDER BY tahun'
    found = portal.api(None).action.datastore_search_sql(sql=sql)
    assert [(r["tahun"], int(r["total"])) for r in found["records"]] == [(2023, 60), (2024, 104)]
    info = portal.api(None).action.datastore_info(id=table["id"])
    fields = {f["id"]: f.get("info", {}) for f in info["fields"]}
    assert fields["kode"]["notes"] == "Kode kecamatan" and fields["kode"]["notes_en"] == "District code"
    assert fields["jumlah"]["unit"] == "jiwa"


def test_full_text_search_finds_names_and_codes(first, portal):
    table = by_role(portal, f"penduduk-terbit-{RUN}")[("datastore", "")]
    by_name = portal.api(None).action.datastore_search(resource_id=table["id"], q="Waru")
    assert sorted((r["tahun"], r["kecamatan"]) for r in by_name["records"]) == [(2023, "Waru"), (2024, "Waru")]
    by_code = portal.api(None).action.datastore_search(resource_id=table["id"], q="64.09.04")
    assert [(r["tahun"], r["kode"]) for r in by_code["records"]] == [(2024, "64.09.04")]


def test_anonymous_downloads_equal_the_files_written(first, portal, tmp_path):
    found = by_role(portal, f"penduduk-terbit-{RUN}")
    for period, path in first["files"].items():
        parquet = requests.get(found[("data", period)]["url"], timeout=30)
        assert parquet.status_code == 200 and parquet.content == path.read_bytes()
        write_csv(path, tmp_path / "expected.csv")
        csv = requests.get(found[("data_csv", period)]["url"], timeout=30)
        assert csv.content == (tmp_path / "expected.csv").read_bytes()
    assert "\"'=HYPERLINK" in requests.get(found[("data_csv", "2023")]["url"], timeout=30).text
    dictionary = requests.get(found[("kamus_data", "")]["url"], timeout=30).json()
    assert dictionary == json.loads(json.dumps(table_schema(first["spec"])))


def test_staging_dataset_is_hidden_and_empty(first, portal):
    with pytest.raises((NotAuthorized, NotFound)):
        portal.api(None).action.package_show(id=f"penduduk-terbit-{RUN}--staging")
    assert portal.api().action.package_show(id=f"penduduk-terbit-{RUN}--staging")["resources"] == []


def test_rerun_with_unchanged_input_uploads_nothing(first, portal):
    before = portal.api(None).action.package_show(id=f"penduduk-terbit-{RUN}")
    result = publish(portal, first["spec"], first["files"])
    after = portal.api(None).action.package_show(id=f"penduduk-terbit-{RUN}")
    assert result.status == "unchanged" and result.uploaded == []
    assert after["metadata_modified"] == before["metadata_modified"]
    assert [(r["id"], r["metadata_modified"]) for r in after["resources"]] == [
        (r["id"], r["metadata_modified"]) for r in before["resources"]]


@pytest.fixture(scope="module")
def changed(portal, tmp_path_factory):
    folder = tmp_path_factory.mktemp("changed")
    spec = make_spec(f"penduduk-ubah-{RUN}")
    v1 = {"2023": write_period(folder, 2023, [10, 20, 30]), "2024": write_period(folder, 2024, [11, 21, 31])}
    publish(portal, spec, v1)
    before = by_role(portal, f"penduduk-ubah-{RUN}")
    v2 = {**v1, "2024": write_period(folder, 2024, [12, 22, 32])}
    result = publish(portal, spec, v2)
    after = by_role(portal, f"penduduk-ubah-{RUN}")
    return {"before": before, "after": after, "result": result, "spec": spec, "v2": v2}


def test_changed_input_replaces_exactly_that_period_under_the_same_ids(changed):
    before, after = changed["before"], changed["after"]
    assert sorted(changed["result"].uploaded) == ["2024/data", "2024/data_csv", "datastore"]
    assert {k: r["id"] for k, r in after.items()} == {k: r["id"] for k, r in before.items()}
    for key in [("data", "2023"), ("data_csv", "2023"), ("kamus_data", "")]:
        assert after[key]["content_hash"] == before[key]["content_hash"]
    for key in [("data", "2024"), ("data_csv", "2024"), ("datastore", "")]:
        assert after[key]["content_hash"] != before[key]["content_hash"]


def test_changed_input_replaces_that_periods_rows(changed, portal):
    rows = table_rows(portal, changed["after"][("datastore", "")]["id"])
    assert [(r["tahun"], r["jumlah"]) for r in rows] == [
        (2023, 10), (2023, 20), (2023, 30), (2024, 12), (2024, 22), (2024, 32)]


def test_replaced_table_is_gone(changed, portal):
    # the old rows were swapped out under the same id; nothing of them is left aside
    table = changed["before"][("datastore", "")]["id"]
    with pytest.raises((NotFound, NotAuthorized)):
        portal.api().action.datastore_search(resource_id=table + "~old")
    tables = portal.api().action.datastore_search(resource_id="_table_metadata", limit=32000)["records"]
    assert [t["name"] for t in tables if t["name"].startswith(table)] == [table]


def test_new_period_keeps_the_earlier_ones(changed, portal, tmp_path):
    result = publish(portal, changed["spec"], {"2025": write_period(tmp_path, 2025, [1, 2, 3, 4, 5])})
    after = by_role(portal, f"penduduk-ubah-{RUN}")
    assert result.periods == ["2023", "2024", "2025"] and result.rows == 11
    assert sorted(result.uploaded) == ["2025/data", "2025/data_csv", "datastore"]
    for key, resource in changed["after"].items():  # a new period adds resources; nothing else changes id
        assert after[key]["id"] == resource["id"]
    assert sorted(set(after) - set(changed["after"])) == [("data", "2025"), ("data_csv", "2025")]
    dataset = portal.api(None).action.package_show(id=f"penduduk-ubah-{RUN}")
    assert (dataset["periode_awal"], dataset["periode_akhir"]) == ("2023", "2025")
    assert sorted({r["tahun"] for r in table_rows(portal, after[("datastore", "")]["id"])}) == [2023, 2024, 2025]


def test_plain_datastore_api_path_gives_the_same_table(first, portal):
    spec = make_spec(f"penduduk-polos-{RUN}")
    result = publish(portal, spec, first["files"], fast_load=False)
    assert result.datastore_loader == "datastore_api" and result.rows == 7
    plain = table_rows(portal, by_role(portal, f"penduduk-polos-{RUN}")[("datastore", "")]["id"])
    fast = table_rows(portal, by_role(portal, f"penduduk-terbit-{RUN}")[("datastore", "")]["id"])
    assert [{k: v for k, v in r.items() if k != "_id"} for r in plain] == [
        {k: v for k, v in r.items() if k != "_id"} for r in fast]


def test_quality_report_is_published_masked_and_flags_warnings(portal, tmp_path):
    from pipelines.validate.report import Problem, Report

    spec = make_spec(f"penduduk-laporan-{RUN}")
    nik = "6409011203900001"
    report = Report(file="/home/petugas/unggahan/penduduk 2023.xlsx", dataset=spec.key, rows=2, problems=[
        Problem(code="year-on-year", severity="warn", row=3, column="Jumlah", value=nik,
                message_id="Jumlah naik lebih dari 30%.", message_en="The total rose by more than 30%."),
    ])
    result = publish(portal, spec, {"2023": write_period(tmp_path, 2023, [1, 2])}, report=report)
    dataset = portal.api(None).action.package_show(id=spec.name)
    assert dataset["kualitas"] == "peringatan"
    assert "laporan_kualitas" in result.uploaded and "laporan_kualitas_html" in result.uploaded
    found = by_role(portal, spec.name)
    published = requests.get(found[("laporan_kualitas", "")]["url"], timeout=30).json()
    assert published["file"] == "penduduk 2023.xlsx" and published["rows"] == 2
    assert [p["code"] for p in published["problems"]] == ["year-on-year"]
    page = requests.get(found[("laporan_kualitas_html", "")]["url"], timeout=30).text
    assert "Jumlah naik lebih dari 30%." in page
    assert nik not in json.dumps(published) and nik not in page


def test_closed_data_stays_private(portal, tmp_path):
    spec = make_spec(f"penduduk-tertutup-{RUN}", klasifikasi_akses="tertutup")
    publish(portal, spec, {"2023": write_period(tmp_path, 2023, [1, 2])})
    with pytest.raises((NotAuthorized, NotFound)):
        portal.api(None).action.package_show(id=spec.name)
    assert portal.api().action.package_show(id=spec.name)["klasifikasi_akses"] == "tertutup"


def test_resources_added_by_hand_survive_a_publish(portal, tmp_path):
    spec = make_spec(f"penduduk-tangan-{RUN}")
    publish(portal, spec, {"2023": write_period(tmp_path, 2023, [1, 2])})
    dataset = portal.api().action.package_show(id=spec.name)
    portal.api().action.resource_create(package_id=dataset["id"], name="Catatan", url="https://example.org/catatan")
    publish(portal, spec, {"2024": write_period(tmp_path, 2024, [3, 4])})
    names = [r["name"] for r in portal.api(None).action.package_show(id=spec.name)["resources"]]
    assert names[-1] == "Catatan" and len(names) == 7


def test_money_is_exact_on_the_portal(portal, tmp_path):
    import decimal

    spec = parse_spec({
        "name": f"anggaran-tepat-{RUN}", "organization": "disdukcapil",
        "title": {"id": "Anggaran", "en": "Budget"}, "description": {"id": "Anggaran.", "en": "Budget."},
        "source": {"match": "anggaran*.csv"}, "period": {"column": "tahun", "frequency": "tahunan"},
        "schema": {"key": ["tahun", "kode"], "columns": [
            {"name": "tahun", "type": "integer"}, {"name": "kode", "type": "string"},
            {"name": "anggaran", "type": "number", "unit": "Rupiah", "scale": 2}]},
        "portal": {"tags": ["anggaran"], "sektor": "keuangan"},
    }, f"datasets/disdukcapil/anggaran-tepat-{RUN}.yaml")
    amounts = [decimal.Decimal("62500000000.00"), decimal.Decimal("1234567.89")]
    path = tmp_path / "2024.parquet"
    pq.write_table(pa.table({"tahun": pa.array([2024, 2024], pa.int64()), "kode": ["5.1.1", "5.1.2"],
                             "anggaran": pa.array(amounts, pa.decimal128(38, 2))}), path)
    publish(portal, spec, {"2024": path})
    found = by_role(portal, spec.name)
    table = found[("datastore", "")]["id"]
    fields = {f["id"]: f["type"] for f in portal.api(None).action.datastore_search(resource_id=table)["fields"]}
    assert fields["anggaran"] == "numeric" and fields["tahun"] == "int8"
    rows = portal.api(None).action.datastore_search_sql(
        sql=f'SELECT anggaran::text AS a FROM "{table}" ORDER BY kode')["records"]
    assert [r["a"] for r in rows] == ["62500000000.00", "1234567.89"]
    csv = requests.get(found[("data_csv", "2024")]["url"], timeout=30).text
    assert "62500000000.00" in csv and "1234567.89" in csv and "e+" not in csv.lower()


def test_a_dataset_deleted_on_the_portal_comes_back_with_the_same_ids(portal, tmp_path):
    spec = make_spec(f"penduduk-hapus-{RUN}")
    files = {"2023": write_period(tmp_path, 2023, [1, 2])}
    publish(portal, spec, files)
    before = by_role(portal, spec.name)
    portal.api().action.package_delete(id=spec.name)
    result = publish(portal, spec, files)
    assert result.status == "updated" and "state" in result.changed_fields and result.uploaded == []
    after = by_role(portal, spec.name)  # seen by the public again
    assert {k: r["id"] for k, r in after.items()} == {k: r["id"] for k, r in before.items()}
