"""The `field` scene in words: the readings at the point (the partials, |grad f|, the uphill
heading, the chosen slice's slope), which heading climbs fastest, and the readout
(`FieldWords`, a part of FieldState).
"""

from __future__ import annotations

import math

from gradtui.calculus import gradient as grad
from gradtui.scenes.kit.layout import pack
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
        """The heading that climbs fastest (or falls fastest, downhill), or why there is none;
        at a corner each of the equally steep ones found from the one-sided slopes."""
        if self.corner:
            found = self.falls if downhill else self.climbs
            if not found:
                return "none: every heading climbs alike here"
            return " and ".join(degrees_words(r.degrees) for r in found)
        if not all(math.isfinite(v) for v in self.gradient):
            return "none: no finite slope here"
        heading = grad.downhill_heading(self.gradient) if downhill else self.uphill
        if heading is not None:
            return degrees_words(heading)
        if self.steepness > 0:  # tiny, not zero: say where flat begins
            return f"{FLAT_WORDS} (|grad f| below {grad.FLAT:g} counts as flat)"
        return FLAT_WORDS

    def partial_value(self, name: str) -> str:
        """∂f/∂x (or ∂f/∂y) as a number; at a corner, where the two sides of the point
        disagree along that knob, none, with the slopes just before and just after it."""
        if not self.corner:
            return short(self.gradient[0 if name == "x" else 1])
        forward, back = (0.0, 180.0) if name == "x" else (90.0, 270.0)
        after, before = self.one_sided(forward), -self.one_sided(back)
        if abs(after - before) <= 1e-6 * (1.0 + abs(after) + abs(before)):
            return short(after)
        return f"none ({short(before)} before, {short(after)} after)"

    def partial_words(self, name: str) -> str:
        return f"∂f/∂{name} = {self.partial_value(name)}"

    def field_rows(self, ascii: bool = False) -> list[list[str]]:
        """The readings at the point, most important first, grouped as they pair up (spelled
        in 7 bits for `ascii`, as they are measured)."""
        x, y = self.point
        slice_name = {"x": "x-slice (∂f/∂x)", "y": "y-slice (∂f/∂y)"}
        along = slice_name.get(self.slice, f"heading {degrees_words(self.heading)}")
        value = [f"f = {short(self.value)} at ({short(x)}, {short(y)})"]
        why = self.f.why_undefined(x=x, y=y) if math.isnan(self.value) else None
        if why:
            value.append(f"({why})")
        if self.corner:
            steepness = [f"a corner: no gradient; climbs at most {short(self.steepness)}"]
            uphill = [f"steepest {self.heading_words()}"]
        else:
            steepness = [f"|∇f| = {short(self.steepness)}"]
            uphill = [f"uphill {self.heading_words()}"]
        rows = [
            value,
            [self.partial_words("x"), self.partial_words("y")],
            steepness,
            uphill,
            [f"{along}:", f"slope {short(self.slice_slope)}"],
        ]
        return [[for_terminal(item, ascii) for item in row] for row in rows]

    def packed_fields(self, width: int, ascii: bool = False) -> list[str]:
        """The readings, the partials side by side when `width` holds them at their longest:
        the lines never regroup as the numbers change (a regrouped column repaints whole).
        A reading longer than the width wraps, never cut."""
        lines = []
        for row in self.field_rows(ascii):
            joined = (" " if row[0].endswith(":") else "  ").join(row)
            items = [joined] if width >= PAIR_WIDTH and len(joined) <= width else row
            for item in items:
                lines += pack([item], max(width, 1)) if len(item) > width else [item]
        return lines

    def steepest_words(self) -> str:
        """Which heading climbs fastest, beside the gradient's own (or, at a corner, the
        steepest found from the one-sided slopes)."""
        if math.isnan(self.value):
            x, y = self.point
            why = self.f.why_undefined(x=x, y=y)
            return f"f has no value here{f': {why}' if why else ''}, so no heading climbs."
        if self.corner:
            return self.corner_words()
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

    def corner_words(self) -> str:
        """At a corner: no gradient, and which heading(s) climb fastest instead."""
        text = (
            "A corner: the ground creases here, so there is no gradient (one-sided "
            "slopes differ across the crease)."
        )
        if not self.climbs:
            best = self.best
            alike = f" at {in_words(best.slope)}" if best is not None else ""
            return text + f" Every heading climbs alike{alike}: none is steepest."
        ways = " and ".join(degrees_words(r.degrees) for r in self.climbs)
        many = "climb" if len(self.climbs) > 1 else "climbs"
        return (
            text + f" Walking away from the point, {ways} {many} fastest, at a one-sided "
            f"slope of {in_words(self.steepness)}; no other heading climbs faster."
        )

    def readout(self) -> str:
        """Every number shown, one per line, in words (for tests and screen readers)."""
        lines = [f"f = {self.f.text}", *self.packed_fields(PAIR_WIDTH, ascii=True)]
        lines.append(f"slice slope measured = {short(self.measured_slice_slope())}")
        lines.append(self.steepest_words())
        lines.append(f"arrow keys: {'in the map' if self.in_map else 'stepping the lesson'}")
        return "\n".join(lines)
