"""A step's prose as a widget: the blocks from gradtui.prose, styled with Rich.

Styles carry emphasis only; the words carry the meaning, so no-colour terminals lose nothing.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from gradtui.prose import parse_prose
from gradtui.views.text import as_text

SPAN_STYLES = {"": "", "bold": "bold", "italic": "italic", "code": "bold", "link": "underline"}


def prose_text(markdown: str, ascii: bool = False) -> Text:
    """Markdown prose as Rich Text, every piece through `as_text`: never markup, links shown
    as their text and address (never a terminal hyperlink)."""
    text = Text()
    previous = ""
    for block in parse_prose(markdown):
        if text and not (previous == "item" and block.kind == "item"):
            text.append("\n")
        previous = block.kind
        if block.kind == "heading":
            text.append(as_text(block.text, ascii, "bold underline"))
        elif block.kind == "code":
            text.append(as_text(block.text, ascii, "bold"))
        else:
            text.append(as_text(block.prefix, ascii))
            for content, style in block.spans:
                if block.kind == "quote":
                    style = style or "italic"
                text.append(as_text(content, ascii, SPAN_STYLES.get(style, "")))
        text.append("\n")
    text.rstrip()
    return text


class Prose(Static):
    """A step's prose, wrapped to the width it is given."""

    DEFAULT_CSS = """
    Prose {
        width: 1fr;
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, markdown: str, *, ascii: bool = False, **kwargs) -> None:
        super().__init__(prose_text(markdown, ascii), **kwargs)
        self.markdown = markdown
