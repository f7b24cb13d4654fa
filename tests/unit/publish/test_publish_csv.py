import pyarrow as pa
import pyarrow.csv as pacsv

from pipelines.publish.csv_export import file_hash, neutralise, safe_table, write_csv


def test_formula_cells_get_an_apostrophe():
    cells = pa.array(["=HYPERLINK(\"x\")", "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "Penajam"])
    assert neutralise(cells).to_pylist() == ["'=HYPERLINK(\"x\")", "'+1+2", "'-2+3", "'@SUM(A1)", "'\tcmd", "Penajam"]


def test_plain_numbers_in_text_stay_as_they_are():
    cells = pa.array(["-5", "+62", "-3,5", "-0.25", None])
    assert neutralise(cells).to_pylist() == ["-5", "+62", "-3,5", "-0.25", None]


def test_lone_dash_is_neutralised():
    assert neutralise(pa.array(["-"])).to_pylist() == ["'-"]


def test_numeric_columns_are_never_touched():
    table = pa.table({"angka": pa.array([-5, 3], pa.int64()), "teks": pa.array(["=1", "a"])})
    safe = safe_table(table)
    assert safe.column("angka").to_pylist() == [-5, 3]
    assert safe.column("teks").to_pylist() == ["'=1", "a"]


def test_csv_is_utf8_with_header_and_typed_values(tmp_path, period_file):
    parquet = period_file(tmp_path / "2024.parquet", 2024, ["Sepaku ê", "=cmd"], [-4, 10])
    target = tmp_path / "out.csv"
    digest = write_csv(parquet, target)
    text = target.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == '"tahun","kode","nama","jumlah","rasio","aktif","tanggal"'
    assert '"Sepaku ê"' in lines[1] and ",-4," in lines[1]
    assert "\"'=cmd\"" in lines[2]
    assert digest == file_hash(target) and digest.startswith("sha256:")
    back = pacsv.read_csv(target)
    assert back.num_rows == 2 and back.column("jumlah").to_pylist() == [-4, 10]


def test_same_input_same_hash(tmp_path, period_file):
    parquet = period_file(tmp_path / "2024.parquet", 2024, ["A", "B"], [1, 2])
    assert write_csv(parquet, tmp_path / "a.csv") == write_csv(parquet, tmp_path / "b.csv")
