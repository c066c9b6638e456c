"""The course as a whole: what the learner has done in each lesson of a folder, and how a
lesson's checks went.

The rules live here once: when a check counts as right (`counts_as_right`: right before its
answer was shown) and when a lesson is done (`lesson_done`: every step seen and every check
answered). `course_summary` is the one source of the numbers the picker, the line mode's list
and `gradtui progress` show (steps seen of total, checks right of asked, done, the lesson to go
on with); `quiz_score` gives a lesson's score and the checks it missed, each with the step that
teaches it, and `LessonEnd` says it at the end of a lesson (each route adds the keys or commands
that go on from there).
Pure functions over the catalog's entries, a parsed lesson and saved progress; and the link to
a step of a course served by `gradtui serve`. Never imports Textual.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from gradtui.progress import LessonProgress, Progress
from gradtui.script.catalog import LessonEntry, progress_key, real_path
from gradtui.textsafe import shortened

if TYPE_CHECKING:  # only named in annotations: the model loads when a lesson opens
    from gradtui.script.model import Lesson, Target

# --- the rules: a check right, a lesson done -------------------------------------------------

DONE_RULE = "every step seen and every check answered"  # what "done" means, in the picker's words


def answered(outcome: dict[str, Any] | None) -> bool:
    """Whether a saved check outcome holds an answer (a reveal alone is none)."""
    return outcome is not None and outcome.get("tries", 1) > 0


def counts_as_right(outcome: dict[str, Any] | None) -> bool:
    """Whether a check counts as right: its last answer was right, and given before the answer
    was shown (by ctrl+r or `reveal`, or after two wrong tries). Every count of checks right
    (the picker, `gradtui progress`, the end of a lesson, the last quiz) is this one."""
    return answered(outcome) and outcome.get("correct") is True and not outcome.get("revealed")


def lesson_done(steps: int, steps_seen: int, checks: int, checks_answered: int) -> bool:
    """Whether a lesson is done, as a learner means it (`DONE_RULE`): every one of its steps
    seen and every check answered, right or not. Reaching the last step is not enough."""
    return steps > 0 and steps_seen >= steps and checks_answered >= checks


def left_words(steps: int, steps_seen: int, checks: int, checks_answered: int) -> str:
    """What is left before a lesson is done: "11 steps not seen, 3 checks not answered"."""
    parts = []
    if steps_seen < steps:
        unseen = steps - steps_seen
        parts.append(f"{unseen} step{'' if unseen == 1 else 's'} not seen")
    if checks_answered < checks:
        waiting = checks - checks_answered
        parts.append(f"{waiting} check{'' if waiting == 1 else 's'} not answered")
    return ", ".join(parts)


# --- one lesson, and the course ---------------------------------------------------------------


@dataclass(frozen=True)
class LessonSummary:
    """What the learner has done in one lesson, as the picker and `gradtui progress` say it."""

    entry: LessonEntry
    key: str  # where its progress is saved
    steps: int  # the lesson's steps now
    steps_seen: int
    step: int  # the step to resume at (1 when not started)
    started: bool
    done: bool  # by `lesson_done`
    checks: int  # checks in the lesson ("asked")
    checks_answered: int
    checks_right: int  # by `counts_as_right`

    @property
    def left(self) -> str:
        """What is left before the lesson is done ("" when it is)."""
        return left_words(self.steps, self.steps_seen, self.checks, self.checks_answered)

    @property
    def resume_title(self) -> str:
        """The title of the step to resume at ("" when it has none)."""
        titles = self.entry.step_titles
        return titles[self.step - 1] if 0 < self.step <= len(titles) else ""


@dataclass(frozen=True)
class CourseSummary:
    """Every lesson's summary, the course's totals, and the lesson to go on with."""

    lessons: tuple[LessonSummary, ...]
    go_on_with: int | None  # index into `lessons` of the lesson to preselect, if any

    @property
    def lessons_done(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.done)

    @property
    def checks(self) -> int:
        return sum(lesson.checks for lesson in self.lessons)

    @property
    def checks_answered(self) -> int:
        return sum(lesson.checks_answered for lesson in self.lessons)

    @property
    def checks_right(self) -> int:
        return sum(lesson.checks_right for lesson in self.lessons)

    @property
    def next_lesson(self) -> LessonSummary | None:
        return None if self.go_on_with is None else self.lessons[self.go_on_with]


def lesson_summary(entry: LessonEntry, record: LessonProgress | None, key: str) -> LessonSummary:
    """One lesson's summary from its catalog entry and its saved record (None: not started).
    Only what fits the lesson as it is now counts: a step it no longer has, or an answer saved
    for a check it no longer has, does not; an answer whose check moved to another step is
    found there."""
    record = record or LessonProgress()
    steps = entry.step_count
    placed = record.placed_checks(entry.checks)  # found by their checks, wherever they moved
    outcomes = [placed.get(step) for step in entry.check_steps]
    checks_answered = sum(1 for outcome in outcomes if answered(outcome))
    steps_seen = record.steps_seen(steps)
    started = bool(record.seen) or record.steps > 0 or record.done
    return LessonSummary(
        entry=entry,
        key=key,
        steps=steps,
        steps_seen=steps_seen,
        step=max(1, min(record.step, steps)) if started and steps else 1,
        started=started,
        done=lesson_done(steps, steps_seen, len(entry.check_steps), checks_answered),
        checks=len(entry.check_steps),
        checks_answered=checks_answered,
        checks_right=sum(1 for outcome in outcomes if counts_as_right(outcome)),
    )


def course_summary(
    progress: Progress,
    entries: Sequence[LessonEntry],
    key_of: Callable[[Path], str] = progress_key,
) -> CourseSummary:
    """The summary of every lesson in `entries` (the catalog's list, in its order) from saved
    `progress`; `key_of` names a lesson's progress record (the app's `lesson_key`).

    The lesson to go on with is the one last opened while it is not done; else the first not
    done after it (or from the start); else none. A lesson that cannot be opened is never it.
    """
    lessons = tuple(
        lesson_summary(entry, progress.lessons.get(key_of(entry.path)), key_of(entry.path))
        for entry in entries
    )
    return CourseSummary(lessons, _go_on_with(lessons, progress.last_lesson))


def _go_on_with(lessons: tuple[LessonSummary, ...], last: str | None) -> int | None:
    open_ones = [i for i, lesson in enumerate(lessons) if lesson.entry.problem is None]
    last_index = next((i for i, lesson in enumerate(lessons) if lesson.key == last), None)
    if last_index is not None and last_index in open_ones and not lessons[last_index].done:
        return last_index
    after = [i for i in open_ones if last_index is None or i > last_index]
    for index in [*after, *open_ones]:
        if not lessons[index].done:
            return index
    return None


# --- the summary in words (the picker's and `gradtui progress`'s) ----------------------------


def where_words(lesson: LessonSummary) -> str:
    """Where the learner is in a lesson: "done", "at step 4", "not started", "cannot open"."""
    if lesson.entry.problem is not None:
        return "cannot open"
    if lesson.done:
        return "done"
    return f"at step {lesson.step}" if lesson.started else "not started"


def status_words(lesson: LessonSummary) -> str:
    """Where the learner is in a lesson, as the lists of lessons say it (the picker, the line
    mode): "not started", "done" (`lesson_done`) or "step 4 of 12" (also "step 12 of 12": at
    the end, not done)."""
    if not lesson.started:
        return "not started"
    return "done" if lesson.done else f"step {lesson.step} of {lesson.steps}"


def counts_words(lesson: LessonSummary) -> str:
    """Steps seen and checks right: "5 of 12 steps seen · 1 of 3 checks right" ("12 steps ·
    3 checks" before it is started)."""
    if not lesson.started:
        checks = f"{lesson.checks} check{'' if lesson.checks == 1 else 's'}"
        return f"{lesson.steps} steps · {checks if lesson.checks else 'no checks'}"
    steps = f"{lesson.steps_seen} of {lesson.steps} steps seen"
    if not lesson.checks:
        return f"{steps} · no checks"
    return f"{steps} · {lesson.checks_right} of {lesson.checks} checks right"


def course_words(summary: CourseSummary) -> str:
    """The course line: "Lessons done: 1 of 5.  Checks right: 7 of 24 (9 answered)."."""
    return (
        f"Lessons done: {summary.lessons_done} of {len(summary.lessons)}.  "
        f"Checks right: {summary.checks_right} of {summary.checks} "
        f"({summary.checks_answered} answered)."
    )


def summary_as_json(summary: CourseSummary) -> dict[str, Any]:
    """The summary as plain JSON data (for `gradtui progress --json`)."""
    following = summary.next_lesson
    return {
        "course": {
            "lessons": len(summary.lessons),
            "lessons_done": summary.lessons_done,
            "checks": summary.checks,
            "checks_answered": summary.checks_answered,
            "checks_right": summary.checks_right,
            "go_on_with": None if following is None else following.entry.slug,
        },
        "lessons": [
            {
                "number": lesson.entry.number,
                "slug": lesson.entry.slug,
                "title": lesson.entry.title,
                "path": str(lesson.entry.path),
                "steps": lesson.steps,
                "steps_seen": lesson.steps_seen,
                "step": lesson.step,
                "started": lesson.started,
                "done": lesson.done,
                "checks": lesson.checks,
                "checks_answered": lesson.checks_answered,
                "checks_right": lesson.checks_right,
                "problem": lesson.entry.problem,
            }
            for lesson in summary.lessons
        ],
    }


# --- a lesson's quiz --------------------------------------------------------------------------


@dataclass(frozen=True)
class Missed:
    """A check the learner has not got right (yet, or before its answer was shown): the step it
    is on, its question, their last answer ("" when they never answered), and the step that
    teaches it (if it says)."""

    step: int
    question: str
    answer: str
    answered: bool
    see: Target | None
    revealed: bool = False  # the answer was shown before the last answer was given


@dataclass(frozen=True)
class QuizScore:
    """How a lesson's checks went: right of asked, and the ones missed, in step order."""

    asked: int
    right: int  # by `counts_as_right`
    first_try: int  # right with the first answer given, before any reveal
    answered: int
    missed: tuple[Missed, ...]


def quiz_score(lesson: Lesson, record: LessonProgress | None) -> QuizScore:
    """The score of a lesson's checks from the saved outcomes (`record`, None: none yet)."""
    checks = (record or LessonProgress()).placed_checks(lesson.check_identities)
    right = first_try = given = 0
    missed = []
    for step in lesson.checks:
        outcome = checks.get(step.number)
        if answered(outcome):
            given += 1
            if outcome.get("first_correct") is True:
                first_try += 1
        if counts_as_right(outcome):
            right += 1
            continue
        was_given = answered(outcome)
        answer = str(outcome.get("answer", "")) if was_given else ""
        revealed = outcome is not None and outcome.get("revealed") is True
        check = step.check
        missed.append(Missed(step.number, check.question, answer, was_given, check.see, revealed))
    return QuizScore(len(lesson.checks), right, first_try, given, tuple(missed))


def next_entry(entries: Sequence[LessonEntry], path: Path) -> LessonEntry | None:
    """The lesson after the one at `path` in the catalog's order (lessons that open only)."""
    good = [entry for entry in entries if not entry.problem]
    paths = [real_path(entry.path) for entry in good]
    here = real_path(Path(path))
    if here in paths and paths.index(here) + 1 < len(good):
        return good[paths.index(here) + 1]
    return None


# --- the end of a lesson ----------------------------------------------------------------------

MAX_JUMPS = 9  # missed checks listed with a number
QUESTION_CHARS = 70  # of a missed check's question, as quoted


@dataclass(frozen=True)
class LessonEnd:
    """What the end of a lesson says, in either route: the steps seen, the checks' score and
    the ones missed (numbered, each with where it is taught), and the lesson that comes next.
    The route adds how to go on (the terminal names keys, the line mode commands)."""

    title: str
    steps: int
    steps_seen: int
    score: QuizScore
    next_title: str | None  # None when this was the last lesson of the folder

    def summary(self) -> list[str]:
        """The lesson's end and its score, a sentence a paragraph, and what is left before it
        is done (`lesson_done`)."""
        seen = f"{self.steps_seen} of {self.steps} steps seen"
        lines = [f"You reached the end of “{self.title}”: {seen}.", *self._score()]
        counts = (self.steps, self.steps_seen, self.score.asked, self.score.answered)
        if not lesson_done(*counts):
            lines.append(f"Not done yet ({DONE_RULE}): {left_words(*counts)}.")
        return lines

    def _score(self) -> list[str]:
        score = self.score
        if not score.asked:
            return []
        if not score.answered:
            return [f"You answered none of its {score.asked} checks yet: they are worth a try."]
        first = f"{score.first_try} at the first try"
        return [f"Checks: {score.right} right of {score.asked}, {first}."]

    @property
    def jumps(self) -> tuple[Missed, ...]:
        """The missed checks listed with a number, in order (none before any is answered)."""
        return self.score.missed[:MAX_JUMPS] if self.score.answered else ()

    def missed_lines(self) -> list[str]:
        """The missed checks, numbered (a paragraph each, starting with spaces), and how many
        more there are past those."""
        lines = [missed_words(number, one) for number, one in enumerate(self.jumps, 1)]
        if self.jumps and len(self.score.missed) > MAX_JUMPS:
            lines.append(f"  and {len(self.score.missed) - MAX_JUMPS} more, at their steps.")
        return lines


def missed_words(number: int, missed: Missed) -> str:
    """One missed check: its number, step and question, the learner's answer and where it is
    taught (its own step when the check does not say)."""
    question = shortened(missed.question, QUESTION_CHARS)
    answer = f"you said {shortened(missed.answer, 20)}" if missed.answered else "not answered"
    if missed.revealed:
        answer += ", after the answer was shown"
    where = missed.see.describe() if missed.see is not None else f"step {missed.step}"
    return f"{number:>3}. step {missed.step}: {question} ({answer}) → {where}"


# --- links into a served course ---------------------------------------------------------------

# The address of the page a served session's learner opened (`http://host:port/`), set by
# `gradtui serve` in each session's environment; unset elsewhere.
PAGE_URL_VARIABLE = "GRADTUI_PAGE_URL"


def served_page() -> str | None:
    """The address of the page this session is served on, or None outside `gradtui serve`."""
    return os.environ.get(PAGE_URL_VARIABLE) or None


def step_link(page: str, slug: str, step: int) -> str:
    """The address that opens a step of a served course (the lesson by its slug, which stays
    the same when the course is renumbered): `http://host:8000/?lesson=gradient&step=5`."""
    return page.rstrip("/") + "/?" + urlencode([("lesson", slug), ("step", str(step))])
