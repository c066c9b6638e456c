"""Blocks of plain text lines that repaint only what changed: the bandwidth-saving way to animate.

Textual repaints a widget's whole region on `refresh()`. Scenes that animate (a plot
redrawn ten times a second) would then resend every cell each frame, which is heavy over
SSH. `FrameCanvas` keeps the last lines it showed and refreshes just the changed span of each
row, and can mark one span in reverse video; `PanelBoard` shows a scene's `Frame` as separately
placed `FrameCanvas` panels, so numbers that change every frame repaint on their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.app import RenderResult
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from gradtui.textsafe import inert

if TYPE_CHECKING:
    from gradtui.scenes.kit.layout import Frame

Highlight = tuple[int, int, int] | None  # (row, first column, end column)
_REVERSE = Style(reverse=True)  # the marked span: visible without colour


def changed_span(before: str, after: str) -> tuple[int, int] | None:
    """The columns [start, end) where two rows differ, or None when they are the same."""
    if before == after:
        return None
    width = max(len(before), len(after))
    before, after = before.ljust(width), after.ljust(width)
    start = 0
    while start < width and before[start] == after[start]:
        start += 1
    end = width
    while end > start and before[end - 1] == after[end - 1]:
        end -= 1
    return (start, end) if end > start else None


class FrameCanvas(Widget):
    """Plain text lines; a changed row repaints only up to the end of its changed span.

    Textual resends a refreshed row from the widget's left edge to the end of the refreshed
    region, so refreshing just the changed columns, in a narrow widget (one panel), keeps an
    animation light over SSH. One span (the running loop line) may be shown in reverse video;
    the text itself carries the meaning, since colour can be off.
    """

    DEFAULT_CSS = """
    FrameCanvas {
        height: auto;
        width: 1fr;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._lines: list[str] = []
        self._highlight: Highlight = None

    @property
    def lines(self) -> list[str]:
        """The lines currently shown."""
        return list(self._lines)

    @property
    def text(self) -> str:
        """Everything shown, as one string (what a test or a screen reader would read)."""
        return "\n".join(self._lines)

    @property
    def highlight(self) -> Highlight:
        return self._highlight

    def show_frame(self, lines: list[str], highlight: Highlight = None) -> None:
        """Show `lines` with `highlight` in reverse video, refreshing only what changed."""
        lines = [line if line.isprintable() else inert(line, False) for line in lines]
        old, old_highlight = self._lines, self._highlight
        self._lines, self._highlight = lines, highlight
        if len(old) != len(lines):
            self.refresh(layout=True)
            return
        for row, (before, after) in enumerate(zip(old, lines, strict=True)):
            span = changed_span(before, after)
            if span is not None:
                self.refresh(Region(span[0], row, span[1] - span[0], 1))
        if old_highlight != highlight:
            for mark in (old_highlight, highlight):
                if mark is not None:
                    row, start, end = mark
                    self.refresh(Region(start, row, max(end - start, 1), 1))

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._lines)

    def get_content_width(self, container, viewport) -> int:
        return max((len(line) for line in self._lines), default=0)

    def render_line(self, y: int) -> Strip:
        width, style = self.size.width, self.rich_style
        if y >= len(self._lines):
            return Strip.blank(width, style)
        segments = self.segments_for(y, self._lines[y][:width], style)
        return Strip(segments).extend_cell_length(width, style)

    def segments_for(self, y: int, text: str, style: Style) -> list[Segment]:
        """How row `y` (its `text` already cut to the widget's width) is drawn."""
        if self._highlight is None or self._highlight[0] != y:
            return [Segment(text, style)] if text else []
        _, start, end = self._highlight
        text = text.ljust(end)[: self.size.width]
        segments = [
            Segment(text[:start], style),
            Segment(text[start:end], style + _REVERSE),
            Segment(text[end:], style),
        ]
        return [s for s in segments if s.text]


class PanelBoard(Widget):
    """Shows a scene `Frame`: one `FrameCanvas` per panel, placed where the frame says.

    Canvases are made the first time a panel name appears and kept; a panel missing from a
    frame is hidden. Geometry is touched only when it changes (a resize or a new layout), so
    an animation frame costs just the changed spans of each panel.
    """

    DEFAULT_CSS = """
    PanelBoard {
        height: 1fr;
        width: 1fr;
    }
    PanelBoard > FrameCanvas {
        position: absolute;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._canvases: dict[str, FrameCanvas] = {}
        self._geometry: dict[str, tuple[int, int, int] | None] = {}
        self.frame: Frame | None = None

    @property
    def text(self) -> str:
        """Everything shown, as plain text (what a user or a test reads)."""
        return "\n".join(self.frame.lines) if self.frame is not None else ""

    def render(self) -> RenderResult:
        """Blank behind the panels (and before the first frame, which Textual would fill with
        the widget's own name, "PanelBoard", as a lesson opens)."""
        return ""

    def show_frame(self, frame: Frame) -> None:
        self.frame = frame
        shown = set()
        for panel in frame.panels:
            shown.add(panel.name)
            canvas = self._canvases.get(panel.name)
            if canvas is None:
                canvas = self._canvases[panel.name] = FrameCanvas()
                self.mount(canvas)
            geometry = (panel.x, panel.y, panel.width)
            if self._geometry.get(panel.name) != geometry:
                self._geometry[panel.name] = geometry
                canvas.styles.offset = (panel.x, panel.y)
                canvas.styles.width = panel.width
                canvas.display = True
            canvas.show_frame(list(panel.lines), panel.highlight)
        for name, canvas in self._canvases.items():
            if name not in shown and self._geometry.get(name) is not None:
                self._geometry[name] = None
                canvas.display = False
                canvas.show_frame([], None)


__all__ = ["FrameCanvas", "Highlight", "PanelBoard", "changed_span"]
