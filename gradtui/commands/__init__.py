"""The sub-commands behind `gradtui`, `gradtui check`, `gradtui print`, `gradtui grad`,
`gradtui progress`, `gradtui serve` and `gradtui class`.

Each module has `run(...) -> int` returning the process exit code; cli.py only parses
arguments and picks which one to call. Here: finding and loading the lesson a command
names, with the same messages for every command, and writing to a pipe that closes early.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from gradtui.script.model import Lesson


def say(text: str, out: TextIO | None = None) -> None:
    """Write `text` (stderr by default), line by line, made inert: a file name or a key quoted
    from a stranger's lesson can neither drive the terminal nor hide or reorder what is shown,
    and a character the terminal's encoding lacks is escaped instead of crashing the write."""
    from gradtui.textsafe import inert

    out = sys.stderr if out is None else out
    encoding = getattr(out, "encoding", None) or "utf-8"
    for line in text.split("\n"):
        line = inert(line, keep_newlines=False)
        line = line.encode(encoding, errors="backslashreplace").decode(encoding, errors="replace")
        out.write(line + "\n")


def into_a_pipe(write: Callable[[], None]) -> None:
    """Run `write`, which writes to standard output: a reader that stops early (`| head`) ends
    it quietly, not with a traceback (what is left unwritten goes nowhere)."""
    try:
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def lessons_folder(lessons_dir: str | None) -> Path:
    """The folder given with --lessons (with ~ expanded), else the built-in lessons."""
    from gradtui.script.catalog import builtin_lessons_dir

    return Path(lessons_dir).expanduser() if lessons_dir else builtin_lessons_dir()


def find_and_load(lesson: str, folder: Path, verb: str) -> tuple[Path, Lesson] | None:
    """Find lesson `lesson` (a number, a name or a path) in `folder` and load it.

    When it cannot be found, or its script is broken, say why on stderr ("cannot `verb`
    this lesson", then the problems) and return None: the caller exits with code 2, so
    the learner sees a plain message, never a traceback.
    """
    from gradtui.script.catalog import find_lesson
    from gradtui.script.parse import load_lesson
    from gradtui.script.problems import LessonError

    try:
        path = find_lesson(lesson, folder)
        return path, load_lesson(path)
    except LookupError as error:
        say(f"gradtui: {error}")
    except LessonError as error:
        say(f"gradtui: cannot {verb} this lesson:\n{error}")
    return None


def what_to_open(
    lesson: str | None, step: int | None, lessons_dir: str | None
) -> tuple[Path, Lesson | None] | None:
    """What `gradtui [LESSON] [--step N] [--lessons DIR]` opens, the app or the line-mode
    reader: the folder of lessons and the lesson, loaded (None: the list of lessons). None
    when it cannot be opened, after saying why: the caller exits with code 2."""
    folder = lessons_folder(lessons_dir)
    if not folder.is_dir():
        say(f"gradtui: no such folder of lessons: {folder}")
        return None
    opening = None
    if lesson is not None:
        found = find_and_load(lesson, folder, "open")  # a broken script: said here, not later
        if found is None:
            return None
        opening = found[1]
    if step is not None and step < 1:
        say("gradtui: --step counts from 1")
        return None
    return folder, opening


def step_within(lesson: Lesson | None, step: int | None) -> int | None:
    """`--step N` kept within the lesson; past its end, saying so ("lesson 1 has 11 steps;
    opening step 11") rather than opening the last step silently."""
    if step is None or lesson is None or step <= len(lesson.steps):
        return step
    count = len(lesson.steps)
    name = f"lesson {lesson.number}" if lesson.number is not None else lesson.slug
    say(f"gradtui: {name} has {count} step{'' if count == 1 else 's'}; opening step {count}")
    return count
