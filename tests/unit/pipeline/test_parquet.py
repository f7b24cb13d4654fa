import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.arrow_schema import arrow_schema
from pipelines.parquet import (
    META_CONTENT,
    META_SPEC,
    period_key,
    published_periods,
    read_history,
    split_periods,
    write_periods,
)
from pipelines.spec import parse_spec

SPEC = parse_spec({
    "name": "penduduk", "organization": "disdukcapil",
    "title": {"id": "Penduduk", "en": "Population"}, "description": {"id": "-", "en": "-"},
    "source": {"match": "penduduk*.csv"}, "period": {"column": "tahun"},
    "schema": {"key": ["tahun", "kode"], "columns": [
        {"name": "tahun", "type": "integer"},
        {"name": "kode", "type": "string", "reference": "kemendagri.kecamatan", "within": "64.09"},
        {"name": "jumlah", "type": "integer", "unit": "jiwa",
         "description": {"id": "Jumlah penduduk", "en": "Population"}},
        {"name": "rasio", "type": "number"}, {"name": "tanggal", "type": "date"},
    ]},
}, "disdukcapil/penduduk.yaml")
SPEC_FIELDS = list(arrow_schema(SPEC))


def table(years, jumlah=None):
    n = len(years)
    return pa.Table.from_arrays([
        pa.array(years, pa.int64()), pa.array([f"64.09.0{i % 4 + 1}" for i in range(n)]),
        pa.array(range(n) if jumlah is None else jumlah, pa.int64()), pa.array([1.5] * n),
        pa.array([dt.date(2024, 1, 2)] * n),
    ], schema=arrow_schema(SPEC))


def test_period_keys():
    assert period_key((2024,), "tahunan") == "2024"
    assert period_key((2024, 3), "bulanan") == "2024-03"
    assert period_key((dt.date(2024, 3, 9),), "bulanan") == "2024-03"
    assert period_key((dt.date(2024, 3, 9),), "harian") == "2024-03-09"


def test_split_by_period_keeps_rows_and_order():
    parts = split_periods(SPEC, table([2023, 2024, 2023, None]))
    assert list(parts) == ["2023", "2024"]
    assert parts["2023"].num_rows == 2 and parts["2024"].num_rows == 1


def test_write_one_typed_file_per_period_with_metadata(tmp_path):
    files = write_periods(SPEC, table([2023, 2024, 2024]), tmp_path)
    assert [(f.period, f.rows) for f in files] == [("2023", 1), ("2024", 2)]
    written = pq.read_table(files[1].path)
    assert written.schema.field("jumlah").type == pa.int64()
    assert written.schema.field("kode").type == pa.string()
    assert written.schema.field("tanggal").type == pa.date32()
    assert written.schema.field("jumlah").metadata[b"unit"] == b"jiwa"
    meta = pq.read_metadata(files[1].path)
    assert meta.metadata[META_SPEC] == b"disdukcapil/penduduk"
    assert len(meta.metadata[META_CONTENT]) == 64
    assert meta.row_group(0).column(0).compression == "ZSTD"


def test_new_period_keeps_earlier_files_and_history_reads_them(tmp_path):
    write_periods(SPEC, table([2022, 2023]), tmp_path)
    write_periods(SPEC, table([2024]), tmp_path)
    assert list(published_periods(SPEC, tmp_path)) == ["2022", "2023", "2024"]
    history = read_history(SPEC, tmp_path, exclude={"2024"})
    assert sorted(history.column("tahun").to_pylist()) == [2022, 2023]


def test_date_periods_follow_the_frequency():
    day = dt.date(2024, 4, 15)
    assert period_key((day,), "triwulanan") == "2024-Q2"
    assert period_key((day,), "semesteran") == "2024-S1"
    assert period_key((day,), "tahunan") == "2024"


def test_a_periods_file_depends_only_on_its_own_rows(tmp_path):
    # 2023 arrives once alone and once beside a changed 2024, in another file, in other chunks
    alone = write_periods(SPEC, table([2023, 2023], [4, 5]), tmp_path / "a")
    mixed = pa.concat_tables([table([2024], [7]), table([2023], [4]).set_column(
        1, SPEC_FIELDS[1], pa.array(["64.09.01"])), table([2023, 2023], [5, 5]).slice(1)])
    beside = write_periods(SPEC, mixed, tmp_path / "b")
    first = alone[0].path.read_bytes()
    assert beside[0].period == "2023" and beside[0].path.read_bytes() == first
    assert pq.read_metadata(alone[0].path).metadata[META_CONTENT] != pq.read_metadata(
        beside[1].path).metadata[META_CONTENT]


def test_an_unchanged_period_keeps_its_file_untouched(tmp_path):
    path = write_periods(SPEC, table([2023, 2024]), tmp_path)[0].path
    before = path.stat().st_mtime_ns
    write_periods(SPEC, table([2023, 2024], [0, 9]), tmp_path)
    assert path.stat().st_mtime_ns == before
    assert published_periods(SPEC, tmp_path)["2024"].stat().st_mtime_ns >= before
