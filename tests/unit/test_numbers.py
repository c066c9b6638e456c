"""Numbers as scenes write them: four significant digits in readouts, written out in full
between a thousandth and 100,000, in e-notation beyond."""

from __future__ import annotations

import pytest

from gradtui.scenes.kit.numbers import short

CASES = [
    (13700, "13700"),
    (-13700, "-13700"),
    (12345.6, "12350"),
    (1234.5, "1234"),
    (0.0012, "0.0012"),
    (2.0, "2"),
    (1e5, "1.000e+05"),
    (4.2e-7, "4.200e-07"),
    (0.0, "0"),
]


@pytest.mark.parametrize("value, shown", CASES)
def test_short_keeps_four_significant_digits_and_writes_the_plain_range_out(value, shown):
    assert short(value) == shown
