"""`gradtui class [--lessons DIR] [--json]`: the teacher's view of a served class.

One row per learner who kept progress through `gradtui serve` (their name with `--names`, else
the first digits of their anonymous id): lessons done, steps seen, checks answered right before
the answer was shown, and where they are now; then the checks the class most often got wrong
at the first answer, with the question, so a teacher can tell what to explain again. The same
report is `class_report`, for `gradtui serve`'s /class page and `--json`.

Saved progress does not record a reveal (ctrl+r) yet, so "right before the answer was shown"
is read from what it does record: see `right_before_reveal`. Never imports Textual.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from gradtui.commands import into_a_pipe, lessons_folder, say
from gradtui.commands.learners import Learner, class_folder, learner_ids, read_name, short_id
from gradtui.course import course_summary
from gradtui.progress import Progress
from gradtui.script.catalog import LessonEntry, list_lessons, progress_key
from gradtui.textsafe import for_terminal, shortened

EXIT_USAGE = 2
MOST_MISSED_SHOWN = 10  # in the text table (--json has them all)
COLUMNS = (16, 7, 9, 8)  # learner, lessons done, steps seen, checks right; then where they are
MIN_WHERE_WIDTH = 20
MISSED_PREFIX = 27  # columns before a missed check's question


def right_before_reveal(outcome: dict[str, Any]) -> bool:
    """True when a check was answered right before its answer was shown: the first answer
    right, or the second after one wrong (the app shows the answer after a second wrong one).

    Progress keeps each check's last answer, whether it was right, the number of answers and
    whether the first was right; it does not keep whether ctrl+r showed the answer first, so
    a right answer typed after ctrl+r within two tries still counts here."""
    if outcome.get("first_correct") is True:
        return True
    return outcome.get("correct") is True and outcome.get("tries") == 2


@dataclass(frozen=True)
class Place:
    """Where a learner is now: a lesson of the course and a step of it."""

    entry: LessonEntry
    step: int

    @property
    def title(self) -> str:
        titles = self.entry.step_titles
        return titles[self.step - 1] if 0 < self.step <= len(titles) else ""

    def words(self) -> str:
        """ "lesson 2, step 5: The compass" (the slug when the lesson has no number)."""
        number = self.entry.number if self.entry.number is not None else self.entry.slug
        title = f": {self.title}" if self.title else ""
        return f"lesson {number}, step {self.step}{title}"


@dataclass(frozen=True)
class LearnerRow:
    """One learner's line of the table."""

    learner: Learner
    lessons_done: int
    steps_seen: int
    checks_answered: int
    checks_right: int  # right before the answer was shown
    place: Place | None  # None: no lesson of this course opened yet
    notices: tuple[str, ...]  # what reading their progress ran into


@dataclass(frozen=True)
class MissedCheck:
    """A check and how the class did at it: how many got the first answer wrong, of how
    many answered it."""

    entry: LessonEntry
    step: int
    question: str  # "" when the lesson cannot be read now
    missed: int
    answered: int


@dataclass(frozen=True)
class ClassReport:
    """The teacher's table: the course's size, every learner's row, the checks most missed."""

    folder: Path
    lessons: int
    steps: int
    checks: int
    learners: tuple[LearnerRow, ...]
    missed: tuple[MissedCheck, ...]  # most missed first; only checks someone missed


def learner_row(learner: Learner, progress: Progress, entries: Sequence[LessonEntry]) -> LearnerRow:
    """One learner's numbers, from their saved progress and the lessons as they are now."""
    summary = course_summary(progress, entries)
    answered = right = 0
    for lesson in summary.lessons:
        record = progress.lessons.get(lesson.key)
        if record is None:
            continue
        for step in lesson.entry.check_steps:
            outcome = record.checks.get(str(step))
            if outcome is not None:
                answered += 1
                right += right_before_reveal(outcome)
    return LearnerRow(
        learner=learner,
        lessons_done=summary.lessons_done,
        steps_seen=sum(lesson.steps_seen for lesson in summary.lessons),
        checks_answered=answered,
        checks_right=right,
        place=place_of(progress, summary.lessons),
        notices=tuple(progress.notices),
    )


