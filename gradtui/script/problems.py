"""What can be wrong with a lesson script: a `Problem` located in the file, and the
`LessonError` that carries every problem found. The smallest piece of the script layer, so
the picker's quick outline pass can report problems without loading the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a lesson script, located in the file."""

    path: Path | str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        """`path:line:col: message`, on one line whatever the file is called."""
        from gradtui.textsafe import one_line

        where = one_line(str(self.path))
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
