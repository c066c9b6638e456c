"""One example through the network as a graph of single numbers, micrograd's way, and its
backward pass read at one neuron.

Training runs the network a batch at a time, one matrix product per layer (network.py). To
show what that product does, this builds the same network for one example out of autodiff's
scalar nodes -- every weight its own variable, every neuron a sum of weight * input plus its
bias, then its activation -- and runs autodiff's own passes over it (trace.py records them).
A neuron's story is then read off those rows: the gradient arriving at its output (the sum of
the shares passed back by every neuron it feeds: the ``+=``), times its activation's local
slope, handed on to each weight (times the input it multiplies) and to each input (times the
weight), where it is added to what that input's other neurons pass it.

The loss here is the example's own log loss (no mean over a batch, no L2 term): the gradient a
step uses is the mean of these over its batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from gradtui.calculus.autodiff import Node, forward_order
from gradtui.calculus.careful import sigmoid
from gradtui.calculus.network import Shape, Weights
from gradtui.calculus.trace import Share, TraceRow, shares, trace_rows


def neuron_name(shape: Shape, layer: int, index: int) -> str:
    """The name of neuron `index` (from 0) of weight layer `layer` (from 1): h1.3 is the third
    neuron of hidden layer 1; the output neuron is "out"."""
    if layer == shape.layers:
        return "out"
    return f"h{layer}.{index + 1}"


def input_names(shape: Shape, layer: int) -> list[str]:
    """The names of what weight layer `layer` reads: the features, or the neurons below."""
    if layer == 1:
        return list(shape.features)
    return [neuron_name(shape, layer - 1, i) for i in range(shape.sizes[layer - 1])]


def weight_name(source: str, neuron: str) -> str:
    """The weight from `source` into `neuron`: w(x1→h1.3)."""
    return f"w({source}→{neuron})"


@dataclass(frozen=True)
class NeuronInput:
    """One input of the neuron and its weight, with what the backward pass hands each."""

    name: str
    value: float  # the input's value for this example
    weight_name: str
    weight: float
    weight_gradient: float  # dL/dz x the input: the weight's whole gradient (used once)
    passed: float  # dL/dz x the weight: this neuron's share for the input
    shares: tuple[Share, ...]  # every share the input collects, in the order they are added
    gradient: float  # their sum: the input's whole gradient


@dataclass(frozen=True)
class NeuronStory:
    """The backward pass through one neuron for one example, every number from the trace."""

    name: str
    activation: str  # "tanh", ..., "linear"; "" for the output (its sigmoid is in the loss)
    z: float  # weights . inputs + bias
    out: float  # activation(z); for the output neuron, p = sigmoid(z)
    bias: float
    upstream: float  # dL/d(out) (for the output neuron, dL/dz itself)
    fed: tuple[tuple[str, Share], ...]  # (what it feeds, the share passed back), as added
    local_slope: float | None  # activation'(z); None for the output neuron and for linear
    z_gradient: float  # dL/dz: upstream x local slope
    inputs: tuple[NeuronInput, ...]
    loss: float
    p: float
    label: float


class ExampleGraph:
    """The network for one example as scalar autodiff nodes, with the passes run over it."""

    def __init__(self, shape: Shape, weights: Weights, row: Sequence[float], label: float):
        self.shape = shape
        self.label = float(label)
        self.names: dict[Node, str] = {}
        self.neurons: dict[tuple[int, int], dict] = {}  # (layer, index) -> its nodes
        values: dict[str, float] = {}
        below: list[Node] = []
        for name, value in zip(shape.features, row, strict=True):
            below.append(self._variable(name))
            values[name] = float(value)
        for layer in range(1, shape.layers + 1):
            matrix, biases = weights[2 * layer - 2], weights[2 * layer - 1]
            sources = input_names(shape, layer)
            level = []
            for j in range(matrix.shape[1]):
                name = neuron_name(shape, layer, j)
                products, total = [], None
                for i, (source, node) in enumerate(zip(sources, below, strict=True)):
                    w = self._variable(weight_name(source, name))
                    values[self.names[w]] = float(matrix[i, j])
                    product = self._named(Node("*", (w, node)), f"{self.names[w]}*{source}")
                    products.append(product)
                    total = product if total is None else self._named(Node("+", (total, product)),
                                                                      f"sum in {name}")  # fmt: skip
                bias = self._variable(f"b({name})")
                values[f"b({name})"] = float(biases[j])
                z = self._named(Node("+", (total, bias)), f"z({name})")
                top = z
                last = layer == shape.layers
                if not last and shape.activation != "linear":
                    top = self._named(Node(shape.activation, (z,)), name)
                self.neurons[(layer, j)] = {
                    "products": products, "bias": bias, "z": z, "out": top, "inputs": below,
                }  # fmt: skip
                level.append(top)
            below = level
        target = Node("constant", constant=self.label)
        self.names[target] = "y"
        self.loss_node = self._named(Node("log_loss", (below[0], target)), "loss")
        self.order = forward_order(self.loss_node)
        with np.errstate(all="ignore"):
            self.rows = trace_rows(self.order, values, label=self.names.__getitem__)
        self.position = {node: i for i, node in enumerate(self.order)}
        self.by_index: dict[int, TraceRow] = {row.index: row for row in self.rows}
        self.received = shares(self.rows)

    def _variable(self, name: str) -> Node:
        return self._named(Node("variable", name=name), name)

    def _named(self, node: Node, name: str) -> Node:
        self.names[node] = name
        return node

    def row(self, node: Node) -> TraceRow:
        return self.by_index[self.position[node]]

    def gradient(self, name: str) -> float:
        """The example's loss's slope along the variable `name` (a weight, a bias, a feature)."""
        for row in self.rows:
            if row.op == "variable" and row.label == name:
                return float(row.upstream)
        raise KeyError(name)

    @property
    def loss(self) -> float:
        return float(self.row(self.loss_node).value)

    @property
    def p(self) -> float:
        """The network's p for the example: the sigmoid of the output neuron's z."""
        return float(sigmoid(self.row(self.neurons[(self.shape.layers, 0)]["z"]).value))

    def story(self, layer: int, index: int) -> NeuronStory:
        """The backward pass through neuron `index` (from 0) of weight layer `layer` (1 is
        the first hidden layer; `shape.layers` the output)."""
        nodes = self.neurons[(layer, index)]
        out_row, z_row = self.row(nodes["out"]), self.row(nodes["z"])
        fed = tuple(
            (self._owner(share.giver), share) for share in self.received.get(out_row.index, [])
        )
        local = None
        if nodes["out"] is not nodes["z"]:
            local = float(out_row.slopes[0])
        inputs = []
        for product, source in zip(nodes["products"], nodes["inputs"], strict=True):
            row = self.row(product)
            collected = self.received.get(self.position[source], [])
            inputs.append(
                NeuronInput(
                    name=self.names[source],
                    value=float(row.slopes[0]),  # the slope towards w is the input
                    weight_name=row.children[0],
                    weight=float(row.slopes[1]),  # and towards the input, the weight
                    weight_gradient=float(row.passes[0]),
                    passed=float(row.passes[1]),
                    shares=tuple(collected),
                    gradient=float(self.row(source).upstream),
                )
            )
        return NeuronStory(
            name=neuron_name(self.shape, layer, index),
            activation="" if layer == self.shape.layers else self.shape.activation,
            z=float(z_row.value),
            out=self.p if layer == self.shape.layers else float(out_row.value),
            bias=float(self.row(nodes["bias"]).value),
            upstream=float(out_row.upstream),
            fed=fed,
            local_slope=local,
            z_gradient=float(z_row.upstream),
            inputs=tuple(inputs),
            loss=self.loss,
            p=self.p,
            label=self.label,
        )

    def _owner(self, index: int) -> str:
        """The neuron a node belongs to (the one whose product handed a share on), or "loss"."""
        node = self.order[index]
        for (layer, j), nodes in self.neurons.items():
            if node in nodes["products"]:
                return neuron_name(self.shape, layer, j)
        return self.names.get(node, "loss")
