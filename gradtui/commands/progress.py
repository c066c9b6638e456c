"""`gradtui progress [--json] [--reset [LESSON] [--yes]]`: what the learner has done, as plain
text or JSON, and forgetting it.

The numbers come from gradtui.course.course_summary, as in the picker. `--reset` asks first on
the terminal (or takes `--yes`; without a terminal and without --yes it refuses), and keeps the
old progress file as a backup before it writes the new one, both atomically.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from gradtui.commands import into_a_pipe, lessons_folder, say
from gradtui.course import (
    CourseSummary,
    LessonSummary,
    course_summary,
    course_words,
    progress_key,
    summary_as_json,
    where_words,
)
from gradtui.progress import Progress
from gradtui.script.catalog import find_lesson, list_lessons
from gradtui.textsafe import for_terminal, shortened

EXIT_USAGE = 2
TITLE_WIDTH = 32


def run(
    *,
    as_json: bool = False,
    reset: str | None = None,
    yes: bool = False,
    lessons_dir: str | None = None,
    ascii: bool = False,
    state_dir: Path | None = None,
    out: TextIO | None = None,
    ask: Callable[[], str] | None = None,
) -> int:
    """Print the summary, or (`reset` = "" for every lesson, else a lesson's number, slug or
    path) forget progress; returns the exit code. `ask` reads the learner's reply from the
    terminal (None: standard input, when it is a terminal)."""
    out = sys.stdout if out is None else out
    folder = lessons_folder(lessons_dir)
    if not folder.is_dir():
        say(f"gradtui progress: no such folder of lessons: {folder}")
        return EXIT_USAGE
    progress = Progress(state_dir).load()
    for notice in progress.notices:
        say(f"gradtui progress: {notice}")
    progress.notices.clear()
    if reset is not None:
        return _reset(progress, reset, folder, yes, out, ask, ascii)
    summary = course_summary(progress, list_lessons(folder))
    if as_json:
        data = {"file": str(progress.path), **summary_as_json(summary)}
        into_a_pipe(lambda: out.write(json.dumps(data, indent=2, ensure_ascii=ascii) + "\n"))
    else:
        into_a_pipe(lambda: say(summary_as_text(summary, progress, ascii), out))
    return 0


# --- the summary in words ---------------------------------------------------------------------


def summary_as_text(summary: CourseSummary, progress: Progress, ascii: bool = False) -> str:
    """The course line, a table of lessons, and where to go on, as plain text."""
    lines = [f"Your progress, saved in {progress.path}", ""]
    if not progress.lessons:
        lines += ["Nothing yet: no lesson has been opened.", ""]
    lines.append(course_words(summary))
    lines += ["", f"  #  {'lesson':<{TITLE_WIDTH}}  {'where':<12} {'steps seen':<11} checks right"]
    lines += [_row(lesson, ascii) for lesson in summary.lessons]
    following = summary.next_lesson
    if following is not None:
        lines += ["", _go_on(following)]
    others = set(progress.lessons) - {lesson.key for lesson in summary.lessons}
    if others:
        count = len(others)
        lines += [
            "",
            f"Also saved: {count} lesson{'' if count == 1 else 's'} from other folders "
            "(gradtui progress --reset forgets them too).",
        ]
    return for_terminal("\n".join(lines), ascii)


def _row(lesson: LessonSummary, ascii: bool) -> str:
    entry = lesson.entry
    number = "" if entry.number is None else str(entry.number)
    title = shortened(for_terminal(entry.title, ascii), TITLE_WIDTH, ascii)
    where = where_words(lesson)
    steps = f"{lesson.steps_seen} of {lesson.steps}"
    checks = f"{lesson.checks_right} of {lesson.checks}" if lesson.checks else "none"
    return f"{number:>3}  {title:<{TITLE_WIDTH}}  {where:<12} {steps:<11} {checks}"


def _go_on(lesson: LessonSummary) -> str:
    entry = lesson.entry
    name = f"lesson {entry.number}" if entry.number is not None else f"lesson {entry.slug}"
    title = f": {lesson.resume_title}" if lesson.resume_title else ""
    opener = entry.number if entry.number is not None else entry.slug
    return f"Go on with {name}, step {lesson.step} of {lesson.steps}{title} (gradtui {opener})."


# --- forgetting -------------------------------------------------------------------------------


def _reset(
    progress: Progress,
    lesson: str,
    folder: Path,
    yes: bool,
    out: TextIO,
    ask: Callable[[], str] | None,
    ascii: bool,
) -> int:
    """Forget one lesson's progress (or all, for lesson ""), after asking and a backup."""
    key, what = None, "all your progress"
    if lesson:
        try:
            path = find_lesson(lesson, folder)
        except LookupError as error:
            say(f"gradtui progress: {error}")
            return EXIT_USAGE
        key = progress_key(path)
        what = f"your progress in {path.name}"
    has_any = progress.lessons or progress.last_lesson is not None
    if (key is None and not has_any) or (key is not None and key not in progress.lessons):
        which = "any lesson" if key is None else lesson
        say(f"Nothing to forget: no progress is saved for {which}.", out)
        return 0
    if not yes:
        if ask is None and not _interactive():
            say(
                "gradtui progress: --reset asks before it forgets anything, and there is no "
                "terminal to ask on: add --yes to forget without asking"
            )
            return EXIT_USAGE
        say(
            f"Forget {what}? The progress file is kept as a backup first. If gradtui is "
            "open, close it first: it saves its own progress as it closes. [y/N]",
            out,
        )
        out.flush()
        reply = (ask or _read_reply)()
        if reply.strip().lower() not in ("y", "yes"):
            say("Nothing forgotten.", out)
            return 0
    try:
        backup = progress.back_up()
    except OSError as error:
        say(f"gradtui progress: cannot keep a backup, so nothing was forgotten: {error}")
        return 1
    progress.forget(key)
    if not progress.save():
        for notice in progress.notices:
            say(f"gradtui progress: {notice}")
        return 1
    kept = f" The old file is kept as {backup}." if backup is not None else ""
    say(for_terminal(f"Forgot {what}.{kept}", ascii), out)
    return 0


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _read_reply() -> str:
    try:
        return sys.stdin.readline()
    except (OSError, ValueError):
        return ""
