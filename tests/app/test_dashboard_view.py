"""The dashboard view driven by keys, in a tiny app that shows only it: walking the point
changes the reading (rising → flat: a peak → falling), and no size breaks it."""

from __future__ import annotations

from textual.app import App, ComposeResult

from gradtui.scenes import dashboard
from gradtui.script.params import fill_defaults
from gradtui.views.canvas import TextCanvas
from gradtui.views.dashboard import DashboardView


class Harness(App):
    """Only the scene, focused, as the lesson screen would show it."""

    def __init__(self, ascii: bool = False, **given) -> None:
        super().__init__()
        self.view = DashboardView(fill_defaults(dashboard.PARAMS, given), ascii=ascii)

    def compose(self) -> ComposeResult:
        yield self.view

    def on_mount(self) -> None:
        self.view.focus()


def screen_text(app: Harness) -> str:
    return app.view.query_one(TextCanvas).text


async def test_walking_over_a_peak_changes_the_words():
    app = Harness(f="x**3 - 3*x", x=-2.0, step=0.25)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "reading: rising steeply" in screen_text(app)
        await pilot.press("full_stop", "full_stop", "full_stop")  # x = -1.25
        assert "x = -1.25" in screen_text(app) and "reading: rising gently" in screen_text(app)
        await pilot.press("full_stop")  # x = -1: the top
        assert "reading: flat: a peak" in screen_text(app)
        await pilot.press("full_stop")
        assert "reading: falling gently" in screen_text(app)
        await pilot.press("right_square_bracket")  # five steps: x = 0.5
        assert "x = 0.5" in app.view.readout()
        await pilot.press("left_square_bracket", "comma")  # back to -0.75, then -1
        assert "x = -1" in app.view.readout() and "peak" in app.view.readout()


async def test_ascii_and_gauge_at_80x24():
    app = Harness(ascii=True, f="x**2", x=-1.0, step=0.5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("full_stop", "full_stop")  # x = 0: a valley
        text = screen_text(app)
        assert text.isascii()
        assert "falling <" in text and "> rising" in text and "flat: a valley" in text


async def test_resize_sweep_never_breaks_it():
    app = Harness(f="log(x)", x=1.0, step=0.5, range=(-1.0, 3.0))
    async with app.run_test(size=(80, 24)) as pilot:
        for width, height in [(60, 18), (80, 24), (120, 40), (200, 60), (1, 1), (10, 5)]:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            lines = app.view.query_one(TextCanvas).lines
            assert len(lines) <= height
            assert all(len(line) <= width for line in lines)
            await pilot.press("comma")  # walking into log's undefined side is fine too
        await pilot.resize_terminal(0, 0)
        await pilot.pause()
        await pilot.resize_terminal(64, 18)
        await pilot.press("left_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert "x = " in screen_text(app)
