"""The vectorised pre-filter: a superset of what the Python detectors can find, and little more."""

import re
import sys
import unicodedata

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.validate.pii import candidates
from pipelines.validate.pii_filter import fold_column, plausible
from pipelines.validate.pii_normal import fold_char


def test_every_character_that_folds_to_digits_or_an_at_sign_counts_in_the_filter():
    """Over all of Unicode: the digits and "@" the detectors read after folding a character are
    digits and "@" to the filter (pyarrow's NFKC, then \\p{Nd}) too."""
    chars = [chr(c) for c in range(sys.maxunicode + 1)
             if not 0xD800 <= c <= 0xDFFF and unicodedata.category(chr(c)) != "Cn"]
    normal = pc.utf8_normalize(pa.array(chars, pa.string()), form="NFKC")
    digits = pc.count_substring_regex(normal, r"\p{Nd}").to_pylist()
    ats = pc.match_substring(normal, "@").to_pylist()
    missed = [
        f"U+{ord(ch):04X}"
        for ch, n, at in zip(chars, digits, ats, strict=True)
        if len(re.findall(r"\d", fold_char(ch))) > n or ("@" in fold_char(ch) and not at)
    ]
    assert missed == []


def test_the_vectorised_fold_reads_every_character_as_python_does():
    """Over all of Unicode: pyarrow's fold of a character is pii_normal's, but for the digits of
    other scripts, which pyarrow leaves as they are."""
    chars = [chr(c) for c in range(sys.maxunicode + 1)
             if not 0xD800 <= c <= 0xDFFF and unicodedata.category(chr(c)) != "Cn"]
    folded = fold_column(pa.array(chars, pa.string())).to_pylist()

    def as_ascii(text):
        return "".join(str(unicodedata.decimal(ch)) if unicodedata.decimal(ch, None) is not None else ch for ch in text)

    assert [f"U+{ord(ch):04X}" for ch, v in zip(chars, folded, strict=True) if as_ascii(v) != fold_char(ch)] == []


def test_a_nik_with_non_breaking_spaces_reaches_python():
    cells = pa.array(["6409\u00a00145\u00a00790\u00a00001", "Desa Waru", "\u0666\u0664\u0660\u0669 \u0660\u0661\u0664"])
    assert plausible(cells).to_pylist() == [True, False, False]


def test_clean_counts_and_codes_do_not_reach_python_even_with_non_breaking_spaces():
    codes = pa.chunked_array([[f"64.09.0{k % 4 + 1}.{2001 + k % 50}" + "\u00a0" * (k % 2) for k in range(2000)]])
    amounts = pa.chunked_array([["1.234.567", "0,870431894", "5.1.02.01.01.0024", "Rp 1.234.567.890,50"] * 500])
    assert candidates(codes) == 0 and candidates(amounts) == 0


def test_phone_openings_inside_dotted_numbers_are_not_candidates_but_real_openings_are():
    cells = pa.array(["64.09.02.2003.1234", "Telp.0812 3456 7890", "HP/WA 0821 5555 0101", "(0542) 7211 000",
                      "+62 812-3456-7890", "1.02.02.2.01.0001", None])
    assert plausible(cells).to_pylist() == [False, True, True, True, True, False, False]
