"""The generic `plot` scene: a function over a range, with marked points and extra curves.

Marked points are given by their x; their heights and slopes are computed from the lesson's
function, so every number shown comes from the project's own math.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gradtui.plotting import Series, auto_limits, format_number, text_plot
from gradtui.script.params import (
    EXPRESSION,
    EXPRESSIONS,
    INTEGER,
    NUMBERS,
    POINTS,
    RANGE,
    TEXT,
    Param,
)

SUMMARY = "A function over a range, with marked points and extra curves."
VIEW = "gradtui.views.plot:PlotView"

PARAMS = (
    Param("f", EXPRESSION, "x**2", "The function to draw, in x.", required=True),
    Param("range", RANGE, (-3.0, 3.0), "The x-range shown, [low, high]."),
    Param("y_range", RANGE, None, "The y-range shown; chosen from the curve when left out."),
    Param("mark", NUMBERS, [], "x values where the curve is marked; f(x) and its slope are shown.",
          max_items=12),
    Param("points", POINTS, [], "Extra points [x, y] to mark, as given.", max_items=32),
    Param("also", EXPRESSIONS, [], "More curves in x to draw on the same axes (e.g. a tangent).",
          max_items=4),
    Param("samples", INTEGER, 240, "How many points of the curve are computed.", low=10, high=4000),
    Param("caption", TEXT, "", "A line shown under the plot."),
)  # fmt: skip

CURVE_MARKERS = ("•", "+", "x", "o", "~")  # f, then each `also` curve: told apart without colour
MARK_MARKER = "●"
POINT_MARKER = "◆"


@dataclass(frozen=True)
class MarkedPoint:
    """A point on the curve: where it is and how steep the curve is there."""

    x: float
    y: float
    slope: float


class PlotState:
    """What the plot scene shows, computed once from its parameters."""

    def __init__(self, params: dict) -> None:
        from gradtui.calculus.expr import parse

        self.params = params
        self.f = parse(params["f"], variables=("x",))
        self.others = [parse(text, variables=("x",)) for text in params["also"]]
        low, high = params["range"]
        self.xs = np.linspace(low, high, params["samples"])
        self.ys = np.asarray(self.f.evaluate(x=self.xs), dtype=float) * np.ones_like(self.xs)
        self.marked = [self._mark(x) for x in params["mark"]]

    def _mark(self, x: float) -> MarkedPoint:
        value, grad = self.f.value_and_gradient(x=float(x))
        return MarkedPoint(float(x), float(value), float(grad.get("x", 0.0)))

    def series(self, ascii: bool) -> list[Series]:
        """Everything to draw, each with its own marker."""
        drawn = [Series(self.xs, self.ys, marker=CURVE_MARKERS[0], label=self.f.text, lines=True)]
        for index, other in enumerate(self.others, start=1):
            ys = np.asarray(other.evaluate(x=self.xs), dtype=float) * np.ones_like(self.xs)
            marker = CURVE_MARKERS[index % len(CURVE_MARKERS)]
            drawn.append(Series(self.xs, ys, marker=marker, label=other.text, lines=True))
        if self.marked:
            drawn.append(
                Series([p.x for p in self.marked], [p.y for p in self.marked], MARK_MARKER)
            )
        if self.params["points"]:
            pts = self.params["points"]
            drawn.append(Series([p[0] for p in pts], [p[1] for p in pts], POINT_MARKER))
        return drawn

    def y_limits(self) -> tuple[float, float]:
        if self.params["y_range"] is not None:
            return tuple(self.params["y_range"])
        return auto_limits(self.ys)

    def plot_lines(self, width: int, height: int, ascii: bool = False) -> list[str]:
        return text_plot(
            self.series(ascii),
            width,
            height,
            xlim=tuple(self.params["range"]),
            ylim=self.y_limits(),
            ascii=ascii,
        )

    def legend(self, ascii: bool = False) -> str:
        """Which marker is which curve, in words."""
        from gradtui.plotting import to_ascii

        parts = [f"{CURVE_MARKERS[0]} y = {self.f.text}"]
        for index, other in enumerate(self.others, start=1):
            parts.append(f"{CURVE_MARKERS[index % len(CURVE_MARKERS)]} y = {other.text}")
        if self.marked:
            parts.append(f"{MARK_MARKER} marked points")
        if self.params["points"]:
            parts.append(f"{POINT_MARKER} given points")
        text = "   ".join(parts)
        return to_ascii(text) if ascii else text

    def readout_lines(self) -> list[str]:
        """Each marked point in words: where it is and the slope there."""
        return [
            f"at x = {format_number(p.x)}: f(x) = {format_number(p.y)}, "
            f"slope = {format_number(p.slope)}"
            for p in self.marked
        ]


def render_text(params: dict, ascii: bool = False) -> str:
    """The plot as plain text, its legend, and the marked points' numbers."""
    state = PlotState(params)
    lines = state.plot_lines(72, 18, ascii)
    lines.append(state.legend(ascii))
    if params["caption"]:
        lines.append(params["caption"])
    lines.extend(state.readout_lines())
    return "\n".join(lines)
