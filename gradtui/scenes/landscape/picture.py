"""The `landscape` scene's picture: the loss curve (or the shaded surface), the numbered starts,
the trail and the ball (an arrow on the edge it left by when it is gone), and the frame that
puts the readouts and the verdict beside or under it (`LandscapePicture`, a part of
LandscapeState).
"""

from __future__ import annotations

import math
import textwrap

import numpy as np

from gradtui.scenes.kit import maps, markers
from gradtui.scenes.kit.layout import Frame, cells
from gradtui.scenes.kit.maps import shade_grid
from gradtui.scenes.kit.numbers import short
from gradtui.scenes.kit.plots import Series, auto_limits, sane_range, text_plot

SHADES = maps.DENSITY  # low loss to high loss; plain ASCII so it works on any console
TRAIL, CURVE, BALL = markers.TRAIL, markers.LINE, markers.BALL


class LandscapePicture:
    """The frame and the picture of LandscapeState (a part of it: reads the walk and the
    words, and keeps the surface's shading)."""

    def frame(self, width: int, height: int, ascii: bool = False) -> Frame:
        """Picture, readouts and verdict in `height` lines of at most `width` characters.

        Readouts sit beside the picture when there is room, else below it; the verdict is
        last. When short of rows the picture goes first, then readouts from the end.
        """
        frame = Frame(width, height, ascii)
        if width < 1 or height < 1:
            return frame
        verdict = textwrap.wrap("verdict: " + self.verdict_text(), width)[:3]
        readouts = self.readouts()
        side = width >= 60
        packed = [] if side else cells(readouts, width)
        picture_height = height - len(verdict) - len(packed)
        picture_width = width - 24 if side else width
        body = max(height - len(verdict), 0)
        if picture_height >= 5 and picture_width >= 20:
            picture = self.picture(picture_width, picture_height, ascii)
            frame.place("picture", 0, 0, picture, picture_width)
            if side:
                frame.place("readouts", picture_width + 2, 0, readouts[:body], 22)
            else:
                frame.place("readouts", 0, len(picture), packed, width)
        else:
            frame.place("readouts", 0, 0, cells(readouts, width)[:body], width)
        frame.place("verdict", 0, min(frame.bottom, body), verdict, width)
        return frame

    def picture(self, width: int, height: int, ascii: bool = False) -> list[str]:
        return self.map(width, height, ascii) if self.two_d else self.curve(width, height, ascii)

    def trail(self) -> np.ndarray:
        """The points visited so far (one row per step, x and y columns)."""
        k = min(self.shown, max(len(self.path.points) - 1, 0))
        rows = [self.coords(i) for i in range(k + 1)]
        return np.array([[p["x"], p["y"]] for p in rows])

    def curve(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The loss curve, the numbered starts, the trail and the ball."""
        low, high = self.x_range
        xs = np.linspace(low, high, max(2 * width, 50))
        ys = np.broadcast_to(np.asarray(self.f.evaluate(x=xs, y=0.0), dtype=float), xs.shape)
        given = self.params["loss_range"]
        ylim = sane_range(given, limit=1e12, min_width=1e-9) if given else auto_limits(ys)
        ball = self.coords()["x"]
        if math.isfinite(ball) and low <= ball <= high:  # the ball sits on the drawn curve
            at = int(np.searchsorted(xs, ball))
            xs = np.insert(xs, at, ball)
            ys = np.insert(ys, at, float(self.f.evaluate(x=ball, y=0.0)))
        series = [Series(xs, ys, marker=CURVE.get(ascii), lines=True)]
        for i, start in enumerate(self.starts[:9]):
            x0 = start["x"]
            series.append(Series([x0], [float(self.f.evaluate(x=x0, y=0.0))], marker=str(i + 1)))
        trail = self.trail()
        losses = self.path.losses[: len(trail)]
        if len(trail) > 1:
            series.append(Series(trail[:-1, 0], losses[:-1], marker=TRAIL.get(ascii)))
        point = self.coords()
        height_here = self.loss()
        if low <= point["x"] <= high and ylim[0] <= height_here <= ylim[1]:
            series.append(Series([point["x"]], [height_here], marker=BALL.get(ascii)))
        else:  # gone: an arrow on the edge it left by
            edge_x = min(max(point["x"], low), high)
            edge_y = (
                min(max(height_here, ylim[0]), ylim[1]) if math.isfinite(height_here) else ylim[1]
            )
            series.append(
                Series([edge_x], [edge_y], marker=self._away_mark(point["x"], low, ascii))
            )
        return text_plot(series, width, height, xlim=(low, high), ylim=tuple(ylim), ascii=ascii)

    @staticmethod
    def _away_mark(x: float, low: float, ascii: bool) -> str:
        """The arrow drawn on the edge where the ball left the picture."""
        return (markers.LEFT_EDGE if x < low else markers.RIGHT_EDGE).get(ascii)

    def map(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The shaded surface (blank = low), the numbered starts, the trail and the ball."""
        rows = self._shading(width, height - 1)
        grid = [list(row) for row in rows]
        for x, y in self.trail()[:-1]:
            self._put(grid, x, y, TRAIL.get(ascii))
        for i, start in enumerate(self.starts[:9]):
            self._put(grid, start["x"], start["y"], str(i + 1))
        point = self.coords()
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        if x0 <= point["x"] <= x1 and y0 <= point["y"] <= y1:
            self._put(grid, point["x"], point["y"], BALL.get(ascii))
        elif math.isfinite(point["x"]) and math.isfinite(point["y"]):  # gone: mark the edge
            inside_x = min(max(point["x"], x0), x1 - 1e-9 * (x1 - x0))
            inside_y = min(max(point["y"], y0 + 1e-9 * (y1 - y0)), y1)
            self._put(grid, inside_x, inside_y, self._away_mark(point["x"], x0, ascii))
        axis = f"x {short(x0)} to {short(x1)} ->, y {short(y0)} to {short(y1)} ^ (blank = low)"
        return ["".join(row) for row in grid] + [axis[:width]]

    @property
    def box(self) -> maps.Box:
        return (self.x_range, self.y_range)

    def _shading(self, width: int, height: int) -> list[str]:
        """The shaded map for a size, computed once per size (the surface never changes)."""
        key = (width, height)
        if self._grid_cache is None or self._grid_cache[0] != key:
            values = maps.sample(self.f.evaluate, self.box, width, height)
            self._grid_cache = (key, shade_grid(values))
        return self._grid_cache[1]

    def _put(self, grid: list[list[str]], x: float, y: float, mark: str) -> None:
        """Write `mark` at the cell holding (x, y), if it is on the map."""
        if grid and grid[0]:
            maps.put(grid, maps.cell_of(x, y, self.box, len(grid[0]), len(grid)), mark)
