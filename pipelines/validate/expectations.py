"""Running a dataset's Great Expectations suite on its typed table.

One ephemeral GX context, one pandas batch made from the table, ONE validation call for the whole
suite, with ``result_format=COMPLETE`` and ``unexpected_index_column_names`` naming the frame's
index (:data:`POSITION`, the table row), so every failing cell maps back to the spreadsheet row the
officer sees through ``rows[position]`` (a melted table has several table rows per spreadsheet row,
so the spreadsheet row itself cannot be the index). Values are looked up in the frame rather than
returned by GX (``exclude_unexpected_values``): GX's per-row lookup costs ~0.1 ms a failing row,
which a badly broken 1M-row file would turn into minutes. The results become
:class:`~pipelines.validate.report.Problem` values in :mod:`pipelines.validate.expectation_problems`.

Great Expectations takes seconds to import: it is imported inside the functions here, never when
this module is imported.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pyarrow as pa

from pipelines.spec import DatasetSpec
from pipelines.validate.report import Problem

POSITION = "_position"  # the frame's index name: the table row (spec names cannot start with "_")
RESULT_FORMAT = {
    "result_format": "COMPLETE",
    "unexpected_index_column_names": [POSITION],
    "exclude_unexpected_values": True,
    "return_unexpected_index_query": False,
}
INDEX = "satudata_index"  # meta key linking a GX result back to its suite entry (run time only)
EXPECTATION_KEYS = ("type", "kwargs", "meta", "severity", "notes", "description")


class SuiteError(ValueError):
    """A suite entry Great Expectations does not accept (an unknown type, bad kwargs)."""


@dataclass
class Outcome:
    """One expectation's result."""

    expectation: dict[str, Any]  # the suite entry (as stored, without run-time keys)
    success: bool
    result: dict[str, Any] = field(default_factory=dict)  # GX's result, without the index list
    error: str | None = None  # why GX could not evaluate it
    positions: list[int] = field(default_factory=list)  # failing table rows (0-based), row-level only
    cells: Any = None  # pandas frame: the failing rows' values of the columns checked, by position


def _pandas_dtype(arrow_type: pa.DataType) -> Any:
    import pandas as pd

    if pa.types.is_integer(arrow_type):
        return pd.Int64Dtype()
    if pa.types.is_boolean(arrow_type):
        return pd.BooleanDtype()
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype()
    return None  # floats: numpy float64 (null -> NaN); dates: datetime64


def to_pandas(table: pa.Table) -> Any:
    """The table as the pandas frame GX checks, indexed by :data:`POSITION`, with the dtypes listed
    in :data:`pipelines.validate.suite.PANDAS_TYPES`: integers as numpy ``int64`` when the column
    has no nulls, else nullable ``Int64``; numbers as numpy ``float64``; booleans ``boolean``; text
    ``string``; dates ``datetime64[ms]``. Numpy dtypes matter: GX checks min/max on them in one
    vectorised step, but calls Python once per cell for nullable dtypes (~3 s per 1M cells)."""
    import pandas as pd

    frame = table.to_pandas(types_mapper=_pandas_dtype, date_as_object=False)
    for name in table.column_names:
        column_type = table.schema.field(name).type
        if pa.types.is_integer(column_type) and table.column(name).null_count == 0:
            frame[name] = frame[name].astype("int64")
        elif pa.types.is_date(column_type):
            frame[name] = frame[name].astype("datetime64[ms]")
    frame.index = pd.RangeIndex(table.num_rows, name=POSITION)
    return frame


def columns_of(kwargs: dict[str, Any]) -> list[str]:
    """The columns an expectation looks at, in the order it names them."""
    cols = [kwargs[k] for k in ("column", "column_A", "column_B") if isinstance(kwargs.get(k), str)]
    cols += list(kwargs.get("column_list") or [])
    return cols


def _failing_positions(result: dict[str, Any]) -> list[int]:
    """GX answers ``[{POSITION: [p, ...]}]`` when values are excluded."""
    positions: list[int] = []
    for item in result.get("unexpected_index_list") or []:
        found = item.get(POSITION, []) if isinstance(item, dict) else item
        positions += [int(p) for p in (found if isinstance(found, list) else [found])]
    return positions


def gx_expectation(entry: dict[str, Any], index: int) -> Any:
    """A suite entry as a GX Expectation, tagged with its position in the suite."""
    from great_expectations.exceptions import GreatExpectationsError
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    config = {k: entry[k] for k in EXPECTATION_KEYS if k in entry}
    config["meta"] = {**(entry.get("meta") or {}), INDEX: index}
    config.setdefault("kwargs", {})
    try:
        return ExpectationConfiguration(**config).to_domain_obj()
    except (GreatExpectationsError, TypeError, ValueError) as exc:
        raise SuiteError(f"expectations[{index}] ({entry.get('type')}): {exc}") from None


