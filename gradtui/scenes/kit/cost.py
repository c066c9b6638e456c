"""What a scene's work costs: the units of a scene kind's optional `cost(params)`.

`cost(params)` estimates, in seconds on the machine gradtui is measured on (2 shared cores),
how long `render_text(params)` takes: the most a scene computes at once, since opening its step
in the app does no more than printing it. `gradtui check` adds up the scenes of a lesson
(gradtui/script/budget.py) and refuses one that asks for more than a few seconds. The estimates
lean high: `benchmarks/run.py` times the heaviest lesson check accepts.

Most of a scene's work is evaluating its expressions, so the units are per part (autodiff node)
of an expression: at one point with its gradient (a walk downhill, a bisection), or over an
array of points (a curve, a map, a model on its data); and per point plotted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gradtui.scenes.kit.curve import CURVE_SAMPLES

SCENE_SECONDS = 0.03  # any scene: its state, its picture, its words (a kind without `cost`)
POINT_SECONDS = 4e-6  # one part of an expression, value and gradient, at one point
ARRAY_SECONDS = 9e-6  # one part of an expression over an array (numpy's fixed cost per call)
ELEMENT_SECONDS = 2e-8  # ... and for each element of the array
DRAWN_SECONDS = 3e-6  # one point handed to the plotter
OVERHEAD_PARTS = 8  # what an evaluation costs beyond its parts, in parts
READING_EVALUATIONS = 40  # to read one point: its value, slope, and the kind of point it is
CURVE_PASSES = 6  # over a curve's samples: its values, then more to fit its y-range


def expression(text: Any, variables: Iterable[str] = ("x", "y")) -> Any:
    """The parsed expression `text`, or None when it does not read (its own mistake is
    reported at it) or is not given."""
    from gradtui.calculus.expr import ExprError, parse

    if not isinstance(text, str) or not text.strip():
        return None
    try:
        return parse(text, variables=tuple(variables))
    except ExprError:
        return None


def parts(text: Any, variables: Iterable[str] = ("x", "y")) -> int:
    """How many parts (autodiff nodes) the expression `text` has; 0 when it has none to read."""
    found = expression(text, variables)
    return 0 if found is None else len(found.order)


def at_points(count: float, nodes: int) -> float:
    """Seconds to evaluate an expression of `nodes` parts with its gradient at `count` points,
    one at a time."""
    return count * (nodes + OVERHEAD_PARTS) * POINT_SECONDS


def over_arrays(count: float, nodes: int, length: int) -> float:
    """Seconds to evaluate an expression of `nodes` parts `count` times over arrays of
    `length` points."""
    return count * (nodes + OVERHEAD_PARTS) * (ARRAY_SECONDS + length * ELEMENT_SECONDS)


def pass_seconds(nodes: int, size: int) -> float:
    """What one forward pass of the autodiff costs in these units: over `nodes` parts, at
    one point (`size` 1) or over arrays of `size` points. The contract test prices every pass
    a scene's `render_text` runs with it, and holds the sum under the scene's `cost`."""
    return at_points(1, nodes) if size <= 1 else over_arrays(1, nodes, size)


def drawn(points: float) -> float:
    """Seconds to plot `points` points."""
    return points * DRAWN_SECONDS


def curve(nodes: int, samples: int = CURVE_SAMPLES, passes: int = CURVE_PASSES) -> float:
    """Seconds to sample an expression of `nodes` parts along a curve of `samples` points, in
    `passes` over them (its values, and more to fit its y-range), and plot it."""
    return over_arrays(passes, nodes, samples) + drawn(samples)


def readings(count: float, nodes: int) -> float:
    """Seconds to read `count` points of a curve one by one (value, slope, kind of point)."""
    return at_points(count * READING_EVALUATIONS, nodes)


def longest_expression(variables: tuple[str, ...] = ("x",)) -> str:
    """The longest expression in `variables` the parser takes (MAX_NODES parts), of terms slow
    to evaluate (sines, exponentials, quotients): what the heaviest scene a lesson may write
    is made of, for the tests and benchmarks that hold the estimates to the work."""
    from gradtui.calculus.expr import ExprError, parse

    terms: list[str] = []
    for index in range(1, 1000):
        name = variables[index % len(variables)]
        if index % 2:
            term = f"sin({name}*{index})*exp(-{name}^2/{index})"
        else:
            term = f"cos({name}+{index})/(1+{name}^2)"
        try:
            parse("+".join([*terms, term]), variables=("x", "y"))
        except ExprError:
            break
        terms.append(term)
    return "+".join(terms)
