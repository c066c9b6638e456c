"""Grading a predict-then-check answer, as the check widget and `gradtui print` use it."""

from __future__ import annotations

from gradtui.grading import answer_text, grade_choice, grade_number, reveal_text
from gradtui.script.model import CheckSpec

NUMBER = CheckSpec(question="slope at 3?", answer=6.0, tolerance=0.05)
CHOICE = CheckSpec(question="which way?", answer=0, options=("uphill", "downhill"))


def test_numbers_within_tolerance_and_small_expressions_count():
    assert grade_number(NUMBER, "6").correct
    assert grade_number(NUMBER, " 6.04 ").correct
    assert grade_number(NUMBER, "2*3").correct
    assert not grade_number(NUMBER, "6.1").correct


def test_unreadable_answers_are_not_graded():
    for typed in ("", "six", "1/0", "x"):
        grade = grade_number(NUMBER, typed)
        assert not grade.correct and not grade.readable, typed


def test_choices_and_the_reveal():
    assert grade_choice(CHOICE, 0).correct
    assert not grade_choice(CHOICE, 1).correct
    assert answer_text(CHOICE) == "uphill"
    assert answer_text(NUMBER) == "6 (within 0.05)"


def test_a_revealed_option_is_quoted_as_the_verdicts_quote_it():
    """Lesson 4's wild-loss check revealed "The answer is lower it.", an option run into the
    sentence; "Right:" and "Not quite:" quote the option."""
    option = CheckSpec(question="?", answer=1, options=("raise it", "lower it"))
    assert reveal_text(option) == "The answer is “lower it”."
    assert reveal_text(NUMBER) == "The answer is 6 (within 0.05)."
