"""Beyond the four lines, as a learner checks them without a terminal: the update rule on the
loop's lines, runs side by side and their verdicts, the map of the loss over two weights with
the paths on it, the loss by examples seen, a lesson's own data, and the training screens that
told a learner something untrue (issue 20)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from gradtui.calculus.data import make_dataset
from gradtui.calculus.models import Loss
from gradtui.scenes import landscape, training
from gradtui.scenes.kit.params import fill_defaults
from gradtui.scenes.kit.plots import Series, series_cells, text_plot
from gradtui.scenes.landscape.state import LandscapeState
from gradtui.scenes.training.state import TrainingState
from gradtui.script.catalog import builtin_lessons_dir, lesson_files
from gradtui.script.parse import load_lesson


def make(**given) -> TrainingState:
    return TrainingState(fill_defaults(training.PARAMS, given))


def scene_of(lesson_slug: str, step_id: str) -> dict:
    """The params of a built-in lesson's step, as the lesson gives them."""
    for path in lesson_files(builtin_lessons_dir()):
        lesson = load_lesson(path)
        if lesson.slug == lesson_slug:
            return next(step for step in lesson.steps if step.id == step_id).scene.params
    raise LookupError(lesson_slug)


def play(state, frames: int) -> None:
    state.toggle_play()
    for _ in range(frames):
        if not state.tick():
            break
    if state.playing:
        state.toggle_play()


# --- issue 20: what the training screens told a learner ------------------------------------


@pytest.mark.parametrize("height", [14, 17, 24])
def test_a_divergence_keeps_its_climax_on_the_loss_plot_and_its_caption_whole(height):
    """Lesson 4's rate step at lr 1.28: the plot topped out at 1e7 while the loss was 4.3e7,
    and its caption read "diverged: the learning rate  ┐"."""
    s = TrainingState({**scene_of("learning", "rate"), "learning_rate": 1.28})
    play(s, 200)
    t = s.trainer
    assert t.diverged and t.loss > 4e7
    lines = s.frame(80, height).lines
    plot = [line[40:] for line in lines if "┤" in line[40:] or "┌" in line[40:]]
    labels = [float(m) for line in plot for m in re.findall(r"([-\d.e+]+)┤", line)]
    assert max(labels) >= t.loss  # the highest loss it reached is inside the plot
    top = next(line for line in plot if "┌" in line)
    caption = top[top.index("┌") + 1 : top.index("┐")].strip(" ─")
    assert caption.endswith("loss by step"), caption  # whole, not cut
    above = "\n".join(line for line in lines if "┌" not in line and "┤" not in line)
    assert "diverged" in caption or "diverged" in above  # and the state is said


@pytest.mark.parametrize(("data", "model", "rate", "said"), [
    ([[30, 1], [-30, 2]], "w*x", 1.0, "2.619e+12"),  # past what a plot can draw
    ([[5, 3]], "exp(w*x)", 10.0, "infinity"),  # exp(1000): overflowed
])  # fmt: skip
def test_a_loss_beyond_what_a_plot_can_draw_is_said_in_the_caption_with_its_value(
    data, model, rate, said
):
    s = make(data=data, model=model, learning_rate=rate)
    play(s, 50)
    assert s.trainer.diverged
    lines = s.frame(80, 17).lines
    text = "\n".join(lines)
    assert f"↑ {said}" in text  # said in the caption, with its value
    if said != "infinity":
        assert any("↑" in line and "┤" in line for line in lines)  # and marked on the top


def test_switching_the_batch_shows_the_loss_and_slopes_of_the_new_batch():
    """Lesson 4's mini-batch step: space, pause, b showed "loss = 0.1336 batch = all 40", the
    last mini-batch's loss (the loss on all 40 was 0.205), and its stale slopes."""
    s = TrainingState(scene_of("learning", "batches"))
    play(s, 60)
    s.next_batch()  # 8 -> 1
    s.next_batch()  # 1 -> all
    t = s.trainer
    assert t.full_batch
    loss, gradient = Loss(t.data.model).value_and_gradient(t.weights, t.data.xs, t.data.ys)
    said = dict(line.split(" = ", 1) for line in s.readout().splitlines() if " = " in line)
    assert said["batch"] == "all 40"
    assert float(said["loss"]) == pytest.approx(loss, rel=1e-3)
    assert float(said["dL/dw"]) == pytest.approx(gradient[0], rel=1e-3)
    assert float(said["dL/db"]) == pytest.approx(gradient[1], rel=1e-3)


