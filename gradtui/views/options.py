"""A list of options whose highlighted one is marked in text as well as in colour, so the
choice shows without colour (NO_COLOR, a monochrome console, a screen reader's braille line)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

MARK, ASCII_MARK, NO_MARK = "▶ ", "> ", "  "


def marked(prompt: RenderableType, mark: str) -> RenderableType:
    """`prompt` with `mark` before its first line: a Group's first part marked; a text with
    the mark in front; anything else (a table, whose lines wrap under themselves) in a grid
    beside it."""
    if isinstance(prompt, Group):
        first, *rest = prompt.renderables
        return Group(marked(first, mark), *rest)
    if isinstance(prompt, Text):
        return Text(mark) + prompt
    beside = Table.grid()
    beside.add_column(no_wrap=True)
    beside.add_column()
    beside.add_row(Text(mark), prompt)
    return beside


class MarkedOptionList(OptionList):
    """Options given with `set_prompts`; the highlighted one starts with ▶ (> in ASCII)."""

    def __init__(self, *args, ascii: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.ascii = ascii
        self._prompts: list[RenderableType] = []
        self._marked_at: int | None = None

    def set_prompts(self, prompts: list[RenderableType], ids: list[str] | None = None) -> None:
        """Show these options, none marked until one is highlighted."""
        self._prompts = list(prompts)
        self._marked_at = None
        self.clear_options()
        for index, prompt in enumerate(self._prompts):
            option_id = ids[index] if ids else None
            self.add_option(Option(marked(prompt, NO_MARK), id=option_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """← and → scroll the list only when it is wider than its box: else they are not its
        keys (they step through the lesson, and the key bar says so)."""
        sideways = action in ("scroll_left", "scroll_right")
        return self.allow_horizontal_scroll or not sideways

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted == self._marked_at or not self._prompts:
            return
        if self._marked_at is not None and self._marked_at < len(self._prompts):
            self.replace_option_prompt_at_index(
                self._marked_at, marked(self._prompts[self._marked_at], NO_MARK)
            )
        if highlighted is not None and highlighted < len(self._prompts):
            mark = ASCII_MARK if self.ascii else MARK
            self.replace_option_prompt_at_index(
                highlighted, marked(self._prompts[highlighted], mark)
            )
        self._marked_at = highlighted
