"""The `dashboard` scene: walk a point along a curve and read its slope like a gauge.

`DashboardState` reads the derivative at the point (by autodiff, through
gradtui.calculus.points.read_slope) as a sign (rising / falling / flat), a size (steep / gentle /
nearly level) and, where it is flat, a shape (peak / valley / plateau), in words and as a text
gauge, and draws the frame: the curve, and under it the slope curve f′(x) with its value at the
point marked, so sign and size read off a second curve too (the gauge's needle saturates: a
slope of 3.75 and one of 6.19 sit close together on it; on the slope curve they do not).
"""

from __future__ import annotations

import math
import textwrap

import numpy as np

from gradtui.calculus.points import (
    BISECTION_STEPS,
    EDGE_STEPS,
    FLAT,
    MAX_FLAT_PLACES,
    NEARLY_LEVEL,
    STEEP,
    Reading,
    flat_places,
    opposite_signs,
    read_slope,
    slopes_around,
)
from gradtui.scenes.contract import Press, SceneState
from gradtui.scenes.kit import markers
from gradtui.scenes.kit.cost import SCENE_SECONDS, at_points, curve, parts, readings
from gradtui.scenes.kit.curve import Curve
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.layout import PICTURE_ROWS, Frame, above_picture, beside, fit, pack
from gradtui.scenes.kit.markers import Marker
from gradtui.scenes.kit.numbers import in_words
from gradtui.scenes.kit.params import EXPRESSION, FLAG, NUMBER, RANGE, Param
from gradtui.scenes.kit.plots import (
    PlotRuler,
    Series,
    line_in_box,
    text_plot,
    titled,
    zero_on_a_row,
)
from gradtui.scenes.kit.slopes import slope_words
from gradtui.scenes.kit.steps import step_range, steps_to
from gradtui.textsafe import for_terminal

SUMMARY = "A point walking along a curve, its tangent, and a gauge reading the slope in words."
FUNCTION = "f"
LIGHTER = "a shorter f"

PARAMS = (
    Param("f", EXPRESSION, "x**3 - 3*x", "The function, in x."),
    Param("x", NUMBER, -2.0, "Where the point starts.", low=-1e6, high=1e6),
    Param("step", NUMBER, 0.25, "How far one small step moves the point (a big step is 5 of them).",
          low=1e-6, high=1e6),
    Param("range", RANGE, (-3.0, 3.0), "The x-range shown and walked (widened to hold x)."),
    Param("y_range", RANGE, None, "The y-range shown; chosen from the curve when left out."),
    Param("slope_curve", FLAG, True, "Draw the slope curve f′(x) under f, its value at x marked "
          "(when there is room); d shows or hides it."),
)  # fmt: skip

KEYS = (
    Key("comma", "walk", "step left", show=",", args=(-1,)),
    Key("full_stop", "walk", "step right", show=".", args=(1,)),
    Key("left_square_bracket", "walk", "5 steps left", show="[", args=(-5,)),
    Key("right_square_bracket", "walk", "5 steps right", show="]", args=(5,)),
    Key("d", "toggle_slope_curve", "slope curve on/off"),
)

GAUGE_SCALE = 2.0  # the slope that sits three quarters of the way to the gauge's end
SWING = Marker("━", "=")  # the gauge's bar from flat to the slope's marker
FLAT_MARK = Marker("┼", "+")  # the gauge's centre: flat
BIG_STEP = 5  # a big step is this many small ones
SIDE_WIDTH = 34  # the readings column beside the plot, when wide
WIDE = 72
SLOPE_ROWS = 6  # the slope curve's plot: its frame and 4 rows to draw in (f's x labels serve)
SLOPE_MARK = Marker("∘", "~")  # the slope curve f′(x), apart from f's dots and the tangent


