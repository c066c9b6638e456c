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
from gradtui.scenes.kit.layout import Frame, pack
from gradtui.scenes.kit.maps import DOWNHILL, HEADS, LINES, SHADES, line_char, octant
from gradtui.scenes.kit.markers import Marker
from gradtui.scenes.kit.numbers import number, short
from gradtui.scenes.kit.plots import Series, line_in_box, plot_limits, raster, text_plot
from gradtui.textsafe import for_terminal

SIDE_WIDTH = 32  # the readings column beside the map, at least (a third of a wide frame)
MAP_STRIP = 10  # the map is drawn in strips this wide: a change repaints only its strips
MIN_MAP = (20, 6)  # the smallest map worth drawing: columns, rows
SLICE_ROWS = 8  # the slice's caption and plot need this many rows


# The map's marks (never told by colour): the map kit's shades, arrow bodies (DOWNHILL for
# the way down, LINES for the way up) and heads, imported above, and the field's own. The ASCII
# shading ramp leaves out every character a mark uses.
POINT = markers.POINT
HEADING = Marker("◦", "*")  # the chosen heading's ray
# The compass strip: bars rise above its zero line for headings that climb and hang below it
# for headings that fall, in four sizes (none, a little, half, the most).
CLIMBS = Marker(" ▁▄█", " _=#")
FALLS = Marker(" ▔▀█", " '=#")
ZERO = Marker("─", "-")
STEEPEST = Marker("*", "!")  # under the heading that climbs fastest (the map's ray is * in ASCII)
YOURS = Marker("^", "^")  # under the chosen heading


def on_map(cells: list[tuple[int, int]], columns: int, rows: int) -> list[tuple[int, int]]:
    """The cells of a line from inside the map up to where it leaves it (an arrow that runs
    off the map ends, head and all, at the map's edge)."""
    inside = []
    for col, row in cells:
        if not (0 <= col < columns and 0 <= row < rows):
            break
        inside.append((col, row))
    return inside


