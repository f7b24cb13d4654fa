"""Generated variants (hypothesis): every spelling of a NIK is found and shown masked; APBD codes,
desa codes and ratios never are; the vectorised pre-filter lets through every cell with a hit."""

import re

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.validate.pii import find, region_codes, scan_table
from pipelines.validate.pii_filter import plausible
from pipelines.validate.pii_normal import fold, is_digit

REGIONS = sorted(region_codes())
# the 0 of scripts whose digits an officer's file (or someone hiding a number) might hold
ZEROS = [0x30, 0xFF10, 0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0x1D7CE, 0x1D7EC, 0x1D7F6]
SPACES = [" ", "  ", "\u00a0", "\u2002", "\u2007", "\u2009", "\u202f", "\u3000", "\t", "\n", "\u200b", "\u2060"]
MARKS = [".", ",", "-", "_", "/", ":", "|", "*", "\u2013", "\u2014", "\u2212", "\u00ad", "\ufe63", "\uff0d", "\uff0e"]
DECIMAL = re.compile(r"\d+[.,]\d+")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def niks(draw):
    region = draw(st.sampled_from(REGIONS))
    day = draw(st.integers(1, 28)) + draw(st.sampled_from([0, 40]))
    month, year, serial = draw(st.integers(1, 12)), draw(st.integers(0, 99)), draw(st.integers(1, 9999))
    return f"{region}{day:02d}{month:02d}{year:02d}{serial:04d}"


@st.composite
def separators(draw):
    """What may stand between two digit groups: nothing, spaces, at most two marks between spaces."""
    before = draw(st.lists(st.sampled_from(SPACES), max_size=2))
    marks = draw(st.lists(st.sampled_from(MARKS), max_size=2))
    after = draw(st.lists(st.sampled_from(SPACES), max_size=2))
    return "".join(before + marks + after)


@st.composite
def spelled_niks(draw):
    """(the NIK, a cell holding it in groups, another script, with words around)."""
    nik = draw(niks())
    cuts = sorted(draw(st.sets(st.integers(1, 15), max_size=6)))
    groups = [nik[a:b] for a, b in zip([0, *cuts], [*cuts, 16], strict=True)]
    zero = draw(st.sampled_from(ZEROS))
    joints = [draw(separators()) for _ in groups[1:]]
    if DECIMAL.fullmatch(fold(groups[0] + "".join(j + g for j, g in zip(joints, groups[1:], strict=True))).text):
        joints = [" "] * len(joints)  # 180201.1901802415 is a decimal number, not a NIK spelling
    groups = ["".join(chr(zero + int(d)) for d in g) for g in groups]
    body = groups[0] + "".join(joint + g for joint, g in zip(joints, groups[1:], strict=True))
    before = draw(st.sampled_from(["", "NIK ", "NIK: ", "Desa Waru ", "RT 003 ", "2024 ", "(", "'"]))
    after = draw(st.sampled_from(["", " ", " Balikpapan", ")", " (pemohon)", ";"]))
    return nik, before + body + after


def scan(cell: str):
    return scan_table(pa.table({"desa_kelurahan": [cell]}), rows=[7], headers={"desa_kelurahan": "Desa/Kelurahan"})


@SETTINGS
@given(spelled_niks())
def test_every_spelling_of_a_nik_is_found(case):
    _nik, cell = case
    assert "pii-nik" in [p.code for p in scan(cell) if p.row == 7]


@SETTINGS
@given(spelled_niks())
def test_a_found_nik_shows_no_more_than_its_last_four_digits(case):
    nik, cell = case
    (problem,) = [p for p in scan(cell) if p.code == "pii-nik"]
    shown = [ch for ch in problem.value if is_digit(ch)]
    assert len(shown) == 4
    for text in (problem.value, problem.message_id, problem.message_en):
        assert nik not in text and nik[:12] not in text


@st.composite
def apbd_codes(draw):
    """Permendagri 90/2019: kode rekening (1.1.2.2.2.4), sub kegiatan (1.2.2.1.2.4), organisation
    (1.2.1.2.1.2.2.4), and a sub kegiatan with its kode rekening."""
    def part(width, low=0):
        return f"{draw(st.integers(low, 10**width - 1)):0{width}d}"

    shapes = [(1, 1, 2, 2, 2, 4), (1, 2, 2, 1, 2, 4), (1, 2, 1, 2, 1, 2, 2, 4), (1, 2, 2, 1, 2, 4, 1, 1, 2, 2, 2, 4)]
    first, *rest = draw(st.sampled_from(shapes))
    return ".".join([part(first, low=1)] + [part(w) for w in rest])  # an akun or urusan is 1 to 9


@SETTINGS
@given(st.lists(apbd_codes(), min_size=1, max_size=3), st.sampled_from([" ", ", ", " - ", "; ", "\n"]),
       st.sampled_from(["", "2024 ", "1999 ", "Kode "]))
def test_apbd_codes_are_never_a_nik(codes, joint, before):
    cell = before + joint.join(codes)
    assert [kind for kind, _ in find(cell, region_codes())] == []


@SETTINGS
@given(st.lists(st.sampled_from(REGIONS), min_size=1, max_size=4), st.integers(1001, 2999),
       st.sampled_from([" ", ", ", " - ", "; "]))
def test_desa_codes_together_are_never_a_nik(regions, desa, joint):
    cell = joint.join(f"{r[:2]}.{r[2:4]}.{r[4:]}.{desa + i}" for i, r in enumerate(regions))
    assert [kind for kind in find(cell, region_codes()) if kind[0] == "nik"] == []


@SETTINGS
@given(st.floats(0, 1e9, allow_nan=False, allow_infinity=False), st.booleans())
def test_ratios_and_percentages_are_never_personal_data(ratio, comma):
    cell = repr(ratio).replace(".", ",") if comma else repr(ratio)
    assert list(find(cell, region_codes())) == []


@st.composite
def cells(draw):
    """Text around a NIK, a phone number, an e-mail or digits, in any script and spacing."""
    inner = draw(st.one_of(
        spelled_niks().map(lambda c: c[1]),
        st.sampled_from(["0812-3456-7890", "+62 812 3456 7890", "(0542) 7211 000", "x@y.co.id", "021 3456789"]),
        st.text(st.characters(codec="utf-8"), max_size=20),
        st.text(st.sampled_from("0123456789 .,-+()@\u00a0\u200b\uff10\uff18"), max_size=24),
    ))
    noise = st.text(st.characters(codec="utf-8"), max_size=6)
    return draw(noise) + inner + draw(noise)


@SETTINGS
@given(st.lists(cells(), min_size=1, max_size=10))
def test_the_prefilter_lets_through_every_cell_with_a_hit(values):
    regions = region_codes()
    flags = plausible(pa.chunked_array([pa.array(values, pa.string())])).to_pylist()
    for value, flag in zip(values, flags, strict=True):
        if list(find(value, regions)):
            assert flag, repr(value)
