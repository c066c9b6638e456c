"""What a point on a curve is, found from the numbers (never from the expression's name).

`examine_point` tells a smooth point from a corner (|x| at 0), a vertical tangent (sqrt at 0),
a one-sided edge (sqrt just left of 0 is undefined) and a point that is not on the curve at
all (log at 0). `read_slope` reads a smooth point's slope like a dashboard: its sign (rising,
falling, flat), its size (steep, gentle, nearly level) and, where it is flat, its shape (peak,
valley, plateau). `curvatures` gives the bends of a surface (the Hessian's eigenvalues), which
tell a valley from a saddle. Words with numbers in them are the scenes' business; here are
only the facts.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from gradtui.calculus.numeric import secant_slope

Function = Callable[[float], float]

# Double precision: the gap between 1 and the next number a float can hold.
EPSILON = float(np.finfo(float).eps)

# How the dashboard reads |slope| (height gained per unit step in x). With equal units on both
# axes slope 1 is a 45 degree climb.
FLAT = 1e-9  # |slope| at most this: flat (zero, up to rounding)
NEARLY_LEVEL = 0.25  # below this: nearly level (under a quarter of a unit up per unit across)
STEEP = 2.0  # from this: steep (twice as much up as across); in between: gentle


def curve_function(expr) -> Function:
    """The expression as a plain function of one float (a constant expression ignores x)."""
    return lambda t: float(expr(t))


def exact_slope(expr, x: float) -> float:
    """The slope at x by the project's reverse-mode autodiff (0 if f does not use x)."""
    return float(expr.derivative("x")(x))


def secant(f: Function, x: float, h: float) -> tuple[float, float, float]:
    """(rise, run, slope) of the secant from x to x + h."""
    rise, run, slope = secant_slope(f, x, h)
    return float(rise), float(run), float(slope)


def rounding_noise(f: Function, x: float, h: float) -> float:
    """How far rounding alone can move rise/run: a few units in the last digit of f, over h."""
    size = max(abs(f(x)), abs(f(x + h)), 1e-300)
    return 4 * EPSILON * size / abs(h)


# --- What kind of point ------------------------------------------------------------------------


@dataclass(frozen=True)
class PointReport:
    """What kind of point P = (x, f(x)) is.

    kind: "smooth" (one slope), "undefined" (f is not a number at x, or on neither side),
    "corner" (left and right slopes differ), "vertical" (the slope grows without bound on a
    side where f exists), "one-sided" (f exists on one side only).
    left/right: the secant slopes at a small h on each side (nan where f is undefined there).
    defined_left/defined_right: whether f has values just left and right of x.
    """

    kind: str
    left: float
    right: float
    defined_left: bool = True
    defined_right: bool = True

    @property
    def smooth(self) -> bool:
        return self.kind == "smooth"


def examine_point(f: Function, x: float) -> PointReport:
    """Classify P by comparing left and right secants at three small steps, 100x apart.

    The steps are a millionth of |x| and below (a millionth when x is 0): small next to x,
    so a point near a corner or an edge but not on it (|x| at 1e-9, sqrt at 1e-9) is read by
    its own slope, and small next to the curve's bends even far out (sin at x = 1e6). A corner
    is a gap between the two sides that stays as the steps shrink; on a smooth curve the gap
    shrinks with them."""
    fx = f(x)
    if not math.isfinite(fx):
        return PointReport("undefined", math.nan, math.nan, False, False)
    base = 1e-6 * (abs(x) if x != 0 else 1.0)
    steps = (base, base / 100, base / 10_000)
    right = _side(f, x, steps)
    left = _side(f, x, tuple(-h for h in steps))
    r, lft = right[-1], left[-1]
    grows_r, grows_l = _grows(f, x, steps, right), _grows(f, x, tuple(-h for h in steps), left)
    defined_r = all(math.isfinite(s) for s in right)
    defined_l = all(math.isfinite(s) for s in left)
    if not defined_l and not defined_r:
        return PointReport("undefined", lft, r, False, False)
    if (grows_r and defined_r) or (grows_l and defined_l):
        return PointReport("vertical", lft, r, defined_l, defined_r)
    if defined_l != defined_r:
        return PointReport("one-sided", lft, r, defined_l, defined_r)
    noise = rounding_noise(f, x, steps[-1])
    gap = abs(r - lft)
    wider = abs(right[-2] - left[-2])  # the gap at the step before: a corner's stays as wide
    if gap > 1e-3 * (1 + max(abs(r), abs(lft))) and gap > 100 * noise and gap > 0.1 * wider:
        return PointReport("corner", lft, r)
    return PointReport("smooth", lft, r)


