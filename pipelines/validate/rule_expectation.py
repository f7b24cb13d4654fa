"""The spec's quality rules as a Great Expectations custom expectation.

``expect_satudata_rule`` (:class:`ExpectSatudataRule`) holds ONE rule of the spec's ``rules:`` as
written there (``rule: {check, severity, column, params}``) and is evaluated by the project's rule
engine (:func:`pipelines.validate.rules.run_rule`) through the table metric
``satudata_rule.problems``: the metric turns GX's batch (the pandas frame made by
:func:`pipelines.validate.expectations.to_pandas`) back into the typed Arrow table in one
vectorised step and runs the rule on it, so the rule stays pyarrow-vectorised.

What the rule needs besides the batch is given at run time, never stored in the suite file:
``spec`` (the dataset spec as JSON, for the schema key, period and column types) and ``headers``
(spec column name -> header as written in the file) as kwargs, and the spreadsheet row of every
table row as the frame's :data:`ROW` column (a list as long as the table would make GX hash and
copy a huge kwarg per rule). The result carries the engine's problems unchanged
(``result.problems``, as dicts); :mod:`pipelines.validate.expectation_problems` turns them back into
:class:`~pipelines.validate.report.Problem` values.

Importing this module registers the expectation with GX (it imports Great Expectations: import it
only where GX runs).
"""

from __future__ import annotations

from typing import Any, ClassVar

import pyarrow as pa
from great_expectations.compatibility.typing_extensions import override
from great_expectations.core.metric_domain_types import MetricDomainTypes
from great_expectations.execution_engine import ExecutionEngine, PandasExecutionEngine
from great_expectations.expectations.expectation import BatchExpectation
from great_expectations.expectations.metrics.metric_provider import metric_value
from great_expectations.expectations.metrics.table_metric_provider import TableMetricProvider

from pipelines.arrow_schema import ARROW_TYPES
from pipelines.spec import DatasetSpec, Rule
from pipelines.validate.suite import RULE_EXPECTATION

ROW = "_row"  # the frame column with each table row's 1-based spreadsheet row (run time only)
METRIC = "satudata_rule.problems"

__all__ = ["METRIC", "ROW", "RULE_EXPECTATION", "ExpectSatudataRule", "arrow_table", "rule_of"]


def rule_of(entry: dict[str, Any]) -> Rule:
    """The spec rule an ``expect_satudata_rule`` kwarg ``rule`` describes."""
    return Rule(
        check=entry["check"],
        severity=entry.get("severity", "block"),
        column=entry.get("column"),
        **(entry.get("params") or {}),
    )


def arrow_table(frame: Any, spec: DatasetSpec) -> pa.Table:
    """GX's batch frame as the typed Arrow table the rules read: the spec's column types, nulls
    for the NaN/NA pandas holds (one vectorised conversion, no per-row Python for typed columns)."""
    names = [c for c in frame.columns if c != ROW]
    table = pa.Table.from_pandas(frame[names], preserve_index=False)
    types = {c.name: ARROW_TYPES[c.type] for c in spec.schema.columns}
    columns = [table.column(n).cast(types[n]) if n in types else table.column(n) for n in names]
    return pa.table(columns, names=names)


class SatudataRuleProblems(TableMetricProvider):
    """The problems one spec rule finds in the batch (as dicts of :class:`Problem` fields)."""

    metric_name = METRIC
    value_keys = ("rule", "spec", "headers")

    @metric_value(engine=PandasExecutionEngine)
    def _pandas(
        cls,
        execution_engine: PandasExecutionEngine,
        metric_domain_kwargs: dict,
        metric_value_kwargs: dict,
        metrics: dict[str, Any],
        runtime_configuration: dict,
    ):
        from pipelines.validate.rules import RuleContext, run_rule

        frame, _, _ = execution_engine.get_compute_domain(
            domain_kwargs=metric_domain_kwargs, domain_type=MetricDomainTypes.TABLE
        )
        if not metric_value_kwargs.get("spec"):
            raise ValueError("expect_satudata_rule runs with the dataset spec (kwarg 'spec'), given at run time")
        if ROW not in frame.columns:
            raise ValueError(f"expect_satudata_rule needs the spreadsheet rows as the batch column {ROW!r}")
        spec = DatasetSpec.model_validate(metric_value_kwargs["spec"])
        ctx = RuleContext(
            spec,
            arrow_table(frame, spec),
            frame[ROW].astype("int64").tolist(),
            dict(metric_value_kwargs.get("headers") or {}),
        )
        return [p.model_dump() for p in run_rule(rule_of(metric_value_kwargs["rule"]), ctx)]


class ExpectSatudataRule(BatchExpectation):
    """A quality rule of the dataset spec (``rules:``) holds on the table.

    ``rule``: ``{check, severity, column, params}`` as the spec writes it; ``spec`` and ``headers``
    are added at run time. Fails when the rule engine reports any problem; ``result.problems``
    lists them."""

    rule: dict[str, Any]
    spec: dict[str, Any] | None = None
    headers: dict[str, str] | None = None

    metric_dependencies = (METRIC,)
    domain_keys: ClassVar[tuple[str, ...]] = ("row_condition", "condition_parser")
    success_keys = ("rule", "spec", "headers")
    args_keys = ("rule",)

    @override
    def _validate(
        self, metrics: dict, runtime_configuration: dict | None = None, execution_engine: ExecutionEngine | None = None
    ) -> dict[str, Any]:
        problems = metrics.get(METRIC) or []
        return {"success": not problems, "result": {"observed_value": len(problems), "problems": problems}}
