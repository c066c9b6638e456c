"""Lesson 7, "A network learns": its shape, its links back, and every claim its prose makes about
its scenes, run on the scenes' own parameters (a claim the maths does not bear out fails here);
and saved progress from before the lesson existed still finds its place."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from gradtui.calculus.network import CHANCE_LOSS
from gradtui.progress import FILE_NAME, Progress
from gradtui.scenes.network import State
from gradtui.script.catalog import builtin_lessons_dir, find_lesson, list_lessons, progress_key
from gradtui.script.parse import load_lesson
from gradtui.textmode import lesson_as_text

PATH = find_lesson("network")
LESSON = load_lesson(PATH)
PLAY = 11  # frames a second while playing


def scene_at(step_id: str) -> State:
    step = next(step for step in LESSON.steps if step.id == step_id)
    assert step.scene is not None and step.scene.kind == "network"
    return State(step.scene.params)


def seconds_of_play(scene: State, seconds: float) -> int:
    """How many steps `seconds` of play train, at the scene's steps per frame."""
    return int(seconds * PLAY) * scene.steps_per_frame


def test_the_lesson_is_number_seven_after_the_guides_course():
    assert PATH.name == "07-network.md"
    numbers = [entry.number for entry in list_lessons(builtin_lessons_dir())]
    assert numbers[:5] == [1, 2, 3, 4, 5] and 7 in numbers


def test_at_least_ten_steps_three_checks_and_links_back_to_lessons_3_and_4():
    assert len(LESSON.steps) >= 10
    assert sum(step.check is not None for step in LESSON.steps) >= 3
    text = PATH.read_text(encoding="utf-8")
    assert "](chain-rule#graph)" in text and "](chain-rule#sigmoids)" in text
    assert "](learning#rate)" in text and "](learning#valleys)" in text
    assert "lesson 3, step" in lesson_as_text(LESSON)  # the links lead somewhere real


def test_lesson_5_points_on_to_it_in_one_sentence():
    text = find_lesson("carry-forward").read_text(encoding="utf-8")
    last = text.split("\n---\n")[-1]
    assert "[lesson 7](network)" in last


def test_a_straight_boundary_stalls_near_chance():
    scene = scene_at("points")
    scene.trainer.run(3000)
    _, test_accuracy = scene.trainer.accuracies()
    assert test_accuracy < 0.75
    assert abs(scene.trainer.train_loss() - CHANCE_LOSS) < 0.03


def test_the_squared_features_pass_95_percent_within_two_seconds():
    scene = scene_at("features")
    scene.trainer.run(seconds_of_play(scene, 2))
    assert scene.trainer.accuracies()[1] > 0.95


def test_one_hidden_layer_learns_the_circle_within_ten_seconds_of_play():
    scene = scene_at("hidden")
    assert scene.hidden == [4] and scene.learning_rate == 0.03  # the defaults
    scene.trainer.run(seconds_of_play(scene, 10))
    assert scene.trainer.accuracies()[1] >= 0.95


def test_xor_with_two_neurons_sticks_from_one_start_and_not_the_next():
    scene = scene_at("stuck")
    scene.trainer.run(5000)
    stuck_loss, stuck = scene.trainer.train_loss(), scene.trainer.accuracies()[1]
    scene.reset()  # r: the next seed, same points
    scene.trainer.run(5000)
    better_loss, better = scene.trainer.train_loss(), scene.trainer.accuracies()[1]
    assert stuck < 0.75 and better > 0.85
    assert better_loss < stuck_loss - 0.1


def test_nine_doublings_of_the_rate_throw_the_loss_above_a_coin_toss():
    scene = scene_at("rate")
    for _ in range(9):
        scene.faster()
    assert scene.learning_rate == pytest.approx(15.36)
    scene.trainer.run(1000, note_every=25)
    _, train, _ = scene.trainer.record.columns()
    assert np.nanmax(train) > 1.5 * CHANCE_LOSS


def test_the_sigmoid_stack_stalls_and_tanh_learns_it():
    scene = scene_at("deep")
    scene.trainer.run(seconds_of_play(scene, 10))
    assert abs(scene.trainer.train_loss() - CHANCE_LOSS) < 0.01
    scene.toggle_backward()  # b: z's gradient, the first layer up to the output
    reaching = []
    for layer in range(1, 5):
        scene.layer = layer
        sizes = []
        for neuron in range(scene.shape.sizes[layer]):
            scene.neuron = neuron
            sizes.append(abs(scene.story().z_gradient))
        reaching.append(max(sizes))
    assert reaching[0] < 0.005 and 0.3 < reaching[-1] < 0.7
    assert all(later > 3 * earlier for earlier, later in zip(reaching, reaching[1:], strict=False))
    scene.toggle_backward()
    scene.next_activation()
    scene.next_activation()  # sigmoid, linear, tanh
    assert scene.activation == "tanh"
    scene.trainer.run(seconds_of_play(scene, 5))
    assert scene.trainer.accuracies()[1] > 0.9


def test_a_quarter_three_times_is_the_checks_answer():
    step = next(step for step in LESSON.steps if step.check and "three sigmoid" in
                step.check.question)  # fmt: skip
    assert step.check.answer == pytest.approx(0.25**3)


def test_with_few_noisy_points_the_test_loss_climbs_as_the_training_loss_falls():
    scene = scene_at("test")
    scene.trainer.run(2000, note_every=100)
    _, train, test = scene.trainer.record.columns()
    assert train[-1] < 0.2 and test[-1] > 5 * train[-1]
    assert test[-1] > test.min() + 0.3  # it fell first, then climbed


def test_progress_saved_before_lesson_7_existed_keeps_its_places(tmp_path: Path):
    """A file an older gradtui saved (lessons by file name, and by slug) still resumes every
    lesson of the course where it was; lesson 7 starts at step 1."""
    saved = {
        "version": 1,
        "last_lesson": "builtin:05-carry-forward",
        "lessons": {
            "builtin:01-slope": {"step": 4, "steps": 12, "done": False, "seen": [1, 2, 3, 4]},
            "builtin:learning": {"step": 7, "steps": 13, "done": False, "seen": [7]},
            "builtin:05-carry-forward": {"step": 9, "steps": 20, "done": False, "seen": [9]},
        },
    }
    (tmp_path / FILE_NAME).write_text(json.dumps(saved), encoding="utf-8")
    progress = Progress(tmp_path).load()
    places = {}
    for entry in list_lessons(builtin_lessons_dir()):
        key = progress_key(entry.path)
        places[entry.slug] = progress.resume_step(key, len(load_lesson(entry.path).steps))
    assert places["slope"] == 4 and places["learning"] == 7 and places["carry-forward"] == 9
    assert places["network"] == 1
    assert progress_key(PATH) == "builtin:network"
