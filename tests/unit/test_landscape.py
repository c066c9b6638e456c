"""The landscape scene without a terminal: where the ball ends, and what the verdict says."""

from __future__ import annotations

import re

import numpy as np
import pytest

from gradtui.scenes import KINDS, scene_params
from gradtui.scenes import landscape as scene
from gradtui.scenes.kit.maps import DENSITY, shade_grid
from gradtui.scenes.kit.params import fill_defaults
from gradtui.scenes.landscape.state import LandscapeState
from gradtui.scenes.landscape.text import outcomes
from gradtui.scenes.landscape.words import (
    BOTTOMLESS,
    CRAWL,
    DIVERGING,
    OVERSHOOT,
    RUNAWAY,
    SADDLE,
)

BUMPY = "x^4 - 3*x^2 + x + 4"  # above 0; valleys near x = -1.30 (the lowest) and x = 1.13
SADDLE_SURFACE = "x^2 + 0.25*y^4 - 0.5*y^2"  # a saddle at (0, 0), valleys at (0, 1) and (0, -1)


def make(**given) -> LandscapeState:
    return LandscapeState(fill_defaults(scene.PARAMS, given))


def roll(s: LandscapeState, steps: int = 10_000) -> None:
    for _ in range(steps):
        if not s.step():
            break


def test_registered_with_its_params():
    assert KINDS["landscape"] == "gradtui.scenes.landscape"
    names = {p.name for p in scene_params("landscape")}
    assert {"f", "starts", "starts_xy", "learning_rate", "steps"} <= names


def test_different_starts_end_in_different_valleys():
    rows = outcomes(fill_defaults(scene.PARAMS, {"f": BUMPY, "starts": [-2.0, 2.0]}))
    (_, left_end, left_loss, left_verdict), (_, right_end, right_loss, right_verdict) = rows
    assert left_verdict == "settled in a valley at x = -1.301" and left_end == "x = -1.301"
    assert right_verdict == "settled in a valley at x = 1.131" and right_end == "x = 1.131"
    assert left_loss < right_loss  # only one of them is the lowest


def test_next_start_moves_the_ball_and_starts_over():
    s = make(f=BUMPY, starts=[-2.0, 2.0])
    roll(s, 5)
    s.next_start()
    assert s.start_index == 1 and s.shown == 0 and s.coords()["x"] == 2.0
    s.next_start()
    assert s.start_index == 0


def test_t_is_offered_only_when_there_is_another_start():
    """Lesson 6's Adam step has one start, and its key bar offered "t next start"."""
    (key,) = [key for key in scene.KEYS if key.method == "next_start"]
    assert key.active(make(f=BUMPY, starts=[-2.0, 2.0]))
    assert not key.active(make(f=BUMPY, starts=[2.0]))


def test_a_saddle_is_flat_but_not_a_bottom():
    s = make(f=SADDLE_SURFACE, starts_xy=[[2.0, 0.0]], learning_rate=0.1, steps=400)
    assert s.two_d
    roll(s)
    verdict = s.verdict()
    assert verdict.text == SADDLE and verdict.settled
    low, high = verdict.curvatures
    assert low == pytest.approx(-1.0, abs=1e-3) and high == pytest.approx(2.0, abs=1e-3)
    words = s.verdict_text()
    assert "not a bottom (saddle)" in words and "curves up one way" in words
    readout = s.readout()  # this surface dips below 0: its height is f, not a loss
    assert "slope = " not in readout and "f = " in readout and "loss = " not in readout
    assert re.search(r"df/dx = \d\.\d+e-\d+", readout)  # a tiny gradient, never shown as 0


def test_a_hair_off_the_saddle_line_rolls_on_into_a_valley():
    s = make(f=SADDLE_SURFACE, starts_xy=[[2.0, 0.05]], learning_rate=0.1, steps=400)
    roll(s)
    assert s.verdict_text() == "settled in a valley at x ≈ 0, y = 1"


def test_the_classic_saddle_x2_minus_y2():
    s = make(f="x^2 - y^2", starts_xy=[[1.0, 0.0]], learning_rate=0.1)
    roll(s)
    assert s.verdict().text == SADDLE
    off = make(f="x^2 - y^2", starts_xy=[[1.0, 0.1]], learning_rate=0.1)
    roll(off)
    assert off.verdict().text == BOTTOMLESS  # no bottom that way: runs off downhill


