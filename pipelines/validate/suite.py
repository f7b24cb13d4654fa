"""The Great Expectations suite of a dataset, derived from its spec.

``validations/<opd>/<name>.json`` holds a GX 1.x suite (``name``, ``expectations`` as
``{type, kwargs, meta}``, ``meta``). Expectations derived from the spec carry
``meta.generated: true`` and are rewritten by ``satudata suites``; hand-written expectations
(``meta.generated`` absent or false) are kept, after the generated ones, in the order written.

What the spec declares becomes:

=====================  =====================================================================
spec                   expectation
=====================  =====================================================================
every column           ``expect_column_to_exist``, ``expect_column_values_to_be_in_type_list``
``required: true``     ``expect_column_values_to_not_be_null``
``min`` / ``max``      ``expect_column_values_to_be_between``
``allowed``            ``expect_column_values_to_be_in_set``
``pattern``            ``expect_column_values_to_match_regex`` (the whole value must match)
``reference``+within   ``expect_column_values_to_be_in_set`` with the official codes
``schema.key``         ``expect_column_values_to_be_unique`` / ``expect_compound_columns_to_be_unique``
each ``rules:`` entry  ``expect_satudata_rule`` (:mod:`pipelines.validate.rule_expectation`), except
                       the rules that need data outside the table (:data:`OUTSIDE_BATCH`)
=====================  =====================================================================

``totals`` checks the total rows the reader dropped, ``year_on_year`` and ``name_changed`` the
previously published periods: neither is in the batch GX validates, so :mod:`pipelines.check` runs
those through the rule engine directly (:func:`in_suite` says which rules the suite holds).

Nothing here imports Great Expectations: building and writing suites is plain data, so the CLI
stays fast. Running a suite is :mod:`pipelines.validate.expectations`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipelines.spec import Column, DatasetSpec, Rule, SpecError, project_root

SUITES_DIR = "validations"

# The pandas dtype names a column of each spec type has once the typed Arrow table is handed to GX
# (see ``pipelines.validate.expectations.to_pandas``), as ``expect_column_values_to_be_in_type_list``
# understands them. Integers: numpy int64 without nulls, nullable Int64 with them.
PANDAS_TYPES: dict[str, list[str]] = {
    "string": ["StringDtype"],
    "integer": ["int64", "Int64Dtype"],
    "number": ["float64"],
    "boolean": ["BooleanDtype"],
    "date": ["datetime64[ms]"],
}


def suite_name(spec: DatasetSpec) -> str:
    return f"{spec.organization}.{spec.name}"


def suite_path(spec: DatasetSpec, root: str | Path | None = None) -> Path:
    """``<root>/validations/<opd>/<name>.json`` (root: this checkout unless given)."""
    base = Path(root) if root is not None else project_root()
    return base / SUITES_DIR / spec.organization / f"{spec.name}.json"


def _expectation(type_: str, kwargs: dict[str, Any], column: str | list[str], rule: str) -> dict[str, Any]:
    return {"type": type_, "kwargs": kwargs, "meta": {"generated": True, "column": column, "rule": rule}}


def _bound(col: Column, value: float) -> int | float:
    """A bound written as the column's type: ``0`` for an integer column, ``0.5`` for a number."""
    if col.type == "integer" and float(value).is_integer():
        return int(value)
    return float(value)


def _allowed(col: Column, values: list[str]) -> list[Any]:
    """The spec lists allowed values as text; compare them as the column's type."""
    if col.type == "integer":
        return [int(float(v)) for v in values]
    if col.type == "number":
        return [float(v) for v in values]
    if col.type == "boolean":
        return [str(v).strip().lower() in ("true", "ya", "1", "yes") for v in values]
    return list(values)


def whole_match(pattern: str) -> str:
    """The spec's ``pattern`` describes the whole value; GX searches, so anchor it."""
    return f"^(?:{pattern})$"


def reference_codes(reference: str, within: str | None) -> list[str]:
    """The official codes a column may hold, sorted (from :mod:`pipelines.reference`)."""
    from pipelines.reference import codes

    return sorted(codes(reference, within))


def column_expectations(col: Column) -> list[dict[str, Any]]:
    name = col.name
    out = [
        _expectation("expect_column_to_exist", {"column": name}, name, "exists"),
        _expectation("expect_column_values_to_be_in_type_list",
                     {"column": name, "type_list": PANDAS_TYPES[col.type]}, name, "type"),
    ]
    if col.required:
        out.append(_expectation("expect_column_values_to_not_be_null", {"column": name}, name, "required"))
    if col.min is not None or col.max is not None:
        kwargs: dict[str, Any] = {"column": name}
        if col.min is not None:
            kwargs["min_value"] = _bound(col, col.min)
        if col.max is not None:
            kwargs["max_value"] = _bound(col, col.max)
        out.append(_expectation("expect_column_values_to_be_between", kwargs, name, "min_max"))
    if col.allowed is not None:
        out.append(_expectation("expect_column_values_to_be_in_set",
                                {"column": name, "value_set": _allowed(col, col.allowed)}, name, "allowed"))
    if col.pattern is not None:
        out.append(_expectation("expect_column_values_to_match_regex",
                                {"column": name, "regex": whole_match(col.pattern)}, name, "pattern"))
    if col.reference and col.within:
        out.append(_expectation("expect_column_values_to_be_in_set",
                                {"column": name, "value_set": reference_codes(col.reference, col.within)},
                                name, "reference"))
    return out


