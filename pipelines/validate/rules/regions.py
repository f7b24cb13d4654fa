"""Rules against the official region codes: every unit present in every period (completeness),
and a code and its name agreeing (reference_name)."""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.reference import (
    ReferenceError,
    codes,
    crosswalk,
    lookup,
    normalize_code,
    parse_reference,
)
from pipelines.spec import Rule
from pipelines.validate.report import Problem
from pipelines.validate.rules.context import RuleConfigError, RuleContext, make_problem, period_sort_key, period_text

# Words officers and the two code systems put before names: "KAB. BOGOR", "Kecamatan Waru", "DESA X"
# (patterns for lower-cased text, usable by both ``re`` and pyarrow).
NAME_PREFIX = r"^(kabupaten|kab\.?|kota|kecamatan|kec\.?|desa|kelurahan|kel\.?|provinsi|prov\.?)\s+"
NAME_STRIP = r"[^0-9a-z]+"
_PREFIX = re.compile(NAME_PREFIX)
_NOT_ALNUM = re.compile(NAME_STRIP)


def name_key(name: Any) -> str:
    """A name reduced to what matters: ``'  kab. Penajam  Paser-Utara'`` -> ``'penajampaserutara'``."""
    text = " ".join(str(name).split()).lower()
    return _NOT_ALNUM.sub("", _PREFIX.sub("", text))


def _reference_of(rule: Rule, ctx: RuleContext, column: str) -> tuple[str, str | None]:
    col = ctx.spec.schema.column(column)
    reference = rule.params.get("reference") or col.reference
    within = rule.params.get("within", col.within)
    if not reference:
        raise RuleConfigError(f"column {column!r} has no `reference` (and the rule gives none)")
    try:
        parse_reference(reference)
    except ReferenceError as exc:
        raise RuleConfigError(str(exc)) from None
    return reference, within


def _code_column(rule: Rule, ctx: RuleContext) -> str:
    if rule.column:
        return ctx.require_column(rule.column)
    for col in ctx.spec.schema.columns:
        if col.reference:
            return col.name
    raise RuleConfigError("the rule needs `column`: the column that holds the region codes")


def _distinct(table: pa.Table, columns: list[str]) -> list[tuple[Any, ...]]:
    """The distinct combinations of ``columns`` (nulls included), found by Arrow, not per row in Python."""
    if table.num_rows == 0:
        return []
    data = {f"c{i}": table.column(c) for i, c in enumerate(columns)}
    found = pa.table(data).group_by(list(data)).aggregate([])
    return list(zip(*(found.column(f"c{i}").to_pylist() for i in range(len(columns))), strict=True))


def _rows_with(table: pa.Table, values: dict[str, Any]) -> list[int]:
    """Positions of the rows holding exactly ``values`` (column -> value)."""
    mask = None
    for name, value in values.items():
        hit = pc.equal(table.column(name), pa.scalar(value, table.column(name).type))
        mask = hit if mask is None else pc.and_(mask, hit)
    return pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()


def distinct_pairs(ctx: RuleContext, column: str) -> list[tuple[tuple[Any, ...] | None, Any]]:
    """Each distinct (period, value of ``column``) of the table, the period as
    :meth:`RuleContext.periods` words it (``None`` when a period column is empty or absent)."""
    keys = list(ctx.spec.period.columns)
    if not keys or any(k not in ctx.table.column_names for k in keys):
        return [(None, code) for (code,) in _distinct(ctx.table, [column])]
    return [(None if None in period else tuple(period), code)
            for *period, code in _distinct(ctx.table, [*keys, column])]


def check_completeness(rule: Rule, ctx: RuleContext) -> list[Problem]:
    """``{check: completeness, column: kode_kecamatan}``: every code of the column's reference within
    its parent appears in every period of the table (e.g. all 4 kecamatan of 64.09 in each year)."""
    column = _code_column(rule, ctx)
    reference, within = _reference_of(rule, ctx, column)
    system, level = parse_reference(reference)
    try:
        expected = codes(reference, within)
    except ReferenceError as exc:
        raise RuleConfigError(str(exc)) from None
    found: dict[Any, set[str]] = {}
    for period, code in distinct_pairs(ctx, column):
        if code is not None:
            found.setdefault(period, set()).add(normalize_code(code, system))
    header = ctx.header(column)
    problems = []
    for period in sorted(found, key=period_sort_key):
        for code in sorted(set(expected) - found[period]):
            name = expected[code]
            in_id = f" untuk periode {period_text(period)}" if period is not None else ""
            in_en = f" for period {period_text(period)}" if period is not None else ""
            problems.append(
                make_problem(
                    rule,
                    "region-missing",
                    column=header,
                    value=code,
                    message_id=f"{level.capitalize()} {code} ({name}) tidak ada di kolom '{header}'{in_id}.",
                    message_en=f"{level.capitalize()} {code} ({name}) is missing from column '{header}'{in_en}.",
                    hint_id=f"Tambahkan baris untuk {name} ({code}); isi 0 bila memang tidak ada kejadian.",
                    hint_en=f"Add a row for {name} ({code}); enter 0 if there really was nothing to count.",
                )
            )
    return problems


def _accepted_names(code: str, system: str) -> tuple[str, set[str]] | None:
    """The official name of a code, and the name keys accepted for it: its own system's name and
    the names of the same unit in the other system, found through the crosswalk."""
    unit = lookup(code, system)
    if unit is None:
        return None
    other = "bps" if system == "kemendagri" else "kemendagri"
    keys = {name_key(unit.name)}
    for twin in crosswalk(unit.code, to=other):
        match = lookup(twin, other)
        if match is not None:
            keys.add(name_key(match.name))
    return unit.name, keys


def check_reference_name(rule: Rule, ctx: RuleContext) -> list[Problem]:
    """``{check: reference_name, column: kode_kecamatan, name: kecamatan}``: the name written next
    to a code is that code's official name (case, spacing, punctuation and prefixes such as "Kab."
    do not matter). Unknown codes are left to the reference-code check."""
    column = _code_column(rule, ctx)
    name_column = ctx.require_column(rule.params.get("name"), "name")
    reference, _within = _reference_of(rule, ctx, column)
    system, _level = parse_reference(reference)
    cache: dict[str, tuple[str, set[str]] | None] = {}
    header = ctx.header(name_column)
    wrong = []  # (code as written, name): each distinct pair is judged once
    for code_text, name in _distinct(ctx.table, [column, name_column]):
        if code_text is None or name is None:
            continue
        code = normalize_code(code_text, system)
        if code not in cache:
            cache[code] = _accepted_names(code, system)
        known = cache[code]
        if known is not None and name_key(name) not in known[1]:
            wrong.append((code_text, name, code, known[0]))
    hits = []
    for code_text, name, code, official in wrong:
        for i in _rows_with(ctx.table, {column: code_text, name_column: name}):
            hits.append((i, name, code, official))
    problems = []
    for i, name, code, official in sorted(hits, key=lambda hit: hit[0]):
        where = ctx.rows[i]
        problems.append(
            make_problem(
                rule,
                "region-name-mismatch",
                row=where,
                column=header,
                value=name,
                message_id=f"Baris {where}: nama '{name}' tidak sesuai dengan kode {code}; nama resminya '{official}'.",
                message_en=f"Row {where}: the name '{name}' does not match code {code}; "
                f"its official name is '{official}'.",
                hint_id=f"Periksa kode {code} pada baris {where}; bila kodenya benar, tulis nama '{official}'.",
                hint_en=f"Check code {code} on row {where}; if the code is right, write the name '{official}'.",
            )
        )
    return problems
