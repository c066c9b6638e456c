"""A point's slope in words: what the learner is told where a curve has no ordinary slope.

Every scene that shows a slope (and `gradtui grad`) says it through `point_words`, so a corner
reads the same everywhere.
"""

from __future__ import annotations

import math

from gradtui.calculus.points import PointReport
from gradtui.scenes.kit.numbers import in_words


def point_words(point: PointReport, x: float, fx: float) -> str:
    """Why there is no single slope at P = (x, f(x)); "" at a smooth point."""
    missing = ""
    if point.defined_right and not point.defined_left:
        missing = " (f is not defined just left of x)"
    elif point.defined_left and not point.defined_right:
        missing = " (f is not defined just right of x)"
    if point.kind == "undefined":
        if math.isfinite(fx):
            return f"f is not defined on either side of x = {in_words(x)}: no slope."
        return f"f({in_words(x)}) = {in_words(fx)}: the curve has no point P here, so no slope."
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
