"""Reverse-mode automatic differentiation over a small expression graph, written to be read.

An expression such as ``x**2 * y + sin(y)`` is a graph of `Node` objects: variables and
constants at the bottom, one node per operation above them. Working out a gradient takes two
walks over that graph:

1. the forward pass visits the nodes children-first and computes each one's value; every
   operation also notes its *local slopes* -- how fast its output moves per unit nudge of each
   input, holding the others still;
2. the backward pass walks the same order in reverse. The output's gradient with respect to
   itself is 1. Each node multiplies the gradient arriving from above (the *upstream* gradient)
   by its local slope towards each child and adds the product to that child's gradient. A node
   used twice, like ``x`` in ``x * x``, collects a share from every use -- that is the chain
   rule, one multiplication per edge.

Values may be numbers or numpy arrays; the same code works pointwise on both. The choices made
where a function has no ordinary derivative are written next to the function: |x| and relu have
slope 0 at 0; sqrt and log have slope +inf at 0.

This module is the core and nothing else: printing a graph back as text lives in printing.py,
the node-by-node record of a backward pass in trace.py, and the parser that builds graphs from
typed text in expr.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

Value = Any  # a numpy float64 or ndarray: numpy keeps 1/0 -> inf quiet inside np.errstate
Slopes = Callable[[], tuple[Value, ...]]

# --- The operations ------------------------------------------------------------------------
# Each one returns its forward value and, right beside it, a function giving its local
# slopes (one per input). The slopes are only worked out when a backward pass asks for them,
# so evaluating an expression alone costs nothing extra.


def add(a: Value, b: Value) -> tuple[Value, Slopes]:
    """a + b: nudging either input by 1 moves the sum by 1."""
    return a + b, lambda: (1.0, 1.0)


def subtract(a: Value, b: Value) -> tuple[Value, Slopes]:
    """a - b: the sum's slope towards a is 1, towards b it is -1."""
    return a - b, lambda: (1.0, -1.0)


def multiply(a: Value, b: Value) -> tuple[Value, Slopes]:
    """a * b: nudging a moves the product by b per unit, and nudging b moves it by a."""
    return a * b, lambda: (b, a)


def divide(a: Value, b: Value) -> tuple[Value, Slopes]:
    """a / b: slope 1/b towards a; towards b it is -a/b**2, which is -(a/b)/b."""
    out = a / b
    return out, lambda: (1.0 / b, -out / b)


def power(a: Value, b: Value) -> tuple[Value, Slopes]:
    """a ** b: the power rule b * a**(b-1) towards a, and a**b * log(a) towards b.

    Two edge cases are settled by hand: the slope of x**0 is 0 everywhere (the power rule
    would say 0 * 0**-1 = nan at 0), and the slope towards the exponent is 0 where a**b is 0.
    """
    out = a**b

    def slopes() -> tuple[Value, Value]:
        towards_base = np.where(b == 0, 0.0, b * a ** (b - 1.0))
        towards_exponent = np.where(out == 0, 0.0, out * np.log(a))
        return towards_base, towards_exponent

    return out, slopes


def negate(a: Value) -> tuple[Value, Slopes]:
    """-a: the slope is -1."""
    return -a, lambda: (-1.0,)


def sin(a: Value) -> tuple[Value, Slopes]:
    """sin(a): its slope is cos(a)."""
    return np.sin(a), lambda: (np.cos(a),)


def cos(a: Value) -> tuple[Value, Slopes]:
    """cos(a): its slope is -sin(a)."""
    return np.cos(a), lambda: (-np.sin(a),)


def tan(a: Value) -> tuple[Value, Slopes]:
    """tan(a): its slope is 1 / cos(a)**2."""
    return np.tan(a), lambda: (1.0 / np.cos(a) ** 2,)


def exp(a: Value) -> tuple[Value, Slopes]:
    """exp(a): the function that is its own slope."""
    out = np.exp(a)
    return out, lambda: (out,)


def log(a: Value) -> tuple[Value, Slopes]:
    """log(a), the natural logarithm: slope 1/a (so +inf at 0; the value is nan below 0)."""
    return np.log(a), lambda: (1.0 / a,)