def place_of(progress: Progress, lessons) -> Place | None:
    """The lesson the learner last opened (of this course) and the step they are at in it."""
    for lesson in lessons:
        if lesson.key == progress.last_lesson and lesson.started:
            return Place(lesson.entry, lesson.step)
    return None


def missed_checks(
    progresses: Sequence[Progress],
    entries: Sequence[LessonEntry],
    question_of: Callable[[LessonEntry, int], str],
) -> tuple[MissedCheck, ...]:
    """Every check someone answered wrong at first, most missed first (then in course order),
    each with its question."""
    found = []
    for order, entry in enumerate(entries):
        key = progress_key(entry.path)
        for step in entry.check_steps:
            outcomes = [
                p.lessons[key].checks.get(str(step)) for p in progresses if key in p.lessons
            ]
            outcomes = [outcome for outcome in outcomes if outcome is not None]
            missed = sum(1 for outcome in outcomes if outcome.get("first_correct") is not True)
            if missed:
                found.append((order, step, entry, missed, len(outcomes)))
    found.sort(key=lambda item: (-item[3], item[0], item[1]))
    return tuple(
        MissedCheck(entry, step, question_of(entry, step), missed, answered)
        for _, step, entry, missed, answered in found
    )


def questions_from_lessons() -> Callable[[LessonEntry, int], str]:
    """A check's question, read from its lesson (each lesson loaded once; "" when it cannot
    be loaded now)."""
    from gradtui.script.parse import load_lesson
    from gradtui.script.problems import LessonError

    loaded: dict[Path, Any] = {}

    def question(entry: LessonEntry, step: int) -> str:
        if entry.path not in loaded:
            try:
                loaded[entry.path] = load_lesson(entry.path)
            except (LessonError, OSError):
                loaded[entry.path] = None
        lesson = loaded[entry.path]
        if lesson is None or not 0 < step <= len(lesson.steps):
            return ""
        check = lesson.steps[step - 1].check
        return "" if check is None else check.question

    return question


def class_report(classroom: Path, folder: Path) -> ClassReport:
    """The report of every learner kept in `classroom`, on the lessons in `folder`."""
    entries = list_lessons(folder)
    learners = []
    for learner_id in learner_ids(classroom):
        progress = Progress(classroom / learner_id).load()
        learners.append((Learner(learner_id, read_name(classroom, learner_id)), progress))
    learners.sort(key=lambda pair: (pair[0].name is None, pair[0].shown_as.casefold()))
    return ClassReport(
        folder=classroom,
        lessons=len(entries),
        steps=sum(entry.step_count for entry in entries),
        checks=sum(len(entry.check_steps) for entry in entries),
        learners=tuple(learner_row(learner, p, entries) for learner, p in learners),
        missed=missed_checks([p for _, p in learners], entries, questions_from_lessons()),
    )


# --- as text and JSON -------------------------------------------------------------------------


def lesson_words(entry: LessonEntry) -> str:
    return str(entry.number) if entry.number is not None else entry.slug


def table_line(cells: Sequence[str], last: str) -> str:
    """One line of the learners' table: the cells in their COLUMNS, then `last`."""
    line = "  ".join(f"{cell:<{width}}" for cell, width in zip(cells, COLUMNS, strict=True))
    return f"{line}  {last}".rstrip()