def test_slopes_that_are_round_off_read_as_zero_from_rounding():
    """After f, lesson 4 read "dL/dw = -3.608e-15" where a learner needs "≈ 0 (rounding)"."""
    s = TrainingState(scene_of("learning", "learn"))
    s.fast_forward()
    t = s.trainer
    assert np.all(np.abs(t.gradient) < 1e-12) and np.any(t.gradient != 0)
    said = s.readout()
    assert "dL/dw = ≈ 0 (rounding)" in said and "dL/db = ≈ 0 (rounding)" in said
    s.reset()
    s.trainer.run(3)  # a real slope is still a number
    assert "rounding" not in s.readout()


def test_slopes_from_rounding_stand_whole_beside_the_loop():
    """Lesson 4's "Watch it learn" at 80x24 after f: the readouts beside the four lines read
    "dL/dw = ≈ 0 (rounding)  dL/db = ≈ 0 (roundi", cut at the edge of the screen."""
    s = TrainingState(scene_of("learning", "learn"))
    s.fast_forward()
    frame = s.frame(80, 15)  # the scene's rows under that step's text at 80x24
    assert [panel.name for panel in frame.panels if panel.cut] == []
    text = "\n".join(frame.lines)
    assert "dL/dw = ≈ 0 (rounding)" in text and "dL/db = ≈ 0 (rounding)" in text
    for readout in ("step = 1000", "lr = 0.05", "batch = all 40", "w = ", "b = "):
        assert readout in text, readout


def test_the_loss_by_examples_seen_shows_the_cheaper_steps_falling_sooner():
    s = make(learning_rate=0.05, loss_against="examples",
             compare=[{"batch_size": 0}, {"batch_size": 8}, {"batch_size": 1}])  # fmt: skip
    full, eight, one = s.runs
    for run in s.runs:
        while run.examples < 40:
            run.step()
    assert (full.steps, eight.steps, one.steps) == (1, 5, 40)  # the same price paid
    assert one.full_loss() < eight.full_loss() < full.full_loss() / 2  # per example: sooner
    assert "examples seen" in s.loss_caption(False, False)[0]
    plotted = [xs for xs, _, _ in s.loss_series()]
    assert [xs[-1] for xs in plotted] == [0, 32, 39]  # each run's last step: examples before it
    s.toggle_against()
    assert "by step" in s.loss_caption(False, False)[0]
    assert [xs[-1] for xs in (xs for xs, _, _ in s.loss_series())] == [0, 4, 39]


def test_the_noise_of_mini_batches_is_a_band_not_hidden_under_the_curve():
    """The batch losses' dots hid under the calm curve, showing in a few columns only: every
    column the run has reached shows where its batches' losses went."""
    s = TrainingState({**scene_of("learning", "batches"), "loss_against": "steps"})
    play(s, 60)
    plot = s.loss_plot(36, 12)
    canvas = [line[line.index("┤") + 1 :] if "┤" in line else line[line.index("│") + 1 :]
              for line in plot[1:-2]]  # fmt: skip
    calm = {c for line in canvas for c, ch in enumerate(line) if ch == "•"}
    noisy = {c for line in canvas for c, ch in enumerate(line) if ch == "·"}
    reached = set(range(3, max(calm) + 1))
    assert reached <= noisy, sorted(reached - noisy)


def landscape_steps():
    """Every landscape step of the built-in lessons that draws a curve in x."""
    for path in lesson_files(builtin_lessons_dir()):
        lesson = load_lesson(path)
        for step in lesson.steps:
            scene = step.scene
            if scene is not None and scene.kind == "landscape" and "y" not in scene.params["f"]:
                yield pytest.param(scene.params, id=f"{lesson.slug}:{step.number}")


