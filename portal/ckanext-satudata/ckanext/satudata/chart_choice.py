"""Which chart a DataStore table gets (pure: no CKAN import, unit-tested): a Plotly bar chart
(ckanext-charts' ``charts_view``) of the table's main value over its period."""

from __future__ import annotations

from typing import Any

# The columns that hold a dataset's period, finest last (a monthly dataset charts by month).
PERIOD_COLUMNS = ("tahun", "semester", "triwulan", "bulan")
NUMERIC_TYPES = ("int", "int2", "int4", "int8", "float4", "float8", "numeric")
# Rows a chart reads at most (ckanext-charts sums bars of equal x by stacking them).
CHART_ROW_LIMIT = 100000
# Dataset frequencies that have no period to chart.
NO_PERIOD = ("", "tidak_tentu")


def chart_settings(fields: list[dict[str, Any]], frekuensi: str | None) -> dict[str, Any] | None:
    """The ``charts_view`` settings of a table with ``fields`` (``datastore_info`` fields: id,
    type), or None when there is no period or no number to chart. x: the period column (the
    month for a monthly dataset, else the year; a date column when there is no year); y: the
    first column named ``jumlah...``, else the first number that is not a period column."""
    if (frekuensi or "") in NO_PERIOD:
        return None
    types = {f["id"]: str(f.get("type", "")) for f in fields if not f["id"].startswith("_")}  # not _id
    periods = [c for c in PERIOD_COLUMNS if types.get(c) in NUMERIC_TYPES]
    if frekuensi == "bulanan" and "bulan" in periods:
        x = "bulan"
    elif "tahun" in periods:
        x = "tahun"
    else:
        x = next((f for f, t in types.items() if t in ("date", "timestamp")), None)
    if x is None:
        return None
    numbers = [f for f, t in types.items() if t in NUMERIC_TYPES and f not in PERIOD_COLUMNS and f != x]
    if not numbers:
        return None
    y = next((f for f in numbers if f.startswith("jumlah")), numbers[0])
    return {
        "engine": "plotly",
        "type": "Bar",
        "x": x,
        "y": y,
        "sort_x": True,
        "limit": CHART_ROW_LIMIT,
        "chart_title": f"{y} / {x}",
    }
