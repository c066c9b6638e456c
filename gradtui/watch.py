"""Watching a lesson script for `gradtui LESSON --watch`: has the file changed, and if so, does
it still load?

`LessonWatcher.poll` costs one `os.stat` while nothing changes (the app calls it a few times a
second), and reads the script again through the same loader as every other command only when
the file's modification time, size or identity (an editor that saves by renaming a new file
into place) has moved. Never imports Textual.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from gradtui.script.model import Lesson
from gradtui.script.parse import load_lesson
from gradtui.script.problems import LessonError, Problem

POLL_SECONDS = 0.25  # how often the app asks: a reload shows within a quarter of a second


@dataclass(frozen=True)
class Reloaded:
    """The file changed and loads: the lesson as it is now."""

    lesson: Lesson


@dataclass(frozen=True)
class Broken:
    """The file changed and does not load: its problems, each `path:line:col: message`."""

    problems: tuple[Problem, ...]

    @property
    def message(self) -> str:
        """The first problem, and how many more there are."""
        if not self.problems:
            return "the lesson cannot be loaded"
        more = len(self.problems) - 1
        text = str(self.problems[0])
        return text if more == 0 else f"{text} (and {more} more: gradtui check lists them)"


def file_signature(path: Path) -> tuple[int, int, int, int] | None:
    """What tells one version of a file from the next without reading it: modification time,
    size, device and inode; None while there is no file (an editor between write and rename)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_dev, stat.st_ino)


class LessonWatcher:
    """Knows the version of a lesson file last seen, and says when it changes."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._seen = file_signature(self.path)

    def poll(self) -> Reloaded | Broken | None:
        """None while the file is as last seen; otherwise the lesson read again, or why it
        cannot be (a file gone for now counts as unchanged: the next version will come)."""
        signature = file_signature(self.path)
        if signature is None or signature == self._seen:
            return None
        self._seen = signature
        try:
            return Reloaded(load_lesson(self.path))
        except LessonError as error:
            return Broken(tuple(error.problems))