@pytest.mark.parametrize("params", list(landscape_steps()))
def test_the_ball_sits_on_its_curve_as_drawn(params, monkeypatch):
    """Lesson 4 steps 7 and 10, lesson 5 step 6: the ball at the bottom of a valley sat a row
    under the curve. The ball's cell must be a cell of the curve as it is drawn from its own
    samples, at every step of every start's walk, at the sizes a lesson shows it."""
    import gradtui.scenes.landscape.picture as picture

    drawn = {}

    def spy(series, width, height, **options):
        drawn["plot"] = (series, width, height, options)
        return text_plot(series, width, height, **options)

    monkeypatch.setattr(picture, "text_plot", spy)
    s = LandscapeState(params)
    off = []
    for start in range(len(s.starts)):
        s.select_start(start)
        for shown in sorted({*range(0, 30, 3), s.path.steps}):
            s.shown = shown
            for width, height in ((54, 15), (56, 12), (52, 14), (176, 30)):
                s.picture(width, height)
                series, w, h, options = drawn["plot"]
                limits = {"xlim": options["xlim"], "ylim": options["ylim"]}
                ball = series[-1]
                own = np.asarray(series[0].xs) != ball.xs[0]  # its own samples, none added
                samples = Series(np.asarray(series[0].xs)[own], np.asarray(series[0].ys)[own],
                                 lines=True)  # fmt: skip
                curve = series_cells(samples, w, h, **limits)
                cells = series_cells(Series(ball.xs, ball.ys), w, h, **limits)
                if cells and not cells <= curve:
                    off.append((start, shown, width, height))
    assert not off


# --- the update rule on the loop's lines ------------------------------------------------------


def test_m_switches_the_rule_and_the_lines_show_what_it_changes():
    s = make()
    assert s.code_lines(False)[2].endswith("weights -= lr * grad")
    s.next_optimizer()
    lines = s.code_lines(False)
    assert len(lines) == 5 and "velocity = β * velocity + grad" in lines[2]
    assert "momentum β 0.9" in s.status() and "β = 0.9" in s.readout()
    s.next_optimizer()
    assert any("m̂" in line for line in s.code_lines(False)) and "β1 = 0.9" in s.readout()
    assert all(line.isascii() for line in s.code_lines(True))
    assert s.code_lines(True)[3].endswith("weights -= lr * m / (sqrt(v) + eps)")
    s.next_optimizer()
    assert len(s.code_lines(False)) == 4


def test_the_beta_keys_turn_beta_towards_and_away_from_one():
    s = make(optimizer="momentum")
    s.more_beta()
    assert s.trainer.optimizer.momentum == pytest.approx(0.95)
    for _ in range(20):
        s.more_beta()
    assert s.trainer.optimizer.momentum == 0.999
    s.less_beta()
    s.less_beta()
    assert s.trainer.optimizer.momentum == pytest.approx(0.996)
    plain = make()
    assert not plain.has_beta
    plain.more_beta()  # nothing to turn: nothing happens
    assert plain.trainer.optimizer.name == "sgd"
    s.set("beta", 0.5)
    assert s.trainer.optimizer.momentum == 0.5 and s.settings()["beta"] == 0.5
    with pytest.raises(ValueError, match="beta"):
        s.set("beta", 1.5)


def test_a_rule_changed_half_way_through_a_step_finishes_the_step_first():
    s = make()
    s.step_line()
    s.step_line()  # loss and gradient of step 1
    s.next_optimizer()
    t = s.trainer
    assert t.steps == 1 and t.at_boundary and t.lines[t.line] == "repeat"


# --- runs side by side ----------------------------------------------------------------------


