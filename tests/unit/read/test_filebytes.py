"""FileBytes searches like ``bytes`` does, across the edges of the windows it searches in."""

import random

import pyarrow as pa
import pytest

from pipelines.read import filebytes
from pipelines.read.filebytes import FileBytes


@pytest.mark.parametrize("window", [(16, 257), (4096, 1024 * 1024)])
def test_find_and_rfind_agree_with_bytes(monkeypatch, window):
    monkeypatch.setattr(filebytes, "NEAR", window[0])
    monkeypatch.setattr(filebytes, "WINDOW", window[1])
    rnd = random.Random(39)
    for _ in range(150):
        raw = bytes(rnd.choice(b'ab\n"c;') for _ in range(rnd.randint(0, 3000)))
        data = FileBytes(pa.py_buffer(raw))
        assert len(data) == len(raw) and data.to_bytes() == raw
        for _ in range(10):
            sub = rnd.choice([b"\n", b'"', b"ab", b"c\na"])
            start, end = rnd.randint(0, len(raw) + 2), rnd.choice([None, rnd.randint(0, len(raw) + 5)])
            stop = len(raw) if end is None else end
            assert data.find(sub, start, end) == raw.find(sub, start, stop)
            assert data.rfind(sub, start, end) == raw.rfind(sub, start, stop)


def test_reads_a_file_and_slices_like_bytes(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"\xef\xbb\xbfKecamatan;Jumlah\nWaru;12\n")
    data = FileBytes.read(path)
    assert data[:3] == b"\xef\xbb\xbf" and data[3] == ord("K") and data[-1:] == b"\n"
