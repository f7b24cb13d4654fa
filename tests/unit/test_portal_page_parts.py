"""The pure parts of the portal's pages (ckanext-satudata, loaded from their files: no CKAN here):
which chart a DataStore table gets, and how the dataset page words the rules and findings."""

from __future__ import annotations

import importlib.util

import pytest

from pipelines.spec import project_root

EXTENSION = project_root() / "portal/ckanext-satudata/ckanext/satudata"


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"satudata_{name}", EXTENSION / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


chart_choice = load("chart_choice")
quality = load("quality")


def fields(**types: str) -> list[dict]:
    return [{"id": "_id", "type": "int"}] + [{"id": k, "type": v} for k, v in types.items()]


@pytest.mark.parametrize(("table", "frekuensi", "axes"), [
    (fields(tahun="int8", kode="text", laki_laki="int8", jumlah="int8"), "tahunan", ("tahun", "jumlah")),
    (fields(tahun="int8", bulan="int8", kode_rekening="text", anggaran="float8"), "bulanan", ("bulan", "anggaran")),
    (fields(tahun="int8", bulan="int8", anggaran="numeric"), "tahunan", ("tahun", "anggaran")),
    (fields(tanggal="date", jenis="text", meninggal="int8"), "tahunan", ("tanggal", "meninggal")),
    (fields(kode="text", jumlah_kk="int8", tahun="int8"), "semesteran", ("tahun", "jumlah_kk")),
])
def test_the_chart_shows_the_main_value_over_the_period(table, frekuensi, axes):
    settings = chart_choice.chart_settings(table, frekuensi)

    assert (settings["x"], settings["y"]) == axes
    assert (settings["engine"], settings["type"], settings["sort_x"]) == ("plotly", "Bar", True)


@pytest.mark.parametrize(("table", "frekuensi"), [
    (fields(tahun="int8", jumlah="int8"), "tidak_tentu"),  # no period
    (fields(tahun="int8", jumlah="int8"), None),
    (fields(kode="text", jumlah="int8"), "tahunan"),  # no period column
    (fields(tahun="int8", kecamatan="text"), "tahunan"),  # nothing to count
])
def test_no_chart_without_a_period_or_a_number(table, frekuensi):
    assert chart_choice.chart_settings(table, frekuensi) is None


SCHEMA = {"fields": [
    {"name": "tahun", "constraints": {"required": True, "minimum": 2000.0}},
    {"name": "jenis", "constraints": {"enum": ["banjir", "longsor"]}},
    {"name": "rasio", "constraints": {"maximum": 0.5}},
    {"name": "catatan"},
], "primaryKey": ["tahun", "jenis"]}


def test_rules_are_worded_in_indonesian():
    assert quality.column_rules(SCHEMA, "id") == [
        "tahun: wajib diisi", "tahun ≥ 2000", "jenis: salah satu dari banjir, longsor", "rasio ≤ 0.5",
        "baris unik menurut (tahun, jenis)", "tanpa data pribadi (NIK, KK, NPWP, telepon, e-mail)",
    ]


def test_rules_are_worded_in_english():
    assert quality.column_rules(SCHEMA, "en")[0] == "tahun: must be filled in"
    assert quality.column_rules(SCHEMA, "en")[-2:] == [
        "unique rows by (tahun, jenis)", "no personal data (NIK, KK, NPWP, phone, e-mail)"]


def test_findings_are_grouped_by_code_with_the_first_message():
    report = {"problems": [
        {"code": "change-too-large", "severity": "warn", "message_id": "Naik 40%", "message_en": "Up 40%"},
        {"code": "change-too-large", "severity": "warn", "message_id": "Naik 50%", "message_en": "Up 50%"},
        {"code": "extra-columns", "severity": "warn", "message_id": "Kolom lebih", "message_en": "Extra column"},
    ]}

    assert [(f["code"], f["count"], f["message"]) for f in quality.findings(report, "en")] == [
        ("change-too-large", 2, "Up 40%"), ("extra-columns", 1, "Extra column")]
    assert quality.findings(report, "id")[0]["message"] == "Naik 40%"


def test_the_rules_checked_come_from_the_report_in_the_visitors_language():
    quality = load("quality")
    report = {"stats": {"checked": [["Laki-laki + Perempuan = Jumlah"] * 2,
                                    ["Tidak ada data pribadi", "No personal data"]]}}
    assert quality.checked_rules(report, "en") == ["Laki-laki + Perempuan = Jumlah", "No personal data"]
    assert quality.checked_rules(report, "id")[1] == "Tidak ada data pribadi"
    assert quality.checked_rules({}, "id") == []
