"""Keeping a saved progress file within what loading reads: what gives way, in order, when the
progress would outgrow the limit of a save.

A load reads at most 1 MiB (gradtui/progress.py); a save writes at most half that, so the file
stays well under the cap however much a learner answers. When the whole would not fit, these
give way one after another until it does, least missed first:

1. the text of each answer to a check beyond its first SHORT_ANSWER_CHARS characters;
2. the functions the learner typed into scenes (the lesson's own are shown instead);
3. the text of the answers (whether each was right, and in how many tries, is kept);
4. the lessons with the fewest steps seen (never the last lesson opened);
5. the answers and steps seen of what is left (where the learner is in each lesson is kept);
6. everything (only a file far from anything gradtui writes comes to this).

Works on the file's JSON shape (records as read, whatever their fields), never on the
session's own progress: the learner's answers stay on screen for the rest of the session.
Never imports Textual.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

SHORT_ANSWER_CHARS = 20  # of an answer kept once the whole no longer fits


def encode(data: dict[str, Any]) -> str:
    """A progress file's text (ASCII, so its length in characters is its size in bytes)."""
    return json.dumps(data, indent=1, sort_keys=True)


def fitted(data: dict[str, Any], limit: int) -> tuple[str, str | None]:
    """The text of `data` in at most `limit` bytes, and what gave way to fit it (None when
    nothing had to)."""
    text = encode(data)
    if len(text) <= limit:
        return text, None
    for shrink, what in GIVE_WAY:
        data = shrink(data, limit)
        text = encode(data)
        if len(text) <= limit:
            return text, what
    raise AssertionError("the last thing to give way leaves an empty file")  # pragma: no cover


def _lessons(data: dict[str, Any]) -> dict[str, Any]:
    lessons = data.get("lessons")
    return lessons if isinstance(lessons, dict) else {}


def _with_lessons(data: dict[str, Any], lessons: dict[str, Any]) -> dict[str, Any]:
    return {**data, "lessons": lessons}


def _each_record(data: dict[str, Any], change: Callable[[dict], dict]) -> dict[str, Any]:
    """`data` with `change` applied to every lesson record that is a table."""
    return _with_lessons(
        data,
        {
            key: change(record) if isinstance(record, dict) else record
            for key, record in _lessons(data).items()
        },
    )


def _each_answer(data: dict[str, Any], change: Callable[[str], str]) -> dict[str, Any]:
    """`data` with `change` applied to the text of every saved answer."""

    def outcome(check: Any) -> Any:
        if isinstance(check, dict) and isinstance(check.get("answer"), str):
            return {**check, "answer": change(check["answer"])}
        return check

    def record(lesson: dict) -> dict:
        checks, aside = lesson.get("checks"), lesson.get("unplaced_checks")
        if isinstance(checks, dict):
            lesson = {**lesson, "checks": {step: outcome(c) for step, c in checks.items()}}
        if isinstance(aside, list):  # outcomes kept aside (their checks moved or went)
            lesson = {**lesson, "unplaced_checks": [outcome(c) for c in aside]}
        return lesson

    return _each_record(data, record)


def _short_answers(data: dict[str, Any], limit: int) -> dict[str, Any]:
    return _each_answer(data, lambda answer: answer[:SHORT_ANSWER_CHARS])


FUNCTION_FIELDS = ("functions", "function_scenes", "unplaced_functions")  # typed functions


def _no_functions(data: dict[str, Any], limit: int) -> dict[str, Any]:
    return _each_record(
        data, lambda lesson: {k: v for k, v in lesson.items() if k not in FUNCTION_FIELDS}
    )


def _no_answers(data: dict[str, Any], limit: int) -> dict[str, Any]:
    return _each_answer(data, lambda answer: "")


def _seen_count(record: Any) -> int:
    seen = record.get("seen") if isinstance(record, dict) else None
    return len(seen) if isinstance(seen, list) else 0


def _fewer_lessons(data: dict[str, Any], limit: int) -> dict[str, Any]:
    """The most lessons that fit, the last one opened first, then by steps seen: the largest
    number of them that fits is found by halving (a few encodings, whatever the count)."""
    lessons = _lessons(data)
    last = data.get("last_lesson")
    order = sorted(lessons, key=lambda key: (key != last, -_seen_count(lessons[key]), key))

    def first(count: int) -> dict[str, Any]:
        return _with_lessons(data, {key: lessons[key] for key in order[:count]})

    low, high = 0, len(order)  # first(low) fits, or low is 0
    while low < high:
        middle = (low + high + 1) // 2
        if len(encode(first(middle))) <= limit:
            low = middle
        else:
            high = middle - 1
    return first(max(low, 1) if order else 0)


def _bare_records(data: dict[str, Any], limit: int) -> dict[str, Any]:
    def bare(lesson: dict) -> dict:
        return {k: lesson[k] for k in ("step", "steps", "done") if k in lesson}

    return _each_record(data, bare)


def _nothing(data: dict[str, Any], limit: int) -> dict[str, Any]:
    return {"version": data.get("version"), "last_lesson": None, "lessons": {}}


# What gives way, in order, each with what the learner is told has gone once it had to.
GIVE_WAY: tuple[tuple[Callable[[dict[str, Any], int], dict[str, Any]], str], ...] = (
    (_short_answers, f"answers are kept to their first {SHORT_ANSWER_CHARS} characters"),
    (_no_functions, "answers are kept short and the functions typed into scenes are not kept"),
    (_no_answers, "answers are kept as right or wrong, without their text"),
    (_fewer_lessons, "the lessons with the fewest steps seen are not kept"),
    (_bare_records, "only where you are in each lesson is kept"),
    (_nothing, "none of it could be kept"),
)
