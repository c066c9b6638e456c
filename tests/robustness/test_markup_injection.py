"""Lesson text is never markup: a stranger's title, summary, headings, prose, question, hint,
explanation, options, file name, a saved answer, what the learner pastes, and the notices that
quote them reach the screen as plain text, through the one path (`gradtui.views.text.as_text`).

Spies sit on every markup parser Textual and Rich have; a walk through every place such text
is shown (picker, resume line, error notice, header, prose, checks and their verdicts, the
palette's lists and search, help, the size notice) must never hand them lesson text, must show
the text literally, and must not crash. And, in depth: a click on an action that a parsed
`[@click=app.screenshot(...)]` would make writes no file, since the app refuses Textual's
built-in actions it does not use.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual import events
from textual.app import App
from textual.command import CommandList
from textual.widgets import Input, Static

from gradtui.app import GradApp
from gradtui.progress import Progress
from gradtui.screens.lesson import LessonScreen
from gradtui.script.model import Lesson, SceneSpec, Step
from gradtui.textsafe import REPLACEMENT
from gradtui.views.check import MAX_ANSWER_LENGTH, AnswerInput
from gradtui.views.textual_seams import is_refused_action

TOKEN = "ZQX"  # in every hostile field (the `hostile` fixture's token)


@pytest.fixture
def hostile_app(tmp_path: Path, kit, hostile):
    """An app over a folder holding a hostile lesson, two broken ones whose problems quote
    hostile text (one in its file name) and a plain one, with a hostile saved answer."""
    folder = tmp_path / "lessons"
    victim = tmp_path / "victim"
    victim.mkdir()
    steps = hostile.steps(victim)
    lesson = kit.write(
        folder / "01-hostile.md",
        hostile.text("title", victim),
        steps,
        hostile.text("summary", victim),
    )
    (folder / f"02-[bold]{TOKEN}[reverse] [@click=app.bell]x.md").write_text("# no front\n")
    key = f'"{TOKEN} [/bold] [@click=app.bell]k[/]"'
    (folder / "03-broken.md").write_text(f'+++\ntitle = "B"\n{key} = 1\n+++\n# a\n')
    kit.write(folder / "04-plain.md", "Plain", ["# One\n\nText."])

    progress = Progress(tmp_path / "state").load()
    app_key = str(lesson.resolve())
    progress.visit(app_key, 1, len(steps))
    progress.record_check(app_key, 2, hostile.text("saved", victim)[:150], False)
    progress.save()
    app = GradApp(lessons_dir=folder, progress=Progress(tmp_path / "state").load())
    return app, victim


@pytest.fixture
def markup_spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text holding TOKEN that reaches a markup parser of Textual or Rich."""
    import rich.console
    import rich.markup
    import textual.markup
    from textual.content import Content

    seen: list[str] = []

    def spying(original):
        def parse(markup, *args, **kwargs):
            if isinstance(markup, str) and TOKEN in markup:
                seen.append(markup)
            return original(markup, *args, **kwargs)

        return parse

    monkeypatch.setattr(textual.markup, "to_content", spying(textual.markup.to_content))
    monkeypatch.setattr(Content, "from_markup", spying(Content.from_markup))
    monkeypatch.setattr(rich.markup, "render", spying(rich.markup.render))
    monkeypatch.setattr(rich.console, "render_markup", spying(rich.console.render_markup))
    return seen


def plain(widget: Static) -> str:
    return str(widget.content)


HIDDEN = set("\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202e\u2066\u2069\ufeff\u061c")


def assert_literal(text: str, label: str) -> None:
    """The hostile field labelled `label` is on screen as text: markup and all, each hidden
    character replaced by a visible mark."""
    assert f"{label} {TOKEN}" in text, text
    assert "[/bold]" in text or "[reverse" in text or "[@click" in text, text
    assert not HIDDEN & set(text), text
    assert REPLACEMENT in text, text


