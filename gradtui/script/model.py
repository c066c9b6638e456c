"""The plain data a lesson script turns into: Lesson → Step → SceneSpec / CheckSpec.

Nothing here knows about files or terminals; the parser builds these, the app and the
text mode read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class SceneSpec:
    """A ```scene block: which kind of scene, and its checked parameters (defaults filled in)."""

    kind: str
    params: dict[str, Any]
    line: int  # 1-based line of the opening fence in the script


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

    @property
    def is_choice(self) -> bool:
        return bool(self.options)


@dataclass(frozen=True)
class Step:
    """One screenful of a lesson: Markdown prose, and at most one scene and one check."""

    number: int  # 1-based
    title: str  # the first heading of the prose, or "" when it has none
    prose: str  # Markdown, with the scene and check blocks taken out
    scene: SceneSpec | None = None
    check: CheckSpec | None = None
    line: int = 1  # 1-based line where the step starts


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


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a lesson script, located in the file."""

    path: Path | str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class LessonError(Exception):
    """Raised when a script cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
