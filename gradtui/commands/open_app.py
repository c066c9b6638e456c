"""`gradtui [LESSON] [--step N] [--lessons DIR]`: find what to open, then run the app.

Problems found before the app starts (no such lesson, a broken script, a missing folder)
are printed as plain messages with exit code 2, never as a traceback.
"""

from __future__ import annotations

import sys

from gradtui.commands import find_and_load, lessons_folder, say


def run(
    lesson: str | None,
    *,
    step: int | None = None,
    lessons_dir: str | None = None,
    ascii: bool = False,
) -> int:
    """Open the picker, or a lesson at a step; returns the exit code."""
    folder = lessons_folder(lessons_dir)
    if not folder.is_dir():
        say(f"gradtui: no such folder of lessons: {folder}")
        return 2
    opening = None
    if lesson is not None:
        found = find_and_load(lesson, folder, "open")  # a broken script: said here, not in the app
        if found is None:
            return 2
        opening = found[1]
    if step is not None and step < 1:
        print("gradtui: --step counts from 1", file=sys.stderr)
        return 2
    if step is not None and opening is not None and step > len(opening.steps):
        count = len(opening.steps)
        name = f"lesson {opening.number}" if opening.number is not None else opening.slug
        say(f"gradtui: {name} has {count} step{'' if count == 1 else 's'}; opening step {count}")
        step = count

    from gradtui.app import GradApp
    from gradtui.progress import Progress

    progress = Progress().load()
    app = GradApp(
        lessons_dir=folder,
        ascii=ascii,
        progress=progress,
        open_lesson=opening,
        open_step=step,
    )
    app.run()  # progress is saved as the app closes
    return app.return_code or 0
