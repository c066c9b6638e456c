"""The plain data a lesson script turns into: Lesson → Step → SceneSpec / CheckSpec, and the
links between steps (Link → Target).

Nothing here knows about files or terminals; the parser builds these, the app and the
text mode read them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

IDENTITY_DIGITS = 12  # of a sha256, in hex: an identity a learner's saved answers are kept by


def identity(text: str) -> str:
    """A short name for `text` that stays the same while the text does (saved progress keeps
    a check's outcome, and a scene's typed function, by it, so that a lesson whose steps move
    still finds them)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:IDENTITY_DIGITS]


def check_identity(question: str) -> str:
    """A check's identity in saved progress, by its question as written: a check keeps its
    learner's answers wherever its step moves, and leaves them aside when the question is
    rewritten (the catalog reads it from the block without checking the rest)."""
    return identity(question.strip())


@dataclass(frozen=True)
class SceneSpec:
    """A ```scene block: which kind of scene, and its checked parameters (defaults filled in)."""

    kind: str
    params: dict[str, Any]
    line: int  # 1-based line of the opening fence in the script


@dataclass(frozen=True)
class Target:
    """Where a link leads: a lesson (by its file) and one of its steps.

    A link that names a lesson as a whole leads to its first step and has no `step_id`.
    `here` is true when the target lies in the lesson that holds the link (follow it by going
    to `step`, not by opening a lesson).
    """

    path: Path  # the lesson file
    slug: str
    lesson_number: int | None
    lesson_title: str
    step: int  # 1-based
    step_title: str = ""
    step_id: str = ""  # "" when the link names the lesson as a whole
    here: bool = False

    @property
    def whole_lesson(self) -> bool:
        return not self.step_id

    def describe(self) -> str:
        """Where it leads, in words: "lesson 2, step 5: The compass", "lesson 1: The slope at
        a point", "step 3: Predict first" (a step of the same lesson)."""
        lesson = f"lesson {self.lesson_number}" if self.lesson_number is not None else "lesson"
        if self.whole_lesson:
            return f"{lesson}: {self.lesson_title}" if self.lesson_title else lesson
        step = f"step {self.step}" if self.here else f"{lesson}, step {self.step}"
        if self.lesson_number is None and not self.here:
            step = f"{lesson} {self.lesson_title or self.slug}, step {self.step}"
        return f"{step}: {self.step_title}" if self.step_title else step


@dataclass(frozen=True)
class Link:
    """A link in a step's prose to a step of a lesson, resolved: its words, its address as
    written (`gradient#compass`, `slope`, `#predict`), where it leads, and where it is
    written in the script (1-based line and column of its `[`)."""

    text: str
    href: str
    target: Target
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class CheckSpec:
    """A ```check block: a predict-then-check question.

    Either a number question (`answer` is a float, graded within `tolerance`) or a choice
    question (`options` non-empty, `answer` is the index of the right option).
    """

    question: str
    answer: float | int
    tolerance: float = 0.0
    options: tuple[str, ...] = ()
    hint: str = ""
    explain: str = ""
    line: int = 0
    see: Target | None = None  # the step that teaches it (`see = "gradient#compass"`)
    see_href: str = ""  # `see` as written

    @property
    def is_choice(self) -> bool:
        return bool(self.options)

    @property
    def identity(self) -> str:
        """The check's identity in saved progress (see `check_identity`)."""
        return check_identity(self.question)


@dataclass(frozen=True)
class Step:
    """One screenful of a lesson: Markdown prose, and at most one scene and one check.

    `id` names the step for links (`# The compass {#compass}`); `links` are the links in its
    prose that lead to steps of lessons, in the order they are written (web addresses are not
    among them: they are shown, never followed).
    """

    number: int  # 1-based
    title: str  # the first heading of the prose (without its {#id}), or "" when it has none
    prose: str  # Markdown, with the scene and check blocks and the heading's {#id} taken out
    scene: SceneSpec | None = None
    check: CheckSpec | None = None
    line: int = 1  # 1-based line where the step starts
    id: str = ""
    links: tuple[Link, ...] = ()

    @property
    def scene_identity(self) -> str:
        """The identity in saved progress of the step's scene (the function a learner typed
        into it is kept by it): the step's id (`{#compass}`) when it has one, else its scene
        block (kind and parameters); "" without a scene."""
        if self.scene is None:
            return ""
        if self.id:
            return identity("#" + self.id)
        block = json.dumps([self.scene.kind, self.scene.params], sort_keys=True, default=str)
        return identity(block)


@dataclass(frozen=True)
class Lesson:
    """A whole lesson script, parsed and validated."""

    path: Path
    slug: str  # from the file name: "01-slope.md" → "slope"
    number: int | None  # from the file name: "01-slope.md" → 1
    title: str
    summary: str
    steps: tuple[Step, ...] = field(default_factory=tuple)
    front: dict[str, Any] = field(default_factory=dict)  # the whole front matter

    def step_named(self, step_id: str) -> Step | None:
        """The step with this id, if there is one."""
        return next((step for step in self.steps if step.id and step.id == step_id), None)

    @property
    def checks(self) -> tuple[Step, ...]:
        """The steps that hold a check, in order."""
        return tuple(step for step in self.steps if step.check is not None)

    @property
    def check_identities(self) -> dict[int, str]:
        """The identity of the check on each step that holds one, by step number (saved
        answers are found by it)."""
        return {step.number: step.check.identity for step in self.checks}

    @property
    def scene_identities(self) -> dict[int, str]:
        """The identity of the scene on each step that holds one, by step number (a function
        the learner typed into it is found by it)."""
        return {step.number: step.scene_identity for step in self.steps if step.scene}