def report_as_text(report: ClassReport, ascii: bool = False, width: int = 80) -> str:
    """The table (at most `width` columns wide), the checks most missed, and any notices, as
    plain text."""
    count = len(report.learners)
    lines = [f"gradtui class: {count} learner{'' if count == 1 else 's'}, kept in {report.folder}"]
    if not report.learners:
        lines += ["", "No learner has kept progress through gradtui serve yet."]
        return for_terminal("\n".join(lines), ascii)
    where_width = max(MIN_WHERE_WIDTH, width - sum(COLUMNS) - 2 * len(COLUMNS))
    lines += ["", table_line(["", "lessons", "steps", "checks"], ""),
              table_line(["learner", "done", "seen", "right*"], "now at")]  # fmt: skip
    for row in report.learners:
        where = row.place.words() if row.place is not None else "not started"
        cells = [
            shortened(for_terminal(row.learner.shown_as, ascii), COLUMNS[0], ascii),
            f"{row.lessons_done} of {report.lessons}",
            f"{row.steps_seen} of {report.steps}",
            f"{row.checks_right} of {report.checks}",
        ]
        lines.append(table_line(cells, shortened(for_terminal(where, ascii), where_width, ascii)))
    lines += ["", "* right before the answer was shown (at the first or second answer)."]
    lines += ["", "Checks most often missed (first answer wrong):"]
    if not report.missed:
        lines.append("  none yet")
    else:
        lines.append(f"  {'missed':<9} {'lesson':<8} {'step':<5} question")
    question_width = max(MIN_WHERE_WIDTH, width - MISSED_PREFIX)
    for check in report.missed[:MOST_MISSED_SHOWN]:
        question = " ".join((check.question or "(cannot be read now)").split())
        question = shortened(for_terminal(question, ascii), question_width, ascii)
        lines.append(
            f"  {f'{check.missed} of {check.answered}':<9} {lesson_words(check.entry):<8} "
            f"{check.step:<5} {question}"
        )
    if len(report.missed) > MOST_MISSED_SHOWN:
        lines.append(f"  ... and {len(report.missed) - MOST_MISSED_SHOWN} more (--json)")
    for row in report.learners:
        for notice in row.notices:
            lines += ["", f"{row.learner.shown_as}: {notice}"]
    return for_terminal("\n".join(lines), ascii)


def report_as_json(report: ClassReport) -> dict[str, Any]:
    """The report as plain JSON data."""

    def lesson(entry: LessonEntry) -> dict[str, Any]:
        return {"number": entry.number, "slug": entry.slug, "title": entry.title}

    return {
        "folder": str(report.folder),
        "course": {"lessons": report.lessons, "steps": report.steps, "checks": report.checks},
        "learners": [
            {
                "learner": short_id(row.learner.learner_id),
                "name": row.learner.name,
                "lessons_done": row.lessons_done,
                "steps_seen": row.steps_seen,
                "checks_answered": row.checks_answered,
                "checks_right_before_reveal": row.checks_right,
                "now": None
                if row.place is None
                else {
                    **lesson(row.place.entry),
                    "step": row.place.step,
                    "step_title": row.place.title,
                },
                "notices": list(row.notices),
            }
            for row in report.learners
        ],
        "missed_most": [
            {
                **lesson(check.entry),
                "step": check.step,
                "question": check.question,
                "missed": check.missed,
                "answered": check.answered,
            }
            for check in report.missed
        ],
    }


def run(
    *,
    as_json: bool = False,
    lessons_dir: str | None = None,
    ascii: bool = False,
    state_dir: Path | None = None,
    out: TextIO | None = None,
) -> int:
    """Print the teacher's table (or its JSON); returns the exit code."""
    out = sys.stdout if out is None else out
    folder = lessons_folder(lessons_dir)
    if not folder.is_dir():
        say(f"gradtui class: no such folder of lessons: {folder}")
        return EXIT_USAGE
    report = class_report(class_folder(state_dir), folder)
    if as_json:
        text = json.dumps(report_as_json(report), indent=2, ensure_ascii=ascii) + "\n"
        into_a_pipe(lambda: out.write(text))
    else:
        width = shutil.get_terminal_size((80, 24)).columns
        into_a_pipe(lambda: say(report_as_text(report, ascii, width), out))
    return 0
