"""The `training` scene's state: the trainer running the four-line loop, the play state and the
loss plot's axes, and the keys that move them. Its words and its picture are its parts
TrainingWords (words.py) and TrainingPicture (picture.py).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from gradtui.scenes.contract import SceneState
from gradtui.scenes.kit import rates
from gradtui.scenes.kit.loss_axes import LossAxes
from gradtui.scenes.kit.plots import PlotCache, auto_limits, sane_range
from gradtui.scenes.training.picture import TrainingPicture
from gradtui.scenes.training.run import build_held_out, build_trainer
from gradtui.scenes.training.words import TrainingWords

READOUT_EVERY = 3  # while playing, the numbers are repainted every third frame (3.7 a second)


class TrainingState(TrainingWords, TrainingPicture, SceneState):
    """Everything the training scene shows and does, without a terminal."""

    def __init__(self, params: dict) -> None:
        self.params = params
        self.trainer = build_trainer(params)
        self.axes = LossAxes(params["log_scale"])
        self.steps_per_frame = params["steps_per_frame"]
        self.playing = False
        self.stepping = False  # the last action was a single line: explain it
        self._frames = 0  # frames played: the numbers are repainted every READOUT_EVERY
        self._painted: dict[tuple, object] = {}  # the numbers as last painted, by what
        self._plot_cache = PlotCache()
        data = self.trainer.data
        self.held_out = build_held_out(params, data.model)
        self._unseen: tuple[bytes, float, float] | None = None
        shown = data if self.held_out is None else data.joined(self.held_out)
        self.data_xlim = auto_limits(shown.xs)
        truth = data.truth(shown.xs)
        seen = shown.ys if truth is None else np.concatenate([shown.ys, truth])
        given = params.get("y_range")
        self.data_ylim = auto_limits(seen) if given is None else sane_range(given)

    def toggle_play(self) -> bool:
        """Play or pause; a stopped run cannot play until it is reset. Returns `playing`."""
        self.playing = not self.playing and not self.trainer.stopped
        self.stepping = False
        return self.playing

    def tick(self) -> bool:
        """One animation frame: a few whole steps. Returns whether to keep playing."""
        if self.playing:
            self.trainer.run(self.steps_per_frame)
            self.playing = not self.trainer.stopped
            self._frames += 1
        return self.playing

    def step_line(self) -> None:
        """Run one of the four lines (pausing a run that was playing)."""
        self.playing = False
        self.stepping = self.trainer.step_line()

    def faster(self) -> None:
        """Double the learning rate (it takes effect at the next update line)."""
        self.trainer.learning_rate = rates.doubled(self.trainer.learning_rate)

    def slower(self) -> None:
        """Halve the learning rate."""
        self.trainer.learning_rate = rates.halved(self.trainer.learning_rate)

    def settings(self) -> dict[str, float]:
        """The learning rate can be typed (`set lr 0.01`)."""
        return {"lr": self.trainer.learning_rate}

    def set(self, name: str, value: float) -> None:
        """Set the learning rate (`lr`); it takes effect at the next update line."""
        if name != "lr":
            super().set(name, value)
        self.trainer.learning_rate = rates.typed(value)

    def toggle_batch(self) -> None:
        """Switch between the full batch and mini-batches."""
        trainer = self.trainer
        if trainer.full_batch:
            size = self.params["batch_size"] or self.params["mini_batch"]
            trainer.batch_size = min(size, max(trainer.data.size - 1, 1))
        else:
            trainer.batch_size = 0

    def fast_forward(self) -> int:
        """Skip ahead many steps at once; returns how many ran. A run that stops on the way
        stops playing too, as it would in `tick`."""
        self.stepping = False
        ran = self.trainer.run(self.params["fast_forward"])
        self.playing = self.playing and not self.trainer.stopped
        return ran

    def reset(self) -> None:
        """Start the run again from the starting weights (the rate and batch mode stay)."""
        self.playing = False
        self.stepping = False
        self.trainer.reset()
        self.axes.reset()

    def unseen_losses(self) -> tuple[float, float] | None:
        """(loss on the points it never trains on, loss on all the points it trains on), both
        at the current weights; None without held-out points. Worked out once per weights."""
        if self.held_out is None:
            return None
        t = self.trainer
        key = np.asarray(t.weights, dtype=float).tobytes()
        if self._unseen is None or self._unseen[0] != key:
            self._unseen = (key, t.loss_on(self.held_out), t.full_loss())
        return self._unseen[1], self._unseen[2]

    def _as_painted(self, key: tuple, numbers: Callable[[], object]) -> object:
        """Numbers as the frame paints them: while playing, worked out anew every
        READOUT_EVERY frames (numbers that change 11 times a second cannot be read, and
        repainting them all would cost most of the bytes a frame sends); paused, now."""
        due = not self.playing or self._frames % READOUT_EVERY == 0
        if due or key not in self._painted:
            self._painted[key] = numbers()
        return self._painted[key]
