"""The `secant` scene's state: h, and the rise, run and slope of the secant through P and Q
beside the exact slope at P (by autodiff, or what kind of point P is), the table of every h
tried, and the keys and the animation that move h. Its words and its picture are its parts
SecantWords (words.py) and SecantPicture (picture.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from gradtui.calculus.points import curve_function, exact_slope, examine_point, secant
from gradtui.scenes.contract import SceneState
from gradtui.scenes.kit.curve import Curve
from gradtui.scenes.kit.params import within
from gradtui.scenes.secant.picture import SecantPicture
from gradtui.scenes.secant.words import SecantWords

# The smallest |h| the shrinking goes to before the last step to h = 0: below about 1e-16,
# x + h rounds back to x for every x of ordinary size.
H_FLOOR = 1e-16
# Below this |h| (times max(1, |x|)) rounding, not curvature, decides the error: the textbook
# best step for rise/run is about sqrt(EPSILON) ~ 1.5e-8.
CANCELLATION_BELOW = 0.99e-8


def snap(h: float) -> float:
    """h after a multiply or divide, with the last-digit dust removed (0.1/10 → 0.01 exactly)."""
    if h == 0 or not math.isfinite(h):
        return h
    clean = float(f"{h:.12g}")
    return clean if abs(clean - h) <= 4 * math.ulp(h) else h


@dataclass(frozen=True)
class Row:
    """One line of the table: an h tried, the secant's slope there and its error."""

    h: float
    slope: float  # nan at h = 0 (0/0)
    error: float  # nan when the exact slope or the secant is not a number