def gx_suite(suite: dict[str, Any]) -> Any:
    """The suite dict as a GX ExpectationSuite (raises :class:`SuiteError` for a bad entry, where GX
    itself would only log and drop it)."""
    import great_expectations as gx

    expectations = [gx_expectation(e, i) for i, e in enumerate(suite.get("expectations", []))]
    return gx.ExpectationSuite(name=suite.get("name") or "suite", expectations=expectations)


def _error(info: dict[str, Any]) -> str | None:
    if info.get("raised_exception"):
        return str(info.get("exception_message") or "error")
    for value in info.values():  # GX 1.x: {metric id: {raised_exception, exception_message ...}}
        if isinstance(value, dict) and value.get("raised_exception"):
            return str(value.get("exception_message") or "error")
    return None


def _with_run_context(entry: dict[str, Any], spec: DatasetSpec | None,
                      headers: dict[str, str] | None) -> dict[str, Any]:
    """A spec-rule entry with what its rule needs at run time (the spec, the file's headers)."""
    from pipelines.validate.suite import RULE_EXPECTATION

    if entry.get("type") != RULE_EXPECTATION or spec is None:
        return entry
    kwargs = {**(entry.get("kwargs") or {}), "spec": spec.model_dump(mode="json", by_alias=True),
              "headers": dict(headers or {})}
    return {**entry, "kwargs": kwargs}


@cache
def whole_frame() -> Any:
    """The batch definition every validation uses: one ephemeral GX context per process, made on the
    first check (a context per check cost a new data source each time)."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return (context.data_sources.add_pandas("satudata").add_dataframe_asset("table")
            .add_batch_definition_whole_dataframe("whole"))


def run_suite(
    suite: dict[str, Any],
    table: pa.Table,
    *,
    spec: DatasetSpec | None = None,
    rows: list[int] | None = None,
    headers: dict[str, str] | None = None,
) -> list[Outcome]:
    """Validate ``table`` against ``suite`` in one GX call; outcomes in suite order. The spec's
    rules (``expect_satudata_rule``) also need ``spec``, ``rows`` and ``headers``."""
    import pipelines.validate.rule_expectation as rule_expectation  # registers expect_satudata_rule

    entries = suite.get("expectations", [])
    if not entries:
        return []
    frame = to_pandas(table)
    if rows is not None and any(e.get("type") == rule_expectation.RULE_EXPECTATION for e in entries):
        frame[rule_expectation.ROW] = pa.array(rows, pa.int64()).to_numpy()
    expectations = gx_suite({**suite, "expectations": [_with_run_context(e, spec, headers) for e in entries]})
    batch = whole_frame().get_batch(batch_parameters={"dataframe": frame})
    with warnings.catch_warnings():
        # pandas warns when a spec's pattern has a capturing group; GX only needs the match.
        warnings.filterwarnings("ignore", message="This pattern is interpreted as a regular expression",
                                category=UserWarning)
        result = batch.validate(expectations, result_format=dict(RESULT_FORMAT))
    outcomes: list[Outcome | None] = [None] * len(entries)
    for res in result.results:
        index = res.expectation_config.meta[INDEX]
        details = dict(res.result or {})
        positions = _failing_positions(details)
        details.pop("unexpected_index_list", None)
        cols = [c for c in columns_of(entries[index].get("kwargs") or {}) if c in frame.columns]
        outcomes[index] = Outcome(
            expectation=entries[index],
            success=bool(res.success),
            result=details,
            error=_error(res.exception_info or {}),
            positions=positions,
            cells=frame.iloc[positions][cols] if positions else None,
        )
    return [o for o in outcomes if o is not None]


def validate_table(
    spec: DatasetSpec,
    table: pa.Table,
    *,
    rows: list[int],
    headers: dict[str, str],
    suite: dict[str, Any] | None = None,
    limit: int = 1000,
) -> list[Problem]:
    """Check a table typed by ``spec`` against its suite (``suite``, else :func:`load_suite`).

    ``rows[i]`` is the 1-based spreadsheet row of table row ``i``; ``headers[name]`` the header as
    written in the file. One problem per failing cell or row (at most ``limit`` per expectation,
    then one problem saying how many more), or per column/table when the check is not row-level.
    The spec's rules in the suite answer with exactly the problems the rule engine finds."""
    from pipelines.validate.expectation_problems import problems_from
    from pipelines.validate.suite import load_suite

    if len(rows) != table.num_rows:
        raise ValueError(f"rows has {len(rows)} entries for a table of {table.num_rows} rows")
    if suite is None:
        suite = load_suite(spec)
    outcomes = run_suite(suite, table, spec=spec, rows=rows, headers=headers)
    return problems_from(spec, outcomes, rows=rows, present=set(table.column_names), headers=headers,
                         limit=limit)
