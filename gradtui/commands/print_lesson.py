"""`gradtui print LESSON`: the lesson as plain text on stdout."""

from __future__ import annotations

import sys

from gradtui.commands import find_and_load, into_a_pipe, lessons_folder


def run(lesson: str, *, lessons_dir: str | None = None, ascii: bool = False) -> int:
    """Print a lesson; exit 2 when it cannot be found or loaded."""
    from gradtui.textmode import lesson_as_text

    found = find_and_load(lesson, lessons_folder(lessons_dir), "print")
    if found is None:
        return 2
    text = lesson_as_text(found[1], ascii=ascii)
    into_a_pipe(lambda: sys.stdout.write(text))  # `gradtui print 1 | head` is fine
    return 0
