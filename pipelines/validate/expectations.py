"""Running a dataset's Great Expectations suite on its typed table.

One ephemeral GX context, one pandas batch made from the table, ONE validation call for the whole
suite, with ``result_format=COMPLETE`` and the spreadsheet row number as the unexpected-index
column, so every failing cell maps back to the row the officer sees. The results become
:class:`~pipelines.validate.report.Problem` values in :mod:`pipelines.validate.expectation_problems`.

Great Expectations takes seconds to import: it is imported inside the functions here, never when
this module is imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from pipelines.spec import DatasetSpec
from pipelines.validate.report import Problem

ROW = "_row"  # the spreadsheet row column added for GX; spec names cannot start with "_"
INDEX = "satudata_index"  # meta key linking a GX result back to its suite entry (run time only)
EXPECTATION_KEYS = ("type", "kwargs", "meta", "severity", "notes", "description")


class SuiteError(ValueError):
    """A suite entry Great Expectations does not accept (an unknown type, bad kwargs)."""


@dataclass
class Outcome:
    """One expectation's result, as plain data."""

    expectation: dict[str, Any]  # the suite entry (as stored, without run-time keys)
    success: bool
    result: dict[str, Any] = field(default_factory=dict)
    error: str | None = None  # why GX could not evaluate it


def _pandas_dtype(arrow_type: pa.DataType) -> Any:
    import pandas as pd

    if pa.types.is_integer(arrow_type):
        return pd.Int64Dtype()
    if pa.types.is_floating(arrow_type):
        return pd.Float64Dtype()
    if pa.types.is_boolean(arrow_type):
        return pd.BooleanDtype()
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype()
    return None


def to_pandas(table: pa.Table, rows: list[int]) -> Any:
    """The table as the pandas frame GX checks: nullable pandas dtypes (the names listed in
    :data:`pipelines.validate.suite.PANDAS_TYPES`), dates as ``datetime64[ms]``, plus :data:`ROW`."""
    if len(rows) != table.num_rows:
        raise ValueError(f"rows has {len(rows)} entries for a table of {table.num_rows} rows")
    frame = table.to_pandas(types_mapper=_pandas_dtype, date_as_object=False)
    for name in table.column_names:
        if pa.types.is_date(table.schema.field(name).type):
            frame[name] = frame[name].astype("datetime64[ms]")
    frame[ROW] = rows
    return frame


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


def run_suite(suite: dict[str, Any], table: pa.Table, rows: list[int]) -> list[Outcome]:
    """Validate ``table`` against ``suite`` in one GX call; outcomes in suite order."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    entries = suite.get("expectations", [])
    if not entries:
        return []
    frame = to_pandas(table, rows)
    gx_suite_ = gx_suite(suite)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch = (
        context.data_sources.add_pandas("satudata")
        .add_dataframe_asset("table")
        .add_batch_definition_whole_dataframe("whole")
        .get_batch(batch_parameters={"dataframe": frame})
    )
    result = batch.validate(
        gx_suite_,
        result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [ROW]},
    )
    outcomes: list[Outcome | None] = [None] * len(entries)
    for res in result.results:
        index = res.expectation_config.meta[INDEX]
        outcomes[index] = Outcome(
            expectation=entries[index],
            success=bool(res.success),
            result=dict(res.result or {}),
            error=_error(res.exception_info or {}),
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
    then one problem saying how many more), or per column/table when the check is not row-level."""
    from pipelines.validate.expectation_problems import problems_from
    from pipelines.validate.suite import load_suite

    if suite is None:
        suite = load_suite(spec)
    outcomes = run_suite(suite, table, rows)
    return problems_from(spec, outcomes, present=set(table.column_names), headers=headers, limit=limit)
