"""The answer box of a number check, as a learner types into it (issue 20): every answer the
parser reads, typed at once (keys arriving in one read, as a fast typist's or tmux's do) or
key by key, from a fresh check step or after a wrong try, arrives whole in the box; no letter
acts on the lesson meanwhile; ← and → step while the box is empty; the key bar says how to
leave the box and offers no key that would only type a character."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from gradtui.calculus.expr import parse
from gradtui.scenes.kit.keys import character_key
from gradtui.screens.lesson import LessonScreen

LESSONS = Path(__file__).parent / "lessons"
CHECK_STEP = 3  # of 01-demo.md: "Slope of x^2 at x = 3?", answer 6

# What a learner may type as an answer: the parser reads names (sqrt, pi, e, abs), signs,
# e-notation and fractions.
ANSWERS = ["sqrt(25)", "pi/2", "2*e", "-3", "1e-8", "1/3", "abs(-4)", "sqrt(9+16)", "e"]


def burst(app, text: str) -> None:
    """Send `text` as the terminal does when it arrives in one read: every key is handed to
    the app before the first one has been handled (and so before it can move the focus)."""
    for character in text:
        name = "enter" if character == "\r" else character_key(character)
        app.post_message(events.Key(name, character))


async def type_slowly(pilot, text: str) -> None:
    for character in text:
        await pilot.press(character_key(character))


async def open_check(app, pilot, wait_until) -> LessonScreen:
    """The check step as it opens: nothing answered yet (the lesson opened afresh)."""
    app.leave_lesson()
    app.open_lesson(LESSONS / "01-demo.md", CHECK_STEP)

    def shown() -> bool:
        screen = app.lesson_screen
        return (
            screen is not None
            and app.screen is screen
            and screen.step_number == CHECK_STEP
            and screen.check_panel is not None
            and not app.session.check().said  # nothing answered since it opened
        )

    assert await wait_until(pilot, shown)
    return app.screen


def box_value(app) -> str | None:
    return app.focused.value if isinstance(app.focused, Input) else None


def verdict_names(screen, answer: str) -> bool:
    """The verdict grades the number the whole answer is (not a part of it)."""
    from gradtui.scenes.kit.numbers import number

    value = float(parse(answer, variables=()).evaluate())
    return f"Not quite: {number(value)} is not it" in screen.check_panel.verdict


async def type_answer(app, pilot, wait_until, answer: str, at_once: bool) -> None:
    if at_once:
        burst(app, answer)
        assert await wait_until(pilot, lambda: box_value(app) == answer), (answer, box_value(app))
    else:
        await type_slowly(pilot, answer)
    assert box_value(app) == answer, answer


@pytest.mark.parametrize("wrong_first", [False, True], ids=["fresh", "after a wrong try"])
@pytest.mark.parametrize("at_once", [True, False], ids=["at once", "slowly"])
async def test_every_answer_arrives_whole(make_app, wait_until, at_once, wrong_first):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for answer in ANSWERS:
            screen = await open_check(app, pilot, wait_until)
            if wrong_first:
                await pilot.press("7", "enter")
                assert "Not quite: 7" in screen.check_panel.verdict
                await pilot.press("backspace")  # as the learner in the issue did, to clear it
            await type_answer(app, pilot, wait_until, answer, at_once)
            assert app.is_running and app.screen is screen and screen.step_number == CHECK_STEP
            await pilot.press("enter")  # graded: the whole answer, not a part of it
            assert verdict_names(screen, answer), (answer, screen.check_panel.verdict)


async def test_no_letter_acts_on_the_lesson_once_the_box_is_opened(make_app, wait_until):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(app, pilot, wait_until)
        await pilot.press("enter")  # opens the box, empty
        await type_slowly(pilot, "nopqz?")
        assert box_value(app) == "nopqz?"
        assert app.is_running and app.screen is screen and screen.step_number == CHECK_STEP
        await pilot.press("ctrl+u", "escape")  # leave the box: the lesson has its keys again
        burst(app, "\rnpq")  # opened by Enter, then letters in the same read
        assert await wait_until(pilot, lambda: box_value(app) == "npq"), box_value(app)
        assert app.is_running and screen.step_number == CHECK_STEP


async def test_keys_that_begin_no_answer_still_step_a_fresh_check(make_app, wait_until):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(app, pilot, wait_until)
        await pilot.press("n")  # no answer begins with n: the lesson's "next"
        assert screen.step_number == CHECK_STEP + 1
        await pilot.press("left")
        assert screen.step_number == CHECK_STEP and box_value(app) is None
        await pilot.press("left")  # ← steps back from a fresh check; p would begin "pi"
        assert screen.step_number == CHECK_STEP - 1


def bar_items(screen) -> list[tuple[str, str]]:
    return screen.query_one("KeyBar").shown_keys()


async def test_the_key_bar_in_the_box_says_how_to_leave_it_and_offers_no_typed_key(
    make_app, wait_until
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(app, pilot, wait_until)
        items = dict(bar_items(screen))
        assert items.get("←") == "back"  # p begins an answer here (pi): ← alone steps back
        await pilot.press("enter")
        await pilot.pause()
        items = bar_items(screen)
        assert ("esc", "leave the answer box") in items
        assert ("←/→", "step") in items  # the box is empty: the arrows still step
        keys = [key for key, _ in items]
        for typed in ("?", "n", "p", "q", "o", "z", "→/n", "←/p"):
            assert typed not in keys, (typed, items)
        assert "f1" in keys  # help, which ? would only type
        await pilot.press("4")
        await pilot.pause()
        items = bar_items(screen)
        assert ("←/→", "step") not in items  # with text in the box the arrows edit it
        assert ("esc", "leave the answer box") in items
        assert "leave the answer box" in str(screen.query_one("KeyBar").content)


async def test_the_key_bar_offers_no_key_that_would_type_into_the_function_box(make_app):
    # Typing a model after e: the scene's + and - (and every other printable key) type.
    from gradtui.script.catalog import builtin_lessons_dir
    from gradtui.views.inputs import FunctionInput

    folder = builtin_lessons_dir()
    app = make_app(lessons_dir=folder, open_path=folder / "01-slope.md", open_step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        screen = app.lesson_screen
        assert "↓/-" in [key for key, _ in screen.query_one("KeyBar").shown_keys()]
        await pilot.press("e")
        await pilot.pause(0.2)
        assert isinstance(app.focused, FunctionInput)
        for key, words in screen.query_one("KeyBar").shown_keys():
            for part in key.split("/"):
                assert len(part) != 1 or part in "↑↓←→⏎⌫", (key, words)  # not a character
        assert ("esc", "keep the old one") in screen.query_one("KeyBar").shown_keys()


async def test_on_a_choice_check_the_bar_names_the_arrows_that_step(make_app):
    app = make_app(open_path=LESSONS / "01-demo.md", open_step=4)  # a choice: options focused
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        items = bar_items(screen)
        assert ("→/n", "next") in items and ("←/p", "back") in items  # not "n next", "p back"
        await pilot.press("left")
        assert screen.step_number == 3


EDITING_KEYS = ("backspace", "left", "home", "ctrl+u")


def burst_keys(app, keys: list[str]) -> None:
    """Send keys as the terminal does when they arrive in one read (a slow SSH link, a
    paste): each item is an editing key ("backspace", "ctrl+u") or a run of characters."""
    for key in keys:
        if key in EDITING_KEYS:
            app.post_message(events.Key(key, None))
        else:
            burst(app, key)


@pytest.mark.parametrize(
    "keys, value",
    [
        (["12", "backspace", "3"], "13"),
        (["15", "left", "2"], "125"),
        (["99", "ctrl+u", "42"], "42"),
        (["24", "home", "-"], "-24"),
    ],
    ids=["backspace", "left", "ctrl+u", "home"],
)
async def test_editing_keys_in_one_read_act_where_they_were_typed(
    make_app, wait_until, keys, value
):
    """A backspace, an arrow or ctrl+u arriving in the same read as the characters after it
    edits the text as it stood when it was typed, not the text that came after it."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_check(app, pilot, wait_until)
        await pilot.press("enter")  # the box, empty
        burst_keys(app, keys)
        await wait_until(pilot, lambda: box_value(app) == value)
        assert box_value(app) == value, (keys, box_value(app))
        assert app.is_running and app.screen is screen and screen.step_number == CHECK_STEP
