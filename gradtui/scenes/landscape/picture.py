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
from gradtui.scenes.kit.numbers import short
from gradtui.scenes.kit.plots import (
    PlotRuler,
    Series,
    auto_limits,
    onto_curve,
    sane_range,
    text_plot,
    titled,
)
from gradtui.scenes.kit.runs import RUN_MARKS
from gradtui.textsafe import for_terminal

SHADES = maps.SHADES  # low loss to high loss, the contour map's (its ASCII ramp spares the marks)
VERDICT_ROWS = 3  # rows the verdict holds below the picture, even while it needs fewer
TRAIL, CURVE, BALL = markers.TRAIL, markers.LINE, markers.BALL


class LandscapePicture:
    """The frame and the picture of LandscapeState (a part of it: reads the walk and the
    words, and keeps the surface's shading)."""

    def frame(self, width: int, height: int, ascii: bool = False) -> Frame:
        """Picture, readouts, the runs side by side (when compared) and the verdict in
        `height` lines of at most `width` characters.

        Readouts sit beside the picture when there is room, else below it; the verdict is
        last. When short of rows the picture goes first, then readouts from the end.
        """
        frame = Frame(width, height, ascii)
        if width < 1 or height < 1:
            return frame
        verdict = textwrap.wrap("verdict: " + self.verdict_text(), width)[:3]
        if self.comparing:
            marks = [RUN_MARKS[i].get(ascii) for i in range(len(self.rules))]
            chosen = markers.RUNNING.get(ascii)
            rows = [
                f"{chosen if i == self.chosen else ' '}{mark} {row}"
                for i, (mark, row) in enumerate(zip(marks, self.run_rows(width - 3), strict=True))
            ]
            verdict = [*rows, *textwrap.wrap(self.race_words(), width)[:2], *verdict[:1]]
        readouts = self.readouts()
        side = width >= 60
        packed = [] if side else cells(readouts, width)
        # The verdict's rows are held even while it is short, so the picture keeps its size
        # (and place) as the verdict grows from one line to two.
        held = max(len(verdict), min(VERDICT_ROWS, max(height - 11, 0)))
        picture_height = height - held - len(packed)
        picture_width = width - 24 if side else width
        body = max(height - held, 0)
        if picture_height >= 5 and picture_width >= 20:
            picture = self.picture(picture_width, picture_height, ascii)
            frame.place("picture", 0, 0, picture, picture_width)
            self._spot_picture(frame, picture_width, picture_height)
            if side:
                shown = [*readouts, *self.map_legend(ascii)][:body]  # the legend if room
                frame.place("readouts", picture_width + 2, 0, shown, 22)
            else:
                frame.place("readouts", 0, len(picture), packed, width)
        else:
            frame.place("readouts", 0, 0, cells(readouts, width)[:body], width)
        frame.place("verdict", 0, min(frame.bottom, body), verdict, width)
        return frame

    def picture(self, width: int, height: int, ascii: bool = False) -> list[str]:
        return self.map(width, height, ascii) if self.two_d else self.curve(width, height, ascii)

    def _spot_picture(self, frame: Frame, width: int, height: int) -> None:
        """The picture answers the mouse: the curve's plot by its ranges, the map's cells (all
        but its last line, the ranges in words)."""
        if self.two_d:
            frame.spot(
                "picture", 0, 0, width, height - 1, maps.MapRuler(self.box, width, height - 1)
            )
        else:
            _, _, xlim, ylim = self.ground(width)
            frame.spot("picture", 0, 0, width, height, PlotRuler(width, height, xlim, ylim))

    def ground(self, width: int) -> tuple[np.ndarray, np.ndarray, tuple, tuple]:
        """The loss curve for a picture `width` wide: its samples, and the x- and y-ranges
        drawn (the lesson's loss_range, or one that holds the samples). Worked out once per
        width: the ground never changes."""
        if self._ground_cache is None or self._ground_cache[0] != width:
            low, high = self.x_range
            xs = np.linspace(low, high, max(2 * width, 50))
            values = np.asarray(self.f.evaluate(x=xs, y=0.0), dtype=float)
            ys = np.broadcast_to(values, xs.shape)
            given = self.params["loss_range"]
            ylim = sane_range(given, limit=1e12, min_width=1e-9) if given else auto_limits(ys)
            self._ground_cache = (width, (xs, ys, (low, high), tuple(ylim)))
        return self._ground_cache[1]

    def trail(self, path=None) -> np.ndarray:
        """The points `path` (default: the run the keys turn) visited so far, one row per
        step, x and y columns."""
        path = self.path if path is None else path
        k = min(self.shown, max(len(path.points) - 1, 0))
        rows = [self.coords(i, path) for i in range(k + 1)]
        return np.array([[p["x"], p["y"]] for p in rows])

    def curve(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The loss curve, the numbered starts, each run's trail and ball, every mark on the
        curve as drawn (`onto_curve`)."""
        xs, ys, xlim, ylim = self.ground(width)
        low, high = xlim
        curve = Series(xs, ys, marker=CURVE.get(ascii), lines=True)
        series = [curve]

        def on_curve(at_x, at_y, marker: str) -> Series:
            return Series(at_x, onto_curve(curve, at_x, at_y, width, height, xlim=xlim,
                                           ylim=ylim), marker=marker)  # fmt: skip

        if not self.comparing:  # runs side by side all start from the one start shown
            for i, start in enumerate(self.starts[:9]):
                x0 = [start["x"]]
                series.append(on_curve(x0, [float(self.f.evaluate(x=x0[0], y=0.0))], str(i + 1)))
        balls = []
        ball = f"{BALL.get(ascii)} ball"  # or the arrow where it left the picture
        for i, path in enumerate(self.paths):
            trail = self.trail(path)
            losses = path.losses[: len(trail)]
            mark = (RUN_MARKS[i] if self.comparing else TRAIL).get(ascii)
            if len(trail) > 1:
                series.append(on_curve(trail[:-1, 0], losses[:-1], mark))
            balls.append((self.coords(path=path), str(i + 1) if self.comparing else None))
        for point, number in reversed(balls):  # the first run's ball on top
            height_here = float(self.f.evaluate(**point))
            if low <= point["x"] <= high and ylim[0] <= height_here <= ylim[1]:
                series.append(on_curve([point["x"]], [height_here], number or BALL.get(ascii)))
            else:  # gone: an arrow on the edge it left by
                edge_x = min(max(point["x"], low), high)
                edge_y = (min(max(height_here, ylim[0]), ylim[1])
                          if math.isfinite(height_here) else ylim[1])  # fmt: skip
                away = self._away_mark(point["x"], low, ascii)
                series.append(Series([edge_x], [edge_y], marker=away))
                ball = f"{away} ball gone"
        lines = text_plot(series, width, height, xlim=xlim, ylim=ylim, ascii=ascii)
        return titled(lines, self.curve_legend(ball, ascii))

    def map_legend(self, ascii: bool) -> list[str]:
        """What the map's marks mean, for the column beside it (the map's own last line says
        what its shading means; runs side by side are named in their rows)."""
        if not self.two_d or self.comparing:
            return []
        count = min(len(self.starts), 9)
        starts = " ".join(str(i + 1) for i in range(count)) + (" starts" if count > 1 else " start")
        return ["", f"{BALL.get(ascii)} ball  {TRAIL.get(ascii)} path", starts]

    def curve_legend(self, ball: str, ascii: bool) -> list[str]:
        """What the curve's marks mean, longest first, for the plot's top edge (runs side by
        side are named in their own rows below the picture)."""
        curve = f"{CURVE.get(ascii)} {self.height}"
        if self.comparing:
            return [curve]
        trail = f"{TRAIL.get(ascii)} path"
        return [f"{curve}  {trail}  {ball}", f"{curve} {trail} {ball}", curve]

    @staticmethod
    def _away_mark(x: float, low: float, ascii: bool) -> str:
        """The arrow drawn on the edge where the ball left the picture."""
        return (markers.LEFT_EDGE if x < low else markers.RIGHT_EDGE).get(ascii)

    def map(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The shaded surface (blank = low), the numbered starts, each run's trail and ball."""
        rows = self._shading(width, height - 1, ascii)
        grid = [list(row) for row in rows]
        for i, path in enumerate(self.paths):
            mark = (RUN_MARKS[i] if self.comparing else TRAIL).get(ascii)
            for x, y in self.trail(path)[:-1]:
                self._put(grid, x, y, mark)
        if not self.comparing:
            for i, start in enumerate(self.starts[:9]):
                self._put(grid, start["x"], start["y"], str(i + 1))
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        for i, path in reversed(list(enumerate(self.paths))):  # the first run's ball on top
            point = self.coords(path=path)
            ball = str(i + 1) if self.comparing else BALL.get(ascii)
            if x0 <= point["x"] <= x1 and y0 <= point["y"] <= y1:
                self._put(grid, point["x"], point["y"], ball)
            elif math.isfinite(point["x"]) and math.isfinite(point["y"]):  # gone: mark the edge
                inside_x = min(max(point["x"], x0), x1 - 1e-9 * (x1 - x0))
                inside_y = min(max(point["y"], y0 + 1e-9 * (y1 - y0)), y1)
                self._put(grid, inside_x, inside_y, self._away_mark(point["x"], x0, ascii))
        ranges = for_terminal(
            f"x {short(x0)} to {short(x1)} →, y {short(y0)} to {short(y1)} ↑", ascii
        )
        notes = (" (blank = low; shade edges are contours)", " (blank = low)", "")
        axes = [ranges + note for note in notes]
        axes += [f"x {short(x0)}..{short(x1)}, y {short(y0)}..{short(y1)}", ""]  # never cut
        return ["".join(row) for row in grid] + [next(a for a in axes if len(a) <= width)]

    @property
    def box(self) -> maps.Box:
        return (self.x_range, self.y_range)

    def _shading(self, width: int, height: int, ascii: bool) -> list[str]:
        """The map shaded in bands of equal height (each edge between shades a contour line),
        computed once per size (the surface never changes)."""
        key = (width, height, ascii)
        if self._grid_cache is None or self._grid_cache[0] != key:
            values = maps.sample(self.f.evaluate, self.box, width, height)
            self._grid_cache = (key, maps.band_grid(values, maps.SHADES.get(ascii)))
        return self._grid_cache[1]

    def _put(self, grid: list[list[str]], x: float, y: float, mark: str) -> None:
        """Write `mark` at the cell holding (x, y), if it is on the map."""
        if grid and grid[0]:
            maps.put(grid, maps.cell_of(x, y, self.box, len(grid[0]), len(grid)), mark)
