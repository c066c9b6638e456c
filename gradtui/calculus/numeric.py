"""Slopes measured the old way: nudge the input by h and watch the output (finite differences).

These are the honest, approximate counterpart to autodiff: they need no knowledge of the
formula, only two evaluations, and they show the two ways they go wrong -- a big h measures a
secant rather than the tangent, a tiny h drowns in rounding -- and h = 0 is the 0/0 itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

_STEP_SCALE = float(np.cbrt(np.finfo(np.float64).eps))  # ~6e-6: balances truncation and rounding


def _result(value: Any) -> Any:
    """A Python float for a single number, else an ndarray."""
    if np.ndim(value) == 0:
        return float(value)
    return np.asarray(value, dtype=np.float64)


def _ratio(rise: Any, run: Any) -> Any:
    """rise / run, and nan where run is 0: 0/0 says nothing about the slope."""
    return np.where(run == 0, np.nan, rise / np.where(run == 0, 1.0, run))


def secant_slope(f: Callable[[Any], Any], x: Any, h: Any) -> tuple[Any, Any, Any]:
    """The secant through (x, f(x)) and (x+h, f(x+h)): returns (rise, run, rise/run).

    h = 0 gives (0.0, 0.0, nan) -- the 0/0 case -- without an exception or a warning.
    """
    x_array = np.asarray(x, dtype=np.float64)
    run = np.asarray(h, dtype=np.float64)
    with np.errstate(all="ignore"):
        rise = np.asarray(f(x_array + run), dtype=np.float64) - np.asarray(
            f(x_array), dtype=np.float64
        )
        rise = np.where(run == 0, 0.0, rise)  # no move, no rise (even where f is inf or nan)
        slope = _ratio(rise, run)
    run = np.broadcast_to(run, np.shape(slope))
    return _result(rise), _result(run), _result(slope)


def forward_difference(f: Callable[[Any], Any], x: Any, h: Any) -> Any:
    """(f(x+h) - f(x)) / h: the secant's slope, an estimate of the slope at x with error ~h."""
    return secant_slope(f, x, h)[2]


def central_difference(f: Callable[[Any], Any], x: Any, h: Any) -> Any:
    """(f(x+h) - f(x-h)) / 2h: a secant centred on x, whose error shrinks like h**2."""
    x_array = np.asarray(x, dtype=np.float64)
    step = np.asarray(h, dtype=np.float64)
    with np.errstate(all="ignore"):
        rise = np.asarray(f(x_array + step), dtype=np.float64) - np.asarray(
            f(x_array - step), dtype=np.float64
        )
        slope = _ratio(rise, 2.0 * step)
    return _result(slope)


def default_step(x: Any) -> Any:
    """A step size that suits central differences: cbrt(machine epsilon) * max(1, |x|)."""
    with np.errstate(all="ignore"):
        return _STEP_SCALE * np.maximum(1.0, np.abs(np.asarray(x, dtype=np.float64)))


def numeric_gradient(expr: Any, at: Mapping[str, Any], h: Any = None) -> dict[str, Any]:
    """Every partial derivative of `expr` by central differences, nudging one variable at a time.

    ``expr`` needs ``.variables`` and ``.evaluate(**values)`` (an `Expression`); values in
    ``at`` may be numbers or arrays. ``h=None`` picks `default_step` for each variable.
    """
    if any(name not in at for name in expr.variables):
        expr.evaluate(**at)  # raises the ExprError that names the missing variable
    shape = np.broadcast_shapes(*(np.shape(at[n]) for n in expr.variables))
    gradient: dict[str, Any] = {}
    for name in expr.variables:

        def along(value: Any, _name: str = name) -> Any:
            return expr.evaluate(**{**at, _name: value})

        step = default_step(at[name]) if h is None else h
        slope = central_difference(along, at[name], step)
        gradient[name] = float(slope) if not shape else np.broadcast_to(slope, shape).copy()
    return gradient
