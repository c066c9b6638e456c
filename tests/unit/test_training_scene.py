"""The training scene without a terminal: its frames, words, keys, fixed plot axes and text mode."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pytest

from gradtui.scenes import KINDS, scene_params
from gradtui.scenes import training as scene
from gradtui.scenes.kit.loss_axes import LossAxes, nice_ceiling, window_for
from gradtui.scenes.kit.numbers import short
from gradtui.scenes.kit.params import ParamError, coerce, fill_defaults
from gradtui.scenes.training.run import most_steps_at_once
from gradtui.scenes.training.state import READOUT_EVERY, TrainingState


def make(**given) -> TrainingState:
    return TrainingState(fill_defaults(scene.PARAMS, given))


def test_registered_with_its_params():
    assert KINDS["training"] == "gradtui.scenes.training"
    names = {p.name for p in scene_params("training")}
    assert {"model", "points", "noise", "seed", "true_w", "true_b", "learning_rate",
            "batch_size", "steps_per_frame", "log_scale", "max_steps"} <= names  # fmt: skip
    assert all(p.doc for p in scene.PARAMS)


@pytest.mark.parametrize(
    ("name", "value"),
    [("points", 1), ("points", 100_000), ("learning_rate", 0.0), ("learning_rate", 1e9),
     ("batch_size", -1), ("model", "cubic"), ("noise", -1.0), ("steps_per_frame", 0)],
)  # fmt: skip
def test_out_of_range_params_are_refused(name, value):
    param = next(p for p in scene.PARAMS if p.name == name)
    with pytest.raises(ParamError):
        coerce(param, value)


def test_core_modules_of_this_lesson_do_not_import_textual():
    probe = "import importlib, json, sys\n"
    probe += "for m in sys.argv[1:]: importlib.import_module(m)\n"
    probe += "print(json.dumps('textual' in sys.modules))"
    modules = ["gradtui.calculus.models", "gradtui.scenes.training", "gradtui.scenes.landscape"]
    result = subprocess.run([sys.executable, "-c", probe, *modules], capture_output=True,
                            text=True, timeout=60, check=True)  # fmt: skip
    assert json.loads(result.stdout) is False


def test_the_frame_shows_the_four_lines_and_the_readouts_in_words():
    s = make()
    s.trainer.run(3)
    frame = s.frame(78, 13)
    text = "\n".join(frame.lines)
    for line in ("loss = compute_loss(model, batch)", "grad = gradient(loss, weights)",
                 "weights -= lr * grad", "repeat"):  # fmt: skip
        assert line in text
    for word in ("step = 3", "loss = ", "lr = 0.05", "w = ", "b = ", "dL/dw = ", "dL/db = "):
        assert word in text
    assert "paused, full batch" in text
    assert len(frame.lines) <= 13 and all(len(line) <= 78 for line in frame.lines)
    assert "loss by step" in text  # the plots fit at this size


def test_the_marker_follows_the_running_line_without_colour():
    s = make()
    for expected in (0, 1, 2, 3, 0):
        s.step_line()
        frame = s.frame(78, 13, ascii=True)
        marked = [i for i, line in enumerate(frame.lines[:4]) if line.startswith(">")]
        assert marked == [expected]
        assert frame.highlight == (expected, 0, 35)
    assert "loss measured on this batch" in s.status()


def test_ascii_frames_are_seven_bit():
    s = make(batch_size=8)
    s.trainer.run(20)
    for width, height in ((80, 24), (58, 8), (120, 40)):
        assert all(line.isascii() for line in s.frame(width, height, ascii=True).lines)


@pytest.mark.parametrize("size", [(0, 0), (1, 1), (5, 2), (20, 3), (58, 8), (60, 18), (78, 13),
                                  (200, 60), (37, 30)])  # fmt: skip
def test_any_size_gives_a_frame_that_fits(size):
    width, height = size
    s = make()
    s.trainer.run(60)
    frame = s.frame(width, height)
    assert len(frame.lines) <= height
    assert all(len(line) <= width for line in frame.lines)
    for panel in frame.panels:
        assert panel.x + panel.width <= width and panel.y + panel.height <= height


def test_small_frames_keep_the_words_and_drop_the_plots():
    s = make()
    s.trainer.run(5)
    text = "\n".join(s.frame(58, 8).lines)
    assert "step = 5" in text and "loss = " in text and "lr = " in text
    assert "repeat" in text and "┤" not in text


def test_play_runs_steps_per_frame_and_pause_stops():
    s = make(steps_per_frame=3)
    assert s.toggle_play() is True
    assert s.tick() and s.trainer.steps == 3
    assert s.toggle_play() is False and not s.tick() and s.trainer.steps == 3


def test_divergence_stops_play_and_says_why():
    s = make(learning_rate=0.4)
    s.faster()
    assert s.trainer.learning_rate == pytest.approx(0.8)
    s.toggle_play()
    for _ in range(200):
        if not s.tick():
            break
    assert not s.playing and s.trainer.diverged
    assert "diverged: the learning rate is too large for this landscape" in s.status()
    assert s.toggle_play() is False  # cannot play until reset
    s.slower()
    s.slower()
    s.reset()
    assert not s.trainer.diverged and s.trainer.learning_rate == pytest.approx(0.2)
    s.toggle_play()
    for _ in range(50):
        s.tick()
    assert not s.trainer.diverged


def test_the_learning_rate_stays_within_limits():
    s = make(learning_rate=50.0)
    for _ in range(10):
        s.faster()
    assert s.trainer.learning_rate == 100.0
    for _ in range(40):
        s.slower()
    assert s.trainer.learning_rate == 1e-6


def test_b_goes_from_the_full_batch_to_the_mini_batch_to_one_point_and_back():
    s = make(mini_batch=8)
    s.next_batch()
    assert s.trainer.batch_size == 8 and "batch = 8 of 40" in s.readout()
    assert "mini-batch of 8" in s.status()
    s.next_batch()
    assert s.trainer.batch_size == 1 and "batch = 1 of 40" in s.readout()
    s.next_batch()
    assert s.trainer.full_batch and "batch = all 40" in s.readout()
    chosen = make(batch_size=5)
    chosen.next_batch()
    assert chosen.trainer.batch_size == 1
    chosen.next_batch()
    assert chosen.trainer.full_batch
    chosen.next_batch()
    assert chosen.trainer.batch_size == 5


def test_fast_forward_skips_the_asked_number_of_steps():
    s = make(fast_forward=1000)
    assert s.fast_forward() == 1000 and s.trainer.steps == 1000


def test_the_loss_axes_hold_still_while_the_loss_falls():
    s = make()
    s.trainer.run(1)
    s.loss_plot(38, 8)
    first = (s.axes.window, s.axes.ylim)
    limits = set()
    for _ in range(45):
        s.trainer.run(1)
        s.loss_plot(38, 8)
        limits.add((s.axes.window, s.axes.ylim))
    assert limits == {first}  # 46 steps fit the first window; the falling loss stays inside
    s.trainer.run(10)
    s.loss_plot(38, 8)
    assert s.axes.window == 100 and s.axes.ylim == first[1]


def test_the_loss_axes_widen_only_when_the_loss_leaves_them():
    axes = LossAxes(log_scale=False)
    assert axes.update(0, 4.0, np.array([4.0]))
    assert axes.ylim == (0.0, 5.0)
    assert not axes.update(1, 4.0, np.array([4.0, 4.9]))
    assert axes.update(2, 4.0, np.array([4.0, 4.9, 7.0])) and axes.ylim[1] >= 7.0
    log = LossAxes(log_scale=True)
    log.update(0, 5.0, np.array([5.0]))
    assert log.ylim == (-1.0, 1.0)
    assert not log.update(10, 5.0, np.array([5.0, 0.2]))
    assert log.update(20, 5.0, np.array([5.0, 0.2, 0.01])) and log.ylim == (-2.0, 1.0)


def test_helpers_for_steady_axes():
    assert [window_for(s) for s in (0, 50, 51, 150, 999, 1001)] == [50, 50, 100, 200, 1000, 2000]
    assert nice_ceiling(4.93 * 1.1) == 6.0 and nice_ceiling(0.011) == pytest.approx(0.012)
    assert nice_ceiling(0.0) == 1.0 and nice_ceiling(float("nan")) == 1.0


def test_log_scale_plots_the_loss_on_a_log_axis_labelled_with_losses():
    s = make(log_scale=True)
    s.trainer.run(100)
    lines = s.frame(100, 30).lines
    assert "log loss by step" in "\n".join(lines)
    loss_plot = [line[50:] for line in lines]  # the right half of a 100-column frame
    labels = [float(m[1]) for line in loss_plot if (m := re.match(r"\s*([\d.e+-]+)┤", line))]
    assert labels and max(labels) >= 4.0 > 0.3 >= min(labels)  # from the start's 4.9 to 0.2


def test_the_quadratic_model_shows_three_weights():
    s = make(model="quadratic", true_a=1.0, start_weights=[0.5])
    assert list(s.trainer.weights) == [0.5, 0.0, 0.0]
    s.trainer.run(5)
    words = s.readout()
    assert "a = " in words and "dL/da = " in words and "w = " in words


def test_render_text_shows_the_loop_a_plot_and_a_table():
    text = scene.render_text(fill_defaults(scene.PARAMS, {"text_steps": 100}))
    assert "weights -= lr * grad" in text and "loss by step:" in text
    assert "  step  loss" in text
    after = text.split("  step  loss\n", 1)[1].splitlines()
    table = [line.split() for line in after if line[:6].strip().isdigit()]
    steps = [int(row[0]) for row in table]
    assert steps[:4] == [0, 1, 2, 5] and steps[-1] == 99
    losses = [float(row[1]) for row in table]
    assert losses[-1] < losses[0]
    assert "\x1b" not in text


@pytest.mark.parametrize("given", [{}, {"batch_size": 8}, {"model": "sigmoid(w*x + b)"}])
def test_render_text_ends_with_the_loss_the_final_weights_make(given):
    params = fill_defaults(scene.PARAMS, {"text_steps": 50, **given})
    text = scene.render_text(params)
    last = re.search(r"After 50 steps: (.*); at these weights the loss on all 40 points is (\S+)\.",
                     text.replace("\n", " "))  # fmt: skip
    assert last, text
    again = TrainingState(params).trainer  # the same run, its weights unrounded
    again.max_steps = None
    again.run(50)
    shown = dict(part.split(" = ") for part in last[1].split(", "))
    assert tuple(shown) == tuple(again.weight_names) == ("w", "b")
    assert [float(v) for v in shown.values()] == pytest.approx(list(again.weights), rel=1e-3)
    xs, ys = again.data.xs, again.data.ys
    w, b = again.weights
    guess = 1 / (1 + np.exp(-(w * xs + b))) if given.get("model") else w * xs + b
    assert float(last[2]) == pytest.approx(np.mean((guess - ys) ** 2), rel=1e-3)


def test_render_text_in_ascii_and_when_diverging():
    params = fill_defaults(scene.PARAMS, {"learning_rate": 2.0})
    text = scene.render_text(params, ascii=True)
    assert text.isascii() and "diverged: the learning rate is too large" in text


def test_playing_the_numbers_repaint_at_a_readable_pace_and_pausing_shows_them_now():
    state = make()
    state.toggle_play()
    shown = []
    for _ in range(2 * READOUT_EVERY):
        state.tick()
        shown.append("\n".join(state.frame(80, 16).lines))
    steps = [re.search(r"step = (\d+)", text)[1] for text in shown]
    assert len(set(steps)) == len(steps)  # the step count moves on every frame
    weights = [re.search(r"w = (\S+)", text)[1] for text in shown]
    assert 1 < len(set(weights)) < len(weights)  # the weights repaint, but not every frame
    state.toggle_play()  # paused: the numbers as they are now
    paused = "\n".join(state.frame(80, 16).lines)
    assert f"w = {short(state.trainer.weights[0])}" in paused


def test_a_loss_undefined_from_the_start_is_not_blamed_on_the_learning_rate():
    params = fill_defaults(scene.PARAMS, {"model": "log(w*x) + b", "x_range": [0.5, 2.0],
                                          "text_steps": 10})  # fmt: skip
    text = " ".join(scene.render_text(params).split())
    assert "stopped after 0 steps: the loss is not a number at the starting weights" in text
    assert "learning rate is too large" not in text


def test_a_true_curve_undefined_in_the_data_range_is_reported_by_check():
    params = fill_defaults(scene.PARAMS, {"model": "w*x + b", "true_curve": "log(x)"})
    ((name, message),) = scene.check(params)
    assert name == "true_curve" and "log(x) is not a number at some x from -2 to 2" in message
    fine = fill_defaults(scene.PARAMS, {"true_curve": "log(x)", "x_range": [0.5, 2.0]})
    assert scene.check(fine) == []


@pytest.mark.parametrize("name", ["text_steps", "fast_forward"])
def test_a_run_done_at_once_is_bounded_in_work(name):
    # 100,000 steps on 500 points took over a minute for a six-weight model, and f froze the app
    big = fill_defaults(scene.PARAMS, {"points": 500, name: 100_000})
    ((param, message),) = scene.check(big)
    assert param == name and message.startswith(f"{name} may be at most 5,000 with 500 points")
    assert scene.check(fill_defaults(scene.PARAMS, {"points": 500, name: 5000})) == []
    assert most_steps_at_once(40) == 21_428


def test_the_readouts_keep_their_columns_when_a_slope_needs_ten_characters():
    # Lesson 5's "direction, not understanding" after 220 steps: dL/dw = -2.084e-05 is 18
    # characters, one more than a cell of 18 holds with a gap; dL/db beside it must not move.
    from pathlib import Path

    from gradtui.script.parse import load_lesson

    lessons = Path(__file__).resolve().parents[2] / "lessons"
    step = load_lesson(lessons / "05-carry-forward.md").steps[7]
    s = scene.State(step.scene.params)
    s.trainer.run(220)
    (panel,) = [p for p in s.frame(80, 16, False).panels if p.name == "readouts"]
    starts = [[m.start() for m in re.finditer(r"(?:^|(?<=  ))\S", line)] for line in panel.lines]
    assert "dL/dw = -2.084e-05" in "\n".join(panel.lines)
    assert all(row == starts[0] for row in starts), panel.lines
