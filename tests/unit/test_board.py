"""The board scene without a terminal: nudges against hand sums and closed-form partials, the
gradient and its length, a step downhill, the mouse on a track, words, sizes and text mode."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from gradtui.scenes import KINDS, function_param, scene_params
from gradtui.scenes import board as scene
from gradtui.scenes.board.state import NUDGE_LIMITS, BoardState
from gradtui.scenes.kit.params import ParamError, coerce, fill_defaults
from gradtui.script.parse import parse_lesson
from gradtui.script.problems import LessonError

DATA = [[-2, -4.8], [-1, -3.1], [0, -1.2], [1, 1.1], [2, 2.9]]
X = np.array([p[0] for p in DATA], dtype=float)
Y = np.array([p[1] for p in DATA], dtype=float)


def line_loss(w: float, b: float) -> float:
    """mean((w x + b - y)^2), summed by hand."""
    return sum((w * x + b - y) ** 2 for x, y in zip(X, Y, strict=True)) / len(X)


def line_gradient(w: float, b: float) -> tuple[float, float]:
    """The closed form: dL/dw = 2 mean(r x), dL/db = 2 mean(r), r = w x + b - y."""
    r = w * X + b - Y
    return float(2 * np.mean(r * X)), float(2 * np.mean(r))


def make(**given) -> BoardState:
    given.setdefault("data", DATA)
    given.setdefault("weights", {"w": 0.5, "b": 0.0})
    return BoardState(fill_defaults(scene.PARAMS, given))


def test_registered_with_its_params_and_its_function():
    assert KINDS["board"] == "gradtui.scenes.board"
    names = {p.name for p in scene_params("board")}
    assert {
        "model",
        "data",
        "points",
        "seed",
        "noise",
        "weights",
        "nudge",
        "learning_rate",
    } <= names
    assert all(p.doc for p in scene.PARAMS)
    assert function_param("board").name == "model"  # e: the learner types their own model


@pytest.mark.parametrize(
    "setting",
    ['model = "w*x"', 'model = "a*x^6 + b*x^5 + c*x^4 + d*x^3 + f*x^2 + g*x + h"',
     "nudge = 0.0", "nudge = -0.1", "learning_rate = 0.0", "points = 1",
     'weights = { w = "big" }', "data = [[1.0]]", "data = [[1.0, 2.0, 3.0]]"],
)  # fmt: skip
def test_out_of_range_params_are_refused_by_gradtui_check(setting):
    text = f'+++\ntitle = "t"\n+++\n\n# Step\n\n```scene\nkind = "board"\n{setting}\n```\n'
    with pytest.raises(LessonError) as caught:
        parse_lesson(text, Path("bad.md"))
    assert caught.value.problems[0].line == 9  # at the setting's own line


def scene_problems(kind: str, lines: str) -> list:
    """The problems `check` finds in a one-step lesson whose scene block holds `lines`
    (the block's second line, after kind, is file line 9)."""
    text = f"+++\ntitle = 't'\n+++\n\n# Step\n\n```scene\nkind = \"{kind}\"\n{lines}\n```\n"
    with pytest.raises(LessonError) as caught:
        parse_lesson(text, Path("bad.md"))
    return caught.value.problems


def test_names_that_are_not_weights_are_reported_at_their_line():
    problem = scene_problems("board", 'model = "w*x + b"\nweights = { w = 1, c = 2 }')[0]
    assert problem.line == 10 and "c is not a weight of the model w*x + b" in problem.message


def test_a_weight_named_e_is_told_that_e_is_a_number():
    lines = 'model = "w*x + b + e*x^2"\nweights = { w = 1, b = 0, e = 2 }'
    message = scene_problems("board", lines)[0].message
    assert "e is not a weight" in message and "the number 2.71828" in message


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("truth = { w = 1, z = 2 }", "z is not a weight of the model w*x + b (its weights: w, b)"),
        ("start_weights = [1, 2, 3]", "3 numbers for the 2 weights of the model w*x + b (w, b)"),
    ],
)
def test_training_names_and_counts_the_models_weights(setting, words):
    (problem,) = scene_problems("training", f'model = "w*x + b"\n{setting}')
    assert problem.line == 10 and words in problem.message
    param = next(p for p in scene.PARAMS if p.name == "nudge")
    with pytest.raises(ParamError):
        coerce(param, 1e6)


def test_the_meter_reads_the_mean_squared_error_summed_by_hand():
    s = make()
    assert s.loss == pytest.approx(line_loss(0.5, 0.0), rel=1e-12)
    assert s.loss == pytest.approx(5.322)


def test_the_exact_slopes_are_the_closed_form_partials():
    s = make()
    assert s.gradient.tolist() == pytest.approx(line_gradient(0.5, 0.0), rel=1e-12)
    assert s.gradient_length == pytest.approx(math.hypot(-5.84, 2.04), rel=1e-12)


