"""The network scene drawn in plain text: the decision map, the network with its weights, the
loss plot, and a frame of panels that puts them where they fit.

The map is the plane from -6 to 6 each way, one character a cell, shaded by the network's p in
four bands (blank and a dot where it says o, light and heavy shade where it says x), with the
points on top: o and x for the training points, O and X for the test points, @ for the example
whose backward pass is shown. It is drawn in strips ten columns wide, each its own panel, so a
frame repaints only the strips whose shading moved.

The network is drawn as columns of neurons, inputs on the left; each neuron's row starts with
one mark per weight coming into it, in the order of the column before (top first): `.` near 0,
`+` and `-` below 1 in size, `#` and `=` from 1 up. This is `NetworkPicture`, a part of
NetworkState (state.py).
"""

from __future__ import annotations

import math

import numpy as np

from gradtui.calculus.one_example import neuron_name
from gradtui.calculus.plane_data import EXTENT
from gradtui.scenes.kit.layout import Frame, wrap
from gradtui.scenes.kit.loss_axes import thin
from gradtui.scenes.kit.markers import Marker
from gradtui.scenes.kit.plots import Series, raster, text_plot, titled

BANDS = np.array([0.25, 0.5, 0.75])  # p below 0.25: sure o ... from 0.75: sure x
SHADES = (Marker(" ", " "), Marker("·", "."), Marker("░", ":"), Marker("▒", "%"))
UNDEFINED_CELL = "?"
TRAIN_MARKS = ("o", "x")  # by class
TEST_MARKS = ("O", "X")
EXAMPLE_MARK = "@"
WORDS_BESIDE_MAP = 100  # the backward pass in words takes the whole width below this
MAP_MOST = 80  # the widest map drawn (40 rows high)
MAP_STRIP = 10  # columns per map panel: a frame repaints only the strips that changed
TRAIN_LOSS, TEST_LOSS = Marker("•", "*"), Marker("·", ".")
CHOSEN, NEURON = "[*]", "[ ]"


def shade_rows(p: np.ndarray, ascii: bool) -> list[list[str]]:
    """The map's shading: one band character per cell ('?' where p is not a number)."""
    ramp = np.array([shade.get(ascii) for shade in SHADES] + [UNDEFINED_CELL])
    band = np.searchsorted(BANDS, np.nan_to_num(p, nan=0.0), side="right")
    band = np.where(np.isfinite(p), band, len(SHADES))
    return ramp[band].tolist()


