"""The characters that draw, in Unicode and in 7-bit ASCII: the one way a scene spells what it
draws for a console without Unicode. Things on a plot are told apart by their shape, never by
colour alone.

A `Marker` pairs a drawing character (or a row of them: a shading ramp, a set of arrowheads)
with its ASCII stand-in, and a scene picks one with `marker.get(ascii)` as it draws. A picture
drawn once in Unicode and shown in both (a graph's lines) is turned into ASCII by `in_ascii`,
from the same pairs. Words are not drawings: a scene writes them in Unicode, and in ASCII mode
textsafe's one spelling table (`for_terminal`) spells them in 7 bits (the frame and
`gradtui print` do it for every line; a scene that measures words before laying them out
spells them first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Marker:
    """One drawing character (or a row of them, picked by index) and its ASCII stand-in."""

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
BAR = Marker("█", "#")  # a filled bar
LEFT_EDGE = Marker("◀", "<")  # something gone off the left end (of a plot, a track)
RIGHT_EDGE = Marker("▶", ">")  # ... off the right end


def in_ascii(lines: Iterable[str], pairs: Iterable[Marker]) -> list[str]:
    """A picture drawn with the Unicode characters of `pairs`, each put in its ASCII stand-in
    (pairs of single characters)."""
    table = str.maketrans({pair.unicode: pair.ascii for pair in pairs})
    return [line.translate(table) for line in lines]


_GLYPHS = "".join(
    sorted({m.unicode for m in (CURVE, LINE, RUN, RISE, POINT, SECOND_POINT, BALL, RUNNING)})
)
_LONE_GLYPH = re.compile(f"(?<!\\S)[{re.escape(_GLYPHS)}](?:\\s+|$)")
_PRODUCT = re.compile(f"[\\w)] {LINE.unicode} [\\w(]")  # "3 · 2": the middle dot multiplies


def without_markers(text: str) -> str:
    """`text` with the drawing characters that stand alone as words taken out (a legend's
    "● marked points" reads "marked points"): a screen reader would read them aloud, and
    without the picture they stand for nothing. A middle dot between two terms is a product
    ("3 · 2"), and stays."""

    def taken_out(found: re.Match[str]) -> str:
        around = text[max(found.start() - 2, 0) : found.start() + 3]
        return found.group(0) if _PRODUCT.fullmatch(around) else ""

    return _LONE_GLYPH.sub(taken_out, text)