def test_a_nudge_moves_one_slider_and_measures_the_meters_change_over_the_nudge():
    s = make()
    s.nudge(1)
    assert s.weights.tolist() == pytest.approx([0.6, 0.0])  # b held still
    last = s.last_nudge
    assert last.before == pytest.approx(line_loss(0.5, 0)) and last.after == pytest.approx(
        line_loss(0.6, 0)
    )
    assert last.ratio == pytest.approx((line_loss(0.6, 0) - line_loss(0.5, 0)) / 0.1, rel=1e-9)
    assert s.exact_at_nudge == pytest.approx(line_gradient(0.5, 0)[0])
    text = "\n".join(s.frame(80, 12).lines)
    assert "nudged" in text and "held still" in text
    words = " ".join(text.split())  # the sentence wraps where the width says
    assert "ΔL/Δ = -5.64" in words and "∂L/∂w = -5.84 where the nudge began (autodiff)" in words
    (words,) = [p for p in s.frame(80, 12, ascii=True).panels if p.name == "words"]
    ascii = " ".join(" ".join(words.lines).split())  # the change and the partial kept apart
    assert "DeltaL/Delta = -5.64" in ascii and "dL/dw = -5.84 where the nudge" in ascii
    s.select(1)
    s.nudge(-1)
    assert s.weights.tolist() == pytest.approx([0.6, -0.1])
    assert s.last_nudge.ratio == pytest.approx(
        (line_loss(0.6, -0.1) - line_loss(0.6, 0)) / -0.1, rel=1e-9
    )


def test_shrinking_the_nudge_closes_in_on_the_exact_partial():
    s = make()
    s.nudge(1)
    exact = line_gradient(0.5, 0)[0]
    gaps = [abs(s.last_nudge.ratio - exact)]
    for _ in range(3):
        s.shrink()
        gaps.append(abs(s.last_nudge.ratio - exact))
    assert s.delta == pytest.approx(1e-4) and s.weights[0] == pytest.approx(0.5001)
    assert all(b < a / 5 for a, b in zip(gaps, gaps[1:], strict=False))  # ~10x closer each time
    # For a quadratic loss the forward difference is off by exactly (d2L/dw2 / 2) * delta.
    curvature = 2 * np.mean(X * X)
    assert s.last_nudge.ratio - exact == pytest.approx(curvature / 2 * 1e-4, rel=1e-4)
    s.grow()
    assert s.delta == pytest.approx(1e-3) and s.weights[0] == pytest.approx(0.501)


def test_shrink_without_a_nudge_only_changes_the_nudge():
    s = make()
    s.shrink()
    assert s.delta == pytest.approx(0.01) and s.weights.tolist() == [0.5, 0.0]
    for _ in range(20):
        s.shrink()
    assert s.delta == NUDGE_LIMITS[0]


def test_gathering_shows_one_partial_per_slider_and_the_length():
    s = make()
    s.gather()
    text = "\n".join(s.frame(80, 12).lines)
    assert "∂L/∂w = -5.84" in text and "∂L/∂b = 2.04" in text and "|∇L| = 6.186" in text
    assert "dL/dw = -5.84, dL/db = 2.04; |grad L| = 6.186" in s.readout()


def test_a_step_downhill_moves_every_slider_against_the_gradient_and_the_meter_falls():
    s = make(learning_rate=0.1)
    gw, gb = line_gradient(0.5, 0.0)
    s.descend()
    assert s.weights.tolist() == pytest.approx([0.5 - 0.1 * gw, 0.0 - 0.1 * gb], rel=1e-12)
    assert s.loss == pytest.approx(line_loss(0.5 - 0.1 * gw, -0.1 * gb), rel=1e-12)
    assert s.loss < line_loss(0.5, 0.0)
    assert "the loss fell from 5.322 to 2.219" in s.status()
    losses = [s.loss]
    for _ in range(30):
        s.descend()
        losses.append(s.loss)
    assert all(b <= a for a, b in zip(losses, losses[1:], strict=False))
    assert s.weights.tolist() == pytest.approx([1.96, -1.02], abs=0.05)  # least squares


def test_too_large_a_rate_makes_the_meter_climb_in_words_and_never_crashes():
    s = make(learning_rate=1.0)
    s.descend()
    assert s.loss > line_loss(0.5, 0.0)
    assert "CLIMBED" in s.status() and "lower the rate" in s.status()
    for _ in range(2000):
        s.faster()
        s.descend()
    assert s.learning_rate == 100.0
    assert "No step" in s.status() or not math.isfinite(s.loss)
    assert not re.search(r"(?<![\w(])(inf|nan)(?![\w)])", s.readout())
    s.slower()
    assert s.learning_rate == 50.0
    s.reset()
    assert s.loss == pytest.approx(line_loss(0.5, 0.0)) and s.last_step is None