def test_runs_side_by_side_share_the_data_and_the_start_and_keep_their_own_settings():
    s = make(compare=[{"learning_rate": 0.02}, {"learning_rate": 0.02, "optimizer": "momentum"}])
    a, b = s.runs
    assert a.data is b.data and np.array_equal(a.start_weights, b.start_weights)
    assert (a.optimizer.name, b.optimizer.name) == ("sgd", "momentum")
    s.faster()  # the keys turn run 1
    assert (a.learning_rate, b.learning_rate) == (0.04, 0.02)
    s.next_run()
    s.faster()
    assert b.learning_rate == 0.04
    play(s, 30)
    assert a.steps == b.steps == 30
    words = s.readout()
    assert "run 1: sgd" in words and "run 2: momentum β 0.9" in words
    table = s.run_table(80, False)
    assert table[1].startswith("▶x 2") and len(table) == 2


def test_each_run_gets_a_verdict_and_the_first_to_the_target_is_named():
    s = make(compare=[{"learning_rate": 0.01}, {"learning_rate": 0.16},
                      {"learning_rate": 0.64}, {"learning_rate": 1.28}])  # fmt: skip
    for run in s.runs:
        run.run(30)
    words = [row[4].split(";")[0] for row in s.run_rows()]
    assert words == ["crawls", "settles", "bounces", "diverges"]
    race = s.race_words()
    reached = {i: run.reached for i, run in enumerate(s.runs)}
    assert reached[1] is not None and reached[3] is None
    first = min((r[0], i) for i, r in reached.items() if r)[1]
    assert race.startswith(f"first to loss {training.words.short(s.target)}: run {first + 1} (")


def test_the_target_is_99_percent_of_the_way_down_unless_the_lesson_gives_one():
    s = make(compare=[{}, {"optimizer": "adam"}])
    survey = s.survey()
    assert s.target == pytest.approx(survey.start_loss - 0.99 * (survey.start_loss - survey.lowest))
    given = make(compare=[{}, {"optimizer": "adam"}], target_loss=0.5)
    assert given.target == 0.5 and all(run.target_loss == 0.5 for run in given.runs)


def test_print_ends_every_run_with_its_weights_and_loss_as_the_reference_finds_them(
    numpy_descent,
):
    params = fill_defaults(training.PARAMS, {
        "text_steps": 120, "start_weights": [0.5, -0.5],
        "compare": [{"learning_rate": 0.05}, {"optimizer": "momentum", "learning_rate": 0.02},
                    {"optimizer": "adam", "learning_rate": 0.1},
                    {"learning_rate": 0.05, "batch_size": 8}]})  # fmt: skip
    text = training.render_text(params)
    data = make_dataset()  # the scene's own default data (made, not trained: the points only)
    found = re.findall(r"Run (\d): After 120 steps: w = (\S+), b = (\S+); at these weights the "
                       r"loss on all 40 points is (\S+)\.", text)  # fmt: skip
    assert [int(n) for n, *_ in found] == [1, 2, 3, 4]
    expected = [("sgd", 0.05, 0), ("momentum", 0.02, 0), ("adam", 0.1, 0), ("sgd", 0.05, 8)]
    for (_, w, b, loss), (rule, lr, batch) in zip(found, expected, strict=True):
        weights, want = numpy_descent.run("line", data.xs, data.ys, [0.5, -0.5], 120, rule, lr,
                                          batch, seed=params["seed"])  # fmt: skip
        assert [float(w), float(b)] == pytest.approx(weights, rel=5e-4)
        assert float(loss) == pytest.approx(want, rel=5e-4)
    assert "map" not in text or "paths" in text
    assert "o1 x2 *3 &4 paths" in text


# --- the map of the loss --------------------------------------------------------------------


def test_the_surface_shows_the_path_where_it_is_now_and_the_way_downhill():
    s = make(view="surface", start_weights=[-2, 3])
    s.trainer.run(10)
    picture = s.surface_map(40, 12)
    text = "\n".join(picture)
    assert "o" in text and "●" in text
    assert any(head in text for head in "→↗↑↖←↙↓↘")
    assert "loss over (w, b)" in s.surface_caption(False, 80)
    assert s.surface_axes(80).startswith("w ")
    ascii = "\n".join(s.surface_map(40, 12, ascii=True))
    assert ascii.isascii() and "O" in ascii
    lows = [row.index(" ") for row in s.surface_map(40, 12) if " " in row]
    assert lows  # the blank valley is on the map


