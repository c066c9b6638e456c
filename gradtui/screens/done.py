"""The end of a lesson: what the learner did (steps, the checks' score and the ones missed) and
where to go next: Enter opens the next lesson, Esc the lesson picker, ← goes back to the last
step, and a missed check's number opens the step that teaches it (⌫ there returns to the
question, to try it again)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from gradtui.course import Missed, QuizScore
from gradtui.screens.box import BoxScreen
from gradtui.textsafe import for_terminal, shortened
from gradtui.views.text import as_text

MAX_JUMPS = 9  # missed checks that get a number key
QUESTION_CHARS = 70  # of a missed check's question, as quoted
HANGING = "     "  # the indent of a missed check's wrapped lines
WIDTH = 72  # the lines at most: BoxScreen's 76 columns less its border and padding


@dataclass(frozen=True)
class LessonEnd:
    """What the end-of-lesson screen says: plain data, worked out by the app."""

    title: str
    steps: int
    steps_seen: int
    score: QuizScore
    next_title: str | None  # None when this was the last lesson of the folder

    def lines(self, width: int = WIDTH, ascii: bool = False) -> list[str]:
        """The end in words wrapped to `width` (as the terminal will show it): a sentence a
        paragraph, then the checks missed, each numbered with its wrapped lines hanging
        under it."""
        lines: list[str] = []
        for paragraph in map(lambda text: for_terminal(text, ascii), self.paragraphs()):
            hanging = HANGING if paragraph.startswith(" ") else ""  # a missed check's
            wrapped = textwrap.wrap(paragraph, max(width, 20), subsequent_indent=hanging)
            lines += wrapped or [""]
        return lines

    def paragraphs(self) -> list[str]:
        """What it says, a paragraph each; a missed check's starts with spaces."""
        seen = f"{self.steps_seen} of {self.steps} steps seen"
        out = [f"You reached the end of “{self.title}”: {seen}.", *self._score()]
        if self.next_title is not None:
            out.append(f"Next: “{self.next_title}”. Press enter to go on.")
        else:
            out.append("That was the last lesson here.")
        out.append("esc: the lessons · ←: back to the last step · q: quit")
        return out + self._missed()

    def _score(self) -> list[str]:
        score = self.score
        if not score.asked:
            return []
        if not score.answered:
            return [f"You answered none of its {score.asked} checks yet: they are worth a try."]
        first = f"{score.first_try} at the first try"
        return [f"Checks: {score.right} right of {score.asked}, {first}."]

    def _missed(self) -> list[str]:
        missed = self.jumps
        if not missed:
            return []
        out = ["", "Not right yet: press a number to go where it is taught (backspace there "
               "brings you to the question, to try again)."]  # fmt: skip
        out += [missed_words(number, one) for number, one in enumerate(missed, 1)]
        if len(self.score.missed) > MAX_JUMPS:
            out.append(f"  and {len(self.score.missed) - MAX_JUMPS} more, at their steps.")
        return out

    @property
    def jumps(self) -> tuple[Missed, ...]:
        """The missed checks a number key reaches, in order (none before any is answered)."""
        return self.score.missed[:MAX_JUMPS] if self.score.answered else ()


def missed_words(number: int, missed: Missed) -> str:
    """One missed check: its number, step and question, the learner's answer and where it is
    taught (its own step when the check does not say)."""
    question = shortened(missed.question, QUESTION_CHARS)
    answer = f"you said {shortened(missed.answer, 20)}" if missed.answered else "not answered"
    where = missed.see.describe() if missed.see is not None else f"step {missed.step}"
    return f"{number:>3}. step {missed.step}: {question} ({answer}) → {where}"


class LessonDoneScreen(BoxScreen):
    """Dismissed with "next", "picker", "back" or "missed:N" (the Nth missed check, from 1);
    the app acts on the answer."""

    BINDINGS = [
        Binding("enter,n,right", "choose('next')", "next lesson", show=False),
        Binding("escape", "choose('picker')", "lessons", show=False),
        Binding("left,p,backspace", "choose('back')", "back", show=False),
    ]

    def __init__(self, end: LessonEnd) -> None:
        super().__init__()
        self.end = end

    def compose(self) -> ComposeResult:
        ascii = getattr(self.app, "ascii", False)
        with VerticalScroll():
            yield Static(as_text("\n".join(self.end.lines(ascii=ascii)), ascii), id="done-text")

    def on_resize(self) -> None:
        """Wrap to the box as it is (the missed checks' lines hang under their numbers)."""
        text = self.query_one("#done-text", Static)
        width = text.content_region.width or WIDTH
        ascii = getattr(self.app, "ascii", False)
        text.update(as_text("\n".join(self.end.lines(width, ascii)), ascii))

    @property
    def text(self) -> str:
        """What the screen says, as plain text (for tests and screen readers)."""
        return "\n".join(self.end.lines())

    def on_key(self, event: events.Key) -> None:
        character = event.character or ""
        if character.isdigit() and 1 <= int(character) <= len(self.end.jumps):
            event.stop()
            self.dismiss(f"missed:{character}")

    def action_choose(self, where: str) -> None:
        if where == "next" and self.end.next_title is None:
            where = "picker"
        self.dismiss(where)
