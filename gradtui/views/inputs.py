"""A one-line box for what the learner types: the answer box and the scene's function box."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from gradtui.textsafe import inert


class InertInput(Input):
    """What is typed or pasted goes through `inert` before it is shown (a pasted control or
    bidi character becomes a visible U+FFFD), and an edit that would pass the length limit is
    refused with a message (`TooLong`) that says what the limit is.

    The box's own editing keys (backspace, the arrows, ctrl+u...) act as they arrive, in
    order with the characters around them. Textual runs a widget's key binding only once the
    key has bubbled up to the app, and by then characters typed after it in the same read (a
    slow link, a paste) are already in the box: "12⌫3" read 12 instead of 13."""

    class TooLong(Message):
        """Posted when an edit would make the text longer than the limit."""

        def __init__(self, length: int, limit: int) -> None:
            super().__init__()
            self.length = length
            self.limit = limit

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable:
            return  # Input types it, at once
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()  # done: not again when it reaches the app
                return

    def replace(self, text: str, start: int, end: int) -> None:
        """Every edit (a key, a paste) lands here: the text is made inert first."""
        text = inert(text, keep_newlines=False)
        start, end = sorted((max(0, start), min(len(self.value), end)))
        length = len(self.value) - (end - start) + len(text)
        if self.max_length and length > self.max_length:
            self.post_message(self.TooLong(length, self.max_length))
            return
        super().replace(text, start, end)


class FunctionInput(InertInput):
    """The box where the learner types a function of their own; Esc (named on the key bar)
    closes it and keeps the function shown before."""

    BINDINGS: ClassVar = [Binding("escape", "cancel", "keep the old one")]

    class Cancelled(Message):
        """Posted when the learner leaves the box with Esc."""

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())
