"""The course as a whole, as a learner moves through it: links between steps followed and
retraced, a missed check's jump to the step that teaches it, the end of a lesson's score and
missed list, and the picker's summary of every lesson."""

from __future__ import annotations

from pathlib import Path

from gradtui.screens.done import LessonDoneScreen
from gradtui.screens.lesson import LessonScreen
from gradtui.screens.picker import PickerScreen

FIRST = """+++
title = "First"
+++

# Opening

Read [the bowl](#bowl) here, or [the next lesson](second#far).

---

# A bowl {#bowl}

```scene
kind = "plot"
f = "x**2"
```

---

# A question

```check
question = "Slope of x^2 at x = 1?"
answer = 2
tolerance = 0.01
see = "#bowl"
```

---

# Last

Done.
"""

SECOND = """+++
title = "Second"
+++

# Near

Text.

---

# Far away {#far}

More text.
"""


def course(folder: Path) -> Path:
    folder.mkdir()
    (folder / "01-first.md").write_text(FIRST)
    (folder / "02-second.md").write_text(SECOND)
    return folder


def lesson_screen(app) -> LessonScreen:
    assert isinstance(app.screen, LessonScreen), app.screen
    return app.screen


async def test_a_links_number_follows_it_and_backspace_returns(make_app, tmp_path):
    folder = course(tmp_path / "lessons")
    app = make_app(lessons_dir=folder, open_path=folder / "01-first.md", open_step=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        prose = lesson_screen(app).query_one("Prose")
        shown = str(prose.content)
        assert "the bowl [1]" in shown and "the next lesson [2]" in shown
        assert "#bowl" not in shown  # the address is not shown: its number is
        bar = str(app.screen.query_one("KeyBar").content)
        assert "follow a link" in bar and "return" not in bar  # nothing to return to yet
        await pilot.press("2")  # to the other lesson's step {#far}
        await pilot.pause()
        screen = lesson_screen(app)
        assert screen.lesson.title == "Second" and screen.step_number == 2
        assert "return" in str(screen.query_one("KeyBar").content)
        await pilot.press("backspace")
        await pilot.pause()
        screen = lesson_screen(app)
        assert screen.lesson.title == "First" and screen.step_number == 1
        await pilot.press("1")  # a step of this lesson
        await pilot.pause()
        assert lesson_screen(app).step_number == 2
        await pilot.press("backspace")
        await pilot.pause()
        assert lesson_screen(app).step_number == 1
        assert list(app.session.trail) == []


async def test_tab_reaches_a_link_and_enter_follows_it(make_app, tmp_path):
    folder = course(tmp_path / "lessons")
    app = make_app(lessons_dir=folder, open_path=folder / "01-first.md", open_step=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        prose = lesson_screen(app).query_one("Prose")
        await pilot.press("tab")
        await pilot.pause()
        assert prose.has_focus and prose.current == 0
        await pilot.press("tab")  # the second link
        await pilot.pause()
        assert prose.current == 1
        content = prose.content
        spans = [span for span in content.spans if "reverse" in str(span.style)]
        marked = [content.plain[span.start : span.end] for span in spans]
        assert marked == ["the next lesson"]  # the link reached, marked without colour
        await pilot.press("enter")
        await pilot.pause()
        assert lesson_screen(app).lesson.title == "Second"


async def test_with_a_link_reached_the_arrows_still_step_and_help_says_how(make_app, tmp_path):
    folder = course(tmp_path / "lessons")
    app = make_app(lessons_dir=folder, open_path=folder / "01-first.md", open_step=1)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("tab", "question_mark")
        await pilot.pause()
        help_text = app.screen.text
        assert "1-2: follow the link of that number" in help_text
        assert "enter: follow the link reached" in help_text
        assert "Focus Next" not in help_text
        await pilot.press("escape", "right")
        await pilot.pause()
        assert lesson_screen(app).step_number == 2


async def test_a_missed_check_offers_the_step_that_teaches_it(make_app, tmp_path):
    folder = course(tmp_path / "lessons")
    app = make_app(lessons_dir=folder, open_path=folder / "01-first.md", open_step=3)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = lesson_screen(app)
        await pilot.press("o")  # before any answer: nothing to offer
        await pilot.pause()
        assert screen.step_number == 3
        await pilot.press("5", "enter")
        await pilot.pause()
        verdict = screen.check_panel.verdict
        assert "It is taught in step 2: A bowl: press o to go there" in verdict
        assert "the step that teaches it" in str(screen.query_one("KeyBar").content)
        await pilot.press("o")
        await pilot.pause()
        assert screen.step_number == 2
        await pilot.press("backspace")  # back to the question, to try again
        await pilot.pause()
        assert screen.step_number == 3
        await pilot.press("2", "enter")
        await pilot.pause()
        assert "teaches" not in str(screen.query_one("KeyBar").content)  # right: no offer


async def test_the_end_of_a_lesson_scores_it_and_jumps_to_what_was_missed(make_app, tmp_path):
    folder = course(tmp_path / "lessons")
    app = make_app(lessons_dir=folder, open_path=folder / "01-first.md", open_step=3)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("5", "enter", "end", "right")
        await pilot.pause()
        done = app.screen
        assert isinstance(done, LessonDoneScreen)
        assert "Checks: 0 right of 1, 0 at the first try." in done.text
        assert "1. step 3: Slope of x^2 at x = 1? (you said 5) → step 2: A bowl" in done.text
        await pilot.press("1")  # the jump: to the step that teaches it
        await pilot.pause()
        screen = lesson_screen(app)
        assert screen.step_number == 2
        await pilot.press("backspace")  # and from there to the question
        await pilot.pause()
        assert lesson_screen(app).step_number == 3


async def back_at_the_picker(app, pilot) -> PickerScreen:
    """Esc from the lesson: the picker, as it sums up the progress now."""
    await pilot.pause()
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, PickerScreen)
    return app.screen


async def test_the_picker_sums_up_each_lesson_and_the_course(make_app, tmp_path):
    folder = course(tmp_path / "lessons")
    app = make_app(lessons_dir=folder, open_path=folder / "01-first.md", open_step=3)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("2", "enter", "end")  # right, then the last step: not done yet
        picker = await back_at_the_picker(app, pilot)
        course_line = str(picker.query_one("#course").content)
        assert course_line == "Lessons done: 0 of 2.  Checks right: 1 of 1 (1 answered)."
        resume = str(picker.query_one("#resume").content)
        assert "Not done yet: 2 steps not seen." in resume  # steps 1 and 2
        await pilot.press("enter")  # back at step 4, where it was left
        await pilot.pause()
        await pilot.press("home", "right")  # the two steps not seen: now done
        picker = await back_at_the_picker(app, pilot)
        course_line = str(picker.query_one("#course").content)
        assert course_line == "Lessons done: 1 of 2.  Checks right: 1 of 1 (1 answered)."
        options = picker.query_one("#lessons")
        first = str(options.get_option_at_index(0).prompt.renderables[1].renderable)
        assert first == "4 of 4 steps seen · 1 of 1 checks right"
        second = str(options.get_option_at_index(1).prompt.renderables[1].renderable)
        assert second == "2 steps · no checks"
        assert options.highlighted == 1  # the first is done: go on with the second
        resume = str(picker.query_one("#resume").content)
        assert "(done)" in resume and "Next up: Second" in resume
