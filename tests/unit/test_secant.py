"""The secant scene's numbers and frame, checked without Textual: slopes approach the exact
slope, floating point spoils them at tiny h, h = 0 is 0/0, and odd points are named in words."""

from __future__ import annotations

import math
import re

import pytest

from gradtui.calculus.points import examine_point
from gradtui.scenes import secant
from gradtui.scenes.kit.params import ParamError, coerce, fill_defaults
from gradtui.scenes.secant import SecantState, render_text


def state(**given) -> SecantState:
    return SecantState(fill_defaults(secant.PARAMS, given))


def param(name: str):
    return next(p for p in secant.PARAMS if p.name == name)


SMOOTH = [
    ("x**2", 3.0, 6.0),
    ("x**3 - 2*x", 1.0, 1.0),
    ("sin(x)", 1.0, math.cos(1.0)),
    ("exp(x)", 0.5, math.exp(0.5)),
]


@pytest.mark.parametrize(("f", "x", "exact"), SMOOTH)
def test_slope_approaches_the_exact_slope_as_h_shrinks(f, x, exact):
    s = state(f=f, x=x, h=0.1, shrink=10.0)
    assert s.exact == pytest.approx(exact, rel=1e-12)  # autodiff, not a difference
    errors = []
    for _ in range(5):  # h = 0.1 ... 1e-5: the error falls roughly like h
        errors.append(s.error)
        s.shrink()
    assert all(later < earlier / 5 for earlier, later in zip(errors, errors[1:], strict=False))
    assert abs(s.slope - exact) < 1e-4


@pytest.mark.parametrize(("f", "x", "exact"), SMOOTH)
def test_error_stops_falling_and_grows_again_at_tiny_h(f, x, exact):
    s = state(f=f, x=x, h=1.0, shrink=10.0)
    while s.play_step():
        pass
    rows = {row.h: row for row in s.rows}
    assert min(rows) == 0.0 and math.isnan(rows[0.0].slope)  # the table ends at 0/0
    finite = [row for row in s.rows if row.h != 0]
    best = min(finite, key=lambda row: row.error)
    assert 1e-10 <= best.h <= 1e-6  # the smallest error sits near sqrt(eps) ~ 1e-8
    assert rows[1e-15].error > 100 * best.error  # and is far worse at 1e-15


def test_h_zero_is_zero_over_zero_never_an_error():
    s = state(f="x**2", x=3.0)
    s.set_zero()
    assert s.h == 0 and s.run == 0 and s.rise == 0
    assert math.isnan(s.slope) and math.isnan(s.error)
    text = s.readout()
    assert "slope = 0/0" in text and "no line through one point" in text
    assert "two points" in s.sentence()
    assert "0/0 no line" in s.table_lines()[-1]
    s.shrink()  # nothing below 0
    assert s.h == 0
    s.grow()  # back to the h before it
    assert s.h == 1.0


def test_shrink_and_grow_step_by_the_factor_with_clean_numbers():
    s = state(f="x**2", x=1.0, h=1.0, shrink=10.0)
    s.shrink()
    s.shrink()
    s.shrink()
    assert s.h == 0.001  # exactly, not 0.0010000000000000002
    s.grow()
    assert s.h == 0.01
    assert [row.h for row in s.rows] == [1.0, 0.1, 0.001, 0.01]


def test_shrinking_reaches_about_1e_16_then_zero():
    s = state(f="x**2", x=1.0, h=1.0, shrink=10.0)
    hs = [s.h]
    while s.play_step():
        hs.append(s.h)
    hs.append(s.h)
    assert hs[-2] == pytest.approx(1e-16) and hs[-1] == 0
    assert len(s.rows) == 18  # 1, 0.1, ..., 1e-16, and 0
    assert not s.play_step() and s.h == 0
    s.start_play()  # playing again starts over from the first h
    assert s.h == 1.0


