"""Great Expectations outcomes as :class:`Problem` values, with messages an officer can act on.

Codes (stable, kebab-case): ``missing-column``, ``wrong-type``, ``required-value-missing``,
``below-minimum``, ``above-maximum``, ``value-not-allowed``, ``code-not-in-reference``,
``pattern-mismatch``, ``duplicate-key``; a spec rule (``expect_satudata_rule``) answers with the
rule engine's own problems; ``check-failed-to-run`` when GX could not evaluate an
expectation; a hand-written expectation answers with ``meta.code`` (default ``expectation-failed``)
and may give its own ``meta.message_id/message_en/hint_id/hint_en`` (``{row}``, ``{column}``,
``{value}`` and ``{observed}`` are filled in).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from typing import Any

from pipelines.spec import Column, DatasetSpec
from pipelines.validate.expectation_texts import TEXTS, TYPE_NAMES, Texts, listing
from pipelines.validate.expectations import Outcome, columns_of
from pipelines.validate.report import Problem
from pipelines.validate.suite import RULE_EXPECTATION

# generated rule (meta.rule) -> problem code; min_max splits into below-minimum / above-maximum
CODES = {
    "exists": "missing-column",
    "type": "wrong-type",
    "required": "required-value-missing",
    "allowed": "value-not-allowed",
    "reference": "code-not-in-reference",
    "pattern": "pattern-mismatch",
    "key": "duplicate-key",
}
UNIQUE = ("expect_compound_columns_to_be_unique", "expect_column_values_to_be_unique")
SAME_SHOWN = 10  # a duplicate-key problem names at most this many other rows with its key


def show(value: Any) -> str | None:
    """A cell value as the report prints it."""
    try:
        import pandas as pd

        if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item() if callable(value.item) else value
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def severity_of(entry: dict[str, Any]) -> str:
    meta = entry.get("meta") or {}
    if meta.get("severity") in ("block", "warn"):
        return meta["severity"]
    return "warn" if str(entry.get("severity", "critical")).lower() in ("warning", "info") else "block"


def code_of(entry: dict[str, Any], value: Any = None) -> str:
    meta = entry.get("meta") or {}
    if not meta.get("generated"):
        return str(meta.get("code") or "expectation-failed")
    rule = meta.get("rule")
    if rule == "min_max":
        low = entry["kwargs"].get("min_value")
        try:
            return "below-minimum" if low is not None and value < low else "above-maximum"
        except TypeError:
            return "above-maximum"
    return CODES.get(rule, "expectation-failed")


class _Maker:
    """Builds the problems of one outcome: fills the message templates of its code."""

    def __init__(self, spec: DatasetSpec, outcome: Outcome, headers: dict[str, str]):
        self.spec = spec
        self.entry = outcome.expectation
        self.kwargs = self.entry.get("kwargs") or {}
        self.cols = columns_of(self.kwargs)
        self.header = ", ".join(headers.get(c, c) for c in self.cols) or None
        self.severity = severity_of(self.entry)
        self.observed = show(outcome.result.get("observed_value"))

    def params(self, **extra: Any) -> dict[str, Any]:
        kw = self.kwargs
        p = {"column": self.header, "observed": self.observed, "type": self.entry.get("type"),
             "min": show(kw.get("min_value")), "max": show(kw.get("max_value")),
             "allowed": listing(kw.get("value_set") or []), "pattern": kw.get("regex"),
             "headers": self._spellings(), "within": self._within(), **self._expected()}
        p.update(extra)
        return p

    def _spellings(self) -> str:
        col = self._column()
        if col is None:
            return ", ".join(repr(c) for c in self.cols)
        return ", ".join(repr(h) for h in (col.headers or [col.name]))

    def _expected(self) -> dict[str, str]:
        col = self._column()
        word_id, word_en = TYPE_NAMES[col.type if col else "string"]
        return {"expected_id": word_id, "expected_en": word_en}

    def _column(self) -> Column | None:
        if len(self.cols) != 1:
            return None
        try:
            return self.spec.schema.column(self.cols[0])
        except KeyError:
            return None

    def _within(self) -> str:
        col = self._column()
        return f"{col.reference} {col.within}" if col and col.reference else ""

    def texts(self, code: str, kind: str) -> Texts:
        meta = self.entry.get("meta") or {}
        base = TEXTS.get((code, kind)) or TEXTS[("expectation-failed", kind)]
        if meta.get("generated"):
            return base
        return Texts(*(meta.get(k) or getattr(base, k) for k in Texts._fields))

    def make(self, code: str, kind: str, row: int | None = None, value: str | None = None, **extra) -> Problem:
        texts = self.texts(code, kind)
        params = self.params(row=row, value=value, **extra)
        return Problem(
            code=code, severity=self.severity, row=row, column=self.header, value=value,
            message_id=_fill(texts.message_id, params), message_en=_fill(texts.message_en, params),
            hint_id=_fill(texts.hint_id, params), hint_en=_fill(texts.hint_en, params),
            rule=self.entry.get("type"),
        )


def _fill(template: str, params: dict[str, Any]) -> str:
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def _cell(values: tuple[Any, ...]) -> Any:
    """One failing row's value: the cell, or the cells joined (``2023 / 64.09.01``) for a key."""
    if len(values) == 1:
        return values[0]
    shown = [show(v) for v in values]
    return " / ".join("" if v is None else v for v in shown) if values else None


