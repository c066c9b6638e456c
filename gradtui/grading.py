"""Grading a predict-then-check answer, and saying the right one: pure logic, no Textual.

The check widget grades with these; `gradtui print` states the answer with `answer_text`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from gradtui.scenes.kit.numbers import number as format_number
from gradtui.script.model import CheckSpec


@dataclass(frozen=True)
class Grade:
    """The outcome of one answer: whether it was right, and what to tell the learner."""

    correct: bool
    message: str
    readable: bool = True  # False when the input could not be read as an answer at all


def grade_number(check: CheckSpec, typed: str) -> Grade:
    """Grade a typed number against the check's answer and tolerance."""
    from gradtui.calculus.expr import ExprError, parse

    typed = typed.strip()
    if not typed:
        return Grade(False, "Type a number first, then press Enter.", readable=False)
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
