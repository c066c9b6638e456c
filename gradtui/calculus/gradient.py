"""The gradient as a learner meets it: one-knob nudges, the vector of partial slopes, its length
and heading, the slope along any heading (the compass), and one step against it.

A partial derivative is measured here the plain way first -- nudge one knob by delta while the
others hold still, and divide the change in the output by delta (`nudge`) -- so a scene can
set it beside the exact value from autodiff. Headings are angles in degrees measured from the
+x direction counter-clockwise (0 = +x, 90 = +y), as on a map drawn with x to the right and y
up; `compass_point` names them (E, NE, N, ...). Nothing here divides by a zero-length
gradient: a flat point has no uphill heading (None), never a nan. Never imports Textual.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from gradtui.calculus.points import FLAT

EPSILON = float(np.finfo(np.float64).eps)  # the gap between 1 and the next float

# The sixteen points of a compass, counter-clockwise from +x (east), 22.5 degrees apart.
COMPASS_POINTS = (
    "E", "ENE", "NE", "NNE", "N", "NNW", "NW", "WNW",
    "W", "WSW", "SW", "SSW", "S", "SSE", "SE", "ESE",
)  # fmt: skip


# --- Nudging one knob ------------------------------------------------------------------------


@dataclass(frozen=True)
class Nudge:
    """One knob moved by `delta` from `start` while the others held still, and what the one
    output did: `before` and `after`. `ratio` (change / delta) is the measured partial slope."""

    index: int
    start: float
    delta: float
    before: float
    after: float

    @property
    def change(self) -> float:
        """How far the output moved: after - before (nan when either is not a number)."""
        with np.errstate(all="ignore"):
            return float(np.float64(self.after) - np.float64(self.before))

    @property
    def ratio(self) -> float:
        """change / delta: the slope the nudge measured (nan for a nudge of 0: 0/0)."""
        if self.delta == 0:
            return math.nan
        with np.errstate(all="ignore"):
            return float(np.float64(self.change) / np.float64(self.delta))

    @property
    def end(self) -> float:
        """Where the knob was left: start + delta."""
        return self.start + self.delta


def nudged(weights: Sequence[float], index: int, delta: float) -> np.ndarray:
    """A copy of `weights` with weight `index` moved by `delta` and every other held still."""
    moved = np.array(weights, dtype=float)
    moved[index] = moved[index] + delta
    return moved


def nudge(
    output: Callable[[np.ndarray], float], weights: Sequence[float], index: int, delta: float
) -> Nudge:
    """Move knob `index` by `delta`, all others still, and measure `output` before and after."""
    start = np.array(weights, dtype=float)
    return Nudge(
        index=int(index),
        start=float(start[index]),
        delta=float(delta),
        before=float(output(start)),
        after=float(output(nudged(start, index, delta))),
    )


def descent_step(
    weights: Sequence[float], gradient: Sequence[float], learning_rate: float
) -> np.ndarray:
    """weights - learning_rate * gradient: one step the fastest way down (inf/nan stay quiet)."""
    with np.errstate(all="ignore"):
        return np.asarray(weights, dtype=float) - float(learning_rate) * np.asarray(
            gradient, dtype=float
        )


# --- The gradient as a vector ----------------------------------------------------------------


def length(vector: Sequence[float]) -> float:
    """The length of a vector, sqrt(a^2 + b^2 + ...), without overflow for huge parts:
    infinity if a part is infinite, nan if a part is not a number."""
    parts = [float(v) for v in vector]
    if any(math.isnan(v) for v in parts):
        return math.nan
    return math.hypot(*parts)


def is_flat(gradient: Sequence[float]) -> bool:
    """True where every slope is zero (up to rounding, `FLAT`): no way is up."""
    size = length(gradient)
    return math.isfinite(size) and size <= FLAT


def uphill_heading(gradient: Sequence[float]) -> float | None:
    """The heading, in degrees in [0, 360), that the 2-D gradient (gx, gy) points along: the
    way that climbs fastest. None where it is flat or not a finite vector (no heading)."""
    gx, gy = (float(v) for v in gradient)
    if not (math.isfinite(gx) and math.isfinite(gy)) or is_flat((gx, gy)):
        return None
    return math.degrees(math.atan2(gy, gx)) % 360.0


def downhill_heading(gradient: Sequence[float]) -> float | None:
    """The opposite heading: where the negative gradient points, the fastest way down."""
    uphill = uphill_heading(gradient)
    return None if uphill is None else (uphill + 180.0) % 360.0


def direction(degrees: float) -> tuple[float, float]:
    """The unit vector of a heading. Exact at the four axis headings, so the slope due north
    is exactly the y-partial (cos 90 degrees in floating point is 6e-17, not 0)."""
    degrees = float(degrees) % 360.0
    exact = {0.0: (1.0, 0.0), 90.0: (0.0, 1.0), 180.0: (-1.0, 0.0), 270.0: (0.0, -1.0)}
    if degrees in exact:
        return exact[degrees]
    radians = math.radians(degrees)
    return (math.cos(radians), math.sin(radians))


def directional_slope(gradient: Sequence[float], degrees: float) -> float:
    """The slope along a heading: gradient . u, for the unit vector u of that heading.

    An infinite part of the gradient times a zero part of u counts as 0 (heading due north,
    an infinite x-slope does not matter). A sum that cancels to within rounding of its parts
    is 0 (x + y along 135 degrees: cos + sin leaves 1.1e-16, not a slope)."""
    total, size = 0.0, 0.0
    with np.errstate(all="ignore"):
        for slope, share in zip(gradient, direction(degrees), strict=True):
            if share != 0:
                part = np.float64(slope) * share
                total = float(np.float64(total) + part)
                size += abs(float(part))
    if math.isfinite(size) and abs(total) <= 4 * EPSILON * size:
        return 0.0
    return total


def headings(count: int, start: float = 0.0) -> list[float]:
    """`count` headings evenly round the compass, the first at `start` degrees."""
    count = max(int(count), 1)
    return [(float(start) + k * 360.0 / count) % 360.0 for k in range(count)]


@dataclass(frozen=True)
class CompassReading:
    """The slope the ground has along one heading at a point."""

    degrees: float
    slope: float


def compass(gradient: Sequence[float], count: int) -> list[CompassReading]:
    """The directional slope along each of `count` evenly spaced headings (from 0 degrees)."""
    return [CompassReading(d, directional_slope(gradient, d)) for d in headings(count)]


def steepest(readings: Sequence[CompassReading]) -> CompassReading | None:
    """The reading that climbs fastest (the first of equals); None if no slope is a number."""
    usable = [r for r in readings if not math.isnan(r.slope)]
    return max(usable, key=lambda r: r.slope) if usable else None


def compass_point(degrees: float) -> str:
    """The nearest of the sixteen compass points: 0 -> E, 90 -> N, 63.4 -> NNE."""
    index = round((float(degrees) % 360.0) / 22.5) % len(COMPASS_POINTS)
    return COMPASS_POINTS[index]


def slice_along(
    f: Callable[..., object],
    point: tuple[float, float],
    degrees: float,
    ts: np.ndarray,
) -> np.ndarray:
    """f walked along a heading through `point`: f(point + t u) for each distance t in `ts`
    (the other direction held still; a heading of 0 is the x-slice, 90 the y-slice)."""
    ux, uy = direction(degrees)
    ts = np.asarray(ts, dtype=float)
    with np.errstate(all="ignore"):
        xs, ys = point[0] + ts * ux, point[1] + ts * uy
        values = np.asarray(f(x=xs, y=ys), dtype=float)
    return np.broadcast_to(values, ts.shape).astype(float)
