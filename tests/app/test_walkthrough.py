"""What a learner hit walking lessons 1 and 4 (issue 10), each checked the way they met it:
the picture at the smallest size, the key bar at 80 columns, keys on check steps and behind the
size notice, the end of a lesson, help with one meaning per key, and their own function."""

from __future__ import annotations

import json
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input

from gradtui.screens.done import LessonDoneScreen
from gradtui.screens.help import HelpScreen
from gradtui.screens.lesson import LessonScreen
from gradtui.screens.picker import PickerScreen
from gradtui.script.catalog import builtin_lessons_dir
from gradtui.views.keybar import MORE, fitted, item_width

LESSONS = Path(__file__).parent / "lessons"
BUILTIN = builtin_lessons_dir()


def lesson_step(name: str, kind: str, nth: int = 1) -> int:
    """The number of the nth step of a built-in lesson that shows a `kind` scene."""
    from gradtui.script.parse import load_lesson

    steps = [
        s.number for s in load_lesson(BUILTIN / name).steps if s.scene and s.scene.kind == kind
    ]
    return steps[nth - 1]


def plot_rows(text: str) -> int:
    """How many rows the scene's (first) plot has to draw in: the lines between its frame's
    top and bottom edges."""
    lines = text.splitlines()
    top = next(i for i, line in enumerate(lines) if "┌" in line)
    bottom = next(i for i, line in enumerate(lines) if "└" in line and i > top)
    return bottom - top - 1


async def test_every_picture_keeps_six_rows_at_the_lowest_height_with_text_above(make_app, settled):
    cases = [("01-slope.md", "secant"), ("01-slope.md", "plot"), ("01-slope.md", "dashboard"),
             ("04-learning.md", "training"), ("04-learning.md", "landscape")]  # fmt: skip
    for name, kind in cases:
        step = lesson_step(name, kind)
        app = make_app(lessons_dir=BUILTIN, open_path=BUILTIN / name, open_step=step)
        async with app.run_test(size=(60, 21)) as pilot:
            await settled(pilot)
            assert not app.lesson_screen.text_only  # prose above, the scene below
            view = app.lesson_screen.scene_view
            rows = plot_rows(view.board.text)
            assert rows >= 6, (
                f"{name} step {step} ({kind}) shows {rows} plot rows:\n{view.board.text}"
            )


async def test_long_prose_scrolls_with_a_mark_and_z_folds_it_away(make_app, settled):
    step = lesson_step("01-slope.md", "secant")
    app = make_app(lessons_dir=BUILTIN, open_path=BUILTIN / "01-slope.md", open_step=step)
    async with app.run_test(size=(60, 21)) as pilot:
        await settled(pilot)
        screen = app.lesson_screen
        mark = screen.query_one("MoreMark")
        assert mark.has_class("-shown") and "more below" in str(mark.content)
        height = app.lesson_screen.scene_view.size.height
        await pilot.press("z")
        await settled(pilot)
        assert not screen.query_one("#text-side").display
        assert app.lesson_screen.scene_view.size.height > height  # the scene took the room
        await pilot.press("z")
        await settled(pilot)
        assert screen.query_one("#text-side").display


async def test_too_low_for_both_the_text_comes_first_and_z_shows_the_scene(
    make_app, settled, wait_until
):
    step = lesson_step("04-learning.md", "training")
    app = make_app(lessons_dir=BUILTIN, open_path=BUILTIN / "04-learning.md", open_step=step)
    async with app.run_test(size=(60, 18)) as pilot:
        await settled(pilot)
        screen = app.lesson_screen
        scene_side = screen.query_one("#scene-side")
        assert screen.query_one("#text-side").display and not scene_side.display
        prose = screen.query_one("Prose")
        assert prose.size.height >= 6  # room to read, not a two-line slot
        assert "z: the scene" in str(screen.query_one("MoreMark").content)
        await pilot.press("z")
        await settled(pilot)
        view = screen.scene_view
        assert scene_side.display and view.has_focus and not screen.query_one("#text-side").display
        assert plot_rows(view.board.text) >= 6
        await pilot.press("space")  # the scene's own key: play
        assert view.state.playing
        assert await wait_until(pilot, lambda: view.state.trainer.steps >= 2)  # it trains
        await pilot.press("z")  # back to the text: the scene stops out of sight
        assert await wait_until(pilot, lambda: not scene_side.display)
        assert not view.state.playing
        await pilot.press("z", "right")
        assert await wait_until(pilot, lambda: screen.step_number == step + 1)
        assert screen.query_one("#text-side").display