def key_expectations(spec: DatasetSpec) -> list[dict[str, Any]]:
    key = list(spec.schema.key)
    if not key:
        return []
    if len(key) == 1:
        return [_expectation("expect_column_values_to_be_unique", {"column": key[0]}, key[0], "key")]
    return [_expectation("expect_compound_columns_to_be_unique", {"column_list": key}, key, "key")]


RULE_EXPECTATION = "expect_satudata_rule"
OUTSIDE_BATCH = frozenset({"totals", "year_on_year", "name_changed"})


def in_suite(rule: Rule) -> bool:
    """Whether the suite checks ``rule`` (else the rule engine runs it on its own)."""
    return rule.check.strip() not in OUTSIDE_BATCH


def rule_expectations(spec: DatasetSpec) -> list[dict[str, Any]]:
    """One ``expect_satudata_rule`` per rule of ``spec`` that the batch alone can answer."""
    out = []
    for i, rule in enumerate(spec.rules):
        if not in_suite(rule):
            continue
        params = dict(rule.params)
        if rule.tolerance:
            params["tolerance"] = rule.tolerance
        kwargs = {"rule": {"check": rule.check, "severity": rule.severity, "column": rule.column,
                           "params": params}}
        out.append({"type": RULE_EXPECTATION, "kwargs": kwargs,
                    "meta": {"generated": True, "rule": "rule", "index": i}})
    return out


def build_suite(spec: DatasetSpec) -> dict[str, Any]:
    """The generated suite: deterministic (spec order, no ids, no timestamps, no GX version)."""
    from pipelines.reference import ReferenceError

    expectations = []
    for i, col in enumerate(spec.schema.columns):
        try:
            expectations += column_expectations(col)
        except ReferenceError as exc:
            field = f"schema.columns[{i}:{col.name}].reference"
            raise SpecError(spec.path or spec.key, field, str(exc)) from None
    expectations += key_expectations(spec)
    expectations += rule_expectations(spec)
    return {
        "name": suite_name(spec),
        "expectations": expectations,
        "meta": {
            "dataset": spec.key,
            "generated_from": f"datasets/{spec.organization}/{spec.name}.yaml",
            "note": "Expectations with meta.generated=true are rewritten by `satudata suites`; "
                    "add your own with meta.generated absent or false and they are kept.",
        },
    }


def is_generated(expectation: dict[str, Any]) -> bool:
    return bool((expectation.get("meta") or {}).get("generated"))


def hand_written(suite: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The expectations of a stored suite that a person wrote."""
    if not suite:
        return []
    return [e for e in suite.get("expectations", []) if not is_generated(e)]


def merge(spec: DatasetSpec, stored: dict[str, Any] | None) -> dict[str, Any]:
    """The generated suite followed by the hand-written expectations of ``stored``."""
    suite = build_suite(spec)
    suite["expectations"] += hand_written(stored)
    return suite


def render(suite: dict[str, Any]) -> str:
    """The suite as it is written to disk (stable text: a diff shows what changed)."""
    return json.dumps(suite, indent=2, ensure_ascii=False) + "\n"


class SuiteFileError(ValueError):
    """A stored suite that is not a JSON object with an ``expectations`` list."""


def read_stored(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SuiteFileError(f"{path}: not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("expectations", []), list):
        raise SuiteFileError(f"{path}: a suite must be a JSON object with an 'expectations' list")
    for i, exp in enumerate(data.get("expectations", [])):
        if not isinstance(exp, dict) or not isinstance(exp.get("type"), str):
            raise SuiteFileError(f"{path}: expectations[{i}] needs a 'type'")
    return data


def expected_text(spec: DatasetSpec, root: str | Path | None = None) -> str:
    """What ``validations/<opd>/<name>.json`` must hold for this spec (keeping hand-written parts)."""
    return render(merge(spec, read_stored(suite_path(spec, root))))


def is_stale(spec: DatasetSpec, root: str | Path | None = None) -> bool:
    path = suite_path(spec, root)
    return not path.exists() or path.read_text(encoding="utf-8") != expected_text(spec, root)


def write_suite(spec: DatasetSpec, root: str | Path | None = None) -> Path:
    """(Re)generate the suite file of ``spec``, keeping its hand-written expectations."""
    path = suite_path(spec, root)
    text = expected_text(spec, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def load_suite(spec: DatasetSpec, root: str | Path | None = None) -> dict[str, Any]:
    """The suite actually run: generated fresh from the spec, plus the stored hand-written ones
    (so a stale file never weakens the checks)."""
    return merge(spec, read_stored(suite_path(spec, root)))
