"""The checks in words an officer reads: "Laki-laki + Perempuan = Jumlah", "Kode kecamatan ada dalam
daftar resmi Kemendagri", never an expectation's name or a rule's code.

:func:`rule_title` names the group a problem belongs to (its ``rule``); :func:`checked_list` lists
what a file was checked against, from its spec, for the answer's "what was checked" part.
"""

from __future__ import annotations

import re

from pipelines.spec import Column, DatasetSpec, Rule

Words = tuple[str, str]  # (Indonesian, English)

FIXED: dict[str, Words] = {
    "read": ("Berkas dapat dibaca", "The file can be read"),
    "schema": ("Kolom yang diperlukan ada dan isinya sesuai jenisnya",
               "The required columns are there and their cells are of their type"),
    "period": ("Periode data terisi pada setiap baris", "The data period is filled in on every row"),
    "pii": ("Tidak ada data pribadi (NIK, nomor KK, NPWP, telepon, e-mail)",
            "No personal data (NIK, family card number, NPWP, phone, e-mail)"),
    "match": ("Berkas cocok dengan sebuah dataset", "The file fits a dataset"),
    "inbox": ("Berkas diterima oleh kotak masuk", "The file is taken in by the inbox"),
    "run": ("Berkas diproses dan diterbitkan", "The file is processed and published"),
    "expect_column_to_exist": ("Kolom yang diperlukan ada", "The required columns are there"),
    "expect_column_values_to_be_in_type_list": ("Isi kolom sesuai jenisnya (angka, tanggal, teks)",
                                                "Cells are of their column's type (number, date, text)"),
    "expect_column_values_to_not_be_null": ("Kolom wajib terisi", "Required cells are filled in"),
    "expect_column_values_to_be_between": ("Angka dalam batas yang wajar", "Figures within their allowed range"),
    "expect_column_values_to_be_in_set": ("Isian dari daftar yang diizinkan", "Values from the allowed list"),
    "expect_column_values_to_match_regex": ("Isian sesuai bentuk yang ditentukan", "Values in the required form"),
    "expect_compound_columns_to_be_unique": ("Tidak ada baris ganda", "No duplicate rows"),
    "expect_column_values_to_be_unique": ("Tidak ada baris ganda", "No duplicate rows"),
    "expect_satudata_reference": ("Kode wilayah ada dalam daftar resmi", "Region codes are in the official list"),
    "unique": ("Tidak ada baris ganda", "No duplicate rows"),
    "row_count": ("Jumlah baris sesuai", "The number of rows is as expected"),
    "totals": ("Baris jumlah sama dengan jumlah rinciannya", "Total rows equal the sum of their parts"),
    "completeness": ("Setiap wilayah ada pada setiap periode", "Every region is there in every period"),
    "reference_name": ("Nama wilayah sesuai dengan kodenya", "Region names match their codes"),
    "year_on_year": ("Perubahan dari periode sebelumnya wajar", "Change from the previous period is plausible"),
    "name_changed": ("Nama tidak berubah dari periode sebelumnya", "Names unchanged from the previous period"),
}
SYSTEM_NAMES = {"kemendagri": "Kemendagri", "bps": "BPS"}
LEVEL_WORDS = {"provinsi": ("provinsi", "province"), "kabupaten": ("kabupaten/kota", "regency/city"),
               "kecamatan": ("kecamatan", "district"), "desa": ("desa/kelurahan", "village")}
_IDENT = re.compile(r"[a-z_][a-z0-9_]*")


def column_label(col: Column) -> str:
    """How an officer knows a column: the first header spelling the spec lists, else its name in words."""
    if col.headers:
        return col.headers[0]
    return col.name.replace("_", " ").capitalize()


def expression_words(check: str, spec: DatasetSpec | None) -> str:
    """``laki_laki + perempuan == jumlah`` -> ``Laki-laki + Perempuan = Jumlah``."""
    labels = {c.name: column_label(c) for c in spec.schema.columns} if spec else {}
    text = _IDENT.sub(lambda m: labels.get(m.group(0), m.group(0).replace("_", " ").capitalize()), check)
    return text.replace("==", "=").replace("!=", "≠").replace(">=", "≥").replace("<=", "≤")