async def test_a_scene_hidden_by_a_resize_gets_its_keys_back_when_it_returns(
    make_app, settled, resize, wait_until
):
    # played at 80x24, shrunk to 60x18 (text first: the scene hides and pauses), then back:
    # space played the scene again, not "next step"
    step = lesson_step("04-learning.md", "training")
    app = make_app(lessons_dir=BUILTIN, open_path=BUILTIN / "04-learning.md", open_step=step)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        screen = app.lesson_screen
        view = screen.scene_view
        await pilot.press("space")
        await resize(pilot, 60, 18)
        assert screen.text_only and not view.state.playing
        await resize(pilot, 80, 24)
        assert not screen.text_only
        assert await wait_until(pilot, lambda: screen.focused is view)  # focus moves next turn
        await pilot.press("space")
        assert screen.step_number == step and view.state.playing


def test_the_key_bar_shows_whole_labels_and_says_when_some_are_left_out():
    items = [("→/n", "next"), ("←/p", "back"), ("space", "play/pause"), ("s", "run one line"),
             ("↑", "lr x2"), ("↓", "lr /2"), ("b", "full/mini-batch"), ("f", "skip ahead"),
             ("r", "reset"), ("?", "help"), ("esc", "lessons"), ("q", "quit")]  # fmt: skip
    shown = fitted(items, 80)
    assert shown[-1] == MORE and shown[:2] == items[:2]  # stepping first, "? more" last
    assert sum(item_width(*item) for item in shown) <= 80
    assert all(item in items for item in shown[:-1])  # whole items, never a cut label
    assert fitted(items[:3], 80) == items[:3]  # everything fits: no "more"
    assert [key for key, _ in fitted(items, 60)].count("?") == 1  # "? more" stands in for help


def test_a_key_the_step_names_is_never_left_off_the_bar():
    items = [("→/n", "next"), ("←/p", "back"), (",", "step left"), (".", "step right"),
             ("[", "5 steps left"), ("]", "5 steps right"), ("q", "quit"),
             ("?", "help")]  # fmt: skip
    named = frozenset({2, 3, 4, 5})
    shown = fitted(items, 60, named)
    assert sum(item_width(*item) for item in shown) <= 60
    assert [key for key, _ in shown] == ["→/n", "←/p", ",", ".", "[", "]", "?"]
    assert ("[", "") in shown and ("]", "") in shown  # their keys alone: the text says what
    assert ("q", "quit") not in shown and shown[-1] == MORE  # no room spent on keys not named
    assert fitted(items, 60, named, more_key=None)[-1] != MORE  # no help here: no "more"


async def test_the_training_steps_key_bar_fits_80_columns_whole(make_app, settled):
    step = lesson_step("04-learning.md", "training")
    app = make_app(lessons_dir=BUILTIN, open_path=BUILTIN / "04-learning.md", open_step=step)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        bar = app.lesson_screen.query_one("KeyBar")
        text = str(bar.content)
        assert len(text.rstrip()) <= 80 and text.rstrip().endswith("more")
        assert "next" in text and "play/pause" in text


