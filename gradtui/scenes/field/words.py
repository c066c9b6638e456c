"""The `field` scene in words: the readings at the point (the partials, |grad f|, the uphill
heading, the chosen slice's slope), which heading climbs fastest, and the readout
(`FieldWords`, a part of FieldState).
"""

from __future__ import annotations

import math

from gradtui.calculus import gradient as grad
from gradtui.scenes.kit.numbers import in_words, number, short
from gradtui.textsafe import for_terminal

PAIR_WIDTH = len("∂f/∂x = -1.234e+05  ∂f/∂y = -1.234e+05")  # both partials on one line
FLAT_WORDS = "none: flat here"


def degrees_words(degrees: float) -> str:
    """A heading as the learner reads it: 53.13° (NE) (53.13 deg (NE) in ASCII)."""
    return f"{number(degrees, 5)}° ({grad.compass_point(degrees)})"


class FieldWords:
    """The readings and sentences of FieldState (a part of it: reads the point, the gradient
    and the compass FieldState measures)."""

    def heading_words(self, downhill: bool = False) -> str:
        """The gradient's heading (or the opposite one, downhill), or why there is none."""
        if not all(math.isfinite(v) for v in self.gradient):
            return "none: no finite slope here"
        heading = grad.downhill_heading(self.gradient) if downhill else self.uphill
        if heading is not None:
            return degrees_words(heading)
        if self.steepness > 0:  # tiny, not zero: say where flat begins
            return f"{FLAT_WORDS} (|grad f| below {grad.FLAT:g} counts as flat)"
        return FLAT_WORDS

    def field_rows(self, ascii: bool = False) -> list[list[str]]:
        """The readings at the point, most important first, grouped as they pair up (spelled
        in 7 bits for `ascii`, as they are measured)."""
        x, y = self.point
        slice_name = {"x": "x-slice (∂f/∂x)", "y": "y-slice (∂f/∂y)"}
        along = slice_name.get(self.slice, f"heading {degrees_words(self.heading)}")
        rows = [
            [f"f = {short(self.value)} at ({short(x)}, {short(y)})"],
            [f"∂f/∂x = {short(self.gradient[0])}", f"∂f/∂y = {short(self.gradient[1])}"],
            [f"|∇f| = {short(self.steepness)}"],
            [f"uphill {self.heading_words()}"],
            [f"{along}:", f"slope {short(self.slice_slope)}"],
        ]
        return [[for_terminal(item, ascii) for item in row] for row in rows]

    def packed_fields(self, width: int, ascii: bool = False) -> list[str]:
        """The readings, the partials side by side when `width` holds them at their longest:
        the lines never regroup as the numbers change (a regrouped column repaints whole)."""
        lines = []
        for row in self.field_rows(ascii):
            joiner = " " if row[0].endswith(":") else "  "
            lines += [joiner.join(row)] if width >= PAIR_WIDTH else row
        return lines

    def steepest_words(self) -> str:
        """Which listed heading climbs fastest, beside the gradient's own."""
        best = self.best
        if best is None:
            return "No heading has a slope that is a number here."
        if self.uphill is None:
            if grad.is_flat(self.gradient) and self.steepness > 0:
                return (
                    f"Flat here, as near as counts: no heading climbs by more than "
                    f"{short(self.steepness)} (|grad f| below {grad.FLAT:g} counts as flat)."
                )
            if grad.is_flat(self.gradient):
                return "Flat here: every heading has slope 0, none climbs."
            return "The slope is not a finite number here, so no heading is steepest."
        return (
            f"Steepest of the {self.count} headings: {degrees_words(best.degrees)}, slope "
            f"{in_words(best.slope)}; along the gradient itself ({degrees_words(self.uphill)}) "
            f"the slope is {in_words(self.steepness)} = |grad f|, and no heading climbs faster."
        )

    def readout(self) -> str:
        """Every number shown, one per line, in words (for tests and screen readers)."""
        lines = [f"f = {self.f.text}", *self.packed_fields(PAIR_WIDTH, ascii=True)]
        lines.append(f"slice slope measured = {short(self.measured_slice_slope())}")
        lines.append(self.steepest_words())
        lines.append(f"arrow keys: {'in the map' if self.in_map else 'stepping the lesson'}")
        return "\n".join(lines)
