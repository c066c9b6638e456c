"""A scene's keys as data: which keys, which method of the scene's state they call, and the
words the key bar and the help screen show for them; and `key_name`, which reads a key a learner
types in the line mode (".", "+", "space", "up") as the name the terminal gives the same key, so
both routes find a move by the same declared keys."""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass
from typing import Any

# Keys a learner may type by name, as Textual names them.
NAMED_KEYS = frozenset(
    {"space", "enter", "escape", "tab", "backspace", "delete", "insert"}
    | {"up", "down", "left", "right", "home", "end", "pageup", "pagedown"}
    | {f"f{number}" for number in range(1, 13)}
)
# Other spellings of a key: the glyphs the key bar shows for it, and common short names.
SPELLINGS = {
    "esc": "escape",
    "pgup": "pageup",
    "pgdn": "pagedown",
    "↑": "up",
    "↓": "down",
    "←": "left",
    "→": "right",
    "⌫": "backspace",
    "⏎": "enter",
}
# Textual names a character key after its Unicode name, with these made shorter.
SHORTER_NAMES = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}
_WITH_MODIFIERS = re.compile(r"(?:(?:ctrl|shift|alt|super)\+)+\S+")


@dataclass(frozen=True)
class Key:
    """One move a learner can make in a scene.

    `keys` are Textual key names, comma-separated (``"down,minus"``); `method` names the state's
    method to call, with `args`; `words` say what it does ("shrink h"); `show` is how the keys
    are written on the key bar (``"↓/-"``), Textual's own spelling when empty. `when` names a
    true/false attribute of the state: the key works only while it is true (``"!name"``: while
    it is false), and otherwise falls through to the lesson (so ← and → can step again).
    A scene lists its keys most useful first: the key bar shows as many as fit, in that order.
    """

    keys: str
    method: str
    words: str
    show: str = ""
    args: tuple[Any, ...] = ()
    when: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """The key names it binds, one by one (``("down", "minus")``)."""
        return tuple(name.strip() for name in self.keys.split(","))

    def active(self, state: Any) -> bool:
        """Whether the key works for `state` now (see `when`)."""
        if not self.when:
            return True
        wanted = not self.when.startswith("!")
        return bool(getattr(state, self.when.lstrip("!"), False)) == wanted


def character_key(character: str) -> str:
    """The name of the key that types `character`, as Textual names it: a letter or digit is
    itself, any other character its Unicode name ("." is full_stop, "+" is plus)."""
    if character.isalnum():
        return character
    try:
        name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    except ValueError:  # a character without a name (a control)
        return character
    return SHORTER_NAMES.get(name, name)


def key_name(typed: str) -> str | None:
    """The key a learner means by `typed` in the line mode: one character ("a", "+", "."; a
    letter in either case), a key's name ("space", "up", "enter", "esc", "ctrl+p") or a glyph
    the key bar shows ("↑"). None when it names no key."""
    if typed == " ":
        return "space"
    text = typed.strip()
    if text in SPELLINGS:
        return SPELLINGS[text]
    if len(text) == 1:
        return character_key(text.lower())
    folded = text.casefold()
    folded = SPELLINGS.get(folded, folded)
    if folded in NAMED_KEYS or _WITH_MODIFIERS.fullmatch(folded):
        return folded
    return None


def spelled(name: str) -> str:
    """How a learner types the key named `name` in the line mode: its character ("." for
    full_stop, "+" for plus), or its name ("space", "up", "ctrl+r")."""
    return _TYPED.get(name, name)


_TYPED = {character_key(character): character for character in string.punctuation}
