"""A function of x drawn over a range: its samples, a y-range that fits them, and words for a
function with nothing to draw there."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from gradtui.scenes.kit.plots import auto_limits, plot_limits

CURVE_SAMPLES = 400


class Curve:
    """`expr` sampled at `samples` points across `xlim`.

    The y-range is `y_range` when a lesson gives one; else it is chosen from the samples, with
    a few huge values (near a pole) unable to flatten the rest, and the values in `hold` inside.
    """

    def __init__(
        self,
        expr,
        xlim: tuple[float, float],
        *,
        samples: int = CURVE_SAMPLES,
        y_range: Sequence[float] | None = None,
        hold: Sequence[float] = (),
        robust: bool = True,
    ) -> None:
        self.expr = expr
        self.xlim = (float(xlim[0]), float(xlim[1]))
        self.xs = np.linspace(*self.xlim, samples)
        with np.errstate(all="ignore"):
            values = np.asarray(expr(self.xs), dtype=float)
        self.ys = np.broadcast_to(values, self.xs.shape).astype(float)
        if y_range is not None:
            self.ylim = (float(y_range[0]), float(y_range[1]))
        elif robust:
            self.ylim = plot_limits(self.xs, self.ys, list(hold))
        else:
            self.ylim = auto_limits(self.ys)

    def through(self, *xs: float) -> tuple[np.ndarray, np.ndarray]:
        """The samples with the points at `xs` added, so a point marked on the curve sits on
        the drawn curve rather than on a line between two samples either side of it."""
        extra = np.array([x for x in xs if np.isfinite(x)], dtype=float)
        if extra.size == 0:
            return self.xs, self.ys
        with np.errstate(all="ignore"):
            values = np.broadcast_to(np.asarray(self.expr(extra), dtype=float), extra.shape)
        xs = np.concatenate([self.xs, extra])
        order = np.argsort(xs, kind="stable")
        return xs[order], np.concatenate([self.ys, values])[order]

    @property
    def drawable(self) -> bool:
        """True when the function has a finite value somewhere in the range."""
        return bool(np.isfinite(self.ys).any())