def test_hs_from_the_script_are_played_in_order():
    s = state(f="x**2", x=3.0, hs=[0.5, 0.05, 0.0])
    played = []
    more = True
    s.start_play()
    while more:
        more = s.play_step()
        played.append(s.h)
    assert played == [0.5, 0.05, 0.0]
    assert not s.play_step()


def test_table_has_one_row_per_h_newest_last():
    s = state(f="x**2", x=3.0, h=0.1, shrink=10.0)
    s.shrink()
    s.grow()  # 0.1 again: moves to the bottom, not a second copy
    lines = s.table_lines()
    assert lines[0].split() == ["h", "slope", "error"]
    assert [line.split()[0] for line in lines[1:]] == ["0.01", "0.1"]
    assert lines[-1].split()[1] == "6.1"


def test_left_side_gives_the_left_secant():
    s = state(f="x**2", x=3.0, h=0.1, side="left")
    assert s.h == -0.1
    assert s.slope == pytest.approx(5.9)
    s.switch_side()
    assert s.slope == pytest.approx(6.1)


def test_sentences_follow_the_situation():
    s = state(f="x**2", x=3.0, h=1.0, shrink=10.0)
    assert "average slope" in s.sentence()
    s.shrink()
    s.shrink()
    assert "turns into the tangent" in s.sentence()
    for _ in range(8):  # h = 1e-10
        s.shrink()
    assert s.cancelling and "agree in almost all" in s.sentence()
    t = state(f="x**2", x=1.0, h=1e-15, shrink=10.0)
    t.shrink()  # 1e-16: 1 + 1e-16 is 1 in floating point
    assert t.slope == 0 and "rounds back to x" in t.sentence()


def test_abs_at_zero_is_a_corner_with_two_one_sided_slopes():
    s = state(f="abs(x)", x=0.0)
    assert s.point.kind == "corner"
    assert s.point.left == pytest.approx(-1) and s.point.right == pytest.approx(1)
    assert "exact = none: a corner, not differentiable here (left -1, right 1)" in s.readout()
    assert "from the right" in s.sentence() and "from the left" in s.sentence()
    assert math.isnan(s.error)
    assert examine_point(lambda t: max(t, 0.0), 0.0).kind == "corner"  # relu's corner too


def test_sqrt_at_zero_has_an_infinite_slope():
    s = state(f="sqrt(x)", x=0.0, h=0.5)
    assert s.point.kind == "vertical"
    assert s.exact == math.inf
    assert "grows without bound" in s.sentence() and "infinite" in s.sentence()
    assert "not defined just left" in s.sentence()
    s.switch_side()  # Q at -0.5: off the curve, said in words
    assert math.isnan(s.slope) and "off the curve" in s.sentence()


def test_log_at_zero_is_undefined_and_every_key_still_works():
    s = state(f="log(x)", x=0.0, range=(-1.0, 3.0))
    assert s.point.kind == "undefined"
    assert "undefined (log(x) has no value here (log of 0))" in s.sentence()
    assert "no slope" in s.sentence()
    for move in (s.shrink, s.grow, s.switch_side, s.set_zero, s.toggle_tangent, s.reset):
        move()
        assert s.frame(78, 13).lines
    while s.play_step():
        pass


@pytest.mark.parametrize(
    ("f", "x"),
    [("x**2", 0.0), ("1e6 + x**2", 0.0), ("exp(10*x)", 1.0), ("3", 2.0), ("sin(x)", 100.0)],
)
def test_smooth_points_are_not_mistaken_for_odd_ones(f, x):
    assert state(f=f, x=x).point.kind == "smooth"


def test_h_must_be_positive_and_shrink_sensible():
    with pytest.raises(ParamError):
        coerce(param("h"), 0)
    with pytest.raises(ParamError):
        coerce(param("h"), -0.1)
    with pytest.raises(ParamError):
        coerce(param("shrink"), 1)
    assert coerce(param("hs"), [0.1, 0]) == [0.1, 0.0]


