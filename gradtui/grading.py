"""Grading a predict-then-check answer, and what to say after it: pure logic, no Textual.

A `CheckState` is one check as a learner answers it, whichever the route: it grades, counts the
wrong tries, says the verdict (right: why; wrong: the hint, and from the second wrong try on
the answer itself; where the idea is taught), and knows whether the answer is on show yet. A
route names its own keys or commands in what is said (`HowTo`): the terminal "press o", the
line mode "type see". `gradtui print` states the answer with `answer_text`.
"""

from __future__ import annotations

import math
import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from gradtui.scenes.kit.numbers import number as format_number
from gradtui.script.model import CheckSpec

MAX_ANSWER_SHOWN = 60  # characters of a saved answer said back ("Last time you answered")
NOT_COUNTED = "(The answer was shown first, so it is not counted as right.)"


@dataclass(frozen=True)
class Grade:
    """The outcome of one answer: whether it was right, and what to tell the learner."""

    correct: bool
    message: str
    readable: bool = True  # False when the input could not be read as an answer at all


@dataclass(frozen=True)
class HowTo:
    """How a route tells the learner what to do after an answer, naming its own keys or
    commands: to send an answer, to try again (`{another}` says "pick another" or "type
    another number") or see the answer, and to go where the idea is taught."""

    submit: str  # "press Enter"
    try_again: str  # "Try again ({another}), or ctrl+r to reveal."
    go_see: str  # "press o to go there, backspace to come back"


NUMBER_STARTS = frozenset(string.digits + "+-.(")  # what a number or an expression begins with


@cache
def name_starts() -> frozenset[str]:
    """The first letters of the names a typed number may use: the parser's constants (pi, e)
    and functions (sqrt, abs, ...)."""
    from gradtui.calculus.autodiff import FUNCTIONS
    from gradtui.calculus.expr import CONSTANTS

    return frozenset(name[0] for name in (*CONSTANTS, *FUNCTIONS))


def begins_answer(character: str) -> bool:
    """Whether typing `character` can begin a number answer: a digit, a sign, a point, an
    opening parenthesis, or the first letter of a name the parser reads (`pi`, `e`, `sqrt`,
    `abs`...). The terminal opens the answer box with such a key (p, for pi, among them)."""
    return len(character) == 1 and (character in NUMBER_STARTS or character in name_starts())


def grade_number(check: CheckSpec, typed: str, submit: str = "press Enter") -> Grade:
    """Grade a typed number against the check's answer and tolerance (`submit` says how an
    answer is sent, for the learner who sent none)."""
    from gradtui.calculus.expr import ExprError, parse

    typed = typed.strip()
    if not typed:
        return Grade(False, f"Type a number first, then {submit}.", readable=False)
    try:
        value = float(parse(typed, variables=()).evaluate())
    except ExprError as error:
        return Grade(False, f"That is not a number I can read: {error}", readable=False)
    if not math.isfinite(value):
        return Grade(False, f"{typed} is not a finite number.", readable=False)
    tolerance = max(check.tolerance, 1e-9 * max(1.0, abs(check.answer)))
    if abs(value - check.answer) <= tolerance:
        return Grade(True, f"Right: {format_number(check.answer)}.")
    return Grade(False, f"Not quite: {format_number(value)} is not it.")


def grade_choice(check: CheckSpec, index: int) -> Grade:
    """Grade a picked option (by its index)."""
    if index == check.answer:
        return Grade(True, f"Right: “{check.options[index]}”.")
    return Grade(False, f"Not quite: “{check.options[index]}” is not it.")


def answer_text(check: CheckSpec) -> str:
    """The right answer, in words, for the reveal."""
    if check.is_choice:
        return check.options[int(check.answer)]
    answer = format_number(check.answer)
    if check.tolerance:
        return f"{answer} (within {format_number(check.tolerance)})"
    return answer


def reveal_text(check: CheckSpec) -> str:
    """The answer, and why, for a learner who gave up or tried twice."""
    answer = f"“{answer_text(check)}”" if check.is_choice else answer_text(check)
    text = f"The answer is {answer}."
    return f"{text} {check.explain}" if check.explain else text


