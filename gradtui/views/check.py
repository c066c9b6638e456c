"""A predict-then-check question: the learner commits to an answer before it is revealed.

Number questions take a typed number (or a small expression such as `1/3`, read by the
project's safe math engine); choice questions take a pick from the options. A wrong answer
shows the script's hint and allows another try; the answer is revealed after the second
wrong try or on request; a check that names the step teaching it (`see`) then offers the jump
(o). The panel shows a `CheckState` (gradtui/grading.py), which grades, counts the tries and
says the verdict, the same in the line mode; the state is the lesson session's, so a check
keeps its verdict while the learner is elsewhere.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static

from gradtui.grading import Answered, CheckState, HowTo
from gradtui.script.model import CheckSpec
from gradtui.views.inputs import InertInput
from gradtui.views.options import MarkedOptionList
from gradtui.views.text import as_text

MAX_ANSWER_LENGTH = 60

# How the terminal names what to do after an answer: its keys (the line mode types commands).
TERMINAL_HOW = HowTo(
    submit="press Enter",
    try_again="Try again ({another}), or ctrl+r to reveal.",
    go_see="press o to go there, backspace to come back",
)


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
        """Posted when the learner answers or gives up: what is offered next changes."""

    def __init__(self, state: CheckState, *, ascii: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.answering = state
        self.ascii = ascii
        self.graded = False  # the box holds an answer already graded: typing starts afresh

    @property
    def check(self) -> CheckSpec:
        return self.answering.check

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
        found = self.query("#check-options").results(MarkedOptionList)
        options = next(found, None)  # none: the step was taken down while it mounted
        if options is not None:
            options.set_prompts(
                [self._shown(f"{n}. {text}") for n, text in enumerate(self.check.options, 1)],
                [f"option-{n}" for n in range(1, len(self.check.options) + 1)],
            )
            options.highlighted = 0

    def _first_verdict(self) -> Text:
        """The verdict the check holds (the learner answered while the step was built
        before), else what they answered last time (from the progress file: shown as text)."""
        if self.answering.said:
            return self._shown(self.answering.said)
        if self.answering.last_time:
            return self._shown(f"{self.answering.last_time} Try again if you like.")
        return self._shown("")

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
        answered = self.answering.answer(event.value)
        if answered.correct is None:  # not a number: said, and not graded
            self._say(answered.said)
            return
        self._conclude(answered)

    @on(OptionList.OptionSelected, "#check-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._conclude(self.answering.pick(event.option_index))

    def _conclude(self, answered: Answered) -> None:
        """Say the verdict, and give the keys back to the lesson (→ steps on at once); after
        a wrong pick the options keep them, for another."""
        self.graded = True
        self._say(answered.said)
        self.post_message(self.Answered())
        if answered.correct or not self.check.is_choice:
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
        self._conclude(self.answering.pick(number - 1))

    def action_reveal(self) -> None:
        """Show the answer without grading (the learner gave up); the keys go back to the
        lesson."""
        self._say(self.answering.reveal())
        self.graded = True
        self.post_message(self.Answered())
        self.action_leave()

    class Left(Message):
        """Posted when the learner leaves the answer box: the screen takes the keys back."""

    def action_leave(self) -> None:
        """Give the keys back to the lesson (so → and ← step again)."""
        self.post_message(self.Left())
