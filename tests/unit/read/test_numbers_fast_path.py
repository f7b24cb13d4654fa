"""The common Indonesian spellings take the one-pass route and read exactly as the general rules do."""

import pyarrow as pa
import pytest

from pipelines.read.values import cast_column


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["1.234.567,89", "12,5", "-3,25", "0", None], [1234567.89, 12.5, -3.25, 0.0, None]),
        (["1.234", "5,5"], [1234.0, 5.5]),  # a lone 1.234 is a thousand beside a decimal comma
        (["62.500.000.000,00", "4.056.250.000,00"], [62500000000.0, 4056250000.0]),
    ],
)
def test_indonesian_decimals(texts, expected):
    result = cast_column(pa.array(texts, pa.string()), "number")
    assert result.bad == []
    assert result.array.to_pylist() == expected


def test_english_decimals_in_a_column_still_read_the_english_way():
    result = cast_column(pa.array(["1,234.5", "12.75"], pa.string()), "number")
    assert result.array.to_pylist() == [1234.5, 12.75]
