"""A step's prose as a widget: the blocks from gradtui.prose, styled with Rich.

Styles carry emphasis only; the words carry the meaning, so no-colour terminals lose nothing.
A link to a step is underlined and numbered, "the compass [1]": its number key follows it, and
Tab walks the step's links (the one reached is shown reversed) for Enter to follow; a click
on a link follows it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from gradtui.prose import Block, parse_prose
from gradtui.script.model import Link
from gradtui.views.text import as_text

SPAN_STYLES = {"": "", "bold": "bold", "italic": "italic", "code": "bold", "link": "underline"}


def link_number(index: int) -> str:
    """What follows a link's words: its key, " [1]"."""
    return f" [{index + 1}]"


class ProseView(Group):
    """The prose's renderables, one a block, and `text`: the same pieces as one Text, the
    blocks a line each (its `plain` and `spans`, and `str()`, are the prose's)."""

    def __init__(self, parts: list[Text | Table], text: Text) -> None:
        super().__init__(*parts)
        self.text = text
        self.plain, self.spans = text.plain, text.spans

    def __str__(self) -> str:
        return self.plain


def prose_text(
    markdown: str, ascii: bool = False, links: Sequence[Link] = (), current: int | None = None
) -> ProseView:
    """Markdown prose as Rich renderables, every piece through `as_text`: never markup. A
    link to a step (one of `links`) is underlined and numbered, the `current` one reversed;
    any other link is shown as its text and address (never a terminal hyperlink). A list
    item's wrapped lines hang under its words, not under its "-" or number."""
    number = {id(link): index for index, link in enumerate(links)}
    parts: list[Text | Table] = []
    whole = Text()
    previous = ""
    for block in parse_prose(markdown, links):
        if parts and not (previous == "item" and block.kind == "item"):
            parts.append(Text())
            whole.append("\n")
        previous = block.kind
        if block.kind in ("heading", "code"):
            style = "bold underline" if block.kind == "heading" else "bold"
            prefix, words = Text(), as_text(block.text, ascii, style)
        else:
            prefix, words = as_text(block.prefix, ascii), words_of(block, ascii, number, current)
        item = block.kind == "item" and block.prefix
        parts.append(hanging(prefix, words) if item else prefix + words)
        whole.append(prefix + words)
        whole.append("\n")
    whole.rstrip()
    return ProseView(parts, whole)


def hanging(prefix: Text, words: Text) -> Table:
    """`prefix` ("- ", "2. ") then `words`, wrapped so that their lines start under the first
    word."""
    grid = Table.grid(expand=True)
    grid.add_column(width=prefix.cell_len, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(prefix, words)
    return grid


def words_of(block: Block, ascii: bool, number: dict[int, int], current: int | None) -> Text:
    """A block's words, styled; a link numbered after its words, and answering a click."""
    text = Text()
    spans = block.spans
    for at, span in enumerate(spans):
        style = SPAN_STYLES.get(span.style, "")
        if block.kind == "quote":
            style = style or "italic"
        index = None if span.link is None else number.get(id(span.link))
        if index is not None and index == current:
            style = "reverse"
        start = len(text)
        text.append(as_text(span.text, ascii, style))
        last_of_link = at + 1 == len(spans) or spans[at + 1].link is not span.link
        if index is not None and last_of_link:
            text.append(as_text(link_number(index), ascii, "bold"))
        if index is not None:  # a click on its words or its number follows it
            text.stylize(Style.from_meta({"@click": f"follow_number({index})"}), start)
    return text


class Prose(Static):
    """A step's prose, wrapped to the width it is given. With links to steps it takes focus
    (Tab): Tab and shift+Tab walk its links, Enter follows the one reached."""

    DEFAULT_CSS = """
    Prose {
        width: 1fr;
        height: auto;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("enter", "follow", "follow the link"),
        Binding("tab", "walk(1)", "next link", show=False),
        Binding("shift+tab", "walk(-1)", "previous link", show=False),
    ]

    class Follow(Message):
        """Asks the lesson to follow `link`."""

        def __init__(self, link: Link) -> None:
            super().__init__()
            self.link = link

    def __init__(
        self, markdown: str, *, ascii: bool = False, links: Sequence[Link] = (), **kwargs
    ) -> None:
        super().__init__(prose_text(markdown, ascii, links), **kwargs)
        self.markdown = markdown
        self.ascii = ascii
        self.links = tuple(links)
        self.current: int | None = None  # the link reached with Tab
        self.can_focus = bool(self.links)

    def _show(self) -> None:
        shown = self.current if self.has_focus else None
        self.update(prose_text(self.markdown, self.ascii, self.links, shown))

    def on_focus(self) -> None:
        if self.current is None:
            self.current = 0
        self._show()

    def on_blur(self) -> None:
        self._show()

    def action_walk(self, direction: int) -> None:
        """To the next (or previous) link; past the last (or first), on to the next widget."""
        at = (self.current or 0) + direction
        if not 0 <= at < len(self.links):
            self.current = None
            if direction > 0:
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
            return
        self.current = at
        self._show()

    def action_follow(self) -> None:
        if self.current is not None and self.links:
            self.post_message(self.Follow(self.links[self.current]))

    def action_follow_number(self, index: int) -> None:
        """Follow link `index` (from 0): a click on it, as its number key does."""
        if isinstance(index, int) and 0 <= index < len(self.links):
            self.post_message(self.Follow(self.links[index]))