def test_a_large_rate_overshoots_then_flies_off():
    bouncing = make(f="x^2", starts=[1.0], learning_rate=0.9)
    bouncing.step()
    assert bouncing.coords()["x"] == pytest.approx(-0.8)  # jumped across the bottom
    assert bouncing.verdict().text == OVERSHOOT
    roll(bouncing)
    assert bouncing.verdict().text.startswith("settled in a valley")  # it zig-zags in
    flying = make(f="x^2", starts=[1.0], learning_rate=1.1)
    flying.step()
    assert flying.verdict().text == OVERSHOOT and abs(flying.coords()["x"]) > 1.0
    roll(flying)
    assert flying.verdict().text == RUNAWAY and flying.path.diverged
    assert np.isfinite(flying.path.losses).all()


def test_a_tiny_rate_crawls_and_a_moderate_one_converges():
    crawl = make(f="x^2", starts=[2.0], learning_rate=0.0005, steps=100)
    roll(crawl, 3)
    assert crawl.verdict().text == CRAWL
    roll(crawl)
    assert crawl.verdict().text == "still rolling after 100 steps"
    good = make(f="x^2", starts=[2.0], learning_rate=0.3, steps=100)
    roll(good)
    assert good.verdict().text == "settled in a valley at x ≈ 0"


def test_a_peak_and_a_plateau_are_named():
    assert _verdict_at("-(x^2)", 0.0).startswith("balanced on a peak")
    assert _verdict_at("3", 1.0).startswith("stopped on a flat stretch")


def test_a_start_where_the_loss_is_undefined_says_so():
    for f, x in (("1/x", 0.0), ("log(x)", -1.0)):
        s = make(f=f, starts=[x])
        assert not s.toggle_play() or not s.tick()
        assert s.verdict().text.startswith("no footing here") and s.shown == 0
        assert not re.search(r"(?<![\w(])(inf|nan)(?![\w)])", s.readout())  # words only


def test_a_start_whose_loss_is_past_the_walks_limit_is_not_called_undefined():
    # 1e6^2 + 1e6^2 = 2e12 is a number (the readout shows it) but past the 1e12 a walk follows
    s = make(f="x^2 + y^2", starts_xy=[[1e6, -1e6]])
    assert "loss = 2.000e+12" in s.readout()
    words = s.verdict().text
    assert "undefined" not in words and "infinite" not in words, words
    assert words.startswith("no footing here") and "1e+12" in words, words


def test_a_walk_that_steps_where_the_loss_is_undefined_is_not_called_bottomless():
    # sqrt(x) from 1 at rate 0.5: 0.75, 0.4613, 0.09325, then -0.7270, where sqrt is undefined
    s = make(f="sqrt(x)", starts=[1.0], learning_rate=0.5, steps=50)
    s.shown = s.path.steps
    assert s.path.steps == 3 and abs(s.coords()["x"] - 0.09325) < 1e-4
    words = s.verdict().text
    assert words != BOTTOMLESS and "for ever" not in words, words
    assert words.startswith("stopped at an edge"), words


def test_a_run_side_by_side_that_steps_where_the_loss_is_undefined_does_not_diverge():
    text = scene.render_text(fill_defaults(scene.PARAMS, {
        "f": "sqrt(x) + 0.1*x", "starts": [1.0], "steps": 50,
        "compare": [{"learning_rate": 0.5}, {"learning_rate": 0.01}]}))  # fmt: skip
    run = text[text.index("run 1 ended") :].splitlines()
    assert run[0].startswith("run 1 ended after 2 steps at x = 0.3512"), run[0]
    assert "diverges" not in run[1] and run[1].strip().startswith("stops: "), run[1]


def _verdict_at(f: str, x: float) -> str:
    s = make(f=f, starts=[x])
    return s.verdict().text


def test_changing_the_rate_restarts_the_walk_with_it():
    s = make(f="x^2", starts=[1.0], learning_rate=0.1)
    roll(s, 5)
    s.faster()
    assert s.learning_rate == pytest.approx(0.2) and s.shown == 0
    s.step()
    assert s.coords()["x"] == pytest.approx(1.0 - 0.2 * 2.0)
    s.slower()
    s.slower()
    assert s.learning_rate == pytest.approx(0.05)