def _side(f: Function, x: float, steps: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(secant(f, x, h)[2] for h in steps)


def _grows(f: Function, x: float, steps: tuple[float, ...], slopes: tuple[float, ...]) -> bool:
    """True when the slopes keep growing (3x per step, and well above rounding noise)."""
    if not all(math.isfinite(s) for s in slopes):
        return False
    s1, s2, s3 = (abs(s) for s in slopes)
    return s2 >= 3 * s1 and s3 >= 3 * s2 and s3 > 100 * rounding_noise(f, x, steps[-1])


# --- Reading a slope like a dashboard ----------------------------------------------------------


def size_of(slope: float) -> str:
    """steep / gentle / nearly level / zero, by the thresholds above."""
    magnitude = abs(slope)
    if magnitude <= FLAT:
        return "zero"
    if magnitude < NEARLY_LEVEL:
        return "nearly level"
    if magnitude < STEEP:
        return "gentle"
    return "steep"


def sign_of(slope: float) -> str:
    """rising / falling / flat (or undefined for nan)."""
    if math.isnan(slope):
        return "undefined"
    if abs(slope) <= FLAT:
        return "flat"
    return "rising" if slope > 0 else "falling"


def opposite_signs(a: float, b: float) -> bool:
    """True when one is above zero and the other below (without multiplying them, which
    overflows for slopes like those of exp(1000*x))."""
    return (a > 0 and b < 0) or (a < 0 and b > 0)


def slopes_around(slope_at, x: float) -> tuple[float, float]:
    """The slopes just left and right of x (a thousandth of max(1, |x|) away)."""
    delta = 1e-3 * max(1.0, abs(x))
    return float(slope_at(x - delta)), float(slope_at(x + delta))


def shape_at(slope_at, x: float) -> str:
    """At a flat point: peak (rising then falling), valley (falling then rising), or plateau,
    decided by the slopes just left and right of x."""
    left, right = slopes_around(slope_at, x)
    if left > FLAT and right < -FLAT:
        return "peak"
    if left < -FLAT and right > FLAT:
        return "valley"
    return "plateau"


@dataclass(frozen=True)
class Reading:
    """The slope at one point, read like a dashboard."""

    x: float
    y: float
    slope: float
    sign: str  # "rising", "falling", "flat", "corner" or "undefined"
    size: str  # "steep", "gentle", "nearly level", "zero" or "undefined"
    shape: str  # at a flat point: "peak", "valley" or "plateau"; else ""
    left: float = math.nan  # at a corner, the slopes just left and right of it
    right: float = math.nan
    point: PointReport | None = None  # what kind of point it is (smooth, a corner...)

    @property
    def words(self) -> str:
        """The reading in a few words: 'rising steeply', 'flat: a peak'."""
        if self.sign == "undefined" and not math.isfinite(self.y):
            return "no reading: f is not defined here"
        if self.sign == "undefined":
            return "no reading: the slope is not a number here"
        if self.sign == "corner":
            return "a corner: no single slope"
        if self.sign == "flat":
            return f"flat: a {self.shape}"
        if self.size == "nearly level":
            return f"{self.sign}, nearly level"
        return f"{self.sign} {'steeply' if self.size == 'steep' else 'gently'}"


def read_slope(expr, x: float) -> Reading:
    """The reading at x: height, slope (autodiff) and its sign, size and shape in words.

    A corner (|x| at 0) is found from the secants on either side, not from autodiff, which
    must pick some number there (0 for |x|) and would make the corner read as flat.
    """
    slope_at = expr.derivative("x")
    y = float(expr(x))
    slope = float(slope_at(x))
    point = examine_point(curve_function(expr), x)
    if point.kind == "corner":
        return Reading(x, y, slope, "corner", "undefined", "", point.left, point.right, point)
    sign = sign_of(slope)
    size = "undefined" if sign == "undefined" else size_of(slope)
    shape = shape_at(slope_at, x) if sign == "flat" else ""
    return Reading(x, y, slope, sign, size, shape, point=point)


MAX_FLAT_PLACES = 12
BISECTION_STEPS = 80  # halvings of an interval where the slope changes sign
EDGE_STEPS = 60  # halvings of an interval where a flat stretch begins or ends


def flat_places(expr, low: float, high: float, samples: int = 801) -> list[tuple[float, float]]:
    """Where the slope is zero on [low, high], as (start, end): a point where the slope
    changes sign (narrowed by bisection) has start == end; a run of flat samples is one
    stretch (relu(x) on the left is one place, not a dozen), its ends narrowed by bisection
    to where the flat ground really begins and stops.

    The first MAX_FLAT_PLACES from the left: the search stops there, so a curve that crosses
    zero hundreds of times (sin(40*x)) costs a dozen bisections, not hundreds."""
    slope_at = expr.derivative("x")
    xs = np.linspace(low, high, samples)
    slopes = np.asarray(slope_at(xs), dtype=float) * np.ones_like(xs)
    merged: list[tuple[float, float]] = []

    def add(start: float, end: float) -> None:
        if merged and start - merged[-1][1] <= (high - low) * 1e-3:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))

    run_start = None

    def flat(v: float) -> bool:
        return abs(float(slope_at(v))) <= FLAT

    for i in range(samples):
        if len(merged) > MAX_FLAT_PLACES:  # the ones before the last can no longer change
            break
        s = slopes[i]
        if math.isfinite(s) and abs(s) <= FLAT:
            if run_start is None:  # the stretch's true start lies after the last sloped sample
                run_start = float(xs[i]) if i == 0 else _edge(flat, float(xs[i]), float(xs[i - 1]))
            if i + 1 == samples or not abs(slopes[i + 1]) <= FLAT:
                end = (
                    float(xs[i])
                    if i + 1 == samples
                    else _edge(flat, float(xs[i]), float(xs[i + 1]))
                )
                add(run_start, end)
                run_start = None
        elif i + 1 < samples:
            t = slopes[i + 1]
            if math.isfinite(s) and math.isfinite(t) and opposite_signs(s, t) and abs(t) > FLAT:
                x = _bisect(lambda v: float(slope_at(v)), float(xs[i]), float(xs[i + 1]))
                add(x, x)
    return merged[:MAX_FLAT_PLACES]


