"""The shipped region codes: PPU's kecamatan in both systems, the crosswalk, code spellings."""

import pytest

from pipelines.reference import EDITION, ReferenceError, codes, crosswalk, lookup, normalize_code

PPU_KEMENDAGRI = {"64.09.01": "Penajam", "64.09.02": "Waru", "64.09.03": "Babulu", "64.09.04": "Sepaku"}
PPU_BPS = {"6409030": "PENAJAM", "6409020": "WARU", "6409010": "BABULU", "6409040": "SEPAKU"}


def test_kecamatan_of_ppu_kemendagri():
    assert codes("kemendagri.kecamatan", within="64.09") == PPU_KEMENDAGRI


def test_kecamatan_of_ppu_bps_accepts_either_parent_spelling():
    assert codes("bps.kecamatan", within="6409") == PPU_BPS
    assert codes("bps.kecamatan", within="64.09") == PPU_BPS


def test_desa_of_ppu_count_54_in_both_systems():
    assert len(codes("kemendagri.desa", within="64.09")) == 54
    assert len(codes("bps.desa", within="6409")) == 54


def test_desa_within_a_kecamatan_of_the_other_system_goes_through_the_crosswalk():
    assert set(codes("bps.desa", within="64.09.01")) == set(codes("bps.desa", within="6409030"))
    assert len(codes("bps.desa", within="64.09.01")) == len(codes("kemendagri.desa", within="64.09.01"))


def test_whole_country_kabupaten():
    assert len(codes("kemendagri.kabupaten")) == 514
    assert codes("kemendagri.kabupaten_kota")["64.09"] == "Kabupaten Penajam Paser Utara"


def test_crosswalk_maps_and_never_reshapes():
    assert crosswalk("64.09.01", to="bps") == ["6409030"]
    assert crosswalk("6409010", to="kemendagri") == ["64.09.03"]
    # Papua Barat: BPS 91 is Kemendagri 92, so stripping dots would be wrong
    assert crosswalk("91", to="kemendagri") == ["92"]
    assert crosswalk("99.99", to="bps") == []


def test_lookup_tolerates_officer_spellings():
    assert lookup("32. 04. 05").name == "Cileunyi"
    assert lookup("6409").code == "64.09"
    assert lookup("6409030001", system="bps").parent == "6409030"
    assert lookup("64.09.99") is None


@pytest.mark.parametrize(
    ("value", "system", "expected"),
    [
        ("32. 04. 05", "kemendagri", "32.04.05"),
        ("6409011001", "kemendagri", "64.09.01.1001"),
        ("3201190006.0", "bps", "3201190006"),
        ("Waru", "kemendagri", "Waru"),
        ("640901", "kemendagri", "64.09.01"),
    ],
)
def test_normalize_code(value, system, expected):
    assert normalize_code(value, system) == expected


def test_unknown_reference_and_parent_are_errors():
    with pytest.raises(ReferenceError):
        codes("bps.rt")
    with pytest.raises(ReferenceError):
        codes("kemendagri.kecamatan", within="99.99")


def test_edition_names_both_sources():
    assert "2430/2025" in EDITION and "2025-10-06" in EDITION