@pytest.mark.parametrize("ascii", [False, True])
@pytest.mark.parametrize(
    ("width", "height"),
    [(0, 0), (1, 1), (10, 5), (40, 6), (58, 8), (60, 18), (78, 13), (80, 24), (110, 30), (200, 60)],
)
def test_frame_fits_any_size(width, height, ascii):
    s = state(f="x**3 - 2*x", x=1.0, tangent=True)
    s.shrink()
    lines = s.frame(width, height, ascii).lines
    assert len(lines) <= height
    assert all(len(line) <= width for line in lines)
    if width and height:
        assert "h = "[:width] in lines[0]  # the readouts come first (top right when wide)
    if ascii:
        assert all(line.isascii() for line in lines)


def test_ascii_table_keeps_its_columns():
    s = state(f="abs(x)", x=0.0)
    s.set_zero()
    rows = [line for line in s.frame(80, 17, ascii=True).lines if "0/0 no line" in line]
    assert len(rows) == 1 and rows[0].endswith("0  0/0 no line           --")


def test_plot_marks_p_q_and_the_tangent_with_distinct_characters():
    s = state(f="x**2", x=1.0, h=1.0, tangent=True)
    text = "\n".join(s.plot_lines(60, 20))
    for mark in ("●", "◆", "·", "+"):
        assert mark in text
    ascii_text = "\n".join(s.plot_lines(60, 20, ascii=True))
    assert ascii_text.isascii() and "o" in ascii_text and "#" in ascii_text
    assert "tangent" in s.legend()
    s.toggle_tangent()
    assert "tangent" not in s.legend()


def test_axes_stay_fixed_as_h_shrinks():
    s = state(f="x**2", x=1.0, h=1.0)
    before = s.plot_lines(60, 16)
    s.shrink()
    after = s.plot_lines(60, 16)
    assert before[-1] == after[-1]  # the x tick labels
    assert [line[:6] for line in before] == [line[:6] for line in after]  # the y labels


def test_render_text_tables_down_to_1e_15_and_zero():
    text = render_text(fill_defaults(secant.PARAMS, {"f": "x**2", "x": 3.0, "h": 0.1}))
    assert "\x1b" not in text
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split() == ["h", "slope", "error"])
    table = lines[header + 1 : lines.index("", header)]
    hs = [line.split()[0] for line in table]
    assert hs[0] == "0.1" and "1e-15" in hs and hs[-1] == "0"
    assert "0/0" in text and "cancellation" in text and "smallest at h" in text
    ascii_text = render_text(fill_defaults(secant.PARAMS, {"f": "abs(x)", "x": 0.0}), ascii=True)
    assert ascii_text.isascii() and "corner" in ascii_text


def test_the_table_never_cuts_a_slope_short():
    # tanh(x)^3 flattens far out: the slopes for h = 1e6, 1e5, 1e4 differ only in their exponent
    s = state(f="tanh(x)^3", x=0.7, h=1e6, shrink=10.0)
    for _ in range(2):
        s.shrink()
    table = "\n".join(s.table_lines())
    for h, exponent in (("1e+06", "e-07"), ("100000", "e-06"), ("10000", "e-05")):
        (row,) = [line for line in table.splitlines() if line.split()[0] == h]
        slope = row.split()[1]
        assert slope.endswith(exponent) and len(slope.split("e")[0].replace(".", "")) >= 4, row


@pytest.mark.parametrize(
    ("f", "x", "slope"),
    [
        (math.sqrt, 1e-9, 15811.388300841896),  # near sqrt's edge, not on it
        (math.log, 1e-9, 1e9),
        (abs, 1e-9, 1.0),  # near the corner of |x|, not on it
        (lambda t: math.sin(1 / t), 0.002, -math.cos(500) / 0.002**2),  # fast, but smooth
        (math.sin, 1e6, math.cos(1e6)),  # far out, where a step of 1e-4 * x spans 16 waves
        (lambda t: 1 + abs(t), 1e-9, None),  # steps this small drown in 1's digits: no
    ],  # slope to read off them, but no false corner either (the slope comes from autodiff)
)
def test_a_smooth_point_near_a_corner_or_far_out_is_read_as_smooth(f, x, slope):
    report = examine_point(f, x)
    assert report.kind == "smooth", report
    if slope is not None:
        assert report.right == pytest.approx(slope, rel=1e-3)


