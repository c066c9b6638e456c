"""The field scene without a terminal: the gradient at the point against closed forms and finite
differences, the arrows on the map, the compass, slices, the keys, sizes and text mode."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from gradtui.scenes import KINDS, function_param, scene_params
from gradtui.scenes import field as scene
from gradtui.scenes.field import picture
from gradtui.scenes.field.state import FieldState
from gradtui.scenes.field.words import FLAT_WORDS
from gradtui.scenes.kit import maps
from gradtui.scenes.kit.params import fill_defaults
from gradtui.script.parse import parse_lesson
from gradtui.script.problems import LessonError

BOWL = "x^2 + 2*y^2"  # gradient (2x, 4y)
UNICODE_HEADS = set("→↗↑↖←↙↓↘")


def panel_words(frame, name: str) -> str:
    """The words of one panel of a frame, its wrapped lines joined as a sentence."""
    (panel,) = [p for p in frame.panels if p.name == name]
    return " ".join(" ".join(panel.lines).split())


def make(**given) -> FieldState:
    return FieldState(fill_defaults(scene.PARAMS, given))


def central(f, x: float, y: float, h: float = 1e-6) -> tuple[float, float]:
    """Both partials by central differences, straight from the typed function."""
    return (
        (f(x + h, y) - f(x - h, y)) / (2 * h),
        (f(x, y + h) - f(x, y - h)) / (2 * h),
    )


def test_registered_with_its_params_and_its_function():
    assert KINDS["field"] == "gradtui.scenes.field"
    names = {p.name for p in scene_params("field")}
    assert {"f", "at", "x_range", "y_range", "headings", "contours"} <= names
    assert all(p.doc for p in scene.PARAMS)
    assert function_param("field").name == "f"


@pytest.mark.parametrize(
    "setting",
    ["at = [1.0]", "at = [1.0, 2.0, 3.0]", 'f = "x + z"', "headings = 2", "heading = 400"],
)
def test_bad_params_are_refused_at_their_line(setting):
    text = f'+++\ntitle = "t"\n+++\n\n# Step\n\n```scene\nkind = "field"\n{setting}\n```\n'
    with pytest.raises(LessonError) as caught:
        parse_lesson(text, Path("bad.md"))
    assert caught.value.problems[0].line == 9


def test_the_gradient_at_the_point_is_the_closed_form():
    s = make(f=BOWL, at=[1.5, 1.0])
    assert s.value == 4.25 and s.gradient == (3.0, 4.0)
    assert s.steepness == 5.0
    assert s.uphill == pytest.approx(math.degrees(math.atan2(4, 3)))
    text = "\n".join(s.frame(80, 13).lines)
    for words in ("f = 4.25 at (1.5, 1)", "∂f/∂x = 3", "∂f/∂y = 4", "|∇f| = 5",
                  "uphill 53.13° (NE)"):  # fmt: skip
        assert words in text


@pytest.mark.parametrize(
    ("f", "point"),
    [("sin(x)*y + exp(0.3*y)", (0.7, -1.2)), ("x*y^3 - log(1 + x^2)", (-1.1, 0.4)),
     ("sqrt(x^2 + y^2 + 1)", (2.0, -0.5))],
)  # fmt: skip
def test_the_gradient_agrees_with_finite_differences(f, point):
    s = make(f=f, at=list(point))
    numeric = central(lambda x, y: s.f.evaluate(x=x, y=y), *point)
    assert s.gradient == pytest.approx(numeric, rel=1e-7, abs=1e-9)


def test_the_compass_reads_the_slope_along_each_heading_and_none_beats_the_gradient():
    s = make(f=BOWL, at=[1.5, 1.0], headings=16)
    for reading in s.readings:
        closed_form = 5.0 * math.cos(math.radians(reading.degrees) - math.atan2(4, 3))
        assert reading.slope == pytest.approx(closed_form, abs=1e-12)
        assert reading.slope <= s.steepness
    assert s.best.degrees == 45.0  # the listed heading nearest 53.13
    assert "no heading climbs faster" in s.steepest_words()
    strip = s.compass_strip(ascii=False)
    assert strip[4][8 + 2] == "*"  # under 45 degrees, the third of sixteen, nearest 53.13


def test_the_slice_along_a_heading_has_the_compass_slope_at_the_point():
    s = make(f="x^2 - x*y + y^2/2", at=[1.0, -1.0])  # gradient (2x - y, -x + y) = (3, -2)
    assert s.gradient == (3.0, -2.0)
    s.show_slice("x")
    assert s.slice_slope == 3.0 and s.measured_slice_slope() == pytest.approx(3.0, rel=1e-8)
    s.show_slice("y")
    assert s.slice_slope == -2.0 and s.measured_slice_slope() == pytest.approx(-2.0, rel=1e-8)
    s.show_slice("y")  # again: back to the chosen heading
    assert s.slice == "heading"
    for _ in range(3):
        s.turn(1)
    assert s.heading == 67.5
    expected = 3 * math.cos(math.radians(67.5)) - 2 * math.sin(math.radians(67.5))
    assert s.slice_slope == pytest.approx(expected, abs=1e-12)
    assert s.measured_slice_slope() == pytest.approx(expected, rel=1e-7)
    s.face_uphill()
    assert s.heading == pytest.approx(math.degrees(math.atan2(-2, 3)) % 360)
    assert s.slice_slope == pytest.approx(math.hypot(3, 2))
    s.turn(-1)
    s.turn(1)
    assert s.heading == pytest.approx(math.degrees(math.atan2(-2, 3)) % 360)


def test_a_flat_point_has_no_arrow_and_no_heading_in_words():
    s = make(f="(x - 1)^2 + (y + 0.5)^2", at=[1.0, -0.5])
    assert s.gradient == (0.0, 0.0) and s.uphill is None
    text = "\n".join(s.frame(80, 13).lines)
    assert f"uphill {FLAT_WORDS}" in text
    assert not UNICODE_HEADS & set("\n".join(s.map(46, 12)))
    assert "Flat here" in s.steepest_words()
    s.face_uphill()  # nowhere to face: nothing happens
    assert s.heading == 0.0


def test_the_uphill_arrow_points_uphill_and_grows_with_the_steepness():
    s = make(f=BOWL, at=[1.5, 1.0])
    columns, rows = 60, 20
    here = maps.cell_of(*s.point, s.box, columns, rows)
    up = s.arrow(here, s.climbs[0], columns, rows)[0][-1]
    down = s.arrow(here, s.falls[0], columns, rows)[0][-1]
    assert up[0] > here[0] and up[1] < here[1]  # right and up: x and y both grow uphill
    assert down[0] < here[0] and down[1] > here[1]
    centres = {cell: maps.point_of(*cell, s.box, columns, rows) for cell in (here, up, down)}
    values = {cell: s.f.evaluate(x=x, y=y) for cell, (x, y) in centres.items()}
    assert values[down] < values[here] < values[up]
    picture = s.map(columns, rows)
    assert picture[up[1]][up[0]] in UNICODE_HEADS and picture[here[1]][here[0]] == "●"
    near = make(f=BOWL, at=[0.3, 0.2])
    near_here = maps.cell_of(*near.point, near.box, columns, rows)
    near_up = near.arrow(near_here, near.climbs[0], columns, rows)[0][-1]
    assert math.dist(near_here, near_up) < math.dist(here, up)


def test_enter_takes_the_arrows_into_the_map_and_esc_gives_them_back():
    s = make(f=BOWL, at=[1.5, 1.0])
    keys = {key.keys: key for key in scene.KEYS}
    assert not keys["up"].active(s) and keys["enter"].active(s)
    s.enter_map()
    assert keys["up"].active(s) and keys["escape"].active(s) and not keys["enter"].active(s)
    s.move(1, 0)
    assert s.point == (1.8, 1.0)  # a twentieth of the range [-3, 3]
    s.move(0, -1)
    assert s.point == (1.8, 0.7) and s.gradient == pytest.approx((3.6, 2.8))
    for _ in range(50):
        s.move(1, 1)
    assert s.point == (3.0, 3.0)  # kept on the map
    s.leave_map()
    assert not keys["left"].active(s)
    s.reset()
    assert s.point == (1.5, 1.0) and not s.in_map


def test_a_click_on_the_map_puts_the_point_there():
    s = make(f=BOWL, at=[1.5, 1.0])
    columns, rows = s.map_size(80, 13)
    assert s.click(0, 0, 80, 13)
    x, y = s.point
    assert maps.cell_of(x, y, s.box, columns, rows) == (0, 0) and s.in_map
    assert s.gradient == pytest.approx((2 * x, 4 * y))
    assert not s.click(columns + 5, 0, 80, 13)


def test_with_contours_the_shades_are_bands_of_equal_height_and_c_turns_them_off():
    s = make(f=BOWL)
    columns, rows = 46, 12
    values = maps.sample(s.f.evaluate, s.box, columns, rows)
    shades = picture.SHADES.unicode
    banded = s.map(columns, rows)
    low, high = maps.quantiles(values.ravel(), [0.02, 0.98])
    step = (high - low) / len(shades)
    for row, col in [(0, 0), (5, 20), (6, 23), (11, 45), (3, 10)]:  # away from the marks
        band = min(max(int((values[row, col] - low) // step), 0), len(shades) - 1)
        assert banded[row][col] == shades[band]
    assert "edges: contours" in "\n".join(s.legend(False, 80))
    s.toggle_contours()  # shades of equal area: each covers about a fifth of the map
    flat = "".join(s.base(columns, rows, False))
    assert all(abs(flat.count(shade) / len(flat) - 0.2) < 0.05 for shade in shades)
    assert "shades of equal area" in "\n".join(s.legend(False, 80))


def test_the_point_outside_the_ranges_widens_them():
    s = make(at=[10.0, -4.0])
    assert s.x_range == (-3.0, 10.0) and s.y_range == (-4.0, 3.0)


@pytest.mark.parametrize("f", ["x", "3", "y^2", "1/x", "log(x*y)", "exp(1000*x)", "0/0"])
def test_any_function_of_x_and_y_makes_a_scene_and_says_trouble_in_words(f):
    """The `e` key rebuilds the state with whatever valid function the learner types."""
    s = make(f=f, at=[0.0, 0.0])
    s.enter_map()
    s.move(1, 1)
    text = "\n".join(s.frame(80, 13).lines) + "\n" + s.readout()
    assert not re.search(r"(?<![\w(])(inf|nan)(?![\w)])", text), text


@pytest.mark.parametrize("size", [(0, 0), (1, 1), (10, 3), (30, 6), (58, 8), (80, 13), (200, 48)])
def test_any_size_gives_a_frame_that_fits_and_ascii_is_seven_bit(size, frame_fits):
    s = make(f=BOWL)
    s.turn(1)
    frame_fits(s, *size)
    s.enter_map()
    s.move(-1, -1)
    s.switch_side()
    frame_fits(s, *size)


def test_the_map_gets_at_least_six_rows_at_the_smallest_lesson_size():
    # the lesson screen gives a scene 14 rows at 80x24, and 16 at 60x18 once `z` folds the
    # text away (at 60x18 the text and the scene take turns: a 60x8 scene is never shown)
    s = make(f=BOWL)
    assert s.map_size(60, 16)[1] >= 6 and s.map_size(80, 12)[1] >= 6


def test_ascii_marks_are_not_in_the_ascii_shading():
    marks = {picture.POINT.ascii, picture.DOWNHILL.ascii,
             picture.HEADING.ascii, *picture.LINES.ascii, *picture.HEADS.ascii}  # fmt: skip
    assert not marks & set(picture.SHADES.ascii)


def test_render_text_gives_the_numbers_the_compass_and_a_map_with_the_arrow():
    params = fill_defaults(scene.PARAMS, {"f": BOWL, "at": [1.5, 1.0]})
    text = scene.render_text(params)
    for words in ("f        = 4.25", "∂f/∂x    = 3", "∂f/∂y    = 4", "|∇f|     = 5",
                  "uphill   = 53.13° (NE)", "downhill = 233.13° (SW)"):  # fmt: skip
        assert words in text
    rows = re.findall(r"^\s+([\d.]+)°\s+([A-Z]+)\s+(-?[\d.]+)", text, re.MULTILINE)
    assert len(rows) == 17  # the sixteen headings and, in its place, the gradient's own
    for degrees, _, slope in rows:
        closed = 5 * math.cos(math.radians(float(degrees)) - math.atan2(4, 3))
        assert float(slope) == pytest.approx(closed, rel=1e-4, abs=1e-4)
    assert "53.13°  NE             5  steepest" in text  # what "uphill" said, the same
    assert "45°  NE        4.9497\n" in text  # the nearest listed heading is not called so
    picture = text[text.index("The map in 7-bit text") :].splitlines()[1:19]
    assert len(picture) == 18 and all(line.isascii() for line in picture)
    joined = "\n".join(picture)
    assert joined.count("o") == 1 and "^" in joined and "." in joined  # point, uphill, downhill
    assert "o point  --> uphill  ..> downhill" in text
    assert scene.render_text(params, ascii=True).isascii()


def test_steps_on_a_grid_never_drift():
    s = make(f=BOWL, at=[0.0, 0.0], step=0.1)
    for _ in range(7):
        s.move(1, 0)
    assert s.point == (0.7, 0.0)
    assert np.isfinite(s.value)


def test_where_f_has_no_value_no_slope_or_heading_is_claimed():
    s = make(f="log(x) + y", at=[-1.0, 0.0])  # log(-1): no real value
    assert all(math.isnan(v) for v in s.gradient)
    assert s.heading_words() == s.heading_words(downhill=True) == "none: no finite slope here"


def test_a_gradient_below_the_flat_line_says_it_is_counted_as_flat():
    s = make(f="5e-10*x + 5e-10*y", at=[0.3, 0.4])
    assert s.heading_words() == "none: flat here (|grad f| below 1e-09 counts as flat)"
    assert "no heading climbs by more than 7.071e-10" in s.steepest_words()
    assert make(f="3", at=[0.0, 0.0]).steepest_words().startswith("Flat here: every heading")


def test_a_compass_slope_that_cancels_to_rounding_reads_zero():
    from gradtui.calculus.gradient import directional_slope

    assert directional_slope((1.0, 1.0), 135.0) == 0.0  # cos + sin: 1.1e-16 before
    assert directional_slope((-1.0, 1.0), 45.0) == 0.0
    assert directional_slope((1.0, 1.0), 45.0) == pytest.approx(math.sqrt(2))
    assert directional_slope((1e-20, 0.0), 30.0) == pytest.approx(1e-20 * math.cos(math.pi / 6))


def test_at_a_corner_the_field_names_it_and_climbs_by_its_one_sided_slopes():
    # |x| + y^2 at (0, 1): walking along u = (cos a, sin a) climbs |cos a| + 2 sin a, at most
    # sqrt(5) at atan2(2, 1) = 63.43 and atan2(2, -1) = 116.57 degrees; there is no gradient
    s = make(f="abs(x) + y^2", at=[0.0, 1.0])
    assert s.corner
    by_heading = {r.degrees: r.slope for r in s.readings}
    for degrees in (0.0, 45.0, 90.0, 135.0, 180.0, 270.0):
        a = math.radians(degrees)
        assert by_heading[degrees] == pytest.approx(abs(math.cos(a)) + 2 * math.sin(a), abs=1e-8)
    assert [r.degrees for r in s.climbs] == pytest.approx([63.434949, 116.565051], abs=1e-5)
    assert s.steepness == pytest.approx(math.sqrt(5))
    text = panel_words(s.frame(80, 22), "readings")
    assert "∂f/∂x = none (-1 before, 1 after)" in text and "∂f/∂y = 2" in text
    assert "a corner: no gradient" in text and "|∇f|" not in text
    assert "steepest 63.435° (NNE) and 116.57° (NNW)" in text
    assert "no heading climbs faster" not in text
    words = s.steepest_words()
    assert "no gradient" in words and "63.435° (NNE) and 116.57° (NNW) climb fastest" in words
    s.face_uphill()
    assert s.heading == pytest.approx(63.434949, abs=1e-5) and s.slice_slope == pytest.approx(
        math.sqrt(5)
    )
    columns, rows = 40, 12
    here = maps.cell_of(*s.point, s.box, columns, rows)
    for climb in s.climbs:  # an arrow along each steepest heading found
        cells, _ = s.arrow(here, climb, columns, rows)
        assert s.map(columns, rows)[cells[-1][1]][cells[-1][0]] in UNICODE_HEADS
    smooth = make(f="abs(x) + y^2", at=[0.5, 1.0])
    assert not smooth.corner and "|∇f| = 2.236" in "\n".join(smooth.frame(80, 22).lines)


def test_an_arrow_running_off_the_map_keeps_its_head_at_the_edge():
    s = make(f="x^2 + y^2", at=[1.0, 2.0])  # lesson 2 step 8: uphill runs off the top
    columns, rows = s.map_size(80, 15)
    picture = s.map(columns, rows)
    cells, _ = s.arrow(maps.cell_of(*s.point, s.box, columns, rows), s.climbs[0], columns, rows)
    column, row = cells[-1]
    assert row == 0 and picture[row][column] in "↗↑"


def test_the_legend_names_every_mark_on_the_map_and_how_it_is_shaded():
    from gradtui.scenes.kit.picture_rules import unnamed_marks

    arrows = str.maketrans({**dict.fromkeys(picture.LINES.unicode, "─"),
                            **dict.fromkeys(picture.HEADS.unicode, "→")})  # fmt: skip
    for given in ({"f": BOWL, "at": [1.5, 1.0]}, {"f": "x^2 + y^2", "at": [1.0, 2.0]},
                  {"f": "abs(x) + y^2", "at": [0.0, 1.0]}):  # fmt: skip
        s = make(**given)
        for size in ((80, 14), (60, 16), (116, 48)):
            columns, rows = s.map_size(*size)
            drawn = set("".join(s.map(columns, rows)).translate(arrows))
            marks = drawn - set(picture.SHADES.unicode)
            legend = "\n".join(s.legend(False, columns))
            assert unnamed_marks(sorted(marks), legend) == []
            assert f"[{picture.SHADES.unicode}] low to high" in legend
            assert len(s.frame(*size).lines) <= size[1]


def test_the_compass_bars_stand_on_a_zero_line():
    s = make(f=BOWL, at=[1.5, 1.0])
    strip = s.compass_strip(ascii=False)
    climbs, zero, falls = (line[8:] for line in strip[1:4])
    assert strip[2].startswith("0") and set(zero) == {"─"}
    for reading, up, down in zip(s.readings, climbs.ljust(16), falls.ljust(16), strict=True):
        if reading.slope > 0:
            assert up != " " and down == " "
        elif reading.slope < 0:
            assert up == " " and down != " "
    assert climbs[2] == "█" and falls[10] == "█"  # 45 and 225 degrees: the most either way


def test_in_ascii_the_heading_and_the_steepest_are_marked_apart():
    s = make(f=BOWL, at=[1.5, 1.0])
    text = "\n".join(s.frame(80, 22, ascii=True).lines)
    assert "* heading" in text and "! steepest" in text and "* steepest" not in text


def test_where_f_has_no_value_the_field_says_which_operation():
    s = make(f="log(x) + y", at=[0.0, 1.0])
    text = panel_words(s.frame(80, 22), "readings")
    assert "log(x) has no value here (log of 0)" in text
    assert "log(x) has no value here (log of 0)" in s.steepest_words()
    assert "? no value" in "\n".join(s.legend(False, 40))  # the map's holes
    assert not make(f=BOWL).holes


@pytest.mark.parametrize(("slice_", "at"), [("x", 1.0), ("y", -1.0)])
def test_an_x_or_y_slice_is_drawn_over_that_axis_with_the_point_at_its_own_value(slice_, at):
    """Lesson 2's "One knob held still" at (1, -1): the caption said "f along x, y held at -1"
    but the axis ran from -1.25 to 1.25 with the point over 0.00, not over x = 1."""
    s = make(f="x^2 - x*y + y^2/2", at=[1.0, -1.0])
    s.show_slice(slice_)
    lines = s.slice_plot(40, 10, ascii=False)
    labels = [float(v) for v in lines[-1].split()]
    assert labels[0] < at < labels[-1]
    assert labels[len(labels) // 2] == pytest.approx(at)  # the middle label: the point's own
    middle = next(i for i, line in enumerate(lines) if "●" in line)
    column = lines[middle].index("●")
    ticks = lines[-2]
    assert ticks[column] == "┬"  # the point sits over the middle tick
