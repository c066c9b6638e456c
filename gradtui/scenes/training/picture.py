"""The `training` scene's picture: the loop's lines with the running one marked (or, when runs
are compared, a table of them), the readouts in fixed cells, the data plot (the batch and the
points never trained on marked apart) or the map of the loss (surface.py), and the loss plot on
axes that hold still, against steps or examples seen (`TrainingPicture`, a part of
TrainingState).
"""

from __future__ import annotations

import math
import textwrap

import numpy as np

from gradtui.scenes.kit import markers
from gradtui.scenes.kit.layout import PICTURE_ROWS, Frame, cell_width, cells
from gradtui.scenes.kit.loss_axes import band, thin
from gradtui.scenes.kit.numbers import short
from gradtui.scenes.kit.plots import PLOT_LIMIT, Series, raster, text_plot, titled
from gradtui.scenes.kit.runs import RUN_MARKS
from gradtui.scenes.training.words import unseen_words
from gradtui.textsafe import for_terminal

DATA_MARK, BATCH_MARK, FIT_MARK = markers.LINE, markers.TRAIL, markers.CURVE
LOSS_MARK, BATCH_LOSS_MARK = markers.CURVE, markers.LINE
UNSEEN_MARK = markers.Marker("×", "x")  # a point the model never trains on
ABOVE = markers.Marker("↑", "^")  # a loss above the top of the plot


def within_window(xs: np.ndarray, *columns: np.ndarray, end: float = 0.0):
    """The points up to `end` on the x-axis, and the first one past it (so the line runs on
    to the plot's edge the way it went, not straight to a point far beyond)."""
    inside = xs <= end
    past = np.nonzero(~inside)[0]
    if past.size:
        inside[past[0]] = True
    return (xs[inside], *(column[inside] for column in columns))


