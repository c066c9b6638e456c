"""The board view driven by keys and the mouse: nudge, shrink, gather, step downhill, a click
on a track; and in lesson 2, + and - nudge while ← and → still step the lesson."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from gradtui.views.scene import view_class

BoardView = view_class("board")
LESSON_2 = Path(__file__).parents[2] / "lessons" / "02-gradient.md"
DATA = [[-2, -4.8], [-1, -3.1], [0, -1.2], [1, 1.1], [2, 2.9]]


def line_loss(w: float, b: float) -> float:
    return sum((w * x + b - y) ** 2 for x, y in DATA) / len(DATA)


@pytest.fixture
def harness(scene_app):
    return partial(scene_app, "board", data=DATA, weights={"w": 0.5, "b": 0.0})


async def test_plus_nudges_the_chosen_slider_and_the_meter_moves(harness):
    app = harness()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "5.322" in app.screen_text()  # the loss, summed by hand: line_loss(0.5, 0)
        await pilot.press("plus")
        text = app.screen_text()
        assert "0.6 nudged" in text and "held still" in text
        assert f"{line_loss(0.6, 0):.4g}" in text
        words = " ".join(text.split())  # the sentence wraps where the width says
        assert "ΔL/Δ = -5.64" in words and "∂L/∂w = -5.84 where the nudge began (autodiff)" in words
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert "ΔL/Δ = -5.838" in app.screen_text() and "0.501 nudged" in app.screen_text()
        await pilot.press("down", "minus")
        assert app.view.state.weights.tolist() == pytest.approx([0.501, -0.001])


async def test_g_gathers_the_gradient_and_d_walks_downhill(harness):
    app = harness()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g")
        text = app.screen_text()
        assert "∂L/∂w = -5.84" in text and "∂L/∂b = 2.04" in text and "|∇L| = 6.186" in text
        for _ in range(5):
            await pilot.press("d")
        state = app.view.state
        assert state.loss < line_loss(0.5, 0) / 5 and "Stepped against the" in app.screen_text()
        assert "the loss fell" in app.view.readout()
        await pilot.press("asterisk", "asterisk", "asterisk", "asterisk", "d")
        assert "lr = 1.6" in app.screen_text() and "the loss CLIMBED" in app.view.readout()
        await pilot.press("slash", "r")
        assert "lr = 0.8" in app.screen_text() and "5.322" in app.screen_text()


async def test_a_click_on_a_track_sets_the_slider(harness):
    app = harness()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        state = app.view.state
        size = app.view.board.size
        layout = state.layout(size.width, size.height)
        end = layout.track_x + layout.track_width - 1
        await pilot.click(BoardView, offset=(end, 1))
        assert state.weights[1] == pytest.approx(state.track[1]) and state.selected == 1
        assert "Nudged b by +5" in app.screen_text()
        await pilot.click(BoardView, offset=(0, 1))  # the name, not the track: nothing
        assert state.weights[1] == pytest.approx(state.track[1])


async def test_ascii_mode_draws_seven_bit_text(harness):
    app = harness(ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("plus", "g", "d")
        text = app.screen_text()
        assert text.isascii() and "dL/dw = " in text and "|grad L| = " in text


async def test_resizing_never_breaks(harness, resize):
    app = harness(model="a*x^2 + w*x + b")
    async with app.run_test(size=(80, 24)) as pilot:
        for size in ((60, 18), (200, 50), (1, 1), (0, 0), (30, 10), (80, 24)):
            await resize(pilot, *size)
            await pilot.press("plus", "g")
        assert "loss" in app.screen_text()


def test_every_binding_has_a_description():
    assert all(binding.description for binding in BoardView.BINDINGS)
    keys = {key for binding in BoardView.BINDINGS for key in binding.key.split(",")}
    assert {"plus", "minus", "up", "down", "g", "d", "left_square_bracket", "r"} <= keys
    assert not {"left", "right", "space"} & keys  # the lesson's stepping keys stay the lesson's


async def test_in_the_lesson_the_board_takes_its_keys_and_arrows_still_step(make_app):
    app = make_app(lessons_dir=LESSON_2.parent, open_path=LESSON_2, open_step=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        view = screen.scene_view
        assert isinstance(view, BoardView) and view.has_focus
        await pilot.press("plus", "plus")
        assert screen.step_number == 1 and view.state.weights[0] == pytest.approx(0.7)
        await pilot.press("right")
        assert screen.step_number == 2
