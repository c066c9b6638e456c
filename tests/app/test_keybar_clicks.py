"""The key bar and the text's links answer the mouse: a click does what the key does."""

from __future__ import annotations

from gradtui.screens.help import HelpScreen
from gradtui.script.catalog import builtin_lessons_dir
from gradtui.views.keybar import item_width

BUILTIN = builtin_lessons_dir()


def item_at(app, words: str) -> tuple[int, int]:
    """The screen cell in the middle of the key bar's item that says `words`."""
    bar = app.screen.query_one("KeyBar")
    start = 0
    for key, shown_words in bar.shown:
        width = item_width(key, shown_words)
        if shown_words == words:
            return bar.region.x + start + width // 2, bar.region.y
        start += width
    raise AssertionError(f"{words!r} is not on the bar: {bar.shown}")


async def test_a_click_on_the_key_bar_does_what_its_key_does(make_app, settled):
    app = make_app(lessons_dir=BUILTIN, open_path=BUILTIN / "01-slope.md", open_step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        screen = app.lesson_screen
        assert screen.step_number == 2
        await pilot.click(offset=item_at(app, "next"))
        await settled(pilot)
        assert screen.step_number == 3
        await pilot.click(offset=item_at(app, "back"))
        await settled(pilot)
        assert screen.step_number == 2
        before = screen.scene_view.state.h
        await pilot.click(offset=item_at(app, "shrink h"))
        await settled(pilot)
        assert screen.scene_view.state.h == before / 2
        await pilot.click(offset=item_at(app, "more"))
        await settled(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_a_click_on_a_link_in_the_text_follows_it(make_app, settled):
    app = make_app(lessons_dir=BUILTIN, open_path=BUILTIN / "05-carry-forward.md", open_step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        lines = (await settled(pilot)).splitlines()
        row = next(i for i, line in enumerate(lines) if "lesson 1 [1]" in line)
        column = lines[row].index("lesson 1 [1]")
        await pilot.click(offset=(column + 2, row))
        await settled(pilot)
        assert app.lesson_screen.lesson.title == "The slope at a point"
        assert app.lesson_screen.step_number == 2
