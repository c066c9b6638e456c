"""A small neural network that sorts points of the plane into two classes, trained by the
project's own backward pass.

The network reads a few features of a point (plane_data.py), passes them through 0 to 3 hidden
layers of 1 to 8 neurons, and ends in one sigmoid neuron: p, the chance it gives the point of
being class 1. A layer is one matrix product, one bias and one activation:

    z = a @ W + b,   a_next = activation(z)

for a whole batch of points at once (a holds one row per point). The loss is the mean log loss
over the batch, -(y log p + (1 - y) log(1 - p)), plus l2 times the sum of every weight squared
(biases are left out of it). The graph of that loss is built once from autodiff.py's nodes --
`@`, `+`, the activation, `log_loss`, `mean` -- and the gradient of every weight is its
backward pass: nothing here works a slope out by hand.

Weights start uniform in [-0.5, 0.5] and biases at 0.1, drawn by `random.Random(2**31 + seed)`
(a stream apart from the data's, which comes from `random.Random(seed)`), layer by layer, each
matrix row by row. Training walks the training points in epochs: each epoch a fresh shuffle
from the same generator (`rng.sample` of the point indices), cut into consecutive batches of
`batch_size` (the last one smaller when they do not divide evenly); batch size 0 is the whole
set every step.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from gradtui.calculus.autodiff import (
    ForwardPass,
    Node,
    backward,
    forward,
    forward_order,
    leads_to,
)
from gradtui.calculus.numeric import central_difference, default_step
from gradtui.calculus.plane_data import Points, features

ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
MAX_LAYERS = 3
MAX_NEURONS = 8
INITIAL_SPREAD = 0.5  # weights start uniform in [-0.5, 0.5]
INITIAL_BIAS = 0.1
WEIGHT_STREAM = 2**31  # the weights' generator is random.Random(WEIGHT_STREAM + seed)
CHANCE_LOSS = math.log(2)  # the log loss of p = 0.5 everywhere: a coin toss

INPUTS, LABELS = "_inputs", "_labels"  # the graph's data: names typed text can never use

DIVERGED_MESSAGE = "diverged: the weights grew past any number, the learning rate is too large"


@dataclass(frozen=True)
class Shape:
    """What the network is: the features it reads, its hidden layers' sizes, its activation."""

    features: tuple[str, ...]
    hidden: tuple[int, ...]
    activation: str

    @property
    def sizes(self) -> tuple[int, ...]:
        """Neurons per layer, the features first and the output (1) last."""
        return (len(self.features), *self.hidden, 1)

    @property
    def layers(self) -> int:
        """Layers of weights: the hidden ones and the output."""
        return len(self.hidden) + 1

    @property
    def weight_count(self) -> int:
        sizes = self.sizes
        return sum((a + 1) * b for a, b in zip(sizes, sizes[1:], strict=False))

    def describe(self) -> str:
        """The shape in words: "2 features, hidden layers 4, 4 (tanh), 1 output"."""
        inputs = f"{len(self.features)} feature{'s' if len(self.features) != 1 else ''}"
        if not self.hidden:
            return f"{inputs} straight into the output neuron (no hidden layer)"
        sizes = ", ".join(str(n) for n in self.hidden)
        word = "layer" if len(self.hidden) == 1 else "layers"
        return f"{inputs}, hidden {word} of {sizes} ({self.activation}), 1 output"


Weights = list[np.ndarray]  # W1, b1, W2, b2, ...: W_l is (inputs x neurons), b_l (neurons,)


def weight_names(shape: Shape) -> list[str]:
    """W1, b1, W2, b2, ... one pair per layer, the output layer last."""
    return [name for layer in range(1, shape.layers + 1) for name in (f"W{layer}", f"b{layer}")]


def weights_generator(seed: int) -> random.Random:
    """The generator of a network's initial weights and then of its batches' order."""
    return random.Random(WEIGHT_STREAM + int(seed))


