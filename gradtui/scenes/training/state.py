"""The `training` scene's state: the runs of the training loop (one, or up to four side by side),
which one the keys turn, the play state, the view and the loss plot's axes, and the keys that
move them. Its words and its pictures are its parts TrainingWords (words.py), TrainingPicture
(picture.py) and SurfacePicture (surface.py).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from gradtui.scenes.contract import SceneState
from gradtui.scenes.kit import rates
from gradtui.scenes.kit.loss_axes import LossAxes
from gradtui.scenes.kit.plots import PlotCache, auto_limits, sane_range
from gradtui.scenes.kit.runs import next_rule, rule_set, rule_settings, turned
from gradtui.scenes.training.picture import TrainingPicture
from gradtui.scenes.training.run import build_held_out, build_runs
from gradtui.scenes.training.surface import SurfacePicture
from gradtui.scenes.training.survey import Survey, survey
from gradtui.scenes.training.words import TrainingWords

READOUT_EVERY = 3  # while playing, the numbers are repainted every third frame (3.7 a second)


class TrainingState(TrainingWords, TrainingPicture, SurfacePicture, SceneState):
    """Everything the training scene shows and does, without a terminal."""

    def __init__(self, params: dict) -> None:
        self.params = params
        self.runs = build_runs(params)
        self.chosen = 0  # the run the keys turn
        self.view = params["view"]
        self.against = params["loss_against"]
        self.axes = LossAxes(params["log_scale"])
        self.steps_per_frame = params["steps_per_frame"]
        self.playing = False
        self.stepping = False  # the last action was a single line: explain it
        self._frames = 0  # frames played: the numbers are repainted every READOUT_EVERY
        self._painted: dict[tuple, object] = {}  # the numbers as last painted, by what
        self._plot_cache = PlotCache()
        self._survey: Survey | None = None
        self._surface_cache: tuple | None = None
        data = self.trainer.data
        self.held_out = build_held_out(params, data.model)
        self._unseen: tuple[bytes, float, float] | None = None
        shown = data if self.held_out is None else data.joined(self.held_out)
        self.data_xlim = auto_limits(shown.xs)
        truth = data.truth(shown.xs)
        seen = shown.ys if truth is None else np.concatenate([shown.ys, truth])
        given = params.get("y_range")
        self.data_ylim = auto_limits(seen) if given is None else sane_range(given)
        self.surface_pair = self._pair(params["surface_weights"])
        self.target = params.get("target_loss")
        if self.comparing:
            if self.target is None:
                self.target = self.survey().target()
            for run in self.runs:
                run.target_loss = self.target

    @property
    def trainer(self):
        """The run the keys turn (the only one, unless runs are compared)."""
        return self.runs[self.chosen]

    @property
    def comparing(self) -> bool:
        return len(self.runs) > 1

    @property
    def has_surface(self) -> bool:
        """Whether there are two weights to draw the loss over."""
        return len(self.trainer.weight_names) >= 2

    @property
    def has_beta(self) -> bool:
        """Whether the run the keys turn has a β (momentum's, or Adam's β1)."""
        return self.trainer.optimizer.beta is not None

    def _pair(self, names: list[str]) -> tuple[int, int]:
        """The indices of the two weights the surface is drawn over."""
        weights = self.trainer.weight_names
        if len(names) == 2 and all(name in weights for name in names):
            return weights.index(names[0]), weights.index(names[1])
        return (0, 1) if len(weights) >= 2 else (0, 0)

    def survey(self) -> Survey:
        """Where the runs go (worked out once, when first needed)."""
        if self._survey is None:
            self._survey = survey(self.runs)
        return self._survey

    # --- playing --------------------------------------------------------------------------

    def toggle_play(self) -> bool:
        """Play or pause; stopped runs cannot play until they are reset. Returns `playing`."""
        self.playing = not self.playing and not self.all_stopped
        self.stepping = False
        return self.playing

    @property
    def all_stopped(self) -> bool:
        return all(run.stopped for run in self.runs)

    def tick(self) -> bool:
        """One animation frame: a few whole steps of every run. Returns whether to keep
        playing."""
        if self.playing:
            for run in self.runs:
                run.run(self.steps_per_frame)
            self.playing = not self.all_stopped
            self._frames += 1
        return self.playing

    def step_line(self) -> None:
        """Run one line of the loop (pausing a run that was playing)."""
        self.playing = False
        self.stepping = self.trainer.step_line()

    def step_each(self) -> None:
        """One whole step of every run (pausing them)."""
        self.playing = False
        self.stepping = False
        for run in self.runs:
            run.step()

    def fast_forward(self) -> int:
        """Skip ahead many steps at once (every run); returns how many the chosen run ran. A run
        that stops on the way stops playing too, as it would in `tick`."""
        self.stepping = False
        ran = [run.run(self.params["fast_forward"]) for run in self.runs]
        self.playing = self.playing and not self.all_stopped
        return ran[self.chosen]

    def reset(self) -> None:
        """Start every run again from the starting weights (their settings stay)."""
        self.playing = False
        self.stepping = False
        for run in self.runs:
            run.reset()
        self.axes.reset()

    # --- the chosen run's settings -----------------------------------------------------------

    def faster(self) -> None:
        """Double the learning rate (it takes effect at the next update line)."""
        self.trainer.learning_rate = rates.doubled(self.trainer.learning_rate)

    def slower(self) -> None:
        """Halve the learning rate."""
        self.trainer.learning_rate = rates.halved(self.trainer.learning_rate)

    def next_batch(self) -> None:
        """The next batch size: all the points, then the mini-batch, then 1 point, then all."""
        trainer = self.trainer
        mini = min(self.params["batch_size"] or self.params["mini_batch"],
                   max(trainer.data.size - 1, 1))  # fmt: skip
        sizes = [0, mini, 1] if mini != 1 else [0, 1]
        now = trainer.batch_size
        trainer.batch_size = sizes[(sizes.index(now) + 1) % len(sizes)] if now in sizes else 0
        self.stepping = False

    def next_optimizer(self) -> None:
        """The next update rule: sgd, momentum, adam, and round again (from the next step)."""
        self.trainer.optimizer = next_rule(self.trainer.optimizer)
        self.stepping = False

    def more_beta(self) -> None:
        """β half as far from 1 (nothing for plain descent, which has none)."""
        self.trainer.optimizer = turned(self.trainer.optimizer, nearer=True)

    def less_beta(self) -> None:
        """β twice as far from 1."""
        self.trainer.optimizer = turned(self.trainer.optimizer, nearer=False)

    def toggle_view(self) -> None:
        """Between the data with the fit and the map of the loss over two weights."""
        if self.has_surface:
            self.view = "plot" if self.view == "surface" else "surface"

    def toggle_against(self) -> None:
        """Plot the loss against steps or against examples seen."""
        self.against = "steps" if self.against == "examples" else "examples"
        self.axes.reset()

    def next_run(self) -> None:
        """Let the keys turn the next run."""
        self.chosen = (self.chosen + 1) % len(self.runs)

    def settings(self) -> dict[str, float]:
        """The learning rate (and β, where the rule has one) can be typed (`set lr 0.01`)."""
        return rule_settings(self.trainer.optimizer)

    def set(self, name: str, value: float) -> None:
        """Set the learning rate (`lr`) or β (`beta`) of the run the keys turn; each takes
        effect at its next line."""
        self.trainer.optimizer = rule_set(self.trainer.optimizer, name, value)

    # --- numbers worked out once -----------------------------------------------------------------

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