def test_with_more_weights_the_map_is_a_slice_said_in_words():
    s = make(model="quadratic", view="surface", surface_weights=["w", "b"], true_a=0.5)
    assert s.surface_pair == (1, 2)
    s.trainer.run(5)
    caption = s.surface_caption(False, 200)
    assert "loss over (w, b)" in caption and "a slice: a = " in caption and "held" in caption


def test_v_switches_between_the_map_and_the_data():
    s = make()
    assert s.view == "plot"
    s.toggle_view()
    assert s.view == "surface" and "loss(w, b)" in "\n".join(s.frame(80, 17).lines)
    one = make(model="w*x")
    assert not one.has_surface
    one.toggle_view()
    assert one.view == "plot"


@pytest.mark.parametrize("size", [(60, 18), (80, 24), (80, 14), (200, 50), (30, 9), (12, 4)])
def test_frames_of_runs_side_by_side_fit_every_size(size, frame_fits):
    s = make(view="surface", compare=[{}, {"optimizer": "momentum"}, {"batch_size": 1}])
    play(s, 20)
    frame_fits(s, *size)


# --- a lesson's own data --------------------------------------------------------------------


def test_a_lesson_can_give_its_own_points_and_check_says_what_it_then_ignores():
    points = [[0, 1], [1, 3], [2, 5], [3, 7.5]]
    s = make(data=points)
    assert s.trainer.data.size == 4 and s.trainer.data.xs.tolist() == [0, 1, 2, 3]
    s.trainer.run(500)
    assert s.trainer.weights == pytest.approx([2.15, 0.9], abs=0.05)
    problems = training.check(fill_defaults(training.PARAMS, {"data": points, "noise": 2.0,
                                                              "true_w": 3.0}))  # fmt: skip
    named = {name for name, _ in problems}
    assert named == {"noise", "true_w"}
    assert all("not used when data gives the points" in message for _, message in problems)
    text = training.render_text(fill_defaults(training.PARAMS, {"data": points}))
    assert "4 points given in the lesson" in text


# --- the landscape's runs -------------------------------------------------------------------


def valley(**given) -> LandscapeState:
    return LandscapeState(fill_defaults(landscape.PARAMS, {
        "f": "x^2/100 + 2*y^2", "starts_xy": [[-4.5, 1.2]], "x_range": [-5, 5],
        "y_range": [-1.5, 1.5], "learning_rate": 0.45, "steps": 600, **given}))  # fmt: skip


def test_on_the_narrow_valley_plain_descent_zig_zags_then_crawls_and_momentum_settles_first():
    s = valley(compare=[{"optimizer": "sgd"}, {"optimizer": "momentum"}])
    words = {}
    for shown in (10, 80, 160):
        while s.shown < shown and s.step():
            pass
        words[shown] = [s.run_verdict(i).word for i in range(2)]
    assert words[10][0] == "zig-zags" and words[80][0] == "crawls"
    assert words[160] == ["crawls", "settles"]
    assert s.race_words().startswith("first to loss") and "run 2" in s.race_words()
    text = "\n".join(s.frame(80, 20).lines)
    assert "o 1 sgd" in text and "x 2 momentum β 0.9" in text


def test_on_the_landscape_the_keys_turn_the_chosen_run_and_walk_it_again():
    s = valley(compare=[{"optimizer": "sgd"}, {"optimizer": "momentum"}])
    s.next_run()
    s.more_beta()
    assert s.rules[1].momentum == pytest.approx(0.95) and s.rules[0].name == "sgd"
    s.next_optimizer()
    assert s.rules[1].name == "adam" and s.shown == 0
    assert s.paths[1].points[1] == pytest.approx([-4.5 + 0.45, 1.2 - 0.45])  # Adam: ±lr each