def test_play_stops_by_itself_once_settled():
    s = make(f="x^2", starts=[1.0], learning_rate=0.3)
    s.toggle_play()
    for _ in range(1000):
        if not s.tick():
            break
    assert not s.playing and s.verdict().settled
    assert s.shown < s.path.steps  # it did not run on to the end for nothing
    assert s.toggle_play() and s.shown == 0  # playing a finished walk replays it


def test_shading_goes_from_blank_low_to_dense_high():
    values = np.linspace(0, 1, 100).reshape(10, 10)
    rows = shade_grid(values)
    assert rows[0][0] == DENSITY[0] and rows[-1][-1] == DENSITY[-1]
    holes = shade_grid(np.array([[0.0, np.nan, np.inf]]))
    assert holes[0][1] == "?" and holes[0][2] == "?"
    assert DENSITY.isascii()
    level = shade_grid(np.full((3, 4), 3.0))  # f = 3 everywhere: neither low nor high
    assert {c for row in level for c in row} == {DENSITY[len(DENSITY) // 2]}


def test_the_map_marks_the_ball_trail_and_starts():
    s = make(f="x^2 + y^2", starts_xy=[[2.0, 2.0], [-2.0, -2.0]], learning_rate=0.1)
    roll(s, 4)
    picture = s.map(40, 16, ascii=True)
    text = "\n".join(picture)
    assert "O" in text and "o" in text and "1" in text and "2" in text
    assert picture[-1].startswith("x -2.5 to 2.5")


@pytest.mark.parametrize("two_d", [False, True])
@pytest.mark.parametrize("size", [(0, 0), (1, 1), (10, 3), (58, 8), (78, 13), (200, 60)])
def test_any_size_gives_a_frame_that_fits(two_d, size):
    given = {"f": SADDLE_SURFACE, "starts_xy": [[2.0, 0.0]]} if two_d else {"f": BUMPY}
    s = make(**given)
    roll(s, 3)
    width, height = size
    frame = s.frame(width, height, ascii=True)
    assert len(frame.lines) <= height
    assert all(len(line) <= width and line.isascii() for line in frame.lines)


def test_the_frame_says_position_loss_slope_and_verdict():
    s = make(f=BUMPY, starts=[2.0], learning_rate=0.02)
    roll(s, 3)
    text = "\n".join(s.frame(78, 13).lines)
    for word in ("start 1 of 1", "step = 3", "lr = 0.02", "x = ", "loss = ", "slope = ",
                 "verdict: "):  # fmt: skip
        assert word in text


def test_render_text_lists_where_each_start_ends():
    params = fill_defaults(scene.PARAMS, {"f": BUMPY, "starts": [-2.0, 0.4, 2.0]})
    text = scene.render_text(params)
    assert "start 1: x = -2 -> x = -1.301" in text
    assert "start 3: x = 2 -> x = 1.131" in text
    assert text.count("settled in a valley") == 3 and "\x1b" not in text
    flat = scene.render_text(
        fill_defaults(scene.PARAMS, {"f": SADDLE_SURFACE, "starts_xy": [[2.0, 0.0]]}), ascii=True
    )
    assert flat.isascii() and "not a bottom (saddle)" in flat


def test_too_large_a_rate_is_called_diverging_as_soon_as_the_steps_grow():
    s = make(f="x^2", starts=[2.0], learning_rate=1.8, x_range=(-3.0, 3.0), steps=300)
    roll(s, 2)  # x: 2, -5.2, 13.52: each step 2.6 times longer and higher
    assert s.verdict().text == DIVERGING
    assert "left the picture at x = 13.52" in s.verdict_text()
    picture = s.curve(60, 14)
    assert "▶" in "\n".join(picture) and "●" not in "\n".join(picture)  # an arrow where it went


def test_a_landscape_that_dips_below_zero_is_a_height_not_a_loss():
    assert make(f="x^2").height == "loss" and "loss = " in make(f="x^2").readout()
    dips = make(f="x^2 - 1")
    assert dips.height == "f" and "f = " in dips.readout() and "loss = " not in dips.readout()


def test_a_tiny_loss_is_never_shown_as_zero():
    s = make(f="x^2", starts=[2e-4], learning_rate=0.1)
    assert "loss = 4.000e-08" in s.readout()


def test_a_small_end_point_on_a_small_picture_is_written_out_not_called_zero():
    given = {"f": "(x - 3e-7)^2 + 0.5", "starts": [1e-6], "learning_rate": 0.4}
    params = fill_defaults(scene.PARAMS, {**given, "x_range": [-1e-6, 1e-6]})
    ((_, end, _, verdict),) = outcomes(params)
    assert end == "x = 3.000e-07" and "x = 3.000e-07" in verdict and "≈" not in verdict


@pytest.mark.parametrize(
    ("given", "name", "words"),
    [
        ({"f": "x^2", "starts_xy": [[1.0, 2.0]]}, "starts_xy", "f is a curve in x alone"),
        ({"f": "x^2 + y^2", "starts": [1.0, 2.0]}, "starts", "f is a surface in x and y"),
        ({"f": "x^2 + y^2", "starts_xy": [[1.0, 2.0, 3.0]]}, "starts_xy", "two numbers"),
    ],
)
def test_starts_that_do_not_suit_f_are_reported(given, name, words):
    ((param, message),) = scene.check(fill_defaults(scene.PARAMS, given))
    assert param == name and words in message
    assert scene.check(fill_defaults(scene.PARAMS, {"f": "x^2 + y^2"})) == []


def test_a_walk_that_reaches_a_fixed_point_is_the_same_walk_taken_step_by_step():
    # descend stops computing once a step lands exactly where it started: every later step
    # would land there again; the path must still be the whole, step-by-step walk
    from gradtui.calculus.descent import descend
    from gradtui.calculus.expr import parse

    path = descend(parse("(x - 1)^2 + 0.5*(y - 2)^2"), {"x": 3.0, "y": -2.0}, 0.3, 400)
    x, y, points = 3.0, -2.0, []
    for _ in range(401):
        points.append((x, y))
        x, y = x - 0.3 * (2 * (x - 1)), y - 0.3 * (y - 2)
    assert path.points.shape == (401, 2) and path.diverged_at is None
    np.testing.assert_allclose(path.points, np.array(points), rtol=0, atol=1e-15)
    assert path.points[-1].tolist() == path.points[200].tolist()  # settled long before


def test_the_map_keeps_its_size_as_the_verdict_grows():
    """Lesson 4's saddle map jumped a row when its verdict wrapped onto a second line."""
    given = {"f": "x^2 + 0.25*(y^2 - 1)^2", "starts_xy": [[2.0, 0.0], [2.0, 0.05]],
             "x_range": [-2.5, 2.5], "y_range": [-2, 2], "steps": 400}  # fmt: skip
    params = fill_defaults(scene.PARAMS, given)
    for height in (14, 18, 24):
        axis_rows = set()
        state = scene.State(params)
        state.playing = True
        for _ in range(500):  # the whole walk, to the saddle and its three-line verdict
            lines = state.frame(78, height).lines
            axis_rows.add(next(i for i, line in enumerate(lines) if line.startswith("x ")))
            state.playing = state.tick()
        assert len(axis_rows) == 1, (height, axis_rows)


def test_the_axis_note_is_never_cut():
    params = fill_defaults(scene.PARAMS, {"f": "x^2 + 3*y^2", "starts_xy": [[2.0, 1.0]],
                                    "x_range": [-2.5, 2.5], "y_range": [-1.5, 1.5]})  # fmt: skip
    for width in (78, 56, 40, 30, 24):
        for ascii, up in ((False, "↑"), (True, "^")):
            note = scene.State(params).map(width, 10, ascii)[-1]
            assert len(note) <= width
            whole = note.endswith((up, ")")) or re.fullmatch(r"x \S+, y \S+", note)
            assert note == "" or whole, note
            assert note.isascii() or not ascii, note


@pytest.mark.parametrize("ascii", [False, True])
def test_the_curve_names_its_marks(ascii):
    """Lesson 4's landscape at 80x24: a curve of dots, a trail of o's and a ball, with nothing
    on screen to say which is which."""
    s = make(f=BUMPY, starts=[2.0], learning_rate=0.02)
    roll(s, 5)
    lines = s.frame(80, 15, ascii=ascii).lines
    top = lines[0]  # the plot's top edge
    assert ("+" if ascii else "┌") in top, lines
    curve, trail, ball = (".", "o", "O") if ascii else ("·", "o", "●")
    for mark, words in ((curve, "loss"), (trail, "path"), (ball, "ball")):
        assert f"{mark} {words}" in top, top


@pytest.mark.parametrize("ascii", [False, True])
def test_the_map_names_the_ball_and_its_path_beside_it(ascii):
    """Lesson 4's saddle step at 80x24: the map said "blank = low, ~ contour", and nothing
    said what the ball, the o's and the numbers on it were."""
    s = make(f=SADDLE_SURFACE, starts_xy=[[2.0, 0.0], [2.0, 0.05]], learning_rate=0.1)
    roll(s, 5)
    text = "\n".join(s.frame(80, 15, ascii=ascii).lines)
    ball = "O" if ascii else "●"
    for words in (f"{ball} ball", "o path", "1 2 starts"):
        assert words in text, text
    one = make(f=SADDLE_SURFACE, starts_xy=[[2.0, 0.0]])
    beside = [line[58:].strip() for line in one.frame(80, 15, ascii=ascii).lines]
    assert "1 start" in beside, beside


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ({"optimizer": "momentum", "momentum": 0.999}, "momentum β 0.999"),
        ({"optimizer": "adam", "beta1": 0.0, "beta2": 0.5}, "adam β1 0 β2 0.5"),
    ],
)
def test_render_text_of_one_run_names_its_update_rule(given, words):
    # the walk's numbers are momentum's or Adam's: the print must not call it plain descent
    params = fill_defaults(scene.PARAMS, {"f": "x^2", "starts": [2.0], "learning_rate": 0.001,
                                          "steps": 50, **given})  # fmt: skip
    intro = " ".join(scene.render_text(params).split("\n\n")[0].split())
    assert words in intro, intro


