"""A lesson being studied, whichever the route: the one place its rules live.

A `LessonSession` holds the lesson open and its progress key, the step the learner is on, each
visited step's live scene (`LiveScene`: its state, and the function the learner typed into it,
restored when they come back) and check (`CheckState`: tries, verdict, grading), and the trail
of links followed (`LinkTrail`, bounded). It records into the learner's saved progress as they
go: the steps seen, each answer, each function typed. It answers questions (is "reveal" or
"see" offered now, what the end of the lesson says) and takes moves (next, back, go to, follow
a link and return, answer, reveal; a scene key by name through `LiveScene.key_named`).

The terminal's lesson screen (gradtui/screens/lesson.py), the line-mode reader
(gradtui/commands/plain/) and with the first the browser's tabs (each runs the app) are thin
drivers over it: a driver turns a key or a typed command into a move here, then shows what
changed (the screen is told through `on_change`). `LESSON_KEYS` are the lesson's own keys, as
data, which both routes dispatch through, as they do a scene's declared keys.
Never imports Textual.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from gradtui.course import LessonEnd, quiz_score
from gradtui.grading import Answered, CheckState, HowTo
from gradtui.progress import Progress
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.live import LiveScene
from gradtui.script.catalog import progress_key

if TYPE_CHECKING:  # only named in annotations: the model loads when a lesson opens
    from gradtui.script.model import Lesson, Step, Target

MAX_TRAIL = 50  # links followed that can be retraced

# The lesson's keys, in both routes: key -> the move it makes -> the words for it. The terminal
# binds them on the lesson screen (its scene's keys come first); the line mode takes them typed
# ("n", "space", "backspace"), after the scene's.
LESSON_KEYS = (
    Key("right,n,space", "next_step", "next", show="→/n"),
    Key("left,p", "previous_step", "back", show="←/p"),
    Key("backspace", "link_back", "return", show="⌫"),  # to where a link was followed from
    Key("o", "see", "the step that teaches it"),
    Key("home", "first_step", "first"),
    Key("end", "last_step", "last"),
    Key("ctrl+r", "reveal", "reveal the answer"),
    Key("question_mark,f1", "help", "help", show="?"),
    Key("escape", "leave", "lessons", show="esc"),
)


def lesson_key(name: str) -> Key | None:
    """The lesson key that the key named `name` presses ("n", "space"), if any."""
    return next((key for key in LESSON_KEYS if name in key.names), None)


class CannotOpen(Exception):
    """A lesson that a move leads to does not load (now); the message says why."""


class LinkTrail:
    """Where each link was followed from (a lesson's path and step), newest last, at most
    `size` of them, as frogmouth's History keeps the pages visited: the oldest go first."""

    def __init__(self, size: int = MAX_TRAIL) -> None:
        self._places: deque[tuple[Path, int]] = deque(maxlen=size)

    def remember(self, path: Path, step: int) -> None:
        self._places.append((Path(path), step))

    def back(self) -> tuple[Path, int] | None:
        """The place the last link was followed from, taken off the trail (None: none)."""
        return self._places.pop() if self._places else None

    def clear(self) -> None:
        self._places.clear()

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[tuple[Path, int]]:
        return iter(self._places)


def load_lesson(path: Path) -> Lesson:
    """The lesson at `path`, loaded anew; CannotOpen (its first problem) when it does not load."""
    from gradtui.script.parse import load_lesson as parse_lesson
    from gradtui.script.problems import LessonError

    try:
        return parse_lesson(Path(path))
    except LessonError as error:
        raise CannotOpen(str(error.problems[0] if error.problems else error)) from error


class LessonSession:
    """One learner studying one lesson at a time (see the module docstring). `how` is the
    route's wording of what to do after an answer; `load` loads a lesson by path (a link to
    another lesson opens it here)."""

    def __init__(
        self,
        progress: Progress,
        how: HowTo,
        *,
        load: Callable[[Path], Lesson] = load_lesson,
        trail_size: int = MAX_TRAIL,
    ) -> None:
        self.progress = progress
        self.how = how
        self.load = load
        self.trail = LinkTrail(trail_size)
        self.lesson: Lesson | None = None
        self.key = ""  # the lesson's progress key
        self.step_number = 1
        self.on_change: Callable[[], None] | None = None  # told after every move
        self._scenes: dict[int, LiveScene | str | None] = {}
        self._checks: dict[int, CheckState] = {}

    # -- the lesson ------------------------------------------------------------------------

    def open(self, lesson: Lesson, step: int | None = None) -> None:
        """Study `lesson` from `step` (kept within it), or where the learner left off."""
        self.lesson = lesson
        self.key = progress_key(lesson.path)
        self._forget_steps()
        self._fit_progress()
        if step is None:
            step = self.progress.resume_step(self.key, self.total)
        self._arrive(self._clamp(step))

    def open_path(self, path: Path, step: int | None = None, *, loaded: Lesson | None = None):
        """Open the lesson at `path` (`loaded`: already loaded) at `step`, or where the learner
        left off; the lesson already open goes to `step` (or stays where it is). Raises
        CannotOpen when it does not load."""
        if self.lesson is not None and Path(self.lesson.path) == Path(path):
            if step is not None:
                self.go_to(self._clamp(step))
            return
        self.open(loaded if loaded is not None else self.load(Path(path)), step)

    def replace(self, lesson: Lesson) -> None:
        """Show `lesson`, the same script edited: on the same step, or the nearest one left;
        every step's scene and check built anew from it."""
        self.lesson = lesson
        self._forget_steps()
        self._fit_progress()
        self._arrive(self._clamp(self.step_number))

    def close(self) -> None:
        """Leave the lesson (back at the lessons): the way links came is forgotten too."""
        self.lesson = None
        self.key = ""
        self.trail.clear()
        self._forget_steps()

    def _forget_steps(self) -> None:
        self._scenes.clear()
        self._checks.clear()

    def _fit_progress(self) -> None:
        """Find the learner's saved answers and typed functions where their checks and scenes
        are now: a step added or taken out since moves the ones after it (gradtui.progress)."""
        lesson = self.lesson
        if self.progress.place(self.key, lesson.check_identities, lesson.scene_identities):
            self.progress.save_soon()

    # -- where the learner is --------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.lesson.steps) if self.lesson is not None else 0

    @property
    def step(self) -> Step:
        return self.lesson.steps[self.step_number - 1]

    def _clamp(self, number: int) -> int:
        return max(1, min(int(number), self.total))

    def _arrive(self, number: int) -> None:
        """Be on step `number`, and record it in progress."""
        self.step_number = number
        self.progress.visit(self.key, number, self.total)
        self.progress.save_soon()
        self._changed()

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()

    # -- moves: steps ----------------------------------------------------------------------

    def go_to(self, number: int) -> bool:
        """Go to step `number`; False (staying) when the lesson has no such step."""
        if not 1 <= number <= self.total:
            return False
        self._arrive(number)
        return True

    def next_step(self) -> bool:
        """The next step; False on the last one (the learner has reached the end)."""
        return self.go_to(self.step_number + 1)

    def previous_step(self) -> bool:
        return self.go_to(self.step_number - 1)

    def first_step(self) -> bool:
        return self.go_to(1)

    def last_step(self) -> bool:
        return self.go_to(self.total)

    # -- moves: links ----------------------------------------------------------------------

    def follow(self, target: Target, from_step: int | None = None) -> None:
        """Go where a link (or a check's `see`) leads, remembering where it was followed
        from (this step, or `from_step` of this lesson) for `link_back`. Raises CannotOpen
        when the lesson it leads to does not load."""
        came_from = (self.lesson.path, from_step or self.step_number)
        if Path(target.path) == Path(self.lesson.path):
            self.trail.remember(*came_from)
            self.go_to(self._clamp(target.step))
            return
        lesson = self.load(Path(target.path))
        self.trail.remember(*came_from)
        self.open(lesson, target.step)

    def follow_link(self, number: int) -> bool:
        """Follow the step's link of that number (from 1); False when it has no such link."""
        links = self.step.links
        if not 1 <= number <= len(links):
            return False
        self.follow(links[number - 1].target)
        return True

    def link_back(self) -> bool:
        """Return to where the last link was followed from; False when none was. Raises
        CannotOpen when that lesson no longer loads."""
        place = self.trail.back()
        if place is None:
            return False
        path, step = place
        self.open_path(path, step)
        return True

    def see(self) -> bool:
        """Go to the step that teaches the step's check; False when it names none."""
        check = self.step.check
        if check is None or check.see is None:
            return False
        self.follow(check.see)
        return True

    # -- the step's check ------------------------------------------------------------------

    def check(self, number: int | None = None) -> CheckState | None:
        """The check of step `number` (this step's by default) as answered so far."""
        number = number or self.step_number
        spec = self.lesson.steps[number - 1].check
        if spec is None:
            return None
        if number not in self._checks:
            self._checks[number] = CheckState(
                spec,
                self.how,
                previous=self.progress.check_outcome(self.key, number),
                record=partial(self._record_check, self.key, number, spec.identity),
                record_reveal=partial(self._record_reveal, self.key, number, spec.identity),
            )
        return self._checks[number]

    def answer(self, typed: str) -> Answered | None:
        """Answer this step's number check (None: the step has no check)."""
        check = self.check()
        return None if check is None else check.answer(typed)

    def pick(self, index: int) -> Answered | None:
        """Pick option `index` (from 0) of this step's choice check."""
        check = self.check()
        return None if check is None else check.pick(index)

    def reveal(self) -> str | None:
        """This step's answer, without grading (None: the step has no check)."""
        check = self.check()
        return None if check is None else check.reveal()

    def _record_check(self, key: str, number: int, check: str, answer: str, correct: bool) -> None:
        self.progress.record_check(key, number, answer, correct, check)
        self.progress.save_soon()

    def _record_reveal(self, key: str, number: int, check: str) -> None:
        self.progress.record_reveal(key, number, check)
        self.progress.save_soon()

    # -- the step's scene ------------------------------------------------------------------

    def scene(self, number: int | None = None) -> LiveScene | str | None:
        """The live scene of step `number` (this step's by default): built on its first visit,
        then kept; a message when it cannot be built; None for a step without one."""
        number = number or self.step_number
        if number not in self._scenes:
            spec = self.lesson.steps[number - 1].scene
            self._scenes[number] = None if spec is None else self._build_scene(spec, number)
        return self._scenes[number]

    def _build_scene(self, spec, number: int) -> LiveScene | str:
        """The scene as the lesson sets it, or drawn from the function the learner typed into
        it last time (kept with their progress) while that still reads."""
        typed = self.progress.typed_function(self.key, number)
        identity = self.lesson.steps[number - 1].scene_identity
        keep = partial(self._record_function, self.key, number, identity)
        try:
            return LiveScene.build(spec.kind, spec.params, typed=typed, keep=keep)
        except Exception as error:  # a scene that fails must not take the lesson down
            return f"This scene could not be shown: {type(error).__name__}: {error}"

    def _record_function(self, key: str, number: int, scene: str, text: str | None) -> None:
        self.progress.record_function(key, number, text, scene)
        self.progress.save_soon()

    # -- questions -------------------------------------------------------------------------

    def offers(self, move: str) -> bool:
        """Whether a lesson move does anything now (the key bar shows only those): "reveal" on
        a check whose answer is not on show, "see" once the check that names it was missed,
        "link_back" after a link was followed. Other moves always do."""
        if move in ("reveal", "see"):
            check = self.check()
            if check is None:
                return False
            if move == "reveal":
                return not check.answer_known
            return check.check.see is not None and check.missed
        if move == "link_back":
            return bool(self.trail)
        return True

    def end(self, next_title: str | None = None) -> LessonEnd:
        """What the end of the lesson says: steps seen, the checks' score and the ones missed
        (`next_title`: the lesson that comes next, if any)."""
        record = self.progress.of(self.key)
        return LessonEnd(
            title=self.lesson.title,
            steps=self.total,
            steps_seen=record.steps_seen(self.total),
            score=quiz_score(self.lesson, record),
            next_title=next_title,
        )
