"""Guess each column's type from its text (on a sample for big tables), and repair numbers that
a spreadsheet stored as decimals although the officer typed thousands (``167.228`` for 167,228)."""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.read.cells import chunks, take
from pipelines.read.values import cast_column

CODE_HEADER = re.compile(
    r"\b(kode|kd|code|nik|nip|npsn|nuptk|nisn|nis|kodepos|telepon|telp|hp|wa|rekening|rek|npwp|nib)\b"
    # written together, as in exports: kodekec, kdkab, idkec, id_desa (an id of a region is a code)
    r"|\b(kode|kd|id)\s?(prov|provinsi|kab|kabupaten|kota|kabkot|kabkota|kako|kec|kecamatan|desa|kel|kelurahan|"
    r"deskel|wil|wilayah|sekolah|sls|bps|dagri|kemendagri)\b",
    re.I,
)
# Headers of quantities that really have decimals: never "repaired" into thousands.
DECIMAL_HEADER = re.compile(
    r"(%|persen|rasio|ratio|rata|indeks|index|\bipm\b|luas|\bkm|\bha\b|hektar|skor|ribu|juta|"
    r"\blat|\blon|\blng|lintang|bujur|koordinat|"
    r"miliar|milyar|triliun|"
    r"nilai|tinggi|berat|suhu|curah|kepadatan|density|pertumbuhan|laju|angka)",
    re.I,
)
# A column whose header opens with one of these words numbers or names things (No, Nomor Registrasi,
# ID Desa, Kode, Register): its values are codes, however much they look like quantities.
CODE_FIRST_WORD = re.compile(
    r"^\W*(no|nomor|nomer|nmr|noreg|id|kode|kd|register|registrasi|reg)\b|\bregist(er|rasi)\b", re.I
)
# No count or rupiah amount of a regency has more digits than this; a longer digit string is a code.
QUANTITY_DIGITS = 15
# Digit strings this long, all of one length and not round, are identifiers (a 13-digit register).
CODE_WIDTH = 9
SAMPLE = 4_000


def sample_positions(n: int) -> np.ndarray:
    """The rows a column of ``n`` is judged on: all of a small one; of a big one the first 1,500,
    2,000 spread evenly, the last 500."""
    if n <= SAMPLE:
        return np.arange(n)
    middle = np.unique(np.linspace(1500, n - 500, 2000, dtype=np.int64))
    return np.concatenate([np.arange(1500), middle[middle < n - 500], np.arange(n - 500, n)])


def sample(arr: pa.Array) -> pa.Array:
    """The cells at :func:`sample_positions` (head and tail as slices: no copy)."""
    n = len(arr)
    if n <= SAMPLE:
        return arr
    middle = sample_positions(n)[1500:-500]
    parts = [arr.slice(0, 1500), take(arr, middle), arr.slice(n - 500, 500)]
    return pa.concat_arrays([c for part in parts for c in chunks(part)])


def is_text_label(arr: pa.Array, header: str) -> bool:
    """A text column that names things (kecamatan, desa), not a code: where totals are labelled."""
    if CODE_HEADER.search(header.replace("_", " ")):
        return False
    values = pc.drop_null(sample(arr))
    return len(values) > 0 and pc.any(pc.match_substring_regex(values, r"[A-Za-z]{2}")).as_py()


def is_code_header(header: str) -> bool:
    spaced = header.replace("_", " ")
    return bool(CODE_HEADER.search(spaced) or CODE_FIRST_WORD.search(spaced))


def looks_like_codes(values: pa.Array) -> bool:
    """Digit strings that are identifiers, not quantities: a leading zero, more digits than any
    quantity has, or long ones all of one width and not round (``3201190006``, a 13-digit register)."""
    digits = pc.match_substring_regex(values, r"^\d+$")
    if not pc.any(digits).as_py():
        return False
    if pc.any(pc.match_substring_regex(values, r"^0\d+$")).as_py():
        return True
    bare = pc.filter(values, digits)
    widths = pc.utf8_length(bare)
    if pc.max(widths).as_py() > QUANTITY_DIGITS:
        return True
    if len(bare) < len(values) or len(pc.unique(bare)) < 2 or pc.min(widths).as_py() < CODE_WIDTH:
        return False
    return pc.min(widths).as_py() == pc.max(widths).as_py() and not pc.all(
        pc.match_substring_regex(bare, r"000$")
    ).as_py()