def test_runs_side_by_side_come_to_rest_when_one_stops_at_an_edge_and_the_other_settles():
    # at rate 2: x = 1, 4, then -4.5 where sqrt is undefined; at rate 0.05 it settles near 1.8
    s = make(f="sqrt(x) + (x - 2)^2", starts=[1.0], steps=2000,
             compare=[{"learning_rate": 2.0}, {"learning_rate": 0.05}])  # fmt: skip
    assert s.paths[0].steps == 1 and s.paths[1].steps == 2000
    s.shown = 300
    assert s.run_verdict(0).word == "stops" and s.run_verdict(1).word == "settles"
    assert s.at_rest()


def _built_in_landscapes():
    from pathlib import Path

    from gradtui.script.parse import load_lesson

    lessons = Path(__file__).resolve().parents[2] / "lessons"
    return [(path.stem, step.number, step.scene.params)
            for path in sorted(lessons.glob("*.md")) for step in load_lesson(path).steps
            if step.scene is not None and step.scene.kind == "landscape"]  # fmt: skip


@pytest.mark.parametrize(("lesson", "number", "params"), _built_in_landscapes())
@pytest.mark.parametrize("ascii", [False, True], ids=["unicode", "ascii"])
def test_the_legend_names_the_ball_its_path_and_the_ground(lesson, number, params, ascii):
    from gradtui.scenes.kit import markers
    from gradtui.scenes.kit.picture_rules import clashing_panels, cut_text, unnamed_marks

    s = LandscapeState(params)
    if s.comparing:  # the runs' own rows name their marks and numbers
        return
    for _ in range(3):
        s.step()
    frame = s.frame(80, 16, ascii)
    panels = {p.name: p.lines for p in frame.panels}
    # beside a map (in the readouts' column), or in a curve's top edge
    legend = " ".join(panels["readouts"]) if s.two_d else panels["picture"][0]
    marks = [markers.BALL.get(ascii), markers.TRAIL.get(ascii)]
    if not s.two_d:  # a map's shading is told under it ("blank = low")
        marks.append(markers.LINE.get(ascii))
    assert unnamed_marks(marks, legend) == [], (lesson, number, legend)
    assert clashing_panels(frame) == [] and cut_text(frame) == []
