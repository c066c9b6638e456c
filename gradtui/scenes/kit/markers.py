"""The characters that draw points and lines, in Unicode and in 7-bit ASCII: things on a plot
are told apart by their shape, never by colour alone."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Marker:
    """One drawing character and its ASCII stand-in."""

    unicode: str
    ascii: str

    def get(self, ascii: bool) -> str:
        return self.ascii if ascii else self.unicode


CURVE = Marker("•", "*")  # a function's curve
LINE = Marker("·", ".")  # a secant, a data point, a faint curve
TANGENT = Marker("+", "+")
RUN = Marker("─", "-")
RISE = Marker("│", "|")
POINT = Marker("●", "o")  # the point a scene is about (P, the walker)
SECOND_POINT = Marker("◆", "#")  # a second point (Q, a given point)
BALL = Marker("●", "O")  # the ball rolling downhill (its trail is "o")
TRAIL = Marker("o", "o")
RUNNING = Marker("▶", ">")  # the line of code that runs now


_GLYPHS = "".join(
    sorted({m.unicode for m in (CURVE, LINE, RUN, RISE, POINT, SECOND_POINT, BALL, RUNNING)})
)
_LONE_GLYPH = re.compile(f"(?<!\\S)[{re.escape(_GLYPHS)}](?:\\s+|$)")


def without_markers(text: str) -> str:
    """`text` with the drawing characters that stand alone as words taken out (a legend's
    "● marked points" reads "marked points"): a screen reader would read them aloud, and
    without the picture they stand for nothing."""
    return _LONE_GLYPH.sub("", text)