def test_corners_far_out_and_on_a_raised_curve_are_still_corners():
    assert examine_point(lambda t: abs(t - 1e6), 1e6).kind == "corner"
    assert examine_point(lambda t: 1 + abs(t), 0.0).kind == "corner"
    assert examine_point(lambda t: abs(t * t - 1), 1.0).kind == "corner"


def test_the_summary_says_what_its_own_table_shows():
    given = {"f": "exp(x)", "x": 0.0, "hs": [0.5, 1e-3, 1e-6]}
    shrinking = secant.render_text(fill_defaults(secant.PARAMS, given))
    summary = " ".join(shrinking.rsplit("\n\n", 1)[1].split())
    assert "It shrinks with h all the way down the table." in summary
    assert "0/0" not in summary and "cancellation" not in summary  # no h = 0, no growth
    given = {"f": "exp(x)", "x": 0.0, "hs": [1e-3, 1e-8, 1e-13, 0]}
    turning = secant.render_text(fill_defaults(secant.PARAMS, given))
    summary = " ".join(turning.rsplit("\n\n", 1)[1].split())
    assert "smallest at h = 1e-08" in summary and "grows again" in summary and "0/0" in summary


def lesson_secant(**given) -> SecantState:
    """Lesson 1 step 2's secant (x^2 at 1, range -1 to 3), or with `given` changed."""
    return state(**{"f": "x**2", "x": 1.0, "h": 1.0, "range": [-1.0, 3.0], **given})


def test_at_60x18_with_the_text_folded_the_table_and_the_verdict_show():
    # lesson 1 step 2 after about 4 s of `a`: h = 1/2^12, with the text folded away (z)
    s = lesson_secant()
    for _ in range(12):
        s.shrink()
    lines = s.frame(60, 16).lines
    header = next(i for i, line in enumerate(lines) if line.split() == ["h", "slope", "error"])
    rows = [line.split() for line in lines[header + 1 : header + 4]]
    assert [float(row[0]) for row in rows] == pytest.approx([2**-10, 2**-11, 2**-12], rel=1e-3)
    assert any(line.startswith("exact = 2") for line in lines)
    assert "The secant turns into the tangent: error" in "\n".join(lines)
    assert sum("┤" in line for line in lines) >= 5  # and the plot keeps its rows


def test_the_table_keeps_its_columns_as_numbers_lengthen():
    s = lesson_secant(side="left")
    for _ in range(20):
        s.shrink()
    table = s.table_lines()
    assert len({len(line) for line in table}) == 1  # every row as wide as the header
    for line in table[1:]:
        h, slope, error = line.split()
        assert float(h) < 0 and float(slope) == pytest.approx(2 + float(h), abs=1e-6)
        assert float(error) == pytest.approx(abs(float(h)), rel=1e-3, abs=1e-7)


def test_the_plot_zooms_in_on_p_so_q_stays_in_sight():
    s = lesson_secant()
    while s.h > 0.1:  # by h ~ 0.1 Q sat under P at 80x24 (a plot 42 columns wide)
        s.shrink()
    picture = "\n".join(s.plot_lines(42, 12))
    assert "●" in picture and "◆" in picture  # P and Q in cells of their own
    assert "zoom ×4 around P" in picture.splitlines()[0]
    for _ in range(30):
        s.shrink()
    top = s.plot_lines(42, 12)[0]
    assert "zoom ×1024 around P, the most" in top  # the limit, named where the zoom is said
    assert "zoom" not in s.sentence()
    s.reset()
    assert "zoom" not in s.plot_lines(42, 12)[0]  # back to the lesson's ranges


