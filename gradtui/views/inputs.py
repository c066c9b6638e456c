"""A one-line box for what the learner types: the answer box and the scene's function box."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from gradtui.textsafe import inert


class InertInput(Input):
    """What is typed or pasted goes through `inert` before it is shown (a pasted control or
    bidi character becomes a visible U+FFFD), and an edit that would pass the length limit is
    refused with a message (`TooLong`) that says what the limit is."""

    class TooLong(Message):
        """Posted when an edit would make the text longer than the limit."""

        def __init__(self, length: int, limit: int) -> None:
            super().__init__()
            self.length = length
            self.limit = limit

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