def plateau_words(expr, x: float) -> str:
    """What a plateau does on either side: rising on, falling on, or level all around."""
    left, right = slopes_around(expr.derivative("x"), x)
    if left > FLAT and right > FLAT:
        return "flat for a moment, then rising on"
    if left < -FLAT and right < -FLAT:
        return "flat for a moment, then falling on"
    return "level ground around this point"


def gauge(slope: float, width: int, ascii: bool = False) -> str:
    """`falling ◀────┼━━●──▶ rising`: a bar from the centre (flat) to the slope's marker.

    The marker's place is 0.5 + atan(slope / GAUGE_SCALE) / pi of the way along, so any slope,
    however large, stays on the gauge; the words carry the meaning without colour.
    """
    track = max(width - len("falling ◀▶ rising"), 3)
    centre = track // 2
    cells = [markers.RUN.get(ascii)] * track
    if math.isfinite(slope) or math.isinf(slope):
        at = (
            0.5 + math.atan(slope / GAUGE_SCALE) / math.pi
            if math.isfinite(slope)
            else (1.0 if slope > 0 else 0.0)
        )
        spot = min(max(round(at * (track - 1)), 0), track - 1)
        for i in range(min(spot, centre), max(spot, centre)):
            cells[i] = SWING.get(ascii)
        cells[centre] = FLAT_MARK.get(ascii)
        cells[spot] = markers.POINT.get(ascii)
    else:
        cells[centre] = "?"
    left, right = markers.LEFT_EDGE.get(ascii), markers.RIGHT_EDGE.get(ascii)
    return f"falling {left}{''.join(cells)}{right} rising"


