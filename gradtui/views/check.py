"""A predict-then-check question: the learner commits to an answer before it is revealed.

Number questions take a typed number (or a small expression such as `1/3`, read by the
project's safe math engine); choice questions take a pick from the options. A wrong answer
shows the script's hint and allows another try; the answer is revealed after the second
wrong try or on request; a check that names the step teaching it (`see`) then offers the jump
(o). Grading lives in gradtui/grading.py, outside the widget.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static

from gradtui.grading import Grade, answer_text, grade_choice, grade_number
from gradtui.script.model import CheckSpec
from gradtui.views.inputs import InertInput
from gradtui.views.options import MarkedOptionList
from gradtui.views.text import as_text

MAX_ANSWER_LENGTH = 60


class AnswerInput(InertInput):
    """The answer box. While it is empty, ← → and backspace have nothing to edit, so they
    step through the lesson as they do everywhere else; once there is text they edit it.
    What is typed or pasted is made inert (see `InertInput`).
    """

    class Step(Message):
        """Asks the lesson to move by `direction` steps."""

        def __init__(self, direction: int) -> None:
            super().__init__()
            self.direction = direction

    def action_cursor_left(self, select: bool = False) -> None:
        if self.value or select:
            super().action_cursor_left(select)
        else:
            self.post_message(self.Step(-1))

    def action_cursor_right(self, select: bool = False) -> None:
        if self.value or select:
            super().action_cursor_right(select)
        else:
            self.post_message(self.Step(1))

    def action_delete_left(self) -> None:
        if self.value:
            super().action_delete_left()
        else:
            self.post_message(self.Step(-1))


class CheckPanel(Vertical):
    """The question, a place to answer, and the verdict."""

    DEFAULT_CSS = """
    CheckPanel {
        height: auto;
        padding: 0 1;
        border-top: dashed $accent;
    }
    CheckPanel > Input { width: 30; height: 3; }
    CheckPanel > OptionList { height: auto; max-height: 8; width: 1fr; min-width: 20; }
    CheckPanel > .verdict { height: auto; }
    """

    BINDINGS = [Binding("escape", "leave", "leave the answer box", show=True)]

    class Answered(Message):
        """Posted when the learner answers, so the screen can save the outcome."""

        def __init__(self, answer: str, correct: bool) -> None:
            super().__init__()
            self.answer = answer
            self.correct = correct

    def __init__(
        self, check: CheckSpec, *, ascii: bool = False, previous: dict | None = None, **kwargs
    ) -> None:
        super().__init__(**kwargs)
        self.check = check
        self.ascii = ascii
        self.previous = previous
        self.wrong_tries = 0
        self.graded = False  # the box holds an answer already graded: typing starts afresh
        self.missed = False  # the last answer was wrong, or the answer was revealed
        # The right answer is on screen (answered right, now or last time; or revealed):
        # ctrl+r has nothing left to reveal.
        self.answer_known = bool(previous and previous.get("correct") is True)

    def _shown(self, text: str) -> Text:
        return as_text(text, self.ascii)

    def compose(self) -> ComposeResult:
        yield Static(self._shown("Predict, then check: " + self.check.question), classes="question")
        if self.check.is_choice:
            yield MarkedOptionList(id="check-options", ascii=self.ascii)
        else:
            yield AnswerInput(
                placeholder="your answer, then Enter",
                select_on_focus=False,
                max_length=MAX_ANSWER_LENGTH,
                id="check-input",
            )
        yield Static(self._first_verdict(), classes="verdict", id="check-verdict")

    def on_mount(self) -> None:
        if self.check.is_choice:
            options = self.query_one("#check-options", MarkedOptionList)
            options.set_prompts(
                [self._shown(f"{n}. {text}") for n, text in enumerate(self.check.options, 1)],
                [f"option-{n}" for n in range(1, len(self.check.options) + 1)],
            )
            options.highlighted = 0

    def _first_verdict(self) -> Text:
        """What the learner answered last time (from the progress file: shown as text)."""
        if not self.previous:
            return self._shown("")
        outcome = "right" if self.previous.get("correct") is True else "not right"
        answer = str(self.previous.get("answer", ""))[:MAX_ANSWER_LENGTH]
        return self._shown(f'Last time you answered "{answer}": {outcome}. Try again if you like.')

    @property
    def answer_box(self) -> AnswerInput | OptionList:
        """The widget that takes the answer (focused when the step opens)."""
        return self.query_one("#check-options, #check-input")

    @property
    def verdict(self) -> str:
        return str(self.query_one("#check-verdict", Static).content)

    def _say(self, text: str) -> None:
        self.query_one("#check-verdict", Static).update(self._shown(text))

    @on(AnswerInput.TooLong)
    def _too_long(self, event: AnswerInput.TooLong) -> None:
        event.stop()
        self._say(
            f"An answer can be at most {event.limit} characters; that would make "
            f"{event.length}. Nothing was added."
        )

    @on(Input.Submitted, "#check-input")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        grade = grade_number(self.check, event.value)
        if not grade.readable:
            self._say(grade.message)
            return
        self._conclude(event.value.strip(), grade)

    @on(OptionList.OptionSelected, "#check-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        self._conclude(self.check.options[index], grade_choice(self.check, index))

    def _conclude(self, answer: str, grade: Grade) -> None:
        """Say the verdict, and give the keys back to the lesson (→ steps on at once)."""
        self.post_message(self.Answered(answer, grade.correct))
        self.graded = True
        self.missed = not grade.correct
        if grade.correct:
            self.answer_known = True
            parts = [grade.message]
            if self.check.explain:
                parts.append(self.check.explain)
            self._say(" ".join(parts))
            self.action_leave()
            return
        self.wrong_tries += 1
        parts = [grade.message]
        if self.check.hint:
            parts.append("Hint: " + self.check.hint)
        if self.wrong_tries >= 2:
            parts = [grade.message, self._reveal_text()]
            self.answer_known = True
        else:
            again = "pick another" if self.check.is_choice else "type another number"
            parts.append(f"Try again ({again}), or ctrl+r to reveal.")
        self._say(" ".join([*parts, *self._see_text()]))
        if not self.check.is_choice:  # an option list holds no keys the lesson needs
            self.action_leave()

    def start_answer(self, typed: str = "") -> None:
        """Put the keys into the answer box (a number check), starting with `typed`; an
        answer already graded is cleared first, so typing starts a new one."""
        box = self.query_one("#check-input", AnswerInput)
        if self.graded:
            box.value = ""
            self.graded = False
        self.screen.set_focus(box)  # at once: the next key (Enter, say) must find the box
        if typed:
            box.insert_text_at_cursor(typed)

    def pick(self, number: int) -> None:
        """Choose option `number` (counting from 1) and grade it, as a digit key does."""
        options = self.query_one("#check-options", OptionList)
        options.highlighted = number - 1
        self._conclude(self.check.options[number - 1], grade_choice(self.check, number - 1))

    def _see_text(self) -> list[str]:
        """Where the check's idea is taught, and the key that goes there (none if it says)."""
        see = self.check.see
        if see is None:
            return []
        return [f"It is taught in {see.describe()}: press o to go there, backspace to come back."]

    def _reveal_text(self) -> str:
        text = f"The answer is {answer_text(self.check)}."
        if self.check.explain:
            text += " " + self.check.explain
        return text

    def action_reveal(self) -> None:
        """Show the answer without grading (the learner gave up); the keys go back to the
        lesson."""
        self._say(" ".join([self._reveal_text(), *self._see_text()]))
        self.graded = True
        self.missed = True
        self.answer_known = True
        self.action_leave()

    class Left(Message):
        """Posted when the learner leaves the answer box: the screen takes the keys back."""

    def action_leave(self) -> None:
        """Give the keys back to the lesson (so → and ← step again)."""
        self.post_message(self.Left())
