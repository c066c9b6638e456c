"""The `secant` scene: the line through P = (x, f(x)) and Q = (x+h, f(x+h)), turning into the
tangent as h shrinks.

`SecantState` holds everything the scene shows (h, rise, run, slope, the exact slope by autodiff,
the table of h tried, the sentence explaining the current situation) and draws its frame as plain
text; the Textual view only turns keys into its methods. Never imports Textual.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from gradtui.plotting import Series, curve_values, in_words, line_in_box, plot_limits, text_plot
from gradtui.scenes.layout import beside, fit, pack, wrap
from gradtui.script.params import EXPRESSION, FLAG, NUMBER, NUMBERS, RANGE, TEXT, Param
from gradtui.textsafe import for_terminal

SUMMARY = "The secant through P and Q, its rise over run, turning into the tangent as h shrinks."
VIEW = "gradtui.views.secant:SecantView"

PARAMS = (
    Param("f", EXPRESSION, "x**2", "The function, in x."),
    Param("x", NUMBER, 1.0, "Where the point P = (x, f(x)) sits.", low=-1e6, high=1e6),
    Param("h", NUMBER, 1.0, "The starting step h (> 0): Q starts at x + h.", low=1e-15, high=1e6),
    Param("shrink", NUMBER, 2.0, "What each press of shrink divides h by (2 and 10 read well).",
          low=1.5, high=1000.0),
    Param("side", TEXT, "right", "Which side of P the point Q starts on (left means h < 0).",
          choices=("right", "left")),
    Param("range", RANGE, None, "The x-range shown; from x - 2 to x + 2 (wider for a big h) "
          "when left out."),
    Param("y_range", RANGE, None, "The y-range shown; chosen from the curve when left out."),
    Param("hs", NUMBERS, [], "h values the animation plays through, in order (0 shows 0/0); "
          "when left out it keeps dividing h by shrink down to about 1e-16.",
          low=-1e6, high=1e6),
    Param("tangent", FLAG, False, "Whether the exact tangent starts visible."),
)  # fmt: skip

# The smallest |h| the shrinking goes to before the last step to h = 0: below about 1e-16,
# x + h rounds back to x for every x of ordinary size.
H_FLOOR = 1e-16
# Double precision: the gap between 1 and the next number a float can hold.
EPSILON = float(np.finfo(float).eps)
# Below this |h| (times max(1, |x|)) rounding, not curvature, decides the error: the textbook
# best step for rise/run is about sqrt(EPSILON) ~ 1.5e-8.
CANCELLATION_BELOW = 0.99e-8
CURVE_SAMPLES = 400
TABLE_WIDTH = 34  # h (9) + 2 + slope (13) + 2 + error (8)
WIDE = 72  # from this width the table sits beside the plot
SENTENCE_LINES = 3  # lines kept for the sentence when there is room (the longest needs 3 at 72)

Function = Callable[[float], float]


# --- Numbers ---------------------------------------------------------------------------------


def curve_function(expr) -> Function:
    """The expression as a plain function of one float (a constant expression ignores x)."""
    return lambda t: float(expr(t))


def exact_slope(expr, x: float) -> float:
    """The slope at x by the project's reverse-mode autodiff (0 if f does not use x)."""
    return float(expr.derivative("x")(x))


def secant(f: Function, x: float, h: float) -> tuple[float, float, float]:
    """(rise, run, slope) of the secant from x to x + h, by the project's numeric module."""
    from gradtui.calculus.numeric import secant_slope

    rise, run, slope = secant_slope(f, x, h)
    return float(rise), float(run), float(slope)


def rounding_noise(f: Function, x: float, h: float) -> float:
    """How far rounding alone can move rise/run: a few units in the last digit of f, over h."""
    size = max(abs(f(x)), abs(f(x + h)), 1e-300)
    return 4 * EPSILON * size / abs(h)


def snap(h: float) -> float:
    """h after a multiply or divide, with the last-digit dust removed (0.1/10 → 0.01 exactly)."""
    if h == 0 or not math.isfinite(h):
        return h
    clean = float(f"{h:.12g}")
    return clean if abs(clean - h) <= 4 * math.ulp(h) else h


@dataclass(frozen=True)
class PointReport:
    """What kind of point P is, found from the numbers (never from the expression's name).

    kind: "smooth" (one slope), "undefined" (f(x) is not a number), "corner" (left and right
    slopes differ), "vertical" (the slope grows without bound on a side where f exists).
    left/right: the secant slopes at a small h on each side (nan where f is undefined there).
    """

    kind: str
    left: float
    right: float
    words: str