class DashboardState(SceneState):
    """The dashboard scene's point, its reading, and its frame."""

    def __init__(self, params: dict) -> None:
        from gradtui.calculus.expr import parse

        self.params = params
        self.expr = parse(params["f"], variables=("x",))
        self.start = float(params["x"])
        self.step = abs(float(params["step"])) or 0.25
        low, high = params.get("range") or (-3.0, 3.0)
        self.xlim = (min(float(low), self.start), max(float(high), self.start))
        self.curve = Curve(self.expr, self.xlim, y_range=params.get("y_range"))
        self.ylim = self.curve.ylim
        self.slope_of = self.expr.derivative("x")
        self.slope_curve = Curve(self.slope_of, self.xlim, hold=[0.0])
        self.show_slope = bool(params.get("slope_curve", True))
        self.steps_taken = 0
        self._reading = read_slope(self.expr, self.x)

    # --- moving ---

    @property
    def x(self) -> float:
        """Where the point is: the start plus whole steps (no drift from adding up steps)."""
        x = self.start + self.steps_taken * self.step
        return float(f"{x:.12g}") if x != 0 else 0.0

    def walk(self, steps: int) -> None:
        """Walk `steps` small steps (negative: to the left): the keys , . [ and ]."""
        self.move(steps)

    def move(self, steps: int) -> None:
        """Walk `steps` small steps (negative: to the left), stopping at the range's ends."""
        lowest, highest = step_range(self.start, self.step, self.xlim)
        self.steps_taken = min(max(self.steps_taken + steps, lowest), highest)
        self._reading = read_slope(self.expr, self.x)

    def toggle_slope_curve(self) -> None:
        """Show or hide the slope curve under f."""
        self.show_slope = not self.show_slope

    # --- readings ---

    @property
    def reading(self) -> Reading:
        return self._reading

    @property
    def slope(self) -> float:
        """The slope at the point by autodiff (its convention at a corner: see `reading`)."""
        return self._reading.slope

    @property
    def gauge_slope(self) -> float:
        """What the gauge points at: the slope, or nothing (nan) at a corner."""
        return math.nan if self._reading.sign == "corner" else self._reading.slope

    def sentence(self) -> str:
        """The reading as a sentence a learner can check against the picture."""
        r = self._reading
        if not math.isfinite(r.y):
            why = self.expr.why_undefined(x=r.x)
            because = f" ({why})" if why else ""
            return (
                f"f({in_words(r.x)}) = {in_words(r.y)}{because}: the curve has no point here, "
                "so no slope."
            )
        if r.sign == "undefined":
            return "The slope is not a number here: the curve has no single tangent."
        if r.sign == "corner":
            return (
                f"A sharp corner: just left of it the slope is {in_words(r.left)}, just right "
                f"{in_words(r.right)}. No single tangent fits, so there is no slope here."
            )
        if math.isinf(r.slope):
            return "The curve stands vertical here: the slope is infinite."
        if r.sign == "flat":
            if r.shape == "peak":
                return "Flat at the top of a peak: rising before it, falling after it."
            if r.shape == "valley":
                return "Flat at the bottom of a valley: falling before it, rising after it."
            return f"Flat, but neither peak nor valley: {plateau_words(self.expr, r.x)}."
        per = f"{abs(r.slope):.3g}"
        way = "up" if r.slope > 0 else "down"
        text = f"{r.words.capitalize()}: a small step right moves the height {way} {per} times "
        text += "as far."
        return text + self._turn_note()

    def _turn_note(self) -> str:
        """A note when a peak or valley lies between this point and the next one either way."""
        here = self._reading.slope
        slope_at = self.expr.derivative("x")
        for direction, where in ((1, "ahead, before the next step"), (-1, "just behind")):
            there = float(slope_at(self.x + direction * self.step))
            if math.isfinite(there) and abs(there) > FLAT and opposite_signs(there, here):
                rising_first = (here if direction > 0 else there) > 0
                kind = "peak" if rising_first else "valley"
                return f" The slope changes sign {where}: a {kind} lies there."
        return ""

    def readout_fields(self) -> list[str]:
        """Every number on screen, each labelled in words."""
        r = self._reading
        slope = f"slope = {slope_words(r.point, r.slope, '(autodiff)')}"
        return [f"x = {in_words(r.x)}", f"f(x) = {in_words(r.y)}", slope, f"reading: {r.words}"]

    def legend(self, ascii: bool = False, width: int | None = None) -> str:
        """What the marks mean, in `width` columns: a long f gives way to "y = f(x)" rather
        than be cut mid-formula."""
        point, tangent, curve = (
            m.get(ascii) for m in (markers.POINT, markers.TANGENT, markers.CURVE)
        )
        full = f"{point} point  {tangent} tangent  {curve} y = {self.expr.text}"
        short = f"{point} point  {tangent} tangent  {curve} y = f(x)"
        return full if width is None or len(full) <= width else short[:width]

    # --- drawing ---

    def series(self, ascii: bool) -> list[Series]:
        r = self._reading
        curve, tangent, point = (
            m.get(ascii) for m in (markers.CURVE, markers.TANGENT, markers.POINT)
        )
        drawn = []  # the tangent under the curve, so the curve shows on both sides of the point
        if math.isfinite(r.y):
            reach = (self.xlim[1] - self.xlim[0]) / 6
            box = (max(self.xlim[0], r.x - reach), min(self.xlim[1], r.x + reach))
            xs, ys = line_in_box(r.x, r.y, self.gauge_slope, box, self.ylim)
            if xs:  # no tangent at a corner: there is no single one
                drawn.append(Series(xs, ys, tangent, "tangent", lines=True))
        xs, ys = self.curve.through(r.x)
        drawn.append(Series(xs, ys, curve, "f", lines=True))
        if math.isfinite(r.y):
            drawn.append(Series([r.x], [r.y], point, "point"))
        return drawn

    def plot_lines(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """f's plot: the curve, the tangent and the point."""
        lines = text_plot(self.series(ascii), width, height, xlim=self.xlim, ylim=self.ylim,
                          ascii=ascii)  # fmt: skip
        return fit(lines, width, height)

    def picture_lines(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """f's plot, and under it the slope curve's when it is on and both fit."""
        slope_rows = self.slope_rows(height)
        lines = self.plot_lines(width, height - slope_rows, ascii)
        if slope_rows:
            lines += self.slope_lines(width, slope_rows, ascii)
        return fit(lines, width, height)

    def slope_rows(self, height: int) -> int:
        """The rows the slope curve's plot takes of a picture `height` tall (0: not drawn)."""
        if self.show_slope and height >= PICTURE_ROWS + SLOPE_ROWS:
            return max(SLOPE_ROWS, min(height * 2 // 5, height - PICTURE_ROWS))
        return 0

    def spot_picture(self, frame: Frame, y: int, width: int, height: int) -> None:
        """Mark the picture `picture_lines` drew at row `y` as answering the mouse: f's plot
        and the slope curve's, both read along the same x."""
        slope_rows = self.slope_rows(height)
        above = height - slope_rows
        frame.spot("plot", 0, y, width, above, PlotRuler(width, above, self.xlim, self.ylim))
        if slope_rows:
            ruler = PlotRuler(width, slope_rows + 1, self.xlim, self.slope_ylim(width, slope_rows))
            frame.spot("slope", 0, y + above, width, slope_rows, ruler)

    def slope_ylim(self, width: int, height: int) -> tuple[float, float]:
        """The slope plot's y range at this size: the slope curve's, widened so that the line
        of slope 0 sits on the row labelled 0."""
        return zero_on_a_row(width, height + 1, self.slope_curve.ylim, self.xlim)

    def slope_lines(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The slope curve f′(x) by autodiff over the same x-range, the line of slope 0, and
        the slope at the point marked on it, its value in the caption."""
        r = self._reading
        mark, point = SLOPE_MARK.get(ascii), markers.POINT.get(ascii)
        low, high = self.slope_curve.ylim
        series, ylim = [], self.slope_ylim(width, height)
        if low < 0 < high:
            series.append(Series(list(self.xlim), [0.0, 0.0], markers.RUN.get(ascii), lines=True))
        slope = self.gauge_slope
        xs, ys = self.slope_curve.through(r.x)
        series.append(Series(xs, ys, mark, "f′", lines=True))
        if math.isfinite(slope):
            series.append(Series([r.x], [slope], point, "slope here"))
        lines = text_plot(series, width, height + 1, xlim=self.xlim, ylim=ylim, ascii=ascii)[
            :height
        ]  # its x labels left out: f's, above, are the same
        here = in_words(slope) if math.isfinite(slope) else "none"
        zero = f"  {markers.RUN.get(ascii)} 0" if low < 0 < high else ""
        title = [f"{mark} slope f′(x)  {point} here: {here}{zero}", f"{mark} f′(x)  {point} {here}",
                 f"f′ {here}"]  # fmt: skip
        return titled(lines, [for_terminal(t, ascii) for t in title])

    def frame(self, width: int, height: int, ascii: bool = False) -> Frame:
        """The scene fitted into width x height: readings (always), gauge, sentence, plot.

        Wide: the plot on the left, the readings, gauge and sentence in a column on the right.
        The plots answer the mouse: a press or a drag walks the point to the x pressed.
        """
        frame = Frame(max(width, 0), max(height, 0), ascii)
        if width <= 0 or height <= 0:
            return frame
        fields = [for_terminal(f, ascii) for f in self.readout_fields()]
        sentence = for_terminal(self.sentence(), ascii)
        if width >= WIDE and height >= 8:
            plot_width = width - SIDE_WIDTH - 2
            side = pack(fields, SIDE_WIDTH)
            side.append(gauge(self.gauge_slope, SIDE_WIDTH, ascii))
            side += textwrap.wrap(sentence, SIDE_WIDTH)
            plot = self.picture_lines(plot_width, height - 1, ascii)
            plot.append(self.legend(ascii, plot_width))
            frame.place("scene", 0, 0, fit(beside(plot, side, plot_width), width, height))
            self.spot_picture(frame, 0, plot_width, height - 1)
            return frame
        readings = pack(fields, width)
        meter = [gauge(self.gauge_slope, min(width, 60), ascii)]
        words = textwrap.wrap(sentence, max(width, 1))
        if width < 30 or height < PICTURE_ROWS + 3:
            frame.place("scene", 0, 0, fit(readings + meter + words, width, height))
            return frame
        top = above_picture(height, [readings, meter, words], PICTURE_ROWS + 1)
        plot = self.picture_lines(width, height - len(top) - 1, ascii)
        frame.place("scene", 0, 0, fit([*top, *plot, self.legend(ascii, width)], width, height))
        self.spot_picture(frame, len(top), width, height - len(top) - 1)
        return frame

    # --- the mouse ---

    def click(self, x: int, y: int, width: int, height: int) -> bool:
        """A press on a plot walks the point to the x pressed, in whole steps (as , . [ ] do)."""
        return self._walk_to(self.pressed(x, y, width, height))

    def drag(self, x: int, y: int, width: int, height: int) -> bool:
        """Dragging along a plot walks the point with the mouse (held at the range's ends)."""
        return self._walk_to(self.dragged(x, y, width, height), clamp=True)

    def _walk_to(self, press: Press | None, clamp: bool = False) -> bool:
        where = press.point(clamp) if press is not None else None
        if where is None:
            return False
        before = self.steps_taken
        self.walk(steps_to(where[0], self.start, self.step, self.xlim) - before)
        return self.steps_taken != before

    def readout(self) -> str:
        """The reading as plain text (for tests and screen readers)."""
        return "\n".join([*self.readout_fields(), gauge(self.gauge_slope, 40), self.sentence()])


def cost(params: dict) -> float:
    """Seconds `render_text` may take here (gradtui/scenes/kit/cost.py): the curve and its
    slopes over the range, bisections for each flat place (where the slope changes sign, or
    where a flat stretch begins and ends), the readings along the range."""
    nodes = parts(params["f"], ("x",))
    each = max(BISECTION_STEPS, 2 * EDGE_STEPS)
    bisections = at_points((MAX_FLAT_PLACES + 1) * each, nodes)
    return SCENE_SECONDS + bisections + readings(9, nodes) + curve(nodes, 801)


def render_text(params: dict, ascii: bool = False) -> str:
    """The curve, then the readings at a few points along the range and where it is flat."""
    state = DashboardState(params)
    out = [for_terminal(f"y = {state.expr.text}", ascii)]
    out += state.picture_lines(72, 25 if state.show_slope else 16, ascii)
    out.append(state.legend(ascii))
    out.append("")
    out.append(f"{'x':>9}  {'slope':>10}  reading")
    low, high = state.xlim
    for x in np.linspace(low, high, 9):
        r = read_slope(state.expr, float(f"{x:.12g}"))
        slope = "none" if r.sign == "corner" else in_words(r.slope)
        out.append(for_terminal(f"{in_words(r.x):>9}  {slope:>10}  {r.words}", ascii))
    named = []
    for start, end in flat_places(state.expr, low, high):
        reading = read_slope(state.expr, start)
        if reading.sign != "flat":  # a corner's autodiff 0 is not flat ground
            continue
        if end > start:
            named.append(f"x = {in_words(round(start, 9))} to {in_words(round(end, 9))} "
                         "(flat all the way)")  # fmt: skip
        else:
            named.append(f"x = {in_words(round(start, 9))} ({reading.shape})")
    if named:
        out.append("")
        out += textwrap.wrap("The slope is zero at " + ", ".join(named) + ".", 76)
    out.append("")
    out += textwrap.wrap(
        f"Gauge words: flat means |slope| <= {FLAT:g}; nearly level below {NEARLY_LEVEL:g}; "
        f"gentle below {STEEP:g}; steep from {STEEP:g} (height per unit step in x).",
        76,
    )
    return "\n".join(out)


State = DashboardState
