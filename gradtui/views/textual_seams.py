"""Where gradtui reaches past Textual's public API: all in this module, each with the reason.

Textual 8 offers no public way to do these three things, so each is done here and nowhere else;
tests/app/test_textual_seams.py fails loudly if a Textual upgrade moves what they stand on.

1. Refusing the built-in actions gradtui does not use (`ActionGuard`). Every action, from a key
   binding, a click on text or a widget, passes `App.run_action` (public); what it overrides is
   public, but finding the node an action names ("app.screenshot", "screen.focus") repeats what
   Textual's private `App._parse_action` does. A text that names an action, even one shown as
   markup by mistake, can so never reach `screenshot` (which writes a file wherever it is told),
   `suspend_process`, `simulate_key` or any built-in a later Textual adds.
2. Page up and down on an option list not yet laid out (`guard_option_list_paging`). Textual
   8.2.8 raises KeyError from `OptionList._move_page` while the list has no lines: hidden under
   the size notice, or just opened (ctrl+p, then pgdn before the first frame). The command
   palette's list is Textual's own `CommandList`, so the guard goes onto `OptionList` itself.
3. The command palette's search box made inert (`inert_palette_input`), as gradtui's own boxes
   are (gradtui/views/inputs.py): Textual's box would echo a bidi override or a C1 control raw.
   `CommandInput` is built inside Textual's `CommandPalette`, so its `replace`, where every
   edit passes, is wrapped.

`install()` applies 2 and 3, once (the app calls it as it starts).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.actions import ActionError, parse
from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from gradtui.textsafe import inert

# Textual's own actions, on the App, every Screen and every widget, that gradtui uses: its
# keys (quit, ctrl+p, tab, scrolling). Every other one of those built-ins is refused, since
# gradtui never asks for it and a text that named it must not reach it: `screenshot` writes
# a file wherever it is told, `suspend_process` hands the terminal to the shell,
# `simulate_key` presses any key, `copy_text` writes the clipboard, `notify` shows markup,
# `toggle` and the class actions change any widget, `push_screen` and the rest navigate,
# and any built-in a later Textual adds is refused until it is added here.
USED_BUILTIN_ACTIONS = frozenset(
    {"quit", "command_palette", "focus_next", "focus_previous"}
    | {f"scroll_{way}" for way in ("up", "down", "left", "right", "home", "end")}
    | {f"page_{way}" for way in ("up", "down", "left", "right")}
)
BUILTIN_ACTION_CLASSES = (App, Screen, Widget, DOMNode)
ACTION_TARGETS = ("app", "screen", "focused")  # the names Textual lets an action start with


def builtin_owner(namespace: object, action: str) -> type | None:
    """Which of Textual's App, Screen, Widget or DOMNode defines the method an action on
    `namespace` would run (None when the method is the program's own, or a widget's)."""
    for name in (f"_action_{action}", f"action_{action}"):
        for cls in type(namespace).__mro__:
            if name in vars(cls):
                return cls if cls in BUILTIN_ACTION_CLASSES else None
    return None


def is_refused_action(namespace: object, action: str) -> bool:
    """True for a Textual built-in action that gradtui does not use."""
    return builtin_owner(namespace, action) is not None and action not in USED_BUILTIN_ACTIONS


def action_target(
    app: App, action: Any, default: DOMNode | None, namespaces: Mapping[str, DOMNode] | None
) -> tuple[object | None, str]:
    """The node an action would run on, and its name, as Textual's `_parse_action` finds them
    (None for the node when the action does not read: Textual then says why itself)."""
    try:
        destination, name, _ = action if isinstance(action, tuple) else parse(action)
    except ActionError:
        return None, ""
    if not destination:
        return (app if default is None else default), name
    target = (namespaces or {}).get(destination)
    if target is None and destination in ACTION_TARGETS:
        target = getattr(app, destination, None)
    return target, name


class ActionGuard(App):
    """An App that refuses Textual's built-in actions it does not use (see the module
    docstring, 1)."""

    async def run_action(
        self,
        action: Any,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        target, name = action_target(self, action, default_namespace, namespaces)
        if target is not None and is_refused_action(target, name):
            self.log.warning(f"refused the action {name!r}: gradtui does not use it")
            return False
        return await super().run_action(action, default_namespace, namespaces)


def guard_option_list_paging() -> None:
    """Page up/down on an OptionList with no lines yet moves to the first or last option
    instead of raising KeyError (see the module docstring, 2). Patched once, on the class."""
    from textual.widgets import OptionList

    if getattr(OptionList, "_gradtui_paging_guard", False):
        return
    page_up, page_down = OptionList.action_page_up, OptionList.action_page_down

    def action_page_up(self: OptionList) -> None:
        try:
            page_up(self)
        except KeyError:
            self.action_first()

    def action_page_down(self: OptionList) -> None:
        try:
            page_down(self)
        except KeyError:
            self.action_last()

    OptionList.action_page_up = action_page_up
    OptionList.action_page_down = action_page_down
    OptionList._gradtui_paging_guard = True


def inert_palette_input() -> None:
    """What the learner types or pastes into the command palette's search box is made inert
    (see the module docstring, 3). Patched once, on Textual's CommandInput class."""
    from textual.command import CommandInput

    if getattr(CommandInput, "_gradtui_inert", False):
        return
    replace = CommandInput.replace

    def inert_replace(self: CommandInput, text: str, start: int, end: int) -> None:
        replace(self, inert(text, keep_newlines=False), start, end)

    CommandInput.replace = inert_replace
    CommandInput._gradtui_inert = True


def install() -> None:
    """Apply the guards on Textual's classes (2 and 3 above); calling it again does nothing."""
    guard_option_list_paging()
    inert_palette_input()