def test_the_zoom_keeps_q_a_sixteenth_of_the_plot_away_until_its_limit():
    from gradtui.scenes.secant.picture import ZOOM_MOST, zoom_for

    for h in (1.0, 0.3, 0.1, 0.01, 1e-3, 3e-4):
        zoom = zoom_for(h, 4.0)
        assert 4.0 / 16 <= h * zoom < 4.0 / 4 or zoom == 1
    assert zoom_for(1e-9, 4.0) == ZOOM_MOST and zoom_for(0.0, 4.0) == 1


def test_the_legend_names_every_mark_even_with_the_tangent_shown():
    from gradtui.scenes.kit.picture_rules import unnamed_marks

    s = state(f="sin(x)", x=1.0, h=1e-4, tangent=True, range=[-1.0, 3.0])  # lesson 1 step 7
    for size in ((80, 14), (80, 22), (60, 16), (116, 48)):
        text = "\n".join(s.frame(*size).lines)
        assert "y = sin(x)" in text
        assert unnamed_marks([series.marker for series in s.series(False)], text) == []


def test_at_a_corner_the_legend_calls_the_two_lines_one_sided():
    s = state(f="abs(x)", x=0.0, h=0.5, tangent=True, range=[-2.0, 2.0])  # lesson 1 step 11
    assert len(s.tangent_segments()) == 2
    text = "\n".join(s.frame(80, 16).lines)
    assert "+ one-sided tangents" in text and "+ tangent " not in text + " "
    assert "+ tangent" in state(f="x**2", tangent=True).legend()


@pytest.mark.parametrize(
    "given",
    [
        {},
        {"f": "x**3/3 - x", "x": 2.0, "tangent": True, "range": [0.0, 3.5]},
        {"f": "x**2", "x": 3.0, "h": 0.1, "shrink": 10.0, "tangent": True, "range": None},
        {"f": "sin(x)", "x": 1.0, "h": 1e-4, "tangent": True},
        {"f": "abs(x)", "x": 0.0, "h": 0.5, "tangent": True, "range": [-2.0, 2.0]},
        {"f": "exp(x)", "x": 0.0, "tangent": True, "range": [-1.5, 1.5]},
    ],
)
def test_p_and_q_sit_on_the_curve_with_the_curve_showing_beside_them(given):
    from gradtui.scenes.kit.picture_rules import hidden_beside, off_curve

    s = lesson_secant(**given)
    for _ in range(8):
        for width, height in ((42, 12), (60, 9), (78, 20)):
            drawn = s.series(False)
            curve = next(series for series in drawn if series.label == "f")
            xlim, ylim = s.view()
            lines = s.plot_lines(width, height)
            for label in ("P", "Q"):
                for marked in (series for series in drawn if series.label == label):
                    where = {"xlim": xlim, "ylim": ylim}
                    assert off_curve(curve, marked, width, height, **where) == [], label
                    assert hidden_beside(lines, curve, marked, width, height, **where) == []
        s.shrink()


def test_a_readout_wrapped_over_two_lines_has_its_second_line_to_itself():
    """Lesson 1 at 80x24, h = 0: the readouts beside the plot read "slope = 0/0 — no line
    through one" then "  point   exact = 6 (autodiff)", as if "point exact" were one thing."""
    s = state(f="x**2", x=3.0)
    s.set_zero()
    lines = s.frame(80, 15).lines
    readouts = [line[42:] for line in lines]
    continued = [line for line in readouts if line.startswith("    ") and line.strip()]
    assert continued and all("=" not in line for line in continued), readouts
    assert any(line.lstrip().startswith("exact = 6") for line in readouts), readouts


@pytest.mark.parametrize("width", range(30, 62, 2))
def test_the_zoom_title_is_never_cut_mid_word(width):
    s = state(f="exp(x)", x=0, h=1)
    for _ in range(20):
        s.shrink()
    whole = ("zoom ×1024 around P, the most", "zoom ×1024, the most", "×1024, the most", "×1024")
    titles = [m.group(1) for line in s.frame(width, 16, False).lines
              for m in [re.search(r"┌ (\S[^─┐]*?) [─┐]", line)] if m]  # fmt: skip
    assert titles and all(title in whole for title in titles), titles
