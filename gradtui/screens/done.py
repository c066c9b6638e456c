"""The end of a lesson: what the learner did (steps, the checks' score and the ones missed) and
where to go next: Enter opens the next lesson, Esc the lesson picker, ← goes back to the last
step, and a missed check's number opens the step that teaches it (⌫ there returns to the
question, to try it again)."""

from __future__ import annotations

import textwrap

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from gradtui.course import LessonEnd
from gradtui.screens.box import BoxScreen
from gradtui.textsafe import for_terminal
from gradtui.views.keybar import KeyBar
from gradtui.views.text import as_text

HANGING = "     "  # the indent of a missed check's wrapped lines
WIDTH = 72  # the lines at most: BoxScreen's 76 columns less its border and padding


def paragraphs(end: LessonEnd) -> list[str]:
    """What the end says in the terminal, a paragraph each (a missed check's starts with
    spaces): the summary, then the keys that go on from here, then the checks missed."""
    out = end.summary()
    if end.next_title is not None:
        out.append(f"Next: “{end.next_title}”. Press enter to go on.")
    else:
        out.append("That was the last lesson here.")
    out.append("esc: the lessons · ←: back to the last step · q: quit")
    if end.jumps:
        out += ["", "Not right yet: press a number to go where it is taught (backspace there "
                "brings you to the question, to try again)."]  # fmt: skip
    return out + end.missed_lines()


def end_lines(end: LessonEnd, width: int = WIDTH, ascii: bool = False) -> list[str]:
    """The end in words wrapped to `width` (as the terminal will show it): a sentence a
    paragraph, then the checks missed, each numbered with its wrapped lines hanging under it."""
    lines: list[str] = []
    for paragraph in (for_terminal(text, ascii) for text in paragraphs(end)):
        hanging = HANGING if paragraph.startswith(" ") else ""  # a missed check's
        wrapped = textwrap.wrap(paragraph, max(width, 20), subsequent_indent=hanging)
        lines += wrapped or [""]
    return lines


class LessonDoneScreen(BoxScreen):
    """Dismissed with "next", "picker", "back" or "missed:N" (the Nth missed check, from 1);
    the app acts on the answer. Its own key bar covers the lesson's (whose keys do not work
    here), and q quits, as it says (the app's q does not reach past this dialog)."""

    BINDINGS = [
        Binding("enter,n,right", "choose('next')", "next lesson", show=False),
        Binding("escape", "choose('picker')", "lessons", show=False),
        Binding("left,p,backspace", "choose('back')", "back", show=False),
        Binding("q", "app.quit", "quit", show=False),
    ]

    def __init__(self, end: LessonEnd) -> None:
        super().__init__()
        self.end = end

    def compose(self) -> ComposeResult:
        ascii = getattr(self.app, "ascii", False)
        with VerticalScroll():
            yield Static(
                as_text("\n".join(end_lines(self.end, ascii=ascii)), ascii), id="done-text"
            )
        yield KeyBar()

    def key_hints(self) -> list[tuple[str, str]]:
        """The key bar: the keys that go on from here, as the text says them."""
        key = self.app.get_key_display
        enter = key(Binding("enter", ""))
        if self.end.next_title is not None:
            hints = [(enter, "next lesson"), (key(Binding("left", "")), "last step")]
            hints.append(("esc", "lessons"))
        else:  # Enter too goes back to the lessons
            hints = [(f"{enter}/esc", "lessons"), (key(Binding("left", "")), "last step")]
        hints.append(("q", "quit"))
        count = len(self.end.jumps)
        if count:  # a missed check's number: the step that teaches it
            hints.append(("1" if count == 1 else f"1-{count}", "where it is taught"))
        return hints

    def on_resize(self) -> None:
        """Wrap to the box as it is (the missed checks' lines hang under their numbers)."""
        text = self.query_one("#done-text", Static)
        width = text.content_region.width or WIDTH
        ascii = getattr(self.app, "ascii", False)
        text.update(as_text("\n".join(end_lines(self.end, width, ascii)), ascii))

    @property
    def text(self) -> str:
        """What the screen says, as plain text (for tests and screen readers)."""
        return "\n".join(end_lines(self.end))

    def on_key(self, event: events.Key) -> None:
        character = event.character or ""
        if character.isdigit() and 1 <= int(character) <= len(self.end.jumps):
            event.stop()
            self.dismiss(f"missed:{character}")

    def action_choose(self, where: str) -> None:
        if where == "next" and self.end.next_title is None:
            where = "picker"
        self.dismiss(where)
