"""The quality rules a spec declares under ``rules:``, run on a typed table.

``check`` is either an arithmetic rule between columns (``"laki_laki + perempuan == jumlah"``) or a
rule kind with its own parameters:

=================  ==========================================================  =======================
kind               parameters                                                  problem code
=================  ==========================================================  =======================
(expression)       ``tolerance``                                               cross-field-mismatch
``unique``         ``columns`` (default: the schema key)                       duplicate-rows
``row_count``      ``exactly`` / ``min`` / ``max``, ``per_period``             row-count
``totals``         ``columns`` (default: numeric columns), ``tolerance``       totals-mismatch
``completeness``   ``column`` (codes), ``reference``/``within`` (from spec)    region-missing
``reference_name`` ``column`` (codes), ``name`` (names)                        region-name-mismatch
``year_on_year``   ``column``, ``max_change`` (0.3 = 30 %), ``by``             change-too-large
``name_changed``   ``column`` (codes), ``name``                                name-changed
=================  ==========================================================  =======================

A rule that cannot run as written answers with one blocking ``rule-invalid`` problem.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa

from pipelines.spec import DatasetSpec, Rule
from pipelines.validate.report import Problem
from pipelines.validate.rules.context import RuleConfigError, RuleContext, make_problem
from pipelines.validate.rules.expression import check_expression
from pipelines.validate.rules.history import check_name_changed, check_year_on_year
from pipelines.validate.rules.regions import check_completeness, check_reference_name
from pipelines.validate.rules.table import check_row_count, check_unique
from pipelines.validate.rules.totals import check_totals, dropped_columns

RuleKind = Callable[[Rule, RuleContext], list[Problem]]

KINDS: dict[str, RuleKind] = {
    "unique": check_unique,
    "row_count": check_row_count,
    "totals": check_totals,
    "completeness": check_completeness,
    "reference_name": check_reference_name,
    "year_on_year": check_year_on_year,
    "name_changed": check_name_changed,
}

# One rule failing on every row of a million-row file must not drown the report.
MAX_PROBLEMS_PER_RULE = 1000

__all__ = [
    "KINDS",
    "MAX_PROBLEMS_PER_RULE",
    "RuleConfigError",
    "RuleContext",
    "dropped_columns",
    "run_rule",
    "run_rules",
]


def run_rule(rule: Rule, ctx: RuleContext) -> list[Problem]:
    kind = KINDS.get(rule.check.strip())
    ctx.limit, ctx.skipped = MAX_PROBLEMS_PER_RULE, 0
    try:
        if kind is None and rule.check.strip().isidentifier():
            raise RuleConfigError(f"unknown rule kind; use an expression or one of {', '.join(KINDS)}")
        problems = kind(rule, ctx) if kind else check_expression(rule, ctx)
    except RuleConfigError as exc:
        return [_invalid(rule, str(exc))]
    rest = ctx.skipped + max(0, len(problems) - MAX_PROBLEMS_PER_RULE)
    if rest:
        problems = problems[:MAX_PROBLEMS_PER_RULE] + [
            make_problem(
                rule,
                "more-problems",
                value=str(rest),
                message_id=f"Aturan '{rule.check}' menemukan {rest} masalah lagi yang tidak ditampilkan.",
                message_en=f"The rule '{rule.check}' found {rest} more problems that are not shown.",
                hint_id="Perbaiki masalah di atas, lalu periksa berkas lagi.",
                hint_en="Fix the problems above, then check the file again.",
            )
        ]
    return problems


def _invalid(rule: Rule, reason: str) -> Problem:
    return Problem(
        code="rule-invalid",
        severity="block",
        message_id=f"Aturan '{rule.check}' di spesifikasi dataset tidak dapat dijalankan: {reason}.",
        message_en=f"The rule '{rule.check}' in the dataset spec cannot run: {reason}.",
        hint_id="Perbaiki aturan ini di berkas spesifikasi dataset (datasets/<opd>/<nama>.yaml).",
        hint_en="Fix this rule in the dataset spec file (datasets/<opd>/<name>.yaml).",
        rule=rule.check,
    )


def run_rules(
    spec: DatasetSpec,
    table: pa.Table,
    *,
    rows: list[int],
    headers: dict[str, str],
    dropped: list[Any] | None = None,
    history: pa.Table | None = None,
    dropped_columns: list[str | None] | None = None,
) -> list[Problem]:
    """Every rule of ``spec`` on ``table`` (typed, spec column names).

    ``rows[i]``: the 1-based spreadsheet row of table row ``i``; ``headers``: spec column name ->
    header as written in the file; ``dropped``: the reader's dropped rows (``row`` 0-based, ``reason``,
    ``values``), whose total/subtotal rows the ``totals`` rule checks; ``dropped_columns``: the spec
    column name (or ``None``) of each position of a dropped row's ``values``, i.e.
    ``dropped_columns(spec, source_table)`` (not needed when ``values`` is a dict by column name);
    ``history``: rows of previously published periods."""
    if len(rows) != table.num_rows:
        raise ValueError(f"rows has {len(rows)} entries for a table of {table.num_rows} rows")
    ctx = RuleContext(spec, table, list(rows), dict(headers), list(dropped or []), dropped_columns, history)
    problems: list[Problem] = []
    for rule in spec.rules:
        problems.extend(run_rule(rule, ctx))
    return problems
