"""The key bar: one line at the bottom naming the keys that work here and what they do.

Textual's Footer builds a widget per key and rebuilds them all whenever focus moves, which
made every step change wait on it. This is one Static that rewrites one line of text. It shows
whole labels only, most useful first (stepping, then the scene's or the check's own keys, then
the rest), as many as fit, and ends with "? more" when some are left out: help lists them all.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from gradtui.views.text import as_text

FIRST_ACTIONS = ("next_step", "previous_step", "link_back", "see")  # stepping, and links
MORE = ("?", "more")  # said at the end when keys were left out


def item_width(key: str, words: str) -> int:
    """Columns one item takes on the bar: " key " then " words "."""
    return len(key) + 2 + len(words) + 2


def fitted(items: list[tuple[str, str]], width: int) -> list[tuple[str, str]]:
    """The items that fit in `width` columns, whole, in order; when some do not fit, as many
    as leave room for "? more", then "? more" itself (which stands in for "? help": the
    same key)."""
    if sum(item_width(*item) for item in items) <= width:
        return items
    room = width - item_width(*MORE)
    shown: list[tuple[str, str]] = []
    for item in items:
        if item[0] == MORE[0] or item_width(*item) > room:
            continue  # a shorter one further on may still fit
        shown.append(item)
        room -= item_width(*item)
    return [*shown, MORE]


class KeyBar(Static):
    """Lists the keys that work here: for each action the key that reaches it (the focused
    widget's binding wins over the screen's and the app's), with its words."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $panel;
        color: $text;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.show_keys()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self.show_keys()

    def _bindings_changed(self, screen) -> None:
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self.show_keys)

    def shown_keys(self) -> list[tuple[str, str]]:
        """(key as shown, what it does) for each action that has a key here, most useful
        first: stepping, then the screen's hints (such as "0-9 type your answer"), then the
        focused widget's keys, then the rest in the order Textual lists them."""
        first: list[tuple[str, str]] = []
        rest: list[tuple[str, str]] = []
        actions: set[str] = set()
        active = self.screen.active_bindings
        for node, binding, enabled, _tooltip in active.values():
            if not binding.show or not enabled or binding.action in actions:
                continue
            actions.add(binding.action)
            item = (self.key_display(node, binding, active), binding.description)
            (first if binding.action in FIRST_ACTIONS else rest).append(item)
        first.sort(key=lambda item: item[1] != "next")
        hints = getattr(self.screen, "key_hints", lambda: [])()
        return [*first, *hints, *rest]

    def key_display(self, node, binding, active) -> str:
        """How the bar names a binding's keys: as the binding says, less any key a widget
        nearer the focus has taken over (inside the field's map ← and → move the point, so
        "next" is n alone there, not "→/n")."""
        whole = self.app.get_key_display(binding)
        parts = whole.split("/")
        reaching = [
            self.app.get_key_display(Binding(key, binding.action))
            for key, reached in active.items()
            if reached.node is node and reached.binding.action == binding.action
        ]
        shown = [name for name in reaching if name in parts]
        if sorted(set(shown)) == sorted(parts):
            return whole
        return "/".join(shown) or whole

    def show_keys(self) -> None:
        if not self.is_attached:  # called after a refresh that came once it was removed
            return
        ascii = getattr(self.app, "ascii", False)
        text = Text(no_wrap=True, overflow="crop")
        for key, description in fitted(self.shown_keys(), self.size.width or self.app.size.width):
            text.append(as_text(f" {key} ", ascii, "bold reverse"))
            text.append(as_text(f" {description} ", ascii))
        self.update(text)
