"""The dashboard view driven by keys, in a tiny app that shows only it: walking the point
changes the reading (rising → flat: a peak → falling), and no size breaks it."""

from __future__ import annotations

from functools import partial

import pytest


@pytest.fixture
def harness(scene_app):
    """The dashboard view alone."""
    return partial(scene_app, "dashboard")


async def test_walking_over_a_peak_changes_the_words(harness):
    app = harness(f="x**3 - 3*x", x=-2.0, step=0.25)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "reading: rising steeply" in app.screen_text()
        await pilot.press("full_stop", "full_stop", "full_stop")  # x = -1.25
        assert "x = -1.25" in app.screen_text() and "reading: rising gently" in app.screen_text()
        await pilot.press("full_stop")  # x = -1: the top
        assert "reading: flat: a peak" in app.screen_text()
        await pilot.press("full_stop")
        assert "reading: falling gently" in app.screen_text()
        await pilot.press("right_square_bracket")  # five steps: x = 0.5
        assert "x = 0.5" in app.view.readout()
        await pilot.press("left_square_bracket", "comma")  # back to -0.75, then -1
        assert "x = -1" in app.view.readout() and "peak" in app.view.readout()


async def test_ascii_and_gauge_at_80x24(harness):
    app = harness(ascii=True, f="x**2", x=-1.0, step=0.5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("full_stop", "full_stop")  # x = 0: a valley
        text = app.screen_text()
        assert text.isascii()
        assert "falling <" in text and "> rising" in text and "flat: a valley" in text


async def test_resize_sweep_never_breaks_it(harness, resize):
    app = harness(f="log(x)", x=1.0, step=0.5, range=(-1.0, 3.0))
    async with app.run_test(size=(80, 24)) as pilot:
        for width, height in [(60, 18), (80, 24), (120, 40), (200, 60), (1, 1), (10, 5)]:
            await resize(pilot, width, height)
            await pilot.pause()
            lines = app.view.board.frame.lines
            assert len(lines) <= height
            assert all(len(line) <= width for line in lines)
            await pilot.press("comma")  # walking into log's undefined side is fine too
        await resize(pilot, 0, 0)
        await pilot.pause()
        await resize(pilot, 64, 18)
        await pilot.press("left_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert "x = " in app.screen_text()
