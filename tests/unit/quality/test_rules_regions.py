from .conftest import make_spec

COLS = {"tahun": "integer", "kode": "string", "kecamatan": "string", "jumlah": "integer"}
REF = {"kode": {"reference": "kemendagri.kecamatan", "within": "64.09"}}
PPU = ["64.09.01", "64.09.02", "64.09.03", "64.09.04"]
NAMES = ["Penajam", "Waru", "Babulu", "Sepaku"]


def spec(rule, extra=REF):
    return make_spec(COLS, [rule], extra=extra)


def table(years, codes, names):
    return {"tahun": years, "kode": codes, "kecamatan": names, "jumlah": [1] * len(codes)}


def test_completeness_passes_when_every_kecamatan_is_in_every_year(run):
    rule = {"check": "completeness", "column": "kode"}
    assert run(spec(rule), table([2023] * 4 + [2024] * 4, PPU + PPU, NAMES + NAMES)) == []


def test_completeness_names_the_missing_kecamatan_and_period(run):
    rule = {"check": "completeness", "column": "kode"}
    problems = run(spec(rule), table([2023] * 4 + [2024] * 3, PPU + PPU[:3], NAMES + NAMES[:3]), flat=False)
    assert [(p.code, p.value) for p in problems] == [("region-missing", "64.09.04")]
    assert "Sepaku" in problems[0].message_id and "2024" in problems[0].message_en


def test_completeness_with_bps_reference_and_kemendagri_parent(run):
    extra = {"kode": {"reference": "bps.kecamatan", "within": "64.09"}}
    rule = {"check": "completeness", "column": "kode"}
    got = run(spec(rule, extra), table([2024] * 3, ["6409010", "6409020", "6409030"], ["a", "b", "c"]), flat=False)
    assert [p.value for p in got] == ["6409040"]


def test_reference_name_tolerates_case_spacing_and_prefixes(run):
    rule = {"check": "reference_name", "column": "kode", "name": "kecamatan"}
    names = ["PENAJAM", " waru ", "Kec. Babulu", "SEPAKU"]
    assert run(spec(rule), table([2024] * 4, ["64. 09. 01", "64.09.02", "640903", "64.09.04"], names)) == []


def test_reference_name_mismatch_gives_the_official_spelling(run):
    rule = {"check": "reference_name", "column": "kode", "name": "kecamatan", "severity": "warn"}
    problems = run(spec(rule), table([2024] * 2, ["64.09.01", "64.09.02"], ["Penajam", "Sepaku"]), flat=False)
    assert [p.flat() for p in problems] == [(3, "Kecamatan", "region-name-mismatch")]
    assert "'Waru'" in problems[0].message_id and problems[0].severity == "warn"


def test_reference_name_accepts_the_other_systems_name_only_through_the_crosswalk(run):
    # Kemendagri 64.01.03 is "Paser Belengkong"; BPS (6401030) spells the same unit "PASIR BELENGKONG".
    extra = {"kode": {"reference": "kemendagri.kecamatan"}}
    rule = {"check": "reference_name", "column": "kode", "name": "kecamatan"}
    assert run(spec(rule, extra), table([2024], ["64.01.03"], ["PASIR BELENGKONG"])) == []
    # BPS 6409010 is Babulu, but Kemendagri 64.09.01 is Penajam: codes are never reshaped into each other
    assert run(spec(rule, extra), table([2024], ["64.09.01"], ["Babulu"])) == [(2, "Kecamatan", "region-name-mismatch")]


def test_reference_name_leaves_unknown_codes_to_the_reference_check(run):
    rule = {"check": "reference_name", "column": "kode", "name": "kecamatan"}
    assert run(spec(rule), table([2024], ["64.09.99"], ["Entah"])) == []


def test_reference_rules_need_a_reference(run):
    rule = {"check": "completeness", "column": "kecamatan"}
    assert run(spec(rule), table([2024], ["64.09.01"], ["Penajam"])) == [(None, None, "rule-invalid")]
