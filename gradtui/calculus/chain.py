"""The chain rule as numbers: when change passes through a chain, the slopes multiply.

Four small pieces, each for one scene of lesson 3 (the scenes only draw them):

- gears: how far each gear of a train turns when the first one turns (`gear_turns`), and the
  train's overall ratio, the product of the local ones (`overall_ratio`);
- a chain of functions of x applied in order (`read_chain`): each link's input, output and
  local slope at its own input, by the project's autodiff, their product, and the slope of the
  whole composition measured by a secant (`composition`, `secant_slope_of_chain`);
- a long chain of n links of slope s: s**n, with its size kept as a base-10 exponent so that it
  can be said even where a float underflows to 0 or overflows to infinity (`chain_power`);
- a stack of sigmoid layers built as an autodiff graph and walked backwards by
  gradtui.calculus.autodiff (`sigmoid_stack`): the gradient reaching each layer.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from gradtui.calculus import autodiff
from gradtui.calculus.autodiff import Node
from gradtui.calculus.points import examine_point

# --- Gears ----------------------------------------------------------------------------------


def gear_turns(ratios: Sequence[float], first_turns: float) -> list[float]:
    """How many turns each gear has made when the first has made `first_turns`.

    ``ratios[i]`` is how many turns gear i+1 makes per turn of gear i (its local rate of
    change), so gear k turns ``first_turns * ratios[0] * ... * ratios[k-1]`` times.
    """
    turns = [float(first_turns)]
    for ratio in ratios:
        turns.append(turns[-1] * float(ratio))
    return turns


def overall_ratio(ratios: Sequence[float]) -> float:
    """Turns of the last gear per turn of the first: the local ratios multiplied."""
    return math.prod(float(r) for r in ratios)


# --- A chain of functions -------------------------------------------------------------------


@dataclass(frozen=True)
class LinkReading:
    """One link of a chain at the point: what goes in, what comes out, how steep it is there."""

    text: str  # the link as written, e.g. "sin(x)"
    input: float
    output: float
    slope: float  # the link's own slope at its own input, by autodiff (nan where undefined)
    corner: tuple[float, float] | None = None  # (left, right) slopes where the link has a kink

    @property
    def defined(self) -> bool:
        """True when the link has a finite value and slope at its input."""
        return all(math.isfinite(v) for v in (self.input, self.output, self.slope))


def _link_at(link, value):
    """A link's value at `value` (a number or an array), shaped like `value`."""
    with np.errstate(all="ignore"):
        out = np.asarray(link.evaluate(x=value), dtype=float)
    return np.broadcast_to(out, np.shape(value)).astype(float) if np.shape(value) else float(out)


def read_chain(links: Sequence, x: float) -> list[LinkReading]:
    """Each link's input, output and local slope, feeding x through the links in order.

    `links` are parsed expressions in x (gradtui.calculus.expr.Expression); link k's input is
    link k-1's output. A link undefined at its input passes nan on, and so do all after it.
    A link with a corner at its input (abs at 0) has no single slope there: its slope is nan,
    and `corner` holds the slopes on either side (autodiff alone would pick one: 0 for abs).
    """
    readings = []
    value = float(x)
    for link in links:
        out = _link_at(link, value)
        slope = float(link.derivative("x")(value)) if math.isfinite(value) else math.nan
        corner = None
        if not math.isfinite(out):
            slope = math.nan  # no point on the curve here, so no slope either
        elif math.isfinite(slope):
            point = examine_point(lambda v, link=link: float(_link_at(link, v)), value)
            if point.kind == "corner":
                slope, corner = math.nan, (point.left, point.right)
        readings.append(LinkReading(link.text, value, out, slope, corner))
        value = out
    return readings


def slope_product(readings: Sequence[LinkReading]) -> float:
    """The chain rule's answer: the local slopes multiplied (nan when one is undefined)."""
    with np.errstate(all="ignore"):
        return float(np.prod([r.slope for r in readings])) if readings else 1.0


def composition(links: Sequence) -> Callable:
    """The whole chain as one function of x (numbers or arrays): the links applied in order.

    Worked out by plain evaluation, one link after another, with no derivatives: the
    independent thing a secant measures.
    """

    def whole(x):
        value = np.asarray(x, dtype=float) if np.shape(x) else float(x)
        for link in links:
            value = _link_at(link, value)
        return value

    return whole


def secant_slope_of_chain(whole: Callable, x: float, h: float) -> float:
    """The slope of the secant through (x - h, f(x - h)) and (x + h, f(x + h)) of the whole
    chain: a centred secant, whose error shrinks like h**2 as h shrinks."""
    with np.errstate(all="ignore"):
        rise = float(whole(x + h)) - float(whole(x - h))
        return rise / (2 * h) if h != 0 else math.nan


