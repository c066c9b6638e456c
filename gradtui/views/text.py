"""The one way text from outside the program reaches Textual: inert, and never markup; and
`OneLine`, a row of such text that repaints only when it changes."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from gradtui.textsafe import for_terminal


def as_text(text: str, ascii: bool = False, style: str = "") -> Text:
    """`text` as the app hands it to Textual: made inert by `for_terminal`, in a Rich `Text`
    (in `style`, one of the program's own), which Textual shows as it is, never as markup."""
    return Text(for_terminal(text, ascii), style=style)


class OneLine(Static):
    """A widget one row high whose text is given whole (a header, the key bar, a mark). It
    repaints only when its text changes, and never asks for a new layout: its height is one
    row whatever it says. A step change sets several such lines; each unchanged one costs
    nothing, and a changed one repaints its own row instead of laying out the screen anew."""

    _shown: Text | None = None

    def show(self, text: Text) -> None:
        if text == self._shown:
            return
        self._shown = text
        self.update(text, layout=False)
