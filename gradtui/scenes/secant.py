"""The `secant` scene: the line through P = (x, f(x)) and Q = (x+h, f(x+h)), turning into the
tangent as h shrinks.

`SecantState` holds everything the scene shows (h, rise, run, slope, the exact slope by autodiff,
the table of h tried, the sentence explaining the current situation) and draws its frame as plain
text. What kind of point P is (smooth, a corner, vertical...) comes from gradtui.calculus.points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import SimpleNamespace

from gradtui.calculus.points import curve_function, exact_slope, examine_point, secant
from gradtui.scenes.contract import SceneState
from gradtui.scenes.kit import markers
from gradtui.scenes.kit.curve import Curve
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.layout import PICTURE_ROWS, above_picture, beside, fit, pack, wrap
from gradtui.scenes.kit.numbers import error_size, in_words, precise, step_size
from gradtui.scenes.kit.params import (
    EXPRESSION,
    FLAG,
    NUMBER,
    NUMBERS,
    RANGE,
    TEXT,
    Param,
    within,
)
from gradtui.scenes.kit.plots import Series, line_in_box, text_plot
from gradtui.scenes.kit.slopes import point_words, slope_words
from gradtui.textsafe import for_terminal

SUMMARY = "The secant through P and Q, its rise over run, turning into the tangent as h shrinks."
FUNCTION = "f"

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

KEYS = (
    Key("down,minus", "shrink", "shrink h", show="↓/-"),
    Key("up,plus,equals_sign", "grow", "grow h", show="↑/+"),
    Key("a", "toggle_play", "play/stop"),
    Key("t", "toggle_tangent", "tangent"),
    Key("s", "switch_side", "Q left/right"),
    Key("0", "set_zero", "h = 0"),
    Key("r", "reset", "reset"),
)

# The smallest |h| the shrinking goes to before the last step to h = 0: below about 1e-16,
# x + h rounds back to x for every x of ordinary size.
H_FLOOR = 1e-16
# Below this |h| (times max(1, |x|)) rounding, not curvature, decides the error: the textbook
# best step for rise/run is about sqrt(EPSILON) ~ 1.5e-8.
CANCELLATION_BELOW = 0.99e-8
TABLE_WIDTH = 35  # h (9) + 2 + slope (13) + 2 + error (9)
WIDE = 72  # from this width the table sits beside the plot
SENTENCE_LINES = 3  # lines kept for the sentence when there is room (the longest needs 3 at 72)

# --- Numbers ---------------------------------------------------------------------------------


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


# --- Formatting ------------------------------------------------------------------------------


def newest(table: list[str], height: int) -> list[str]:
    """The table's header and as many of its newest rows as fit in height lines (none if < 2)."""
    if height < 2:
        return []
    return [table[0], *table[1:][-(height - 1) :]]


# --- The state the view drives ---------------------------------------------------------------


def _markers(ascii: bool) -> SimpleNamespace:
    """The character drawing each thing: told apart by shape, never by colour alone."""
    pick = {
        "curve": markers.CURVE, "secant": markers.LINE, "tangent": markers.TANGENT,
        "run": markers.RUN, "rise": markers.RISE, "p": markers.POINT, "q": markers.SECOND_POINT,
    }  # fmt: skip
    return SimpleNamespace(**{name: marker.get(ascii) for name, marker in pick.items()})


