"""Bounded memory and time: each hostile file is refused with the limit it broke, and the guarded
reading process turns a hang, an exhausted memory, a native abort or a stray exception into a
ReadError. Hostile files are read under the guard's address-space limit (``run_guarded``), CSV
ones included (their fast path would otherwise run in the test process)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from pipelines.read import Limits, ReadError, ReadResult, read
from pipelines.read.guard import run_guarded
from pipelines.read.limits import DEFAULT

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "hostile"))
from hostile_corpus import cases  # noqa: E402

CASES = {c.name: c for c in cases()}


def guarded_read(tmp_path: Path, name: str, limits: Limits = DEFAULT) -> ReadResult:
    """Workbooks are read in the guarded child by ``read`` itself; a CSV's fast path runs in the
    caller, so here it runs in a guarded child of its own."""
    path = tmp_path / name
    path.write_bytes(CASES[name].data)
    if path.suffix in (".csv", ".tsv"):
        return run_guarded(read, (str(path), None, limits), path, limits)
    return read(path, None, limits)


def refusal(tmp_path: Path, name: str, limits: Limits = DEFAULT) -> ReadError:
    with pytest.raises(ReadError) as info:
        guarded_read(tmp_path, name, limits)
    err = info.value
    assert err.message_id and err.message_en and err.message_id != err.message_en
    return err


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("a1-xfd1048576.xlsx", "too-many-columns"),  # calamine once allocated 512 GiB and aborted
        ("dimensi-bohong.xlsx", "too-many-columns"),
        ("enam-ribu-kolom.xlsx", "too-many-columns"),
        ("zip-bohong.xlsx", "damaged-file"),  # the directory's 1 KiB against 60 MiB inflated
        ("bom-isi.ods", "zip-bomb"),
        ("ulang-raksasa.ods", "too-many-cells"),
        ("rentang.xls", "too-many-columns"),  # rowspan/colspan 1000: once 1.2 GB and 45 s
        ("rentang-bertingkat.xls", "too-many-columns"),
        ("bersarang-html.xls", "too-deeply-nested"),
        ("dua-puluh-ribu-kolom.xls", "too-many-columns"),
        ("indeks.xls", "too-many-columns"),  # ss:Index: once 2.7 GB
        ("merge-turun.xls", "too-many-cells"),
        ("merge-dua.xls", "damaged-file"),  # once a ValueError
        ("indeks-negatif.xls", "damaged-file"),
        ("tawa-miliaran-xml.xls", "xml-entities"),
        ("xxe.xls", "xml-entities"),
        ("bersarang-xml.xls", "too-deeply-nested"),
        ("seratus-ribu-kolom.csv", "too-many-columns"),
        ("baris-kedua-lebar.csv", "too-many-columns"),
        ("titik-koma.csv", "too-many-columns"),
    ],
)
def test_hostile_file_names_the_limit_it_broke(tmp_path, name, code):
    assert refusal(tmp_path, name).code == code


def test_a_box_only_the_memory_limit_sees_is_refused_not_fatal(tmp_path):
    # A1, ZZ1 and A1048576: no far column, so calamine allocates 1M x 702 cells (23 GB) and aborts
    err = refusal(tmp_path, "a1048576-zz1.xlsx")
    assert err.code == "too-much-memory" and "1024 MiB" in err.message_en


def test_cell_limit_applies_to_good_files_too(tmp_path):
    err = refusal(tmp_path, "baik-html.xls", Limits(cells=5))
    assert err.code == "too-many-cells" and "5 cells" in err.message_en


def test_file_size_limit_is_checked_first(tmp_path):
    err = refusal(tmp_path, "baik.xlsx", Limits(file_bytes=1000))
    assert err.code == "file-too-large" and "limit" in err.message_en


def test_unzipped_size_is_checked_on_the_directory(tmp_path):
    err = refusal(tmp_path, "baik.xlsx", Limits(unzipped_bytes=500))
    assert err.code == "zip-bomb"


def test_unzipped_size_is_counted_while_reading(tmp_path):
    from pipelines.read.zipcheck import check_workbook

    path = tmp_path / "baik.xlsx"
    path.write_bytes(CASES["baik.xlsx"].data)
    with pytest.raises(ReadError) as info:  # the directory is not consulted here: the bytes are
        check_workbook(path, "xlsx", Limits(unzipped_bytes=500))
    assert info.value.code == "zip-bomb"


@pytest.mark.parametrize("name", ["baik.xlsx", "baik.ods", "baik-html.xls", "baik-xml.xls", "kutip-baris-baru.csv"])
def test_good_files_of_each_format_still_read_through_the_guard(name):
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"satudata-limits-{os.getpid()}-{name}"
    path.write_bytes(CASES[name].data)
    try:
        result = read(path)
    finally:
        path.unlink()
    assert result.tables and result.tables[0].rows >= 1


def test_guard_turns_a_hang_into_a_timeout(tmp_path):
    start = time.monotonic()
    with pytest.raises(ReadError) as info:
        run_guarded(time.sleep, (30,), tmp_path / "x.xlsx", Limits(seconds=1))
    assert info.value.code == "reader-timeout" and "1 seconds" in info.value.message_en
    assert time.monotonic() - start < 25


def test_guard_turns_exhausted_memory_into_a_refusal(tmp_path):
    with pytest.raises(ReadError) as info:
        run_guarded(bytearray, (4 * 1024**3,), tmp_path / "x.xlsx", DEFAULT)
    assert info.value.code == "too-much-memory"


def test_guard_survives_a_native_abort(tmp_path):
    with pytest.raises(ReadError) as info:
        run_guarded(os.abort, (), tmp_path / "x.xlsx", DEFAULT)
    assert info.value.code == "reader-crashed" and "SIGABRT" in info.value.message_en


def test_guard_turns_any_other_exception_into_a_read_error(tmp_path):
    with pytest.raises(ReadError) as info:
        run_guarded(int, ("dua",), tmp_path / "x.xlsx", DEFAULT)
    assert info.value.code == "reader-failed" and "ValueError" in info.value.message_en


def test_read_error_crosses_the_process_boundary_whole():
    import pickle

    err = ReadError("a.xls", "pesan", "message", code="too-many-cells", row=3, column="B")
    back = pickle.loads(pickle.dumps(err))
    assert (back.file, back.message_id, back.message_en, back.code, back.row, back.column) == (
        "a.xls", "pesan", "message", "too-many-cells", 3, "B")


def test_readme_names_every_limit_with_its_value():
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Hostile files and limits", 1)[1].split("\n## ", 1)[0]
    for name, value in DEFAULT.describe():
        assert f"`{name}`" in section and value in section, name
