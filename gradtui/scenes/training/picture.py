"""The `training` scene's picture: the loop's four lines with the running one marked, the
readouts in fixed cells, the data plot (the batch and the points never trained on marked
apart) and the loss plot on axes that hold still (`TrainingPicture`, a part of
TrainingState).
"""

from __future__ import annotations

import textwrap

import numpy as np

from gradtui.calculus.training_loop import LOOP_LINES
from gradtui.scenes.kit import markers
from gradtui.scenes.kit.layout import CELL, PICTURE_ROWS, Frame, cell_line, cells
from gradtui.scenes.kit.loss_axes import thin
from gradtui.scenes.kit.plots import Series, raster, text_plot, titled
from gradtui.scenes.training.words import unseen_words

DATA_MARK, BATCH_MARK, FIT_MARK = markers.LINE, markers.TRAIL, markers.CURVE
LOSS_MARK, BATCH_LOSS_MARK = markers.CURVE, markers.LINE
UNSEEN_MARK = markers.Marker("×", "x")  # a point the model never trains on


class TrainingPicture:
    """The frame and the plots of TrainingState (a part of it: reads the trainer, the axes and
    the words TrainingState sets up, and keeps its plots)."""

    def code_lines(self, ascii: bool) -> list[str]:
        marker = markers.RUNNING.get(ascii)
        return [
            f"{marker if i == self.trainer.line else ' '} {text}"
            for i, text in enumerate(LOOP_LINES)
        ]

    def frame(self, width: int, height: int, ascii: bool = False) -> Frame:
        """The scene laid out in `height` lines of at most `width` characters.

        Code and readouts side by side (or stacked when narrow), the state in words, then
        the data and loss plots. The loss plot keeps at least PICTURE_ROWS rows whenever the
        code fits above it: the readouts shrink to their most important ones first, and on a
        small screen the state in words moves into the plot's caption.
        """
        frame = Frame(width, height, ascii)
        if width < 1 or height < 1:
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
            self._plots(frame, frame.bottom, width, room, self.status() if compact else "",
                        unseen_in_caption=not unseen)  # fmt: skip
        return frame

    def _pack(self, width: int, rows: int) -> list[str]:
        """Readouts in fixed-width cells: grouped as `readouts()` groups them when that fits,
        else the most important first, as many as fit in `rows` lines."""
        per_line = max(1, width // CELL)
        grouped = self.shown_readouts()
        if per_line >= max(len(row) for row in grouped) and len(grouped) <= rows:
            return [cell_line(row) for row in grouped]
        return cells(self.priority_readouts()[: rows * per_line], width)

    def _plots(
        self,
        frame: Frame,
        y: int,
        width: int,
        height: int,
        status: str = "",
        unseen_in_caption: bool = False,
    ) -> None:
        """The data plot and the loss plot side by side (or the loss alone), each with its
        caption written into the top edge of its frame. A `status` given here leads the loss
        plot's caption; `unseen_in_caption` puts the loss on the points never trained on into
        the data plot's (when there was no row for it above)."""
        ascii = frame.ascii
        scale = "log loss" if self.axes.log_scale else "loss"
        if not self.trainer.full_batch:
            all_, batch = LOSS_MARK.get(ascii), BATCH_LOSS_MARK.get(ascii)
            scale = f"{all_} all  {batch} batch: {scale}"
        loss_caption = f"{status}: {scale} by step" if status else f"{scale} by step"
        data_caption = self.data_caption(ascii)
        if unseen_in_caption and self.held_out is not None:
            losses = self.unseen_losses()
            caption = unseen_words(*losses, self.held_out.size, brief=True)
            data_caption = f"{UNSEEN_MARK.get(ascii)} " + caption
        if width < 64:  # room for one plot: the loss, or the points it never saw if it has them
            if self.held_out is None:
                loss = titled(self.loss_plot(width, height, frame.ascii), loss_caption)
                frame.place("loss", 0, y, loss, width)
            else:
                data = titled(self.data_plot(width, height, frame.ascii), data_caption)
                frame.place("data", 0, y, data, width)
            return
        left = width // 2
        data = titled(self.data_plot(left - 1, height, frame.ascii), data_caption)
        frame.place("data", 0, y, data, left - 1)
        loss = titled(self.loss_plot(width - left, height, frame.ascii), loss_caption)
        frame.place("loss", left, y, loss, width - left)

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
            series = [Series(data.xs, data.ys, marker=DATA_MARK.get(ascii))]
            if batch is not None:
                marker = BATCH_MARK.get(ascii)
                series.append(Series(data.xs[batch], data.ys[batch], marker=marker))
            series.append(Series(xs, fit, marker=FIT_MARK.get(ascii), lines=True))
            if self.held_out is not None:  # on top: the points the fit never saw
                held, marker = self.held_out, UNSEEN_MARK.get(ascii)
                series.append(Series(held.xs, held.ys, marker=marker))
            return text_plot(series, width, height, xlim=self.data_xlim, ylim=self.data_ylim,
                             ascii=ascii)  # fmt: skip

        return self._plot_cache.get("data", key, draw)

    def loss_plot(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The loss so far against the step, on axes that only widen when the run leaves them."""
        t = self.trainer
        steps, losses, full = t.history.steps, t.history.losses, t.history.full_losses
        self.axes.update(t.steps, t.start_loss, np.concatenate([losses, full]))
        if not steps.size:  # nothing run yet: the loss the run starts from
            steps, losses, full = np.zeros(1), np.array([t.start_loss]), np.array([t.start_loss])
        kept, values = thin(steps, self.axes.value(full), self.axes.window, width)
        batch_values = None
        if not np.array_equal(losses, full):  # mini-batches: their own, noisier curve too
            batch_values = thin(steps, self.axes.value(losses), self.axes.window, width)[1]
        xlim, ylim = (0, self.axes.window), self.axes.ylim
        noisy = None if batch_values is None else raster(batch_values, *ylim, 4 * height)
        key = ("loss", width, height, ascii, xlim, ylim, raster(kept, *xlim, 2 * width),
               raster(values, *ylim, 4 * height), noisy)  # fmt: skip

        def draw() -> list[str]:
            series = []
            if batch_values is not None:
                marker = BATCH_LOSS_MARK.get(ascii)
                series.append(Series(kept, batch_values, marker=marker, lines=True))
            series.append(Series(kept, values, marker=LOSS_MARK.get(ascii), lines=True))
            return text_plot(series, width, height, xlim=xlim, ylim=ylim, ascii=ascii,
                             log_labels=self.axes.log_scale)  # fmt: skip

        return self._plot_cache.get("loss", key, draw)
