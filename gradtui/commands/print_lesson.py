"""`gradtui print LESSON`: the lesson as plain text on stdout."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def run(lesson: str, *, lessons_dir: str | None = None, ascii: bool = False) -> int:
    """Print a lesson; exit 2 when it cannot be found or loaded."""
    from gradtui.script.catalog import builtin_lessons_dir, find_lesson
    from gradtui.script.model import LessonError
    from gradtui.script.parse import load_lesson
    from gradtui.textmode import lesson_as_text

    folder = Path(lessons_dir).expanduser() if lessons_dir else builtin_lessons_dir()
    try:
        loaded = load_lesson(find_lesson(lesson, folder))
    except LookupError as error:
        print(f"gradtui: {error}", file=sys.stderr)
        return 2
    except LessonError as error:
        print(f"gradtui: cannot print this lesson:\n{error}", file=sys.stderr)
        return 2
    text = lesson_as_text(loaded, ascii=ascii)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `gradtui print 1 | head` is fine: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 0
