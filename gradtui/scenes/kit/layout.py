"""Laying plain text out in a scene's width × height: frames of panels, packed readouts, fitting.

`Frame` and `Panel` describe a screenful as separately placed rectangles, so a view can repaint
each on its own (gradtui.views.canvas.PanelBoard); a frame's `Spot`s say which of its rectangles
answer the mouse and what a cell there means (a plot's x and y, a map's point, a neuron), so a
press is read against the very picture on screen (`Press`). The functions pack, wrap and cut
lines to a size. Never imports Textual.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any, Protocol

from gradtui.textsafe import ascii_only

CELL = 18  # columns per readout cell: a short readout and a gap


@dataclass(frozen=True)
class Panel:
    """A rectangle of a frame that the view draws, and repaints, on its own.

    Textual resends a changed row of a widget from the widget's left edge, so numbers that
    change every frame live in their own narrow panel rather than at the end of a wide row.
    """

    name: str
    x: int
    y: int
    width: int
    lines: tuple[str, ...]
    highlight: tuple[int, int, int] | None = None  # (row, first column, end column), inside
    cut: tuple[int, ...] = ()  # rows whose text ran past the width and lost characters

    @property
    def height(self) -> int:
        return len(self.lines)


class Ruler(Protocol):
    """What turns a cell of a picture back into the picture's own coordinates: a plot's
    (gradtui.scenes.kit.plots.PlotRuler) or a map's (gradtui.scenes.kit.maps.MapRuler)."""

    @property
    def cell_size(self) -> tuple[float, float]:
        """How far apart neighbouring cells lie, in x and in y."""

    def point_at(self, column: int, row: int, clamp: bool = False) -> tuple[float, float] | None:
        """The (x, y) the cell at `column`, `row` of the picture shows; None off its drawing
        area, unless `clamp`, which takes the nearest cell on it (a drag past the edge)."""


@dataclass(frozen=True)
class Spot:
    """A rectangle of a frame that answers the mouse, and what a cell inside it means:
    `meaning` is a `Ruler` for a plot or a map, or whatever the scene reads there (a neuron's
    layer and number, a gear's index)."""

    name: str
    x: int
    y: int
    width: int
    height: int
    meaning: Any = None

    def holds(self, x: int, y: int) -> bool:
        return self.x <= x < self.x + self.width and self.y <= y < self.y + self.height


@dataclass(frozen=True)
class Press:
    """A cell of the frame read against a spot: where in the spot it fell (`column`, `row`,
    counted from the spot's corner; outside it when a drag went past its edge)."""

    spot: Spot
    column: int
    row: int

    @property
    def name(self) -> str:
        return self.spot.name

    @property
    def inside(self) -> bool:
        return 0 <= self.column < self.spot.width and 0 <= self.row < self.spot.height

    def point(self, clamp: bool = False) -> tuple[float, float] | None:
        """The picture's (x, y) at this cell, by the spot's ruler (None off its drawing)."""
        return self.spot.meaning.point_at(self.column, self.row, clamp)


class Frame:
    """One screenful of a scene: panels placed on a `width`×`height` area, and the spots of it
    that answer the mouse.

    `lines` paints the panels together into plain text (what a user or a test reads).
    """

    def __init__(self, width: int, height: int, ascii: bool = False) -> None:
        self.width, self.height = max(width, 0), max(height, 0)
        self.ascii = ascii
        self.panels: list[Panel] = []
        self.spots: list[Spot] = []

    @classmethod
    def of_lines(cls, lines: list[str], width: int, height: int, ascii: bool = False) -> Frame:
        """A frame holding `lines` as one panel (a scene laid out as a single block of text)."""
        frame = cls(width, height, ascii)
        frame.place("scene", 0, 0, lines)
        return frame

    def place(
        self,
        name: str,
        x: int,
        y: int,
        lines: list[str],
        width: int | None = None,
        highlight: tuple[int, int, int] | None = None,
    ) -> None:
        """Add a panel, clipped to the frame (a panel that would be empty is left out). In an
        ASCII frame its words are spelled in 7 bits first (textsafe's one spelling table)."""
        width = min(self.width - x if width is None else width, self.width - x)
        lines = lines[: max(self.height - y, 0)]
        if width < 1 or not lines or x < 0 or y < 0:
            return
        spelled = [ascii_only(line) for line in lines] if self.ascii else lines
        clipped = tuple(line[:width].rstrip() for line in spelled)
        cut = tuple(row for row, line in enumerate(spelled) if line[width:].strip())
        if highlight is not None and highlight[0] >= len(clipped):
            highlight = None
        if highlight is not None:
            row, start, end = highlight
            highlight = (row, min(start, width), min(end, width))
        self.panels.append(Panel(name, x, y, width, clipped, highlight, cut))

    def spot(self, name: str, x: int, y: int, width: int, height: int, meaning: Any = None) -> None:
        """Mark a rectangle the mouse can act on (a spot placed later lies on top). Spots are
        not drawn: place the picture itself as a panel."""
        if width >= 1 and height >= 1:
            self.spots.append(Spot(name, x, y, width, height, meaning))

    def press_at(self, x: int, y: int) -> Press | None:
        """The spot under cell (x, y) of the frame, read there; None when no spot holds it."""
        if not (0 <= x < self.width and 0 <= y < self.height):
            return None
        spot = next((s for s in reversed(self.spots) if s.holds(x, y)), None)
        return None if spot is None else Press(spot, x - spot.x, y - spot.y)

    def spot_named(self, name: str) -> Spot | None:
        return next((s for s in reversed(self.spots) if s.name == name), None)

    def spot_like(self, held: Spot) -> Spot | None:
        """The spot of this frame that is `held` (from an earlier frame) as it is placed now:
        the one of its name, or, where several share the name (a board's sliders, a row of
        gears), the one that means the same thing; None when none does."""
        named = [s for s in reversed(self.spots) if s.name == held.name]
        if len(named) == 1:
            return named[0]
        return next((s for s in named if s.meaning == held.meaning), None)

    @property
    def bottom(self) -> int:
        """The first row below every panel placed so far."""
        return max((p.y + p.height for p in self.panels), default=0)

    @property
    def lines(self) -> list[str]:
        grid = [[" "] * self.width for _ in range(self.bottom)]
        for panel in self.panels:
            for row, text in enumerate(panel.lines):
                grid[panel.y + row][panel.x : panel.x + len(text)] = list(text)
        return ["".join(row).rstrip() for row in grid]

    @property
    def highlight(self) -> tuple[int, int, int] | None:
        """The highlighted span in frame coordinates, if a panel has one."""
        for panel in self.panels:
            if panel.highlight is not None:
                row, start, end = panel.highlight
                return (panel.y + row, panel.x + start, panel.x + end)
        return None


