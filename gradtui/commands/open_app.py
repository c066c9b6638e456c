"""`gradtui [LESSON] [--step N] [--lessons DIR] [--watch] [--no-save]`: find what to open, then
run the app (with `--watch`, reloading the lesson whenever its file changes).

Under `gradtui serve` each learner's session keeps its progress in that learner's own folder,
which the server names in the session's environment (`learners.PROGRESS_FOLDER_VARIABLE`).

Problems found before the app starts (no such lesson, a broken script, a missing folder)
are printed as plain messages with exit code 2, never as a traceback.
"""

from __future__ import annotations

import os

from gradtui.commands import step_within, what_to_open
from gradtui.commands.learners import PROGRESS_FOLDER_VARIABLE


def run(
    lesson: str | None,
    *,
    step: int | None = None,
    lessons_dir: str | None = None,
    ascii: bool = False,
    watch: bool = False,
    save: bool = True,
) -> int:
    """Open the picker, or a lesson at a step; returns the exit code. `watch` reloads the
    lesson when its file changes; `save` false keeps progress from being saved."""
    found = what_to_open(lesson, step, lessons_dir)
    if found is None:
        return 2
    folder, opening = found
    step = step_within(opening, step)

    from gradtui.app import GradApp
    from gradtui.progress import Progress

    folder_of_learner = os.environ.get(PROGRESS_FOLDER_VARIABLE) or None
    progress = Progress(folder_of_learner).load() if save else Progress(enabled=False)
    app = GradApp(
        lessons_dir=folder,
        ascii=ascii,
        progress=progress,
        open_lesson=opening,
        open_step=step,
        watch=watch and opening is not None,
    )
    app.run()  # progress is saved as the app closes
    return app.return_code or 0
