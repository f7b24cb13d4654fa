"""Rules across periods: a value that changes too much since the previous period (year_on_year) and
a code whose name changed (name_changed).

The periods compared are the table's own (a file may hold 2018-2023) together with the previously
published ones (``history``, the same columns). Only rows of the officer's file are reported. The
series are lined up with pyarrow (sort by series then period), so a million rows take seconds.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

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
)
from pipelines.validate.rules.regions import NAME_PREFIX, NAME_STRIP


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


def _text(column: Any) -> Any:
    """Text for comparing keys: trimmed, single-spaced, lower case."""
    text = pc.cast(column, pa.string())
    return pc.utf8_lower(pc.replace_substring_regex(pc.utf8_trim_whitespace(text), r"\s+", " "))


def _sortable(column: Any) -> Any:
    """A period column as something that sorts in time order, whatever history typed it as."""
    if pa.types.is_integer(column.type) or pa.types.is_floating(column.type):
        return pc.cast(column, pa.float64())
    numeric = pc.match_substring_regex(column, r"^\s*\d+\s*$")
    return pc.cast(pc.if_else(numeric, pc.utf8_trim_whitespace(column), None), pa.float64())


def _part(
    ctx: RuleContext, table: pa.Table, rows: list[int] | None, by: list[str], value: Any, label: str | None
) -> pa.Table:
    periods = ctx.spec.period.columns
    n = table.num_rows
    columns = {
        "entity": pc.binary_join_element_wise(*[_text(_column(table, c)) for c in by], "\x1f"),
        "row": pa.array(rows if rows is not None else [-1] * n, pa.int64()),
        "value": value,
        "label": pc.cast(_column(table, label or by[0]), pa.string()),
        "ptext": pc.binary_join_element_wise(*[pc.cast(_column(table, c), pa.string()) for c in periods], "-"),
    }
    for i, c in enumerate(periods):
        columns[f"p{i}"] = _sortable(_column(table, c))
        columns[f"s{i}"] = pc.cast(_column(table, c), pa.string())
    return pa.table(columns)


def _column(table: pa.Table, name: str) -> Any:
    return table.column(name) if name in table.column_names else pa.nulls(table.num_rows, pa.string())


def _series(ctx: RuleContext, by: list[str], values: Any, label: str | None) -> pa.Table:
    """One table of (entity, periods, row, value, label), history first, sorted by series then
    period; rows without a series or a period are left out, and so are history rows of the
    periods the file itself holds (the file replaces them)."""
    current = _part(ctx, ctx.table, ctx.rows, by, values(ctx.table), label)
    parts = [current]
    if ctx.history is not None and ctx.history.num_rows:
        past = _part(ctx, ctx.history, None, by, values(ctx.history), label)
        past = past.filter(pc.invert(pc.fill_null(pc.is_in(past["ptext"], current["ptext"]), False)))
        parts.insert(0, past.cast(current.schema))
    table = pa.concat_tables(parts)
    table = table.filter(pc.and_(pc.is_valid(table["entity"]), pc.is_valid(table["ptext"])))
    keys = [("entity", "ascending")]
    for i in range(len(ctx.spec.period.columns)):
        keys += [(f"p{i}", "ascending"), (f"s{i}", "ascending")]
    return table.sort_by(keys)


def _pairs(series: pa.Table) -> np.ndarray:
    """Positions ``i`` (> 0) where row ``i`` and row ``i - 1`` are one series in two periods,
    and row ``i`` comes from the officer's file."""
    if series.num_rows < 2:
        return np.array([], dtype=np.int64)
    entity = series["entity"]
    same = pc.equal(entity.slice(1), entity.slice(0, series.num_rows - 1))
    other_period = pc.not_equal(series["ptext"].slice(1), series["ptext"].slice(0, series.num_rows - 1))
    in_file = pc.greater_equal(series["row"].slice(1), 0)
    mask = pc.fill_null(pc.and_(pc.and_(same, other_period), in_file), False)
    return np.flatnonzero(_numpy(mask)) + 1


def _numpy(array: Any) -> np.ndarray:
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.to_numpy(zero_copy_only=False)