async def test_no_lesson_text_ever_reaches_a_markup_parser(
    hostile_app, markup_spy, wait_until, resize
):
    app, victim = hostile_app
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        picker = app.screen
        lines = [picker.describe(entry) for entry in picker.entries]
        assert any(f"[bold]{TOKEN}[reverse] [@click" in line for line in lines)  # a file name
        assert_literal(plain(picker.query_one("#resume")), "title")
        # open a broken lesson: its problem (quoting its file name) becomes a notice
        await pilot.press("down", "enter")
        await pilot.pause()
        notices = [str(n.message) for n in app._notifications]
        assert any(f"[bold]{TOKEN}[reverse]" in notice for notice in notices), notices
        await pilot.press("up", "enter")  # the hostile lesson
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        assert_literal(plain(screen.query_one("LessonHeader")), "title")
        shown = plain(screen.query_one("Prose"))
        for label in ("heading", "para", "item", "quote"):
            assert_literal(shown, label)
        assert "a link <https://evil.example/x>" in shown and "code [/bold]" in shown

        await pilot.press("ctrl+p")  # the palette: every lesson title and step heading
        await pilot.pause()
        for key in "head":
            await pilot.press(key)  # a search: hits with their letters highlighted
        assert await wait_until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0)
        search = app.screen.query_one(Input)
        search.post_message(events.Paste("\u202e\u200d"))  # pasted into the search box too
        await pilot.pause()
        assert search.value == "head" + REPLACEMENT * 2
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("right")  # the number check, with the saved answer shown back
        await pilot.pause()
        panel = screen.check_panel
        assert_literal(plain(panel.query_one(".question")), "question")
        assert_literal(panel.verdict, "saved")
        box = panel.query_one(AnswerInput)
        box.post_message(events.Paste("[/bold] " + TOKEN + "\u202e\u200d"))  # the learner
        await pilot.pause()
        assert box.value == f"[/bold] {TOKEN}{REPLACEMENT}{REPLACEMENT}"
        await pilot.press("enter", "enter")  # into the box, then not a number: said so
        await pilot.pause()
        assert "not a number I can read" in panel.verdict
        await pilot.press("ctrl+u", "1", "enter")  # wrong: the hint
        await pilot.pause()
        assert_literal(panel.verdict, "hint")
        await pilot.press("ctrl+r")  # reveal: the explanation
        await pilot.pause()
        assert_literal(panel.verdict, "explain")

        await pilot.press("right")  # the choice check (graded and revealed: the keys are back)
        await pilot.pause()
        panel = screen.check_panel
        options = panel.query_one("#check-options")
        for index, label in enumerate(("first", "second")):
            assert_literal(str(options.get_option_at_index(index).prompt), label)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert_literal(panel.verdict, "chint")
        await pilot.press("up", "enter")
        await pilot.pause()
        assert_literal(panel.verdict, "cexplain")

        await pilot.press("f1")  # help, then the size notice, then back
        await pilot.pause()
        await pilot.press("escape")
        await resize(pilot, 50, 14)  # each size reached: too quick, only the last would be
        await resize(pilot, 80, 24)
        await pilot.press("escape")  # back to the picker
        await pilot.pause()
    assert markup_spy == [], markup_spy[:3]
    assert os.listdir(victim) == []


async def test_a_scene_that_cannot_be_shown_says_so_as_text(tmp_path, markup_spy):
    kind = f"{TOKEN} [/bold] [@click=app.bell]x[/]"  # a kind no registry knows: KeyError
    step = Step(1, "A step", "Text.", scene=SceneSpec(kind, {}, 1))
    lesson = Lesson(tmp_path / "01-x.md", "x", 1, "X", "", steps=(step,))
    app = GradApp(lessons_dir=tmp_path, open_lesson=lesson)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        message = plain(app.screen.query_one(".scene-error"))
        assert message == f"This scene could not be shown: KeyError: {kind!r}"
    assert markup_spy == []


