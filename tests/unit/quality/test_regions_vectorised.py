"""The region rules judge each distinct (period, code) and (code, name) once with Arrow; on generated
columns their problems equal those of the plain per-row reading they replaced (written out here)."""

from __future__ import annotations

import random

import pytest

from pipelines.reference import codes, normalize_code
from pipelines.validate.rules.regions import _accepted_names, name_key

from .conftest import make_spec

COLS = {"tahun": "integer", "kode": "string", "kecamatan": "string", "jumlah": "integer"}
REF = {"kode": {"reference": "kemendagri.desa", "within": "64.09"}}
DESA = codes("kemendagri.desa", "64.09")


def plain_completeness(data):
    """Per row, as before: every official desa of 64.09 in every year."""
    found = {}
    for year, code in zip(data["tahun"], data["kode"], strict=True):
        if code is not None:
            found.setdefault(None if year is None else (year,), set()).add(normalize_code(code, "kemendagri"))
    return sorted((sorted(set(DESA) - found[p]), p) for p in found if p is not None) + (
        [(sorted(set(DESA) - found[None]), None)] if None in found else [])


def plain_reference_name(data):
    """Per row, as before: the rows whose name is not the code's official name."""
    rows = []
    for i, (code, name) in enumerate(zip(data["kode"], data["kecamatan"], strict=True)):
        if code is None or name is None:
            continue
        known = _accepted_names(normalize_code(code, "kemendagri"), "kemendagri")
        if known is not None and name_key(name) not in known[1]:
            rows.append(i + 2)
    return rows


def generated(seed: int) -> dict[str, list]:
    rnd = random.Random(seed)
    pool = list(DESA.items())
    n = rnd.randint(0, 400)
    data = {"tahun": [], "kode": [], "kecamatan": [], "jumlah": []}
    for _ in range(n):
        code, name = rnd.choice(pool)
        spelled = rnd.choice([code, code.replace(".", ""), code.replace(".", ". "), None])
        written = rnd.choice([name, name.upper(), f"Desa {name}", "Nama Lain", None, f" {name.lower()} "])
        data["tahun"].append(rnd.choice([2023, 2024, 2024, None]))
        data["kode"].append(spelled)
        data["kecamatan"].append(written)
        data["jumlah"].append(1)
    return data


@pytest.mark.parametrize("seed", range(40))
def test_vectorised_region_rules_equal_the_plain_reading(run, seed):
    data = generated(seed)
    rules = [{"check": "completeness", "column": "kode"},
             {"check": "reference_name", "column": "kode", "name": "kecamatan"}]
    spec = make_spec(COLS, rules, extra=REF)
    problems = run(spec, data, flat=False)
    names = [p.row for p in problems if p.code == "region-name-mismatch"]
    assert names == plain_reference_name(data)
    missing = {}
    for p in problems:
        if p.code == "region-missing":
            missing.setdefault(p.message_en.rsplit("for period ", 1)[-1].rstrip(".") if "period" in p.message_en
                               else None, []).append(p.value)
    expected = {(str(p[0]) if p else None): sorted(miss) for miss, p in plain_completeness(data) if miss}
    assert {k: sorted(v) for k, v in missing.items()} == expected
