"""Finite differences: secant slopes, the 0/0 case, and the numeric gradient."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gradtui.calculus.expr import ExprError, parse
from gradtui.calculus.numeric import (
    central_difference,
    default_step,
    numeric_gradient,
    out_of_reach,
    secant_slope,
)


def cube(x):
    return x**3


def test_secant_slope_is_rise_over_run():
    rise, run, slope = secant_slope(cube, 1.0, 0.5)
    assert rise == pytest.approx(1.5**3 - 1)
    assert run == 0.5
    assert slope == pytest.approx(rise / run)


def test_secant_slope_approaches_the_tangent_as_h_shrinks():
    errors = [abs(secant_slope(cube, 1.0, h)[2] - 3.0) for h in (1.0, 0.1, 0.01, 0.001)]
    assert errors == sorted(errors, reverse=True)
    assert errors[-1] < 0.01


def test_h_zero_is_zero_over_zero_and_says_nan():
    rise, run, slope = secant_slope(cube, 2.0, 0.0)
    assert (rise, run) == (0.0, 0.0)
    assert math.isnan(slope)
    assert math.isnan(secant_slope(cube, 2.0, 0.0)[2])
    assert math.isnan(central_difference(cube, 2.0, 0.0))


def test_h_zero_where_the_function_is_infinite_is_still_quiet():
    rise, run, slope = secant_slope(parse("log(x)"), 0.0, 0.0)
    assert (rise, run) == (0.0, 0.0)
    assert math.isnan(slope)


def test_negative_h_measures_the_secant_on_the_left():
    assert secant_slope(cube, 1.0, -0.5)[2] == pytest.approx((1 - 0.5**3) / 0.5)


def test_expressions_work_as_functions():
    f = parse("x**3 - 2*x")
    assert secant_slope(f, 1.0, 1e-3)[2] == pytest.approx(1.0, abs=1e-2)
    assert central_difference(f, 1.0, 1e-4) == pytest.approx(1.0, abs=1e-7)


def test_arrays_of_x_and_of_h():
    xs = np.array([0.0, 1.0, 2.0])
    rise, run, slope = secant_slope(cube, xs, 0.1)
    assert slope.shape == (3,)
    np.testing.assert_allclose(run, [0.1, 0.1, 0.1])
    hs = np.array([1.0, 0.1, 0.0])
    slopes = secant_slope(cube, 1.0, hs)[2]
    assert slopes[:2] == pytest.approx([7.0, 3.31])
    assert math.isnan(slopes[2])


def test_central_difference_is_more_accurate_than_forward():
    h = 1e-3
    forward_error = abs(secant_slope(np.sin, 1.0, h)[2] - math.cos(1.0))
    central_error = abs(central_difference(np.sin, 1.0, h) - math.cos(1.0))
    assert central_error < forward_error / 100


def test_tiny_h_loses_to_rounding():
    good = abs(secant_slope(np.sin, 1.0, 1e-8)[2] - math.cos(1.0))
    bad = abs(secant_slope(np.sin, 1.0, 1e-15)[2] - math.cos(1.0))
    assert bad > 100 * good


def test_numeric_gradient_matches_autodiff():
    expr = parse("x**2 * y + sin(y)")
    at = {"x": 1.0, "y": 2.0}
    numeric = numeric_gradient(expr, at)
    exact = expr.gradient(**at)
    assert set(numeric) == {"x", "y"}
    for name in exact:
        assert numeric[name] == pytest.approx(exact[name], rel=1e-8)


def test_numeric_gradient_over_arrays():
    expr = parse("(x-1)^2 + 10*y^2")
    numeric = numeric_gradient(expr, {"x": np.array([0.0, 3.0]), "y": 1.0})
    np.testing.assert_allclose(numeric["x"], [-2.0, 4.0], rtol=1e-7)
    np.testing.assert_allclose(numeric["y"], [20.0, 20.0], rtol=1e-7)


def test_numeric_gradient_names_a_missing_variable():
    with pytest.raises(ExprError, match="y"):
        numeric_gradient(parse("x * y"), {"x": 1.0})


def test_default_step_scales_with_x():
    assert default_step(1e6) == pytest.approx(1e6 * default_step(0.0))
    assert 1e-7 < default_step(0.0) < 1e-4


@pytest.mark.parametrize(
    ("text", "at", "name", "slope"),
    [
        ("abs(x)", {"x": 1e-9}, "x", 1.0),  # a step of 6e-6 straddled the corner: 0.000165
        ("sin(x)", {"x": 1e6}, "x", math.cos(1e6)),  # a step of 6 spanned a whole wave
        # the rise over any step near x = 1e-3 is a few hundred float gaps of 1e6: 4 digits
        ("1e6 + x**2", {"x": 1e-3}, "x", pytest.approx(2e-3, rel=1e-3)),
        ("sqrt(u^2 + v^2) / w", {"u": 3e-8, "v": -4e-8, "w": 1e-6}, "u", 6e5),
        ("x**3 - 2*x", {"x": 0.5}, "x", -1.25),
    ],
)
def test_the_numeric_gradient_finds_a_step_that_suits_the_point(text, at, name, slope):
    expr = parse(text)
    expected = slope if hasattr(slope, "expected") else pytest.approx(slope, rel=1e-6)
    assert numeric_gradient(expr, at)[name] == expected
    assert out_of_reach(expr, at, name) is None


@pytest.mark.parametrize(
    ("text", "x", "why"),
    [
        ("sin(x)", 1e22, "never agree"),
        ("tan(x)", 1.5707963267948966, "never agree"),
        ("x**2", 1e200, "overflows"),
    ],
)
def test_where_no_difference_can_check_the_slope_it_says_why(text, x, why):
    assert why in out_of_reach(parse(text), {"x": x}, "x")
