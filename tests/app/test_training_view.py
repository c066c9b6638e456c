"""The training view driven by keys: play and pause, single-step the four lines, raise the rate
until it diverges and recover, switch batches, and survive resizing while it animates."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import pytest

from gradtui.scenes.kit.numbers import short
from gradtui.views.scene import view_class

TrainingView = view_class("training")

LESSON_4 = Path(__file__).parents[2] / "lessons" / "04-learning.md"


@pytest.fixture
def harness(scene_app):
    """The training view alone, ticking quickly so the tests wait less."""
    return partial(scene_app, "training", frames_per_second=50)


async def test_space_plays_and_pauses_and_paused_means_no_timer(harness, tap, wait_until):
    app = harness()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.view.playing and "step = 0" in app.screen_text()
        await tap(pilot, "space")
        assert app.view.playing and "playing, full batch" in app.screen_text()
        assert await wait_until(pilot, lambda: app.view.state.trainer.steps >= 5)
        await tap(pilot, "space")
        assert not app.view.playing and app.view._timer is None
        steps = app.view.state.trainer.steps
        await pilot.pause(5 / 50)  # five frames' time at 50 a second: a step would show
        assert app.view.state.trainer.steps == steps  # nothing runs while paused
        assert f"step = {steps}" in app.screen_text() and "paused" in app.screen_text()


async def test_s_steps_through_the_four_lines_and_the_marker_follows(harness):
    app = harness()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()

        def marked_row() -> int:
            rows = [i for i, line in enumerate(app.screen_text().splitlines()) if line[:1] == "▶"]
            assert len(rows) == 1
            return rows[0]

        assert marked_row() == 3  # on `repeat`: a step has (as it were) just finished
        seen = []
        for _ in range(4):
            await pilot.press("s")
            seen.append(marked_row())
            assert app.view.board.frame.highlight[0] == seen[-1]
        assert seen == [0, 1, 2, 3]
        text = app.screen_text()
        assert "step = 1" in text and "dL/dw = " in text and "dL/dw = -" not in text.split()
        readout = app.view.readout()
        assert "running line = 4 of 4: repeat" in readout


async def test_the_readout_shows_each_lines_effect(harness):
    app = harness()
    async with app.run_test(size=(80, 24)) as pilot:
        data = app.view.state.trainer.data  # the line y = w*x + b starts at w = b = 0
        loss = sum(y * y for y in data.ys) / data.size  # so every miss is the whole y
        slope_w = -2 * sum(x * y for x, y in zip(data.xs, data.ys, strict=True)) / data.size
        await pilot.press("s")
        assert f"loss = {short(loss)}" in app.screen_text() and "dL/dw = -" in app.screen_text()
        await pilot.press("s")
        assert f"dL/dw = {short(slope_w)}" in app.screen_text() and "w = 0 " in app.screen_text()
        await pilot.press("s")
        assert f"w = {short(-0.05 * slope_w)}" in app.screen_text()


async def test_raising_the_rate_diverges_and_lowering_plus_reset_recovers(harness, tap, wait_until):
    app = harness(learning_rate=0.2, steps_per_frame=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("up", "up")
        assert "lr = 0.8" in app.screen_text()
        await tap(pilot, "space")
        assert await wait_until(pilot, lambda: not app.view.playing)
        trainer = app.view.state.trainer
        assert trainer.diverged and app.view._timer is None  # it stopped by itself
        assert "diverged: the learning rate is too large for this landscape" in app.screen_text()
        assert not re.search(r"(?<![\w(])(inf|nan)(?![\w)])", app.screen_text())
        await tap(pilot, "space")  # cannot play a diverged run
        assert not app.view.playing
        await pilot.press("down", "down", "r")
        assert not trainer.diverged and "lr = 0.2" in app.screen_text()
        assert "step = 0" in app.screen_text()
        await tap(pilot, "space")
        assert await wait_until(pilot, lambda: trainer.steps >= 50)
        await tap(pilot, "space")
        assert not trainer.diverged and trainer.history.losses[-1] < 0.3


async def test_b_goes_from_all_to_the_mini_batch_to_one_and_back_and_f_skips_ahead(harness):
    app = harness()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        assert "batch = 8 of 40" in app.screen_text() and "o batch" in app.screen_text()
        await pilot.press("f")
        assert "step = 1000" in app.screen_text()
        await pilot.press("b")
        assert "batch = 1 of 40" in app.screen_text()
        await pilot.press("b")
        assert "batch = all 40" in app.screen_text()


async def test_resizing_while_animating_never_breaks(harness, tap, resize):
    app = harness(steps_per_frame=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "space")
        for size in ((60, 18), (200, 60), (1, 1), (79, 23), (120, 40), (30, 10), (0, 0), (80, 24)):
            await resize(pilot, *size)
            assert app.view.playing
        assert "compute_loss" in app.screen_text()
        await tap(pilot, "space")
        assert not app.view.playing


async def test_ascii_mode_draws_seven_bit_text(harness):
    app = harness(ascii=True, batch_size=8)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s", "s")
        text = app.screen_text()
        assert text.isascii() and "> grad = gradient(loss, weights)" in text


async def test_removing_the_view_stops_its_timer(harness, tap):
    app = harness()
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "space")
        timer = app.view._timer
        assert timer is not None
        await app.view.remove()
        await pilot.pause()
        assert app.view._timer is None


def test_every_binding_has_a_description():
    assert all(binding.description for binding in TrainingView.BINDINGS)
    keys = {binding.key for binding in TrainingView.BINDINGS}
    assert {"space", "s", "up", "down", "b", "f", "r"} <= keys


async def test_in_the_lesson_space_plays_instead_of_stepping(make_app, tap):
    from gradtui.script.parse import load_lesson

    lesson = load_lesson(LESSON_4)
    number = next(s.number for s in lesson.steps if s.scene and s.scene.kind == "training")
    app = make_app(lessons_dir=LESSON_4.parent, open_path=LESSON_4, open_step=number)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        view = screen.scene_view
        assert isinstance(view, TrainingView) and view.has_focus
        await tap(pilot, "space")
        assert screen.step_number == number and view.playing
        await tap(pilot, "space", "n")
        assert screen.step_number == number + 1  # n still goes on