# --- A long chain of equal slopes -----------------------------------------------------------


@dataclass(frozen=True)
class ChainPower:
    """s**n, the product of n equal slopes s, as a float and as a power of ten.

    `value` is what a float holds (0 once it underflows, infinity once it overflows);
    `log10` is n * log10|s| and never overflows, so the size can be said either way.
    """

    slope: float
    links: int
    value: float
    log10: float  # log10 |s**n|; -inf when s = 0

    @property
    def underflows(self) -> bool:
        """True when the true s**n is not 0 but a float rounds it to 0."""
        return self.value == 0 and self.slope != 0

    @property
    def overflows(self) -> bool:
        """True when s**n is finite but too large for a float."""
        return math.isinf(self.value)

    @property
    def trend(self) -> str:
        """ "vanishes", "explodes" or "stays" (|s| = 1), as n grows."""
        size = abs(self.slope)
        if size < 1:
            return "vanishes"
        if size > 1:
            return "explodes"
        return "stays"


def chain_power(slope: float, links: int) -> ChainPower:
    """s**n for `links` links of slope `slope`."""
    s, n = float(slope), int(links)
    with np.errstate(all="ignore"):
        value = float(np.float64(s) ** n)
    size = math.log10(abs(s)) * n if s != 0 else (0.0 if n == 0 else -math.inf)
    return ChainPower(s, n, value, size)


def power_exponents(slope: float, links: int) -> np.ndarray:
    """log10|s**k| for k = 0 .. links: what a log-scale plot of s**k against k draws."""
    k = np.arange(int(links) + 1, dtype=float)
    if slope == 0:
        return np.where(k == 0, 0.0, -np.inf)
    return k * math.log10(abs(float(slope)))


# --- A stack of sigmoid layers --------------------------------------------------------------

SIGMOID_MAX_SLOPE = 0.25  # sigmoid's slope s(1 - s) is largest at 0, where s = 1/2


@dataclass(frozen=True)
class Layer:
    """One sigmoid layer a = sigmoid(w * input), read at the stack's input."""

    number: int  # 1 is the first layer (next to the input), the last is the output
    pre: float  # z = w * input: what the sigmoid is applied to
    output: float  # a = sigmoid(z)
    slope: float  # sigmoid's slope at z, s(1 - s): at most 1/4
    gradient: float  # d(output of the stack) / d(this layer's weight), by autodiff
    reaching: float  # d(output of the stack) / d(z): the gradient arriving at this layer


@dataclass(frozen=True)
class StackGraph:
    """The graph of sigmoid(w_n * ... sigmoid(w_2 * sigmoid(w_1 * x))), with its nodes by
    layer, first layer first: each weight (w1, w2, ...), each z = w * input, each sigmoid."""

    weights: tuple[Node, ...]
    pres: tuple[Node, ...]
    outputs: tuple[Node, ...]

    @property
    def root(self) -> Node:
        return self.outputs[-1]


def stack_graph(layers: int) -> StackGraph:
    """A stack of `layers` (at least 1) sigmoid layers as autodiff nodes."""
    value = Node("variable", name="x")
    weights, pres, outputs = [], [], []
    for k in range(1, max(int(layers), 1) + 1):
        weight = Node("variable", name=f"w{k}")
        pre = Node("*", (weight, value))
        value = Node("sigmoid", (pre,))
        weights.append(weight)
        pres.append(pre)
        outputs.append(value)
    return StackGraph(tuple(weights), tuple(pres), tuple(outputs))


def sigmoid_stack(layers: int, weight: float, x: float) -> list[Layer]:
    """Every layer of a stack of `layers` sigmoid layers, each with weight `weight`, fed `x`:
    the forward pass gives each layer's values, one backward pass every layer's gradient."""
    graph = stack_graph(layers)
    order = autodiff.forward_order(graph.root)
    inputs = {"x": np.float64(x), **{w.name: np.float64(weight) for w in graph.weights}}
    rows = []
    with np.errstate(all="ignore"):
        run = autodiff.forward(order, inputs)
        gradients = autodiff.backward(run)
        layers_ = zip(graph.weights, graph.pres, graph.outputs, strict=True)
        for k, (w, pre, out) in enumerate(layers_, start=1):
            (slope,) = run.slopes[out]()  # the sigmoid node's local slope towards its z
            rows.append(
                Layer(
                    k,
                    float(run.values[pre]),
                    float(run.values[out]),
                    float(slope),
                    float(gradients[w]),
                    float(gradients[pre]),
                )  # fmt: skip
            )
    return rows
