"""What typed math may be, and the error that says where it is not: the limits on its size,
the names that are numbers (pi, e), "any names" for an expression that may use any, and
`ExprError`, which points a caret at the column that broke a rule.
"""

from __future__ import annotations

import numpy as np

CONSTANTS: dict[str, float] = {"pi": float(np.pi), "e": float(np.e)}  # names that are numbers

MAX_LENGTH = 1000
MAX_NESTING = 60
MAX_NODES = 300
MAX_DEPTH = 60
MAX_SIGNS_IN_A_ROW = 8
MAX_NAME_LENGTH = 32
OPERATORS_HINT = "use numbers, names, + - * / ** ^, functions like sin(x), and parentheses"


class AnyNames(tuple):
    """The variable names of an expression that may use any names at all (the graph scene's f):
    given as `parse`'s `variables`, it lets every name through; every name is `in` it; and
    where the allowed names are listed, it reads as "any variable names"."""

    def __new__(cls) -> AnyNames:
        return super().__new__(cls, ("any variable names",))

    def __contains__(self, name: object) -> bool:
        return True


ANY_NAMES = AnyNames()


class ExprError(ValueError):
    """A typed expression that cannot be used, with the 1-based column to point at."""

    def __init__(self, message: str, text: str = "", column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.text = text
        self.column = max(1, int(column))

    def caret(self, width: int = 72) -> str:
        """Two lines: the text (shortened around the column if long) and a ^ under the column.

        Control and non-ASCII characters are shown as '?', so nothing typed can reach the
        terminal as an escape sequence and the caret stays aligned.
        """
        text, column = self.text, min(self.column, len(self.text) + 1)
        start = 0
        if len(text) > width:
            start = max(0, min(column - 1 - width // 2, len(text) - width))
            text = text[start : start + width]
        shown = "".join(_shown(c) for c in text)
        prefix = "..." if start > 0 else ""
        suffix = "..." if start + width < len(self.text) else ""
        pad = " " * (len(prefix) + column - 1 - start)
        return f"{prefix}{shown}{suffix}\n{pad}^"


def _shown(char: str) -> str:
    """One character as the caret line may show it: plain ASCII, or a stand-in of width 1."""
    if " " <= char <= "~":
        return char
    return " " if char in "\t\n\r" else "?"