def rule_title(rule: str | None, spec: DatasetSpec | None = None) -> Words:
    """The group heading of a problem found by ``rule`` (a rule kind, an expression, an expectation)."""
    if not rule:
        return ("Pemeriksaan lain", "Other checks")
    if rule in FIXED:
        return FIXED[rule]
    if any(op in rule for op in ("==", "!=", ">=", "<=", "<", ">", "+", "-", "*", "/")):
        words = expression_words(rule, spec)
        return (words, words)
    if rule.startswith("expect_"):
        return ("Pemeriksaan kolom", "Column check")
    return (rule.replace("_", " ").capitalize(), rule.replace("_", " ").capitalize())


CODE_TITLES: dict[str, Words] = {
    "code-not-in-reference": ("Kode wilayah ada dalam daftar resmi", "Region codes are in the official list"),
    "missing-column": FIXED["expect_column_to_exist"],
    "wrong-type": FIXED["expect_column_values_to_be_in_type_list"],
    "ambiguous-number": FIXED["expect_column_values_to_be_in_type_list"],
}


def problem_title(code: str, rule: str | None, spec: DatasetSpec | None = None) -> Words:
    """The heading of the group a problem is shown in: by its code where the code says more than
    the machinery that found it (a reference check runs as a GX set expectation)."""
    if code in CODE_TITLES:
        return CODE_TITLES[code]
    if code.startswith("pii-"):
        return FIXED["pii"]
    return rule_title(rule, spec)


def _reference_words(col: Column) -> Words:
    system, _, level = (col.reference or "").partition(".")
    lid, len_ = LEVEL_WORDS.get(level, (level, level))
    within = f" {col.within}" if col.within else ""
    who = SYSTEM_NAMES.get(system, system)
    return (f"Kode {lid} di kolom '{column_label(col)}' ada dalam daftar resmi {who}{within}",
            f"{len_.capitalize()} codes in column '{column_label(col)}' are in the official {who} list{within}")


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _column_checks(col: Column) -> list[Words]:
    """One line per column for its own rules (required, bounds, allowed values), one for its codes."""
    label = column_label(col)
    parts: list[Words] = []
    if col.required:
        parts.append(("wajib terisi", "required"))
    if col.min is not None and col.max is not None:
        parts.append((f"antara {_num(col.min)} dan {_num(col.max)}", f"between {_num(col.min)} and {_num(col.max)}"))
    elif col.min is not None:
        parts.append((f"tidak kurang dari {_num(col.min)}", f"not below {_num(col.min)}"))
    elif col.max is not None:
        parts.append((f"tidak lebih dari {_num(col.max)}", f"not above {_num(col.max)}"))
    if col.allowed:
        shown = ", ".join(str(a) for a in col.allowed[:6]) + (", ..." if len(col.allowed) > 6 else "")
        parts.append((f"salah satu dari: {shown}", f"one of: {shown}"))
    out: list[Words] = []
    if parts:
        out.append((f"'{label}': " + ", ".join(p[0] for p in parts), f"'{label}': " + ", ".join(p[1] for p in parts)))
    if col.reference:
        out.append(_reference_words(col))
    return out


def _rule_words(rule: Rule, spec: DatasetSpec) -> Words:
    title = rule_title(rule.check, spec)
    columns = rule.params.get("columns")
    if rule.check == "unique" and columns:
        names = {c.name: column_label(c) for c in spec.schema.columns}
        keys = " + ".join(names.get(c, c) for c in columns)
        return (f"{title[0]} ({keys})", f"{title[1]} ({keys})")
    known = {c.name for c in spec.schema.columns}
    column = spec.schema.column(rule.column) if rule.column in known else None
    if column is not None and rule.check in ("year_on_year", "completeness", "reference_name", "name_changed"):
        return (f"{title[0]} ('{column_label(column)}')", f"{title[1]} ('{column_label(column)}')")
    return title


def checked_list(spec: DatasetSpec) -> list[Words]:
    """What a file of this dataset is checked against, in the order an officer would read it."""
    out: list[Words] = [FIXED["read"], FIXED["schema"], FIXED["pii"], FIXED["period"]]
    for col in spec.schema.columns:
        out.extend(_column_checks(col))
    if spec.schema.key:
        keys = " + ".join(column_label(spec.schema.column(k)) for k in spec.schema.key)
        out.append((f"Tidak ada baris ganda ({keys})", f"No duplicate rows ({keys})"))
    for rule in spec.rules:
        words = _rule_words(rule, spec)
        if words not in out:
            out.append(words)
    return out
