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
from typing import Any

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


# --- A crease in the ground: one-sided slopes --------------------------------------------------
#
# Where the ground has a crease through the point (|x| + y^2 along x = 0), there is no
# gradient: the slope met walking away along a heading is still a number, but it is not
# grad f . u for any one vector. These functions read those one-sided slopes from f's values,
# tell a crease from smooth ground, and find the heading that climbs fastest among them.

Ground = Callable[..., Any]  # f(x=..., y=...) -> height, for numbers or numpy arrays alike

CREASE_HEADINGS = (0.0, 45.0, 90.0, 135.0, 180.0, 225.0, 270.0, 315.0)
STEEPEST_SAMPLES = 720  # headings tried (half a degree apart) before the best are refined
MOST_PEAKS = 8  # at most this many of the best headings are refined
FAN = 41  # headings in each fan that narrows one down


def units(degrees: Sequence[float] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The unit vectors of many headings (exact along the axes, as `direction`)."""
    pairs = [direction(d) for d in np.asarray(degrees, dtype=float).ravel()]
    return np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])


def one_sided_slopes(
    f: Ground,
    point: tuple[float, float],
    degrees: Sequence[float] | np.ndarray,
    step: float | None = None,
) -> np.ndarray:
    """The slope met walking away from `point` along each heading, (f(p + t u) - f(p)) / t
    as t shrinks to 0 from above, read at t and t/2 and combined (2 D(t/2) - D(t), Richardson):
    exact on a crease of flat pieces (|x| at 0) and within t^2 of a smooth surface's slope,
    which is grad f . u. nan where f has no value on the way."""
    x0, y0 = (float(v) for v in point)
    t = float(step) if step else 1e-6 * max(1.0, abs(x0), abs(y0))
    ux, uy = units(degrees)
    with np.errstate(all="ignore"):
        base = np.float64(f(x=x0, y=y0))

        def walked(s: float) -> np.ndarray:
            ahead = np.asarray(f(x=x0 + s * ux, y=y0 + s * uy), dtype=float)
            return (np.broadcast_to(ahead, ux.shape) - base) / s

        return 2.0 * walked(t / 2) - walked(t)


def has_crease(f: Ground, point: tuple[float, float], gradient: Sequence[float]) -> bool:
    """True where the ground has a crease through `point`: the one-sided slopes around it
    are not grad f . u (autodiff's gradient, which must give some number there: 0 for |x|
    at 0), and the gap stays as the step shrinks, where on smooth ground it shrinks with
    the step. Rounding noise (a few units in f's last digit, over the step) never counts."""
    x0, y0 = (float(v) for v in point)
    with np.errstate(all="ignore"):
        height = abs(float(f(x=x0, y=y0)))
    if not math.isfinite(height):
        return False
    if not all(math.isfinite(float(g)) for g in gradient):  # the tip of a cone: no gradient,
        return bool(np.isfinite(one_sided_slopes(f, point, CREASE_HEADINGS)).all())  # sides
    expected = np.array([directional_slope(gradient, d) for d in CREASE_HEADINGS])
    scale = 1.0 + float(np.max(np.abs(expected)))
    step = 1e-6 * max(1.0, abs(x0), abs(y0))
    gaps = []
    for t in (step, step / 100):
        found = one_sided_slopes(f, point, CREASE_HEADINGS, t)
        if not np.isfinite(found).all():
            return False
        gaps.append(float(np.max(np.abs(found - expected))))
    noise = 4 * EPSILON * max(height, 1e-300) / (step / 200)
    return gaps[1] > max(1e-3 * scale, 100 * noise) and gaps[1] > 0.1 * gaps[0]


def one_sided_compass(f: Ground, point: tuple[float, float], count: int) -> list[CompassReading]:
    """The one-sided slope along each of `count` evenly spaced headings (from 0 degrees):
    the compass where there is no gradient to read it from."""
    degrees = headings(count)
    slopes = one_sided_slopes(f, point, degrees)
    return [CompassReading(d, float(s)) for d, s in zip(degrees, slopes, strict=True)]


def steepest_headings(
    f: Ground,
    point: tuple[float, float],
    climbing: bool = True,
    gradient_at: Callable[[float, float], Sequence[float]] | None = None,
) -> list[CompassReading]:
    """The heading(s) that climb fastest (or, not `climbing`, fall fastest) by the one-sided
    slopes: every half degree tried, then around each best one (at most MOST_PEAKS) a finer
    fan of headings, twice, all of them in one pass of f each time (to about 0.003 degrees).
    Equal best ones are all given, in heading order, at most four (|x| + y^2 at (0, 1) climbs
    fastest at both 63.43 and 116.57 degrees, by sqrt(5)); none where every slope is flat or
    none is a number, or where every heading climbs alike.

    With `gradient_at` (the gradient at any (x, y), e.g. by autodiff) each is then set
    exactly: beside a crease the ground is smooth, and on the piece a best heading walks into
    it climbs fastest along that piece's own gradient (|x| + y^2 just right of x = 0 has
    gradient (1, 2): 63.434949 degrees)."""
    sign = 1.0 if climbing else -1.0
    tried = np.arange(STEEPEST_SAMPLES) * 360.0 / STEEPEST_SAMPLES
    values = sign * one_sided_slopes(f, point, tried)
    if not np.isfinite(values).any() or np.nanmax(values) <= FLAT:
        return []
    best = float(np.nanmax(values))
    if best - float(np.nanmin(values)) <= 1e-7 * (1.0 + abs(best)):
        return []  # every heading climbs alike (the tip of a cone): none is steepest
    near = values >= best - 0.01 * (1.0 + abs(best))
    peaks = np.flatnonzero(near & (values >= np.roll(values, 1)) & (values >= np.roll(values, -1)))
    peaks = peaks[np.argsort(-values[peaks], kind="stable")][:MOST_PEAKS]
    headings_found = _narrowed(f, point, sign, tried[peaks], 360.0 / STEEPEST_SAMPLES)
    if gradient_at is not None:
        headings_found = [_along_the_piece(gradient_at, point, d, sign) for d in headings_found]
    slopes = one_sided_slopes(f, point, headings_found)
    found: list[CompassReading] = []
    for degrees, slope in zip(headings_found, slopes, strict=True):
        if not any(abs((degrees - r.degrees + 180.0) % 360.0 - 180.0) < 1.0 for r in found):
            found.append(CompassReading(float(degrees), float(slope)))
    top = max(sign * r.slope for r in found)
    ties = [r for r in found if sign * r.slope >= top - 1e-7 * (1.0 + abs(top))]
    return sorted(ties, key=lambda r: r.degrees)[:4]


def _narrowed(f: Ground, point, sign: float, starts: np.ndarray, width: float) -> list[float]:
    """Each heading of `starts` moved to the best of a fan of FAN headings within `width`
    degrees of it, twice, the fan narrowing each time; every fan is read in one pass."""
    step = 1e-4 * max(1.0, abs(point[0]), abs(point[1]))  # rounding stays far below the bend
    centres = np.asarray(starts, dtype=float)
    for _ in range(2):
        fan = centres[:, None] + np.linspace(-width, width, FAN)[None, :]
        values = sign * one_sided_slopes(f, point, fan.ravel(), step).reshape(fan.shape)
        values = np.where(np.isfinite(values), values, -np.inf)
        centres = fan[np.arange(len(centres)), np.argmax(values, axis=1)]
        width = 2 * width / (FAN - 1)
    return [float(d % 360.0) for d in centres]


def _along_the_piece(gradient_at, point, degrees: float, sign: float) -> float:
    """The heading of the gradient (or, sign -1, its opposite) of the smooth piece of ground
    that `degrees` walks into from `point`, where it agrees with `degrees` to within half a
    degree; else `degrees` as it is."""
    ux, uy = direction(degrees)
    step = 1e-7 * max(1.0, abs(point[0]), abs(point[1]))
    with np.errstate(all="ignore"):
        gx, gy = (float(v) for v in gradient_at(point[0] + step * ux, point[1] + step * uy))
    if not (math.isfinite(gx) and math.isfinite(gy)) or (gx, gy) == (0.0, 0.0):
        return degrees
    exact = math.degrees(math.atan2(sign * gy, sign * gx)) % 360.0
    return exact if abs((exact - degrees + 180.0) % 360.0 - 180.0) < 0.5 else degrees
