"""Tiny trainable models and their loss.

A model is an expression in `x` and its weights -- `w*x + b`, `a*x^2 + w*x + b`,
`sigmoid(w*x + b)` -- whose weights are its variables other than x, in the order they first
appear (`line` and `quadratic` name the first two). Its loss is the mean squared error over a
batch, built as one autodiff graph on top of the model: mean((model - y)**2). The training
loop's second line, `grad = gradient(loss, weights)`, is literally that graph's backward pass
(autodiff.py): no slope here is derived by hand. The data a model is fitted to is made in
data.py; the loop that fits it runs in training_loop.py.
"""

from __future__ import annotations

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
from gradtui.calculus.expr import CONSTANTS, ExprError, Expression, parse

# Models a lesson may name instead of writing them out.
MODEL_ALIASES: dict[str, str] = {"line": "w*x + b", "quadratic": "a*x^2 + w*x + b"}
MAX_WEIGHTS = 6

TARGET = "_target"  # the data's y in the loss graph: a name typed text can never use


@dataclass(frozen=True)
class Model:
    """A model: its text as written, the parsed expression, and its weights in order."""

    text: str
    expression: Expression
    weights: tuple[str, ...]

    @property
    def name(self) -> str:
        """How a sentence names it: "line", "quadratic", or the expression itself."""
        return self.text if self.text in MODEL_ALIASES else f"model y = {self.expression.text}"

    def predict(self, weights: Sequence[float], xs: np.ndarray) -> np.ndarray:
        """The model's y for each x, at the given weights."""
        values = dict(zip(self.weights, (float(w) for w in weights), strict=True))
        xs = np.asarray(xs, dtype=float)
        with np.errstate(all="ignore"):
            return np.broadcast_to(self.expression.evaluate(x=xs, **values), xs.shape).copy()


def not_weights(model: Model, names: Sequence[str]) -> str | None:
    """What to tell an author whose table names something other than the model's weights
    (None when every name is one of them). `e` and `pi` in a model are numbers, not weights."""
    strangers = [name for name in names if name not in model.weights]
    if not strangers:
        return None
    verb = "is not a weight" if len(strangers) == 1 else "are not weights"
    message = (
        f"{', '.join(strangers)} {verb} of the model {model.expression.text} "
        f"(its weights: {', '.join(model.weights)})"
    )
    numbers = [name for name in strangers if name in CONSTANTS]
    if numbers:
        message += (
            f"; {numbers[0]} in an expression is the number {CONSTANTS[numbers[0]]:.6g}, "
            "so give that weight another name"
        )
    return message


def read_model(text: str, *, fewest: int = 1, most: int = MAX_WEIGHTS) -> Model:
    """The model `text` names: an alias (line, quadratic) or an expression in x and weights.

    Raises ExprError, pointing into the text, when it does not parse or has fewer than `fewest`
    or more than `most` weights.
    """
    written = MODEL_ALIASES.get(text.strip(), text)
    if written.strip().isidentifier() and written.strip() != "x" and written is text:
        raise ExprError(
            f"unknown model {text.strip()!r}: write it as an expression in x and its weights "
            f"(such as a*x^3 + b*x + c), or name one of {', '.join(MODEL_ALIASES)}",
            text,
            1,
        )
    expression = parse(written)
    if written is not text:
        text = text.strip()
    weights = tuple(sorted((n for n in expression.variables if n != "x"), key=expression.column_of))
    if len(weights) < fewest:
        needs = "a weight" if fewest == 1 else f"at least {fewest} weights"
        raise ExprError(
            f"a model needs {needs} to learn (a name other than x, such as w in w*x)", text, 1
        )
    if len(weights) > most:
        extra = weights[most]
        raise ExprError(
            f"a model may have at most {most} weights; this one has {len(weights)} "
            f"({', '.join(weights)})",
            text,
            expression.column_of(extra) if written is text else 1,
        )
    return Model(text, expression, weights)


class Loss:
    """The mean squared error of a model over a batch, as one autodiff graph:

        mean((model - y) ** 2)

    `forward` computes it (the loop's first line); `gradient` walks the same graph backwards
    (the second line) and returns d loss / d weight for every weight, in the model's order.
    """

    def __init__(self, model: Model) -> None:
        self.model = model
        target = Node("variable", name=TARGET)
        residual = Node("-", (model.expression.root, target))
        squared = Node("**", (residual, Node("constant", constant=2.0)))
        self.order = forward_order(Node("mean", (squared,)))
        nodes = {node.name: node for node in self.order if node.op == "variable"}
        self._weights = [nodes[name] for name in model.weights]
        self._needs_gradient = leads_to(self.order, set(self._weights))

    def inputs(self, weights: Sequence[float], xs: np.ndarray, ys: np.ndarray) -> dict:
        """The graph's variables: each weight (one number), and the batch's x and y."""
        values = dict(zip(self.model.weights, np.asarray(weights, dtype=float), strict=True))
        values["x"], values[TARGET] = xs, ys
        return values

    def forward(self, weights: Sequence[float], xs: np.ndarray, ys: np.ndarray) -> ForwardPass:
        """The forward pass: every node's value, the loss last."""
        with np.errstate(all="ignore"):
            return forward(self.order, self.inputs(weights, xs, ys))

    def gradient(self, run: ForwardPass) -> np.ndarray:
        """The backward pass over `run`: the slope of the loss along each weight."""
        with np.errstate(all="ignore"):
            gradients = backward(run, self._needs_gradient)
        return np.array([gradients[node] for node in self._weights], dtype=float)

    def value(self, weights: Sequence[float], xs: np.ndarray, ys: np.ndarray) -> float:
        """The loss alone."""
        return float(self.forward(weights, xs, ys).output)

    def value_and_gradient(
        self, weights: Sequence[float], xs: np.ndarray, ys: np.ndarray
    ) -> tuple[float, np.ndarray]:
        """The loss and its gradient, from one forward and one backward pass."""
        run = self.forward(weights, xs, ys)
        return float(run.output), self.gradient(run)
