"""The app shell as a learner uses it: picker, stepping, checks, help, palette, sizes, progress."""

from __future__ import annotations

import json
from pathlib import Path

from textual import events
from textual.widgets import Input, OptionList

from gradtui.screens.help import HelpScreen
from gradtui.screens.lesson import LessonScreen
from gradtui.screens.picker import PickerScreen
from gradtui.views.scene import view_class

PlotView = view_class("plot")

LESSONS = Path(__file__).parent / "lessons"


async def test_picker_lists_lessons_with_progress(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one("#lessons", OptionList)
        assert options.option_count == 3
        first = app.screen.describe(app.screen.entries[0])
        assert "A demo lesson" in first and "not started" in first


async def test_enter_opens_lesson_and_keys_step(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        assert screen.step_number == 1
        assert isinstance(screen.scene_view, PlotView)
        assert "step 1/4" in str(screen.query_one("LessonHeader").content)
        await pilot.press("right")
        assert screen.step_number == 2
        await pilot.press("n")
        assert screen.step_number == 3
        await pilot.press("left")  # a check step leaves the step keys working (p begins pi)
        assert screen.step_number == 2
        await pilot.press("end")
        assert screen.step_number == 4
        await pilot.press("escape")  # leave the options of the check step
        await pilot.press("home")
        assert screen.step_number == 1
        await pilot.press("left")  # already at the first step: stays
        assert screen.step_number == 1
        await pilot.press("escape")  # back to the picker
        assert isinstance(app.screen, PickerScreen)


async def test_typing_into_a_check_never_steps(make_app):
    app = make_app(open_path=LESSONS / "01-demo.md", open_step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert not isinstance(app.focused, Input)  # arriving leaves the step keys working
        await pilot.press("5")  # a digit starts the answer: the keys go into the box
        assert isinstance(app.focused, Input) and app.focused.value == "5"
        await pilot.press("n", "p", "q", "space", "right", "left", "backspace")
        assert screen.step_number == 3  # typed (and edited), never stepped
        assert app.is_running and app.focused.value.startswith("5")
        panel = screen.check_panel
        await pilot.press("ctrl+u", "5", "enter")
        assert "Not quite" in panel.verdict and "2x" in panel.verdict  # the hint
        assert screen.step_number == 3
        assert not isinstance(app.focused, Input)  # graded: the keys are the lesson's again
        bar = screen.query_one("KeyBar")
        assert "reveal the answer" in [words for _, words in bar.shown_keys()]
        await pilot.press("2", "*", "3", "enter")  # typing starts a fresh answer
        assert panel.verdict.startswith("Right: 6")
        await pilot.pause()
        assert "reveal the answer" not in [words for _, words in bar.shown_keys()]  # it is shown
        await pilot.press("right")
        assert screen.step_number == 4


async def test_choice_check_is_graded_and_saved(make_app, state_dir):
    app = make_app(open_path=LESSONS / "01-demo.md", open_step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = app.screen.check_panel
        assert isinstance(app.focused, OptionList)
        await pilot.press("down", "enter")  # "downhill": wrong
        assert "Not quite" in panel.verdict and "Steepest increase" in panel.verdict
        await pilot.press("up", "enter")
        assert panel.verdict.startswith("Right: “uphill”")
    saved = json.loads((state_dir / "progress.json").read_text())
    record = next(iter(saved["lessons"].values()))
    assert record["checks"]["4"] == {
        "answer": "uphill",
        "correct": True,
        "tries": 2,  # wrong first, then right
        "first_correct": False,
        "check": app.session.lesson.steps[3].check.identity,  # found by it if the step moves
    }


async def test_an_answer_typed_in_one_burst_keeps_every_character(make_app):
    # In a terminal, keys typed fast (or pasted) arrive in one read and are all sent to the
    # screen before the first one has moved the focus into the box: the e of 9.54e-7 was lost.
    app = make_app(open_path=LESSONS / "01-demo.md", open_step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.focused is None
        for character in "9.54e-7":
            name = {".": "full_stop", "-": "minus"}.get(character, character)
            app.screen.post_message(events.Key(name, character))
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.value == "9.54e-7"


async def test_help_lists_screen_and_check_keys(make_app):
    app = make_app(open_path=LESSONS / "01-demo.md", open_step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.text
        assert "next" in text and "reveal the answer" in text and "answer" in text
        await pilot.press("escape")
        assert isinstance(app.screen, LessonScreen)


async def test_help_says_ctrl_c_quits_as_it_does(make_app):
    # Textual's own "ctrl+c, super+c: Copy selected text" is refused here, so it is not listed
    app = make_app(open_path=LESSONS / "01-demo.md", open_step=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        text = app.screen.text
        assert "q, ctrl+c: quit" in text
        assert "copy" not in text.casefold()
        await pilot.press("escape")
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not app.is_running


async def test_palette_jumps_to_a_step(make_app):
    app = make_app(open_path=LESSONS / "01-demo.md", open_step=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        for key in "step 4":
            await pilot.press("space" if key == " " else key)
        await app.workers.wait_for_complete()  # the palette's search runs in a worker
        await pilot.pause()  # and its results are shown
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.step_number == 4


async def test_too_small_notice_and_back(make_app, resize):
    app = make_app(open_path=LESSONS / "01-demo.md", open_step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        for size in [(59, 24), (80, 17), (1, 1), (20, 5), (60, 18), (120, 40), (80, 24)]:
            await resize(pilot, *size)
            small = size[0] < 60 or size[1] < 18
            assert screen.has_class("-too-small") == small
            if small:
                notice = str(screen.query_one("SizeNotice").content)
                assert f"have {size[0]}×{size[1]}" in notice
        assert screen.step_number == 2
        assert screen.scene_view is not None


async def test_wide_terminal_puts_prose_beside_scene(make_app, resize):
    app = make_app(open_path=LESSONS / "01-demo.md", open_step=1)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        main = app.screen.query_one("#main")
        assert main.has_class("-wide")
        prose = app.screen.query_one("#text-side").region
        scene = app.screen.query_one("#scene-side").region
        assert prose.right <= scene.x  # side by side
        await resize(pilot, 80, 24)
        await pilot.pause()  # and laid out anew
        assert not main.has_class("-wide")
        prose = app.screen.query_one("#text-side").region
        scene = app.screen.query_one("#scene-side").region
        assert prose.bottom <= scene.y  # stacked


async def test_progress_resumes_across_runs(make_app, state_dir):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "right", "right")
        assert app.screen.step_number == 3
    saved = json.loads((state_dir / "progress.json").read_text())
    assert saved["version"] == 1
    assert (state_dir / "progress.json").stat().st_mode & 0o777 == 0o600

    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        picker = again.screen
        first = picker.describe(picker.entries[0])
        assert "step 3 of 4" in first
        await pilot.press("r")  # resume the last lesson
        await pilot.pause()
        assert isinstance(again.screen, LessonScreen)
        assert again.screen.step_number == 3


async def test_step_option_opens_at_step_and_clamps(make_app):
    app = make_app(open_path=LESSONS / "01-demo.md", open_step=99)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.step_number == 4


async def test_prose_only_step_uses_whole_width(make_app):
    app = make_app(open_path=LESSONS / "02-second.md")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.scene_view is None
        assert not app.screen.query_one("#scene-side").display
        assert app.screen.query_one("#text-side").size.width == 80
        await pilot.press("q")
    assert not app.is_running


async def test_arrows_step_through_an_empty_answer_box(make_app):
    app = make_app(open_path=LESSONS / "01-demo.md", open_step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("enter")  # Enter puts the keys into the (empty) answer box
        assert isinstance(app.focused, Input) and app.focused.value == ""
        await pilot.press("left")  # nothing to edit: the lesson steps back
        assert screen.step_number == 2
        await pilot.press("right", "right")  # into the check step, then past it
        assert screen.step_number == 4
        await pilot.press("escape", "left")
        assert screen.step_number == 3
        await pilot.press("7", "left", "left")  # with text in the box, arrows edit it
        assert screen.step_number == 3
        await pilot.press("end", "backspace", "backspace")  # the box empties, then steps
        assert screen.step_number == 2


async def test_palette_offers_lessons_but_no_screenshot(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Theme" in titles and "Quit" in titles
        assert "Screenshot" not in titles and "Keys" not in titles


async def test_coming_back_to_a_step_keeps_its_check_and_stops_hidden_scenes(make_app):
    app = make_app(open_path=LESSONS / "01-demo.md", open_step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("6", "enter")
        assert screen.check_panel.verdict.startswith("Right: 6")
        await pilot.press("right", "left")
        assert screen.step_number == 3
        assert screen.check_panel.verdict.startswith("Right: 6")  # still there

    moving = make_app(open_path=LESSONS / "03-moving.md", open_step=1)
    async with moving.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = moving.screen.scene_view
        await pilot.press("a")
        assert view.playing
        await pilot.press("right")
        assert moving.screen.scene_view is None
        assert not view.playing  # no timer left running behind the prose-only step
        await pilot.press("left")
        assert moving.screen.scene_view is view and not view.playing


async def test_key_bar_names_the_keys_that_work_here(make_app):
    app = make_app(open_path=LESSONS / "01-demo.md", open_step=2)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one("KeyBar")
        described = [description for _, description in bar.shown_keys()]
        assert "next" in described and "back" in described and "quit" in described
        await pilot.press("right")  # the check step: the step keys, and how to answer
        await pilot.pause()
        described = [description for _, description in bar.shown_keys()]
        assert "next" in described and "back" in described
        assert "type your answer" in described and "reveal the answer" in described
        await pilot.press("5")  # typing: now the answer box has the keys
        await pilot.pause()
        described = [description for _, description in bar.shown_keys()]
        assert "leave the answer box" in described and "type your answer" not in described
        assert "leave the answer box" in str(bar.content)


async def test_ascii_mode_names_every_key_in_words(make_app):
    app = make_app(ascii=True, open_path=LESSONS / "01-demo.md", open_step=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        text = app.screen.text
        assert text.isascii()
        assert "left, p: back" in text
        assert "?" not in text.replace("?, f1", "")  # no key shown as an unknown character


async def test_in_ascii_mode_the_palette_and_the_end_box_are_seven_bit(make_app, settled):
    from textual.command import CommandInput, SearchIcon

    app = make_app(open_path=LESSONS / "01-demo.md", open_step=1, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await settled(pilot)  # the palette, its icon spelled after its first refresh
        palette = app.screen
        assert [icon.icon for icon in palette.query(SearchIcon)] == [">"]  # not a magnifier emoji
        assert palette.query_one(CommandInput).placeholder.isascii()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("end", "n")
        await settled(pilot)
        box = app.screen.query_one("VerticalScroll")
        assert {side[0] for side in box.styles.border} == {"ascii"}  # not round Unicode corners
