"""The points a model is fitted to: made from a true curve plus noise, or given as they are.

`make_dataset` makes them (a seeded generator: the same seed, the same points, so a lesson can
talk about them); `dataset_of` takes [x, y] pairs as given; `lesson_data` reads which of the
two a scene's parameters ask for.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from gradtui.calculus.expr import Expression, parse
from gradtui.calculus.models import Model, read_model


@dataclass(frozen=True)
class Dataset:
    """Points (x, y) to fit, and what they were made from: the model at its true weights, or a
    true curve the model can only approximate (or neither, for points given as they are)."""

    model: Model
    xs: np.ndarray
    ys: np.ndarray
    true_weights: np.ndarray | None
    curve: Expression | None = None

    @property
    def size(self) -> int:
        return int(self.xs.size)

    def truth(self, xs: np.ndarray) -> np.ndarray | None:
        """The noiseless curve the points were made from, at `xs` (None when unknown)."""
        xs = np.asarray(xs, dtype=float)
        if self.curve is not None:
            with np.errstate(all="ignore"):
                return np.broadcast_to(self.curve.evaluate(x=xs), xs.shape).astype(float)
        if self.true_weights is not None:
            return self.model.predict(self.true_weights, xs)
        return None

    def joined(self, other: Dataset) -> Dataset:
        """These points and `other`'s, as one dataset sorted by x (what they were made from
        is kept only when both agree on it)."""
        xs = np.concatenate([self.xs, other.xs])
        ys = np.concatenate([self.ys, other.ys])
        order = np.argsort(xs, kind="stable")
        same = self.curve is other.curve and _same_weights(self.true_weights, other.true_weights)
        weights, curve = (self.true_weights, self.curve) if same else (None, None)
        return Dataset(self.model, xs[order], ys[order], weights, curve)


def _same_weights(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and np.array_equal(a, b))


def true_weights(
    model: Model, truth: Mapping[str, float] | None = None, **named: float
) -> np.ndarray:
    """The weights the data is made from: `truth` by name, else true_<name> (true_w=2 for w),
    else 0."""
    truth = dict(truth or {})
    return np.array(
        [float(truth.get(name, named.get(f"true_{name}", 0.0))) for name in model.weights]
    )


def make_dataset(
    *,
    model: str | Model = "line",
    points: int = 40,
    noise: float = 0.5,
    truth: Mapping[str, float] | None = None,
    true_w: float = 2.0,
    true_b: float = -1.0,
    true_a: float = 0.0,
    x_range: tuple[float, float] = (-2.0, 2.0),
    seed: int = 4,
    curve: str | Expression | None = None,
) -> Dataset:
    """`points` x values spread at random over `x_range`, and y = the true curve + noise.

    The true curve is the model at its true weights, or `curve` (an expression in x) when
    given: then the model can only approximate it. A seeded generator makes the same data
    every time, so a lesson can talk about it. It is Python's own (`random.Random`): numpy's
    generators cost several MiB of memory to load.
    """
    if points < 1:
        raise ValueError("a dataset needs at least one point")
    model = read_model(model) if isinstance(model, str) else model
    rng = random.Random(seed)
    low, high = x_range
    xs = np.sort(np.array([rng.uniform(low, high) for _ in range(points)]))
    noise_draws = np.array([rng.gauss(0.0, 1.0) for _ in range(points)])
    if curve is not None:
        expression = parse(curve, variables=("x",)) if isinstance(curve, str) else curve
        made = Dataset(model=model, xs=xs, ys=xs, true_weights=None, curve=expression)
    else:
        weights = true_weights(model, truth, true_w=true_w, true_b=true_b, true_a=true_a)
        made = Dataset(model=model, xs=xs, ys=xs, true_weights=weights)
    ys = made.truth(xs) + noise * noise_draws
    return Dataset(model, xs, ys, made.true_weights, made.curve)


def dataset_of(model: str | Model, points: Sequence[Sequence[float]]) -> Dataset:
    """A dataset of points given as [x, y] pairs (no true curve behind them)."""
    model = read_model(model) if isinstance(model, str) else model
    table = np.array([(float(p[0]), float(p[1])) for p in points], dtype=float).reshape(-1, 2)
    order = np.argsort(table[:, 0], kind="stable")
    return Dataset(model=model, xs=table[order, 0], ys=table[order, 1], true_weights=None)


def lesson_data(
    model: Model,
    params: Mapping,
    x_range: tuple[float, float],
    *,
    points: int | None = None,
    seed: int | None = None,
) -> Dataset:
    """The points a scene fits `model` to, as its parameters say: the pairs in `data` when
    it gives some, else `points` points made over `x_range` from `seed` -- y from `true_curve`
    when given, else from the model at the weights `truth` names (true_w, true_b, true_a, or
    make_dataset's own, for a weight it does not name) -- plus `noise`. `points` and `seed`
    override the parameters of the same name (more points made the same way, say)."""
    given = params.get("data")
    if given:
        return dataset_of(model, [point[:2] for point in given])
    named = {key: params[key] for key in ("true_w", "true_b", "true_a") if key in params}
    return make_dataset(
        model=model,
        points=params["points"] if points is None else points,
        noise=params["noise"],
        truth=params["truth"],
        x_range=x_range,
        seed=params["seed"] if seed is None else seed,
        curve=params.get("true_curve"),
        **named,
    )