def initial_weights(shape: Shape, rng: random.Random) -> Weights:
    """The documented start: every weight uniform in [-0.5, 0.5] and every bias 0.1, drawn
    from `rng` (`weights_generator(seed)`) layer by layer, each matrix row by row."""
    weights: Weights = []
    sizes = shape.sizes
    for fan_in, fan_out in zip(sizes, sizes[1:], strict=False):
        draws = [rng.uniform(-INITIAL_SPREAD, INITIAL_SPREAD) for _ in range(fan_in * fan_out)]
        weights.append(np.array(draws, dtype=float).reshape(fan_in, fan_out))
        weights.append(np.full(fan_out, INITIAL_BIAS))
    return weights


# --- the graph ----------------------------------------------------------------------------------


class NetworkGraph:
    """The network and its loss as one autodiff graph, built once for a shape and an l2.

    Its variables are the weights (by `weight_names`), the batch's feature columns and its
    labels. `logit` is the output neuron's input z (one per point); the loss graph puts
    log_loss on it, the prediction graph a sigmoid.
    """

    def __init__(self, shape: Shape, l2: float = 0.0) -> None:
        self.shape, self.l2 = shape, float(l2)
        self.names = weight_names(shape)
        self.weight_nodes = [Node("variable", name=name) for name in self.names]
        inputs, labels = Node("variable", name=INPUTS), Node("variable", name=LABELS)
        activity = inputs
        for layer in range(shape.layers):
            weights, bias = self.weight_nodes[2 * layer : 2 * layer + 2]
            z = Node("+", (Node("@", (activity, weights)), bias))
            last = layer == shape.layers - 1
            activity = z if last or shape.activation == "linear" else Node(shape.activation, (z,))
        self.logit = activity
        loss = Node("mean", (Node("log_loss", (self.logit, labels)),))
        if self.l2:
            squares = [Node("sum", (Node("*", (w, w)),)) for w in self.weight_nodes[::2]]
            total = squares[0]
            for more in squares[1:]:
                total = Node("+", (total, more))
            loss = Node("+", (loss, Node("*", (Node("constant", constant=self.l2), total))))
        self.loss_order = forward_order(loss)
        self.predict_order = forward_order(Node("sigmoid", (self.logit,)))
        self.needs_gradient = leads_to(self.loss_order, set(self.weight_nodes))

    def inputs(self, weights: Weights, columns: np.ndarray, labels: np.ndarray | None) -> dict:
        values = dict(zip(self.names, weights, strict=True))
        values[INPUTS] = columns
        if labels is not None:
            values[LABELS] = labels.reshape(-1, 1)
        return values

    def forward(self, weights: Weights, columns: np.ndarray, labels: np.ndarray) -> ForwardPass:
        """The forward pass over a batch: every node's value, the loss last. Call it inside
        ``np.errstate(all="ignore")``, as autodiff's own passes."""
        return forward(self.loss_order, self.inputs(weights, columns, labels))

    def gradient(self, run: ForwardPass) -> Weights:
        """The backward pass over `run`: the slope of the loss along every weight, shaped as
        the weights are. Inside ``np.errstate(all="ignore")`` too."""
        gradients = backward(run, self.needs_gradient)
        return [_shaped(gradients[node], run.values[node]) for node in self.weight_nodes]

    def loss_and_gradient(
        self, weights: Weights, columns: np.ndarray, labels: np.ndarray
    ) -> tuple[float, Weights]:
        """The loss on a batch and its gradient: one forward and one backward pass."""
        with np.errstate(all="ignore"):
            run = self.forward(weights, columns, labels)
            return float(run.output), self.gradient(run)

    def loss(self, weights: Weights, columns: np.ndarray, labels: np.ndarray) -> float:
        """The loss alone (with the L2 term when l2 is not 0)."""
        with np.errstate(all="ignore"):
            return float(self.forward(weights, columns, labels).output)

    def probabilities(self, weights: Weights, columns: np.ndarray) -> np.ndarray:
        """p for each row of features: the output neuron's sigmoid."""
        with np.errstate(all="ignore"):
            run = forward(self.predict_order, self.inputs(weights, columns, None))
        return np.asarray(run.output, dtype=float).reshape(-1)


def _shaped(gradient, weight: np.ndarray) -> np.ndarray:
    """A weight's gradient as an array of its shape (a weight the loss does not reach at all
    has gradient 0, a plain number, until then)."""
    if isinstance(gradient, np.ndarray) and gradient.shape == weight.shape:
        return gradient
    return np.broadcast_to(gradient, weight.shape).astype(float)