def examine_point(f: Function, x: float) -> PointReport:
    """Classify P by comparing left and right secants at three small steps, 100x apart."""
    fx = f(x)
    if not math.isfinite(fx):
        return PointReport(
            "undefined",
            math.nan,
            math.nan,
            f"f({in_words(x)}) = {in_words(fx)}: the curve has no point P here, so no slope.",
        )
    base = 1e-4 * max(1.0, abs(x))
    steps = (base, base / 100, base / 10_000)
    right = _side(f, x, steps)
    left = _side(f, x, tuple(-h for h in steps))
    r, lft = right[-1], left[-1]
    grows_r, grows_l = _grows(f, x, steps, right), _grows(f, x, tuple(-h for h in steps), left)
    defined_r = all(math.isfinite(s) for s in right)
    defined_l = all(math.isfinite(s) for s in left)
    missing = ""
    if defined_r and not defined_l:
        missing = " (f is not defined just left of x)"
    elif defined_l and not defined_r:
        missing = " (f is not defined just right of x)"
    if not defined_l and not defined_r:
        return PointReport(
            "undefined",
            lft,
            r,
            f"f is not defined on either side of x = {in_words(x)}: no slope.",
        )
    if (grows_r and defined_r) or (grows_l and defined_l):
        return PointReport(
            "vertical",
            lft,
            r,
            "As h shrinks the slope grows without bound: the curve stands vertical at P, "
            f"its slope is infinite{missing}.",
        )
    if missing:
        side_slope = r if defined_r else lft
        side = "right" if defined_r else "left"
        return PointReport(
            "one-sided",
            lft,
            r,
            f"Only a one-sided slope exists: from the {side} it tends to "
            f"{in_words(side_slope)}{missing}.",
        )
    noise = rounding_noise(f, x, steps[-1])
    gap = abs(r - lft)
    if gap > 1e-3 * (1 + max(abs(r), abs(lft))) and gap > 100 * noise:
        return PointReport(
            "corner",
            lft,
            r,
            f"A corner: from the right the secant tends to {in_words(r)}, from the left to "
            f"{in_words(lft)}. The sides disagree, so there is no single slope at P.",
        )
    return PointReport("smooth", lft, r, "")


