"""The `board` scene's state: the sliders (a model's weights), the loss the meter reads and its
gradient, the last nudge and the last step downhill, and the keys and clicks that move them.
Its words and its picture are its parts BoardWords (words.py) and BoardPicture (picture.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gradtui.calculus import gradient as grad
from gradtui.calculus.data import lesson_data
from gradtui.calculus.models import Loss, read_model
from gradtui.scenes.board.picture import BoardPicture
from gradtui.scenes.board.words import BoardWords
from gradtui.scenes.contract import Press, SceneState
from gradtui.scenes.kit import rates
from gradtui.scenes.kit.params import within
from gradtui.scenes.kit.plots import PlotCache, auto_limits, cell_value, sane_range

NUDGE_LIMITS = (1e-12, 1000.0)
NUDGE_FACTOR = 10.0  # [ and ] divide and multiply the nudge by this
TRACK_RANGE_LIMIT = 1e6


def track_range(given: tuple[float, float], starts: np.ndarray) -> tuple[float, float]:
    """The slider tracks' [low, high]: the lesson's range, widened to hold every start."""
    low, high = sane_range(given, limit=TRACK_RANGE_LIMIT)
    finite = starts[np.isfinite(starts)]
    if finite.size:
        low = min(low, float(finite.min()))
        high = max(high, float(finite.max()))
    return low, high


@dataclass(frozen=True)
class Step:
    """One step downhill: the loss before and after, at the learning rate used."""

    learning_rate: float
    before: float
    after: float


class BoardState(BoardWords, BoardPicture, SceneState):
    """The sliders, the meter, the last nudge and step, and the picture for any size."""

    def __init__(self, params: dict) -> None:
        self.params = params
        self.model = read_model(params["model"], fewest=1)
        self.names = self.model.weights
        self.data = lesson_data(self.model, params, sane_range(params["x_range"]))
        self.loss_graph = Loss(self.model)
        table = params["weights"]
        self.start = np.array([float(table.get(name, 0.0)) for name in self.names])
        self.track = track_range(params["slider_range"], self.start)
        self.delta = float(params["nudge"])
        self.learning_rate = float(params["learning_rate"])
        self._plot_cache = PlotCache()
        self.data_xlim = auto_limits(self.data.xs)
        start_curve = self.model.predict(self.start, np.linspace(*self.data_xlim, 50))
        self.data_ylim = auto_limits(np.concatenate([self.data.ys, start_curve]))
        first = self.loss_at(self.start)
        # The loss a full meter stands for: the start's loss fills three quarters of it.
        self.meter_scale = first / 0.75 if math.isfinite(first) and first > 0 else 1.0
        self.reset()

    def loss_at(self, weights: np.ndarray) -> float:
        """The meter's reading for any setting of the sliders (one forward pass)."""
        return self.loss_graph.value(weights, self.data.xs, self.data.ys)

    def _measure(self) -> None:
        """The loss and its exact gradient (one forward, one backward pass) at the sliders."""
        loss, gradient = self.loss_graph.value_and_gradient(
            self.weights, self.data.xs, self.data.ys
        )
        self.loss, self.gradient = float(loss), np.asarray(gradient, dtype=float)

    @property
    def gradient_length(self) -> float:
        """|∇L|: how steep the fastest climb is from here."""
        return grad.length(self.gradient)

    def reset(self) -> None:
        """Every slider back where it started; nothing nudged, gathered or stepped."""
        self.weights = self.start.copy()
        self.selected = 0
        self.last_nudge: grad.Nudge | None = None
        self.exact_at_nudge = math.nan  # the exact slope where the last nudge began
        self.nudge_open = False  # the sliders still sit where the last nudge left them
        self.gathered = False
        self.last_step: Step | None = None
        self.note = ""
        self._measure()

    def select(self, offset: int) -> None:
        """Choose the slider `offset` rows away (wrapping): the one the next nudge moves."""
        self.selected = (self.selected + offset) % len(self.names)
        self.nudge_open = False
        self.note = ""

    def nudge(self, sign: int) -> None:
        """Move the chosen slider by +delta or -delta, every other held still."""
        self._nudge_by(math.copysign(self.delta, sign))

    def _nudge_by(self, delta: float) -> None:
        if not math.isfinite(self.weights[self.selected] + delta):
            self.note = "That nudge would take the slider past any number: reset (r)."
            return
        self.exact_at_nudge = float(self.gradient[self.selected])
        self.last_nudge = grad.nudge(self.loss_at, self.weights, self.selected, delta)
        self.weights[self.selected] = self.last_nudge.end
        self.nudge_open = True
        self.last_step = None
        self.note = ""
        self._measure()

    def _resize_nudge(self, factor: float) -> None:
        low, high = NUDGE_LIMITS
        self.delta = min(max(self.delta * factor, low), high)
        last = self.last_nudge
        if self.nudge_open and last is not None:
            # Take the last nudge again from where it began, at the new size (like shrinking h).
            self.weights[last.index] = last.start
            self._measure()
            self.selected = last.index
            self._nudge_by(math.copysign(self.delta, last.delta))

    def shrink(self) -> None:
        """Divide the nudge by ten (redoing the last nudge smaller, from where it began)."""
        self._resize_nudge(1 / NUDGE_FACTOR)

    def grow(self) -> None:
        """Multiply the nudge by ten (redoing the last nudge bigger)."""
        self._resize_nudge(NUDGE_FACTOR)

    def gather(self) -> None:
        """Show (or hide) the gradient: one partial slope per slider, and its length."""
        self.gathered = not self.gathered

    def descend(self) -> None:
        """Step every slider against the gradient: weights -= learning_rate * gradient."""
        self.nudge_open = False
        if not np.isfinite(self.gradient).all():
            self.note = "No step: the gradient is not a finite number here. Reset (r)."
            return
        if grad.length(self.gradient) == 0:
            self.note = "No step: the gradient is zero, the ground is flat here."
            return
        moved = grad.descent_step(self.weights, self.gradient, self.learning_rate)
        if not np.isfinite(moved).all():
            self.note = "No step: it would fly past any number. Lower the rate (/), reset (r)."
            return
        before = self.loss
        self.weights = moved
        self._measure()
        self.last_step = Step(self.learning_rate, before, self.loss)
        self.gathered = True
        self.note = ""

    def faster(self) -> None:
        """Double the learning rate."""
        self.learning_rate = rates.doubled(self.learning_rate)

    def slower(self) -> None:
        """Halve the learning rate."""
        self.learning_rate = rates.halved(self.learning_rate)

    def click(self, x: int, y: int, width: int, height: int) -> bool:
        """A press on a slider's track sets that slider there (a nudge, measured)."""
        return self._slide(self.pressed(x, y, width, height))

    def drag(self, x: int, y: int, width: int, height: int) -> bool:
        """Dragging a slider moves it along (held at its track's ends past them), however
        far the mouse strays above or below its row."""
        return self._slide(self.dragged(x, y, width, height), clamp=True)

    def _slide(self, press: Press | None, clamp: bool = False) -> bool:
        if press is None or press.name != "slider" or not (clamp or press.inside):
            return False
        index, cells = press.spot.meaning, press.spot.width
        value = cell_value(min(max(press.column, 0), cells - 1), self.track, cells)
        self.selected = index
        if value != self.weights[index]:
            self._nudge_by(value - float(self.weights[index]))
        return True

    def settings(self) -> dict[str, float]:
        """Each slider by its weight's name (`nudge w 0.1`, `set b -1`), then the nudge's
        size and the learning rate."""
        named = {name: float(value) for name, value in zip(self.names, self.weights, strict=True)}
        named.setdefault("nudge", self.delta)  # a weight of that name comes first, as in `set`
        named.setdefault("lr", self.learning_rate)
        return named

    def set(self, name: str, value: float) -> None:
        """A slider set to `value` is a nudge from where it is, measured as the keys' nudge
        is (so `nudge w 0.1` is the + key with a nudge of 0.1); `nudge` and `lr` are set."""
        if name in self.names:
            index = self.names.index(name)
            target = within(name, value, -1e6, 1e6)
            self.selected = index
            if target != self.weights[index]:
                self._nudge_by(target - float(self.weights[index]))
        elif name == "nudge":
            self.delta = within("nudge", value, *NUDGE_LIMITS)
        elif name == "lr":
            self.learning_rate = rates.typed(value)
        else:
            super().set(name, value)