def _same_key_rows(outcome: Outcome, rows: list[int]) -> list[list[int]]:
    """Per failing row, the spreadsheet rows of every failing row with the same key."""
    cells = outcome.cells
    groups = cells.groupby(list(cells.columns), dropna=False, sort=False).ngroup().tolist()
    members: dict[int, list[int]] = defaultdict(list)
    for group, position in zip(groups, outcome.positions, strict=True):
        members[group].append(rows[position])
    return [members[g] for g in groups]


def _same_texts(group: list[int], row: int) -> dict[str, str]:
    """The rows of ``group`` (``row``'s key) other than ``row``: the first :data:`SAME_SHOWN` of
    them and how many more."""
    others = [r for r in group[: SAME_SHOWN + 1] if r != row][:SAME_SHOWN]
    shown = ", ".join(str(r) for r in others)
    rest = len(group) - group.count(row) - len(others)
    if rest <= 0:
        return {"same": shown, "same_id": shown, "same_en": shown}
    return {"same": shown, "same_id": f"{shown} dan {rest} baris lain",
            "same_en": f"{shown} and {rest} more row{'s' if rest > 1 else ''}"}


def without_missing_keys(outcome: Outcome) -> Outcome:
    """A uniqueness outcome without the failing rows that lack a key part: an empty key cell is
    not a repeated key (the column's own ``required`` check reports it, if it is required). GX
    only skips rows whose key is empty altogether. ``ignore_row_if: never`` keeps them all."""
    kwargs = outcome.expectation.get("kwargs") or {}
    if (outcome.expectation.get("type") not in UNIQUE or kwargs.get("ignore_row_if") == "never"
            or outcome.cells is None or not len(outcome.cells.columns)):
        return outcome
    complete = outcome.cells.notna().all(axis=1).to_numpy()
    if complete.all():
        return outcome
    positions = [p for p, keep in zip(outcome.positions, complete, strict=True) if keep]
    return dataclasses.replace(outcome, positions=positions, cells=outcome.cells[complete])


def _row_problems(maker: _Maker, outcome: Outcome, rows: list[int], limit: int) -> list[Problem]:
    positions = outcome.positions
    cells = outcome.cells
    width = len(cells.columns) if cells is not None else 0
    values = list(cells.head(limit).itertuples(index=False, name=None)) if width else [()] * len(positions)
    first = code_of(outcome.expectation, _cell(values[0]) if values else None)
    total = int(outcome.result.get("element_count") or 0)
    if first == "required-value-missing" and total > 1 and len(positions) == total:
        return [maker.make(first, "all-rows", count=total)]
    same = _same_key_rows(outcome, rows) if first == "duplicate-key" and width else None
    problems = []
    for i, (position, cell) in enumerate(zip(positions[:limit], values, strict=False)):
        raw = _cell(cell) if width else None
        row = rows[position]
        others = _same_texts(same[i] if same else [], row)
        problems.append(maker.make(code_of(outcome.expectation, raw), "row", row=row, value=show(raw),
                                   **others))
    if len(positions) > limit:
        problems.append(maker.make(first, "more", count=len(positions) - limit))
    return problems


def _rule_problems(maker: _Maker, outcome: Outcome) -> list[Problem]:
    """A spec rule's problems, as the rule engine worded them."""
    if outcome.error:
        return [maker.make("check-failed-to-run", "column", error=outcome.error)]
    return [Problem(**p) for p in outcome.result.get("problems") or []]


def problems_from(
    spec: DatasetSpec,
    outcomes: list[Outcome],
    *,
    rows: list[int],
    present: set[str],
    headers: dict[str, str],
    limit: int = 1000,
) -> list[Problem]:
    """The problems of a suite run. Expectations on columns the table lacks, or whose type is
    wrong, are not reported again when GX could not evaluate them (the column's own problem says
    it); an expectation GX could not evaluate otherwise is ``check-failed-to-run``."""
    wrong_type = {
        o.expectation["kwargs"].get("column")
        for o in outcomes
        if not o.success and (o.expectation.get("meta") or {}).get("rule") == "type"
    }
    problems: list[Problem] = []
    for outcome in outcomes:
        if outcome.success:
            continue
        if outcome.positions:
            outcome = without_missing_keys(outcome)
            if not outcome.positions:
                continue  # every failing row only lacked a key part
        maker = _Maker(spec, outcome, headers)
        if outcome.expectation.get("type") == RULE_EXPECTATION:
            problems.extend(_rule_problems(maker, outcome))
            continue
        missing = [c for c in maker.cols if c not in present]
        if outcome.expectation.get("type") == "expect_column_to_exist":
            problems.append(maker.make("missing-column", "column"))
        elif missing or (outcome.error and wrong_type & set(maker.cols)):
            continue
        elif outcome.error:
            problems.append(maker.make("check-failed-to-run", "column", error=outcome.error))
        elif outcome.positions:
            problems.extend(_row_problems(maker, outcome, rows, limit))
        else:
            problems.append(maker.make(code_of(outcome.expectation), "column"))
    return problems
