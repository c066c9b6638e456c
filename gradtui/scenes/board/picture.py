"""The `board` scene's picture: a slider per weight on its track, the meter (the loss as a bar
on a fixed scale), the nudge and the rate, and the data with the model's curve beside them
(`BoardPicture`, a part of BoardState).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gradtui.scenes.board.words import partial
from gradtui.scenes.kit import markers
from gradtui.scenes.kit.layout import Frame, wrap
from gradtui.scenes.kit.markers import Marker
from gradtui.scenes.kit.numbers import compact, number, short
from gradtui.scenes.kit.plots import Series, raster, text_plot
from gradtui.textsafe import for_terminal

NAME_WIDTH = 8  # a weight's name on the board is cut to this many characters
VALUE_WIDTH = 8
PLOT_MIN_WIDTH = 24
GAP = 2  # blank columns between the board and the plot
DATA_MARK, FIT_MARK = markers.LINE, markers.CURVE
TRACK_START, TRACK_END = Marker("├", "|"), Marker("┤", "|")  # a slider's track: its two ends,
RAIL, HANDLE = markers.RUN, Marker("●", "O")  # the rail between, and the handle on it
SELECTED = Marker("▸", ">")  # the slider the next nudge moves
EMPTY = Marker("░", ".")  # the meter's unfilled part (its filled part is a BAR)


@dataclass(frozen=True)
class Layout:
    """Where the board's parts sit in a frame of a given size (also read by `click`)."""

    track_x: int
    track_width: int
    first_row: int
    board_width: int
    plot_x: int
    plot_width: int
    body_height: int


class BoardPicture:
    """The frame of BoardState (a part of it: reads the sliders, the loss and the words, and
    keeps its plot)."""

    def layout(self, width: int, height: int) -> Layout:
        """Where the sliders, the meter and the plot go in `width` x `height`."""
        words_rows = min(3, max(height - len(self.names) - 2, 0))
        body = max(height - words_rows, 0)
        plot_width = 0
        board_width = width
        if width >= 76 and body >= 6:
            board_width = max(50, width // 2)
            plot_width = width - board_width - GAP
            if plot_width < PLOT_MIN_WIDTH:
                board_width, plot_width = width, 0
        name_width = min(max(len(n) for n in self.names), NAME_WIDTH)
        track_x = 4 + name_width  # "▸ " + the name + " " + the track's left end
        # Room for the widest tag (a partial slope), gathered or not, so no track ever jumps.
        tag = max(len(partial(n[:NAME_WIDTH])) for n in self.names) + len(" = -1.234e+07")
        track_width = board_width - track_x - 1 - 1 - VALUE_WIDTH - 1 - tag
        track_width = min(max(track_width, 5), 40)
        return Layout(track_x, track_width, 0, board_width, board_width + GAP, plot_width, body)

    def slider_line(self, index: int, layout: Layout, ascii: bool) -> str:
        """One slider: its name, its track with the handle, its value, and what it is doing."""
        value = float(self.weights[index])
        low, high = self.track
        cells = [RAIL.get(ascii)] * layout.track_width
        if math.isfinite(value) and low <= value <= high:
            at = round((value - low) / (high - low) * (layout.track_width - 1))
            cells[at] = HANDLE.get(ascii)
        elif value < low:
            cells[0] = markers.LEFT_EDGE.get(ascii)
        elif value > high:
            cells[-1] = markers.RIGHT_EDGE.get(ascii)
        else:  # not a number at all
            cells[layout.track_width // 2] = "?"
        chosen = index == self.selected
        name = self.names[index][:NAME_WIDTH]
        tag = ""
        if self.gathered:
            tag = f"{partial(name)} = {compact(self.gradient[index], 10)}"
        elif self.nudge_open:
            tag = "nudged" if chosen else "held still"
        head = f"{SELECTED.get(ascii) if chosen else ' '} {name:>{layout.track_x - 4}} "
        track = TRACK_START.get(ascii) + "".join(cells) + TRACK_END.get(ascii)
        return f"{head}{track} {compact(value, VALUE_WIDTH):>{VALUE_WIDTH}} {tag}".rstrip()

    def board_lines(self, layout: Layout, ascii: bool) -> list[str]:
        """The sliders, then the meter (the loss as a bar), then the nudge and the rate."""
        lines = [self.slider_line(i, layout, ascii) for i in range(len(self.names))]
        lines.append(self.meter_line(layout, ascii))
        settings = f"Δ = {number(self.delta)}   lr = {short(self.learning_rate)}"
        if self.gathered:
            settings += f"   |∇L| = {short(self.gradient_length)}"
        lines.append(" " * (layout.track_x - 1) + settings)
        return lines

    def meter_line(self, layout: Layout, ascii: bool) -> str:
        """The loss as a bar on a fixed scale (the start's loss at three quarters) and a number."""
        filled, empty, past = (m.get(ascii) for m in (markers.BAR, EMPTY, markers.RIGHT_EDGE))
        cells = layout.track_width
        loss = self.loss
        if math.isfinite(loss) and loss >= 0:
            share = loss / self.meter_scale
            count = min(round(share * cells), cells)
            bar = filled * count + empty * (cells - count)
            if share > 1:
                bar = bar[:-1] + past
        else:
            bar = "?" * cells
        return f"{'loss':>{layout.track_x - 1}} {bar}  {short(loss):>{VALUE_WIDTH}}"

    def frame(self, width: int, height: int, ascii: bool = False) -> Frame:
        """The board (sliders and meter) with the data plot beside it when there is room, and
        the last nudge or step in words below."""
        frame = Frame(width, height, ascii)
        if width < 1 or height < 1:
            return frame
        layout = self.layout(width, height)
        board = self.board_lines(layout, ascii)[: layout.body_height]
        frame.place("board", 0, 0, board, layout.board_width)
        if layout.plot_width:
            plot = self.data_plot(layout.plot_width, layout.body_height, ascii)
            frame.place("plot", layout.plot_x, 0, plot, layout.plot_width)
        # The words go under the board and the plot, the whole width: beside the plot they
        # read on into its axis labels ("exact -0.3┤" read as "exact = -0.3").
        top = layout.body_height if layout.plot_width else len(board)
        words = wrap(for_terminal(self.status(), ascii), width)
        frame.place("words", 0, top, words[: max(height - top, 0)], width)
        return frame

    def data_plot(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The data points and the model's curve at the sliders' current setting."""
        xs = np.linspace(*self.data_xlim, max(2 * width, 8))
        curve = self.model.predict(self.weights, xs)
        low, high = self.data_ylim
        key = (width, height, ascii, raster(curve, low, high, 4 * height))

        def draw() -> list[str]:
            series = [  # the points last, so the curve never hides one
                Series(xs, curve, marker=FIT_MARK.get(ascii), lines=True),
                Series(self.data.xs, self.data.ys, marker=DATA_MARK.get(ascii)),
            ]
            lines = text_plot(series, width, height - 1, xlim=self.data_xlim,
                              ylim=self.data_ylim, ascii=ascii)  # fmt: skip
            legend = f"{DATA_MARK.get(ascii)} data  {FIT_MARK.get(ascii)} model now"
            return [*lines, legend]

        return self._plot_cache.get("data", key, draw)
