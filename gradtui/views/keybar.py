"""The key bar: one line at the bottom naming the keys that work here and what they do.

Textual's Footer builds a widget per key and rebuilds them all whenever focus moves, which
made every step change wait on it. This is one Static that rewrites one line of text. It shows
whole labels only, most useful first (stepping, then the keys the step's text tells the learner
to press, then the scene's or the check's own keys, then the rest), as many as fit, and ends
with "? more" when some are left out: help lists them all. A key the step's text names is never
left out: when it does not fit whole, its key stands alone (the text says what it does). A key
that would only type a character (into a box that has the keys, or one that begins an answer)
is not offered. A click on an item presses its key.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widgets import Input

from gradtui.scenes.kit.keys import spelled
from gradtui.views.text import OneLine, as_text

FIRST_ACTIONS = ("next_step", "previous_step", "link_back", "see")  # stepping, and links
MORE = ("?", "more")  # said at the end when keys were left out (with help's key)


@dataclass(frozen=True)
class BarItem:
    """One key (or keys) on the bar and what it does; `named` when the step's text tells the
    learner to press it."""

    key: str
    words: str
    action: str = ""
    named: bool = False
    press: str = ""  # the key a click on the item presses ("" for a hint: nothing to press)


def character_of(key: str) -> str | None:
    """The character the key named `key` types ("-" for minus, " " for space), or None for a
    key that types none (up, enter, ctrl+r)."""
    character = " " if key == "space" else spelled(key)
    return character if len(character) == 1 and character.isprintable() else None


def item_width(key: str, words: str) -> int:
    """Columns one item takes on the bar: " key " then " words " (a key alone: " key " and
    a space)."""
    return len(key) + 2 + (len(words) + 2 if words else 1)


def fitted(
    items: list[tuple[str, str]],
    width: int,
    named: frozenset[int] = frozenset(),
    more_key: str | None = MORE[0],
) -> list[tuple[str, str]]:
    """The items that fit in `width` columns, in order. When some do not fit: as many whole
    as leave room for "<more_key> more" (which stands in for help: the same key; none when
    `more_key` is None), the items at the `named` indexes kept as their key alone when they do
    not fit whole, then "more"."""
    if sum(item_width(*item) for item in items) <= width:
        return items
    more = [(more_key, MORE[1])] if more_key else []
    alone = {index: (items[index][0], "") for index in named if index < len(items)}
    room = width - sum(item_width(*item) for item in [*more, *alone.values()])
    shown: list[tuple[str, str]] = []
    squeezed = False  # a named key stands alone: no room is spent on keys not named
    for index, item in enumerate(items):
        if item[0] == more_key or (squeezed and index not in alone):
            continue  # "more" says it
        cost = item_width(*item) - (item_width(*alone[index]) if index in alone else 0)
        if cost <= room:
            shown.append(item)
            room -= cost
        elif index in alone:
            shown.append(alone[index])
            squeezed = True
        # else: a shorter one further on may still fit
    return [*shown, *more]


class KeyBar(OneLine):
    """Lists the keys that work here: for each action the keys that reach it (the focused
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

    shown: list[tuple[str, str]] = []  # (key, words) as on the bar now; words "": key alone
    spans: list[tuple[int, int, str]] = []  # (first column, end, key pressed) of each item shown
    _pending = False  # a new bar is due after the next refresh

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.show_keys()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self.show_keys()

    def _bindings_changed(self, screen) -> None:
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True  # several changes in one step change: one new bar after them
            self.call_after_refresh(self._show_pending)

    def _show_pending(self) -> None:
        self._pending = False
        self.show_keys()

    def shown_keys(self) -> list[tuple[str, str]]:
        """(key as shown, what it does) for each action that has a key here, most useful
        first (see `items`)."""
        return [(item.key, item.words) for item in self.items()]

    def items(self) -> list[BarItem]:
        """Each action that has a key here, most useful first: stepping, then the keys the
        step's text names, then the screen's hints (such as "0-9 type your answer"), then the
        rest; each group in the order Textual lists them (the focused widget's first: a scene
        lists its keys most useful first). A binding not meant for the bar is on it when the
        text names its key."""
        named_keys = set(getattr(self.screen, "named_keys", tuple)())
        first: list[BarItem] = []
        said: list[BarItem] = []
        rest: list[BarItem] = []
        for binding, keys in self._reaching():
            named = not named_keys.isdisjoint(keys)
            if not binding.show and not named:
                continue
            item = BarItem(
                self.key_display(binding, keys),
                binding.description,
                binding.action,
                named,
                keys[0],
            )
            if binding.action in FIRST_ACTIONS:
                first.append(item)
            else:
                (said if named else rest).append(item)
        first.sort(key=lambda item: item.words != "next")
        hints = getattr(self.screen, "key_hints", lambda: [])()
        return [*first, *said, *(BarItem(key, words) for key, words in hints), *rest]

    def _reaching(self) -> list[tuple[Binding, list[str]]]:
        """(binding, the keys that reach its action now) for each action with a key here, in
        the order Textual lists them; a key that would only type a character is left out. Of
        an action's bindings (one a key: ctrl+q and q both quit) the one meant for the bar
        speaks for it, if any is."""
        found: dict[tuple[int, str], tuple[list[Binding], list[str]]] = {}
        for key, (node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if not enabled or self.types(key):
                continue
            bindings, keys = found.setdefault((id(node), binding.action), ([], []))
            bindings.append(binding)
            keys.append(key)
        return [
            (next((b for b in bindings if b.show), bindings[0]), keys)
            for bindings, keys in found.values()
        ]

    def types(self, key: str) -> bool:
        """Whether `key` would type a character rather than do what it is bound to: any
        printable key while a box has the keys, or one the screen says begins an answer."""
        if isinstance(self.screen.focused, Input) and character_of(key) is not None:
            return True
        return getattr(self.screen, "typed_here", lambda key: False)(key)

    def key_display(self, binding: Binding, keys: list[str]) -> str:
        """How the bar names a binding reached by `keys`: as the binding says, less any key a
        widget nearer the focus has taken over or that would type (inside the field's map ←
        and → move the point, so "next" is n alone there, not "→/n"); by those keys
        themselves when none of the binding's own remain (help is f1 in the answer box)."""
        whole = self.app.get_key_display(binding)
        parts = whole.split("/")
        reaching = [self.app.get_key_display(Binding(key, binding.action)) for key in keys]
        shown = [name for name in reaching if name in parts]
        if sorted(set(shown)) == sorted(parts):
            return whole
        return "/".join(shown or reaching)

    def show_keys(self) -> None:
        if not self.is_attached:  # called after a refresh that came once it was removed
            return
        ascii = getattr(self.app, "ascii", False)
        items = self.items()
        more_key = next((item.key for item in items if item.action == "help"), None)
        named = frozenset(i for i, item in enumerate(items) if item.named)
        text = Text(no_wrap=True, overflow="crop")
        pairs = [(item.key, item.words) for item in items]
        presses = {item.key: item.press for item in reversed(items)}  # the first of a name
        width = self.size.width or self.app.size.width
        self.shown = fitted(pairs, width, named, more_key)
        self.spans = []
        for key, description in self.shown:
            start = text.cell_len
            text.append(as_text(f" {key} ", ascii, "bold reverse"))
            text.append(as_text(f" {description} " if description else " ", ascii))
            self.spans.append((start, text.cell_len, presses.get(key, "")))
        self.show(text)

    def on_click(self, event: events.Click) -> None:
        """A click on an item presses its key, as Textual's own footer does (a hint, such as
        "0-9 type your answer", presses nothing)."""
        press = next((key for start, end, key in self.spans if start <= event.x < end), "")
        if press:
            event.stop()
            self.app.simulate_key(press)
