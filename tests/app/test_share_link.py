"""ctrl+l in a served lesson: a notice with the link that opens this very step (the address
the learner opened, the lesson by its slug, the step's number), on any step, an answer box
focused or not. Outside `gradtui serve` the key does nothing and the help does not offer it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from gradtui.course import PAGE_URL_VARIABLE
from gradtui.screens.help import HelpScreen

LESSONS = Path(__file__).parent / "lessons"
PAGE = "http://192.168.1.20:8000/"


def told(app) -> list[tuple[str, str]]:
    """The notices the app shows from now on, as (title, text)."""
    said: list[tuple[str, str]] = []
    show = app.notify

    def notify(message, *, title="", **options):
        said.append((str(title), str(message)))
        show(message, title=title, **options)

    app.notify = notify
    return said


def help_text(app) -> str:
    return " ".join(f"{keys} {words}" for _, rows in app.screen.sections for keys, words in rows)


async def test_ctrl_l_gives_the_link_to_this_step_when_served(make_app, monkeypatch):
    monkeypatch.setenv(PAGE_URL_VARIABLE, PAGE)
    app = make_app(open_path=LESSONS / "01-demo.md", open_step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        said = told(app)
        await pilot.press("ctrl+l")
        assert said == [("The link to this step", f"{PAGE}?lesson=demo&step=2")]
        await pilot.press("right")  # step 3 holds a check: its answer box takes typed keys
        await pilot.press("1")
        assert isinstance(app.focused, Input)
        await pilot.press("ctrl+l")
        assert said[-1] == ("The link to this step", f"{PAGE}?lesson=demo&step=3")
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "^l the link to this step" in help_text(app)  # ctrl+l, as Textual writes it


async def test_outside_a_browser_ctrl_l_does_nothing(make_app, monkeypatch):
    monkeypatch.delenv(PAGE_URL_VARIABLE, raising=False)
    app = make_app(open_path=LESSONS / "01-demo.md", open_step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        said = told(app)
        await pilot.press("ctrl+l")
        assert said == []
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "link to this step" not in help_text(app)