def test_a_saddle_holds_plain_descent_longer_than_momentum():
    """Lesson 4's saddle, a hair off its ridge: both leave it for the valley at y = 1, but
    plain descent lingers near the flat centre almost three times as long."""
    s = LandscapeState(fill_defaults(landscape.PARAMS, {
        "f": "x^2 + 0.25*(y^2 - 1)^2", "starts_xy": [[2.0, 0.001]], "learning_rate": 0.1,
        "steps": 400, "compare": [{"optimizer": "sgd"}, {"optimizer": "momentum"}]}))  # fmt: skip
    left = [int(np.nonzero(np.abs(path.points[:, 1]) > 0.5)[0][0]) for path in s.paths]
    assert left[0] > 2.5 * left[1]
    assert all(abs(path.points[-1][1]) == pytest.approx(1.0) for path in s.paths)


# --- the dashboard's slope curve ----------------------------------------------------------


def test_the_slope_curve_under_f_reads_off_sign_and_size_where_the_gauge_saturates():
    """The gauge put slopes 3.75 and 6.19 at nearly the same place; on the slope curve they
    sit rows apart, and the caption says the value."""
    from gradtui.scenes import dashboard

    def at(x: float) -> tuple[list[str], int]:
        s = dashboard.DashboardState(fill_defaults(dashboard.PARAMS, {"x": x}))
        lines = s.slope_lines(60, 24)
        row = next(i for i, line in enumerate(lines) if i and "●" in line)  # not the title
        return lines, row

    steep, steep_row = at(-1.5)  # x³ - 3x: slope 3.75
    steeper, steeper_row = at(-1.75)  # slope 6.1875
    assert "here: 3.75" in steep[0] and "here: 6.1875" in steeper[0]
    assert steeper_row < steep_row  # higher on the slope curve
    s = dashboard.DashboardState(fill_defaults(dashboard.PARAMS, {}))
    assert "slope f′(x)" in "\n".join(s.frame(80, 16).lines)
    s.toggle_slope_curve()
    assert "slope f′(x)" not in "\n".join(s.frame(80, 16).lines)
    assert "f'(x)" in "\n".join(dashboard.DashboardState(
        fill_defaults(dashboard.PARAMS, {})).frame(80, 16, ascii=True).lines)  # fmt: skip


def test_print_of_landscape_runs_side_by_side_says_where_each_ended_and_who_was_first():
    params = fill_defaults(landscape.PARAMS, {
        "f": "x^2/100 + 2*y^2", "starts_xy": [[-4.5, 1.2]], "x_range": [-5, 5],
        "y_range": [-1.5, 1.5], "learning_rate": 0.45, "steps": 300,
        "compare": [{"optimizer": "sgd"}, {"optimizer": "momentum"}]})  # fmt: skip
    text = landscape.render_text(params)
    assert "o run 1: sgd, lr 0.45; x run 2: momentum β 0.9, lr 0.45" in text.replace("\n", " ")
    ends = re.findall(r"run (\d) ended after 300 steps at x (\S+ \S+), y (\S+ \S+), loss = (\S+)",
                      text)  # fmt: skip
    assert [n for n, *_ in ends] == ["1", "2"]
    assert float(ends[1][3]) < float(ends[0][3])  # momentum lower
    assert "First to loss" in text and "run 2" in text.split("First to loss")[1]
    assert landscape.render_text(params, ascii=True).isascii()


def test_the_batch_marks_stay_visible_once_the_line_runs_through_them():
    """Lesson 4's mini-batch step, paused after the fit had settled: the legend said
    "o batch" but the fitted line was drawn over the batch's points, so no o was left."""
    s = TrainingState(scene_of("learning", "batches"))
    play(s, 200)
    s.playing = False
    s.step_line()  # as s does: this step's batch is measured and marked
    lines = s.data_plot(34, 9)
    data, batch = s.trainer.data, s.trainer.batch
    cells = series_cells(Series(data.xs[batch], data.ys[batch]), 34, 9,
                         xlim=s.data_xlim, ylim=s.data_ylim)  # fmt: skip
    assert cells and all(lines[row][col] == "o" for row, col in cells), "\n".join(lines)
