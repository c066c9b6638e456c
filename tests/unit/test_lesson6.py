"""Lesson 6 teaches what it says: every sentence that tells the learner what a scene will do is
held to the scene itself, run by the project's own code from the lesson's own parameters."""

from __future__ import annotations

import numpy as np
import pytest

from gradtui.scenes.landscape.state import LandscapeState
from gradtui.scenes.training.state import TrainingState
from gradtui.script.catalog import find_lesson
from gradtui.script.parse import check_file, load_lesson

PATH = find_lesson("refinements")


@pytest.fixture(scope="module")
def steps():
    return {step.id: step for step in load_lesson(PATH).steps}


def settled_at(state: LandscapeState) -> list[int | None]:
    """For each run, the first step shown at which its verdict is "settles"."""
    found: list[int | None] = [None] * len(state.paths)
    while state.step():
        for i in range(len(state.paths)):
            if found[i] is None and state.run_verdict(i).word == "settles":
                found[i] = state.shown
    return found


def test_it_checks_clean_and_has_three_predictions_before_their_scenes(steps):
    assert check_file(PATH) == []
    order = list(steps)
    for asks, shows in (("predict-valley", "valley"), ("predict-beta", "beta"),
                        ("predict-noise", "price")):  # fmt: skip
        assert steps[asks].check is not None and steps[asks].check.see.step_id == shows
        assert order.index(asks) < order.index(shows)


def test_on_the_valley_plain_descent_zig_zags_then_crawls_and_momentum_settles_in_a_third(steps):
    state = LandscapeState(steps["valley"].scene.params)
    words = []
    for shown in (10, 80):
        while state.shown < shown:
            state.step()
        words.append(state.run_verdict(0).word)
    assert words == ["zig-zags", "crawls"]
    state.shown = 0
    plain, momentum = settled_at(state)
    assert momentum is not None and plain is not None
    assert momentum <= plain / 3 + 10  # "in a third of the steps"


def test_beta_near_one_still_bounces_after_hundreds_of_steps_and_0_5_crawls(steps):
    state = LandscapeState(steps["beta"].scene.params)
    while state.shown < 40:
        state.step()
    assert state.run_verdict(0).word == "crawls"  # β 0.5: much like plain descent
    while state.shown < 300:
        state.step()
    assert state.run_verdict(2).word == "bounces"  # β 0.99
    assert state.run_verdict(1).word == "settles"  # β 0.9: calm soon after


def test_adams_first_step_goes_as_far_along_x_as_across_y(steps):
    state = LandscapeState(steps["adam"].scene.params)
    plain, adam = state.paths
    adam_step = np.abs(adam.points[1] - adam.points[0])
    plain_step = np.abs(plain.points[1] - plain.points[0])
    assert adam_step == pytest.approx([0.3, 0.3])  # about lr, each weight
    assert plain_step[1] > 50 * plain_step[0]  # plain descent: almost straight across


def test_on_the_real_valley_momentum_settles_first_and_adam_helps_little(steps):
    state = TrainingState(steps["surface"].scene.params)
    first_settled: dict[int, int] = {}
    for step in range(1, 400):
        for run in state.runs:
            run.step()
        for i, row in enumerate(state.run_rows()):
            if row[4].startswith("settles"):
                first_settled.setdefault(i, step)
    plain, momentum, adam = (first_settled.get(i, 10**6) for i in range(3))
    assert momentum < plain and momentum < adam
    assert adam > 0.7 * plain  # no better than plain descent, or not by much


def test_a_batch_of_one_gets_low_within_a_few_dozen_examples_the_full_batch_needs_hundreds(steps):
    state = TrainingState(steps["price"].scene.params)
    for run in state.runs:
        while run.examples < 2000:
            run.step()
    full, _, one = (run.reached[1] for run in state.runs)
    assert one <= 48 and full >= 200
    noise = [float(np.std(run.history.losses[-200:] - run.history.full_losses[-200:]))
             for run in state.runs]  # fmt: skip
    assert noise[0] == 0 and 3 < noise[2] / noise[1] < 5  # the check's "about four times"
