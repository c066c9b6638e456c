"""`gradtui [LESSON] [--step N] [--lessons DIR]`: find what to open, then run the app.

Problems found before the app starts (no such lesson, a broken script, a missing folder)
are printed as plain messages with exit code 2, never as a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path


def run(
    lesson: str | None,
    *,
    step: int | None = None,
    lessons_dir: str | None = None,
    ascii: bool = False,
) -> int:
    """Open the picker, or a lesson at a step; returns the exit code."""
    from gradtui.script.catalog import builtin_lessons_dir, find_lesson
    from gradtui.script.model import LessonError
    from gradtui.script.parse import load_lesson

    folder = Path(lessons_dir).expanduser() if lessons_dir else builtin_lessons_dir()
    if not folder.is_dir():
        print(f"gradtui: no such folder of lessons: {folder}", file=sys.stderr)
        return 2
    open_path = None
    if lesson is not None:
        try:
            open_path = find_lesson(lesson, folder)
            load_lesson(open_path)  # report a broken script here, not inside the app
        except LookupError as error:
            print(f"gradtui: {error}", file=sys.stderr)
            return 2
        except LessonError as error:
            print(f"gradtui: cannot open this lesson:\n{error}", file=sys.stderr)
            return 2
    if step is not None and step < 1:
        print("gradtui: --step counts from 1", file=sys.stderr)
        return 2

    from gradtui.app import GradApp
    from gradtui.progress import Progress

    progress = Progress().load()
    app = GradApp(
        lessons_dir=folder,
        ascii=ascii,
        progress=progress,
        open_path=open_path,
        open_step=step,
    )
    app.run()
    progress.save()
    return app.return_code or 0
