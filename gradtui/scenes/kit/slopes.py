"""A point's slope in words: what the learner is told where a curve has no ordinary slope.

Every scene that shows a slope (and `gradtui grad`) says it through `point_words`, so a corner
reads the same everywhere.
"""

from __future__ import annotations

import math

from gradtui.calculus.points import PointReport
from gradtui.scenes.kit.numbers import in_words


def point_words(
    point: PointReport, x: float, fx: float, *, why: str | None = None, exact: float | None = None
) -> str:
    """Why there is no single slope at P = (x, f(x)); "" at a smooth point. `why` names the
    operation that has no value there (`Expression.why_undefined`); `exact` is autodiff's
    slope, which, where it is finite, shows a "vertical" reading to be secants that cannot
    follow the curve at this magnitude (sin at x = 1e22), not a vertical curve."""
    missing = ""
    if point.defined_right and not point.defined_left:
        missing = " (f is not defined just left of x)"
    elif point.defined_left and not point.defined_right:
        missing = " (f is not defined just right of x)"
    if point.kind == "undefined":
        if math.isfinite(fx):
            return f"f is not defined on either side of x = {in_words(x)}: no slope."
        because = f" ({why})" if why else ""
        return (
            f"f({in_words(x)}) = {in_words(fx)}{because}: the curve has no point P here, "
            "so no slope."
        )
    if point.kind == "vertical" and exact is not None and math.isfinite(exact):
        return (
            f"The secants do not settle here: next to x = {in_words(x)} the floats are too far "
            f"apart for them to follow the curve. Autodiff's slope, {in_words(exact)}, stands."
        )
    if point.kind == "vertical":
        return (
            "As h shrinks the slope grows without bound: the curve stands vertical at P, "
            f"its slope is infinite{missing}."
        )
    if point.kind == "one-sided":
        side = "right" if point.defined_right else "left"
        slope = point.right if point.defined_right else point.left
        tends = in_words(slope)
        return f"Only a one-sided slope exists: from the {side} it tends to {tends}{missing}."
    if point.kind == "corner":
        return (
            f"A corner: from the right the secant tends to {in_words(point.right)}, from the left "
            f"to {in_words(point.left)}. The sides disagree, so there is no single slope at P."
        )
    return ""


def slope_words(point: PointReport, slope: float, exact: str = "") -> str:
    """The slope at a point as a readout says it after "slope = ": the number where the curve
    has one slope (with `exact` appended, e.g. "(autodiff)"), else what it has instead. The same
    words in every scene that shows a slope, and in `gradtui grad`. `slope` is autodiff's: a
    finite one is never called vertical (where secants read "vertical" but autodiff has a
    number, the secants are what fails: sin at x = 1e22, tan at the float nearest pi/2)."""
    if point.kind == "smooth":
        return f"{in_words(slope)} {exact}".rstrip()
    if point.kind == "vertical" and math.isfinite(slope):
        return f"{in_words(slope)} {exact}".rstrip() + " (secants cannot check it here)"
    if point.kind == "corner":
        return (
            f"none: a corner, not differentiable here (left {in_words(point.left)}, "
            f"right {in_words(point.right)})"
        )
    if point.kind == "vertical":
        side = point.right if math.isfinite(point.right) else point.left
        sign = "-" if math.isfinite(side) and side < 0 else ""
        return f"{sign}infinity: the curve stands vertical, not differentiable here"
    if point.kind == "one-sided":
        side = "right" if point.defined_right else "left"
        value = point.right if point.defined_right else point.left
        return f"one-sided only: {in_words(value)} from the {side}, not differentiable here"
    return "none: f is not defined here"
