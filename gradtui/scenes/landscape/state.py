"""The `landscape` scene's state: the walks downhill from each start (each worked out once by
gradtui.calculus.descent), by one update rule or by several side by side (`compare`), which
start is shown and how far along, and the keys that move it. Its words and its picture are its
parts LandscapeWords (words.py) and LandscapePicture (picture.py).
"""

from __future__ import annotations

import numpy as np

from gradtui.calculus.descent import DescentPath, descend
from gradtui.calculus.expr import parse
from gradtui.calculus.optimizers import Optimizer
from gradtui.scenes.contract import SceneState
from gradtui.scenes.kit import rates, verdicts
from gradtui.scenes.kit.params import within
from gradtui.scenes.kit.plots import sane_range
from gradtui.scenes.kit.runs import (
    next_rule,
    optimizer_of,
    rule_set,
    rule_settings,
    run_settings,
    turned,
)
from gradtui.scenes.landscape.picture import LandscapePicture
from gradtui.scenes.landscape.words import LandscapeWords, Verdict, judge

# A run that has said one of these has nothing more to do while the others play on.
AT_REST = (verdicts.SETTLES, verdicts.DIVERGES, verdicts.STOPS)
RUN_SETTINGS = ("learning_rate", "optimizer", "momentum", "beta1", "beta2", "epsilon")


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
        settings = run_settings(params, RUN_SETTINGS)
        self.rules: list[Optimizer] = [optimizer_of(run) for run in settings]
        self.chosen = 0  # the run the keys turn
        self.start_index = 0
        self.shown = 0
        self.playing = False
        self.steps_per_frame = params["steps_per_frame"]
        self._grid_cache: tuple[tuple[int, int, bool], list[str]] | None = None
        self._ground_cache: tuple[int, tuple] | None = None
        self._walks: dict[tuple[int, Optimizer], DescentPath] = {}
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
        """Each run's whole walk from the current start, worked out once: going back to a
        start (t), a rate (up, down) or a rule (m, + and -) shows the walk already found."""
        self.paths = []
        for rule in self.rules:
            key = (self.start_index, rule)
            path = self._walks.get(key)
            if path is None:
                path = descend(self.f, self.start, rule.learning_rate, self.params["steps"], rule)
                self._walks[key] = path
            self.paths.append(path)
        self.path = self.paths[self.chosen]

    @property
    def learning_rate(self) -> float:
        """The rate of the run the keys turn."""
        return self.rules[self.chosen].learning_rate

    @property
    def rule(self) -> Optimizer:
        """The update rule of the run the keys turn."""
        return self.rules[self.chosen]

    @property
    def comparing(self) -> bool:
        return len(self.rules) > 1

    @property
    def has_beta(self) -> bool:
        return self.rule.beta is not None

    @property
    def start(self) -> dict[str, float]:
        return self.starts[self.start_index]

    def coords(self, k: int | None = None, path: DescentPath | None = None) -> dict[str, float]:
        """Where the ball is after `k` steps (default: the step shown) of `path` (default: the
        run the keys turn), x and y both given."""
        k = self.shown if k is None else k
        path = self.path if path is None else path
        point = dict(self.start)
        if len(path.points):
            point.update(path.point(min(k, len(path.points) - 1)))
        return point

    @property
    def ended(self) -> bool:
        """No further step exists: the walk used all its steps or ran away."""
        return self.shown >= self.path.steps

    @property
    def all_ended(self) -> bool:
        """No run has a further step."""
        return all(self.shown >= path.steps for path in self.paths)

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
        """Reveal one more step of every run; False when none has anywhere further to go."""
        if self.all_ended:
            return False
        self.shown += 1
        return True

    def at_rest(self) -> bool:
        """Every run has come to rest: out of steps, or settled where nothing more happens."""
        if not self.comparing:
            return self.ended or self.verdict().settled
        return self.all_ended or all(self.run_verdict(i).word in AT_REST
                                     for i in range(len(self.paths)))  # fmt: skip

    def tick(self) -> bool:
        """One animation frame; returns whether to keep playing (stops once all are at rest)."""
        if self.playing:
            for _ in range(self.steps_per_frame):
                if not self.step():
                    break
            self.playing = not self.at_rest()
        return self.playing

    def toggle_play(self) -> bool:
        """Play or pause; walks that have already come to rest play again from their start."""
        if not self.playing and self.at_rest():
            self.shown = 0
        self.playing = not self.playing
        return self.playing

    def step_once(self) -> None:
        """One step by hand (pausing a walk that was playing)."""
        self.playing = False
        self.step()

    @property
    def many_starts(self) -> bool:
        """Whether there is another start for t to go to."""
        return len(self.starts) > 1

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
        self._set_rule(self.rule.but(learning_rate=rates.doubled(self.learning_rate)))

    def slower(self) -> None:
        """Halve the learning rate and walk again from the start."""
        self._set_rule(self.rule.but(learning_rate=rates.halved(self.learning_rate)))

    def next_optimizer(self) -> None:
        """The next update rule (sgd, momentum, adam), and walk again from the start."""
        self._set_rule(next_rule(self.rule))

    def more_beta(self) -> None:
        """β half as far from 1 (nothing for plain descent, which has none)."""
        if self.has_beta:
            self._set_rule(turned(self.rule, nearer=True))

    def less_beta(self) -> None:
        """β twice as far from 1."""
        if self.has_beta:
            self._set_rule(turned(self.rule, nearer=False))

    def next_run(self) -> None:
        """Let the keys turn the next run."""
        self.chosen = (self.chosen + 1) % len(self.rules)
        self.path = self.paths[self.chosen]

    def settings(self) -> dict[str, float]:
        """The learning rate (and β, where the rule has one) can be typed (`set lr 0.01`),
        and where the start shown is (`set x 1.5`; y too on a surface)."""
        start = {name: self.start[name] for name in self.names}
        return {**rule_settings(self.rule), **start}

    def set(self, name: str, value: float) -> None:
        """Set the learning rate (`lr`) or β (`beta`), or move the start shown to x (or y)
        within the picture, and walk again from the start."""
        if name in self.names:
            place = dict(self.start)
            place[name] = within(name, value, *(self.x_range if name == "x" else self.y_range))
            self.put_start(place["x"], place["y"])
            return
        rule = rule_set(self.rule, name, value)
        self.playing = False
        self._set_rule(rule)

    def put_start(self, x: float, y: float = 0.0) -> None:
        """Move the start shown to (x, y) and walk again from it, by every run."""
        self.playing = False
        self.starts[self.start_index] = {"x": x, "y": y if self.two_d else 0.0}
        self._walks = {key: path for key, path in self._walks.items()
                       if key[0] != self.start_index}  # fmt: skip
        self.shown = 0
        self._walk()

    # --- the mouse ---

    def click(self, x: int, y: int, width: int, height: int) -> bool:
        """A press on a numbered start (within a cell of it) puts the ball there, as t does;
        a press anywhere else on the ground moves the start shown there (`set x`, `set y`)."""
        press = self.pressed(x, y, width, height)
        where = press.point() if press is not None else None
        if where is None:
            return False
        chosen = self._start_near(where, press.spot.meaning.cell_size)
        if chosen is not None:
            self.playing = False
            self.select_start(chosen)
            return True
        return self._drop(where)

    def drag(self, x: int, y: int, width: int, height: int) -> bool:
        """Dragging moves the start shown with the mouse (held at the picture's edges), and
        walks again from each place it passes."""
        press = self.dragged(x, y, width, height)
        where = press.point(clamp=True) if press is not None else None
        return where is not None and self._drop(where)

    def _drop(self, where: tuple[float, float]) -> bool:
        here = (where[0], where[1] if self.two_d else 0.0)
        if here == (self.start["x"], self.start["y"]):
            return False
        self.put_start(*here)
        return True

    def _start_near(self, where: tuple[float, float], cell: tuple[float, float]) -> int | None:
        """The numbered start drawn within a cell of `where` (the nearest), on a curve by x
        alone; None when runs are compared (they share the one start) or none is near."""
        if self.comparing:
            return None
        near = []
        for index, start in enumerate(self.starts[:9]):
            dx = abs(start["x"] - where[0]) / cell[0]
            dy = abs(start["y"] - where[1]) / cell[1] if self.two_d else 0.0
            if dx <= 1 and dy <= 1:
                near.append((dx + dy, index))
        return min(near)[1] if near else None

    def _set_rule(self, rule: Optimizer) -> None:
        self.rules[self.chosen] = rule
        self.shown = 0
        self._walk()

    def reset(self) -> None:
        self.playing = False
        self.shown = 0
