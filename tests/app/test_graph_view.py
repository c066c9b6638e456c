"""The graph view driven by keys: s steps the passes, space plays and stops at the end, f switches
to forward mode, r resets; ← and → stay the lesson's; resizing keeps the picture whole."""

from __future__ import annotations

from functools import partial

import pytest

from gradtui.views.scene import view_class

GraphView = view_class("graph")


@pytest.fixture
def harness(scene_app):
    """The graph view alone on the chain-rule example, ticking quickly."""
    return partial(scene_app, "graph", frames_per_second=50, at={"a": 2.0, "b": 1.0})


async def test_s_steps_the_forward_pass_then_the_backward_pass(harness):
    app = harness()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Nothing computed yet" in app.screen_text()
        await pilot.press("s", "s", "s")
        text = app.screen_text()
        assert "a + b = 2 + 1 = 3." in text and ">+<" in text
        assert app.view.board.frame.highlight is not None
        for _ in range(3):
            await pilot.press("s")
        assert "backward pass" in app.screen_text() and "df/df = 1" in app.screen_text()


async def test_space_plays_to_the_end_and_stops_its_timer(harness, tap, wait_until):
    app = harness()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await tap(pilot, "space")
        assert app.view.playing
        assert await wait_until(pilot, lambda: app.view.state.done)
        assert await wait_until(pilot, lambda: not app.view.playing)
        assert app.view._timer is None
        text = app.screen_text()
        assert "df/da = 2   (central difference: 2)" in text and "df/db = 5" in text


async def test_f_switches_to_forward_mode_and_r_resets(harness):
    app = harness()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        assert "forward mode" in app.screen_text()
        for _ in range(5):
            await pilot.press("s")
        assert "pass 1 of 2 (d/da)" in app.screen_text()
        await pilot.press("r")
        assert "Nothing computed yet" in app.screen_text()
        await pilot.press("f")
        assert app.view.state.mode == "reverse"


async def test_the_arrows_are_left_to_the_lesson(harness):
    app = harness()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("right", "left")
        assert app.view.state.position == 0


async def test_resizing_keeps_the_picture_and_ascii_is_seven_bit(scene_app, resize):
    app = scene_app("graph", ascii=True, at={"a": 2.0, "b": 1.0})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        for size in [(60, 18), (200, 50), (30, 8), (80, 24)]:
            await resize(pilot, *size)
            await pilot.pause()
            text = app.screen_text()
            assert text.isascii(), size
            assert all(len(line) <= size[0] for line in text.splitlines())
        assert "[b]" in app.screen_text() and ">a<" in app.screen_text()
