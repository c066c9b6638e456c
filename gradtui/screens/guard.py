"""The size guard every screen carries: below 60×18 a plain notice replaces the screen.

The notice says what is needed and what there is; growing the terminal brings the screen
back as it was, since nothing is unmounted, only hidden.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen
from textual.widgets import Static

from gradtui.views.text import as_text

MIN_WIDTH = 60
MIN_HEIGHT = 18


def size_notice_text(width: int, height: int, ascii: bool = False) -> str:
    """What the notice says at a given terminal size."""
    times = "x" if ascii else "×"
    return f"terminal too small: need {MIN_WIDTH}{times}{MIN_HEIGHT}, have {width}{times}{height}"


def is_too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class SizeNotice(Static):
    """Shown instead of a screen's content when the terminal is too small."""

    # The rules that swap it in live in app.tcss: DEFAULT_CSS is scoped to this widget.
    DEFAULT_CSS = """
    SizeNotice {
        display: none;
        width: 1fr;
        height: 1fr;
    }
    """


class GuardedScreen(Screen):
    """A screen that swaps its `#main` for a SizeNotice when the terminal is too small.

    Subclasses compose a `SizeNotice` as a direct child and put their content in `#main`.
    """

    @property
    def ascii(self) -> bool:
        """Whether the app draws with ASCII only."""
        return getattr(self.app, "ascii", False)

    _focus_before_notice = None  # what had the keys when the notice hid the content

    @property
    def too_small(self) -> bool:
        """True while the size notice stands in for the screen: then only quitting (and
        resizing) does anything."""
        return self.has_class("-too-small")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Behind the size notice the screen's keys do nothing."""
        return not self.too_small

    def on_mount(self) -> None:
        self.apply_size_guard()

    def on_resize(self, event: events.Resize) -> None:
        self.apply_size_guard()

    def on_screen_resume(self) -> None:
        self.apply_size_guard()

    def apply_size_guard(self) -> None:
        width, height = self.app.size
        small = is_too_small(width, height)
        if small and not self.has_class("-too-small"):
            self._focus_before_notice = self.focused
        self.set_class(small, "-too-small")
        if small:
            for notice in self.query(SizeNotice):
                notice.update(as_text(size_notice_text(width, height, self.ascii), self.ascii))
        elif self._focus_before_notice is not None:
            # Hiding the content took the focus away; give it back (an answer box that lost
            # it would let a typed "n" step the lesson instead).
            widget, self._focus_before_notice = self._focus_before_notice, None
            self.call_after_refresh(self._refocus, widget)

    def _refocus(self, widget) -> None:
        if widget.is_attached and self.focused is None:
            widget.focus()