def _side(f: Function, x: float, steps: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(secant(f, x, h)[2] for h in steps)


def _grows(f: Function, x: float, steps: tuple[float, ...], slopes: tuple[float, ...]) -> bool:
    """True when the slopes keep growing (3x per step, and well above rounding noise)."""
    if not all(math.isfinite(s) for s in slopes):
        return False
    s1, s2, s3 = (abs(s) for s in slopes)
    return s2 >= 3 * s1 and s3 >= 3 * s2 and s3 > 100 * rounding_noise(f, x, steps[-1])


@dataclass(frozen=True)
class Row:
    """One line of the table: an h tried, the secant's slope there and its error."""

    h: float
    slope: float  # nan at h = 0 (0/0)
    error: float  # nan when the exact slope or the secant is not a number


# --- Formatting ------------------------------------------------------------------------------


def fmt_h(h: float) -> str:
    """h with three significant digits: 0.001, 1e-08, 6.25e-05."""
    return "0" if h == 0 else f"{h:.3g}"


def fmt_slope(value: float) -> str:
    """A slope with ten significant digits, so the digits that agree with the exact one show."""
    if math.isnan(value) or math.isinf(value):
        return in_words(value)
    return f"{value + 0.0:.10g}"


def fmt_error(value: float) -> str:
    """An error in one fixed shape (1.2e-08), so the column reads as a column."""
    if math.isnan(value):
        return "—"
    if math.isinf(value):
        return "infinite"
    return "0" if value == 0 else f"{value:.1e}"


def newest(table: list[str], height: int) -> list[str]:
    """The table's header and as many of its newest rows as fit in height lines (none if < 2)."""
    if height < 2:
        return []
    return [table[0], *table[1:][-(height - 1) :]]


# --- The state the view drives ---------------------------------------------------------------


@dataclass(frozen=True)
class Markers:
    """The character drawing each thing: told apart by shape, never by colour alone."""

    curve: str
    secant: str
    tangent: str
    run: str
    rise: str
    p: str
    q: str


UNICODE_MARKERS = Markers("•", "·", "+", "─", "│", "●", "◆")
ASCII_MARKERS = Markers("*", ".", "+", "-", "|", "o", "#")


class SecantState:
    """The secant scene's numbers and frame; the view calls its methods on key presses."""

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
        self.xs = np.linspace(*self.xlim, CURVE_SAMPLES)
        self.ys = curve_values(self.expr, self.xs)
        self.fx = self.f(self.x)
        if params.get("y_range") is not None:
            self.ylim = tuple(float(v) for v in params["y_range"])
        else:
            self.ylim = plot_limits(self.xs, self.ys, [self.fx])
        self.point = examine_point(self.f, self.x)
        self.autodiff = exact_slope(self.expr, self.x) if math.isfinite(self.fx) else math.nan
        self.h = self.h0
        self._last_nonzero = self.h0
        self._next_in_hs = 0
        self._rows: dict[float, Row] = {}
        self.playing = False  # set by the view while its animation runs; shown in the readout
        self._record()

    def _x_range(self, given) -> tuple[float, float]:
        """The x-range: as given (widened to hold P), or around x, wide enough to hold Q."""
        if given is not None:
            lo, hi = (float(v) for v in given)
            return (min(lo, self.x), max(hi, self.x)) if not lo <= self.x <= hi else (lo, hi)
        half = max(2.0, 1.25 * abs(self.h0), *(1.1 * abs(v) for v in self.hs))
        return (self.x - half, self.x + half)

    # --- the learner's moves ---

    def shrink(self) -> None:
        """Divide h by the shrink factor; below about 1e-16 the next step is h = 0."""
        if self.h == 0:
            return
        smaller = snap(self.h / self.shrink_factor)
        self._set(0.0 if abs(smaller) < H_FLOOR * (1 - 1e-9) else smaller)

    def grow(self) -> None:
        """Multiply h by the shrink factor (from 0, back to the last h before it)."""
        if self.h == 0:
            self._set(self._last_nonzero)
            return
        bigger = snap(self.h * self.shrink_factor)
        if abs(bigger) <= self.xlim[1] - self.xlim[0]:
            self._set(bigger)

    def set_zero(self) -> None:
        """h = 0 exactly: Q on top of P."""
        self._set(0.0)

    def switch_side(self) -> None:
        """Move Q to the other side of P (h changes sign): the left slope versus the right."""
        if self.h == 0:
            self._last_nonzero = -self._last_nonzero
            return
        self._set(-self.h)

    def toggle_tangent(self) -> None:
        """Show or hide the exact tangent."""
        self.tangent_visible = not self.tangent_visible

    def reset(self) -> None:
        """Back to the starting h, with an empty table."""
        self._rows.clear()
        self._next_in_hs = 0
        self.h = self.h0
        self._last_nonzero = self.h0
        self._record()

    def start_play(self) -> None:
        """Get ready to animate: from the top of `hs`, or from the starting h if at the end."""
        if self.hs:
            self._next_in_hs = 0
        elif self.h == 0:
            self.reset()

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
        self.shrink()
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

    # --- readouts ---

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
    def at_end(self) -> bool:
        """True when the animation has nothing left to play."""
        if self.hs:
            return self._next_in_hs >= len(self.hs)
        return self.h == 0

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

    def exact_words(self) -> str:
        """The exact slope as the readout says it."""
        kind = self.point.kind
        if kind == "smooth":
            return f"{fmt_slope(self.exact)} (autodiff)"
        if kind == "corner":
            return f"none: left {in_words(self.point.left)}, right {in_words(self.point.right)}"
        if kind == "vertical":
            return f"{in_words(self.exact)} (vertical)"
        if kind == "one-sided":
            return "one-sided only"
        return f"undefined: f(x) = {in_words(self.fx)}"

    def slope_words(self) -> str:
        if self.h == 0:
            return "0/0 — no line through one point"
        return f"rise/run = {fmt_slope(self.slope)}"

    def readout_fields(self) -> list[str]:
        """Every number on screen, each labelled in words."""
        return [
            f"h = {fmt_h(self.h)}{' (playing)' if self.playing else ''}",
            f"run = {fmt_h(self.run)}",
            f"rise = {fmt_slope(self.rise)}",
            f"slope = {self.slope_words()}",
            f"exact = {self.exact_words()}",
            f"error = {fmt_error(self.error)}",
        ]

    def sentence(self) -> str:
        """One plain sentence on what is happening at the current h."""
        point = self.point
        if point.kind == "undefined":
            return point.words
        if self.h == 0:
            return (
                "h = 0: Q sits on P, so rise/run is 0/0 and says nothing: a line needs two "
                "points. The slope at P is what the secant approaches, not its value at h = 0."
            )
        fq = self.fq
        if not math.isfinite(fq):
            return f"Q is off the curve: f(x + h) = {in_words(fq)}. Move Q to the other side of P."
        if self.x + self.h == self.x:
            return (
                "x + h rounds back to x: the computer sees no step at all, so rise = 0 and "
                "the slope reads 0. Floating point has run out of digits."
            )
        if point.kind != "smooth":
            return point.words
        if self.cancelling:
            text = (
                "Floating point takes over: f(x+h) and f(x) agree in almost all of their "
                "~16 digits, so their difference keeps only a few"
            )
            if self.error_grew:
                return text + ", and the error grows again."
            if self.error == 0 and math.frexp(self.h)[0] in (0.5, -0.5):
                return (
                    "Exact by luck: h is a power of 2, which a computer stores exactly, so "
                    "no digit was lost. Steps like 1e-10 lose digits: f(x+h) and f(x) agree "
                    "in almost all of theirs, and their difference keeps only a few."
                )
            return text + "; rounding, not the curve, now decides the error."
        exact = self.exact
        if abs(self.slope - exact) > 0.05 * max(1.0, abs(exact)):
            return (
                "The secant gives the average slope over the whole run from P to Q, not yet "
                "the slope at P. Shrink h to slide Q towards P."
            )
        return (
            "Q slides towards P and the secant turns into the tangent: rise/run is now "
            f"within {fmt_error(self.error)} of the exact slope {fmt_slope(exact)}."
        )

    def table_lines(self, ascii: bool = False) -> list[str]:
        """The table's header and rows, oldest first, each TABLE_WIDTH wide at most."""
        lines = [f"{'h':>9}  {'slope':<13}  {'error':>8}"]
        for row in self.rows:
            slope = "0/0 no line" if row.h == 0 else fmt_slope(row.slope)
            error = for_terminal(fmt_error(row.error), ascii)  # before padding: — is -- in ASCII
            lines.append(f"{fmt_h(row.h):>9}  {slope:<13.13}  {error:>8}")
        return lines

    # --- drawing ---

    def series(self, ascii: bool) -> list[Series]:
        """What the plot draws, back to front, each thing with its own marker."""
        m = ASCII_MARKERS if ascii else UNICODE_MARKERS
        drawn = [Series(self.xs, self.ys, m.curve, "f", lines=True)]
        fq = self.fq
        has_q = self.h != 0 and math.isfinite(fq) and math.isfinite(self.fx)
        if has_q:
            drawn.append(Series([self.x, self.q_x], [self.fx, self.fx], m.run, "run", lines=True))
            drawn.append(Series([self.q_x, self.q_x], [self.fx, fq], m.rise, "rise", lines=True))
        if self.tangent_visible:
            for xs, ys in self.tangent_segments():
                drawn.append(Series(xs, ys, m.tangent, "tangent", lines=True))
        if has_q:
            xs, ys = line_in_box(self.x, self.fx, self.slope, self.xlim, self.ylim)
            if xs:
                drawn.append(Series(xs, ys, m.secant, "secant", lines=True))
            drawn.append(Series([self.q_x], [fq], m.q, "Q"))
        if math.isfinite(self.fx):
            drawn.append(Series([self.x], [self.fx], m.p, "P"))
        return drawn

    def tangent_segments(self) -> list[tuple[list[float], list[float]]]:
        """The exact tangent; at a corner the two one-sided tangents, each on its own side."""
        kind, x, y = self.point.kind, self.x, self.fx
        if kind == "smooth" or kind == "vertical":
            xs, ys = line_in_box(x, y, self.exact, self.xlim, self.ylim)
            return [(xs, ys)] if xs else []
        if kind == "corner":
            left = line_in_box(x, y, self.point.left, (self.xlim[0], x), self.ylim)
            right = line_in_box(x, y, self.point.right, (x, self.xlim[1]), self.ylim)
            return [seg for seg in (left, right) if seg[0]]
        return []

    def legend(self, ascii: bool = False) -> str:
        """Which marker is which, in words."""
        m = ASCII_MARKERS if ascii else UNICODE_MARKERS
        parts = [f"{m.p} P", f"{m.q} Q", f"{m.secant} secant", f"{m.run}{m.rise} run/rise"]
        if self.tangent_visible:
            parts.append(f"{m.tangent} tangent")
        parts.append(f"{m.curve} y = {self.expr.text}")
        return for_terminal("  ".join(parts), ascii)

    def plot_lines(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The plot at a fixed range (frames differ only where something moved)."""
        lines = text_plot(
            self.series(ascii), width, height, xlim=self.xlim, ylim=self.ylim, ascii=ascii
        )
        return fit(lines, width, height)

    def frame(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The whole scene fitted into width x height.

        Wide: the plot on the left; the readouts and the table's newest rows on the right;
        the sentence underneath. Narrow: readouts first (they always show), the sentence,
        then the plot if there is room for one worth reading, else the table's newest rows.
        """
        width, height = max(int(width), 0), max(int(height), 0)
        if width <= 0 or height <= 0:
            return []
        fields = [for_terminal(f, ascii) for f in self.readout_fields()]
        sentence = wrap(for_terminal(self.sentence(), ascii), width)
        if height >= 12:  # keep room for a long sentence, so the plot does not jump about
            sentence += [""] * (SENTENCE_LINES - len(sentence))
        table = self.table_lines(ascii)
        plot_height = height - len(sentence) - 1  # one line for the legend
        if width >= WIDE and plot_height >= 7:
            plot_width = width - TABLE_WIDTH - 2
            side = pack(fields, TABLE_WIDTH)
            side += newest(table, plot_height + 1 - len(side))
            plot = self.plot_lines(plot_width, plot_height, ascii)
            plot.append(self.legend(ascii)[:plot_width])
            rows = beside(plot, side, plot_width)
            return fit(rows + sentence, width, height)
        top = pack(fields, width) + sentence
        room = height - len(top)
        below: list[str] = []
        if room >= 8 and width >= 30:
            table_height = min(len(table), room // 3) if room >= 14 else 0
            below = self.plot_lines(width, room - 1 - table_height, ascii)
            below.append(self.legend(ascii))
            below += newest(table, table_height)
        else:
            below = newest(table, room)
        return fit(top + below, width, height)

    def readout(self) -> str:
        """The numbers and the sentence as plain text (for tests and screen readers)."""
        lines = [*self.readout_fields(), self.sentence(), *self.table_lines()]
        return "\n".join(lines)


# --- Text mode -------------------------------------------------------------------------------


def text_table_hs(state: SecantState) -> list[float]:
    """The h values `gradtui print` tabulates: the script's `hs`, or decades from the start
    down to about 1e-15 (at a corner, both sides), then 0."""
    if state.hs:
        return state.hs
    corner = state.point.kind == "corner"
    factor = 100 if corner else 10  # a corner lists both sides, so it steps twice as fast
    hs, h = [], state.h0
    while abs(h) >= 1e-15 * 0.99:
        hs += [h, -h] if corner else [h]
        h = snap(h / factor)
    return [*hs, 0.0]


def render_text(params: dict, ascii: bool = False) -> str:
    """The secant at its starting h (with the tangent), then the h / slope / error table down
    to h ≈ 1e-15 and h = 0, and what the table shows in words."""
    state = SecantState(params)
    state.tangent_visible = True
    out = [
        for_terminal(
            f"y = {state.expr.text}, P = ({in_words(state.x)}, {in_words(state.fx)}), "
            f"Q = P moved by h = {fmt_h(state.h)}",
            ascii,
        )
    ]
    out += state.plot_lines(72, 18, ascii)
    out.append(state.legend(ascii))
    out += pack([for_terminal(f, ascii) for f in state.readout_fields()], 76)
    state.tabulate(text_table_hs(state))
    out.append("")
    out += state.table_lines(ascii)
    out.append("")
    out += wrap(for_terminal(summary_sentence(state), ascii), 76)
    return "\n".join(out)


def summary_sentence(state: SecantState) -> str:
    """What the finished table shows: where the error was smallest and why it grew again."""
    if state.point.kind != "smooth":
        return state.point.words + " At h = 0 the slope is 0/0: no line goes through one point."
    rows = [r for r in state.rows if math.isfinite(r.error)]
    if not rows:
        return "At h = 0 the slope is 0/0: no line goes through one point."
    best = min(rows, key=lambda r: r.error)
    text = (
        f"The error is smallest near h = {fmt_h(best.h)} ({fmt_error(best.error)}). "
        "Below that it grows again: f(x+h) and f(x) agree in almost all of their ~16 digits, "
        "so their difference keeps only a few (floating-point cancellation). "
    )
    return text + "At h = 0 the slope is 0/0: no line goes through one point."