def test_a_flat_gradient_has_nowhere_to_step():
    w, b = np.linalg.lstsq(np.c_[X, np.ones_like(X)], Y, rcond=None)[0]
    s = make(weights={"w": float(w), "b": float(b)})
    s.gradient = np.zeros(2)  # exactly flat (rounding leaves ~1e-16 at the bottom)
    s.descend()
    assert "the gradient is zero" in s.status()


def test_a_click_on_a_track_sets_that_slider_and_counts_as_a_nudge():
    s = make()
    layout = s.layout(80, 12)
    low, high = s.track
    resolution = (high - low) / (layout.track_width - 1)
    assert s.click(layout.track_x + layout.track_width - 1, 1, 80, 12)
    assert s.selected == 1 and s.weights[1] == pytest.approx(high)
    assert s.last_nudge.index == 1 and s.last_nudge.delta == pytest.approx(high)
    assert s.click(layout.track_x, 0, 80, 12) and s.weights[0] == pytest.approx(low)
    middle = layout.track_x + (layout.track_width - 1) // 2
    s.click(middle, 0, 80, 12)
    assert abs(s.weights[0] - (low + (middle - layout.track_x) * resolution)) <= resolution / 2
    assert not s.click(0, 0, 80, 12) and not s.click(middle, 5, 80, 12)
    # The handle is drawn where the value is: the click's column.
    row = s.frame(80, 12).lines[0]
    assert row.index("●") == middle


def test_the_track_widens_to_hold_the_start_and_values_beyond_it_show_at_the_end():
    s = make(weights={"w": 12.0, "b": 0.0})
    assert s.track == (-5.0, 12.0)
    s.weights[1] = -1e9
    line = s.slider_line(1, s.layout(80, 12), ascii=True)
    assert "|<" in line


def test_made_up_data_comes_from_the_truth_with_noise():
    s = BoardState(fill_defaults(scene.PARAMS, {"points": 30, "noise": 0.0,
                                                 "truth": {"w": 3.0, "b": 0.5}}))  # fmt: skip
    assert s.data.size == 30
    assert s.data.ys.tolist() == pytest.approx((3.0 * s.data.xs + 0.5).tolist())


def test_any_model_works_with_the_weights_it_can_use():
    """A model whose weights the table does not name: they start at 0 (so a model typed with
    `e`, once the view reads models, needs no new table)."""
    s = BoardState(fill_defaults(scene.PARAMS, {"model": "sigmoid(a*x) + c*x^2",
                                                 "weights": {"w": 1.0}}))  # fmt: skip
    assert s.names == ("a", "c") and s.weights.tolist() == [0.0, 0.0]
    numeric = [(s.loss_at(np.array([1e-6 * (i == 0), 1e-6 * (i == 1)])) - s.loss_at(
        np.array([-1e-6 * (i == 0), -1e-6 * (i == 1)]))) / 2e-6 for i in range(2)]  # fmt: skip
    assert s.gradient.tolist() == pytest.approx(numeric, rel=1e-5, abs=1e-8)


def test_hostile_data_is_said_in_words():
    s = make(data=[[1e300, -1e300], [0.0, 1.0]])
    s.nudge(1)
    s.gather()
    s.descend()
    text = "\n".join(s.frame(80, 12).lines) + s.readout()
    assert "infinity" in text or "undefined" in text
    assert not re.search(r"(?<![\w(])(inf|nan)(?![\w)])", text)


@pytest.mark.parametrize("size", [(0, 0), (1, 1), (10, 3), (40, 6), (58, 8), (80, 12), (200, 48)])
@pytest.mark.parametrize(
    "model", ["w*x + b", "a*x^2 + w*x + b", "p*x^5 + q*x^4 + r*x^3 + s*x^2 + t*x + u"]
)
def test_any_size_gives_a_frame_that_fits_and_ascii_is_seven_bit(size, model, frame_fits):
    s = make(model=model, weights={})
    s.nudge(1)
    s.gather()
    frame_fits(s, *size)


def test_the_plot_appears_beside_the_board_when_there_is_room():
    s = make()
    assert "model now" in "\n".join(s.frame(80, 12).lines)
    assert "model now" not in "\n".join(s.frame(60, 12).lines)


def _number_after(label: str, text: str) -> float:
    match = re.search(re.escape(label) + r"\s*(-?\d+(?:\.\d+)?(?:e[-+]\d+)?)", text)
    assert match, f"{label!r} not in the text"
    return float(match.group(1))