def _edge(flat: Callable[[float], bool], inside: float, outside: float) -> float:
    """Where a flat stretch ends between a flat sample and a sloped one (relu(x-1)*x is flat
    up to x = 1 exactly, not to the last flat sample at 0.9975)."""
    for _ in range(EDGE_STEPS):
        mid = 0.5 * (inside + outside)
        if flat(mid):
            inside = mid
        else:
            outside = mid
    return inside


def _bisect(g, a: float, b: float) -> float:
    ga = g(a)
    for _ in range(BISECTION_STEPS):
        mid = 0.5 * (a + b)
        gm = g(mid)
        if gm == 0:
            return mid
        if (gm > 0) == (ga > 0):
            a, ga = mid, gm
        else:
            b = mid
    return 0.5 * (a + b)


# --- The bends of a surface --------------------------------------------------------------------


def curvatures(f, point: dict[str, float], names: tuple[str, ...]) -> tuple[float, ...]:
    """The bends of the ground at `point`: eigenvalues of the Hessian (central differences of
    the autodiff gradient). Positive = curving up (a valley way), negative = curving down."""
    if not names:
        return ()
    n = len(names)
    hessian = np.zeros((n, n))
    for j, name in enumerate(names):
        h = 1e-4 * max(1.0, abs(point[name]))
        up = dict(point, **{name: point[name] + h})
        down = dict(point, **{name: point[name] - h})
        g_up, g_down = f.gradient(**up), f.gradient(**down)
        for i, other in enumerate(names):
            hessian[i, j] = (float(g_up[other]) - float(g_down[other])) / (2 * h)
    hessian = (hessian + hessian.T) / 2
    if not np.isfinite(hessian).all():
        return ()
    return tuple(float(v) for v in np.linalg.eigvalsh(hessian))