def sqrt(a: Value) -> tuple[Value, Slopes]:
    """sqrt(a): slope 1 / (2 sqrt(a)), which is +inf at 0 where the curve stands vertical."""
    out = np.sqrt(a)
    return out, lambda: (0.5 / out,)


def absolute(a: Value) -> tuple[Value, Slopes]:
    """abs(a): slope -1 left of 0 and +1 right of it; at the corner itself we choose 0."""
    return np.abs(a), lambda: (np.sign(a),)


def tanh(a: Value) -> tuple[Value, Slopes]:
    """tanh(a): slope 1 - tanh(a)**2, largest (1) at 0 and fading to 0 far out."""
    out = np.tanh(a)

    def slope():
        # 1 - tanh**2 is 1 - (nearly 1) far out: every digit cancels (tanh'(20) came out 0).
        # The same slope as 1/cosh(a)**2 = 4 t / (1 + t)**2 with t = exp(-2|a|) <= 1, which
        # never overflows; 4 t is exp(ln 4 - 2|a|), so it stays a normal float as long as the
        # slope does (t alone would go subnormal first and lose digits).
        ln4 = 1.3862943611198906
        twice = 2.0 * np.abs(a)
        t = np.exp(-twice)
        return (np.exp(ln4 - twice) / ((1.0 + t) * (1.0 + t)),)

    return out, slope


def sigmoid(a: Value) -> tuple[Value, Slopes]:
    """sigmoid(a) = 1 / (1 + exp(-a)): slope s * (1 - s), at most 1/4 (at 0)."""
    # With e = exp(-|a|) <= 1 (never overflows): s = 1/(1+e) for a >= 0, e/(1+e) below 0,
    # and the slope s (1 - s) = e / (1 + e)**2 keeps its digits far out, where 1 - s would
    # cancel to 0 (sigmoid'(40) came out 0; it is 4.25e-18).
    e = np.exp(-np.abs(a))
    out = np.where(np.asarray(a) >= 0, 1.0, e) / (1.0 + e)
    out = out[()]  # a number stays a number; an array stays an array
    return out, lambda: (e / ((1.0 + e) * (1.0 + e)),)


def relu(a: Value) -> tuple[Value, Slopes]:
    """relu(a) = max(a, 0): slope 1 where a > 0, else 0 (including at the corner, a = 0)."""
    return np.maximum(a, 0.0), lambda: (np.where(a > 0, 1.0, 0.0),)


def mean(a: Value) -> tuple[Value, Slopes]:
    """The average of a batch of n values: each of them moves it by 1/n per unit.

    Not a function typed text can call: the training engine puts it on top of a model to make
    its loss, the mean squared error over a batch.
    """
    n = max(np.size(a), 1)
    return np.sum(a) / n, lambda: (1.0 / n,)  # the same slope for every value in the batch


# The functions typed text may call (one argument each): the one table of their names.
FUNCTIONS: dict[str, Callable[[Value], tuple[Value, Slopes]]] = {
    "sin": sin, "cos": cos, "tan": tan, "exp": exp, "log": log, "sqrt": sqrt, "abs": absolute,
    "tanh": tanh, "sigmoid": sigmoid, "relu": relu,
}  # fmt: skip

# Every operation a node can hold, by the name the node carries in `op`.
OPERATIONS: dict[str, Callable[..., tuple[Value, Slopes]]] = {
    "+": add, "-": subtract, "*": multiply, "/": divide, "**": power, "neg": negate,
    **FUNCTIONS, "mean": mean,
}  # fmt: skip


# --- The graph -----------------------------------------------------------------------------


class Node:
    """One box in the expression graph: what it computes and which nodes it reads from.

    ``op`` is ``"variable"``, ``"constant"`` or a key of `OPERATIONS`. A variable node is shared
    by every use of that variable, which is what makes a variable used twice collect two shares
    of gradient. Nodes hold no values: the same graph is evaluated at many points.
    """

    __slots__ = ("op", "children", "name", "constant", "column")

    def __init__(
        self,
        op: str,
        children: tuple[Node, ...] = (),
        *,
        name: str | None = None,
        constant: float | None = None,
        column: int = 1,
    ) -> None:
        self.op = op
        self.children = children
        self.name = name  # the variable's or named constant's name
        self.constant = None if constant is None else np.float64(constant)
        self.column = column  # where it starts in the typed text (1-based), for messages


