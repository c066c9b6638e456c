"""The `training` scene's map: the loss over two of the model's weights as a shaded contour map
(blank = low), each run's path of weights drawn on it in its own mark, where each run is now,
and the way downhill from the run the keys turn. With more than two weights the map is a slice
through that run's weights, the others held where they are, and its caption says so
(`SurfacePicture`, a part of TrainingState).
"""

from __future__ import annotations

import math

import numpy as np

from gradtui.calculus.models import loss_over_two
from gradtui.scenes.kit import maps, markers
from gradtui.scenes.kit.layout import Frame
from gradtui.scenes.kit.numbers import short
from gradtui.scenes.kit.runs import RUN_MARKS

MAP_STRIP = 10  # the map is placed in strips this wide: a moving path repaints few of them
NOW = markers.BALL  # where a lone run is now (runs compared: their numbers)
PATH = RUN_MARKS[0]  # a lone run's path


class SurfacePicture:
    """The map of TrainingState (a part of it: reads the runs, the chosen pair of weights and
    the survey of where the runs go)."""

    def surface_box(self) -> maps.Box:
        return self.survey().box(*self.surface_pair)

    def held_words(self) -> str:
        """The weights the map holds still (a slice), in words; "" for a model of two."""
        first, second = self.surface_pair
        t = self.trainer
        held = [f"{name} = {short(value)}" for i, (name, value)
                in enumerate(zip(t.weight_names, t.weights, strict=True))
                if i not in (first, second)]  # fmt: skip
        return f"a slice: {', '.join(held)} held" if held else ""

    def _shading(self, columns: int, rows: int, ascii: bool) -> list[str]:
        """The map shaded in bands of equal height (each edge between shades a contour line),
        worked out again only when its size or the
        weights it holds still change (at the numbers' pace while playing)."""
        t = self.trainer
        first, second = self.surface_pair
        held = self._as_painted(("held",), lambda: np.array(t.weights, dtype=float))
        others = tuple(float(v) for i, v in enumerate(held) if i not in (first, second))
        key = (columns, rows, ascii, others)
        if self._surface_cache is None or self._surface_cache[0] != key:
            box = self.surface_box()
            grid = maps.cell_centres(box, columns, rows)
            values = loss_over_two(t.data.model, t.data.xs, t.data.ys, held, self.surface_pair,
                                   grid)  # fmt: skip
            self._surface_cache = (key, maps.band_grid(values, maps.SHADES.get(ascii)))
        return self._surface_cache[1]

    def _cell(self, weights: np.ndarray, columns: int, rows: int) -> tuple[int, int] | None:
        first, second = self.surface_pair
        return maps.cell_of(float(weights[first]), float(weights[second]), self.surface_box(),
                            columns, rows)  # fmt: skip

    def _edge_cell(self, weights: np.ndarray, columns: int, rows: int) -> tuple[int, int] | None:
        """The cell on the map's edge towards weights that lie off it (None if not finite)."""
        first, second = self.surface_pair
        (x0, x1), (y0, y1) = self.surface_box()
        x, y = float(weights[first]), float(weights[second])
        if not (math.isfinite(x) and math.isfinite(y)):
            return None
        inside_x = min(max(x, x0), x1)
        inside_y = min(max(y, y0), y1)
        return maps.cell_of(inside_x, inside_y, self.surface_box(), columns, rows)

    def downhill_end(self, start: tuple[int, int], columns: int, rows: int):
        """Where the arrow downhill from the chosen run's weights ends: against the gradient
        of the loss on all the data there, a quarter of the map long."""
        t = self.trainer
        first, second = self.surface_pair
        _, gradient = t.loss_graph.value_and_gradient(t.weights, t.data.xs, t.data.ys)
        (x0, x1), (y0, y1) = self.surface_box()
        dc = -gradient[first] * columns / (x1 - x0)
        dr = gradient[second] * rows / (y1 - y0)
        seen = math.hypot(dc, 2.0 * dr)
        if not (math.isfinite(seen) and seen > 0):
            return None
        reach = max(min(columns, 2 * rows) / 4, 2.0)
        dc, dr = dc / seen * reach, dr / seen * reach
        # shortened to end on the map (an arrow whose head is cut off points nowhere)
        fits = [1.0]
        for at, delta, size in ((start[0], dc, columns), (start[1], dr, rows)):
            if at + delta > size - 1:
                fits.append((size - 1 - at) / delta)
            elif at + delta < 0:
                fits.append(-at / delta)
        share = max(min(fits), 0.0)
        end = (round(start[0] + dc * share), round(start[1] + dr * share))
        return end if end != start else None

    def surface_map(self, columns: int, rows: int, ascii: bool = False) -> list[str]:
        """The shaded map with every run's path, where each run is now, and the way downhill
        from the run the keys turn (drawn again only when one of them moved)."""
        shading = self._shading(columns, rows, ascii)
        moved = tuple((len(run.history), np.asarray(run.weights, dtype=float).tobytes())
                      for run in self.runs)  # fmt: skip
        key = (self._surface_cache[0], moved, self.chosen, self.surface_pair)  # [0]: its own key
        return self._plot_cache.get("surface", key, lambda: self._draw_map(shading, ascii))

    def _draw_map(self, shading: list[str], ascii: bool) -> list[str]:
        rows, columns = len(shading), len(shading[0]) if shading else 0
        grid = [list(row) for row in shading]
        comparing = self.comparing
        first, second = self.surface_pair
        box = self.surface_box()
        for i, run in reversed(list(enumerate(self.runs))):  # the first run's path on top
            mark = (RUN_MARKS[i] if comparing else PATH).get(ascii)
            walked = run.history.weights
            if not walked.size:
                continue
            path = maps.path_cells(walked[:, first], walked[:, second], box, columns, rows)
            for start, end in zip(path, path[1:], strict=False):
                for cell in maps.line_cells(start, end):
                    maps.put(grid, cell, mark)
            if path:
                maps.put(grid, path[-1], mark)
        here = self._cell(self.trainer.weights, columns, rows)
        if here is not None:
            end = self.downhill_end(here, columns, rows)
            if end is not None:
                maps.arrow(grid, here, end, maps.DOWNHILL.get(ascii), ascii)
        for i, run in reversed(list(enumerate(self.runs))):
            now = self._cell(run.weights, columns, rows)
            mark = str(i + 1) if comparing else NOW.get(ascii)
            if now is None:  # gone off the map: an arrow on the edge it left by
                now = self._edge_cell(run.weights, columns, rows)
                mark = self._away(run.weights, ascii)
            maps.put(grid, now, mark)
        return ["".join(row) for row in grid]

    def _away(self, weights: np.ndarray, ascii: bool) -> str:
        """The arrowhead pointing to where weights off the map lie."""
        first, second = self.surface_pair
        (x0, x1), (y0, y1) = self.surface_box()
        x, y = float(weights[first]), float(weights[second])
        dc = int(x > x1) - int(x < x0)
        dr = int(y < y0) - int(y > y1)
        return maps.HEADS.get(ascii)[maps.octant(float(dc), float(dr))]

    def surface_caption(self, ascii: bool, width: int) -> str:
        """What the map shows, in as many words as fit `width`."""
        first, second = (self.trainer.weight_names[i] for i in self.surface_pair)
        down = maps.DOWNHILL.get(ascii) * 2 + maps.HEADS.get(ascii)[0]
        if self.comparing:
            runs = " ".join(f"{RUN_MARKS[i].get(ascii)}{i + 1}" for i in range(len(self.runs)))
            marks = f"{runs} paths {down} downhill"
        else:
            marks = f"{PATH.get(ascii)} path {NOW.get(ascii)} now {down} downhill"
        brief = marks.replace("downhill", "down").replace(" paths", "")
        slice_words = self.held_words()
        candidates = [f"loss over ({first}, {second}), blank = low: {marks}",
                      f"loss over ({first}, {second}): {marks}",
                      f"loss({first}, {second}): {brief}", brief]  # fmt: skip
        if slice_words:
            candidates = [f"{c}; {slice_words}" for c in candidates] + candidates
        return next((c for c in candidates if len(c) <= width), candidates[-1][:width])

    def surface_axes(self, width: int) -> str:
        """The map's ranges: "w -1.2 to 3.4 →, b -2 to 1.5 ↑"."""
        (x0, x1), (y0, y1) = self.surface_box()
        first, second = (self.trainer.weight_names[i] for i in self.surface_pair)
        text = f"{first} {short(x0)} to {short(x1)} →, {second} {short(y0)} to {short(y1)} ↑"
        return text[:width]

    def place_surface(self, frame: Frame, x: int, y: int, width: int, height: int) -> None:
        """The map with its caption above and its ranges below, in strips."""
        rows = height - 2
        if rows < 3 or width < 12:
            return
        frame.place("surface-caption", x, y, [self.surface_caption(frame.ascii, width)], width)
        picture = self.surface_map(width, rows, frame.ascii)
        for left in range(0, width, MAP_STRIP):
            strip = [line[left : left + MAP_STRIP] for line in picture]
            frame.place(f"surface-{left // MAP_STRIP}", x + left, y + 1, strip,
                        min(MAP_STRIP, width - left))  # fmt: skip
        frame.place("surface-axes", x, y + 1 + rows, [self.surface_axes(width)], width)
