"""The `field` scene's picture: the shaded map with contour lines, the point, the gradient
arrow and its opposite and the chosen heading's ray; the compass as a strip or a table; the
slice through the point with its tangent; and the frame that lays them out (`FieldPicture`, a
part of FieldState).
"""

from __future__ import annotations

import math

import numpy as np

from gradtui.calculus import gradient as grad
from gradtui.scenes.field.words import PAIR_WIDTH
from gradtui.scenes.kit import maps, markers
from gradtui.scenes.kit.layout import Frame
from gradtui.scenes.kit.markers import Marker
from gradtui.scenes.kit.numbers import number, short
from gradtui.scenes.kit.plots import Series, line_in_box, plot_limits, raster, text_plot

SIDE_WIDTH = 32  # the readings column beside the map, at least (a third of a wide frame)
MAP_STRIP = 10  # the map is drawn in strips this wide: a change repaints only its strips
MIN_MAP = (20, 6)  # the smallest map worth drawing: columns, rows
SLICE_ROWS = 8  # the slice's caption and plot need this many rows


# The map's marks (never told by colour). The ASCII shading ramp leaves out every character
# a mark uses.
SHADES = Marker(maps.BLOCKS, " :;=+%#@")  # low to high
CONTOUR = Marker("~", "~")
POINT = markers.POINT
DOWNHILL = Marker("·", ".")  # the negative gradient's body
HEADING = Marker("◦", "*")  # the chosen heading's ray
LINES = Marker("─│╱╲", "-|/\\")  # the gradient's body: along x, along y, rising, falling
HEADS = Marker("→↗↑↖←↙↓↘", ">^^^<vvv")  # arrowheads for E, NE, N, NW, W, SW, S, SE
BARS = Marker(" ▁▂▃▄▅▆▇█", "_.,:;=+#")  # the compass strip, lowest slope to highest


def octant(dc: float, dr: float) -> int:
    """Which of eight directions (0 = E, counter-clockwise) a step of `dc` columns and `dr`
    rows points, rows counted twice (a cell is about twice as tall as it is wide)."""
    angle = math.degrees(math.atan2(-2.0 * dr, dc)) % 360.0
    return round(angle / 45.0) % 8


def line_char(dc: float, dr: float, ascii: bool) -> str:
    """The line character that runs along a step of `dc` columns and `dr` rows."""
    along_x, along_y, rising, falling = LINES.get(ascii)
    return (along_x, rising, along_y, falling)[octant(dc, dr) % 4]


class FieldPicture:
    """The frame and the pictures of FieldState (a part of it: reads the point, the gradient,
    the compass and the words, and keeps the map's shading and the slice's plot)."""

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
            values = maps.sample(self.f.evaluate, self.box, columns, rows)
            grid = [list(row) for row in maps.shade_grid(values, SHADES.get(ascii))]
            if self.contours:
                lines = max(2, min(8, rows // 2))
                for row, col in zip(*np.nonzero(maps.contour_cells(values, lines)), strict=True):
                    grid[row][col] = CONTOUR.get(ascii)
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
        grid = [list(row) for row in self.base(columns, rows, ascii)]
        here = maps.cell_of(*self.point, self.box, columns, rows)
        if here is None:
            return ["".join(row) for row in grid]
        ux, uy = grad.direction(self.slice_heading)
        reach = max(min(columns / 10, 2 * rows / 5), 2.0)  # the heading's ray, in columns
        ray = (round(here[0] + reach * ux), round(here[1] - reach * uy / 2))
        for cell in maps.line_cells(here, ray)[1:]:
            maps.put(grid, cell, HEADING.get(ascii))
        for sign in (-1, 1):
            end = self.arrow_end(here, columns, rows, sign)
            if end is None:
                continue
            cells = maps.line_cells(here, end)[1:]
            dc, dr = end[0] - here[0], end[1] - here[1]
            body = DOWNHILL.get(ascii) if sign < 0 else line_char(dc, dr, ascii)
            for cell in cells[:-1]:
                maps.put(grid, cell, body)
            if cells:
                maps.put(grid, cells[-1], HEADS.get(ascii)[octant(dc, dr)])
        maps.put(grid, here, POINT.get(ascii))
        return ["".join(row) for row in grid]

    def legend(self, ascii: bool, width: int = 200) -> str:
        """What the map's marks mean (shorter when the map is narrow)."""
        point, heading, head = POINT.get(ascii), HEADING.get(ascii), HEADS.get(ascii)[0]
        up = LINES.get(ascii)[0] * 2 + head
        down = DOWNHILL.get(ascii) * 2 + head
        contour = f"  {CONTOUR.get(ascii)} contour" if self.contours else ""
        long = (f"{point} point  {up} uphill  {down} downhill  {heading} heading"
                f"{contour}  (blank = low)")  # fmt: skip
        medium = f"{point} you {up} up {down} down {heading} heading"
        tight = f"{point}you {up}up {down}down"
        return next((text for text in (long, medium) if len(text) <= width), tight)

    def compass_strip(self, ascii: bool) -> list[str]:
        """The compass unrolled: one bar per heading from E round to E, its height the slope
        along that heading; the steepest marked *, the chosen heading ^."""
        heights = BARS.get(ascii)
        slopes = np.array([r.slope for r in self.readings], dtype=float)
        finite = np.isfinite(slopes)
        top = float(np.max(np.abs(slopes[finite]))) if finite.any() else 0.0
        levels = len(heights) - 1
        bars = []
        for slope, ok in zip(slopes, finite, strict=True):
            if not ok:
                bars.append("?")
            elif top == 0:
                bars.append(heights[levels // 2])
            else:
                bars.append(heights[round((slope / top + 1) / 2 * levels)])
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
