"""A block of plain text lines that repaints only the lines that changed.

Textual repaints a widget's whole region on `refresh()`. Scenes that animate (a plot
redrawn ten times a second) would then resend every cell each frame, which is heavy over
SSH. `TextCanvas` keeps the last lines it showed and refreshes just the rows that differ.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget


class TextCanvas(Widget):
    """Shows a list of plain text lines; `show(lines)` updates only the rows that differ.

    `styles_for` may be overridden (or `line_style` set) to colour characters; the text
    itself must carry the meaning, since colour can be off.
    """

    DEFAULT_CSS = """
    TextCanvas {
        height: auto;
        width: 1fr;
    }
    """

    def __init__(self, lines: list[str] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self._lines: list[str] = list(lines or [])

    @property
    def lines(self) -> list[str]:
        """The lines currently shown."""
        return list(self._lines)

    @property
    def text(self) -> str:
        """Everything shown, as one string (what a test or a screen reader would read)."""
        return "\n".join(self._lines)

    def show(self, lines: list[str]) -> None:
        """Show `lines`, refreshing only rows whose text changed (or the whole widget if the
        number of lines changed)."""
        lines = [_printable(line) for line in lines]
        old = self._lines
        self._lines = lines
        if len(old) != len(lines):
            self.refresh(layout=True)
            return
        width = max(self.size.width, 1)
        for row, (before, after) in enumerate(zip(old, lines, strict=True)):
            if before != after:
                self.refresh(Region(0, row, width, 1))

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._lines)

    def get_content_width(self, container, viewport) -> int:
        return max((len(line) for line in self._lines), default=0)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        text = self._lines[y][:width]
        style = self.rich_style
        segments = [Segment(text, style)] if text else []
        return Strip(segments).extend_cell_length(width, style)


def _printable(line: str) -> str:
    """Drop control characters so content can never send an escape sequence."""
    return "".join(ch if ch.isprintable() else " " for ch in line)


__all__ = ["TextCanvas", "Style"]
