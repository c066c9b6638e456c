"""The landscape view driven by keys: step and play the ball, try other starts and rates, and
survive resizing while it rolls."""

from __future__ import annotations

from functools import partial

import pytest

from gradtui.views.scene import view_class

LandscapeView = view_class("landscape")

BUMPY = "x^4 - 3*x^2 + x"


@pytest.fixture
def harness(scene_app):
    """The landscape view alone, ticking quickly so the tests wait less."""
    return partial(scene_app, "landscape", frames_per_second=50)


async def test_s_steps_the_ball_and_the_readouts_follow(harness):
    app = harness(f="x^2", starts=[2.0], learning_rate=0.25)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "x = 2" in app.screen_text() and "step = 0" in app.screen_text()
        await pilot.press("s")
        text = app.screen_text()
        assert "step = 1" in text and "x = 1" in text and "slope = 2" in text
        assert "verdict: still rolling" in text


async def test_space_rolls_until_settled_then_stops_by_itself(harness, tap, wait_until):
    app = harness(f=BUMPY, starts=[-2.0, 2.0], learning_rate=0.02)
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "space")
        assert app.view.playing
        assert await wait_until(pilot, lambda: not app.view.playing, tries=500)
        assert app.view._timer is None  # nothing left running once settled
        assert "settled in a valley at x = -1.301" in app.screen_text()
        await pilot.press("t", "space")
        assert await wait_until(pilot, lambda: not app.view.playing, tries=500)
        assert "start 2 of 2" in app.screen_text()
        assert "settled in a valley at x = 1.131" in app.screen_text()


async def test_up_and_down_change_the_rate_and_r_goes_back_to_the_start(harness):
    app = harness(f="x^2", starts=[1.0], learning_rate=0.45)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("up")
        assert "lr = 0.9" in app.screen_text()
        await pilot.press("s")
        assert "overshooting" in app.screen_text() and "x = -0.8" in app.screen_text()
        await pilot.press("down", "down", "s", "s", "r")
        assert "lr = 0.225" in app.screen_text() and "step = 0" in app.screen_text()


async def test_the_saddle_is_named_in_words(harness, tap, wait_until):
    app = harness(f="x^2 + 0.25*y^4 - 0.5*y^2", starts_xy=[[2.0, 0.0]], learning_rate=0.1,
                  steps=400, steps_per_frame=20)  # fmt: skip
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "space")
        assert await wait_until(pilot, lambda: not app.view.playing, tries=500)
        assert "not a bottom (saddle)" in app.view.readout()
        text = app.screen_text()
        assert "(saddle)" in text and "df/dy = 0" in text  # y never moved off the ridge line


async def test_resizing_while_rolling_never_breaks(harness, tap, resize):
    app = harness(f="x^2 - y^2 + 0.1*x^4 + 0.1*y^4", starts_xy=[[2.0, 0.01]], steps=2000,
                  learning_rate=0.001)  # fmt: skip
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "space")
        for size in ((60, 18), (200, 60), (1, 1), (0, 0), (120, 40), (30, 10), (80, 24)):
            await resize(pilot, *size)
            assert app.view.playing
        assert "verdict:" in app.screen_text()
        await tap(pilot, "space")
        assert not app.view.playing


async def test_ascii_mode_draws_seven_bit_text(harness):
    app = harness(ascii=True, f="x^2 + y^2", starts_xy=[[2.0, 1.0]])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s", "s")
        text = app.screen_text()
        assert text.isascii() and "O" in text


def test_every_binding_has_a_description():
    assert all(binding.description for binding in LandscapeView.BINDINGS)
