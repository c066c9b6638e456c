"""The dashboard scene's readings, checked without Textual: sign, size and shape of the slope
in words, the gauge, walking the point, and the frame at every size."""

from __future__ import annotations

import math

import pytest

from gradtui.calculus.expr import parse
from gradtui.calculus.points import flat_places, size_of
from gradtui.calculus.points import read_slope as read
from gradtui.scenes import dashboard
from gradtui.scenes.dashboard import DashboardState, gauge, render_text
from gradtui.scenes.kit.params import fill_defaults


def state(**given) -> DashboardState:
    return DashboardState(fill_defaults(dashboard.PARAMS, given))


def test_walking_over_a_peak_and_a_valley_reads_them_in_words():
    s = state(f="x**3 - 3*x", x=-2.0, step=0.25)
    assert s.reading.words == "rising steeply"  # slope 9
    s.move(4)  # x = -1
    assert s.x == -1.0 and s.slope == 0
    assert s.reading.words == "flat: a peak"
    assert "top of a peak" in s.sentence()
    s.move(4)  # x = 0, slope -3
    assert s.reading.words == "falling steeply"
    s.move(4)  # x = 1
    assert s.reading.words == "flat: a valley"
    assert "bottom of a valley" in s.sentence()


def test_size_thresholds():
    assert size_of(0.0) == "zero"
    assert size_of(0.1) == size_of(-0.1) == "nearly level"
    assert size_of(1.0) == "gentle"
    assert size_of(-5.0) == "steep"
    s = state(f="x**2 / 10", x=0.5, range=(-3.0, 3.0))
    assert s.reading.words == "rising, nearly level"  # slope 0.1
    s = state(f="x**2", x=-0.5)
    assert s.reading.words == "falling gently"  # slope -1


def test_a_flat_point_that_is_neither_peak_nor_valley_is_a_plateau():
    reading = read(parse("x**3"), 0.0)
    assert reading.sign == "flat" and reading.shape == "plateau"
    s = state(f="x**3", x=0.0)
    assert "neither peak nor valley" in s.sentence() and "rising on" in s.sentence()
    assert "level ground" in state(f="2", x=1.0).sentence()


def test_a_turn_between_two_steps_is_pointed_out():
    s = state(f="x**3 - 3*x", x=-2.0, step=0.3)
    s.move(3)  # x = -1.1, slope 0.63; the next step (x = -0.8) has slope -1.08
    assert s.x == pytest.approx(-1.1)
    assert "a peak lies there" in s.sentence()
    s.move(1)  # x = -0.8: the peak is now just behind
    assert "just behind" in s.sentence() and "peak" in s.sentence()


def test_the_point_stays_in_the_range_and_on_the_step_grid():
    s = state(f="x**2", x=0.0, step=0.1, range=(-1.0, 1.0))
    s.move(1000)
    assert s.x == 1.0
    s.move(-3)
    assert s.x == 0.7  # start + whole steps: no drift from adding 0.1 again and again
    s.move(-1000)
    assert s.x == -1.0


def test_gauge_marker_sits_by_the_slope_sign():
    flat, up, down = gauge(0.0, 40), gauge(3.0, 40), gauge(-0.5, 40)
    assert flat.startswith("falling ◀") and flat.endswith("▶ rising")
    assert len(flat) == len(up) == 40
    centre = flat.index("●")
    assert up.index("●") > centre > down.index("●")
    assert "━" in up and "━" not in flat
    assert gauge(2.0, 40, ascii=True).isascii()
    assert (
        gauge(float("inf"), 40).index("●") == len("falling ◀") + 40 - len("falling ◀▶ rising") - 1
    )


def test_flat_points_are_found_and_named():
    found = flat_places(parse("x**3 - 3*x"), -3.0, 3.0)
    assert [start for start, _ in found] == [pytest.approx(-1.0), pytest.approx(1.0)]
    text = render_text(fill_defaults(dashboard.PARAMS, {"f": "x**3 - 3*x"}))
    assert "x = -1 (peak), x = 1 (valley)" in text
    assert "rising steeply" in text and "falling" in text
    assert "\x1b" not in text
    assert render_text(fill_defaults(dashboard.PARAMS, {"f": "x**3"}), ascii=True).isascii()


