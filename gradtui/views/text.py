"""The one way text from outside the program reaches Textual: inert, and never markup."""

from __future__ import annotations

from rich.text import Text

from gradtui.textsafe import for_terminal


def as_text(text: str, ascii: bool = False, style: str = "") -> Text:
    """`text` as the app hands it to Textual: made inert by `for_terminal`, in a Rich `Text`
    (in `style`, one of the program's own), which Textual shows as it is, never as markup."""
    return Text(for_terminal(text, ascii), style=style)
