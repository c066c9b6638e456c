"""The numbers the `graph` scene shows: f's graph as boxes (one per variable and per operation,
the plain numbers f uses written inside the box that uses them), and the real passes at a
point -- autodiff's forward and backward pass as rows (calculus/trace.py), a forward-mode pass
per input (calculus/forward_mode.py) and a central difference per input (calculus/numeric.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from gradtui.calculus.autodiff import FUNCTIONS
from gradtui.calculus.expr import CONSTANTS, Expression
from gradtui.calculus.forward_mode import tangent_pass
from gradtui.calculus.numeric import numeric_gradient
from gradtui.calculus.printing import describe
from gradtui.calculus.trace import shares
from gradtui.scenes.kit.numbers import compact

MAX_VARIABLES = 4  # what a lesson may use: the passes of 4 inputs still read on one screen
MAX_BOXES = 24  # the largest graph drawn; a bigger one is listed box by box instead
DEFAULT_VALUE = 1.0  # a variable that `at` does not give starts here
REVERSE, FORWARD = "reverse", "forward"  # the two ways of walking the graph


@dataclass(frozen=True)
class Box:
    """One box of the drawing: a variable, an operation, or (alone) a part made of numbers.

    `node` is the node's position in forward order (its trace row's `index`); `reads` are the
    boxes it takes its inputs from, one per child that is drawn (a number child is written
    inside the box instead)."""

    node: int
    label: str  # what the box says: a, +, *3, sin
    expression: str  # the sub-expression it computes: a + b
    reads: tuple[int, ...]
    kind: str  # "input", "operation" or "number" (no variable below it)


def _number_text(node) -> str:
    """A number written inside the box that uses it: 3, 0.5, pi."""
    text = node.name if node.name in CONSTANTS else compact(float(node.constant), 7)
    return f"({text})" if text.startswith("-") else text


def box_label(node, drawn: set[int]) -> str:
    """The short text in a node's box: its operation, with any plain number it uses."""
    if not node.children:
        return node.name if node.op == "variable" else _number_text(node)
    inner = [None if id(c) in drawn else _number_text(c) for c in node.children]
    if node.op == "neg":
        return "neg" if inner[0] is None else f"-{inner[0]}"
    if node.op in FUNCTIONS or len(node.children) == 1:
        return node.op if inner[0] is None else f"{node.op}({inner[0]})"
    left, right = inner
    return f"{left or ''}{node.op}{right or ''}"


def boxes_of(expr: Expression) -> list[Box]:
    """The boxes of f's graph in forward order (each after the boxes it reads)."""
    order = expr.order
    root = order[-1]
    drawn_nodes = [n for n in order if n.op != "constant" or n is root]
    drawn = {id(n) for n in drawn_nodes}
    box_of = {id(n): i for i, n in enumerate(drawn_nodes)}
    position = {id(n): i for i, n in enumerate(order)}
    boxes = []
    for node in drawn_nodes:
        reads = tuple(box_of[id(c)] for c in node.children if id(c) in drawn)
        if node.op == "variable":
            kind = "input"
        elif any(boxes[r].kind != "number" for r in reads):
            kind = "operation"
        else:
            kind = "number"
        label = box_label(node, drawn)
        if len(label) > 9:
            label = label[:8] + "~"
        boxes.append(Box(position[id(node)], label, describe(node), reads, kind))
    return boxes


def box_texts(boxes: Sequence[Box]) -> list[str]:
    """What each box looks like: [label], the output marked as f."""
    texts = [f"[{box.label}]" for box in boxes]
    texts[-1] += " f"
    return texts


def point_for(names: Sequence[str], at: dict | None) -> tuple[dict[str, float], list[str]]:
    """The value of each variable, and the names that `at` did not give (they start at 1)."""
    given = at or {}
    point = {name: float(given.get(name, DEFAULT_VALUE)) for name in names}
    missing = [name for name in names if name not in given] if at is not None else []
    return point, missing


class Passes:
    """The real passes at one point: the trace of autodiff's forward and backward passes (as
    rows), a forward-mode pass per input, and a central difference per input."""

    def __init__(self, expr: Expression, point: dict[str, float]) -> None:
        self.expr = expr
        self.point = point
        self.rows = expr.trace(**point)  # output first, as the backward pass meets them
        self.by_node = {row.index: row for row in self.rows}
        self.received = shares(self.rows)
        self.value = self.rows[0].value
        inputs = {name: np.float64(point[name]) for name in expr.variables}
        with np.errstate(all="ignore"):
            self.tangents = {
                name: tangent_pass(expr.order, inputs, name) for name in expr.variables
            }
        by_name = {row.label: row for row in self.rows if row.op == "variable"}
        self.gradient = {name: by_name[name].upstream for name in expr.variables}
        self.numeric = numeric_gradient(expr, point) if expr.variables else {}