def test_a_corner_is_not_read_as_flat():
    s = state(f="abs(x)", x=-0.5, step=0.25)
    s.move(2)  # x = 0, where autodiff's convention says 0
    assert s.reading.words == "a corner: no single slope"
    assert "slope = none: a corner, not differentiable here (left -1, right 1)" in s.readout()
    assert "no slope here" in s.sentence()
    assert "?" in gauge(s.gauge_slope, 40)
    text = render_text(fill_defaults(dashboard.PARAMS, {"f": "abs(x)"}))
    assert "a corner" in text and "slope is zero" not in text


def test_undefined_places_are_said_in_words():
    s = state(f="log(x)", x=0.5, step=0.25, range=(-1.0, 2.0))
    s.move(-2)  # x = 0: log(0) = -inf
    assert "no point here" in s.sentence()
    s.move(-2)  # x = -1: nan
    assert s.frame(78, 13).lines
    s = state(f="sqrt(x)", x=0.0)
    assert "vertical" in s.sentence()


@pytest.mark.parametrize("ascii", [False, True])
@pytest.mark.parametrize(
    ("width", "height"),
    [(0, 0), (1, 1), (10, 5), (40, 6), (58, 8), (60, 18), (78, 13), (80, 24), (110, 30), (200, 60)],
)
def test_frame_fits_any_size(width, height, ascii):
    s = state()
    lines = s.frame(width, height, ascii).lines
    assert len(lines) <= height
    assert all(len(line) <= width for line in lines)
    if width and height:
        assert "x = "[:width] in lines[0]
    if ascii:
        assert all(line.isascii() for line in lines)


def test_where_f_is_not_defined_the_gauge_gives_no_slope():
    s = state(f="log(x)", x=-1.0, range=[-4.0, -1.0])
    reading = s.reading
    assert math.isnan(reading.slope) and reading.words == "no reading: f is not defined here"


def test_a_flat_stretch_is_one_place_not_a_dozen_plateaus():
    given = {"f": "relu(x - 0.5)*exp(x)", "x": -1.0, "range": [-1.0, 1.5]}
    text = " ".join(render_text(fill_defaults(dashboard.PARAMS, given)).split())
    zero = text.split("The slope is zero at ", 1)[1].split(" Gauge words")[0]
    assert zero == "x = -1 to 0.5 (flat all the way)."
    assert "plateau" not in zero


def test_a_flat_stretch_ends_where_the_ground_starts_to_climb():
    """relu(x-1)*x is flat up to x = 1 exactly; print said 'x = -3 to 0.9975'."""
    ((start, end),) = flat_places(parse("relu(x-1)*x"), -3.0, 3.0)
    assert start == -3.0 and end == pytest.approx(1.0, abs=1e-9)
    ((start, end),) = flat_places(parse("relu(x+0.5) - relu(x-0.7)"), -0.2, 3.0)
    assert start == pytest.approx(0.7, abs=1e-9) and end == 3.0


def test_where_f_has_no_value_the_dashboard_says_which_operation():
    s = state(f="log(x)", x=0.0, range=[-1.0, 3.0])
    assert "f(0) = undefined (log(x) has no value here (log of 0))" in s.readout()
    text = " ".join(" ".join(s.frame(60, 16).lines[:6]).split())  # the words above the plot
    assert "log(x) has no value here (log of 0)" in text


def test_a_long_f_in_the_legend_gives_way_rather_than_be_cut():
    long = "x**3 - 3*x + 0.001*sin(40*x) + 0.0001*cos(30*x)"
    state = DashboardState(fill_defaults(dashboard.PARAMS, {"f": long}))
    for width, height in ((80, 16), (60, 14), (116, 30)):
        legend = state.frame(width, height).lines[-1].rstrip()
        assert legend.endswith((f"y = {long}", "y = f(x)")), (width, legend)


@pytest.mark.parametrize(
    ("f", "size"),
    [
        ("x**3 - 3*x", (80, 16)),
        ("x**3", (80, 16)),
        ("x**3 - 3*x", (80, 20)),
        ("sin(3*x)", (116, 30)),
    ],
)
def test_the_line_of_slope_0_sits_on_the_row_labelled_0(f, size):
    """Lesson 1 step 8 at 80x24: the slope plot's '─ 0' line was drawn on the row labelled 3."""
    s = state(f=f, x=-2.0)
    lines = s.frame(*size).lines
    plot = lines[next(i for i, line in enumerate(lines) if "slope f′(x)" in line) :]
    zero = [line for line in plot if "┤───" in line or "│───" in line]
    assert zero and all(line.split("┤")[0].strip() == "0" for line in zero), plot
