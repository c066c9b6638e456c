"""The network view driven by keys, as a learner would: play and pause, change the network while
it plays, open the backward pass, and lesson 7 itself at the design size and the smallest."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from gradtui.app import GradApp
from gradtui.progress import Progress

LESSONS = Path(__file__).parents[2] / "lessons"


@pytest.fixture
def harness(scene_app):
    return partial(scene_app, "network", frames_per_second=50)


async def test_play_trains_and_pause_stops_the_timer(harness, tap, wait_until):
    app = harness()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "step 0 " in app.screen_text() and "paused" in app.screen_text()
        await tap(pilot, "space")
        assert await wait_until(pilot, lambda: app.view.state.trainer.steps >= 100)
        await tap(pilot, "space")
        assert not app.view.playing and app.view._timer is None
        steps = app.view.state.trainer.steps
        await pilot.pause(5 / 50)  # five frames' time at 50 a second: a step would show
        assert app.view.state.trainer.steps == steps
        assert f"step {steps:,}" in app.screen_text()


async def test_changing_the_network_while_it_plays_pauses_and_says_so(
    harness, tap, wait_until, drawn
):
    app = harness()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await tap(pilot, "space")
        assert await wait_until(pilot, lambda: app.view.state.trainer.steps >= 50)
        await tap(pilot, "plus")
        await drawn(pilot)
        text = app.screen_text()
        assert not app.view.playing and "new initial weights" in text
        assert app.view.state.hidden == [5] and "step 0 " in text
        await tap(pilot, "right_square_bracket", "3", "a", "d", "full_stop")
        state = app.view.state
        assert state.hidden == [5, 5] and "x1^2" in state.features
        assert state.activation == "relu" and state.dataset == "xor" and state.noise == 0.15


async def test_b_opens_the_backward_pass_and_its_own_keys_work_only_then(harness, tap, drawn):
    app = harness()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await tap(pilot, "s", "s", "k")
        assert app.view.state.neuron == 0  # k belongs to the backward pass: not open yet
        await tap(pilot, "b")
        await drawn(pilot)
        text = app.screen_text()
        assert "One example" in text and "local slope" in text and "input gets" in text
        await tap(pilot, "k", "x")
        assert app.view.state.neuron == 1 and app.view.state.example == 1
        await tap(pilot, "b")
        await drawn(pilot)
        assert "One example" not in app.screen_text()


@pytest.mark.parametrize(("size", "keys"), [((80, 24), ()), ((60, 18), ("z",))])
async def test_lesson_7_plays_at_the_design_size_and_the_smallest(size, keys, wait_until):
    app = GradApp(lessons_dir=LESSONS, progress=Progress(enabled=False),
                  open_path=LESSONS / "07-network.md", open_step=4)  # fmt: skip
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        view = app.lesson_screen.scene_view
        await pilot.press("space")
        assert await wait_until(pilot, lambda: view.state.trainer.steps > 0)  # it trains
        await pilot.press("space")
        assert view.state.trainer.steps > 0
        await pilot.press("b")
        await pilot.pause()
        assert "One example" in view.board.text
        lines = view.board.text.splitlines()
        assert all(len(line) <= size[0] for line in lines)


async def test_digits_toggle_features_on_a_step_with_links_and_the_bar_says_tab():
    app = GradApp(lessons_dir=LESSONS, progress=Progress(enabled=False),
                  open_path=LESSONS / "07-network.md", open_step=7)  # fmt: skip
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.lesson_screen
        assert screen.step.links  # this step links back to lesson 4
        bar = str(screen.query_one("KeyBar").content)
        assert "follow a link" not in bar and "links" in bar
        await pilot.press("3")
        await pilot.pause()
        assert app.lesson_screen is screen and screen.step_number == 7  # no link followed
        assert "x1^2" in screen.scene_view.state.features
