"""split_periods groups rows with Arrow; on generated tables it equals the plain per-row grouping it
replaced (written out here as the oracle)."""

from __future__ import annotations

import datetime as dt
import random

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from pipelines.parquet import period_key, split_periods
from pipelines.spec import DatasetSpec


def plain_split(spec, table):
    cols = spec.period.columns
    keys = [period_key(tuple(vals), spec.period.frequency) if None not in vals else None
            for vals in zip(*(table.column(c).to_pylist() for c in cols), strict=True)]
    key_array = pa.array(keys, pa.string())
    return {key: table.filter(pc.equal(key_array, key)) for key in sorted({k for k in keys if k is not None})}


def spec_for(columns, period, frequency):
    return DatasetSpec.model_validate({
        "name": "uji", "organization": "diskominfo", "title": {"id": "Uji", "en": "Test"},
        "description": {"id": "Uji", "en": "Test"}, "source": {"match": "uji*.csv"},
        "period": {"column": period, "frequency": frequency},
        "schema": {"columns": [{"name": n, "type": t} for n, t in columns.items()]}})


def generated(seed):
    rnd = random.Random(seed)
    n = rnd.randint(0, 300)
    shape = seed % 3
    if shape == 0:
        spec = spec_for({"tahun": "integer", "nilai": "integer"}, "tahun", "tahunan")
        data = {"tahun": pa.array([rnd.choice([2021, 2022, 2024, None]) for _ in range(n)], pa.int64())}
    elif shape == 1:
        spec = spec_for({"tahun": "integer", "bulan": "integer", "nilai": "integer"}, ["tahun", "bulan"], "bulanan")
        data = {"tahun": pa.array([rnd.choice([2023, 2024]) for _ in range(n)], pa.int64()),
                "bulan": pa.array([rnd.choice([1, 2, 10, 12, None]) for _ in range(n)], pa.int64())}
    else:
        frequency = rnd.choice(["bulanan", "triwulanan", "semesteran", "harian", "tahunan"])
        spec = spec_for({"tanggal": "date", "nilai": "integer"}, "tanggal", frequency)
        days = [dt.date(2024, 1, 1) + dt.timedelta(days=rnd.randrange(400)) for _ in range(n)]
        data = {"tanggal": pa.array([d if rnd.random() > 0.1 else None for d in days], pa.date32())}
    data["nilai"] = pa.array(list(range(n)), pa.int64())
    return spec, pa.table(data)


@pytest.mark.parametrize("seed", range(45))
def test_split_periods_equals_the_plain_grouping(seed):
    spec, table = generated(seed)
    got = split_periods(spec, table)
    want = plain_split(spec, table)
    assert list(got) == list(want)
    for key in want:
        assert got[key].equals(want[key]), key


@pytest.mark.parametrize("seed", range(0, 45, 4))
def test_period_keys_are_the_split_periods_keys(seed):
    from pipelines.parquet import period_keys

    spec, table = generated(seed)
    assert period_keys(spec, table) == list(plain_split(spec, table))