async def test_help_gives_each_key_one_meaning(make_app, settled):
    step = lesson_step("04-learning.md", "training")
    app = make_app(lessons_dir=BUILTIN, open_path=BUILTIN / "04-learning.md", open_step=step)
    async with app.run_test(size=(80, 40)) as pilot:
        await settled(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        rows = [row for _, rows in help_screen.sections for row in rows]
        with_space = [what for keys, what in rows if "space" in keys.split(", ")]
        assert with_space == ["play/pause"], rows  # the scene's; not also "next"


async def test_behind_the_size_notice_only_quitting_works(make_app, resize):
    app = make_app(open_path=LESSONS / "01-demo.md", open_step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await resize(pilot, 30, 8)
        assert app.screen.too_small
        await pilot.press("n", "right", "home", "end", "ctrl+p", "question_mark", "escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.step_number == 2
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_the_end_of_a_lesson_offers_the_next_one(make_app, state_dir):
    app = make_app(open_path=LESSONS / "01-demo.md", open_step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("6", "enter", "end")  # answer the number check, then the last step
        await pilot.press("n")
        await pilot.pause()
        done = app.screen
        assert isinstance(done, LessonDoneScreen)
        assert "Checks: 1 right of 2, 1 at the first try." in done.text
        assert "1. step 4: " in done.text and "(not answered)" in done.text  # the one missed
        assert "A second lesson" in done.text
        await pilot.press("left")  # back to the last step
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.step_number == 4
        await pilot.press("n", "enter")  # the next lesson
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.slug == "second"
        await pilot.press("end", "n")
        await pilot.pause()
        await pilot.press("escape")  # from the end: the picker
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_digits_pick_an_option_and_esc_after_the_palette_leaves(make_app, wait_until):
    app = make_app(open_path=LESSONS / "01-demo.md", open_step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = app.lesson_screen.check_panel
        await pilot.press("2")
        assert panel.verdict.startswith("Not quite: “downhill”")
        options = panel.query_one("#check-options")
        assert options.highlighted == 1 and str(options.get_option_at_index(1).prompt)[:2] == "▶ "
        await pilot.press("1")
        assert panel.verdict.startswith("Right: “uphill”")
        await pilot.press("ctrl+p")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press("escape")  # closes the palette
        assert await wait_until(pilot, lambda: isinstance(app.screen, LessonScreen))
        await pilot.press("escape")  # and this one goes back to the lessons
        assert await wait_until(pilot, lambda: isinstance(app.screen, PickerScreen))


async def test_a_typed_function_redraws_the_scene_and_comes_back_on_resume(
    make_app, state_dir, settled
):
    app = make_app(open_path=LESSONS / "03-moving.md", open_step=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        view = app.lesson_screen.scene_view
        await pilot.press("e")
        box = view.query_one(Input)
        assert app.focused is box
        await pilot.press("ctrl+u", *"3x", "enter")  # a mistake: the caret, the old function
        await pilot.pause()
        message = str(view.query_one(".function-message").content)
        assert "a * is missing" in message and "^" in message
        assert view.state.expr.text == "x**2"
        await pilot.press("ctrl+u", *"x^3", "enter")
        await pilot.pause()
        assert view.state.expr.text == "x^3" and "y = x^3" in view.board.text
        assert "exact = 3 (autodiff)" in view.readout()  # 3x^2 at x = 1
    saved = json.loads((state_dir / "progress.json").read_text())
    record = next(iter(saved["lessons"].values()))
    assert record["functions"] == {"1": "x^3"}

    again = make_app(open_path=LESSONS / "03-moving.md", open_step=1)
    async with again.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        view = again.lesson_screen.scene_view
        assert view.state.expr.text == "x^3"  # the learner's function, resumed
        await pilot.press("e", "escape")  # Esc cancels: nothing changes
        assert view.state.expr.text == "x^3"
        await pilot.press("r")  # reset brings the lesson's own back
        await pilot.pause()
        assert view.state.expr.text == "x**2"
    saved = json.loads((state_dir / "progress.json").read_text())
    assert next(iter(saved["lessons"].values())).get("functions", {}) == {}


async def test_the_board_takes_the_learners_own_model(scene_app):
    app = scene_app("board")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("e", "ctrl+u", *"a*x^2 + w*x + b", "enter")
        await pilot.pause()
        assert app.view.state.names == ("a", "w", "b")  # a slider for each of its weights
        assert "a = " in app.view.readout()
        await pilot.press("e", "ctrl+u", *"3*x", "enter")  # no weight: refused, in words
        await pilot.pause()
        message = str(app.view.query_one(".function-message").content)
        assert "needs" in message and "weights" in message
        assert app.view.state.names == ("a", "w", "b")


async def test_the_key_bar_forgets_a_checks_keys_on_the_next_step(make_app, settled):
    from gradtui.script.parse import load_lesson

    lesson = load_lesson(BUILTIN / "04-learning.md")
    last = len(lesson.steps)
    assert lesson.steps[last - 2].check is not None and lesson.steps[last - 1].check is None
    app = make_app(lessons_dir=BUILTIN, open_path=BUILTIN / "04-learning.md", open_step=last - 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        bar = app.lesson_screen.query_one("KeyBar")
        assert "type your answer" in str(bar.content)
        await pilot.press("right")
        await settled(pilot)
        assert app.lesson_screen.step_number == last
        assert "type your answer" not in str(bar.content)
        assert "reveal" not in str(bar.content)