def pack(fields: list[str], width: int, gap: str = "   ") -> list[str]:
    """Fields laid out left to right, wrapping to a new line when the next would not fit. A
    field too long for a line is wrapped onto lines of its own (the next starts afresh, not
    after its last words)."""
    lines: list[str] = []
    wrapped = False  # the last line ends a wrapped field
    for item in fields:
        too_long = len(item) > width and width >= 12
        if lines and not wrapped and len(lines[-1]) + len(gap) + len(item) <= width:
            lines[-1] += gap + item
        elif too_long:  # for a line of its own: wrap it
            lines += textwrap.wrap(item, width, subsequent_indent="  ")
        else:
            lines.append(item)
        wrapped = too_long
    return lines


def cell_line(items: list[str], cell: int = CELL) -> str:
    """Items on one line, each in a cell of `cell` columns."""
    return "".join(
        f"{item:<{cell}}" if len(item) < cell else item + "  " for item in items
    ).rstrip()


def cell_width(items: list[str], cell: int = CELL, width: int | None = None) -> int:
    """Columns per cell for `items`: `cell`, or as many as the longest item and a gap of two
    need, so every cell of a column starts in the same place; but never so wide that two
    cells no longer fit in `width` (an item longer than that takes a line of its own)."""
    wide = max([cell, *(len(item) + 2 for item in items)])
    return wide if width is None else min(wide, max(cell, width // 2))


def cells(items: list[str], width: int, cell: int = CELL) -> list[str]:
    """Items in fixed-width cells, as many to a line as fit (so values do not shift about
    as their digits change, and an animation repaints few cells); the cells widen together
    for an item longer than a cell holds, and an item goes on a new line when it would not
    fit after the ones before it."""
    cell = cell_width(items, cell, width)
    per_line = max(1, width // cell)
    lines: list[list[str]] = []
    for item in items:
        line = lines[-1] if lines else []
        if line and len(line) < per_line and len(cell_line([*line, item], cell)) <= width:
            line.append(item)
        else:
            lines.append([item])
    return [cell_line(line, cell) for line in lines]


def wrap(text: str, width: int) -> list[str]:
    """A sentence wrapped to width (at least 1 column)."""
    return textwrap.wrap(text, max(width, 1)) if text else []


def beside(left: list[str], right: list[str], left_width: int) -> list[str]:
    """Two columns of lines side by side: `left` padded to `left_width`, two spaces, `right`."""
    return [f"{a:<{left_width}}  {b}".rstrip() for a, b in zip_longest(left, right, fillvalue="")]


PICTURE_ROWS = 9  # the fewest rows a scene's main picture may be given: a plot of 9 lines has
# 6 rows to draw in, besides its frame and its x labels


def above_picture(height: int, blocks: list[list[str]], picture: int = PICTURE_ROWS) -> list[str]:
    """The lines to show above a picture that must keep `picture` rows out of `height`.

    `blocks` come most important first; each gives as many of its lines as still fit, so on a
    small screen the readouts shrink to their first lines and the picture stays. A block cut
    short ends in "…", so a sentence never just stops.
    """
    room = max(height - picture, 0)
    lines: list[str] = []
    for block in blocks:
        take = block[: max(room - len(lines), 0)]
        if take and len(take) < len(block):
            take[-1] = take[-1].rstrip() + " …"
        lines += take
    return lines


def fit(lines: list[str], width: int, height: int) -> list[str]:
    """At most height lines, each at most width characters."""
    width, height = max(width, 0), max(height, 0)
    return [line[:width] for line in lines[:height]]