class SecantState(SceneState):
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

    # --- the learner's moves (each but the tangent stops the animation) ---

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
        """The exact slope as the readout says it (10 digits, to compare with rise/run)."""
        if self.point.kind == "smooth":
            return f"{precise(self.exact)} (autodiff)"
        return slope_words(self.point, self.exact)

    def slope_words(self) -> str:
        if self.h == 0:
            return "0/0 — no line through one point"
        return f"rise/run = {precise(self.slope)}"

    def readout_fields(self) -> list[str]:
        """Every number on screen, each labelled in words."""
        return [
            f"h = {step_size(self.h)}{' (playing)' if self.playing else ''}",
            f"run = {step_size(self.run)}",
            f"rise = {precise(self.rise)}",
            f"slope = {self.slope_words()}",
            f"exact = {self.exact_words()}",
            f"error = {error_size(self.error)}",
        ]

    @property
    def words_at_p(self) -> str:
        """Why there is no single slope at P, in words ("" where P is smooth)."""
        why = self.expr.why_undefined(x=self.x) if self.point.kind == "undefined" else None
        return point_words(self.point, self.x, self.fx, why=why, exact=self.exact)

    def sentence(self) -> str:
        """One plain sentence on what is happening at the current h."""
        point = self.point
        if point.kind == "undefined":
            return self.words_at_p
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
            return self.words_at_p
        if self.cancelling:
            text = (
                "Floating point takes over: f(x+h) and f(x) agree in almost all of their "
                "~16 digits, so their difference keeps only a few"
            )
            if self.error_grew:
                return text + ", and the error grows again."
            if self.error == 0 and math.frexp(self.h)[0] in (0.5, -0.5):
                return (
                    "Exact, but by luck of rounding: f(x+h) and f(x) agree in almost all "
                    "of their ~16 digits, and the few left in their difference happen to "
                    "give the exact slope here (h is a power of 2, which a computer stores "
                    "exactly). A step like 1e-10 shows the error rounding can bring."
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
            f"within {error_size(self.error)} of the exact slope {precise(exact)}."
        )

    def table_lines(self, ascii: bool = False) -> list[str]:
        """The table's header and rows, oldest first, each TABLE_WIDTH wide at most."""
        lines = [f"{'h':>9}  {'slope':<13}  {'error':>9}"]
        for row in self.rows:
            slope = "0/0 no line" if row.h == 0 else precise(row.slope, width=13)
            error = for_terminal(error_size(row.error), ascii)  # before padding: — is -- in ASCII
            lines.append(f"{step_size(row.h):>9}  {slope:<13}  {error:>9}")
        return lines

    # --- drawing ---

    def series(self, ascii: bool) -> list[Series]:
        """What the plot draws, back to front, each thing with its own marker."""
        m = _markers(ascii)
        xs, ys = self.curve.through(self.x, self.q_x)
        drawn = [Series(xs, ys, m.curve, "f", lines=True)]
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
        m = _markers(ascii)
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

    def frame_lines(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The whole scene fitted into width x height.

        Wide: the plot on the left; the readouts and the table's newest rows on the right;
        the sentence underneath. Narrow: the readouts (on a small screen only h, the slope,
        the exact slope and the error), the sentence as far as it fits, then the plot with at
        least PICTURE_ROWS rows, and the table's newest rows when there is room to spare.
        """
        if width <= 0 or height <= 0:
            return []
        fields = [for_terminal(f, ascii) for f in self.readout_fields()]
        sentence = wrap(for_terminal(self.sentence(), ascii), width)
        table = self.table_lines(ascii)
        if width < WIDE and width >= 30 and height >= PICTURE_ROWS + 3:
            return self._narrow(fields, sentence, table, width, height, ascii)
        if height >= 12:  # keep room for a long sentence, so the plot does not jump about
            sentence += [""] * (SENTENCE_LINES - len(sentence))
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
        return fit(top + newest(table, height - len(top)), width, height)

    def _narrow(self, fields, sentence, table, width: int, height: int, ascii: bool) -> list[str]:
        """Readouts and sentence above a plot that keeps at least PICTURE_ROWS rows."""
        every = pack(fields, width)
        core = pack([fields[i] for i in (0, 3, 4, 5)], width)  # h, slope, exact, error
        readouts = every if len(every) + len(sentence) + PICTURE_ROWS + 1 <= height else core
        top = above_picture(height, [readouts, sentence], PICTURE_ROWS + 1)
        room = height - len(top)
        table_height = min(len(table), room // 3) if room >= 14 else 0
        below = self.plot_lines(width, room - 1 - table_height, ascii)
        below.append(self.legend(ascii))
        return fit(top + below + newest(table, table_height), width, height)

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
            f"Q = P moved by h = {step_size(state.h)}",
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
    """What the finished table shows: where the error was smallest, whether it grew again
    below that (and why), and the 0/0 at h = 0 when the table reaches it."""
    zero = " At h = 0 the slope is 0/0: no line goes through one point."
    zero = zero if any(r.h == 0 for r in state.rows) else ""
    if state.point.kind != "smooth":
        return (state.words_at_p + zero).strip()
    rows = [r for r in state.rows if r.h != 0 and math.isfinite(r.error)]
    if not rows:
        return zero.strip()
    best = min(rows, key=lambda r: (r.error, -abs(r.h)))
    smaller = [r for r in rows if abs(r.h) < abs(best.h)]
    text = f"The error is smallest at h = {step_size(best.h)} ({error_size(best.error)})."
    if len(rows) == 1:
        text = f"The error at h = {step_size(best.h)} is {error_size(best.error)}."
    elif not smaller:
        text += " It shrinks with h all the way down the table."
    elif any(r.error > best.error for r in smaller):
        text += (
            " Below that it grows again: f(x+h) and f(x) agree in almost all of their ~16 "
            "digits, so their difference keeps only a few (floating-point cancellation)."
        )
    else:
        text += " Smaller steps do no better."
    return text + zero


State = SecantState
