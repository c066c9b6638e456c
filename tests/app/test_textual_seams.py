"""The places gradtui reaches past Textual's public API (gradtui/views/textual_seams.py), held to
what they stand on: each test fails loudly if a Textual upgrade moves it, before a learner
meets the difference."""

from __future__ import annotations

import inspect

from textual.actions import parse
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandInput
from textual.widgets import OptionList, Static

from gradtui.textsafe import REPLACEMENT
from gradtui.views import textual_seams
from gradtui.views.textual_seams import ActionGuard, action_target


class Guarded(ActionGuard):
    """An app with a key and a text that name Textual's `bell`, which gradtui does not use,
    and a key for `quit`, which it does."""

    BINDINGS = [Binding("b", "bell", "ring"), Binding("x", "quit", "quit")]
    CSS = "#link { height: 1; width: 10; } OptionList { height: 8; }"

    def __init__(self) -> None:
        super().__init__()
        self.rang = 0

    def compose(self) -> ComposeResult:
        yield Static("[@click=app.bell]ring[/]", id="link")
        yield OptionList(*[f"option {n}" for n in range(30)], id="options")

    def bell(self) -> None:  # what `action_bell` calls: counted instead of rung
        self.rang += 1


def test_run_action_is_still_the_door_every_action_passes():
    """The guard overrides `App.run_action` and reads actions as Textual does."""
    parameters = list(inspect.signature(App.run_action).parameters)
    assert parameters == ["self", "action", "default_namespace", "namespaces"]
    assert parse("app.screenshot('x.svg')") == ("app", "screenshot", ("x.svg",))
    assert parse("bell") == ("", "bell", ())
    app = App()
    assert action_target(app, "app.bell", None, None) == (app, "bell")
    assert action_target(app, "bell", None, None) == (app, "bell")
    assert action_target(app, "nowhere.bell", None, None) == (None, "bell")


async def test_a_key_and_a_click_that_name_an_unused_built_in_are_refused():
    app = Guarded()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("b")
        await pilot.click("#link")
        assert app.rang == 0  # neither the key nor the click reached `bell`
        assert await app.run_action("bell") is False
        await pilot.press("x")  # a built-in gradtui uses still runs
        await pilot.pause()
        assert not app.is_running


async def test_paging_a_list_not_laid_out_yet_moves_to_its_end():
    """Textual raises KeyError here unguarded (a list hidden under the size notice, or the
    palette's just opened); guarded, pgdn goes to the last option and pgup to the first."""
    textual_seams.install()
    assert OptionList._gradtui_paging_guard
    app = Guarded()
    async with app.run_test(size=(60, 20)) as pilot:
        options = app.query_one(OptionList)
        options.display = False
        await pilot.pause()
        options.highlighted = 3
        options.clear_options()
        options.add_options([f"again {n}" for n in range(30)])
        options.highlighted = 3  # no lines laid out for these yet
        options.action_page_down()
        assert options.highlighted == 29
        options.action_page_up()
        assert options.highlighted in (0, 29)  # laid out by now, or not: never a crash


async def test_what_is_typed_into_the_palette_search_is_inert():
    textual_seams.install()
    assert CommandInput._gradtui_inert
    app = Guarded()
    async with app.run_test(size=(60, 20)) as pilot:
        box = CommandInput()
        await app.mount(box)
        box.insert_text_at_cursor("a\u202eb\x1b[2J")
        await pilot.pause()
        assert box.value == f"a{REPLACEMENT}b{REPLACEMENT}[2J"
