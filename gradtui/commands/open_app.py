"""`gradtui [LESSON] [--step N] [--lessons DIR] [--watch] [--no-save]`: find what to open, then
run the app (with `--watch`, reloading the lesson whenever its file changes).

Under `gradtui serve` each learner's session keeps its progress in that learner's own folder,
which the server names in the session's environment (`learners.PROGRESS_FOLDER_VARIABLE`).

Problems found before the app starts (no such lesson, a broken script, a missing folder)
are printed as plain messages with exit code 2, never as a traceback.
"""

from __future__ import annotations

import gc
import os

from gradtui.commands import say, step_within, what_to_open
from gradtui.commands.learners import PROGRESS_FOLDER_VARIABLE


def theme_names() -> list[str]:
    """The themes the app can take (Textual's own, by name)."""
    from textual.theme import BUILTIN_THEMES

    return sorted(BUILTIN_THEMES)


def run(
    lesson: str | None,
    *,
    step: int | None = None,
    lessons_dir: str | None = None,
    ascii: bool = False,
    watch: bool = False,
    save: bool = True,
    theme: str | None = None,
) -> int:
    """Open the picker, or a lesson at a step; returns the exit code. `watch` reloads the
    lesson when its file changes; `save` false keeps progress from being saved; `theme`
    (--theme) is this run's theme. The learner's settings file is read in a terminal only: a
    served session's theme is the page's, and one learner's pick is not the server's."""
    if theme is not None and theme not in theme_names():
        listed = ", ".join(theme_names())
        if theme == "list":
            print(listed)
            return 0
        say(f"gradtui: there is no theme called {theme!r}; the themes are: {listed}")
        return 2
    found = what_to_open(lesson, step, lessons_dir)
    if found is None:
        return 2
    folder, opening = found
    step = step_within(opening, step)

    from gradtui.app import GradApp
    from gradtui.config import Config
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
        config=None if "TEXTUAL_DRIVER" in os.environ else Config.load(),
        theme=theme,
    )
    # What is loaded by now (Python, Textual, numpy, the lessons) lives as long as the program:
    # frozen, the collector's full passes no longer walk it, and a step change no longer waits
    # ~50 ms behind one of them every dozen presses (`make bench`, key to frame).
    gc.freeze()
    app.run()  # progress is saved as the app closes
    return app.return_code or 0
