"""The generic `plot` scene: a function over a range, with marked points and extra curves.

Marked points are given by their x; their heights and slopes are computed from the lesson's
function, so every number shown comes from the project's own math.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from gradtui.calculus.points import PointReport, curve_function, examine_point
from gradtui.scenes.contract import SceneState
from gradtui.scenes.kit import markers
from gradtui.scenes.kit.cost import SCENE_SECONDS, curve, parts, readings
from gradtui.scenes.kit.curve import Curve
from gradtui.scenes.kit.layout import Frame, pack, wrap
from gradtui.scenes.kit.markers import Marker
from gradtui.scenes.kit.numbers import number
from gradtui.scenes.kit.params import (
    EXPRESSION,
    EXPRESSIONS,
    INTEGER,
    NUMBERS,
    POINTS,
    RANGE,
    TEXT,
    Param,
)
from gradtui.scenes.kit.plots import Series, text_plot
from gradtui.scenes.kit.slopes import slope_words
from gradtui.textsafe import for_terminal

SUMMARY = "A function over a range, with marked points and extra curves."
FUNCTION = "f"
LIGHTER = "fewer samples or curves (also), or shorter functions"
KEYS = ()  # a still picture: nothing to turn

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

# f, then each `also` curve: told apart without colour
CURVE_MARKERS = (markers.CURVE, markers.TANGENT, Marker("x", "x"), markers.TRAIL, Marker("~", "~"))
MARK_MARKER = markers.POINT
POINT_MARKER = markers.SECOND_POINT


@dataclass(frozen=True)
class MarkedPoint:
    """A point on the curve: where it is and how steep the curve is there."""

    x: float
    y: float
    slope: float
    point: PointReport  # a smooth point, or a corner, a vertical tangent, an edge...


class PlotState(SceneState):
    """What the plot scene shows, computed once from its parameters."""

    def __init__(self, params: dict) -> None:
        from gradtui.calculus.expr import parse

        self.params = params
        self.f = parse(params["f"], variables=("x",))
        self.others = [parse(text, variables=("x",)) for text in params["also"]]
        self.curve = Curve(
            self.f, params["range"], samples=params["samples"], y_range=params["y_range"],
            robust=False,
        )  # fmt: skip
        self.xs, self.ys = self.curve.xs, self.curve.ys
        self.marked = [self._mark(x) for x in params["mark"]]

    def _mark(self, x: float) -> MarkedPoint:
        value, grad = self.f.value_and_gradient(x=float(x))
        point = examine_point(curve_function(self.f), float(x))
        return MarkedPoint(float(x), float(value), float(grad.get("x", 0.0)), point)

    def series(self, ascii: bool) -> list[Series]:
        """Everything to draw, each with its own marker."""
        drawn = []  # the other curves first: f on top, so it shows beside its marked points
        for index, other in enumerate(self.others, start=1):
            ys = Curve(other, self.curve.xlim, samples=len(self.xs), robust=False).ys
            marker = CURVE_MARKERS[index % len(CURVE_MARKERS)].get(ascii)
            drawn.append(Series(self.xs, ys, marker=marker, label=other.text, lines=True))
        xs, ys = self.curve.through(*(p.x for p in self.marked))
        first = CURVE_MARKERS[0].get(ascii)
        drawn.append(Series(xs, ys, marker=first, label=self.f.text, lines=True))
        if self.marked:
            xs, ys = [p.x for p in self.marked], [p.y for p in self.marked]
            drawn.append(Series(xs, ys, MARK_MARKER.get(ascii), "marked"))
        if self.params["points"]:
            pts = self.params["points"]
            drawn.append(Series([p[0] for p in pts], [p[1] for p in pts], POINT_MARKER.get(ascii)))
        return drawn

    def y_limits(self) -> tuple[float, float]:
        return self.curve.ylim

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
        parts = [f"{CURVE_MARKERS[0].get(ascii)} y = {self.f.text}"]
        for index, other in enumerate(self.others, start=1):
            marker = CURVE_MARKERS[index % len(CURVE_MARKERS)].get(ascii)
            parts.append(f"{marker} y = {other.text}")
        if self.marked:
            parts.append(f"{MARK_MARKER.get(ascii)} marked points")
        if self.params["points"]:
            parts.append(f"{POINT_MARKER.get(ascii)} given points")
        return "   ".join(parts)

    def readout_lines(self) -> list[str]:
        """Each marked point in words: where it is and the slope there (or, where f has no
        value, which operation took it away)."""
        lines = []
        for p in self.marked:
            if math.isnan(p.y):
                why = self.f.why_undefined(x=p.x) or "f has no value here"
                lines.append(f"at x = {number(p.x)}: f(x) = {number(p.y)}: {why}")
                continue
            slope = slope_words(p.point, p.slope)
            lines.append(f"at x = {number(p.x)}: f(x) = {number(p.y)}, slope = {slope}")
        return lines

    def notes(self, width: int, ascii: bool = False) -> list[str]:
        """The lines under the plot, wrapped to `width`: the legend (an entry never split
        from its mark), the caption, each marked point in words."""
        legend = self.legend(ascii).split("   ")
        lines = pack([for_terminal(part, ascii) for part in legend], width, gap="   ")
        words = [self.params["caption"]] if self.params["caption"] else []
        words += self.readout_lines()
        return lines + [row for line in words for row in wrap(for_terminal(line, ascii), width)]

    def frame(self, width: int, height: int, ascii: bool = False) -> Frame:
        """The plot filling what the notes under it leave (they wrap to the width)."""
        frame = Frame(width, height, ascii)
        notes = self.notes(width, ascii)
        room = height - len(notes)
        if width >= 20 and room >= 5:
            frame.place("plot", 0, 0, self.plot_lines(width, room, ascii))
        elif width >= 28 and room >= 1:
            frame.place("plot", 0, 0, ["(too small to draw the plot)"])
        frame.place("notes", 0, max(frame.bottom, room, 0), notes)
        return frame

    def readout(self) -> str:
        return "\n".join([self.legend(), *self.readout_lines()])


State = PlotState


def cost(params: dict) -> float:
    """Seconds `render_text` may take here (gradtui/scenes/kit/cost.py): each curve over its
    samples, drawn, and each marked point read."""
    curves = [parts(text, ("x",)) for text in [params["f"], *params["also"]]]
    drawing = sum(curve(nodes, params["samples"], passes=2) for nodes in curves)
    return SCENE_SECONDS + drawing + readings(len(params["mark"]), curves[0])


def render_text(params: dict, ascii: bool = False) -> str:
    """The plot as plain text, its legend, and the marked points' numbers."""
    state = PlotState(params)
    lines = state.plot_lines(72, 18, ascii)
    lines.append(state.legend(ascii))
    if params["caption"]:
        lines.append(params["caption"])
    lines.extend(state.readout_lines())
    return for_terminal("\n".join(lines), ascii)
