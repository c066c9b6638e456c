"""Textual's built-in actions that gradtui refuses: no text, and no future slip, can reach them."""

from __future__ import annotations

from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

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
