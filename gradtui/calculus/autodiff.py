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

Values may be numbers or numpy arrays; the same code works pointwise on both. Where a function
has no ordinary derivative the choice is written beside it (|x| and relu: slope 0 at 0).
One operation is not pointwise: the matrix product ``@`` that a network's layer uses (a whole
batch through a whole layer in one node, see `matmul`); its local slope is a matrix, and
upstream x slope a matrix product.
This is the core alone: the fine print of floating point is in careful.py, printing in
printing.py, the node-by-node record in trace.py, the parser of typed text in expr.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import KW_ONLY, dataclass
from typing import Any

import numpy as np

from gradtui.calculus import careful

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
    """a - b: the slope towards a is 1, towards b it is -1."""
    return a - b, lambda: (1.0, -1.0)


def multiply(a: Value, b: Value) -> tuple[Value, Slopes]:
    """a * b: nudging a moves the product by b per unit, and nudging b moves it by a."""
    return a * b, lambda: (b, a)


def divide(a: Value, b: Value) -> tuple[Value, Slopes]:
    """a / b: slope 1/b towards a; towards b it is -a/b**2, which is -(a/b)/b.

    Dividing by zero has no value (nan), never infinity: 1/0 is not a number, and an infinity
    would be swallowed by what comes after it (sigmoid(1/0) would read 1).
    """
    out = no_value_where(b == 0, a / b)
    return out, lambda: (no_value_where(b == 0, 1.0 / b), -out / b)


def power(a: Value, b: Value) -> tuple[Value, Slopes]:
    """a ** b: the power rule b * a**(b-1) towards a, and a**b * log(a) towards b.

    Settled by hand: x**0 has slope 0 everywhere (the power rule would say 0 * 0**-1 = nan
    at 0), and the slope towards the exponent is 0 where a**b is 0.
    """
    out = no_value_where((a == 0) & (b < 0), a**b)  # 0 ** -1 is 1/0: no value
    return out, lambda: (
        zero_where(b == 0, b * a ** (b - 1.0)),
        zero_where(out == 0, out * np.log(a)),
    )


def no_value_where(undefined: Value, value: Value) -> Value:
    """nan where `undefined` holds, else `value` (a plain number skips np.where)."""
    if np.ndim(undefined) == 0:
        return np.float64(np.nan) if undefined else value
    return np.where(undefined, np.nan, value)


def logarithm(a: Value) -> Value:
    """log(a) for a > 0; no value at 0 (not -infinity) or below."""
    if np.ndim(a) == 0:
        return np.float64(np.nan) if a <= 0 else np.log(a)
    return np.where(a > 0, np.log(np.where(a > 0, a, 1.0)), np.nan)


def zero_where(zero: Value, slope: Value) -> Value:
    """0 where `zero` holds, else `slope` (a plain number skips np.where, ten times slower)."""
    if np.ndim(zero) == 0:
        return 0.0 if zero else slope
    return np.where(zero, 0.0, slope)


def negate(a: Value) -> tuple[Value, Slopes]:
    """-a: the slope is -1."""
    return -a, lambda: (-1.0,)


def mean(a: Value) -> tuple[Value, Slopes]:
    """The average of a batch of n values: each of them moves it by 1/n per unit.

    Not for typed text: the training engine puts it on top of a model to make its loss.
    """
    n = max(np.size(a), 1)
    return np.sum(a) / n, lambda: (1.0 / n,)  # the same slope for every value in the batch


def total(a: Value) -> tuple[Value, Slopes]:
    """The sum of every entry: each of them moves it by 1 per unit.

    Not for typed text: a network's L2 term adds up its squared weights with it.
    """
    return np.sum(a), lambda: (1.0,)


def log_loss(z: Value, y: Value) -> tuple[Value, Slopes]:
    """The log loss of a sigmoid neuron whose input is z, for a label y (0 or 1).

    With p = sigmoid(z), the loss -(y log p + (1 - y) log(1 - p)) is the same number as
    softplus(z) - y*z, written here so that it never takes the log of 0 (softplus(z) is
    log(1 + exp(z)), kept finite far out as max(z, 0) + log(1 + exp(-|z|))). Its slope towards
    z is p - y: the miss itself. Towards y it is -z. Not for typed text: a network's loss.
    """
    softplus = np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))
    return softplus - y * z, lambda: (careful.sigmoid(z) - y, -z)


class MatrixSlope:
    """The local slope of a matrix product A @ B towards one factor: the other factor.

    Each entry of A @ B is a sum of products, row of A times column of B, so nudging one entry
    of A moves a whole row of the product, by the entries of B. Upstream gradient times this
    slope is therefore itself a matrix product, not entry by entry: towards A it is
    upstream @ B.T, towards B it is A.T @ upstream (each weight collects the shares of every
    example in the batch, and each input the shares of every neuron it feeds: the += of the
    backward pass, done by the product's sums).
    """

    __slots__ = ("factor", "towards_left")

    def __init__(self, factor: Value, towards_left: bool) -> None:
        self.factor = factor  # the other factor: B towards A, A towards B
        self.towards_left = towards_left

    def times(self, upstream: Value) -> Value:
        """Upstream gradient x this local slope: what the backward pass hands the factor."""
        if self.towards_left:
            return upstream @ self.factor.T
        return self.factor.T @ upstream

    def carry(self, tangent: Value) -> Value:
        """How the product moves when this factor moves by `tangent` (forward mode):
        tangent @ B towards A, A @ tangent towards B. A plain number moves every entry of
        the factor at once: each entry of the product then moves by the sum of a column of B
        (or of a row of A)."""
        if np.ndim(tangent) == 0:
            if self.towards_left:
                return tangent * np.sum(self.factor, axis=0)
            return tangent * np.sum(self.factor, axis=-1, keepdims=True)
        return tangent @ self.factor if self.towards_left else self.factor @ tangent


