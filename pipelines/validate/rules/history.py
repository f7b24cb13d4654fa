"""Rules across periods: a value that changes too much since the previous period (year_on_year) and
a code whose name changed (name_changed).

The periods compared are the table's own (a file may hold 2018-2023) together with the previously
published ones (``history``, the same columns). Only rows of the officer's file are reported.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from pipelines.spec import Rule
from pipelines.validate.report import Problem
from pipelines.validate.rules.context import (
    RuleConfigError,
    RuleContext,
    fmt_en,
    fmt_id,
    make_problem,
    pct_en,
    pct_id,
    period_sort_key,
    period_text,
)
from pipelines.validate.rules.regions import name_key


def _entity_columns(rule: Rule, ctx: RuleContext, exclude: set[str]) -> list[str]:
    by = rule.params.get("by")
    if isinstance(by, str):
        by = [by]
    if not by:
        period = set(ctx.spec.period.columns)
        by = [k for k in ctx.spec.schema.key if k not in period and k not in exclude]
    if not by:
        raise RuleConfigError("the rule needs `by` (the columns naming a series), or a schema key")
    return [ctx.require_column(c, "by") for c in by]


def _norm(value: Any) -> Any:
    return " ".join(value.split()).casefold() if isinstance(value, str) else value


# One observation: (period, entity, row in the file or None for history, value, label)
Observation = tuple[tuple[Any, ...], tuple[Any, ...], int | None, Any, Any]


def _observations(ctx: RuleContext, by: list[str], column: str, label: str | None) -> list[Observation]:
    """History rows first (periods the file does not hold), then the file's rows."""
    out: list[Observation] = []
    current = set(p for p in ctx.periods() if p is not None)
    sources: list[tuple[pa.Table, list[int] | None]] = []
    if ctx.history is not None and ctx.history.num_rows:
        sources.append((ctx.history, None))
    sources.append((ctx.table, ctx.rows))
    for table, rows in sources:
        periods = ctx.periods(table)
        keys = list(zip(*(ctx.values(c, table) for c in by), strict=True))
        values = ctx.numbers(column, table) if column in ctx.numeric_columns() else ctx.values(column, table)
        labels = ctx.values(label, table) if label else [None] * table.num_rows
        for i, period in enumerate(periods):
            if period is None or None in keys[i] or (rows is None and period in current):
                continue
            entity = tuple(_norm(k) for k in keys[i])
            out.append((period, entity, None if rows is None else rows[i], values[i], labels[i] or keys[i][0]))
    return out


def _series(observations: list[Observation]) -> dict[tuple[Any, ...], list[Observation]]:
    series: dict[tuple[Any, ...], list[Observation]] = {}
    for obs in observations:
        series.setdefault(obs[1], []).append(obs)
    for items in series.values():
        items.sort(key=lambda o: period_sort_key(o[0]))
    return series


def check_year_on_year(rule: Rule, ctx: RuleContext) -> list[Problem]:
    """``{check: year_on_year, column: jumlah, max_change: 0.3}``: a value that rose or fell by more
    than ``max_change`` (a fraction: 0.3 = 30 %) since the series' previous period."""
    column = ctx.require_column(rule.column or rule.params.get("value"), "column")
    if column not in ctx.numeric_columns():
        raise RuleConfigError(f"year_on_year needs a numeric column; {column!r} is not")
    limit = float(rule.params.get("max_change", 0.3))
    by = _entity_columns(rule, ctx, {column})
    label = ctx.label_column(set(by))
    header = ctx.header(column)
    problems = []
    for items in _series(_observations(ctx, by, column, label)).values():
        for before, now in zip(items, items[1:], strict=False):
            (p0, _, _, v0, _), (p1, _, row, v1, name) = before, now
            if row is None or v0 is None or v1 is None or v0 == 0 or p0 == p1:
                continue
            change = (v1 - v0) / abs(v0)
            if abs(change) <= limit:
                continue
            up = change > 0
            problems.append(
                make_problem(
                    rule,
                    "change-too-large",
                    row=row,
                    column=header,
                    value=v1,
                    message_id=f"Baris {row}: '{header}' untuk {name} {'naik' if up else 'turun'} "
                    f"{pct_id(abs(change))} dari {period_text(p0)} ({fmt_id(v0)}) ke {period_text(p1)} "
                    f"({fmt_id(v1)}); batas perubahan {pct_id(limit)}.",
                    message_en=f"Row {row}: '{header}' for {name} {'rose' if up else 'fell'} "
                    f"{pct_en(abs(change))} from {period_text(p0)} ({fmt_en(v0)}) to {period_text(p1)} "
                    f"({fmt_en(v1)}); the allowed change is {pct_en(limit)}.",
                    hint_id="Periksa apakah ada digit yang hilang atau berlebih; bila angkanya benar, "
                    "tuliskan penjelasannya di keterangan data.",
                    hint_en="Check for a lost or extra digit; if the figure is right, explain the change "
                    "in the dataset's notes.",
                )
            )
    return problems


def check_name_changed(rule: Rule, ctx: RuleContext) -> list[Problem]:
    """``{check: name_changed, column: kode_kecamatan, name: kecamatan}``: the name written for a
    code differs from the name it had in the previous period (a typo, or a real renaming to note)."""
    code_column = ctx.require_column(rule.column, "column")
    name_column = ctx.require_column(rule.params.get("name"), "name")
    header = ctx.header(name_column)
    problems = []
    for items in _series(_observations(ctx, [code_column], name_column, None)).values():
        for before, now in zip(items, items[1:], strict=False):
            (p0, code, _, n0, _), (p1, _, row, n1, _) = before, now
            if row is None or n0 is None or n1 is None or p0 == p1 or name_key(n0) == name_key(n1):
                continue
            problems.append(
                make_problem(
                    rule,
                    "name-changed",
                    row=row,
                    column=header,
                    value=n1,
                    message_id=f"Baris {row}: kode {code[0]} bernama '{n1}' pada {period_text(p1)}, "
                    f"tetapi '{n0}' pada {period_text(p0)}.",
                    message_en=f"Row {row}: code {code[0]} is named '{n1}' in {period_text(p1)}, "
                    f"but was '{n0}' in {period_text(p0)}.",
                    hint_id="Bila ini salah ketik, samakan namanya; bila wilayahnya memang berganti nama, "
                    "catat dasar hukumnya di keterangan data.",
                    hint_en="If this is a typo, use the same name; if the unit was really renamed, note "
                    "the legal basis in the dataset's notes.",
                )
            )
    return problems