def see_text(check: CheckSpec, how: HowTo) -> list[str]:
    """Where the check's idea is taught and how to go there (nothing if the check says not)."""
    if check.see is None:
        return []
    return [f"It is taught in {check.see.describe()}: {how.go_see}."]


def reply(check: CheckSpec, grade: Grade, wrong_tries: int, how: HowTo) -> str:
    """What to say after an answer: when right, the message and why; when wrong, the message
    and the hint and how to try again, or from the second wrong try on the answer itself; and
    where the idea is taught. `wrong_tries` counts the wrong answers so far, this one
    included."""
    if grade.correct:
        return f"{grade.message} {check.explain}".strip()
    if wrong_tries >= 2:
        parts = [grade.message, reveal_text(check)]
    else:
        another = "pick another" if check.is_choice else "type another number"
        hint = [f"Hint: {check.hint}"] if check.hint else []
        parts = [grade.message, *hint, how.try_again.format(another=another)]
    return " ".join([*parts, *see_text(check, how)])


@dataclass
class Answered:
    """What came of an answer: right or wrong (None: it could not be read, and was not
    graded), and what to say."""

    correct: bool | None
    said: str


@dataclass
class CheckState:
    """One check as the learner answers it: its wrong tries, whether the last answer missed
    (or the answer was revealed), whether the right answer is on show, and the last verdict.
    Each graded answer is handed to `record`, and each time the answer is shown without the
    learner having given it (`reveal`, or the second wrong try) `record_reveal` is told: the
    lesson session saves both."""

    check: CheckSpec
    how: HowTo
    previous: dict[str, Any] | None = None  # last time's saved outcome, if any
    record: Callable[[str, bool], None] | None = None
    record_reveal: Callable[[], None] | None = None
    wrong_tries: int = 0
    missed: bool = False
    answer_known: bool = False  # the right answer is on show: nothing is left to reveal
    revealed: bool = False  # the answer was shown before the learner gave it (now or before)
    said: str = ""  # the last verdict ("" before any)

    def __post_init__(self) -> None:
        if self.previous and self.previous.get("correct") is True:
            self.answer_known = True
        if self.previous and self.previous.get("revealed") is True:
            self.revealed = True

    @property
    def last_time(self) -> str:
        """What the learner answered last time ("" if never): 'Last time you answered "6":
        right.'"""
        if not self.previous:
            return ""
        revealed = self.previous.get("revealed") is True
        if not self.previous.get("tries"):
            return "Last time you asked to see the answer."
        outcome = "right" if self.previous.get("correct") is True else "not right"
        if outcome == "right" and revealed:
            outcome = "right, after the answer was shown"
        answer = str(self.previous.get("answer", ""))[:MAX_ANSWER_SHOWN]
        return f'Last time you answered "{answer}": {outcome}.'

    def answer(self, typed: str) -> Answered:
        """Grade a typed number (a number check)."""
        grade = grade_number(self.check, typed, self.how.submit)
        if not grade.readable:
            return Answered(None, grade.message)
        return self._graded(typed.strip(), grade)

    def pick(self, index: int) -> Answered:
        """Grade the option at `index` (a choice check, counting from 0)."""
        return self._graded(self.check.options[index], grade_choice(self.check, index))

    def _graded(self, answer: str, grade: Grade) -> Answered:
        if grade.correct:
            self.answer_known = True
        else:
            self.wrong_tries += 1
            self.answer_known = self.answer_known or self.wrong_tries >= 2
        self.missed = not grade.correct
        if self.record is not None:
            self.record(answer, grade.correct)
        self.said = reply(self.check, grade, self.wrong_tries, self.how)
        if grade.correct and self.revealed:
            self.said += f" {NOT_COUNTED}"
        if not grade.correct and self.wrong_tries >= 2:  # the reply shows the answer
            self._shown()
        return Answered(grade.correct, self.said)

    def reveal(self) -> str:
        """The answer without grading (the learner gave up), and where it is taught."""
        self.missed = True
        self.answer_known = True
        self.said = " ".join([reveal_text(self.check), *see_text(self.check, self.how)])
        self._shown()
        return self.said

    def _shown(self) -> None:
        self.revealed = True
        if self.record_reveal is not None:
            self.record_reveal()
