"""Slopes measured the old way: nudge the input by h and watch the output (finite differences).

These are the honest, approximate counterpart to autodiff: they need no knowledge of the
formula, only two evaluations, and they show the two ways they go wrong -- a big h measures a
secant rather than the tangent, a tiny h drowns in rounding -- and h = 0 is the 0/0 itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

EPSILON = float(np.finfo(np.float64).eps)
_STEP_SCALE = float(np.cbrt(EPSILON))  # ~6e-6: balances truncation and rounding


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


def central_difference(f: Callable[[Any], Any], x: Any, h: Any) -> Any:
    """(f(x+h) - f(x-h)) / 2h: a secant centred on x, whose error shrinks like h**2.

    The run is measured between the two points as floating point holds them, (x+h) - (x-h),
    so a step that does not land exactly (x = 1e6, h = 6e-4) is not a second error."""
    x_array = np.asarray(x, dtype=np.float64)
    step = np.asarray(h, dtype=np.float64)
    with np.errstate(all="ignore"):
        right, left = x_array + step, x_array - step
        rise = np.asarray(f(right), dtype=np.float64) - np.asarray(f(left), dtype=np.float64)
        run = np.where(np.isfinite(right - left), right - left, 2.0 * step)
        slope = _ratio(rise, run)
    return _result(slope)


def default_step(x: Any) -> Any:
    """A step size that suits central differences: cbrt(machine epsilon) * |x|, scaled to the
    input's own size (a step of 6e-6 beside x = 3e-8 would measure a different function), and
    cbrt(machine epsilon) at 0 or below 1e-290, where no size is given."""
    with np.errstate(all="ignore"):
        size = np.abs(np.asarray(x, dtype=np.float64))
        return _STEP_SCALE * np.where(size > _TINY, size, 1.0)


_TINY = 1e-290  # below this, |x| * 6e-6 would fall out of the normal floats
_RUNGS = 13  # steps tried, each a tenth of the one before
_ABOVE = 1e3  # the first one: this many times `default_step` (still under |x| / 100)
_FLOOR_ULPS = 1024.0  # no step shorter than this many gaps between neighbouring floats
AGREEMENT = 1e-3  # two rungs closer than this (relative) measure the slope


def along(expr: Any, at: Mapping[str, Any], name: str) -> Callable[[Any], Any]:
    """f as a function of `name` alone, the other variables held at `at`."""
    return lambda value: expr.evaluate(**{**at, name: value})


def measured_slope(f: Callable[[Any], Any], x: float) -> tuple[float, float]:
    """The slope of f at x by central differences, and how far the best two steps agree
    (relative).

    One step never suits every curve: 6e-6 * |x| spans a whole wave of sin at x = 1e6. So
    steps shrink by tens from a thousand times `default_step` (for a curve sitting high, as
    1e6 + x**2, whose small rises drown in rounding) down to a thousand float gaps next to x. Each
    step's error is judged as its distance from the next one's answer (what a smaller step
    still changes) plus the rounding it suffers (a few float gaps of f over the run); the step
    judged best gives the answer. Where even neighbouring steps disagree by more than
    `AGREEMENT`, a difference cannot see the slope (see `out_of_reach`).
    """
    with np.errstate(all="ignore"):
        height = abs(float(f(x)))
    step = float(default_step(x)) * _ABOVE
    floor = _FLOOR_ULPS * float(np.spacing(abs(x)))
    rungs: list[tuple[float, float]] = []  # (slope, its rounding noise)
    for _ in range(_RUNGS):
        slope = float(central_difference(f, x, step))
        rungs.append((slope, 4 * EPSILON * max(height, abs(slope * step)) / (2 * step)))
        step /= 10
        if step < floor:
            break
    best, error, agreement = rungs[0][0], math.inf, math.inf
    for (slope, noise), (finer, _) in zip(rungs, rungs[1:], strict=False):
        if math.isfinite(slope) and math.isfinite(finer):
            apart = abs(slope - finer)
            agreement = min(agreement, apart / max(abs(slope), abs(finer), 1e-300))
            if apart + noise < error:
                best, error = slope, apart + noise
    return best, agreement


def out_of_reach(expr: Any, at: Mapping[str, float], name: str) -> str | None:
    """Why a central difference cannot check the slope along `name` at this point (one point,
    plain numbers), or None when it can: f overflows there, or no two step sizes agree
    because the curve changes faster than steps that small can follow (sin at x = 1e22, where
    neighbouring floats are millions apart; tan at the float nearest pi/2)."""
    x = float(at[name])
    if not math.isfinite(x):
        return f"{name} is not a finite number"
    value = float(expr.evaluate(**at))
    if math.isinf(value):
        return (
            "f's value is too large for floating point (it overflows), so no difference of "
            "two values can be taken"
        )
    if math.isnan(value):
        return None  # f has no value here: said elsewhere, and no slope is claimed
    slope, gap = measured_slope(along(expr, at, name), x)
    if not math.isfinite(slope) or gap <= AGREEMENT:
        return None  # measured, or an edge or a vertical tangent, which the caller reports
    spacing = float(np.spacing(abs(x)))
    return (
        f"differences over smaller and smaller steps never agree: the curve changes faster "
        f"than steps that small can follow (next to {name} = {x:.6g} neighbouring floats are "
        f"{spacing:.2g} apart)"
    )


def numeric_gradient(expr: Any, at: Mapping[str, Any], h: Any = None) -> dict[str, Any]:
    """Every partial derivative of `expr` by central differences, nudging one variable at a time.

    ``expr`` needs ``.variables`` and ``.evaluate(**values)`` (an `Expression`); values in
    ``at`` may be numbers or arrays. ``h=None`` picks, at a single point, the step that
    `measured_slope` finds best, and over arrays `default_step` for each value.
    """
    if any(name not in at for name in expr.variables):
        expr.evaluate(**at)  # raises the ExprError that names the missing variable
    shape = np.broadcast_shapes(*(np.shape(at[n]) for n in expr.variables))
    gradient: dict[str, Any] = {}
    for name in expr.variables:
        f = along(expr, at, name)
        if h is None and not shape:
            gradient[name] = measured_slope(f, float(at[name]))[0]
            continue
        step = default_step(at[name]) if h is None else h
        slope = central_difference(f, at[name], step)
        gradient[name] = float(slope) if not shape else np.broadcast_to(slope, shape).copy()
    return gradient
