"""The end of a lesson: what the learner did (steps, checks right of asked) and where to go
next: Enter opens the next lesson, Esc the lesson picker, ← goes back to the last step."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from gradtui.views.text import as_text


@dataclass(frozen=True)
class LessonSummary:
    """What the end-of-lesson screen says: plain data, worked out by the app."""

    title: str
    steps: int
    checks_asked: int
    checks_right: int
    next_title: str | None  # None when this was the last lesson of the folder

    def lines(self) -> list[str]:
        """The summary in words, a sentence a line."""
        lines = [f"You reached the end of “{self.title}” ({self.steps} steps)."]
        if self.checks_asked:
            lines.append(f"Checks: {self.checks_right} right of {self.checks_asked} answered.")
        else:
            lines.append("You answered none of its checks yet: they are worth a try.")
        if self.next_title is not None:
            lines.append(f"Next: “{self.next_title}”. Press enter to go on.")
        else:
            lines.append("That was the last lesson here.")
        lines.append("esc: the lessons · ←: back to the last step · q: quit")
        return lines


class LessonDoneScreen(ModalScreen[str]):
    """Dismissed with "next", "picker" or "back"; the app acts on the answer."""

    BINDINGS = [
        Binding("enter,n,right", "choose('next')", "next lesson", show=False),
        Binding("escape", "choose('picker')", "lessons", show=False),
        Binding("left,p,backspace", "choose('back')", "back", show=False),
    ]

    DEFAULT_CSS = """
    LessonDoneScreen { align: center middle; }
    LessonDoneScreen > Vertical {
        width: 70;
        max-width: 100%;
        height: auto;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    """

    def __init__(self, summary: LessonSummary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        ascii = getattr(self.app, "ascii", False)
        with Vertical():
            yield Static(as_text("\n".join(self.summary.lines()), ascii), id="done-text")

    @property
    def text(self) -> str:
        """What the screen says, as plain text (for tests and screen readers)."""
        return "\n".join(self.summary.lines())

    def action_choose(self, where: str) -> None:
        if where == "next" and self.summary.next_title is None:
            where = "picker"
        self.dismiss(where)