def test_render_text_states_the_start_the_nudges_the_gradient_and_one_step():
    params = fill_defaults(scene.PARAMS, {"data": DATA, "weights": {"w": 0.5, "b": 0.0}})
    text = scene.render_text(params)
    assert _number_after("At the start, loss L =", text) == pytest.approx(
        line_loss(0.5, 0), rel=1e-4
    )
    gw, gb = line_gradient(0.5, 0)
    rows = {row.split()[0]: row.split() for row in text.splitlines() if re.match(r"\s+[wb]\s", row)}
    for name, exact, nudged in (("w", gw, (0.6, 0)), ("b", gb, (0.5, 0.1))):
        _, start, after, change, ratio, autodiff = rows[name]
        assert float(after) == pytest.approx(line_loss(*nudged), rel=1e-5)
        assert float(ratio) == pytest.approx(
            (line_loss(*nudged) - line_loss(0.5, 0)) / 0.1, rel=1e-5
        )
        assert float(autodiff) == pytest.approx(exact, rel=1e-5)
    assert _number_after("its length |∇L| =", text) == pytest.approx(math.hypot(gw, gb), rel=1e-5)
    after = line_loss(0.5 - 0.1 * gw, -0.1 * gb)
    assert re.search(rf"the loss falls from 5\.322 to {after:.6g}\.", text)
    ascii = scene.render_text(params, ascii=True)
    assert ascii.isascii() and "|grad L| = 6.18605" in " ".join(ascii.split())


@pytest.mark.parametrize(
    ("model", "data"),
    [("exp(w*x) + b", [[1000, 1], [0, 0]]), ("log(w*x) + b", [[1, 1], [-1, 2]]),
     ("w/x + b", [[0, 1], [1, 2]]), ("w*x^1e6 + b", [[2, 1]])],
)  # fmt: skip
def test_models_that_blow_up_are_said_in_words_and_refuse_to_step(model, data):
    s = make(model=model, data=data, weights={})
    for _ in range(3):
        s.nudge(1)
        s.gather()
        s.descend()
    s.shrink()
    text = "\n".join(s.frame(80, 14).lines) + s.readout()
    text += scene.render_text(fill_defaults(scene.PARAMS, {"model": model, "data": data}))
    assert not re.search(r"(?<![\w(])(inf|nan)(?![\w)])", text)
    assert np.isfinite(s.weights).all()  # a step that would leave the numbers is refused


def test_print_takes_no_step_where_the_gradient_is_zero_and_says_so():
    params = fill_defaults(scene.PARAMS, {"model": "w*x + b", "data": [[0, 1], [1, 3]],
                                          "weights": {"w": 2.0, "b": 1.0}})  # fmt: skip
    text = " ".join(scene.render_text(params).split())
    assert "It is zero: no way is uphill, so there is no step to take." in text
    assert "The data and the model (no step was taken):" in text
    assert "points uphill" not in text and "after that step" not in text


def test_truth_beside_given_data_is_reported_as_unused():
    params = fill_defaults(scene.PARAMS, {"data": [[0, 1], [1, 2]], "truth": {"w": 1.0}})
    assert [name for name, _ in scene.check(params)] == ["truth"]


def test_the_shrinking_table_starts_at_the_lessons_nudge():
    """With nudge = 1000 the table began at 0.1, as if the lesson's nudge were not there."""
    text = scene.render_text(fill_defaults(scene.PARAMS, {"nudge": 1000}))
    table = text[text.index("Shrinking the nudge") :]
    rows = table.splitlines()[3:15]
    nudges = [line.split()[0] for line in rows if not line.startswith("  exact")]
    assert nudges[:5] == ["1000", "100", "10", "1", "0.1"] and nudges[-1] == "1e-07"
    small = scene.render_text(fill_defaults(scene.PARAMS, {"nudge": 0.5}))
    assert small[small.index("Shrinking the nudge") :].splitlines()[3].split()[0] == "0.1"


def test_the_words_never_run_on_into_the_plots_labels():
    # lesson 2 step 2 at 80x24, `+`: "ΔL/Δ = -5.64; exact -0.3┤" read as "exact = -0.3"
    s = make(model="w*x + b", nudge=0.5)
    s.nudge(1)
    for height in (14, 16, 22):
        lines = s.frame(80, height).lines
        words = [line for line in lines if "exact" in line or "autodiff" in line]
        assert words and not any("┤" in line or "│" in line for line in words)


def test_in_ascii_the_nudged_ratio_and_the_partial_are_spelled_apart():
    # "dL/delta ... exact dL/dw" read the nudge's Delta and the partial's curly d alike
    from gradtui.textsafe import ascii_only

    assert len({ascii_only(symbol) for symbol in "∂Δδ∇"}) == 4
    s = make(model="w*x + b", nudge=0.5)
    s.nudge(1)
    words = " ".join(" ".join(s.frame(80, 14, ascii=True).lines[-3:]).split())
    assert "DeltaL/Delta = -4.84" in words and "exact dL/dw = -5.84" in words
    assert "dL/delta" not in words.lower().replace("deltal/delta", "")
