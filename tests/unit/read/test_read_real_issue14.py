"""Real files from outside West Java (tests/fixtures/real/SOURCES.md) read as a careful officer counts
them (tests/fixtures/real/EXPECTED.md, written before running the reader)."""

from __future__ import annotations

from pathlib import Path

from pipelines.read import read
from pipelines.read.values import cast_column

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"


def test_yapen_papua_population_by_kampung_reads_whole_with_nothing_dropped():
    [table] = read(REAL / "adminduk_penduduk_desa_yapen_9408.xlsx").tables
    assert table.header_rows == [0]
    assert table.rows == 165 and table.dropped == []
    assert len(table.columns) == 75
    assert len(set(table.values.column("kecamatan").to_pylist())) == 17
    names = [c.name for c in table.columns]
    assert {"a", "b", "o", "ab", "b_plus", "o_minus"} <= set(names)  # blood groups, not section letters
    people = cast_column(table.values.column("jumlah_penduduk"), "integer")
    assert people.bad == [] and min(people.array.to_pylist()) > 0
