"""The landscape view driven by keys: step and play the ball, try other starts and rates, and
survive resizing while it rolls."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.events import Key, Resize
from textual.geometry import Size

from gradtui.scenes import landscape
from gradtui.script.params import fill_defaults
from gradtui.views.landscape import LandscapeView
from gradtui.views.training import PanelBoard

BUMPY = "x^4 - 3*x^2 + x"


class Harness(App):
    """Only the scene, focused, as the lesson screen would show it."""

    def __init__(self, ascii: bool = False, **given) -> None:
        super().__init__()
        self.view = LandscapeView(fill_defaults(landscape.PARAMS, given), ascii=ascii)
        self.view.frames_per_second = 50

    def compose(self) -> ComposeResult:
        yield self.view

    def on_mount(self) -> None:
        self.view.focus()


def screen_text(app: Harness) -> str:
    return app.view.query_one(PanelBoard).text


async def resize(pilot, width: int, height: int) -> None:
    """Resize the terminal without Pilot's wait for idle (which a running animation delays)."""
    size = Size(width, height)
    pilot.app._driver._size = size
    pilot.app.post_message(Resize(size, size))
    await pilot.pause(0.05)


async def tap(pilot, *keys: str) -> None:
    """Press keys while an animation runs (Pilot.press waits for an idle that never comes)."""
    for key in keys:
        character = " " if key == "space" else (key if len(key) == 1 else None)
        pilot.app.post_message(Key(key, character))
        await pilot.pause(0.02)


async def wait_until(pilot, condition, tries: int = 200) -> bool:
    """Let the app run until `condition()` holds (bounded, so a bug cannot hang the test)."""
    for _ in range(tries):
        if condition():
            return True
        await pilot.pause(0.01)
    return condition()


async def test_s_steps_the_ball_and_the_readouts_follow():
    app = Harness(f="x^2", starts=[2.0], learning_rate=0.25)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "x = 2" in screen_text(app) and "step = 0" in screen_text(app)
        await pilot.press("s")
        text = screen_text(app)
        assert "step = 1" in text and "x = 1" in text and "slope = 2" in text
        assert "verdict: still rolling" in text


async def test_space_rolls_until_settled_then_stops_by_itself():
    app = Harness(f=BUMPY, starts=[-2.0, 2.0], learning_rate=0.02)
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "space")
        assert app.view.playing
        assert await wait_until(pilot, lambda: not app.view.playing, tries=500)
        assert app.view._timer is None  # nothing left running once settled
        assert "settled in a valley at x = -1.301" in screen_text(app)
        await pilot.press("t", "space")
        assert await wait_until(pilot, lambda: not app.view.playing, tries=500)
        assert "start 2 of 2" in screen_text(app)
        assert "settled in a valley at x = 1.131" in screen_text(app)


async def test_up_and_down_change_the_rate_and_r_goes_back_to_the_start():
    app = Harness(f="x^2", starts=[1.0], learning_rate=0.45)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("up")
        assert "lr = 0.9" in screen_text(app)
        await pilot.press("s")
        assert "overshooting" in screen_text(app) and "x = -0.8" in screen_text(app)
        await pilot.press("down", "down", "s", "s", "r")
        assert "lr = 0.225" in screen_text(app) and "step = 0" in screen_text(app)


async def test_the_saddle_is_named_in_words():
    app = Harness(f="x^2 + 0.25*y^4 - 0.5*y^2", starts_xy=[[2.0, 0.0]], learning_rate=0.1,
                  steps=400, steps_per_frame=20)  # fmt: skip
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "space")
        assert await wait_until(pilot, lambda: not app.view.playing, tries=500)
        assert "not a bottom (saddle)" in app.view.readout()
        text = screen_text(app)
        assert "(saddle)" in text and "dL/dy = 0" in text  # y never moved off the ridge line


async def test_resizing_while_rolling_never_breaks():
    app = Harness(f="x^2 - y^2 + 0.1*x^4 + 0.1*y^4", starts_xy=[[2.0, 0.01]], steps=2000,
                  learning_rate=0.001)  # fmt: skip
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "space")
        for size in ((60, 18), (200, 60), (1, 1), (0, 0), (120, 40), (30, 10), (80, 24)):
            await resize(pilot, *size)
            assert app.view.playing
        assert "verdict:" in screen_text(app)
        await tap(pilot, "space")
        assert not app.view.playing


async def test_ascii_mode_draws_seven_bit_text():
    app = Harness(ascii=True, f="x^2 + y^2", starts_xy=[[2.0, 1.0]])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s", "s")
        text = screen_text(app)
        assert text.isascii() and "O" in text


def test_every_binding_has_a_description():
    assert all(binding.description for binding in LandscapeView.BINDINGS)