class FieldPicture:
    """The frame and the pictures of FieldState (a part of it: reads the point, the gradient,
    the compass and the words, and keeps the map's shading and the slice's plot)."""

    def map_size(self, width: int, height: int) -> tuple[int, int]:
        """The map's columns and rows in a frame of `width` x `height` (its legend below)."""
        side = min(max(width // 3, PAIR_WIDTH if width >= 78 else SIDE_WIDTH), 60)
        side = side if width >= MIN_MAP[0] + side + 2 else 0
        columns = width - side - (2 if side else 0)
        legend = len(self.legend(True, columns))  # as many lines as its longest spelling takes
        rows = height - legend - (0 if side else 3)
        return max(columns, 0), max(rows, 0)

    def base(self, columns: int, rows: int, ascii: bool) -> list[str]:
        """The shading for a size (it never changes with the point): bands of equal height,
        whose edges are the contour lines, or (contours off) shades of equal area."""
        key = (columns, rows, ascii, self.contours)
        if self._base is None or self._base[0] != key:
            values = maps.sample(self.f.evaluate, self.box, columns, rows)
            shade = maps.band_grid if self.contours else maps.shade_grid
            self._base = (key, shade(values, SHADES.get(ascii)))
        return self._base[1]

    def arrow(self, start: tuple[int, int], reading, columns: int, rows: int):
        """The cells of an arrow from the point along a heading, its length in proportion to
        the slope there (the map's steep ground at a third of the map), cut where it leaves
        the map; and the step it points along, for its head. None for no arrow."""
        size = abs(reading.slope)
        if not math.isfinite(size) or size == 0:
            return None
        (x0, x1), (y0, y1) = self.box
        ux, uy = grad.direction(reading.degrees)
        dc, dr = ux * columns / (x1 - x0), -uy * rows / (y1 - y0)
        seen = math.hypot(dc, 2.0 * dr)
        if not (math.isfinite(seen) and seen > 0):
            return None
        longest = max(min(columns, 2 * rows) / 2.5, 2.0)
        reach = max(min(size / self.steepness_scale, 1.0) * longest, 2.0)
        end = (round(start[0] + dc / seen * reach), round(start[1] + dr / seen * reach))
        cells = on_map(maps.line_cells(start, end), columns, rows)[1:]
        return (cells, (dc, dr)) if cells else None

    def map(self, columns: int, rows: int, ascii: bool = False) -> list[str]:
        """The shaded map with the chosen heading, the downhill and uphill arrows and the
        point (at a corner, an uphill arrow along each steepest heading found)."""
        grid = [list(row) for row in self.base(columns, rows, ascii)]
        here = maps.cell_of(*self.point, self.box, columns, rows)
        if here is None:
            return ["".join(row) for row in grid]
        ux, uy = grad.direction(self.slice_heading)
        reach = max(min(columns / 10, 2 * rows / 5), 2.0)  # the heading's ray, in columns
        ray = (round(here[0] + reach * ux), round(here[1] - reach * uy / 2))
        for cell in maps.line_cells(here, ray)[1:]:
            maps.put(grid, cell, HEADING.get(ascii))
        for readings, body in ((self.falls, DOWNHILL.get(ascii)), (self.climbs, None)):
            for reading in readings:
                drawn = self.arrow(here, reading, columns, rows)
                if drawn is None:
                    continue
                cells, (dc, dr) = drawn
                for cell in cells[:-1]:
                    maps.put(grid, cell, body or line_char(dc, dr, ascii))
                maps.put(grid, cells[-1], HEADS.get(ascii)[octant(dc, dr)])
        maps.put(grid, here, POINT.get(ascii))
        return ["".join(row) for row in grid]

    def legend(self, ascii: bool, width: int = 200) -> list[str]:
        """What the map's marks and shades mean, every one, wrapped to `width`."""
        point, heading, head = POINT.get(ascii), HEADING.get(ascii), HEADS.get(ascii)[0]
        up = LINES.get(ascii)[0] * 2 + head
        down = DOWNHILL.get(ascii) * 2 + head
        what = "edges: contours" if self.contours else "shades of equal area"
        parts = [f"{point} point", f"{up} uphill", f"{down} downhill", f"{heading} heading",
                 f"[{SHADES.get(ascii)}] low to high", what]  # fmt: skip
        if self.holes or (self._base and maps.HOLE in "".join(self._base[1])):
            parts.append(f"{maps.HOLE} no value")
        return pack(parts, max(width, 1), gap="  ")

    def compass_strip(self, ascii: bool) -> list[str]:
        """The compass unrolled: one bar per heading from E round to E, rising above the zero
        line as far as that heading climbs, hanging below it as far as it falls; the steepest
        marked *, the chosen heading ^."""
        slopes = np.array([r.slope for r in self.readings], dtype=float)
        finite = np.isfinite(slopes)
        top = float(np.max(np.abs(slopes[finite]))) if finite.any() else 0.0
        climbs, falls = CLIMBS.get(ascii), FALLS.get(ascii)
        levels = len(climbs) - 1
        above, below = [], []
        for slope, ok in zip(slopes, finite, strict=True):
            size = max(round(abs(slope) / top * levels), 1) if ok and top > 0 else 0
            above.append(climbs[size] if ok and slope > 0 else "?" if not ok else " ")
            below.append(falls[size] if ok and slope < 0 else " ")
        labels = [" "] * self.count
        for degrees, name in ((0, "E"), (90, "N"), (180, "W"), (270, "S")):
            labels[round(degrees / 360 * self.count) % self.count] = name
        marks = [" "] * self.count
        if self.slice == "heading":
            marks[round(self.heading / 360 * self.count) % self.count] = YOURS.get(ascii)
        for reading in self.climbs:  # over ^ when the heading is the steepest
            marks[round(reading.degrees / 360 * self.count) % self.count] = STEEPEST.get(ascii)
        key = f"{STEEPEST.get(ascii)} steepest  {YOURS.get(ascii)} your heading"
        return [
            "compass " + "".join(labels),
            "climbs  " + "".join(above),
            "0       " + ZERO.get(ascii) * self.count,
            "falls   " + "".join(below),
            "        " + "".join(marks),
            key + ("  ? no slope" if not finite.all() else ""),
        ]

    def compass_table(self, ascii: bool = False) -> list[str]:
        """The compass as a table: each heading listed and its slope, with the steepest
        heading (the gradient's own, or those found at a corner) in its place among them."""
        listed = [(r, "") for r in self.readings]
        for best in self.climbs:
            same = [i for i, (r, _) in enumerate(listed) if abs(r.degrees - best.degrees) < 1e-9]
            for i in same:
                listed[i] = (listed[i][0], "steepest")
            if not same:
                listed.append((best, "steepest"))
        listed.sort(key=lambda pair: (pair[0].degrees, pair[1]))
        headings = [for_terminal(number(r.degrees, 5) + "°", ascii) for r, _ in listed]
        wide = max(len("heading"), *(len(text) for text in headings))
        rows = [f"{'heading':>{wide}}  {'point':<5} {'slope':>10}"]
        for (reading, mark), degrees in zip(listed, headings, strict=True):
            rows.append(f"{degrees:>{wide}}  {grad.compass_point(reading.degrees):<5} "
                        f"{number(reading.slope, 5):>10}  {mark}".rstrip())  # fmt: skip
        return rows

    def slice_plot(self, width: int, height: int, ascii: bool) -> list[str]:
        """f along the slice's heading through the point, with the tangent there."""
        (x0, x1), (y0, y1) = self.box
        reach = min(x1 - x0, y1 - y0) / 4
        ts = np.union1d(np.linspace(-reach, reach, max(2 * width, 40)), [0.0])  # the point too
        heights = grad.slice_along(self.f.evaluate, self.point, self.slice_heading, ts)
        ylim = plot_limits(ts, heights, [self.value])
        key = (width, height, ascii, self.slice_heading, raster(heights, *ylim, 4 * height),
               ylim, self.slice, self.point)  # fmt: skip

        # An x- or a y-slice is drawn over that axis's own values; a heading over the
        # distance walked from the point.
        at = {"x": self.point[0], "y": self.point[1]}.get(self.slice, 0.0)

        def draw() -> list[str]:
            series = []  # the tangent under the curve, so the curve shows beside the point
            ahead = (at if self.corner else at - reach, at + reach)  # at a corner: forward
            xs, ys = line_in_box(at, self.value, self.slice_slope, ahead, ylim)
            if xs:
                series.append(Series(xs, ys, marker=markers.TANGENT.get(ascii), lines=True))
            series.append(Series(at + ts, heights, marker=markers.CURVE.get(ascii), lines=True))
            if math.isfinite(self.value):
                series.append(Series([at], [self.value], marker=markers.POINT.get(ascii)))
            xlim = (at - reach, at + reach)
            return text_plot(series, width, height, xlim=xlim, ylim=ylim, ascii=ascii)

        return self._plots.get("slice", key, draw)

    def slice_words(self) -> str:
        """Which slice the plot beside the map shows."""
        x, y = self.point
        if self.slice == "x":
            return f"f along x, y held at {short(y)}"
        if self.slice == "y":
            return f"f along y, x held at {short(x)}"
        return f"f along {number(self.heading, 5)}°"

    def slice_caption(self, width: int, ascii: bool = False) -> list[str]:
        """The slice's caption and legend, wrapped to `width`."""
        curve, tangent, point = (m.get(ascii) for m in (markers.CURVE, markers.TANGENT, POINT))
        slope = "slope walking on" if self.corner else "tangent"
        parts = [f"{self.slice_words()}:", f"{curve} f", f"{tangent} {slope}", f"{point} point"]
        return pack([for_terminal(part, ascii) for part in parts], max(width, 1), gap="  ")

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
            frame.place("legend", 0, rows, self.legend(ascii, columns), columns)
            frame.spot("map", 0, 0, columns, rows, maps.MapRuler(self.box, columns, rows))
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
            strip = self.compass_table(ascii)
        bars = 5  # the strip without its key: the headings, the bars about zero, the marks
        both = room >= bars + SLICE_ROWS
        if both and room < len(strip) + SLICE_ROWS:
            strip = strip[:bars]  # the strip's key gives way to the slice
        if (both or self.side_view == "compass") and room >= bars:
            frame.place("compass", x, top, strip[:room], width)
            used = min(len(strip), room)
            top, room = top + used, room - used
        caption = self.slice_caption(width, ascii)
        if (both or self.side_view == "slice") and room >= SLICE_ROWS + len(caption) - 1:
            frame.place("slice-caption", x, top, caption, width)
            plot = self.slice_plot(width, room - len(caption), ascii)
            frame.place("slice", x, top + len(caption), plot, width)