def log_loss(p: np.ndarray, labels: np.ndarray) -> float:
    """The mean log loss of probabilities `p` for `labels`, from p itself (for points the
    network does not train on; p is kept off 0 and 1 so a sure miss costs about 37, not
    infinity)."""
    if labels.size == 0:
        return float("nan")
    p = np.clip(p, 1e-16, 1 - 1e-16)
    with np.errstate(all="ignore"):
        return float(-np.mean(labels * np.log(p) + (1 - labels) * np.log(1 - p)))


def accuracy(p: np.ndarray, labels: np.ndarray) -> float:
    """The share of points on the right side of p = 0.5 (class 1 from 0.5 up), 0 to 1."""
    if labels.size == 0:
        return float("nan")
    return float(np.mean((p >= 0.5) == (labels >= 0.5)))


# --- training ----------------------------------------------------------------------------------


class LossRecord:
    """(step, training loss, test loss) at the steps worth a point on the plot, at most `cap`
    rows: when full, every other row goes and from then on only every `stride`-th step is
    kept, so a long run still covers its whole length in bounded memory."""

    def __init__(self, cap: int = 1024) -> None:
        self.cap = max(int(cap), 4)
        self.clear()

    def clear(self) -> None:
        self.rows: list[tuple[int, float, float]] = []
        self.stride = 1

    def keeps(self, step: int) -> bool:
        return step % self.stride == 0

    def add(self, step: int, train: float, test: float) -> None:
        if not self.keeps(step) or (self.rows and self.rows[-1][0] == step):
            return
        self.rows.append((step, train, test))
        if len(self.rows) >= self.cap:
            self.stride *= 2
            self.rows = [row for row in self.rows if row[0] % self.stride == 0]

    def columns(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(steps, training losses, test losses) as arrays."""
        table = np.array(self.rows, dtype=float).reshape(-1, 3)
        return table[:, 0], table[:, 1], table[:, 2]


class NetworkTrainer:
    """Mini-batch gradient descent on the network: one step = one batch's loss, its gradient
    by the backward pass, and every weight stepped against it by the learning rate."""

    def __init__(
        self,
        shape: Shape,
        train: Points,
        test: Points,
        *,
        learning_rate: float = 0.03,
        batch_size: int = 10,
        l2: float = 0.0,
        seed: int = 0,
    ) -> None:
        self.shape = shape
        self.train, self.test = train, test
        self.graph = NetworkGraph(shape, l2)
        self.train_columns = features(shape.features, train.xy)
        self.test_columns = features(shape.features, test.xy)
        self.learning_rate = float(learning_rate)
        self.batch_size = int(batch_size)
        self.record = LossRecord()
        self.reset(seed)

    @property
    def l2(self) -> float:
        return self.graph.l2

    def reset(self, seed: int) -> None:
        """New initial weights from `seed` (and a new order of batches); step 0."""
        self.seed = int(seed)
        self.rng = weights_generator(self.seed)
        self.weights = initial_weights(self.shape, self.rng)
        self.steps = 0
        self.epochs = 0
        self.diverged = False
        self.message = ""
        self.batch_loss: float | None = None
        self.gradient: Weights | None = None
        self._order: list[int] = []
        self._cursor = 0
        self._next_batch()
        self.record.clear()
        self.note_losses()

    # --- batches ---------------------------------------------------------------------------

    @property
    def per_step(self) -> int:
        """Points in a step's batch (the whole training set for batch size 0)."""
        size = self.train.size
        return size if self.batch_size <= 0 else min(self.batch_size, size)

    def _next_batch(self) -> None:
        """The rows of the next step's batch: the next slice of this epoch's shuffle."""
        size = self.train.size
        if self._cursor >= len(self._order):
            if self._order:
                self.epochs += 1
            self._order = self.rng.sample(range(size), size)
            self._cursor = 0
        end = self._cursor + self.per_step
        self.batch = np.array(self._order[self._cursor : end], dtype=np.int64)
        self._cursor = end

    # --- one step --------------------------------------------------------------------------

    def step(self) -> bool:
        """One step of descent on the next batch; False (and nothing done) once diverged."""
        if self.diverged:
            return False
        graph, rows, rate = self.graph, self.batch, self.learning_rate
        with np.errstate(all="ignore"):  # once for the whole step: overflow is checked below
            run = graph.forward(self.weights, self.train_columns[rows], self.train.labels[rows])
            gradient = graph.gradient(run)
            weights = [w - rate * g for w, g in zip(self.weights, gradient, strict=True)]
            finite = np.isfinite(sum(float(w.sum()) for w in weights))  # nan or inf spread
        self.batch_loss, self.gradient = float(run.output), gradient
        self.steps += 1
        if not finite:
            self.diverged, self.message = True, DIVERGED_MESSAGE
            return False
        self.weights = weights
        self._next_batch()
        return True

    def run(self, n: int, note_every: int = 0) -> int:
        """Up to `n` steps (fewer once diverged); the losses are noted after the last one, and
        every `note_every` steps on the way when it is not 0. Returns the steps taken."""
        done = 0
        while done < n and self.step():
            done += 1
            if note_every and self.steps % note_every == 0:
                self.note_losses()
        self.note_losses()
        return done

    # --- how it is doing -------------------------------------------------------------------

    def note_losses(self) -> None:
        """Put the losses at the weights now on the record (for the loss plot)."""
        if not self.diverged:
            self.record.add(self.steps, self.train_loss(), self.test_loss())

    def probabilities(self, columns: np.ndarray) -> np.ndarray:
        return self.graph.probabilities(self.weights, columns)

    def train_loss(self) -> float:
        """The mean log loss on every training point (the L2 term not included)."""
        return log_loss(self.probabilities(self.train_columns), self.train.labels)

    def test_loss(self) -> float:
        """The mean log loss on the test points, which it never trains on (nan without any)."""
        return log_loss(self.probabilities(self.test_columns), self.test.labels)

    def accuracies(self) -> tuple[float, float]:
        """(training accuracy, test accuracy), each 0 to 1 (nan without test points)."""
        return (
            accuracy(self.probabilities(self.train_columns), self.train.labels),
            accuracy(self.probabilities(self.test_columns), self.test.labels),
        )

    def grid(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        """p at every point of a grid (xs and ys of one shape, say a map's cell centres)."""
        xy = np.column_stack([xs.reshape(-1), ys.reshape(-1)])
        return self.probabilities(features(self.shape.features, xy)).reshape(xs.shape)


# --- checking the backward pass ------------------------------------------------------------------


@dataclass(frozen=True)
class WeightCheck:
    """One weight's slope by the backward pass beside a central difference of the loss."""

    name: str  # W1[1,2]: the weight from input 1 to neuron 2 of layer 1 (counting from 1)
    value: float
    autodiff: float
    central: float

    @property
    def relative_difference(self) -> float:
        """|autodiff - central| / max(|autodiff|, |central|, 1e-8): 0 when they agree."""
        scale = max(abs(self.autodiff), abs(self.central), 1e-8)
        return abs(self.autodiff - self.central) / scale


def gradient_check(
    graph: NetworkGraph, weights: Weights, columns: np.ndarray, labels: np.ndarray
) -> list[WeightCheck]:
    """Every weight's slope of the loss on (columns, labels): by one backward pass, and by a
    central difference nudging that weight alone (numeric.py's step for a number of size
    max(|weight|, 1))."""
    gradient = graph.loss_and_gradient(weights, columns, labels)[1]
    checks = []
    for k, (name, array) in enumerate(zip(graph.names, weights, strict=True)):
        for index in np.ndindex(array.shape):

            def loss_at(value: float, k: int = k, index: tuple = index) -> float:
                nudged = [w.copy() for w in weights]
                nudged[k][index] = value
                return graph.loss(nudged, columns, labels)

            value = float(array[index])
            # a step on the scale of 1 at least: the loss does not shrink with a small weight
            step = default_step(max(abs(value), 1.0))
            central = float(central_difference(loss_at, value, step))
            place = ",".join(str(i + 1) for i in index)
            autodiff = float(gradient[k][index])
            checks.append(WeightCheck(f"{name}[{place}]", value, autodiff, central))
    return checks


def largest_difference(checks: Sequence[WeightCheck]) -> float:
    """The largest relative difference between the two ways (0 for no weights)."""
    return max((check.relative_difference for check in checks), default=0.0)