def point_cells(xy: np.ndarray, columns: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """The (column, row) of each point's cell; points off the plane get -1."""
    (x0, x1), (y0, y1) = (-EXTENT, EXTENT), (-EXTENT, EXTENT)
    with np.errstate(all="ignore"):
        col = np.floor((xy[:, 0] - x0) / (x1 - x0) * columns)
        row = np.floor((y1 - xy[:, 1]) / (y1 - y0) * rows)
    inside = np.isfinite(col) & np.isfinite(row)
    inside &= (col >= 0) & (col < columns) & (row >= 0) & (row < rows)
    return np.where(inside, col, -1).astype(int), np.where(inside, row, -1).astype(int)


def _put(grid: list[list[str]], xy: np.ndarray, labels: np.ndarray, marks) -> None:
    columns, rows = len(grid[0]), len(grid)
    cols, rws = point_cells(xy, columns, rows)
    for c, r, label in zip(cols.tolist(), rws.tolist(), labels.tolist(), strict=True):
        if c >= 0:
            grid[r][c] = marks[int(label >= 0.5)]


# --- the network --------------------------------------------------------------------------------


def weight_mark(w: float) -> str:
    """A weight's sign and size as one character."""
    if not math.isfinite(w):
        return "?"
    size = abs(w)
    if size < 0.1:
        return "."
    if size < 1:
        return "+" if w > 0 else "-"
    return "#" if w > 0 else "="


NETWORK_LEGEND = ".~0 +-<1 #=>1"  # the weight marks: near 0, below 1 in size, from 1 up


class NetworkPicture:
    """The network scene's picture: a part of NetworkState (state.py), which holds the trainer,
    the learner's choices and the words (words.py) these draw."""

    def map_lines(self, columns: int, rows: int, ascii: bool) -> list[str]:
        """The decision map: shading by p, then the test points, the training points, and the
        followed example on top."""
        if columns < 1 or rows < 1:
            return []
        grid = shade_rows(self.map_probabilities(columns, rows), ascii)
        if self.show_test:
            _put(grid, self.test.xy, self.test.labels, TEST_MARKS)
        _put(grid, self.train.xy, self.train.labels, TRAIN_MARKS)
        if self.explaining:
            xy, _ = self.example_point()
            _put(grid, xy.reshape(1, 2), np.zeros(1), (EXAMPLE_MARK, EXAMPLE_MARK))
        return ["".join(row) for row in grid]

    def map_legend(self, ascii: bool, width: int = 25) -> str:
        """What the map's marks mean, in `width` columns: "·=o ░▒=x ox train OX test" (25),
        or where that is too wide the shading and the test points' capitals, then the
        shading alone: an entry is left out whole, never cut."""
        marks = [shade.get(ascii) for shade in SHADES]
        shading = f"{marks[1]}=o {marks[2]}{marks[3]}=x"
        test = " OX test" if self.show_test else ""
        fits = (f"{shading} ox train{test}", f"{shading}{test}", shading)
        return next((legend for legend in fits if len(legend) <= width), "")

    def network_lines(self) -> tuple[list[str], tuple[int, int, int] | None]:
        """The network as columns of neurons with their weights' marks; the chosen neuron is
        [*] (and its span is returned, to be shown in reverse video)."""
        lines, neurons = self.network_drawing()
        return lines, self.chosen_span(neurons)

    def chosen_span(self, neurons: list[tuple[int, int, int, int, int]]):
        """The chosen neuron's box, [*], as (row, first column, end column) of the drawing."""
        return next(((row, end - len(CHOSEN), end) for row, _, end, layer, j in neurons
                     if (layer, j) == (self.layer, self.neuron)), None)  # fmt: skip

    def network_drawing(self) -> tuple[list[str], list[tuple[int, int, int, int, int]]]:
        """The network as columns of neurons with their weights' marks, and where each
        neuron is drawn: (row, first column, end column, layer, index in the layer), its
        incoming weights' marks and its box."""
        shape, weights = self.trainer.shape, self.trainer.weights
        sizes = shape.sizes
        height = max(sizes)
        columns: list[tuple[str, list[str], int]] = []  # (header, cells, width)
        label_width = max(len(name) for name in shape.features)
        columns.append(("in", [name.rjust(label_width) for name in shape.features], label_width))
        for layer in range(1, shape.layers + 1):
            matrix = weights[2 * layer - 2]
            cells = []
            for j in range(sizes[layer]):
                marks = "".join(weight_mark(float(w)) for w in matrix[:, j])
                chosen = layer == self.layer and j == self.neuron
                cells.append(f"{marks} {CHOSEN if chosen else NEURON}")
            header = "out" if layer == shape.layers else f"h{layer}"
            columns.append((header, cells, sizes[layer - 1] + 4))
        lines = [""] * (height + 1)
        neurons = []
        x = 0
        for layer, (header, cells, width) in enumerate(columns):
            top = 1 + (height - len(cells)) // 2
            lines[0] = lines[0].ljust(x) + header.rjust(width) if header != "in" else header
            for k, cell in enumerate(cells):
                row = top + k
                lines[row] = lines[row].ljust(x) + cell.rjust(width)
                if layer:  # the inputs are features, not neurons
                    neurons.append((row, x + width - len(cell), x + width, layer, k))
            x += width + 2
        return [line.rstrip() for line in lines], neurons

    def network_summary(self, width: int) -> list[str]:
        """The network in words, for a panel too narrow for the drawing."""
        shape = self.trainer.shape
        chosen = neuron_name(shape, self.layer, self.neuron)
        return wrap(f"{' '.join(shape.features)} -> "
                    + " -> ".join([*(str(n) for n in shape.hidden), "out"])
                    + f" ({shape.activation}); chosen {chosen}", width)  # fmt: skip

    def loss_plot(self, width: int, height: int, ascii: bool) -> list[str]:
        """The training loss and the test loss against the step, on axes that only widen
        (kit/loss_axes.py), with about two points a column."""
        steps, train, test = self.trainer.record.columns()
        start = float(train[0]) if train.size else float("nan")
        self.axes.update(self.trainer.steps, start, np.concatenate([train, test]))
        xlim, ylim = (0.0, float(self.axes.window)), self.axes.ylim
        kept, train = thin(steps, train, self.axes.window, width)
        test = thin(steps, test, self.axes.window, width)[1]
        key = ("loss", width, height, ascii, xlim, ylim, raster(kept, *xlim, 2 * width),
               raster(train, *ylim, 4 * height), raster(test, *ylim, 4 * height))  # fmt: skip

        def draw() -> list[str]:
            series = [Series(kept, train, marker=TRAIN_LOSS.get(ascii), lines=True)]
            if self.test.size:
                series.insert(0, Series(kept, test, marker=TEST_LOSS.get(ascii), lines=True))
            return text_plot(series, width, height, xlim=xlim, ylim=ylim, ascii=ascii)

        caption = f"{TRAIN_LOSS.get(ascii)} train {TEST_LOSS.get(ascii)} test loss"
        return titled(self.plots.get("loss", key, draw), caption)

    def frame(self, width: int, height: int, ascii: bool = False) -> Frame:
        """The readouts on top, the state at the bottom, and between them the map on the left
        with the network and the loss plot (or the backward pass in words) beside it."""
        frame = Frame(width, height, ascii)
        if width < 1 or height < 1:
            return frame
        count = self.counts()
        frame.place("counts", 0, 0, [count], len(count))
        room = width - len(count) - 3
        if room >= 12:
            frame.place("settings", len(count) + 3, 0, [self.settings_line(room)], room)
        if height >= 2:
            frame.place("losses", 0, 1, wrap(self.loss_line(), width)[:1], width)
        status = wrap(self.status(), width)[:2] if height >= 4 else []
        body_top, body = 2, height - 2 - len(status)
        if status:
            frame.place("status", 0, height - len(status), status, width)
        if body < 3:
            return frame
        if self.explaining and width < WORDS_BESIDE_MAP:
            self._words(frame, 0, body_top, width, body)
            return frame
        columns = min(2 * (body - 1), max(width * 2 // 5, 10), MAP_MOST)
        if not self.explaining:  # a map narrower, down to 20 columns, to draw the network whole
            drawn = max(len(line) for line in self.network_lines()[0]) + 2
            if width - columns - 2 < drawn <= width - 22:
                columns = width - 2 - drawn
        rows = min(body - 1, max(columns // 2, 1))
        self._map(frame, 0, body_top, columns, rows)
        left = columns + 2
        room = width - left
        if room < 12:
            return frame
        if self.explaining:
            self._words(frame, left, body_top, room, body)
        else:
            self._network_and_plot(frame, left, body_top, room, body)
        return frame

    def _map(self, frame: Frame, x: int, y: int, columns: int, rows: int) -> None:
        frame.place("map-legend", x, y, [self.map_legend(frame.ascii, columns)], columns)
        picture = self.map_lines(columns, rows, frame.ascii)
        for left in range(0, columns, MAP_STRIP):
            strip = [line[left : left + MAP_STRIP] for line in picture]
            frame.place(f"map-{left // MAP_STRIP}", x + left, y + 1, strip,
                        min(MAP_STRIP, columns - left))  # fmt: skip

    def _words(self, frame: Frame, x: int, y: int, width: int, height: int) -> None:
        lines = self.said("story", lambda: self.backward_words(self.story(), width, height))
        if len(lines) > height:
            lines = lines[: height - 1] + [lines[height - 1][: max(width - 2, 0)] + " …"]
        frame.place("backward", x, y, lines, width)

    def _network_and_plot(self, frame: Frame, x: int, y: int, width: int,
                          height: int) -> None:  # fmt: skip
        drawing, neurons = self.network_drawing()
        highlight = self.chosen_span(neurons)
        drawn = max(len(line) for line in drawing)
        if drawn > width or len(drawing) + 1 > height:
            drawing, highlight = self.network_summary(width), None
            drawn = max(len(line) for line in drawing)
        else:
            drawing = [*drawing, NETWORK_LEGEND[:width]]
            drawn = max(drawn, len(drawing[-1]))
            for row, start, end, layer, index in neurons:  # a neuron and its weights' marks
                frame.spot("neuron", x + start, y + row, end - start, 1, (layer, index))
        frame.place("network", x, y, drawing, drawn, highlight)
        beside = width - drawn - 2
        below = height - len(drawing)
        if beside >= 28 and height >= 7:
            frame.place("loss", x + drawn + 2, y, self.loss_plot(beside, height, frame.ascii),
                        beside)  # fmt: skip
        elif below >= 6 and width >= 24:
            frame.place("loss", x, y + len(drawing), self.loss_plot(width, below, frame.ascii),
                        width)  # fmt: skip