async def test_a_scene_caption_is_text_too(tmp_path, kit, hostile, markup_spy):
    victim = tmp_path / "victim"
    step = "# Plot\n\n" + kit.scene_block(
        "plot", {"f": "x**2", "caption": hostile.text("cap", victim)}
    )
    path = kit.write(tmp_path / "lessons" / "01-cap.md", "Caption", [step])
    app = GradApp(lessons_dir=path.parent, open_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert markup_spy == []


def bait(folder: Path) -> Static:
    """Text shown AS MARKUP (the slip the app must survive): a click on it names screenshot."""
    return Static(f"[@click=app.screenshot('victim.svg','{folder}')]CLICKME[/]", id="bait")


@pytest.mark.parametrize("app_class", [App, GradApp], ids=["plain Textual", "gradtui"])
async def test_a_click_on_an_action_in_parsed_markup_writes_no_file(
    tmp_path, app_class, wait_until
):
    folder = tmp_path / "target"
    folder.mkdir()
    app = app_class(lessons_dir=tmp_path) if app_class is GradApp else app_class()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.screen.mount(bait(folder))
        await pilot.pause()
        await pilot.click("#bait", offset=(2, 0))
        if app_class is App:  # plain Textual obeys the click: wait for its file
            assert await wait_until(pilot, lambda: os.listdir(folder) != [])
        await pilot.pause()  # gradtui refuses the action at once: nothing is left to run
        assert app.is_running
    written = os.listdir(folder)
    # plain Textual obeys the click (so this test can tell); gradtui refuses it
    assert written == (["victim.svg"] if app_class is App else [])


@pytest.mark.parametrize(
    "action",
    ["screenshot", "suspend_process", "simulate_key", "copy_text", "notify", "bell", "toggle"]
    + ["add_class", "remove_class", "toggle_class", "push_screen", "switch_screen", "focus"]
    + ["switch_mode", "pop_screen", "back", "change_theme", "toggle_dark", "maximize"],
)
async def test_built_in_actions_gradtui_does_not_use_are_refused(tmp_path, action):
    app = GradApp(lessons_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        namespace = app.screen if action in ("copy_text", "maximize", "focus") else app
        assert is_refused_action(namespace, action)
        assert await app.run_action(action, namespace) is False
        assert app.is_running


@pytest.mark.parametrize("action", ["quit", "command_palette", "focus_next"])
async def test_the_built_in_actions_gradtui_uses_still_run(tmp_path, action):
    app = GradApp(lessons_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert await app.run_action(action) is True
        await pilot.pause()  # let what it opened (the palette) settle before the app closes


def test_scrolling_is_a_built_in_that_stays():
    from textual.containers import VerticalScroll

    for way in ("up", "down", "home", "end"):
        assert not is_refused_action(VerticalScroll(), f"scroll_{way}")
    assert not is_refused_action(VerticalScroll(), "page_down")
    assert is_refused_action(VerticalScroll(), "toggle")  # DOMNode's: sets any attribute


async def test_a_paste_past_the_limit_says_what_the_limit_is(make_check_app):
    app = make_check_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        box = app.screen.query_one(AnswerInput)
        await pilot.press("enter")  # the keys into the answer box
        box.post_message(events.Paste("1" * 40))
        await pilot.pause()
        box.post_message(events.Paste("2" * 30))  # 70 in all
        await pilot.pause()
        assert box.value == "1" * 40  # nothing added, nothing lost
        assert app.screen.check_panel.verdict == (
            f"An answer can be at most {MAX_ANSWER_LENGTH} characters; that would make 70. "
            "Nothing was added."
        )
        box.post_message(events.Paste("\u009b2J\u202e\u2066x\u200b"))
        await pilot.pause()
        assert box.value == "1" * 40 + REPLACEMENT + "2J" + REPLACEMENT * 2 + "x" + REPLACEMENT
        await pilot.press("ctrl+u")
        assert box.value == "" and isinstance(app.focused, Input)


@pytest.fixture
def make_check_app(tmp_path: Path, kit):
    def build() -> GradApp:
        step = "# Check\n\n" + kit.check_block(question="Two?", answer=2, tolerance=0.1)
        path = kit.write(tmp_path / "lessons" / "01-check.md", "Check", [step])
        return GradApp(lessons_dir=path.parent, open_path=path)

    return build
