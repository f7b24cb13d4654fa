"""Totals and subtotal rows equal the sum of their parts.

The reader drops total rows (``JUMLAH``, a kabupaten row closing its kecamatan) before typing, and
hands them over as :class:`pipelines.read.Dropped` (``row`` 0-based in the file, ``reason``,
``values``). A subtotal closes the data rows between the previous total/subtotal and itself; a
total closes every data row since the previous total. When the table opens with a total row, the
totals head their groups instead and close the rows below them. A mismatch names the total row,
and, when one part explains the difference by a lost or extra digit (``1.123`` where ``11.230`` was
meant), that part's row in its hint.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

from pipelines.spec import DatasetSpec, Rule
from pipelines.validate.report import Problem
from pipelines.validate.rules.context import (
    RuleConfigError,
    RuleContext,
    fmt_en,
    fmt_id,
    make_problem,
    parse_number,
)

TOTAL_REASONS = ("total", "subtotal")


def dropped_columns(spec: DatasetSpec, source: Any) -> list[str | None]:
    """For the reader's table ``source`` (``.columns``: name and header per file column), the spec
    column each position of a dropped row's ``values`` belongs to: pass it to ``run_rules``."""
    from pipelines.typed import match_columns

    names = [c.name for c in source.columns]
    index = match_columns(spec, names, [c.header for c in source.columns])
    out: list[str | None] = [None] * len(names)
    for name, position in index.items():
        out[position] = name
    return out


def _aligned(item: Any, ctx: RuleContext) -> dict[str, Any] | None:
    """The dropped row's cells by spec column name, or ``None`` when they cannot be aligned."""
    values = getattr(item, "values", None)
    if isinstance(values, dict):
        return values
    if ctx.dropped_columns is None or values is None or len(values) != len(ctx.dropped_columns):
        return None
    return {name: v for name, v in zip(ctx.dropped_columns, values, strict=True) if name}


def _groups(totals: list[tuple[int, str]], rows: list[int]) -> list[list[int]]:
    """For each (file row, reason) of a total row, the indices of the data rows it closes."""
    order = sorted(range(len(rows)), key=rows.__getitem__)
    keys = [rows[i] for i in order]

    def between(low: float, high: float) -> list[int]:
        return sorted(order[bisect_right(keys, low) : bisect_left(keys, high)])

    # Totals close the rows above them, unless the table opens with one: then they head their rows.
    heads = bool(totals) and bool(rows) and totals[0][0] < keys[0]
    out = []
    for k, (at, reason) in enumerate(totals):
        if heads:
            later = [r for r, why in totals[k + 1 :] if reason == "subtotal" or why == "total"]
            out.append(between(at, later[0] if later else float("inf")))
            continue
        earlier = [r for r, why in totals[:k] if reason == "subtotal" or why == "total"]
        out.append(between(earlier[-1] if earlier else -1, at))
    return out


def _suspect(parts: list[int], column: list[float | None], difference: float) -> int | None:
    """The one part whose value, with a digit lost (x10) or added (/10), closes the difference."""
    hits = []
    for i in parts:
        v = column[i]
        if v is None or v == 0:
            continue
        if abs(v * 9 - difference) < 0.5 or abs(-v * 0.9 - difference) < 0.5:
            hits.append(i)
    return hits[0] if len(hits) == 1 else None


def check_totals(rule: Rule, ctx: RuleContext) -> list[Problem]:
    """``{check: totals, columns: [...], tolerance: 0}``: every dropped total/subtotal row equals
    the sum of the rows it closes, in each numeric column (or the ``columns`` given)."""
    cols = rule.params.get("columns") or ctx.numeric_columns()
    cols = [ctx.require_column(c, "columns") for c in ([cols] if isinstance(cols, str) else cols)]
    if not cols:
        raise RuleConfigError("totals needs numeric columns (or `columns`)")
    dropped = [d for d in ctx.dropped if getattr(d, "reason", None) in TOTAL_REASONS]
    if not dropped:
        return []
    aligned = [(d, _aligned(d, ctx)) for d in dropped]
    if any(cells is None for _, cells in aligned):
        return [
            make_problem(
                rule,
                "totals-not-checked",
                message_id="Baris jumlah/subtotal ada, tetapi kolomnya tidak dapat dicocokkan; "
                "kebenaran jumlah belum diperiksa.",
                message_en="Total/subtotal rows are present but their columns could not be aligned; "
                "the totals were not checked.",
                hint_id="Beri tahu walidata: pemeriksaan jumlah perlu susunan kolom baris yang dibuang.",
                hint_en="Tell the walidata: the totals check needs the column layout of the dropped rows.",
            )
        ]
    # Dropped rows count from 0 in the file; the table's rows are 1-based as the spreadsheet shows.
    totals = sorted(((d.row + 1, d.reason, cells) for d, cells in aligned), key=lambda t: t[0])
    groups = _groups([(r, why) for r, why, _ in totals], ctx.rows)
    numbers = {c: ctx.numbers(c) for c in cols}
    texts = [ctx.values(c.name) for c in ctx.spec.schema.columns if c.type == "string"]
    problems = []
    for (at, reason, cells), parts in zip(totals, groups, strict=True):
        if not parts:
            continue
        for c in cols:
            stated = parse_number(cells.get(c))
            if stated is None:
                continue
            summed = sum(v for v in (numbers[c][i] for i in parts) if v is not None)
            difference = stated - summed
            if abs(difference) <= rule.tolerance + 1e-9 * max(abs(stated), 1.0):
                continue
            first, last = ctx.rows[parts[0]], ctx.rows[parts[-1]]
            suspect = _suspect(parts, numbers[c], difference)
            hint_id = f"Periksa baris {first}-{last} pada kolom '{ctx.header(c)}' dan baris {reason} {at}."
            hint_en = f"Check rows {first}-{last} in column '{ctx.header(c)}' and the {reason} row {at}."
            if suspect is not None:
                v = numbers[c][suspect]
                meant = v * 10 if difference > 0 else v / 10
                label = " / ".join(str(t[suspect]) for t in texts if t[suspect])
                name = f" ({label})" if label else ""
                hint_id = (
                    f"Kemungkinan baris {ctx.rows[suspect]}{name}: {fmt_id(v)} seharusnya {fmt_id(meant)} "
                    "(satu digit hilang atau berlebih)."
                )
                hint_en = (
                    f"Probably row {ctx.rows[suspect]}{name}: {fmt_en(v)} should be {fmt_en(meant)} "
                    "(a digit lost or added)."
                )
            problems.append(
                make_problem(
                    rule,
                    "totals-mismatch",
                    row=at,
                    column=ctx.header(c),
                    value=cells.get(c),
                    message_id=f"Baris {at} ({reason}) menyatakan {fmt_id(stated)} pada kolom "
                    f"'{ctx.header(c)}', tetapi jumlah baris {first}-{last} adalah {fmt_id(summed)} "
                    f"(selisih {fmt_id(difference)}).",
                    message_en=f"Row {at} ({reason}) states {fmt_en(stated)} in column '{ctx.header(c)}', "
                    f"but rows {first}-{last} add up to {fmt_en(summed)} (difference {fmt_en(difference)}).",
                    hint_id=hint_id,
                    hint_en=hint_en,
                )
            )
    return problems
