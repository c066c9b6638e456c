"""The `landscape` scene's state: the walks downhill from each start (each worked out once by
gradtui.calculus.descent), which one is shown and how far along, and the keys that move it.
Its words and its picture are its parts LandscapeWords (words.py) and LandscapePicture
(picture.py).
"""

from __future__ import annotations

import numpy as np

from gradtui.calculus.descent import DescentPath, descend
from gradtui.calculus.expr import parse
from gradtui.scenes.contract import SceneState
from gradtui.scenes.kit import rates
from gradtui.scenes.kit.plots import sane_range
from gradtui.scenes.landscape.picture import LandscapePicture
from gradtui.scenes.landscape.words import LandscapeWords, Verdict, judge


class LandscapeState(LandscapeWords, LandscapePicture, SceneState):
    """The walks, which one is shown, how far along it, and the picture for any size."""

    def __init__(self, params: dict) -> None:
        self.params = params
        self.f = parse(params["f"], variables=("x", "y"))
        self.two_d = "y" in self.f.variables
        if self.two_d:
            given = params["starts_xy"] or [(2.0, 0.5), (-2.0, -0.5), (0.5, 2.0)]
            self.starts = [{"x": float(p[0]), "y": float(p[1])} for p in given]
        else:
            given = params["starts"] or [0.0]
            self.starts = [{"x": float(x), "y": 0.0} for x in given]
        self.x_range = sane_range(params["x_range"])
        self.y_range = sane_range(params["y_range"])
        self.learning_rate = params["learning_rate"]
        self.start_index = 0
        self.shown = 0
        self.playing = False
        self.steps_per_frame = params["steps_per_frame"]
        self._grid_cache: tuple[tuple[int, int], list[str]] | None = None
        self._walks: dict[tuple[int, float], DescentPath] = {}
        self.height = "loss" if self._never_negative() else "f"
        self._walk()

    def _never_negative(self) -> bool:
        """Whether the ground never dips below 0 in the picture: only then is its height
        called a loss (a loss, an average of squares, cannot be negative)."""
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        xs = np.linspace(x0, x1, 201)
        ys = np.linspace(y0, y1, 41) if self.two_d else np.zeros(1)
        gx, gy = np.meshgrid(xs, ys)
        with np.errstate(all="ignore"):
            values = np.asarray(self.f.evaluate(x=gx, y=gy), dtype=float)
        finite = values[np.isfinite(values)]
        return bool(finite.size) and float(finite.min()) >= 0

    def _walk(self) -> None:
        """The whole walk from the current start at the current rate, worked out once: going
        back to a start (t) or a rate (up, down) shows the walk already found."""
        key = (self.start_index, self.learning_rate)
        path = self._walks.get(key)
        if path is None:
            path = descend(self.f, self.start, self.learning_rate, self.params["steps"])
            self._walks[key] = path
        self.path = path

    @property
    def start(self) -> dict[str, float]:
        return self.starts[self.start_index]

    def coords(self, k: int | None = None) -> dict[str, float]:
        """Where the ball is after `k` steps (default: the step shown), x and y both given."""
        k = self.shown if k is None else k
        point = dict(self.start)
        if len(self.path.points):
            point.update(self.path.point(min(k, len(self.path.points) - 1)))
        return point

    @property
    def ended(self) -> bool:
        """No further step exists: the walk used all its steps or ran away."""
        return self.shown >= self.path.steps

    def verdict(self) -> Verdict:
        k = min(self.shown, max(len(self.path.points) - 1, 0))
        low, high = self.x_range
        return judge(self.f, self.path, k, self.coords(k), self.ended, high - low)

    def loss(self) -> float:
        point = self.coords()
        return float(self.f.evaluate(**point))

    def gradient(self) -> dict[str, float]:
        point = self.coords()
        grad = self.f.gradient(**point)
        return {name: float(grad.get(name, 0.0)) for name in self.names}

    @property
    def names(self) -> tuple[str, ...]:
        return ("x", "y") if self.two_d else ("x",)

    def step(self) -> bool:
        """Reveal one more step; False when the walk has nowhere further to go."""
        if self.ended:
            return False
        self.shown += 1
        return True

    def tick(self) -> bool:
        """One animation frame; returns whether to keep playing (stops once settled)."""
        if self.playing:
            for _ in range(self.steps_per_frame):
                if not self.step():
                    break
            verdict = self.verdict()
            self.playing = not (self.ended or verdict.settled)
        return self.playing

    def toggle_play(self) -> bool:
        """Play or pause; a walk that has already come to rest plays again from its start."""
        if not self.playing and (self.ended or self.verdict().settled):
            self.shown = 0
        self.playing = not self.playing
        return self.playing

    def step_once(self) -> None:
        """One step by hand (pausing a walk that was playing)."""
        self.playing = False
        self.step()

    def next_start(self) -> None:
        """Put the ball at the next starting point."""
        self.playing = False
        self.select_start(self.start_index + 1)

    def select_start(self, index: int) -> None:
        """Put the ball at start `index` (counting from 0, wrapping around)."""
        self.start_index = index % len(self.starts)
        self.shown = 0
        self._walk()

    def faster(self) -> None:
        """Double the learning rate and walk again from the start."""
        self._set_rate(rates.doubled(self.learning_rate))

    def slower(self) -> None:
        """Halve the learning rate and walk again from the start."""
        self._set_rate(rates.halved(self.learning_rate))

    def settings(self) -> dict[str, float]:
        """The learning rate can be typed (`set lr 0.01`)."""
        return {"lr": self.learning_rate}

    def set(self, name: str, value: float) -> None:
        """Set the learning rate (`lr`) and walk again from the start."""
        if name != "lr":
            super().set(name, value)
        self.playing = False
        self._set_rate(rates.typed(value))

    def _set_rate(self, rate: float) -> None:
        self.learning_rate = rate
        self.shown = 0
        self._walk()

    def reset(self) -> None:
        self.playing = False
        self.shown = 0
