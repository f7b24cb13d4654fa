"""The PII guard on a generated corpus: what it must find, what it must leave, and masking."""

import csv

import pyarrow as pa
import pytest

from pipelines.spec import project_root
from pipelines.validate.pii import header_kind, is_nik, mask, scan_table

from .conftest import make_spec

CORPUS = project_root() / "tests" / "fixtures" / "pii" / "corpus.csv"


def corpus():
    with CORPUS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def scan(values, header="Keterangan", spec=None, name="keterangan"):
    table = pa.table({name: pa.array(values, pa.string())})
    return scan_table(table, rows=list(range(2, len(values) + 2)), headers={name: header}, spec=spec)


def test_corpus_holds_every_kind_and_look_alikes():
    kinds = {row["expect"] for row in corpus()}
    assert kinds == {"nik", "phone", "email", "npwp", "none"}
    assert sum(row["expect"] == "none" for row in corpus()) >= 20


@pytest.mark.parametrize("case", corpus(), ids=lambda c: f"{c['expect']}: {c['why']}")
def test_each_corpus_value_is_found_or_left_alone(case):
    found = [(p.row, p.code) for p in scan([case["value"]])]
    expected = [] if case["expect"] == "none" else [(2, f"pii-{case['expect']}")]
    assert found == expected


def test_hits_block_and_name_row_and_column():
    problems = scan(["aman", "0812-3456-7890"], header="Catatan Petugas")
    assert [(p.row, p.column, p.code, p.severity) for p in problems] == [(3, "Catatan Petugas", "pii-phone", "block")]
    assert problems[0].value == "****-****-7890"


def test_masks_show_at_most_the_last_four_digits():
    assert mask("6409044202637183") == "************7183"
    assert mask("+62 812-3456-7890") == "+** ***-****-7890"
    assert mask("budi.santoso@gmail.com") == "***@gmail.com"


def test_women_add_forty_to_the_day():
    regions = {"640901"}
    assert is_nik("6409014506900001", regions)  # 5 June 1990, a woman
    assert is_nik("6409010506900001", regions)  # 5 June 1990, a man
    assert not is_nik("6409013506900001", regions)  # day 35: neither


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("NIK", "nik"),
        ("No. KTP", "nik"),
        ("no_kk", "kk"),
        ("NPWP Pemilik", "npwp"),
        ("Telepon", "phone"),
        ("No HP", "phone"),
        ("E-mail", "email"),
        ("email_kantor", "email"),
        ("Jumlah Penduduk", None),
        ("Kecamatan", None),
        ("Kode Wilayah", None),
        ("KK", "kk"),
        ("Nomor KK", "kk"),
        ("Jumlah KK", None),
        ("KK Miskin", None),
        ("jumlah_kk", None),
        ("Jumlah Sambungan Telepon", None),
        ("Persentase Pengguna HP", None),
    ],
)
def test_header_says_what_a_column_holds(header, kind):
    assert header_kind(header) == kind


def test_a_column_headed_nik_blocks_even_when_values_are_not_valid_niks():
    problems = scan(["12345", "67890"], header="NIK", name="nik")
    assert [(p.row, p.column, p.code) for p in problems] == [(None, "NIK", "pii-column")]


def test_an_empty_or_already_masked_pii_column_is_fine():
    assert scan([None, "  "], header="No HP", name="no_hp") == []
    assert scan(["************0001"], header="NIK", name="nik") == []


def test_public_contact_allows_office_phone_and_email_but_never_a_nik():
    spec = make_spec(
        {"tahun": "integer", "telepon_kantor": "string"}, [], extra={"telepon_kantor": {"public_contact": True}}
    )
    office = scan(
        ["(0542) 7211 000", "dinkes@penajamkab.go.id"], header="Telepon Kantor", spec=spec, name="telepon_kantor"
    )
    assert office == []
    leaked = scan(["6409044202637183"], header="Telepon Kantor", spec=spec, name="telepon_kantor")
    assert [p.code for p in leaked] == ["pii-nik"]


def test_numbers_in_numeric_columns_are_amounts_not_phones():
    spec = make_spec({"tahun": "integer", "anggaran": "integer"}, [])
    table = pa.table({"anggaran": pa.array([62812345678, 6409044202637183], pa.int64())})
    problems = scan_table(table, rows=[2, 3], headers={"anggaran": "Anggaran (Rp)"}, spec=spec)
    assert [(p.row, p.code) for p in problems] == [(3, "pii-nik")]


def test_a_nik_typed_into_a_number_cell_is_found():
    table = pa.table({"angka": pa.array([6409044202637183.0, 12.5], pa.float64())})
    problems = scan_table(table, rows=[2, 3], headers={"angka": "Angka"})
    assert [(p.row, p.code, p.value) for p in problems] == [(2, "pii-nik", "************7183")]


def test_many_hits_in_one_column_are_capped_with_a_count():
    from pipelines.validate.pii import MAX_PER_COLUMN

    problems = scan(["0812-3456-7890"] * (MAX_PER_COLUMN + 3))
    assert len(problems) == MAX_PER_COLUMN + 1
    assert problems[-1].code == "pii-more" and problems[-1].value == "3"


def test_rows_must_match_the_table():
    with pytest.raises(ValueError):
        scan_table(pa.table({"a": ["x"]}), rows=[], headers={})
