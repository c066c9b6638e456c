"""The `field` scene: a function of x and y as a shaded map, a point the learner moves, the
gradient arrow (uphill, its length the steepness) and the negative gradient (downhill).

A compass reads the slope along each heading u at the point, the directional slope grad f . u:
the steepest heading is the gradient's own, at a slope of |grad f|, and no heading climbs
faster. Beside the map, a slice -- f walked along the chosen heading through the point -- shows
where the compass reading comes from: its slope at the point is that heading's reading. The x-
and y-slices hold one knob still: their slopes are the partial derivatives. Every number comes
from the function's autodiff graph (gradtui.calculus.gradient); a flat point says so.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import numpy as np

from gradtui.calculus import gradient as grad
from gradtui.calculus.expr import parse
from gradtui.calculus.numeric import central_difference
from gradtui.scenes.contract import SceneState
from gradtui.scenes.kit import maps, markers
from gradtui.scenes.kit.cost import SCENE_SECONDS, over_arrays, parts, readings
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.layout import Frame
from gradtui.scenes.kit.numbers import in_words, number, short
from gradtui.scenes.kit.params import (
    EXPRESSION,
    FLAG,
    INTEGER,
    NUMBER,
    NUMBERS,
    RANGE,
    Param,
    within,
)
from gradtui.scenes.kit.plots import (
    PlotCache,
    Series,
    line_in_box,
    plot_limits,
    quantiles,
    raster,
    sane_range,
    text_plot,
    to_ascii,
)

SUMMARY = (
    "A function of x and y as a shaded map: move a point, see the gradient arrow (uphill) and "
    "its opposite (downhill), and a compass of the slope along every heading."
)
FUNCTION = "f"
LIGHTER = "a shorter f"

PARAMS = (
    Param("f", EXPRESSION, "x^2 + 2*y^2", "The ground's height: an expression in x and y.",
          variables=("x", "y")),
    Param("at", NUMBERS, [1.5, 1.0], "Where the point starts, [x, y] (the ranges widen to "
          "hold it).", low=-1e6, high=1e6, max_items=2),
    Param("x_range", RANGE, (-3.0, 3.0), "The x-range of the map, [low, high]."),
    Param("y_range", RANGE, (-3.0, 3.0), "The y-range of the map, [low, high]."),
    Param("headings", INTEGER, 16, "How many compass headings are read around the point.",
          low=4, high=64),
    Param("heading", NUMBER, 0.0, "The chosen heading at the start, in degrees from +x "
          "counter-clockwise (0 = +x, 90 = +y).", low=-360.0, high=360.0),
    Param("contours", FLAG, True, "Draw contour lines (equal heights) over the shading."),
    Param("step", NUMBER, None, "How far one arrow press moves the point (default: a "
          "twentieth of the range).", low=1e-9, high=1e6),
)  # fmt: skip

KEYS = (
    Key("enter", "enter_map", "move the point", when="!in_map"),
    Key("escape", "leave_map", "leave the map", show="esc", when="in_map"),
    Key("up", "move", "point up", args=(0, 1), when="in_map"),
    Key("down", "move", "point down", args=(0, -1), when="in_map"),
    Key("left", "move", "point left", args=(-1, 0), when="in_map"),
    Key("right", "move", "point right", args=(1, 0), when="in_map"),
    Key("full_stop,h", "turn", "turn heading", show="./h", args=(1,)),
    Key("comma", "turn", "turn back", show=",", args=(-1,)),
    Key("u", "face_uphill", "face uphill"),
    Key("x", "show_slice", "x-slice", args=("x",)),
    Key("y", "show_slice", "y-slice", args=("y",)),
    Key("v", "switch_side", "compass/slice"),
    Key("c", "toggle_contours", "contours"),
    Key("r", "reset", "reset"),
)

STEPS_ACROSS = 20  # the default step is this fraction of a range
GRADIENT_SAMPLES = (33, 17)  # where |grad f| is sampled to scale the arrow
SIDE_WIDTH = 32  # the readings column beside the map, at least (a third of a wide frame)
PAIR_WIDTH = len("∂f/∂x = -1.234e+05  ∂f/∂y = -1.234e+05")  # both partials on one line
MAP_STRIP = 10  # the map is drawn in strips this wide: a change repaints only its strips
MIN_MAP = (20, 6)  # the smallest map worth drawing: columns, rows
SLICE_ROWS = 8  # the slice's caption and plot need this many rows
FLAT_WORDS = "none: flat here"


@dataclass(frozen=True)
class Look:
    """The characters of the map's marks, in Unicode or in 7-bit ASCII (never told by colour).

    The ASCII shading ramp leaves out every character a mark uses."""

    shades: str
    contour: str
    point: str
    downhill: str
    heading: str
    lines: tuple[str, str, str, str]  # along x, along y, rising to the right, falling to it
    heads: tuple[str, ...]  # arrowheads for E, NE, N, NW, W, SW, S, SE
    bars: str  # the compass strip, lowest slope to highest


UNICODE = Look(maps.BLOCKS, "~", markers.POINT.unicode, "·", "◦", ("─", "│", "╱", "╲"),
               tuple("→↗↑↖←↙↓↘"), " ▁▂▃▄▅▆▇█")  # fmt: skip
ASCII = Look(" :;=+%#@", "~", markers.POINT.ascii, ".", "*", ("-", "|", "/", "\\"),
             (">", "^", "^", "^", "<", "v", "v", "v"), "_.,:;=+#")  # fmt: skip


def look(ascii: bool) -> Look:
    return ASCII if ascii else UNICODE


def check(params: dict) -> list[tuple[str, str]]:
    """`at` is one point: exactly two numbers [x, y]."""
    if len(params["at"]) != 2:
        return [("at", f"at must be one point [x, y], two numbers, not {len(params['at'])}")]
    return []


def degrees_words(degrees: float, ascii: bool = False) -> str:
    """A heading as the learner reads it: 53.13° (NE), or 53.13 deg (NE) in ASCII."""
    return f"{number(degrees, 5)}{' deg' if ascii else '°'} ({grad.compass_point(degrees)})"


def octant(dc: float, dr: float) -> int:
    """Which of eight directions (0 = E, counter-clockwise) a step of `dc` columns and `dr`
    rows points, rows counted twice (a cell is about twice as tall as it is wide)."""
    angle = math.degrees(math.atan2(-2.0 * dr, dc)) % 360.0
    return round(angle / 45.0) % 8


def line_char(dc: float, dr: float, style: Look) -> str:
    """The line character that runs along a step of `dc` columns and `dr` rows."""
    along_x, along_y, rising, falling = style.lines
    return (along_x, rising, along_y, falling)[octant(dc, dr) % 4]


class FieldScene(SceneState):
    """The point, its gradient and compass, the chosen heading, and the picture for any size."""

    def __init__(self, params: dict) -> None:
        self.params = params
        self.f = parse(params["f"], variables=("x", "y"))
        at = list(params["at"]) + [0.0, 0.0]
        self.start = (float(at[0]), float(at[1]))
        self.x_range = self._widened(sane_range(params["x_range"]), self.start[0])
        self.y_range = self._widened(sane_range(params["y_range"]), self.start[1])
        step = params["step"]
        self.steps = (
            (float(step), float(step))
            if step
            else tuple((high - low) / STEPS_ACROSS for low, high in (self.x_range, self.y_range))
        )
        self.count = int(params["headings"])
        self.start_heading = float(params["heading"]) % 360.0
        self.contours = bool(params["contours"])
        self.steepness_scale = self._steepness_scale()
        self._base: tuple[tuple, list[str]] | None = None
        self._plots = PlotCache()
        self.reset()

    @staticmethod
    def _widened(limits: tuple[float, float], value: float) -> tuple[float, float]:
        low, high = limits
        if math.isfinite(value):
            low, high = min(low, value), max(high, value)
        return sane_range((low, high))

    @property
    def box(self) -> maps.Box:
        return (self.x_range, self.y_range)

    def _steepness_scale(self) -> float:
        """A steepness the arrow's longest length stands for: a high share of |grad f|
        over the map (75th percentile), so the arrow's length compares from point to point."""
        columns, rows = GRADIENT_SAMPLES
        gx, gy = maps.cell_centres(self.box, columns, rows)
        with np.errstate(all="ignore"):
            _, slopes = self.f.value_and_gradient(x=gx, y=gy)
            sizes = np.hypot(slopes.get("x", 0.0 * gx), slopes.get("y", 0.0 * gy))
        sizes = np.asarray(sizes, dtype=float)
        sizes = sizes[np.isfinite(sizes) & (sizes > 0)]
        return float(quantiles(sizes, [0.75])[0]) if sizes.size else 1.0

    # --- the numbers at the point --------------------------------------------------------

    def _measure(self) -> None:
        x, y = self.point
        value, slopes = self.f.value_and_gradient(x=x, y=y)
        self.value = float(value)
        self.gradient = (float(slopes.get("x", 0.0)), float(slopes.get("y", 0.0)))
        self.readings = grad.compass(self.gradient, self.count)
        self.best = grad.steepest(self.readings)

    @property
    def steepness(self) -> float:
        """|grad f|: how steep the fastest climb from the point is."""
        return grad.length(self.gradient)

    @property
    def uphill(self) -> float | None:
        return grad.uphill_heading(self.gradient)

    @property
    def slice_heading(self) -> float:
        """The heading the slice walks: the chosen one, or 0 / 90 for the x- / y-slice."""
        return {"x": 0.0, "y": 90.0}.get(self.slice, self.heading)

    @property
    def slice_slope(self) -> float:
        """The slope of the slice at the point: grad f . u (for the x-slice, df/dx)."""
        return grad.directional_slope(self.gradient, self.slice_heading)

    def measured_slice_slope(self) -> float:
        """The same slope measured on the slice itself, by a central difference."""
        scale = max(abs(self.point[0]), abs(self.point[1]), 1.0)

        def along(t):
            return grad.slice_along(self.f.evaluate, self.point, self.slice_heading, t)

        return float(central_difference(along, 0.0, 1e-5 * scale))

    # --- actions (keys and the mouse) -----------------------------------------------------

    def reset(self) -> None:
        """The point back at its start, the chosen heading as the lesson set it."""
        self.point = self.start
        self.heading = self.start_heading
        self.slice = "heading"  # or "x" / "y": which slice is shown beside the map
        self.side_view = "compass"  # what the side shows when compass and slice do not both fit
        self.in_map = False
        self._measure()

    def enter_map(self) -> None:
        """Take the arrow keys into the map (Esc gives them back to the lesson)."""
        self.in_map = True

    def leave_map(self) -> None:
        self.in_map = False

    def move(self, dx: int, dy: int) -> None:
        """One step of the point (kept on the map)."""
        (x0, x1), (y0, y1) = self.box
        x = min(max(self.point[0] + dx * self.steps[0], x0), x1)
        y = min(max(self.point[1] + dy * self.steps[1], y0), y1)
        self.point = (float(f"{x:.12g}") + 0.0, float(f"{y:.12g}") + 0.0)
        self._measure()

    def settings(self) -> dict[str, float]:
        """The point's x and y can be typed (`set x 0.5`, `nudge y -0.1`)."""
        return {"x": self.point[0], "y": self.point[1]}

    def set(self, name: str, value: float) -> None:
        """Put the point at `value` along x or y, on the map."""
        if name not in ("x", "y"):
            super().set(name, value)
        (x0, x1), (y0, y1) = self.box
        low, high = (x0, x1) if name == "x" else (y0, y1)
        typed = within(name, value, low, high)
        self.point = (typed, self.point[1]) if name == "x" else (self.point[0], typed)
        self._measure()

    def turn(self, direction: int) -> None:
        """Turn the chosen heading one compass step (360 / headings degrees)."""
        self.slice = "heading"
        self.side_view = "slice"
        self.heading = round((self.heading + direction * 360.0 / self.count) % 360.0, 9) % 360.0

    def face_uphill(self) -> None:
        """Turn the chosen heading to the gradient's own (where there is one)."""
        if self.uphill is not None:
            self.slice = "heading"
            self.heading = self.uphill

    def show_slice(self, which: str) -> None:
        """Show the x- or y-slice (the other knob held still); again: back to the heading."""
        self.slice = "heading" if self.slice == which else which
        self.side_view = "slice"

    def switch_side(self) -> None:
        """Show the compass or the slice beside the map (when both do not fit)."""
        self.side_view = "slice" if self.side_view == "compass" else "compass"

    def toggle_contours(self) -> None:
        self.contours = not self.contours

    def click(self, x: int, y: int, width: int, height: int) -> bool:
        """A press on the map puts the point there, and the arrow keys into the map."""
        columns, rows = self.map_size(width, height)
        if not (0 <= x < columns and 0 <= y < rows):
            return False
        px, py = maps.point_of(x, y, self.box, columns, rows)
        self.point = (float(f"{px:.6g}") + 0.0, float(f"{py:.6g}") + 0.0)
        self.in_map = True
        self._measure()
        return True

    # --- words ----------------------------------------------------------------------------

    def heading_words(self, ascii: bool = False, downhill: bool = False) -> str:
        """The gradient's heading (or the opposite one, downhill), or why there is none."""
        if not all(math.isfinite(v) for v in self.gradient):
            return "none: no finite slope here"
        heading = grad.downhill_heading(self.gradient) if downhill else self.uphill
        if heading is not None:
            return degrees_words(heading, ascii)
        if self.steepness > 0:  # tiny, not zero: say where flat begins
            return f"{FLAT_WORDS} (|grad f| below {grad.FLAT:g} counts as flat)"
        return FLAT_WORDS

    def field_rows(self, ascii: bool = False) -> list[list[str]]:
        """The readings at the point, most important first, grouped as they pair up."""
        x, y = self.point
        nabla = "grad f" if ascii else "∇f"
        d = "d" if ascii else "∂"
        slice_name = {"x": f"x-slice ({d}f/{d}x)", "y": f"y-slice ({d}f/{d}y)"}
        along = slice_name.get(self.slice, f"heading {degrees_words(self.heading, ascii)}")
        return [
            [f"f = {short(self.value)} at ({short(x)}, {short(y)})"],
            [f"{d}f/{d}x = {short(self.gradient[0])}", f"{d}f/{d}y = {short(self.gradient[1])}"],
            [f"|{nabla}| = {short(self.steepness)}"],
            [f"uphill {self.heading_words(ascii)}"],
            [f"{along}:", f"slope {short(self.slice_slope)}"],
        ]

    def packed_fields(self, width: int, ascii: bool = False) -> list[str]:
        """The readings, the partials side by side when `width` holds them at their longest:
        the lines never regroup as the numbers change (a regrouped column repaints whole)."""
        lines = []
        for row in self.field_rows(ascii):
            joiner = " " if row[0].endswith(":") else "  "
            lines += [joiner.join(row)] if width >= PAIR_WIDTH else row
        return lines

    def steepest_words(self) -> str:
        """Which listed heading climbs fastest, beside the gradient's own."""
        best = self.best
        if best is None:
            return "No heading has a slope that is a number here."
        if self.uphill is None:
            if grad.is_flat(self.gradient) and self.steepness > 0:
                return (
                    f"Flat here, as near as counts: no heading climbs by more than "
                    f"{short(self.steepness)} (|grad f| below {grad.FLAT:g} counts as flat)."
                )
            if grad.is_flat(self.gradient):
                return "Flat here: every heading has slope 0, none climbs."
            return "The slope is not a finite number here, so no heading is steepest."
        return (
            f"Steepest of the {self.count} headings: {degrees_words(best.degrees)}, slope "
            f"{in_words(best.slope)}; along the gradient itself ({degrees_words(self.uphill)}) "
            f"the slope is {in_words(self.steepness)} = |grad f|, and no heading climbs faster."
        )

    def readout(self) -> str:
        """Every number shown, one per line, in words (for tests and screen readers)."""
        lines = [f"f = {self.f.text}", *self.packed_fields(PAIR_WIDTH, ascii=True)]
        lines.append(f"slice slope measured = {short(self.measured_slice_slope())}")
        lines.append(self.steepest_words())
        lines.append(f"arrow keys: {'in the map' if self.in_map else 'stepping the lesson'}")
        return "\n".join(lines)

    # --- pictures -------------------------------------------------------------------------

    def map_size(self, width: int, height: int) -> tuple[int, int]:
        """The map's columns and rows in a frame of `width` x `height` (a legend line below)."""
        side = min(max(width // 3, PAIR_WIDTH if width >= 78 else SIDE_WIDTH), 60)
        side = side if width >= MIN_MAP[0] + side + 2 else 0
        columns = width - side - (2 if side else 0)
        rows = height - 1 - (0 if side else 3)
        return max(columns, 0), max(rows, 0)

    def base(self, columns: int, rows: int, ascii: bool) -> list[str]:
        """Shading and contour lines for a size (they never change with the point)."""
        key = (columns, rows, ascii, self.contours)
        if self._base is None or self._base[0] != key:
            style = look(ascii)
            values = maps.sample(self.f.evaluate, self.box, columns, rows)
            grid = [list(row) for row in maps.shade_grid(values, style.shades)]
            if self.contours:
                lines = max(2, min(8, rows // 2))
                for row, col in zip(*np.nonzero(maps.contour_cells(values, lines)), strict=True):
                    grid[row][col] = style.contour
            self._base = (key, ["".join(row) for row in grid])
        return self._base[1]

    def arrow_end(self, start: tuple[int, int], columns: int, rows: int, sign: int):
        """The cell where the gradient arrow (sign +1) or its opposite (-1) ends, its length
        in proportion to |grad f| (the map's steep ground at a third of the map)."""
        size = self.steepness
        if self.uphill is None or not math.isfinite(size):
            return None
        (x0, x1), (y0, y1) = self.box
        dc = self.gradient[0] * columns / (x1 - x0)
        dr = -self.gradient[1] * rows / (y1 - y0)
        seen = math.hypot(dc, 2.0 * dr)
        if not (math.isfinite(seen) and seen > 0):
            return None
        longest = max(min(columns, 2 * rows) / 2.5, 2.0)
        reach = max(min(size / self.steepness_scale, 1.0) * longest, 2.0)
        return (round(start[0] + sign * dc / seen * reach),
                round(start[1] + sign * dr / seen * reach))  # fmt: skip

    def map(self, columns: int, rows: int, ascii: bool = False) -> list[str]:
        """The shaded map with the chosen heading, the downhill and uphill arrows and the point."""
        style = look(ascii)
        grid = [list(row) for row in self.base(columns, rows, ascii)]
        here = maps.cell_of(*self.point, self.box, columns, rows)
        if here is None:
            return ["".join(row) for row in grid]
        ux, uy = grad.direction(self.slice_heading)
        reach = max(min(columns / 10, 2 * rows / 5), 2.0)  # the heading's ray, in columns
        ray = (round(here[0] + reach * ux), round(here[1] - reach * uy / 2))
        for cell in maps.line_cells(here, ray)[1:]:
            maps.put(grid, cell, style.heading)
        for sign in (-1, 1):
            end = self.arrow_end(here, columns, rows, sign)
            if end is None:
                continue
            cells = maps.line_cells(here, end)[1:]
            dc, dr = end[0] - here[0], end[1] - here[1]
            body = style.downhill if sign < 0 else line_char(dc, dr, style)
            for cell in cells[:-1]:
                maps.put(grid, cell, body)
            if cells:
                maps.put(grid, cells[-1], style.heads[octant(dc, dr)])
        maps.put(grid, here, style.point)
        return ["".join(row) for row in grid]

    def legend(self, ascii: bool, width: int = 200) -> str:
        """What the map's marks mean (shorter when the map is narrow)."""
        style = look(ascii)
        up = style.lines[0] * 2 + style.heads[0]
        down = style.downhill * 2 + style.heads[0]
        contour = f"  {style.contour} contour" if self.contours else ""
        long = (f"{style.point} point  {up} uphill  {down} downhill  {style.heading} heading"
                f"{contour}  (blank = low)")  # fmt: skip
        medium = f"{style.point} you {up} up {down} down {style.heading} heading"
        tight = f"{style.point}you {up}up {down}down"
        return next((text for text in (long, medium) if len(text) <= width), tight)

    def compass_strip(self, ascii: bool) -> list[str]:
        """The compass unrolled: one bar per heading from E round to E, its height the slope
        along that heading; the steepest marked *, the chosen heading ^."""
        style = look(ascii)
        slopes = np.array([r.slope for r in self.readings], dtype=float)
        finite = np.isfinite(slopes)
        top = float(np.max(np.abs(slopes[finite]))) if finite.any() else 0.0
        levels = len(style.bars) - 1
        bars = []
        for slope, ok in zip(slopes, finite, strict=True):
            if not ok:
                bars.append("?")
            elif top == 0:
                bars.append(style.bars[levels // 2])
            else:
                bars.append(style.bars[round((slope / top + 1) / 2 * levels)])
        labels = [" "] * self.count
        for degrees, name in ((0, "E"), (90, "N"), (180, "W"), (270, "S")):
            labels[round(degrees / 360 * self.count) % self.count] = name
        marks = [" "] * self.count
        if self.slice == "heading":
            marks[round(self.heading / 360 * self.count) % self.count] = "^"
        if self.best is not None and self.uphill is not None:
            marks[self.readings.index(self.best)] = "*"  # over ^ when the heading is steepest
        return [
            "compass " + "".join(labels),
            "slope   " + "".join(bars),
            "        " + "".join(marks),
            "* steepest  ^ your heading",
        ]

    def compass_table(self) -> list[str]:
        """The compass as a table: each heading, its slope, the steepest marked."""
        rows = [f"{'heading':>8}  {'point':<5} {'slope':>10}"]
        for reading in self.readings:
            mark = "  steepest" if reading is self.best and self.uphill is not None else ""
            rows.append(f"{number(reading.degrees, 5) + '°':>8}  "
                        f"{grad.compass_point(reading.degrees):<5} "
                        f"{number(reading.slope, 5):>10}{mark}")  # fmt: skip
        return rows

    def slice_plot(self, width: int, height: int, ascii: bool) -> list[str]:
        """f along the slice's heading through the point, with the tangent there."""
        (x0, x1), (y0, y1) = self.box
        reach = min(x1 - x0, y1 - y0) / 4
        ts = np.linspace(-reach, reach, max(2 * width, 40))
        heights = grad.slice_along(self.f.evaluate, self.point, self.slice_heading, ts)
        ylim = plot_limits(ts, heights, [self.value])
        key = (width, height, ascii, self.slice_heading, raster(heights, *ylim, 4 * height),
               ylim)  # fmt: skip

        def draw() -> list[str]:
            series = [Series(ts, heights, marker=markers.CURVE.get(ascii), lines=True)]
            xs, ys = line_in_box(0.0, self.value, self.slice_slope, (-reach, reach), ylim)
            if xs:
                series.append(Series(xs, ys, marker=markers.TANGENT.get(ascii), lines=True))
            if math.isfinite(self.value):
                series.append(Series([0.0], [self.value], marker=markers.POINT.get(ascii)))
            return text_plot(series, width, height, xlim=(-reach, reach), ylim=ylim, ascii=ascii)

        return self._plots.get("slice", key, draw)

    def slice_caption(self) -> str:
        x, y = self.point
        if self.slice == "x":
            return f"f along x, y held at {short(y)}"
        if self.slice == "y":
            return f"f along y, x held at {short(x)}"
        return f"f along {number(self.heading, 5)}°, + tangent"

    def frame(self, width: int, height: int, ascii: bool = False) -> Frame:
        """The map with its legend, and the readings, compass and slice beside it (or the
        readings below it when narrow)."""
        frame = Frame(width, height, ascii)
        if width < 1 or height < 1:
            return frame
        columns, rows = self.map_size(width, height)
        if columns >= MIN_MAP[0] and rows >= 3:
            picture = self.map(columns, rows, ascii)
            for left in range(0, columns, MAP_STRIP):  # narrow strips: a move repaints few cells
                strip = [line[left : left + MAP_STRIP] for line in picture]
                strip_width = min(MAP_STRIP, columns - left)
                frame.place(f"map-{left // MAP_STRIP}", left, 0, strip, strip_width)
            frame.place("legend", 0, rows, [self.legend(ascii, columns)], columns)
        else:
            columns = rows = 0
        side_x = columns + 2 if columns and columns < width - 10 else 0
        side_y = 0 if side_x else frame.bottom
        side_width = width - side_x
        room = height - side_y
        side = self.packed_fields(side_width, ascii)
        frame.place("readings", side_x, side_y, side[:room], side_width)
        used = min(len(side), room)
        room -= used
        top = side_y + used
        if side_x:
            self._side(frame, side_x, top, side_width, room, ascii)
        return frame

    def _side(self, frame: Frame, x: int, top: int, width: int, room: int, ascii: bool) -> None:
        """Under the readings: the compass and the slice, or the one `side_view` names when
        both do not fit (v switches)."""
        strip = self.compass_strip(ascii)
        if room >= len(self.readings) + SLICE_ROWS + 1 and frame.width >= 100:
            strip = self.compass_table()
        both = room >= 3 + SLICE_ROWS
        if both and room < len(strip) + SLICE_ROWS:
            strip = strip[:3]  # the strip's key gives way to the slice
        if (both or self.side_view == "compass") and room >= 3:
            frame.place("compass", x, top, strip[:room], width)
            used = min(len(strip), room)
            top, room = top + used, room - used
        if (both or self.side_view == "slice") and room >= SLICE_ROWS:
            frame.place("slice-caption", x, top, [self.slice_caption()], width)
            frame.place("slice", x, top + 1, self.slice_plot(width, room - 1, ascii), width)


State = FieldScene


def cost(params: dict) -> float:
    """Seconds `render_text` may take here (gradtui/scenes/kit/cost.py): the map and its
    gradient samples over arrays, then the point, its slices and compass read one by one."""
    nodes = parts(params["f"])
    return SCENE_SECONDS + readings(2, nodes) + over_arrays(8, nodes, 3200)


def render_text(params: dict, ascii: bool = False) -> str:
    """The readings at the start point, the x- and y-slices, the compass table and the map
    with the arrows."""
    scene = FieldScene(params)
    x, y = scene.point
    d, nabla = ("d", "grad f") if ascii else ("∂", "∇f")
    out = textwrap.wrap(f"The ground f(x, y) = {scene.f.text}, read at the point "
                        f"({in_words(x)}, {in_words(y)}).", 76)  # fmt: skip
    out.append("")
    gx, gy = scene.gradient
    slopes = {}
    for which in ("x", "y"):
        scene.show_slice(which)
        slopes[which] = scene.measured_slice_slope()
    scene.slice = "heading"
    rows = [
        ("f", number(scene.value)),
        (f"{d}f/{d}x", f"{number(gx)}   (the x-slice, y held at {in_words(y)}; measured: "
                       f"{number(slopes['x'])})"),
        (f"{d}f/{d}y", f"{number(gy)}   (the y-slice, x held at {in_words(x)}; measured: "
                       f"{number(slopes['y'])})"),
        (f"|{nabla}|", number(scene.steepness)),
        ("uphill", scene.heading_words()),
    ]  # fmt: skip
    out += [f"  {name:<8} = {value}" for name, value in rows]
    out.append(f"  {'downhill':<8} = {scene.heading_words(downhill=True)}")
    out += [
        "",
        *textwrap.wrap(
            f"The compass: the slope along each heading u is {nabla} . u "
            "(headings in degrees from +x, counter-clockwise).",
            76,
        ),
    ]
    out += ["  " + row for row in scene.compass_table()]
    out += textwrap.wrap(scene.steepest_words(), 76)
    scene.face_uphill()
    out += [
        "",
        f"The slice: {scene.slice_caption()}; its slope at the point is "
        f"{number(scene.slice_slope)}.",
    ]
    out += scene.slice_plot(60, 10, ascii)
    out += ["", "The map in 7-bit text (blank = low, dense = high), the arrow at the point:"]
    out += scene.map(72, 18, ascii=True)  # plain characters read back anywhere, even here
    out.append(scene.legend(ascii=True))
    text = "\n".join(out)
    return to_ascii(text) if ascii else text
