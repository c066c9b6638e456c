"""tanh and sigmoid keep their digits far from 0: value and slope against exact references.

The references are computed with Python's `decimal` at 400 digits (no third-party maths):
tanh'(x) is 1/cosh(x)**2 = 4 / (e**x + e**-x)**2, and sigmoid'(x) = e**-|x| / (1 + e**-|x|)**2.
Wherever the true value is a normal float, autodiff must agree to a relative error of 1e-12
(the old forms 1 - tanh**2 and s (1 - s) gave 0 for tanh'(20) and sigmoid'(40)).
"""

from __future__ import annotations

import sys
import warnings
from decimal import Decimal, localcontext

import numpy as np
import pytest

from gradtui.calculus.autodiff import sigmoid, tanh
from gradtui.calculus.expr import parse

SMALLEST_NORMAL = sys.float_info.min
POINTS = sorted(
    {0.0, 1e-300, 1e-12, 1e-8, 0.5, 1.0, 2.5, 10.0, 20.0, 37.5, 40.0, 100.0, 200.0, 300.0}
    | {350.0, 354.0, 354.5, 400.0, 700.0, 708.0, 745.0, 800.0, 1e4}
    | {float(x) for x in np.linspace(-60, 60, 97)}
    | {-x for x in (1e-8, 10.0, 20.0, 40.0, 354.0, 700.0, 708.0, 800.0)}
)


def exact(function: str, x: float) -> tuple[Decimal, Decimal]:
    """(value, slope) of tanh or sigmoid at x, to far more digits than a float holds."""
    with localcontext() as context:
        context.prec = 400  # enough for tanh(1e-300) = (e**a - e**-a) / ..., which cancels
        a = Decimal(x)
        if function == "tanh":
            up, down = a.exp(), (-a).exp()
            return (up - down) / (up + down), 4 / (up + down) ** 2
        e = (-abs(a)).exp()
        value = 1 / (1 + e) if a >= 0 else e / (1 + e)
        return value, e / (1 + e) ** 2


def close(computed: float, true: Decimal) -> bool:
    """Within 1e-12 relatively where the true value is a normal float; else tiny and >= 0."""
    if abs(true) >= SMALLEST_NORMAL:
        return abs(Decimal(float(computed)) - true) <= abs(true) * Decimal("1e-12")
    return 0.0 <= abs(float(computed)) < 1e-300


@pytest.mark.parametrize("function", ["tanh", "sigmoid"])
def test_value_and_slope_keep_their_digits(function):
    expression = parse(f"{function}(x)")
    wrong = []
    for x in POINTS:
        value, gradient = expression.value_and_gradient(x=x)
        true_value, true_slope = exact(function, x)
        if not (close(value, true_value) and close(gradient["x"], true_slope)):
            wrong.append((x, float(value), float(true_value), gradient["x"], float(true_slope)))
    assert not wrong, wrong[:5]


def slope(function: str, x: float) -> float:
    return parse(f"{function}(x)").gradient(x=x)["x"]


def test_the_slopes_named_in_the_issue():
    assert slope("tanh", 20.0) == pytest.approx(1.6993417021166355e-17, rel=1e-12, abs=0)
    assert slope("sigmoid", 40.0) == pytest.approx(4.248354255291589e-18, rel=1e-12, abs=0)
    ten = float(exact("tanh", 10.0)[1])
    assert slope("tanh", 10.0) == pytest.approx(ten, rel=1e-14, abs=0)


@pytest.mark.parametrize("operation", [tanh, sigmoid], ids=["tanh", "sigmoid"])
def test_arrays_give_the_same_numbers_without_overflow_or_warnings(operation):
    xs = np.array([x for x in POINTS] + [np.inf, -np.inf])
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        values, slopes = operation(xs)
        (slope,) = slopes()
        one_by_one = [operation(float(x)) for x in xs]
        singles = [(v, s()[0]) for v, s in one_by_one]
    assert values.shape == slope.shape == xs.shape
    assert [float(v) for v in values] == [float(v) for v, _ in singles]
    assert [float(s) for s in slope] == [float(s) for _, s in singles]
    assert np.all(np.isfinite(values)) and np.all(slope >= 0) and np.all(slope <= 1)
    assert slope[-1] == slope[-2] == 0.0  # flat at both infinities
    assert isinstance(singles[0][0], float)  # a number in, a number out (not a 0-d array)
