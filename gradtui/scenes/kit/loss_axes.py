"""Axes for a loss plotted against the training step, that hold still while the run stays
inside them: the x-axis grows in whole windows of steps, the y-axis to a round ceiling (or a
whole power of ten on a log scale). A steady frame then costs bandwidth only where the curve
itself moved; rescaling every frame would repaint the whole plot. Never imports Textual.
"""

from __future__ import annotations

import math

import numpy as np

# Plot windows in steps: the x-axis jumps to the next one when the run outgrows it.
_WINDOWS = (50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000)
_NICE = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 (times a power of ten) ≥ value."""
    if not math.isfinite(value) or value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for nice in _NICE:
        if nice * power >= value * (1 - 1e-12):
            return nice * power
    return 10.0 * power


def window_for(step: int) -> int:
    """The x-extent of the loss plot that holds `step`; it grows in chunks, not every step."""
    for window in _WINDOWS:
        if step <= window:
            return window
    return int(10 ** math.ceil(math.log10(max(step, 1))))


class LossAxes:
    """Fixed limits for the loss plot: they change only when the loss leaves them.

    A steady frame costs bandwidth only where the curve itself moved; rescaling every frame
    would repaint the whole plot.
    """

    def __init__(self, log_scale: bool) -> None:
        self.log_scale = log_scale
        self.window = _WINDOWS[0]
        self.ylim: tuple[float, float] | None = None

    def reset(self) -> None:
        self.window = _WINDOWS[0]
        self.ylim = None

    def value(self, losses: np.ndarray) -> np.ndarray:
        """What is plotted: the loss, or its log10 (a zero loss is floored at 1e-12)."""
        if not self.log_scale:
            return losses
        return np.log10(np.maximum(losses, 1e-12))

    def update(self, last_step: int, start_loss: float, losses: np.ndarray) -> bool:
        """Widen the axes if the run left them; True when they changed."""
        changed = False
        window = window_for(last_step)
        if window != self.window:
            self.window, changed = window, True
        seen = np.concatenate([[start_loss], losses]) if math.isfinite(start_loss) else losses
        seen = seen[np.isfinite(seen)]
        if seen.size == 0:
            seen = np.array([1.0])
        values = self.value(seen)
        low, high = float(values.min()), float(values.max())
        if self.ylim is None:
            self.ylim = self._initial(low, high)
            return True
        bottom, top = self.ylim
        if self.log_scale:
            if low < bottom:
                bottom, changed = float(math.floor(low)), True
            if high > top:
                top, changed = float(math.ceil(high)), True
        elif high > top:
            top, changed = nice_ceiling(high * 1.5), True
        self.ylim = (bottom, top)
        return changed

    def _initial(self, low: float, high: float) -> tuple[float, float]:
        if self.log_scale:
            return (float(math.floor(low)) - 1.0, float(math.ceil(high + 1e-9)))
        return (0.0, nice_ceiling(high * 1.1))


def thin(steps: np.ndarray, values: np.ndarray, window: int, width: int):
    """At most about two points per column, keeping the same steps from frame to frame."""
    every = 1
    while window / every > 2 * max(width, 1):
        every *= 2
    keep = (steps.astype(np.int64) % every) == 0
    keep[-1:] = True  # the newest point, so the curve reaches where the run is
    return steps[keep], values[keep]


def band(steps: np.ndarray, values: np.ndarray, window: int, width: int):
    """A noisy series as the band it sweeps: for each of `width` slices of [0, window] that
    holds points, its lowest and its highest value, in that order (joined, they fill the
    band, so every batch's jump shows rather than the two a column would keep by `thin`)."""
    if not steps.size:
        return steps, values
    columns = np.clip((steps / max(window, 1) * width).astype(np.int64), 0, max(width, 1))
    xs, ys = [], []
    for column in np.unique(columns).tolist():
        inside = values[columns == column]
        middle = float(steps[columns == column].mean())
        xs += [middle, middle]
        ys += [float(inside.min()), float(inside.max())]
    return np.array(xs), np.array(ys)
