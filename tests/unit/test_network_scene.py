"""The network scene without a terminal: its keys and what each change says, the backward pass
of one example in words, its frames at every size, `gradtui check` on hostile networks (at
file:line:col) and `gradtui print`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from gradtui.calculus.network import initial_weights, weights_generator
from gradtui.scenes import network as scene
from gradtui.scenes.kit.moves import matching_moves, run_move
from gradtui.scenes.kit.params import fill_defaults
from gradtui.scenes.network import State
from gradtui.scenes.network.picture import weight_mark
from gradtui.script.parse import load_lesson
from gradtui.script.problems import LessonError


def make(**given) -> State:
    return State(fill_defaults(scene.PARAMS, given))


# --- keys ----------------------------------------------------------------------------------------


def test_a_layer_of_one_neuron_is_said_in_the_singular():
    s = make(hidden=[1, 2])
    s.layer = 3
    s.next_layer()
    assert s.notice == "chosen: hidden layer 1 (1 neuron)"
    s.next_layer()
    assert s.notice == "chosen: hidden layer 2 (2 neurons)"
    s.remove_layer()
    assert s.notice.startswith("1 hidden layer: new network")


def test_changes_that_need_new_weights_say_so_and_start_again():
    s = make()
    s.trainer.run(40)
    changes = [
        (s.add_neuron, "hidden layer 1 has 5 neurons"),
        (s.remove_neuron, "hidden layer 1 has 4 neurons"),
        (s.add_layer, "2 hidden layers"),
        (s.next_activation, "activation relu"),
        (lambda: s.toggle_feature(2), "feature x1^2 on"),
        (s.next_dataset, "dataset xor"),
        (s.more_noise, "noise 0.15"),
        (s.remove_layer, "1 hidden layer"),
    ]
    for change, words in changes:
        s.trainer.run(5)
        change()
        assert s.trainer.steps == 0, words
        assert words in s.notice and "new initial weights" in s.notice, s.notice
    assert s.shape.features == ("x1", "x2", "x1^2")
    assert s.shape.activation == "relu" and s.dataset == "xor" and s.noise == 0.15


def test_reset_moves_to_the_next_seed_and_the_rate_keeps_the_weights():
    s = make(seed=3)
    s.trainer.run(10)
    weights = [w.copy() for w in s.trainer.weights]
    s.faster()
    assert s.trainer.learning_rate == 0.06 and s.trainer.steps == 10
    assert all(np.array_equal(a, b) for a, b in zip(weights, s.trainer.weights, strict=True))
    assert "the weights stay" in s.notice
    s.reset()
    assert s.seed == 4 and s.trainer.steps == 0 and "seed 4" in s.notice
    expected = initial_weights(s.shape, weights_generator(4))
    assert all(np.array_equal(a, b) for a, b in zip(expected, s.trainer.weights, strict=True))
    assert s.trainer.learning_rate == 0.06  # the settings stay


def test_limits_are_said_not_broken():
    s = make(hidden=[8, 8, 8], features=["x1"])
    s.add_neuron()
    assert "1 to 8 neurons" in s.notice and s.hidden == [8, 8, 8]
    s.add_layer()
    assert "at most 3" in s.notice
    s.toggle_feature(0)
    assert "at least one feature" in s.notice and s.features == ["x1"]
    s = make(hidden=[1])
    s.remove_neuron()
    assert s.hidden == [1]
    s.remove_layer()
    assert s.hidden == [] and "logistic regression" in s.notice
    s.remove_layer()
    assert "no hidden layer left" in s.notice
    s.add_neuron()  # the output is chosen now: one neuron, always
    assert "output is one neuron" in s.notice


def test_play_trains_steps_per_frame_and_a_divergence_stops_it():
    s = make(steps_per_frame=7)
    assert s.toggle_play() and s.tick() and s.trainer.steps == 7
    s = make(learning_rate=10.0, hidden=[8, 8, 8], activation="linear", steps_per_frame=50)
    s.toggle_play()
    for _ in range(40):
        if not s.tick():
            break
    assert not s.playing and s.trainer.diverged
    assert "diverged" in s.frame(80, 16).lines[-2] + s.frame(80, 16).lines[-1]
    assert not s.toggle_play()


def test_moves_typed_in_words_reach_the_same_methods():
    s = make()
    for typed in ("more noise", "x1^2", "layer +", "neuron +", "backward pass"):
        (key,) = matching_moves(scene.KEYS, typed) if typed != "more noise" else \
            matching_moves(scene.KEYS, "noise +")  # fmt: skip
        run_move(s, key)
    assert s.noise == 0.15 and "x1^2" in s.features and s.hidden == [4, 5]
    assert s.explaining
    s.set("lr", 0.5)
    s.set("batch", 0)
    assert s.learning_rate == 0.5 and s.trainer.per_step == s.train.size
    with pytest.raises(ValueError, match="batch"):
        s.set("batch", 2.5)
    with pytest.raises(ValueError):
        s.set("noise", 3)


# --- the backward pass of one example ------------------------------------------------------------


def test_the_backward_pass_is_told_with_the_traces_numbers():
    s = make(hidden=[3, 2])
    s.trainer.run(20)
    s.toggle_backward()
    s.layer, s.neuron = 1, 1
    story = s.story()
    text = s.readout()
    assert "h1.2 feeds 2 neurons" in text and "(+=)" in text
    shares = [share.amount for _, share in story.fed]
    assert story.upstream == pytest.approx(sum(shares))
    assert f"z gets {story.upstream:.4g}"[:10] in text.replace("(", "")
    assert "1 - tanh(z)^2" in text
    for source in story.inputs:
        assert source.name in text
    # the step's own gradient (the batch's matrix pass) is the mean of the examples' shares
    weights, bias = s.batch_gradient()
    per_example = []
    for k in range(len(s.trainer.batch)):
        s.example = k
        per_example.append(s.story().z_gradient)
    assert bias == pytest.approx(np.mean(per_example), rel=1e-9)
    s.next_example()
    assert s.example == 0


def test_the_output_neurons_story_starts_from_p_minus_y():
    s = make(hidden=[])
    s.toggle_backward()
    story = s.story()
    assert story.name == "out" and story.z_gradient == pytest.approx(story.p - story.label)
    assert "p - y" in s.readout()


# --- frames --------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 16), (80, 22), (60, 16), (200, 48), (30, 8), (12, 4)])
@pytest.mark.parametrize("given", [{}, {"hidden": [8, 8, 8], "features": list(scene.FEATURES)}])
def test_frames_fit_every_size_in_both_alphabets(size, given, frame_fits):
    s = make(**given)
    s.trainer.run(30)
    frame_fits(s, *size)
    s.toggle_backward()
    frame_fits(s, *size)


def test_the_design_size_shows_map_network_and_loss_plot():
    s = make()
    s.trainer.run(50)
    text = "\n".join(s.frame(80, 16).lines)
    for words in ("step 50", "loss train", "accuracy", "[*]", "train", "test loss", "out"):
        assert words in text, words
    names = {panel.name for panel in s.frame(80, 16).panels}
    assert {"counts", "losses", "network", "loss", "map-0", "map-1"} <= names
    strips = [panel for panel in s.frame(80, 16).panels if re.fullmatch(r"map-\d+", panel.name)]
    assert len(strips) >= 2 and all(panel.width <= 10 for panel in strips)


def test_the_map_marks_points_by_class_and_the_example_on_top():
    s = make(data=[[-5.5, -5.5, 0], [5.5, 5.5, 1], [-5.5, 5.5, 0], [5.5, -5.5, 1]])
    lines = s.map_lines(12, 6, True)
    assert lines[-1][0] == "o" and lines[0][-1] in "xX" and lines[0][0] == "O"
    assert all(line.isascii() for line in lines)
    s.toggle_test()
    assert "O" not in "".join(s.map_lines(12, 6, True))
    s.toggle_backward()
    assert "@" in "".join(s.map_lines(12, 6, True))


def test_weight_marks_say_sign_and_size():
    assert [weight_mark(w) for w in (0.05, -0.05, 0.5, -0.5, 3, -3, float("nan"))] == [
        ".", ".", "+", "-", "#", "=", "?"]  # fmt: skip
    s = make(hidden=[2])
    s.trainer.weights[0][:] = [[2.0, -0.5], [0.0, -7.0]]
    lines, highlight = s.network_lines()
    assert "#. [*]" in "\n".join(lines) and "-= [ ]" in "\n".join(lines)
    row, start, end = highlight
    assert lines[row][start:end] == "[*]"


# --- gradtui check -------------------------------------------------------------------------------


def lesson_with(tmp_path: Path, block: str) -> Path:
    path = tmp_path / "01-net.md"
    path.write_text(f'+++\ntitle = "Net"\n+++\n\n# Net\n\nText.\n\n```scene\nkind = "network"\n'
                    f"{block}\n```\n", encoding="utf-8")  # fmt: skip
    return path


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("hidden = [4, 4, 4, 4]", r"hidden may hold at most 3 items, not 4"),
        ("hidden = [9]", r"each item of hidden must be at most 8, not 9"),
        ("hidden = [2.5]", r"whole number of neurons"),
        ("points = 5000", r"points must be at most 1000"),
        ('features = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)", "x1"]',
         r"features may hold at most 7 items"),
        ('features = ["x3"]', r"each item of features must be one of .*not 'x3'"),
        ('features = ["x1", "x1"]', r"each feature at most once"),
        ("features = []", r"at least one feature"),
        ("data = [[0, 0, 2], [1, 1, 0], [2, 2, 1], [3, 3, 0]]", r"label .* is 0 or 1"),
        ("data = [[0, 0], [1, 1], [2, 2], [3, 3]]", r"\[x1, x2, label\]"),
        ("data = [[0, 0, 1]]", r"at least 4 points"),
        ("batch_size = 0\npoints = 1000\ntest_fraction = 0\nsteps_per_frame = 1000",
         r"steps_per_frame: at most 90"),
        ("text_steps = 20000", r"text_steps: at most 18,181"),
        ('activation = "softmax"', r"activation must be one of"),
    ],
)  # fmt: skip
def test_check_refuses_a_hostile_network_at_its_line_and_column(tmp_path, block, message):
    path = lesson_with(tmp_path, block)
    with pytest.raises(LessonError) as caught:
        load_lesson(path)
    text = str(caught.value)
    key = block.splitlines()[-1].split(" =")[0] if "steps_per_frame" in block else \
        block.split(" =")[0]  # fmt: skip
    line = 11 + next(i for i, row in enumerate(block.splitlines()) if row.startswith(key))
    column = len(key) + 4  # where its value starts
    assert re.search(rf"{re.escape(str(path))}:{line}:{column}: .*{message}", text), text
    done = subprocess.run([sys.executable, "-m", "gradtui", "check", str(path)],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1 and f"{path}:{line}:{column}:" in done.stdout


# --- gradtui print -------------------------------------------------------------------------------


def test_print_has_the_map_the_gradient_check_and_the_final_line():
    text = scene.render_text(fill_defaults(scene.PARAMS, {"text_steps": 50}))
    assert text.isascii() or "→" not in text
    lines = text.splitlines()
    assert re.fullmatch(
        r"after 50 steps: train loss = [\d.]+, test loss = [\d.]+, train accuracy = [\d.]+% "
        r"\(\d+ of 100 points\), test accuracy = [\d.]+% \(\d+ of 100 points\)",
        lines[-1],
    ), lines[-1]
    rows = [line for line in lines if re.match(r"  [Wb]\d\[", line)]
    assert len(rows) == 17  # every weight of 2-4-1
    largest = float(re.search(r"Largest relative difference: (\S+)\.", text)[1])
    assert largest < 1e-5
    start = lines.index(next(line for line in lines if line.startswith("The decision map")))
    picture = lines[start + 1 : start + 25]
    assert len(picture) == 24 and all(len(row) == 50 and row.isascii() for row in picture)
    assert {"o", "x"} <= set("".join(picture))


def test_print_gives_each_accuracy_to_four_digits_with_its_count():
    # 2 training points and 18 test points: an accuracy of 10 of 18 is 55.56%, not "56%"
    params = fill_defaults(scene.PARAMS, {"dataset": "xor", "points": 20, "test_fraction": 0.9,
                                          "features": ["sin(x1)", "sin(x2)"], "seed": 11,
                                          "learning_rate": 0.2, "batch_size": 3,
                                          "text_steps": 77})  # fmt: skip
    s = State(params)
    s.trainer.run(77)
    p = s.trainer.probabilities(s.trainer.test_columns)
    right = int(np.sum((p >= 0.5) == (s.trainer.test.labels >= 0.5)))
    assert s.trainer.test.size == 18
    last = scene.render_text(params).splitlines()[-1]
    share = f"{100 * right / 18:.4g}%"
    assert f"test accuracy = {share} ({right} of 18 points)" in last, last
    assert "train accuracy = 100% (2 of 2 points)" in last, last


def test_no_test_points_are_said_so_not_undefined_or_minus():
    s = make(dataset="gauss", test_fraction=0.0, points=40, text_steps=5)
    last = scene.render_text(s.params).splitlines()[-1]
    assert "test loss = none (no test points)" in last and "undefined" not in last, last
    assert "test accuracy = none (no test points)" in last, last
    readout = s.readout()
    assert "test loss = none (no test points)" in readout, readout
    assert "test accuracy = none (no test points)" in readout, readout
    assert "undefined" not in readout and "= - " not in readout


def test_an_accuracy_of_one_point_says_point():
    from gradtui.scenes.network.words import accuracy_words

    assert accuracy_words(1.0, 1) == "100% (1 of 1 point)"
    assert accuracy_words(2 / 3, 3) == "66.67% (2 of 3 points)"
