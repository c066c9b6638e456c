"""A scene's keys as data: which keys, which method of the scene's state they call, and the
words the key bar and the help screen show for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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

    def active(self, state: Any) -> bool:
        """Whether the key works for `state` now (see `when`)."""
        if not self.when:
            return True
        wanted = not self.when.startswith("!")
        return bool(getattr(state, self.when.lstrip("!"), False)) == wanted
