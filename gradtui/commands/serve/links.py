"""Links into a served course: `/?lesson=2&step=5` opens that step, with the lesson names and
numbers the command line takes (a number, a slug such as `gradient`, or a file's name without
`.md`). A value from a link is only ever compared with the lessons of the served folder, never
used as a path or shown back: a link that names no lesson, a step its lesson lacks, or anything
stranger opens the list of lessons with one of the fixed notices below.

The page passes the lesson on to its websocket as `/ws/<file name>/<step>`, which the server
resolves again the same way before a session starts. Never imports Textual.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from gradtui.script.catalog import LessonEntry

STEP_NUMBER = re.compile(r"[0-9]{1,5}")
LONGEST_NAME = 255  # a lesson's name in a link, at most (a file name's length)

NO_SUCH_LESSON = "That link names no lesson of this class, so here is the list of lessons."
NO_SUCH_STEP = "That link names a step its lesson does not have, so here is the list of lessons."
CANNOT_OPEN = "The lesson that link names cannot be opened now, so here is the list of lessons."
NO_LESSON_NAMED = "That link names a step but no lesson, so here is the list of lessons."


@dataclass(frozen=True)
class Opening:
    """Where a link leads: a lesson of the served folder, and a step of it (None: where the
    learner left off)."""

    entry: LessonEntry
    step: int | None

    @property
    def websocket_path(self) -> str:
        """The page's websocket address for this opening (the file name, never a path)."""
        name = quote(self.entry.path.stem, safe="")
        return f"/ws/{name}" if self.step is None else f"/ws/{name}/{self.step}"


def lesson_named(name: str, entries: Sequence[LessonEntry]) -> LessonEntry | None:
    """The one lesson of `entries` that `name` names (a number, a slug or a file name without
    `.md`, in any case), or None (no lesson, or more than one)."""
    if not name or len(name) > LONGEST_NAME:
        return None
    if STEP_NUMBER.fullmatch(name):
        found = [entry for entry in entries if entry.number == int(name)]
    else:
        wanted = name.casefold()
        found = [
            entry
            for entry in entries
            if wanted in (entry.slug.casefold(), entry.path.stem.casefold())
        ]
    return found[0] if len(found) == 1 else None


def read_link(
    lesson: str | None, step: str | None, entries: Sequence[LessonEntry]
) -> Opening | str | None:
    """Where `?lesson=...&step=...` leads: an Opening, None when the link names nothing (the
    list of lessons, no notice), or the notice to show over the list of lessons when it
    names what is not there."""
    if lesson is None:
        return None if step is None else NO_LESSON_NAMED
    entry = lesson_named(lesson, entries)
    if entry is None:
        return NO_SUCH_LESSON
    if entry.problem is not None:
        return CANNOT_OPEN
    if step is None:
        return Opening(entry, None)
    if not STEP_NUMBER.fullmatch(step) or not 1 <= int(step) <= entry.step_count:
        return NO_SUCH_STEP
    return Opening(entry, int(step))


def read_websocket_path(
    name: str | None, step: str | None, entries: Sequence[LessonEntry]
) -> Opening | None:
    """The opening a websocket's path asks for (`/ws/<file name>/<step>`), checked against the
    lessons as they are now: None for anything that is not exactly one of them."""
    if name is None:
        return None
    found = [entry for entry in entries if entry.path.stem == name and entry.problem is None]
    if len(found) != 1:
        return None
    opening = read_link(name, step, found)
    return opening if isinstance(opening, Opening) else None