def forward_order(root: Node) -> tuple[Node, ...]:
    """Every node of the graph once, each after all the nodes it reads from (a topological sort).

    The forward pass walks this order; the backward pass walks it in reverse, so a node's
    gradient is complete (all its uses have reported) before it passes anything further down.
    """
    order: list[Node] = []
    seen: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:  # an explicit stack rather than recursion: deep graphs stay safe
        node, children_done = stack.pop()
        if children_done:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        for child in reversed(node.children):
            if id(child) not in seen:
                stack.append((child, False))
    return tuple(order)


def leads_to_variable(order: tuple[Node, ...]) -> frozenset[Node]:
    """The nodes whose value depends on some variable -- the only ones worth a gradient."""
    found: set[Node] = set()
    for node in order:  # children come first, so their answers are ready
        if node.op == "variable" or any(child in found for child in node.children):
            found.add(node)
    return frozenset(found)


# --- The two passes ------------------------------------------------------------------------


@dataclass
class ForwardPass:
    """The values of every node at one point, plus each operation's local slopes (on demand)."""

    order: tuple[Node, ...]
    values: dict[Node, Value]
    slopes: dict[Node, Slopes]

    @property
    def output(self) -> Value:
        """The value of the whole expression (the last node in forward order)."""
        return self.values[self.order[-1]]


def forward(order: tuple[Node, ...], inputs: Mapping[str, Value]) -> ForwardPass:
    """Compute every node's value, children first. Call it inside ``np.errstate(all="ignore")``."""
    values: dict[Node, Value] = {}
    slopes: dict[Node, Slopes] = {}
    for node in order:
        if node.op == "variable":
            values[node] = inputs[node.name]
        elif node.op == "constant":
            values[node] = node.constant
        else:
            operation = OPERATIONS[node.op]
            values[node], slopes[node] = operation(*[values[child] for child in node.children])
    return ForwardPass(order, values, slopes)


def backward(run: ForwardPass, needs_gradient: frozenset[Node] | None = None) -> dict[Node, Value]:
    """Walk the graph from the output down, handing each child upstream gradient x local slope.

    Returns every node's gradient: how much the output moves per unit nudge of that node's
    value. Children in ``needs_gradient`` (by default: every node) are the only ones worked
    out; passing just the nodes that lead to a variable skips constants, which nobody nudges.
    """
    gradients: dict[Node, Value] = dict.fromkeys(run.order, 0.0)
    gradients[run.order[-1]] = 1.0  # d output / d output
    # One output number (a loss averaged over a batch): a value that was spread over the
    # whole batch, like a weight, collects the sum of its shares from every point.
    one_output = np.ndim(run.output) == 0
    for node in reversed(run.order):
        if not node.children:
            continue
        upstream = gradients[node]
        for child, local_slope in zip(node.children, run.slopes[node](), strict=True):
            if needs_gradient is None or child in needs_gradient:
                share = upstream * local_slope
                if one_output:
                    share = sum_to_shape(share, run.values[child])
                # grad[child] += grad[node] * local_slope: a child used by several nodes
                # collects a share from each (written out so an input array is never modified).
                gradients[child] = gradients[child] + share
    return gradients


def sum_to_shape(share: Value, like: Value) -> Value:
    """`share` added up over the axes that broadcasting spread a value shaped like `like`
    across (a weight used at every point of a batch gets the sum of the points' shares)."""
    dims = getattr(like, "ndim", 0)
    if getattr(share, "ndim", 0) <= dims:
        return share
    if dims == 0:
        return share.sum()
    total = share.sum(axis=tuple(range(share.ndim - dims)))
    stretched = tuple(i for i, n in enumerate(like.shape) if n == 1 and total.shape[i] != 1)
    return total.sum(axis=stretched, keepdims=True) if stretched else total
