"""The `secant` scene in words: every number labelled, one plain sentence on what is happening
at the current h, the table of h tried, and the readout (`SecantWords`, a part of
SecantState).
"""

from __future__ import annotations

import math

from gradtui.scenes.kit.numbers import error_size, in_words, precise, step_size
from gradtui.scenes.kit.slopes import point_words, slope_words
from gradtui.textsafe import for_terminal

H_WIDTH, SLOPE_WIDTH, ERROR_WIDTH = 10, 13, 9  # the table's columns: -3.052e-05, 2.000030518...


class SecantWords:
    """The readouts, the sentence and the table of SecantState (a part of it: reads h and the
    numbers SecantState works out)."""

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

    def verdict(self) -> str:
        """The sentence in one short line (for a small screen): what the newest row says."""
        point = self.point
        if point.kind == "undefined":
            why = self.expr.why_undefined(x=self.x)
            return f"No point P here: {why or 'f has no value at x'}."
        if self.h == 0:
            return "h = 0: rise/run is 0/0, no line through one point."
        if not math.isfinite(self.fq):
            return "Q is off the curve: put it on P's other side (s)."
        if self.x + self.h == self.x:
            return "x + h rounds back to x: no step at all."
        if point.kind == "corner":
            return (f"A corner: slope {in_words(point.left)} from the left, "
                    f"{in_words(point.right)} from the right.")  # fmt: skip
        if point.kind != "smooth":
            return slope_words(point, self.exact).capitalize() + "."
        if self.cancelling:
            if self.error_grew:
                return "Floating point takes over: the error grows again."
            return "Floating point takes over: rounding decides the error."
        if abs(self.slope - self.exact) > 0.05 * max(1.0, abs(self.exact)):
            return "Still the average slope from P to Q: shrink h."
        return f"The secant turns into the tangent: error {error_size(self.error)}."

    def table_lines(self, ascii: bool = False) -> list[str]:
        """The table's header and rows, oldest first, in columns of a fixed width (H_WIDTH,
        SLOPE_WIDTH, ERROR_WIDTH): a number gives up digits to fit its column, so
        no row ever runs wider than the others or loses the end of a number."""
        lines = [f"{'h':>{H_WIDTH}}  {'slope':<{SLOPE_WIDTH}}  {'error':>{ERROR_WIDTH}}"]
        for row in self.rows:
            slope = "0/0 no line" if row.h == 0 else precise(row.slope, width=SLOPE_WIDTH)
            error = for_terminal(error_size(row.error), ascii)  # before padding: — is -- in ASCII
            lines.append(f"{step_size(row.h, H_WIDTH):>{H_WIDTH}}  {slope:<{SLOPE_WIDTH}}  "
                         f"{error:>{ERROR_WIDTH}}")  # fmt: skip
        return lines

    def readout(self) -> str:
        """The numbers and the sentence as plain text (for tests and screen readers)."""
        lines = [*self.readout_fields(), self.sentence(), *self.table_lines()]
        return "\n".join(lines)
