"""The rules every scene's picture keeps, as functions that list what breaks them, so a test of
any scene can hold it to them: panels keep apart, no number is cut, a legend names every mark,
and a point marked on a curve sits in a cell of that curve.

Each returns what it found wrong (an empty list when the picture keeps the rule), in words a
failing test can print. Never imports Textual.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from gradtui.scenes.kit.layout import Frame, Panel
from gradtui.scenes.kit.plots import Series, series_cells

GAP = 2  # blank columns between panels side by side: less, and text reads on into a label

# A number written in e-notation is whole: a signed exponent has two digits or more, as
# Python writes it (1.221e-05); an unsigned one at least one (1e0). One ending in "e", "e-" or
# a sign and one digit lost the rest of itself at an edge.
_E_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d*)?e([+-]?)(\d*)")


def _picture(panel: Panel) -> str:
    """The picture a panel belongs to: the field's map in strips ("map-0", "map-1") is one."""
    return panel.name.split("-")[0]


def clashing_panels(frame: Frame, gap: int = GAP) -> list[str]:
    """Panels drawn into each other's region, or side by side with fewer than `gap` blank
    columns between them (strips of one picture excepted)."""
    found = []
    panels = frame.panels
    for i, a in enumerate(panels):
        for b in panels[i + 1 :]:
            if _picture(a) == _picture(b) and a.name != b.name:
                continue
            rows = a.y < b.y + b.height and b.y < a.y + a.height
            if not rows:
                continue
            left, right = (a, b) if a.x <= b.x else (b, a)
            if right.x < left.x + left.width:
                found.append(f"{a.name!r} and {b.name!r} overlap")
            elif right.x - (left.x + left.width) < gap:
                found.append(f"{left.name!r} runs up to {right.name!r} with no gap")
    return found


def cut_text(frame: Frame) -> list[str]:
    """Lines a panel had to cut at its right edge (something was written wider than its
    place), and numbers that end mid-exponent anywhere in the frame."""
    found = [
        f"{panel.name!r} cut its line {row}: {panel.lines[row]!r}"
        for panel in frame.panels
        for row in panel.cut
    ]
    for number, line in enumerate(frame.lines):
        found += [f"line {number} has a cut number {m.group()!r}: {line!r}"
                  for m in _E_NUMBER.finditer(line) if len(m[2]) < 1 + len(m[1])]  # fmt: skip
    return found


def unnamed_marks(marks: Iterable[str], legend: str) -> list[str]:
    """The marks that no entry of `legend` names: an entry is a token of drawing characters
    (holding the mark) followed by words, as in "● P", "─│ run/rise", "• y = x**2"."""
    tokens = legend.split()
    named = set()
    for token in tokens[:-1]:  # an entry's mark comes before its words
        if len(token) == 1 or not any(ch.isalnum() for ch in token):
            named.update(token)
    return [mark for mark in dict.fromkeys(marks) if mark and mark not in named]


def _points_and_cells(curve: Series, marked: Series, width: int, height: int, xlim, ylim):
    """The cells `curve` takes, and each drawn point of `marked` with its one cell."""
    on = series_cells(curve, width, height, xlim=xlim, ylim=ylim)
    points = []
    for x, y in zip(marked.xs, marked.ys, strict=False):
        cells = series_cells(Series([x], [y]), width, height, xlim=xlim, ylim=ylim)
        if cells:  # a point outside the plot is not drawn
            points.append(((float(x), float(y)), next(iter(cells))))
    return on, points


def off_curve(
    curve: Series,
    marked: Series,
    width: int,
    height: int,
    *,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
) -> list[tuple[float, float]]:
    """The points of `marked` whose cell is not a cell of `curve` in a text plot of this size
    and these ranges: a point said to be on the curve must sit on what is drawn of it. A
    point outside the plot is not drawn, so it cannot be off."""
    on, points = _points_and_cells(curve, marked, width, height, xlim, ylim)
    return [point for point, cell in points if cell not in on]


def hidden_beside(lines: list[str], curve: Series, marked: Series, width: int, height: int,
                  *, xlim: tuple[float, float], ylim: tuple[float, float],
                  also_on: str = "") -> list[tuple[float, float]]:  # fmt: skip
    """The points of `marked` with none of the curve left showing in the columns just
    beside them (a tangent or a line drawn over it there): a mark with no curve around it
    reads as off the curve even where its cell is one of the curve's. Marks in `also_on`
    (other points on the curve, as P beside Q) count as the curve showing."""
    on, points = _points_and_cells(curve, marked, width, height, xlim, ylim)
    shown = {curve.marker, *also_on}
    found = []
    for point, (_, column) in points:
        beside = [(r, c) for r, c in on if abs(c - column) == 1]
        if beside and not any(r < len(lines) and c < len(lines[r]) and lines[r][c] in shown
                              for r, c in beside):  # fmt: skip
            found.append(point)
    return found