def matmul(a: Value, b: Value) -> tuple[Value, Slopes]:
    """a @ b, the matrix product: a batch of rows of inputs times a layer's weights, say.

    Its local slope towards a is b and towards b is a, as for a * b, but the products with the
    upstream gradient are matrix products (see `MatrixSlope`).
    """
    return a @ b, lambda: (MatrixSlope(b, True), MatrixSlope(a, False))


def chain(upstream: Value, local_slope: Value) -> Value:
    """Upstream gradient x local slope: entry by entry, or, for a matrix product, the matrix
    product of `MatrixSlope`. The result is never `upstream` changed in place."""
    if isinstance(local_slope, MatrixSlope):
        return local_slope.times(upstream)
    if isinstance(local_slope, float) and local_slope == 1.0:
        return upstream  # a slope of 1 (a sum) passes the gradient on as it is
    return upstream * local_slope


def one_input(value_of: Callable, slope_of: Callable) -> Callable[[Value], tuple[Value, Slopes]]:
    """A function of one input, from its value and its slope (given the input a and out)."""

    def operation(a: Value) -> tuple[Value, Slopes]:
        out = value_of(a)
        return out, lambda: (slope_of(a, out),)

    return operation


# The functions typed text may call: the one table of their names, each value beside its slope.
FUNCTIONS: dict[str, Callable[[Value], tuple[Value, Slopes]]] = {
    "sin": one_input(np.sin, lambda a, out: np.cos(a)),
    "cos": one_input(np.cos, lambda a, out: -np.sin(a)),
    "tan": one_input(np.tan, lambda a, out: 1.0 / np.cos(a) ** 2),
    "exp": one_input(np.exp, lambda a, out: out),  # its own slope
    "log": one_input(logarithm, lambda a, out: no_value_where(a <= 0, 1.0 / a)),
    "sqrt": one_input(np.sqrt, lambda a, out: 0.5 / out),  # +inf at 0: the curve stands up
    "abs": one_input(np.abs, lambda a, out: np.sign(a)),  # -1, +1; at the corner we choose 0
    # 1 - tanh**2 and s * (1 - s), written so they keep their digits far out (careful.py)
    "tanh": one_input(np.tanh, lambda a, out: careful.tanh_slope(a)),
    "sigmoid": one_input(careful.sigmoid, lambda a, out: careful.sigmoid_slope(a)),
    "relu": one_input(lambda a: np.maximum(a, 0.0), lambda a, out: np.where(a > 0, 1.0, 0.0)),
}
tanh, sigmoid = FUNCTIONS["tanh"], FUNCTIONS["sigmoid"]

# Every operation a node can hold, by the name the node carries in `op`.
OPERATIONS: dict[str, Callable[..., tuple[Value, Slopes]]] = {
    "+": add, "-": subtract, "*": multiply, "/": divide, "**": power, "neg": negate,
    **FUNCTIONS, "mean": mean, "sum": total, "@": matmul, "log_loss": log_loss,
}  # fmt: skip


# --- The graph -----------------------------------------------------------------------------


@dataclass(eq=False, slots=True)  # eq=False: a node is itself, and hashes as itself
class Node:
    """One box in the expression graph: what it computes and which nodes it reads from.

    ``op`` is ``"variable"``, ``"constant"`` or a key of `OPERATIONS`. A variable node is shared
    by every use of that variable, which is what makes a variable used twice collect two shares
    of gradient. Nodes hold no values: the same graph is evaluated at many points.
    """

    op: str
    children: tuple[Node, ...] = ()
    _: KW_ONLY
    name: str | None = None  # the variable's or named constant's name
    constant: float | None = None  # a constant's value
    column: int = 1  # where it starts in the typed text (1-based), for messages

    def __post_init__(self) -> None:
        if self.constant is not None:
            self.constant = np.float64(self.constant)


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


def leads_to(order: tuple[Node, ...], sources: set[Node]) -> frozenset[Node]:
    """The nodes whose value depends on one of `sources` (say, a model's weights: the only
    nodes worth a gradient when nothing else is nudged)."""
    found: set[Node] = set()
    for node in order:  # children come first, so their answers are ready
        if node in sources or any(child in found for child in node.children):
            found.add(node)
    return frozenset(found)


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


NOTHING_YET = 0.0  # the gradient of a node that no share has reached (yet): this very object


def backward(run: ForwardPass, needs_gradient: frozenset[Node] | None = None) -> dict[Node, Value]:
    """Walk the graph from the output down, handing each child upstream gradient x local slope.

    Returns every node's gradient: how much the output moves per unit nudge of that node's
    value. Children in ``needs_gradient`` (by default: every node) are the only ones worked
    out; passing just the nodes that lead to a variable skips constants, which nobody nudges.
    """
    gradients: dict[Node, Value] = dict.fromkeys(run.order, NOTHING_YET)
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
                share = chain(upstream, local_slope)
                if one_output and isinstance(share, np.ndarray):
                    held_shape = getattr(run.values[child], "shape", ())
                    if share.shape != held_shape:  # spread over the batch: add it back up
                        share = careful.sum_to_shape(share, run.values[child])
                # grad[child] += grad[node] * local_slope: a child used by several nodes
                # collects a share from each (written out so an input array is never modified;
                # the first share is the gradient so far as it is, with nothing to add it to).
                held = gradients[child]
                gradients[child] = share if held is NOTHING_YET else held + share
    return gradients
