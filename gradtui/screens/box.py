"""A modal screen whose text sits in a centred box that scrolls when it is taller than the
terminal: the help and the end of a lesson are shown in one."""

from __future__ import annotations

from textual.screen import ModalScreen


class BoxScreen(ModalScreen):
    """A modal holding one VerticalScroll, drawn as a round-bordered box in the middle."""

    DEFAULT_CSS = """
    BoxScreen { align: center middle; }
    BoxScreen > VerticalScroll {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    """
