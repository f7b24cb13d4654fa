from pathlib import Path

from pipelines.match import by_name
from pipelines.spec import parse_spec


def spec(name, opd, patterns):
    return parse_spec({
        "name": name, "organization": opd, "title": {"id": name, "en": name},
        "description": {"id": "-", "en": "-"}, "source": {"match": patterns}, "period": {"column": "tahun"},
        "schema": {"columns": [{"name": "tahun", "type": "integer"}]},
    }, f"{opd}/{name}.yaml")


SPECS = [spec("penduduk", "disdukcapil", ["penduduk*kecamatan*.xlsx", "penduduk*.csv"]),
         spec("faskes", "dinkes", ["*faskes*", "*fasilitas*kesehatan*"])]


def test_file_name_patterns_are_case_insensitive():
    assert [s.name for s in by_name(Path("PENDUDUK_per_Kecamatan_2024.XLSX"), SPECS)] == ["penduduk"]
    assert [s.name for s in by_name(Path("Data Fasilitas Kesehatan.xlsx"), SPECS)] == ["faskes"]


def test_opd_folder_limits_the_candidates():
    assert by_name(Path("penduduk_2024.csv"), SPECS, opd="dinkes") == []
    assert by_name(Path("laporan.xlsx"), SPECS) == []