class SecantState(SecantWords, SecantPicture, SceneState):
    """The secant scene's numbers and frame; the keys call its methods."""

    frames_per_second = 4.0  # slow enough to read each row as it joins the table

    def __init__(self, params: dict) -> None:
        from gradtui.calculus.expr import parse

        self.params = params
        self.expr = parse(params["f"], variables=("x",))
        self.f = curve_function(self.expr)
        self.x = float(params["x"])
        self.shrink_factor = max(float(params.get("shrink") or 2.0), 1.000001)
        sign = -1.0 if params.get("side") == "left" else 1.0
        self.h0 = sign * abs(float(params["h"])) or sign * 1.0
        self.hs = [float(v) for v in params.get("hs") or []]
        self.tangent_visible = bool(params.get("tangent"))
        self.xlim = self._x_range(params.get("range"))
        self.fx = self.f(self.x)
        self.curve = Curve(self.expr, self.xlim, y_range=params.get("y_range"), hold=[self.fx])
        self.ylim = self.curve.ylim
        self._curves = {1: self.curve}  # the curve across the plot at each zoom (picture.py)
        self.point = examine_point(self.f, self.x)
        self.autodiff = exact_slope(self.expr, self.x) if math.isfinite(self.fx) else math.nan
        self.h = self.h0
        self._last_nonzero = self.h0
        self._next_in_hs = 0
        self._rows: dict[float, Row] = {}
        self.playing = False  # shown in the readout while the animation runs
        self._record()

    def _x_range(self, given) -> tuple[float, float]:
        """The x-range: as given (widened to hold P), or around x, wide enough to hold Q."""
        if given is not None:
            lo, hi = (float(v) for v in given)
            return (min(lo, self.x), max(hi, self.x)) if not lo <= self.x <= hi else (lo, hi)
        half = max(2.0, 1.25 * abs(self.h0), *(1.1 * abs(v) for v in self.hs))
        return (self.x - half, self.x + half)

    def shrink(self) -> None:
        """Divide h by the shrink factor; below about 1e-16 the next step is h = 0."""
        self.playing = False
        self._shrink()

    def _shrink(self) -> None:
        if self.h == 0:
            return
        smaller = snap(self.h / self.shrink_factor)
        self._set(0.0 if abs(smaller) < H_FLOOR * (1 - 1e-9) else smaller)

    def grow(self) -> None:
        """Multiply h by the shrink factor (from 0, back to the last h before it)."""
        self.playing = False
        if self.h == 0:
            self._set(self._last_nonzero)
            return
        bigger = snap(self.h * self.shrink_factor)
        if abs(bigger) <= self.xlim[1] - self.xlim[0]:
            self._set(bigger)

    def set_zero(self) -> None:
        """h = 0 exactly: Q on top of P."""
        self.playing = False
        self._set(0.0)

    def switch_side(self) -> None:
        """Move Q to the other side of P (h changes sign): the left slope versus the right."""
        self.playing = False
        if self.h == 0:
            self._last_nonzero = -self._last_nonzero
            return
        self._set(-self.h)

    def settings(self) -> dict[str, float]:
        """h can be typed (`set h 0.001`, `nudge h -0.1`)."""
        return {"h": self.h}

    def set(self, name: str, value: float) -> None:
        """Set h exactly (0 too), within the width of the picture either way."""
        if name != "h":
            super().set(name, value)
        span = self.xlim[1] - self.xlim[0]
        h = within("h", value, -span, span)
        self.playing = False
        self._set(h)

    def toggle_tangent(self) -> None:
        """Show or hide the exact tangent."""
        self.tangent_visible = not self.tangent_visible

    def reset(self) -> None:
        """Back to the starting h, with an empty table."""
        self.playing = False
        self._restart()

    def _restart(self) -> None:
        self._rows.clear()
        self._next_in_hs = 0
        self.h = self.h0
        self._last_nonzero = self.h0
        self._record()

    def toggle_play(self) -> None:
        """Start the shrinking animation, or stop it if it is running."""
        if self.playing:
            self.playing = False
            return
        self.start_play()
        self.playing = True

    def tick(self) -> bool:
        """One frame of the animation; stops by itself at the end."""
        self.playing = self.play_step()
        return self.playing

    def start_play(self) -> None:
        """Get ready to animate: from the top of `hs`, or from the starting h if at the end."""
        if self.hs:
            self._next_in_hs = 0
        elif self.h == 0:
            self._restart()

    def play_step(self) -> bool:
        """One step of the animation; False when there is nothing more to play."""
        if self.hs:
            if self._next_in_hs >= len(self.hs):
                return False
            self._set(self.hs[self._next_in_hs])
            self._next_in_hs += 1
            return self._next_in_hs < len(self.hs)
        if self.h == 0:
            return False
        self._shrink()
        return self.h != 0

    def tabulate(self, hs: list[float]) -> None:
        """Fill the table with exactly these h values, in order (the text mode's table)."""
        self._rows.clear()
        for h in hs:
            self._set(h)

    def _set(self, h: float) -> None:
        self.h = float(h)
        if self.h != 0:
            self._last_nonzero = self.h
        self._record()

    def _record(self) -> None:
        row = Row(self.h, self.slope, self.error)
        self._rows.pop(self.h, None)  # an h tried again moves to the bottom (newest)
        self._rows[self.h] = row
        while len(self._rows) > 200:
            self._rows.pop(next(iter(self._rows)))

    @property
    def q_x(self) -> float:
        return self.x + self.h

    @property
    def fq(self) -> float:
        return self.f(self.x + self.h)

    @property
    def rise(self) -> float:
        return secant(self.f, self.x, self.h)[0]

    @property
    def run(self) -> float:
        return self.h

    @property
    def slope(self) -> float:
        """rise / run; nan (0/0) at h = 0."""
        if self.h == 0:
            return math.nan
        return secant(self.f, self.x, self.h)[2]

    @property
    def exact(self) -> float:
        """The slope at P: autodiff where P is smooth, ±infinity where the curve stands
        vertical, nan where there is no single slope (a corner) or no point at all."""
        kind = self.point.kind
        if kind == "smooth":
            return self.autodiff
        if kind == "vertical":
            side = self.point.right if math.isfinite(self.point.right) else self.point.left
            return math.copysign(math.inf, side) if math.isfinite(side) else math.inf
        return math.nan

    @property
    def error(self) -> float:
        """|slope − exact|, nan when either is not a number."""
        slope, exact = self.slope, self.exact
        if not (math.isfinite(slope) and math.isfinite(exact)):
            return math.nan
        return abs(slope - exact)

    @property
    def rows(self) -> list[Row]:
        """The table: one row per h tried, oldest first."""
        return list(self._rows.values())

    @property
    def cancelling(self) -> bool:
        """True when h is so small that rounding, not the curve, decides the error."""
        return self.h != 0 and abs(self.h) < CANCELLATION_BELOW * max(1.0, abs(self.x))

    @property
    def error_grew(self) -> bool:
        """True when the error is now well above the best one seen at a bigger step."""
        bigger = [
            r.error
            for r in self._rows.values()
            if abs(r.h) > abs(self.h) and r.h * self.h > 0 and math.isfinite(r.error)
        ]
        return bool(bigger) and self.error > 2 * min(bigger)
