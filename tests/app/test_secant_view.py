"""The secant view driven by keys, in a tiny app that shows only it: the readouts and table
follow ↓/↑, `t` toggles the tangent, `a` plays to the end and stops, and no size breaks it."""

from __future__ import annotations

from functools import partial

import pytest


@pytest.fixture
def harness(scene_app):
    """The secant view alone."""
    return partial(scene_app, "secant")


async def test_down_shrinks_h_and_fills_the_table(harness):
    app = harness(f="x**2", x=3.0, h=1.0, shrink=10.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "h = 1 " in app.screen_text()
        await pilot.press("down", "down", "minus")
        shown = app.screen_text()
        assert "h = 0.001" in shown and "slope = rise/run = 6.001" in shown
        assert "exact = 6 (autodiff)" in shown and "error = 1.000e-03" in shown
        assert [row.h for row in app.view.state.rows] == [1.0, 0.1, 0.01, 0.001]
        for h in ("0.1", "0.01", "0.001"):
            assert any(line.split()[-3:][0] == h for line in shown.splitlines() if line.split())
        await pilot.press("up")
        assert "h = 0.01" in app.screen_text()
        await pilot.press("0")
        assert "0/0 — no line through one point" in app.view.readout()


async def test_t_toggles_the_tangent(harness):
    app = harness(f="x**2", x=1.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "tangent" not in app.screen_text()
        await pilot.press("t")
        assert app.view.state.tangent_visible and "+ tangent" in app.screen_text()
        await pilot.press("t")
        assert not app.view.state.tangent_visible


async def test_a_plays_the_shrinking_to_the_end_and_stops(harness, wait_until):
    app = harness(f="x**2", x=3.0, h=0.1, shrink=10.0)
    app.view.frames_per_second = 100
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        # the animation has 16 frames; it stops by itself: no timer left running while idle
        assert await wait_until(pilot, lambda: not app.view.playing, tries=800)
        state = app.view.state
        assert state.h == 0 and state.rows[-1].h == 0 and len(state.rows) == 17
        assert "(playing)" not in app.screen_text()


async def test_a_stops_a_running_animation(harness):
    app = harness(f="x**2", x=3.0)
    app.view.frames_per_second = 0.1  # no frame will come on its own during the test
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        assert app.view.playing and "(playing)" in app.screen_text()
        app.view.advance()  # one frame, driven by hand
        assert app.view.state.h == 0.5
        await pilot.press("a")
        assert not app.view.playing and app.view.state.h == 0.5


async def test_ascii_mode_shows_only_7_bit_characters(harness):
    app = harness(ascii=True, f="abs(x)", x=0.0, tangent=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "s", "0")
        text = app.screen_text()
        assert text.isascii() and "0/0 -- no line" in text


async def test_resize_sweep_never_breaks_it(harness, resize):
    app = harness(f="sqrt(x)", x=0.0, tangent=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down")
        for width, height in [(60, 18), (80, 24), (120, 40), (200, 60), (1, 1), (10, 5)]:
            await resize(pilot, width, height)
            await pilot.pause()
            lines = app.view.board.frame.lines
            assert len(lines) <= height
            assert all(len(line) <= width for line in lines)
        await resize(pilot, 0, 0)  # nothing to show, nothing to break
        await pilot.pause()
        await resize(pilot, 70, 20)
        await pilot.press("up", "a", "a", "t", "0", "r")
        await pilot.pause()
        assert "h = 1" in app.screen_text()
