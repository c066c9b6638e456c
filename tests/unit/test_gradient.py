"""The gradient's maths (gradtui.calculus.gradient) against closed forms and hand sums: nudges,
lengths, headings, directional slopes and the compass, one step downhill, slices."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gradtui.calculus import gradient as grad
from gradtui.calculus.expr import parse


def test_a_nudge_moves_one_knob_and_measures_the_change_over_the_nudge():
    def output(w):  # w0^2 + 3 w1, by hand
        return w[0] ** 2 + 3 * w[1]

    moved = grad.nudge(output, [1.0, 2.0], 0, 0.1)
    assert moved.before == 7.0 and moved.after == pytest.approx(1.21 + 6.0)
    assert moved.change == pytest.approx(0.21) and moved.ratio == pytest.approx(2.1)
    assert moved.start == 1.0 and moved.end == pytest.approx(1.1)
    other = grad.nudge(output, [1.0, 2.0], 1, -0.5)
    assert other.ratio == pytest.approx(3.0)  # a straight line: any nudge measures it exactly
    assert grad.nudged([1.0, 2.0], 1, -0.5).tolist() == [1.0, 1.5]  # the other knob held


def test_a_nudge_of_zero_is_zero_over_zero_not_a_crash():
    moved = grad.nudge(lambda w: float(w[0]), [1.0], 0, 0.0)
    assert moved.change == 0.0 and math.isnan(moved.ratio)


def test_a_nudge_where_the_output_is_infinite_is_undefined():
    moved = grad.nudge(lambda w: math.inf, [1.0], 0, 0.1)
    assert math.isnan(moved.change) and math.isnan(moved.ratio)


@pytest.mark.parametrize(
    ("vector", "expected"),
    [((3, 4), 5.0), ((0, 0), 0.0), ((1, 2, 2), 3.0), ((-6, 8), 10.0),
     ((1e200, 1e200), math.sqrt(2) * 1e200), ((1e-200, 1e-200), math.sqrt(2) * 1e-200)],
)  # fmt: skip
def test_length_is_the_hypotenuse_without_overflow_or_underflow(vector, expected):
    assert grad.length(vector) == pytest.approx(expected, rel=1e-12)


def test_length_of_something_infinite_or_undefined():
    assert grad.length((math.inf, 1.0)) == math.inf
    assert math.isnan(grad.length((math.nan, 1.0)))
    assert math.isnan(grad.length((math.inf, math.nan)))


@pytest.mark.parametrize(
    ("vector", "degrees"),
    [((1, 0), 0.0), ((1, 1), 45.0), ((0, 3), 90.0), ((-1, 0), 180.0), ((0, -2), 270.0),
     ((2, 4), math.degrees(math.atan2(4, 2))),
     ((-1, -1e-3), 180.0 + math.degrees(math.atan(1e-3)))],
)  # fmt: skip
def test_the_uphill_heading_is_the_gradients_angle_from_plus_x(vector, degrees):
    assert grad.uphill_heading(vector) == pytest.approx(degrees, abs=1e-12)
    assert grad.downhill_heading(vector) == pytest.approx((degrees + 180) % 360, abs=1e-12)


@pytest.mark.parametrize("vector", [(0.0, 0.0), (1e-12, -1e-12), (math.inf, 1.0), (math.nan, 0)])
def test_no_heading_where_flat_or_not_a_finite_vector(vector):
    assert grad.uphill_heading(vector) is None and grad.downhill_heading(vector) is None


def test_flat_means_zero_up_to_rounding():
    assert grad.is_flat((0.0, 0.0)) and grad.is_flat((3e-10, 4e-10))
    assert not grad.is_flat((1e-6, 0.0)) and not grad.is_flat((math.inf, 0.0))


def test_the_slope_along_a_heading_is_the_length_times_the_cosine_of_the_angle_between():
    rng = np.random.default_rng(7)
    for _ in range(200):
        g = rng.normal(size=2) * 10
        theta = rng.uniform(0, 360)
        size, facing = math.hypot(*g), math.degrees(math.atan2(g[1], g[0]))
        closed_form = size * math.cos(math.radians(theta - facing))
        assert grad.directional_slope(g, theta) == pytest.approx(closed_form, abs=1e-9)


def test_the_axis_headings_read_the_partials_exactly():
    g = (0.1, 0.7)
    assert grad.directional_slope(g, 0) == 0.1 and grad.directional_slope(g, 90) == 0.7
    assert grad.directional_slope(g, 180) == -0.1 and grad.directional_slope(g, 270) == -0.7
    assert grad.directional_slope((math.inf, 2.0), 90) == 2.0  # an infinite x-slope, heading N


def test_no_heading_climbs_faster_than_the_gradient_and_its_own_heading_climbs_that_fast():
    g = (2.0, 4.0)
    readings = grad.compass(g, 360)
    assert max(r.slope for r in readings) <= math.hypot(*g) + 1e-12
    best = grad.steepest(readings)
    assert best.degrees == 63.0  # the whole degree nearest atan2(4, 2) = 63.43
    assert grad.directional_slope(g, grad.uphill_heading(g)) == pytest.approx(math.hypot(*g))
    assert min(r.slope for r in readings) >= -math.hypot(*g) - 1e-12


def test_the_compass_of_sixteen_headings():
    readings = grad.compass((2.0, 4.0), 16)
    assert [r.degrees for r in readings] == [22.5 * k for k in range(16)]
    assert grad.steepest(readings).degrees == 67.5  # the listed heading nearest 63.43
    assert grad.steepest([grad.CompassReading(0, math.nan)]) is None


@pytest.mark.parametrize(
    ("degrees", "point"),
    [(0, "E"), (90, "N"), (180, "W"), (270, "S"), (63.43, "NNE"), (45, "NE"), (359, "E"),
     (247.5, "SSW"), (-90, "S"), (720, "E"), (11.24, "E"), (11.26, "ENE")],
)  # fmt: skip
def test_compass_points(degrees, point):
    assert grad.compass_point(degrees) == point


def test_one_step_downhill_is_weights_minus_rate_times_gradient():
    step = grad.descent_step([0.5, 0.0], [-5.84, 2.04], 0.1)
    assert step.tolist() == pytest.approx([0.5 + 0.584, -0.204])


def test_a_slice_walks_f_along_a_heading_with_the_other_direction_still():
    f = parse("x^2 + 2*y^2")
    ts = np.array([-1.0, 0.0, 0.5])
    north = grad.slice_along(f.evaluate, (1.5, 1.0), 90, ts)
    assert north.tolist() == pytest.approx([2.25 + 2 * (1 + t) ** 2 for t in ts])
    east = grad.slice_along(f.evaluate, (1.5, 1.0), 0, ts)
    assert east.tolist() == pytest.approx([(1.5 + t) ** 2 + 2.0 for t in ts])
    flat = grad.slice_along(parse("3").evaluate, (0.0, 0.0), 45, ts)
    assert flat.shape == ts.shape and flat.tolist() == [3.0, 3.0, 3.0]


# --- a crease: one-sided slopes, worked out by hand ---------------------------------------------


def ground(text: str):
    return parse(text, variables=("x", "y")).evaluate


def test_one_sided_slopes_at_a_crease_are_read_by_hand():
    # |x| + y^2 at (0, 1): walking along u = (cos a, sin a) the slope is |cos a| + 2 sin a
    f = ground("abs(x) + y^2")
    degrees = [0, 45, 90, 135, 180, 225, 270]
    expected = [abs(math.cos(math.radians(a))) + 2 * math.sin(math.radians(a)) for a in degrees]
    assert expected[:5] == pytest.approx([1, 2.1213203, 2, 2.1213203, 1])
    assert grad.one_sided_slopes(f, (0.0, 1.0), degrees) == pytest.approx(expected, abs=1e-8)


def test_a_crease_is_told_from_smooth_ground():
    assert grad.has_crease(ground("abs(x) + y^2"), (0.0, 1.0), (0.0, 2.0))  # autodiff's 0
    assert grad.has_crease(ground("abs(x) + abs(y)"), (0.0, 0.0), (0.0, 0.0))
    assert grad.has_crease(ground("sqrt(x^2 + y^2)"), (0.0, 0.0), (math.nan, math.nan))
    assert not grad.has_crease(ground("abs(x) + y^2"), (0.5, 1.0), (1.0, 2.0))
    for text, point, slopes in [
        ("x^2 + 2*y^2", (1.5, 1.0), (3.0, 4.0)),
        ("sin(30*x)*cos(20*y)", (0.3, 0.2), None),
        ("1e6*x^2 + y", (1000.0, 3.0), (2e9, 1.0)),
        ("exp(x)*y", (10.0, 2.0), (2 * math.exp(10), math.exp(10))),
    ]:
        expr = parse(text, variables=("x", "y"))
        found = expr.gradient(x=point[0], y=point[1])
        slopes = slopes or (found["x"], found["y"])
        assert not grad.has_crease(expr.evaluate, point, slopes), text


def test_the_steepest_heading_at_a_crease_is_found_from_the_one_sided_slopes():
    # max of |cos a| + 2 sin a: sqrt(5) at atan2(2, 1) = 63.43 deg and atan2(2, -1) = 116.57 deg
    found = grad.steepest_headings(ground("abs(x) + y^2"), (0.0, 1.0))
    assert [r.degrees for r in found] == pytest.approx([63.434949, 116.565051], abs=2e-3)
    assert [r.slope for r in found] == pytest.approx([math.sqrt(5)] * 2, rel=1e-8)
    (down,) = grad.steepest_headings(ground("abs(x) + y^2"), (0.0, 1.0), climbing=False)
    assert down.degrees == pytest.approx(270, abs=1e-3) and down.slope == pytest.approx(-2)
    four = grad.steepest_headings(ground("abs(x) + abs(y)"), (0.0, 0.0))
    assert [r.degrees for r in four] == pytest.approx([45, 135, 225, 315], abs=2e-3)
    assert grad.steepest_headings(ground("sqrt(x^2 + y^2)"), (0.0, 0.0)) == []  # all alike
    (smooth,) = grad.steepest_headings(ground("x^2 + y^2"), (1.0, 2.0))
    assert smooth.degrees == pytest.approx(math.degrees(math.atan2(4, 2)), abs=2e-3)
    assert smooth.slope == pytest.approx(math.hypot(2, 4))
