"""Where a training scene's runs go, worked out once ahead of time: the box of weights its map
shows (the start, the lowest point when it can be found exactly, and where each run goes in its
first steps), and the loss the runs race to.

Never imports Textual; the runs it looks ahead with are fresh copies, so the live runs are
untouched.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gradtui.calculus.data import Dataset
from gradtui.calculus.training_loop import Trainer

SURVEY_STEPS = 300  # how far each run is looked ahead
PAD = 0.25  # the map reaches this share of its span beyond what it must hold
CLIMB = 1.5  # points where the loss is above this many times the start's are left out
SHARE = 0.99  # the loss to reach: this share of the way from the start down to the lowest


@dataclass(frozen=True)
class Survey:
    """Per weight, the range the map shows; the lowest loss found and the start's."""

    low: np.ndarray
    high: np.ndarray
    lowest: float
    start_loss: float

    def box(self, first: int, second: int) -> tuple[tuple[float, float], tuple[float, float]]:
        """The map's (x range, y range) over weights `first` and `second`."""
        return ((float(self.low[first]), float(self.high[first])),
                (float(self.low[second]), float(self.high[second])))  # fmt: skip

    def target(self) -> float:
        """The loss a run must reach to count as arrived: SHARE of the way down."""
        return self.start_loss - SHARE * (self.start_loss - self.lowest)


def least_squares(data: Dataset) -> np.ndarray | None:
    """The weights of lowest loss, exactly, for a model whose prediction is a sum of its
    weights times functions of x (a line, a quadratic): by linear least squares. None for any
    other model (or when the numbers are not finite)."""
    model, count = data.model, len(data.model.weights)
    at_zero = model.predict(np.zeros(count), data.xs)
    columns = np.stack([model.predict(np.eye(count)[i], data.xs) - at_zero for i in range(count)],
                       axis=1)  # fmt: skip
    probe = np.linspace(-1.3, 0.7, count) + 0.1
    if not (np.isfinite(columns).all() and np.isfinite(at_zero).all()):
        return None
    expected = at_zero + columns @ probe
    if not np.allclose(model.predict(probe, data.xs), expected, rtol=1e-9, atol=1e-9):
        return None  # not a sum of weights times functions of x
    solved = np.linalg.lstsq(columns, data.ys - at_zero, rcond=None)[0]
    return solved if np.isfinite(solved).all() else None


def survey(runs: list[Trainer], steps: int = SURVEY_STEPS) -> Survey:
    """Look ahead: run a fresh copy of each run `steps` steps and gather where they go."""
    first = runs[0]
    start = first.start_weights
    start_loss = first.start_loss
    held = [start]
    lowest = start_loss if math.isfinite(start_loss) else math.inf
    best = least_squares(first.data)
    if best is not None:
        held.append(best)
        lowest = min(lowest, first.loss_at(best))
    ceiling = CLIMB * start_loss if math.isfinite(start_loss) else math.inf
    for run in runs:
        ahead = run.fresh(history_cap=steps + 8)
        ahead.max_steps = None
        ahead.run(steps)
        full = ahead.history.full_losses
        kept = np.isfinite(full) & (full <= ceiling)
        held += list(ahead.history.weights[kept])
        if kept.any():
            lowest = min(lowest, float(full[kept].min()))
    points = np.array(held, dtype=float)
    points = points[np.isfinite(points).all(axis=1)]
    low, high = points.min(axis=0), points.max(axis=0)
    span = np.maximum(high - low, np.maximum(0.5, 0.2 * np.abs(points).max(axis=0)))
    middle = (low + high) / 2
    low, high = middle - span * (0.5 + PAD), middle + span * (0.5 + PAD)
    lowest = lowest if math.isfinite(lowest) else start_loss
    return Survey(low, high, float(lowest), float(start_loss))
