"""The training scene's points never trained on: made from a true curve over a test range or
given as they are, drawn apart, and their loss said beside the training loss (checked against
a mean of squares worked out here with numpy)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gradtui.calculus.data import make_dataset
from gradtui.calculus.expr import parse
from gradtui.scenes import training as scene
from gradtui.scenes.kit.params import fill_defaults
from gradtui.scenes.training.state import TrainingState
from gradtui.scenes.training.words import unseen_words
from gradtui.script.parse import check_file, load_lesson

# Trained on the start of sin(2x), where it looks straight; tested where it bends away.
STORY = {
    "true_curve": "sin(2*x)",
    "x_range": (0.0, 0.8),
    "points": 20,
    "noise": 0.03,
    "test_range": (0.8, 3.0),
    "test_points": 12,
    "learning_rate": 0.5,
}


def make(**given) -> TrainingState:
    return TrainingState(fill_defaults(scene.PARAMS, given))


def mean_square_miss(w: float, b: float, xs: np.ndarray, ys: np.ndarray) -> float:
    return float(np.mean((w * xs + b - ys) ** 2))


def test_data_made_from_a_true_curve_scatters_around_it():
    data = make_dataset(points=400, noise=0.1, x_range=(0.0, 1.0), seed=3, curve="sin(2*x)")
    assert data.true_weights is None and data.curve.text == "sin(2*x)"
    misses = data.ys - np.sin(2 * data.xs)
    assert abs(float(np.std(misses)) - 0.1) < 0.01
    np.testing.assert_allclose(data.truth(data.xs), np.sin(2 * data.xs))
    same_xs = make_dataset(points=400, noise=0.1, x_range=(0.0, 1.0), seed=3)
    np.testing.assert_array_equal(data.xs, same_xs.xs)  # the curve changes only the ys


def test_test_range_points_lie_there_and_leave_the_training_data_as_it_was():
    with_test = make(**STORY)
    without = make(**{k: v for k, v in STORY.items() if not k.startswith("test_")})
    np.testing.assert_array_equal(with_test.trainer.data.xs, without.trainer.data.xs)
    np.testing.assert_array_equal(with_test.trainer.data.ys, without.trainer.data.ys)
    held = with_test.held_out
    assert held.size == 12 and ((held.xs >= 0.8) & (held.xs <= 3.0)).all()
    assert np.abs(held.ys - np.sin(2 * held.xs)).max() < 0.03 * 5
    assert without.held_out is None


def test_the_unseen_loss_and_the_training_loss_are_means_of_squares_at_the_current_weights():
    s = make(**STORY)
    s.trainer.run(300)
    w, b = s.trainer.weights
    unseen, trained = s.unseen_losses()
    held, data = s.held_out, s.trainer.data
    assert unseen == pytest.approx(mean_square_miss(w, b, held.xs, held.ys), rel=1e-12)
    assert trained == pytest.approx(mean_square_miss(w, b, data.xs, data.ys), rel=1e-12)
    assert trained < 0.01 < 1 < unseen  # it learned what it saw, and nothing else
    words = s.unseen_words()
    ratio = unseen / trained
    assert ratio > 1000  # so it is written whole, thousands marked: 4,451
    assert words == (
        f"loss on the 12 points it never saw = {unseen:.4g}, {round(ratio):,}× the training loss "
        f"({trained:.4g})"
    )
    assert words in s.readout() and "points never trained on = 12" in s.readout()


def test_held_out_points_given_as_they_are():
    s = make(held_out=[[3.0, 5.0], [-3.0, -7.0]])
    assert s.held_out.xs.tolist() == [-3.0, 3.0] and s.held_out.ys.tolist() == [-7.0, 5.0]
    unseen, _ = s.unseen_losses()  # w = b = 0 before training: the mean of y²
    assert unseen == pytest.approx((25 + 49) / 2)
    assert s.unseen_words().startswith("loss on the 2 points it never saw = 37,")
    assert s.data_xlim[0] < -3.0 and s.data_xlim[1] > 3.0  # the plot holds them


def test_both_kinds_of_held_out_points_together():
    s = make(held_out=[[5.0, 1.0]], **STORY)
    assert s.held_out.size == 13 and 5.0 in s.held_out.xs.tolist()


def test_words_when_the_training_loss_is_zero_or_undefined():
    assert unseen_words(2.0, 0.0, 1) == (
        "loss on the 1 point it never saw = 2; the training loss is 0"
    )
    assert "the training loss is undefined" in unseen_words(2.0, math.nan, 3)
    assert unseen_words(0.5, 2.0, 4).endswith("0.25× the training loss")
    assert unseen_words(0.5, 2.0, 4, with_training=True).endswith("0.25× the training loss (2)")
    assert unseen_words(9.5, 0.0016, 12, brief=True) == (
        "never seen (12): loss = 9.5, 5,938× training"
    )
    assert unseen_words(9.5, 0.0016, 12, split=True) == (
        "loss on the 12 points it never saw = ",
        "9.5, 5,938× the training loss",
    )
    assert unseen_words(2.0, 0.0, 1, brief=True).endswith("; training is 0")


def test_a_narrow_scene_says_it_in_fewer_words_on_one_line():
    s = make(**STORY)
    s.trainer.run(300)
    lines = s.frame(60, 20).lines
    brief = [line for line in lines if line.startswith("never seen (12): loss = ")]
    assert len(brief) == 1 and len(brief[0]) <= 60
    assert "".join(s.unseen_parts(60)) == brief[0]
    assert "".join(s.unseen_parts(200)) + f" ({s.unseen_losses()[1]:.4g})" == s.unseen_words()


def test_the_frame_marks_them_apart_and_says_their_loss():
    s = make(**STORY)
    s.trainer.run(50)
    frame = s.frame(80, 18)
    text = "\n".join(frame.lines)
    assert "".join(s.unseen_parts(80)) in text
    assert "× never seen" in text
    words, numbers = (p for p in frame.panels if p.name in ("unseen", "unseen_numbers"))
    assert words.lines == ("loss on the 12 points it never saw =",)  # stays still
    assert numbers.x == len("loss on the 12 points it never saw = ")
    data_rows = [line[:40] for line in s.frame(80, 18).lines[7:]]
    assert sum(row.count("×") for row in data_rows) >= 6  # the points, in the data plot
    ascii_lines = s.frame(80, 18, ascii=True).lines
    assert all(line.isascii() for line in ascii_lines)
    assert "x never seen" in "\n".join(ascii_lines)


def test_a_narrow_frame_keeps_the_data_plot_that_shows_them():
    s = make(**STORY)
    lines = s.frame(60, 18).lines
    text = "\n".join(lines)
    assert "× never seen" in text and "loss by step" not in text
    assert any("×" in line for line in lines[7:])


def test_without_held_out_points_the_frame_is_as_it_was():
    s = make()
    s.trainer.run(5)
    text = "\n".join(s.frame(80, 18).lines)
    assert "never" not in text and "fitted line" in text
    assert s.unseen_losses() is None and s.unseen_words() == ""


def test_y_range_fixes_the_data_plot():
    s = make(y_range=(-1.5, 3.0), **STORY)
    assert s.data_ylim == (-1.5, 3.0)


def test_print_shows_the_points_the_fit_and_each_miss():
    params = fill_defaults(scene.PARAMS, STORY)
    text = scene.render_text(params)
    s = make(**STORY)
    s.trainer.max_steps = None
    s.trainer.run(params["text_steps"])
    w, b = s.trainer.weights
    assert "made from the curve y = sin(2*x), with x from 0 to 0.8" in text
    words = s.unseen_words()
    sentence = words[0].upper() + words[1:] + "."
    assert " ".join(sentence.split()) in " ".join(text.split())  # wrapped to 78 columns
    x, y = s.held_out.xs[0], s.held_out.ys[0]
    guess = w * x + b
    row = f"{x:>9.4g} {y:>11.4g} {guess:>12.4g} {guess - y:>10.4g}"
    assert row in text.splitlines()
    assert "× never trained on" in text
    assert scene.render_text(params, ascii=True).isascii()


def training_scene(tmp_path, line: str):
    """A lesson whose one step holds a training scene with `line` (on file line 7)."""
    path = tmp_path / "01-t.md"
    path.write_text(
        f'+++\ntitle = "T"\n+++\n\n```scene\nkind = "training"\n{line}\n```\n',
        encoding="utf-8",
    )
    return path


def test_a_held_out_point_needs_two_numbers(tmp_path):
    ((problem),) = check_file(training_scene(tmp_path, "held_out = [[1, 2, 3]]"))
    assert (problem.line, problem.message) == (
        7,
        "held_out: each held-out point is [x, y]: two numbers",
    )


def test_a_true_curve_that_does_not_parse_is_reported_at_its_column(tmp_path):
    ((problem),) = check_file(training_scene(tmp_path, 'true_curve = "sin(2*y)"'))
    assert problem.line == 7 and problem.column == len('true_curve = "sin(2*') + 1
    lesson = load_lesson(training_scene(tmp_path, 'true_curve = "sin(2*x)"'))
    assert parse(lesson.steps[0].scene.params["true_curve"]).text == "sin(2*x)"


def test_how_many_times_is_written_so_it_reads():
    from gradtui.scenes.kit.numbers import times

    assert [times(v) for v in (0.25, 36.694, 999.94, 1000.4, 13697.2, 2.5e12)] == [
        "0.25", "36.69", "999.9", "1,000", "13,697", "2.500e+12",
    ]  # fmt: skip
    assert times(float("inf")) == "infinity" and times(None) == "-"


def test_with_too_few_rows_the_unseen_loss_goes_into_the_data_plots_top_edge():
    s = make(**STORY)
    s.trainer.run(300)
    short_of_a_row = s.frame(60, 13)
    names = [panel.name for panel in short_of_a_row.panels]
    assert "unseen" not in names and "data" in names  # the plot keeps its rows
    data = next(panel for panel in short_of_a_row.panels if panel.name == "data")
    assert "× never seen (12): loss = " in data.lines[0]
    roomy = s.frame(60, 14)
    assert [p.name for p in roomy.panels].count("unseen") == 1
