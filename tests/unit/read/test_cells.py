"""The chunk-aware helpers the reader uses on big columns agree with plain pyarrow."""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from pipelines.read.cells import maybe_padded, prefix_candidates, take

WORDS = ["Penajam", "JUMLAH", None, "", "Sub Total", "jml.", "Waru", "Kab. Paser", "Total", "x", "Desa Sotek"]


def chunked(values, size=3):
    return pa.chunked_array([pa.array(values[i : i + size], pa.string()) for i in range(0, len(values), size)])


@pytest.mark.parametrize("index", [[0, 4, 9, 10], [10, 0, 5, 5, 2], [7], []])
def test_take_across_chunks_keeps_the_order_asked(index):
    arr = chunked(WORDS)
    assert take(arr, np.array(index)).to_pylist() == [WORDS[i] for i in index]


def test_take_refuses_rows_outside_the_column():
    with pytest.raises(IndexError):
        take(chunked(WORDS), np.array([0, len(WORDS)]))


def test_prefix_candidates_cover_every_regex_match_and_leave_out_nulls():
    arr = chunked(WORDS)
    hits = prefix_candidates(arr, ("ju", "to", "su", "jm"))
    total = pc.fill_null(pc.match_substring_regex(arr, r"^(?i:(jumlah|total|sub\s*total|jml\.?))"), False)
    assert not np.any(np.asarray(total.to_numpy(zero_copy_only=False)) & ~hits)
    assert hits.tolist() == [False, True, False, False, True, True, False, False, True, False, False]


@pytest.mark.parametrize(
    ("values", "padded"),
    [
        (["Penajam", "Waru", None, "12"], False),
        (["Penajam ", "Waru"], True),
        (["Penajam", " -"], True),
        (["Penajam", "Waru\u00a0"], True),  # NBSP, as Excel writes it
        (["Penajam", "\tWaru"], True),
        ([None, "", "a"], False),
    ],
)
def test_maybe_padded_finds_spaces_at_either_end(values, padded):
    assert maybe_padded(chunked(values, 2)) is padded
    assert maybe_padded(pa.array(values, pa.string())) is padded


def test_decimals_exactly_flags_every_cell_with_that_many_decimals():
    from pipelines.read.cells import decimals_exactly

    values = ["0.911764706", "12", None, "1234567.891234", "-0.000012346", "x.123456789", "", "3.5"]
    hits = decimals_exactly(chunked(values), 9)
    assert hits.tolist() == [True, False, False, False, True, True, False, False]