def check_year_on_year(rule: Rule, ctx: RuleContext) -> list[Problem]:
    """``{check: year_on_year, column: jumlah, max_change: 0.3}``: a value that rose or fell by more
    than ``max_change`` (a fraction: 0.3 = 30 %) since the series' previous period."""
    column = ctx.require_column(rule.column or rule.params.get("value"), "column")
    if column not in ctx.numeric_columns():
        raise RuleConfigError(f"year_on_year needs a numeric column; {column!r} is not")
    limit = float(rule.params.get("max_change", 0.3))
    by = _entity_columns(rule, ctx, {column})
    series = _series(ctx, by, lambda t: ctx.number_array(column, t), ctx.label_column(set(by)))
    pairs = _pairs(series)
    value = _numpy(series["value"]).astype(float)
    before, now = value[pairs - 1], value[pairs]
    with np.errstate(divide="ignore", invalid="ignore"):
        change = (now - before) / np.abs(before)
    flagged = np.isfinite(change) & (np.abs(change) > limit)
    hits = ctx.within_limit(pairs[flagged].tolist())
    header = ctx.header(column)
    problems = []
    for i in hits:
        v0, v1 = float(value[i - 1]), float(value[i])
        p0, p1 = series["ptext"][i - 1].as_py(), series["ptext"][i].as_py()
        row, name, change_i = series["row"][i].as_py(), series["label"][i].as_py(), (v1 - v0) / abs(v0)
        up = change_i > 0
        problems.append(
            make_problem(
                rule,
                "change-too-large",
                row=row,
                column=header,
                value=v1,
                message_id=f"Baris {row}: '{header}' untuk {name} {'naik' if up else 'turun'} "
                f"{pct_id(abs(change_i))} dari {p0} ({fmt_id(v0)}) ke {p1} ({fmt_id(v1)}); "
                f"batas perubahan {pct_id(limit)}.",
                message_en=f"Row {row}: '{header}' for {name} {'rose' if up else 'fell'} "
                f"{pct_en(abs(change_i))} from {p0} ({fmt_en(v0)}) to {p1} ({fmt_en(v1)}); "
                f"the allowed change is {pct_en(limit)}.",
                hint_id="Periksa apakah ada digit yang hilang atau berlebih; bila angkanya benar, "
                "tuliskan penjelasannya di keterangan data.",
                hint_en="Check for a lost or extra digit; if the figure is right, explain the change "
                "in the dataset's notes.",
            )
        )
    return problems


def _name_key(column: Any) -> Any:
    text = pc.utf8_lower(pc.utf8_trim_whitespace(pc.cast(column, pa.string())))
    return pc.replace_substring_regex(pc.replace_substring_regex(text, NAME_PREFIX, ""), NAME_STRIP, "")


def check_name_changed(rule: Rule, ctx: RuleContext) -> list[Problem]:
    """``{check: name_changed, column: kode_kecamatan, name: kecamatan}``: the name written for a
    code differs from the name it had in the previous period (a typo, or a real renaming to note)."""
    code_column = ctx.require_column(rule.column, "column")
    name_column = ctx.require_column(rule.params.get("name"), "name")
    series = _series(ctx, [code_column], lambda t: _name_key(_column(t, name_column)), name_column)
    pairs = _pairs(series)
    if len(pairs):
        keys = series["value"]
        differs = pc.fill_null(pc.not_equal(pc.take(keys, pairs - 1), pc.take(keys, pairs)), False)
        pairs = pairs[_numpy(differs)]
    hits = ctx.within_limit(pairs.tolist())
    header = ctx.header(name_column)
    problems = []
    for i in hits:
        n0, n1 = series["label"][i - 1].as_py(), series["label"][i].as_py()
        p0, p1 = series["ptext"][i - 1].as_py(), series["ptext"][i].as_py()
        row, code = series["row"][i].as_py(), series["entity"][i].as_py()
        problems.append(
            make_problem(
                rule,
                "name-changed",
                row=row,
                column=header,
                value=n1,
                message_id=f"Baris {row}: kode {code} bernama '{n1}' pada {p1}, tetapi '{n0}' pada {p0}.",
                message_en=f"Row {row}: code {code} is named '{n1}' in {p1}, but was '{n0}' in {p0}.",
                hint_id="Bila ini salah ketik, samakan namanya; bila wilayahnya memang berganti nama, "
                "catat dasar hukumnya di keterangan data.",
                hint_en="If this is a typo, use the same name; if the unit was really renamed, note "
                "the legal basis in the dataset's notes.",
            )
        )
    return problems
