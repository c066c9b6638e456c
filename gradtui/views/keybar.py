"""The key bar: one line at the bottom naming the keys that work here and what they do.

Textual's Footer builds a widget per key and rebuilds them all whenever focus moves, which
made every step change wait on it. This is one Static that rewrites one line of text.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from gradtui.views.text import as_text


class KeyBar(Static):
    """Lists the focused widget's keys, then the screen's and the app's (first one wins for
    an action), each as the key in bold and its description."""

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

    def _bindings_changed(self, screen) -> None:
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self.show_keys)

    def shown_keys(self) -> list[tuple[str, str]]:
        """(key as shown, what it does) for each action that has a key here."""
        shown: list[tuple[str, str]] = []
        actions: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or not enabled or binding.action in actions:
                continue
            actions.add(binding.action)
            shown.append((self.app.get_key_display(binding), binding.description))
        return shown

    def show_keys(self) -> None:
        if not self.is_attached:  # called after a refresh that came once it was removed
            return
        ascii = getattr(self.app, "ascii", False)
        text = Text(no_wrap=True, overflow="ellipsis")
        for key, description in self.shown_keys():
            text.append(as_text(f" {key} ", ascii, "bold reverse"))
            text.append(as_text(f" {description} ", ascii))
        self.update(text)
