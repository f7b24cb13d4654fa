"""Rules about the table as a whole: unique combinations of columns and expected row counts."""

from __future__ import annotations

from collections import Counter

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.spec import Rule
from pipelines.validate.report import Problem
from pipelines.validate.rules.context import RuleConfigError, RuleContext, make_problem, period_sort_key, period_text


def _columns_param(rule: Rule, ctx: RuleContext) -> list[str]:
    cols = rule.params.get("columns") or ([rule.column] if rule.column else list(ctx.spec.schema.key))
    if isinstance(cols, str):
        cols = [cols]
    if not cols:
        raise RuleConfigError("the rule needs `columns` (or the spec needs a schema key)")
    return [ctx.require_column(c, "columns") for c in cols]


def _key_text(table: pa.Table, cols: list[str]) -> pa.ChunkedArray:
    """One text per row for the combination of ``cols``: trimmed and lower-cased, null if any part is."""
    parts = []
    for c in cols:
        text = pc.cast(table.column(c), pa.string())
        parts.append(pc.utf8_lower(pc.utf8_trim_whitespace(text)))
    return pc.binary_join_element_wise(*parts, "\x1f")


def check_unique(rule: Rule, ctx: RuleContext) -> list[Problem]:
    """``{check: unique, columns: [tahun, kode_kecamatan]}``: no combination appears twice.
    Each repeat is reported on its own row and names the row it repeats."""
    cols = _columns_param(rule, ctx)
    keys = _key_text(ctx.table, cols)
    counts = pc.value_counts(keys)
    repeated = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
    repeated = pc.drop_null(repeated)
    if len(repeated) == 0:
        return []
    positions = pc.indices_nonzero(pc.fill_null(pc.is_in(keys, repeated), False)).to_pylist()
    key_of = pc.take(keys, positions).to_pylist()
    shown_of = list(zip(*(pc.take(ctx.table.column(c), positions).to_pylist() for c in cols), strict=True))
    headers = [ctx.header(c) for c in cols]
    joined = " + ".join(f"'{h}'" for h in headers)
    first: dict[str, int] = {}
    repeats = []
    for i, key, parts in zip(positions, key_of, shown_of, strict=True):
        if key not in first:
            first[key] = ctx.rows[i]
        else:
            repeats.append((i, key, parts))
    problems = []
    for i, key, parts in ctx.within_limit(repeats):
        shown = ", ".join(str(k) for k in parts)
        where, seen = ctx.rows[i], first[key]
        problems.append(
            make_problem(
                rule,
                "duplicate-rows",
                row=where,
                column=headers[-1],
                value=shown,
                message_id=f"Baris {where}: kombinasi {joined} = ({shown}) sudah ada di baris {seen}.",
                message_en=f"Row {where}: the combination {joined} = ({shown}) already appears on row {seen}.",
                hint_id=f"Hapus baris ganda, atau perbaiki nilai {joined} pada baris {where}.",
                hint_en=f"Delete the duplicate row, or correct {joined} on row {where}.",
            )
        )
    return problems


def _bound(rule: Rule, name: str) -> int | None:
    value = rule.params.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleConfigError(f"`{name}` must be a whole number >= 0")
    return value


def check_row_count(rule: Rule, ctx: RuleContext) -> list[Problem]:
    """``{check: row_count, exactly: 4, per_period: true}`` (or ``min``/``max``): how many rows the
    table (or each period of it) holds, e.g. exactly the 4 kecamatan of Penajam Paser Utara."""
    exactly, low, high = _bound(rule, "exactly"), _bound(rule, "min"), _bound(rule, "max")
    if exactly is None and low is None and high is None:
        raise RuleConfigError("row_count needs `exactly`, `min` or `max`")
    if exactly is not None:
        low = high = exactly
    if rule.params.get("per_period"):
        counts = Counter(ctx.periods())
        groups = [(p, n) for p, n in sorted(counts.items(), key=lambda kv: period_sort_key(kv[0])) if p is not None]
    else:
        groups = [(None, ctx.table.num_rows)]
    problems = []
    for period, n in groups:
        if (low is None or n >= low) and (high is None or n <= high):
            continue
        if exactly is not None:
            want_id, want_en = f"tepat {exactly}", f"exactly {exactly}"
        elif low is not None and n < low:
            want_id, want_en = f"paling sedikit {low}", f"at least {low}"
        else:
            want_id, want_en = f"paling banyak {high}", f"at most {high}"
        in_id = f" untuk periode {period_text(period)}" if period else ""
        in_en = f" for period {period_text(period)}" if period else ""
        problems.append(
            make_problem(
                rule,
                "row-count",
                value=str(n),
                message_id=f"Tabel berisi {n} baris data{in_id}; seharusnya {want_id}.",
                message_en=f"The table holds {n} data rows{in_en}; it should hold {want_en}.",
                hint_id="Periksa apakah ada baris yang hilang, ganda, atau baris lain yang ikut terbaca.",
                hint_en="Check for missing or duplicated rows, or rows that do not belong to the table.",
            )
        )
    return problems