class TrainingPicture:
    """The frame and the plots of TrainingState (a part of it: reads the runs, the axes and
    the words TrainingState sets up, and keeps its plots)."""

    def code_lines(self, ascii: bool) -> list[str]:
        """The loop's lines, the one that ran last marked (spelled for the terminal: their
        width lays out the readouts beside them)."""
        marker = markers.RUNNING.get(ascii)
        t = self.trainer
        return [for_terminal(f"{marker if i == t.line else ' '} {text}", ascii)
                for i, text in enumerate(t.lines)]  # fmt: skip

    def run_table(self, width: int, ascii: bool) -> list[str]:
        """The runs compared, one a line: its mark and number, rule, rate, loss and verdict;
        the one the keys turn marked."""
        running = markers.RUNNING.get(ascii)
        shown = self._as_painted(("runs",), self.run_rows)  # at the numbers' pace
        rows = [tuple(for_terminal(part, ascii) for part in row) for row in shown]
        label = max(len(row[1]) for row in rows)
        lines = []
        for i, (number, rule, rate, loss, word) in enumerate(rows):
            mark = RUN_MARKS[i].get(ascii)
            chosen = running if i == self.chosen else " "
            line = f"{chosen}{mark} {number} {rule:<{label}}  {rate:<10} loss {loss:<9}  {word}"
            if len(line) > width:  # the race line says who got there first
                line = line.split(";")[0]
            lines.append(line[:width])
        return lines

    def frame(self, width: int, height: int, ascii: bool = False) -> Frame:
        """The scene laid out in `height` lines of at most `width` characters.

        Code and readouts side by side (or stacked when narrow), or the table of runs, the
        state in words, then the two plots. The plots keep at least PICTURE_ROWS rows whenever
        the top fits above them: the readouts shrink to their most important ones first, and
        on a small screen the state in words moves into the plot's caption.
        """
        frame = Frame(width, height, ascii)
        if width < 1 or height < 1:
            return frame
        if self.comparing:
            top = self.run_table(width, ascii)
            race = textwrap.wrap(self._as_painted(("race",), self.race_words), width)[:2]
            compact = height < len(top) + len(race) + 1 + PICTURE_ROWS
            frame.place("runs", 0, 0, top[: max(height - PICTURE_ROWS, len(top))], width)
            if not compact:
                frame.place("race", 0, frame.bottom, race, width)
                frame.place("status", 0, frame.bottom, [self.status()], width)
            room = height - frame.bottom
            if room >= PICTURE_ROWS and width >= 30:
                self._plots(frame, frame.bottom, width, room, compact)
            return frame
        code = self.code_lines(ascii)
        code_width = max(len(line) for line in code)
        status = textwrap.wrap(self.status(), width)[:3] or [""]
        words, numbers = self._as_painted(("unseen", width), lambda: self.unseen_parts(width))
        unseen = textwrap.wrap(words + numbers, width)[:2]
        plots = PICTURE_ROWS  # the plots (their captions sit in their frames' top edges)
        compact = height < len(code) + len(status) + len(unseen) + plots
        if compact:
            status = []
        if unseen and height < len(code) + len(unseen) + plots:
            unseen = []  # too few rows: it goes into the data plot's top edge instead
        above = len(status) + len(unseen)
        budget = max(height - above - plots, len(code)) if width >= 30 else height
        budget = min(budget, height)
        running = (self.trainer.line, 0, code_width)
        beside = width - code_width - 2
        if beside >= 14:
            frame.place("code", 0, 0, code[:budget], code_width, running)
            frame.place("readouts", code_width + 2, 0, self._pack(beside, budget), beside)
        else:
            frame.place("code", 0, 0, code[:budget], width, running)
            rows = budget - len(code)
            if rows > 0:
                frame.place("readouts", 0, len(code), self._pack(width, rows), width)
        if len(unseen) == 1:  # the words stay; only the numbers' panel repaints
            y = min(frame.bottom, height)
            frame.place("unseen", 0, y, [words], len(words))
            frame.place("unseen_numbers", len(words), y, [numbers], width - len(words))
        elif unseen:
            frame.place("unseen", 0, min(frame.bottom, height), unseen, width)
        if status:
            frame.place("status", 0, min(frame.bottom, height), status, width)
        room = height - frame.bottom
        if room >= plots and width >= 30:
            self._plots(frame, frame.bottom, width, room, compact, unseen_in_caption=not unseen)
        return frame

    def _pack(self, width: int, rows: int) -> list[str]:
        """Readouts in fixed-width cells: grouped as `readouts()` groups them when that fits,
        else the most important first, as many as fit in `rows` lines."""
        grouped = self.shown_readouts()
        cell = cell_width([item for row in grouped for item in row], width=width)  # columns align
        per_line = max(1, width // cell)
        if per_line >= max(len(row) for row in grouped):
            lines = [line for row in grouped for line in cells(row, width, cell)]  # long: split
            if len(lines) <= rows:
                return lines
        return cells(self.priority_readouts()[: rows * per_line], width, cell)[:rows]

    def loss_caption(self, ascii: bool, compact: bool) -> list[str]:
        """The loss plot's caption, longest first (the first that fits is shown): what it
        plots against what, the state leading it on a small screen, and a loss above the
        plot's top said with its value."""
        scale = "log loss" if self.axes.log_scale else "loss"
        against = "by examples seen" if self.against == "examples" else "by step"
        t = self.trainer
        if self.comparing:
            marks = " ".join(f"{RUN_MARKS[i].get(ascii)}{i + 1}" for i in range(len(self.runs)))
            plain = [f"{marks}: {scale} (all) {against}", f"{marks}: {scale} {against}",
                     f"{marks}: {scale}", f"{scale} {against}"]  # fmt: skip
        elif not t.full_batch:
            all_, batch = LOSS_MARK.get(ascii), BATCH_LOSS_MARK.get(ascii)
            plain = [f"{all_} all  {batch} batch: {scale} {against}",
                     f"{all_} all {batch} batch: {scale} {against}",
                     f"{all_} all {batch} batch: {scale}", f"{scale} {against}"]  # fmt: skip
        else:
            plain = [f"{scale} {against}"]
        peak = self._peak_above()
        if peak is not None:
            up = ABOVE.get(ascii)
            plain = [f"{up} {short(peak)} above the top: {plain[-1]}", f"{up} {short(peak)}"]
        if not compact:
            return plain
        return [f"{lead}: {words}" for lead in self.short_status() for words in plain] + plain

    def _plots(self, frame: Frame, y: int, width: int, height: int, compact: bool,
               unseen_in_caption: bool = False) -> None:  # fmt: skip
        """The data plot (or the map) and the loss plot side by side (or the loss alone),
        each with its caption written into the top edge of its frame. On a small screen
        (`compact`) the state leads the loss plot's caption; `unseen_in_caption` puts the loss
        on the points never trained on into the data plot's (when there was no row for it
        above)."""
        ascii = frame.ascii
        left_is_map = self.view == "surface" and self.has_surface
        if width < 64:  # room for one: the loss, the map, or the points it never saw
            if left_is_map:
                self.place_surface(frame, 0, y, width, height)
            elif self.held_out is None:
                plot = self.loss_plot(width, height, ascii)  # first: it sets the axes
                loss = titled(plot, self.loss_caption(ascii, compact))
                frame.place("loss", 0, y, loss, width)
            else:
                data = titled(self.data_plot(width, height, ascii), self._data_caption(ascii, True))
                frame.place("data", 0, y, data, width)
            return
        left = width // 2
        if left_is_map:
            self.place_surface(frame, 0, y, left - 1, height)
        else:
            data = titled(self.data_plot(left - 1, height, ascii),
                          self._data_caption(ascii, unseen_in_caption))  # fmt: skip
            frame.place("data", 0, y, data, left - 1)
        plot = self.loss_plot(width - left, height, ascii)  # first: it sets the axes
        frame.place("loss", left, y, titled(plot, self.loss_caption(ascii, compact)), width - left)

    def _data_caption(self, ascii: bool, unseen: bool) -> str:
        if unseen and self.held_out is not None:
            losses = self.unseen_losses()
            return f"{UNSEEN_MARK.get(ascii)} " + unseen_words(*losses, self.held_out.size,
                                                               brief=True)  # fmt: skip
        return self.data_caption(ascii)

    def data_caption(self, ascii: bool = False) -> str:
        """What the data plot's marks mean."""
        data, fit = DATA_MARK.get(ascii), FIT_MARK.get(ascii)
        if self.held_out is not None:
            return f"{data} data  {UNSEEN_MARK.get(ascii)} never seen  {fit} fit"
        if self.trainer.full_batch:
            return f"{data} data  {fit} fitted {self.trainer.data.model.name}"
        if self.playing:  # a new batch every frame is too fast to follow: marked when paused
            return f"{data} data  {fit} fit  (batches: pause)"
        return f"{data} data  {BATCH_MARK.get(ascii)} batch  {fit} fit"

    def data_plot(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The data points (the batch marked apart) and the current fitted curve."""
        t = self.trainer
        data = t.data
        samples = 2 if data.model.text == "line" else max(2 * width, 8)
        xs = np.linspace(*self.data_xlim, samples)
        weights = t.weights
        if not t.full_batch:  # each batch jolts it: drawn at the numbers' pace (`_as_painted`)
            weights = self._as_painted(("fit",), lambda: np.array(t.weights, dtype=float))
        fit = data.model.predict(weights, xs)
        batch = None if t.full_batch or self.playing else t.batch
        low, high = self.data_ylim
        key = ("data", width, height, ascii, raster(fit, low, high, 4 * height),
               None if batch is None else tuple(batch.tolist()))  # fmt: skip

        def draw() -> list[str]:
            series = [Series(data.xs, data.ys, marker=DATA_MARK.get(ascii)),
                      Series(xs, fit, marker=FIT_MARK.get(ascii), lines=True)]  # fmt: skip
            if batch is not None:  # on the line: this step's points, which the legend names
                marker = BATCH_MARK.get(ascii)
                series.append(Series(data.xs[batch], data.ys[batch], marker=marker))
            if self.held_out is not None:  # on top: the points the fit never saw
                held, marker = self.held_out, UNSEEN_MARK.get(ascii)
                series.append(Series(held.xs, held.ys, marker=marker))
            return text_plot(series, width, height, xlim=self.data_xlim, ylim=self.data_ylim,
                             ascii=ascii)  # fmt: skip

        return self._plot_cache.get("data", key, draw)

    def loss_series(self) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """For each run: where along the x-axis (steps or examples seen) each kept loss lies,
        the loss on all the data there, and the batch loss there."""
        found = []
        for run in self.runs:
            history = run.history
            xs = history.examples if self.against == "examples" else history.steps
            found.append((xs, history.full_losses, history.losses))
        return found

    def loss_ylim(self) -> tuple[float, float]:
        """The loss plot's y-range: the axes' own, its top at most what a plot can draw."""
        low, high = self.axes.ylim
        return (low, min(high, PLOT_LIMIT))

    def _peak_above(self) -> float | None:
        """The highest loss drawn (on all the data; a lone run's batch losses too) when it
        lies above the top of the plot (a run that blew up), else None."""
        top = self.loss_ylim()[1] if self.axes.ylim is not None else None
        drawn = [run.history.full_losses if self.comparing else run.history.losses
                 for run in self.runs if len(run.history)]  # fmt: skip
        peaks = [float(losses.max()) for losses in drawn]
        peaks += [
            math.inf
            for run in self.runs  # a loss that overflowed: not on any plot
            if run.diverged and run.loss is not None and not math.isfinite(run.loss)
        ]
        peak = max(peaks, default=None)
        if peak is None or top is None:
            return None
        value = self.axes.value(np.array([peak]))[0]
        return peak if value > top else None

    def loss_plot(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The loss so far, on axes that only widen when a run leaves them: every run's loss
        on all the data (and, for a lone run of mini-batches, its noisier batch loss), a loss
        above the plot's top marked on the top edge where it went."""
        series_of = self.loss_series()
        if self.against == "examples":  # runs side by side: as far as every one of them has
            # seen, so all are compared over the same examples (a faster one runs off the edge)
            last = min(run.examples for run in self.runs)
        else:
            last = max(run.steps for run in self.runs)
        noisy_too = not self.comparing  # a lone run of mini-batches: its batch loss too
        seen = np.concatenate([np.concatenate([full, batch]) if noisy_too else full
                               for _, full, batch in series_of])  # fmt: skip
        self.axes.update(last, self.trainer.start_loss, seen)
        xlim, ylim = (0, self.axes.window), self.loss_ylim()
        drawn, key = [], [width, height, ascii, xlim, ylim]
        for i, (xs, full, batch) in enumerate(series_of):
            if not xs.size:  # nothing run yet: the loss the run starts from
                xs, full = np.zeros(1), np.array([self.trainer.start_loss])
                batch = full
            xs, full, batch = within_window(xs, full, batch, end=xlim[1])
            kept, values = thin(xs, self.axes.value(full), xlim[1], width)
            mark = RUN_MARKS[i] if self.comparing else LOSS_MARK
            noisy = None
            if noisy_too and not np.array_equal(batch, full):
                noisy = band(xs, self.axes.value(batch), xlim[1], width)
            drawn.append((kept, values, noisy, mark.get(ascii)))
            key += [raster(kept, *xlim, 2 * width), raster(values, *ylim, 4 * height)]
            if noisy is not None:
                key += [raster(noisy[0], *xlim, 2 * width), raster(noisy[1], *ylim, 4 * height)]

        def draw() -> list[str]:
            series = []
            for _, _, noisy, _ in drawn:
                if noisy is not None:  # the band the batch losses sweep, under the calm curve
                    series.append(Series(*noisy, marker=BATCH_LOSS_MARK.get(ascii), lines=True))
            for kept, values, _, mark in reversed(drawn):  # the first run on top
                series.append(Series(kept, values, marker=mark, lines=True))
                over = values > ylim[1]
                if over.any():  # a loss above the plot: its arrow on the top edge
                    series.append(Series(kept[over], np.full(int(over.sum()), ylim[1]),
                                         marker=ABOVE.get(ascii)))  # fmt: skip
            return text_plot(series, width, height, xlim=xlim, ylim=ylim, ascii=ascii,
                             log_labels=self.axes.log_scale)  # fmt: skip

        return self._plot_cache.get("loss", tuple(key), draw)