def infer_type(arr: pa.Array, header: str) -> str:
    values = pc.drop_null(sample(arr))
    if len(values) == 0:
        return "string"
    if is_code_header(header):
        return "string"
    if looks_like_codes(values):
        return "string"
    if pc.any(pc.match_substring_regex(values, r"^\d+(\s*\.\s*\d+){2,}$")).as_py() and not pc.all(
        pc.match_substring_regex(values, r"^\d{1,3}(\.\d{3})+$")
    ).as_py():
        return "string"  # 32.04.05: a region code
    numberish = pc.all(pc.match_substring_regex(values, r"^(?i:rp\.?)?[\s\d.,%+\-()eE]+$")).as_py()
    if numberish:
        for kind in ("integer", "number"):
            cast = cast_column(values, kind, header=header)
            if cast.ambiguous:
                return "string"  # read two ways that cannot both be right: the text is kept
            if not cast.bad:
                return kind
    datish = pc.all(pc.match_substring_regex(
        values, r"^\D{0,12}\d{1,4}[\s/.\-,]+\S+[\s/.\-,]+\d{2,4}\b|^[A-Za-z]{3,9}\.?\s+(19|20)\d\d$"  # or Maret 2026
    )).as_py()
    if datish and not cast_column(values, "date").bad:
        return "date"
    words = pc.utf8_lower(values)
    if not pc.all(pc.is_in(words, value_set=pa.array(["0", "1"]))).as_py() and not cast_column(values, "boolean").bad:
        return "boolean"
    return "string"


def misread_thousands(arr: pa.Array, header: str) -> str | None:
    """How a column of small dot-decimals that are really thousands was written, or None.

    ``"all"``: every value between 1 and 999.999 with at most three decimals, nearly all with a
    decimal point, most with exactly three (trailing zeros were lost: ``50.36`` was 50.360).
    ``"dotted"``: whole numbers typed the Indonesian way into number cells, small ones bare
    (``686``), big ones with a dot the spreadsheet took for a decimal point (``1.474``), some of
    those shortened (``1.49`` for 1.490); read as they stand, the shortened ones would turn the
    whole column into small decimals. Only the dotted values are repaired then."""
    if DECIMAL_HEADER.search(header):
        return None
    values = pc.drop_null(sample(arr))
    if len(values) < 3 or not pc.all(pc.match_substring_regex(values, r"^(0|[1-9]\d{0,2}(\.\d{1,3})?)$")).as_py():
        return None  # (a count of 0 is as likely as any other)
    dotted = pc.filter(values, pc.match_substring_regex(values, r"\."))
    if len(dotted) < 3:
        return None
    three = pc.sum(pc.cast(pc.match_substring_regex(dotted, r"\.\d{3}$"), pa.int64())).as_py()
    # all with three decimals reads the same as Indonesian thousands text: nothing to repair
    if not 0.6 * len(dotted) <= three < len(dotted):
        return None
    if len(dotted) >= 0.95 * len(values):
        return "all"
    return "dotted" if len(values) >= 4 else None


def times_thousand_dotted(arr: pa.Array) -> pa.Array:
    """``1.49`` -> ``1490``, ``1.474`` -> ``1474``; values without a dot stay as they are."""
    dotted = pc.fill_null(pc.match_substring_regex(arr, r"^\d+\.\d{1,3}$"), False)
    return pc.if_else(dotted, times_thousand(arr), arr)


def times_thousand(arr: pa.Array) -> pa.Array:
    """``167.228`` -> ``167228``, ``50.36`` -> ``50360``, ``5`` -> ``5000``."""
    parts = pc.extract_regex(arr, r"^(?P<i>\d+)(?:\.(?P<f>\d{1,3}))?$")
    whole = pc.struct_field(parts, "i")
    frac = pc.utf8_rpad(pc.fill_null(pc.struct_field(parts, "f"), ""), width=3, padding="0")
    joined = pc.binary_join_element_wise(whole, frac, "")
    return pc.if_else(pc.is_valid(arr), pc.replace_substring_regex(joined, r"^0+(\d)", r"\1"), arr)
