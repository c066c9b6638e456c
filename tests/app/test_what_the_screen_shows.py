"""What the screen shows, as a learner saw it walking the lessons (issue 20): no widget's name
on screen while a scene is being built, the picker's lines at 60×18, the end of a lesson's keys
(q quits there, and its key bar is its own), and "done" as a learner means it."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult

from gradtui.script.catalog import builtin_lessons_dir
from gradtui.views.canvas import PanelBoard

LESSONS = Path(__file__).parent / "lessons"
BUILTIN = builtin_lessons_dir()


class BareBoard(App):
    """A scene's board before its first frame, as a lesson screen mounts it."""

    def compose(self) -> ComposeResult:
        yield PanelBoard()


async def test_a_board_without_a_frame_yet_shows_nothing_not_its_name():
    app = BareBoard()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        assert "PanelBoard" not in app.export_screenshot()


def list_lines(picker) -> list[str]:
    """The picker's list of lessons as the terminal shows it, line by line."""
    options = picker.query_one("#lessons")
    return [options.render_line(y).text for y in range(options.size.height)]


async def test_the_picker_at_60_by_18_keeps_each_status_whole_and_titles_hang(make_app):
    from gradtui.script.catalog import builtin_lessons_dir

    app = make_app(lessons_dir=builtin_lessons_dir())
    async with app.run_test(size=(60, 18)) as pilot:
        await pilot.pause()
        lines = list_lines(app.screen)
        shown = [line for line in lines if "(not" in line or "started)" in line]
        assert shown and all("(not started)" in line for line in shown), lines
        title = next(i for i, line in enumerate(lines) if "The chain rule" in line)
        assert "multiply" in lines[title] + lines[title + 1]
        if "multiply" not in lines[title]:  # wrapped: under the title, not under the mark
            column = lines[title].index("The chain rule")
            assert lines[title + 1][:column].strip() in ("", "▊") and "multiply" in lines[title + 1]


async def test_the_end_of_a_lesson_has_its_own_key_bar_and_q_quits(make_app):
    from gradtui.screens.done import LessonDoneScreen

    app = make_app(open_path=LESSONS / "01-demo.md", open_step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        done = app.screen
        assert isinstance(done, LessonDoneScreen) and "q: quit" in done.text
        bar = done.query_one("KeyBar")
        await pilot.pause()
        assert ("q", "quit") in bar.shown and ("esc", "lessons") in bar.shown
        assert ("⏎", "next lesson") in bar.shown
        assert "→/n" not in str(bar.content) and "next" in str(bar.content)
        assert bar.region.y == 23  # the bottom line: the lesson's bar is not what shows
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_reaching_the_last_step_alone_is_not_done(make_app):
    # issue 20: `gradtui 1 --step 12`, then n, marked the lesson done (✓) beside "1 of 12
    # steps seen". Done is every step seen and every check answered.
    from gradtui.script.catalog import builtin_lessons_dir

    folder = builtin_lessons_dir()
    app = make_app(lessons_dir=folder, open_path=folder / "01-slope.md", open_step=12)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        said = " ".join(app.screen.text.split())  # as one line, however wrapped
        assert "Not done yet (every step seen and every check answered): 11 steps not seen, " \
            "3 checks not answered." in said  # fmt: skip
        await pilot.press("escape")
        await pilot.pause()
        picker = app.screen
        first = picker.describe(picker.entries[0])
        assert first.startswith("[~] 1.") and "(step 12 of 12)" in first and "✓" not in first
        assert str(picker.query_one("#course").content).startswith("Lessons done: 0 of ")
        resume = str(picker.query_one("#resume").content)
        assert "Not done yet: 11 steps not seen, 3 checks not answered." in resume


async def test_a_list_items_wrapped_lines_hang_under_its_words(make_app, settled):
    # Lesson 6's last step is a list of long items: each wrapped line starts under the
    # item's first word, not under its "-".
    app = make_app(lessons_dir=BUILTIN, open_path=BUILTIN / "06-refinements.md", open_step=10)
    async with app.run_test(size=(80, 24)) as pilot:
        lines = (await settled(pilot)).splitlines()
        first = next(i for i, line in enumerate(lines) if line.startswith(" - Every method"))
        assert lines[first + 1].startswith("   weights move"), lines[first : first + 3]
