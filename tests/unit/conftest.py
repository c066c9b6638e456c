"""Shared pieces of the unit tests, handed over as fixtures (pytest imports test modules by
path, --import-mode=importlib, so a helper reaches them this way)."""

from __future__ import annotations

import random
from types import SimpleNamespace

import numpy as np
import pytest


def _frame_fits(state, width: int, height: int) -> None:
    """A scene's frame, in Unicode and in ASCII, stays inside width x height, and the ASCII one
    is 7-bit."""
    for ascii in (False, True):
        frame = state.frame(width, height, ascii)
        assert len(frame.lines) <= height
        assert all(len(line) <= width for line in frame.lines)
        if ascii:
            assert all(line.isascii() for line in frame.lines)


@pytest.fixture
def frame_fits():
    """frame_fits(state, width, height): fails unless the state's frames fit (see above)."""
    return _frame_fits


# --- an independent implementation of descent with momentum and Adam, in plain numpy --------
# Written from the rules as PyTorch documents them (SGD(momentum=β), Adam), the mean squared
# error's gradient worked out by hand, and the mini-batch order the training loop documents.
# It imports nothing of gradtui's: the project's runs are checked against it.


def made_points(count: int = 40, seed: int = 11) -> tuple[np.ndarray, np.ndarray]:
    """Noisy points near y = 0.5x² + 2x - 1, sorted by x (as a dataset keeps them)."""
    rng = np.random.default_rng(seed)
    xs = np.sort(rng.uniform(-2, 2, count))
    ys = 0.5 * xs**2 + 2 * xs - 1 + rng.normal(0, 0.4, count)
    return xs, ys


def features(model: str, xs: np.ndarray) -> np.ndarray:
    """d prediction / d weight, one column per weight, for the two models used here."""
    if model == "line":  # w*x + b
        return np.stack([xs, np.ones_like(xs)], axis=1)
    return np.stack([xs**2, xs, np.ones_like(xs)], axis=1)  # a*x^2 + w*x + b


def mse_gradient(model: str, weights: np.ndarray, xs: np.ndarray, ys: np.ndarray):
    """The loss mean((prediction - y)²) and its gradient, by hand: 2·mean(residual·feature)."""
    columns = features(model, xs)
    residual = columns @ weights - ys
    return float(np.mean(residual**2)), 2 * (columns * residual[:, None]).mean(axis=0)


def batches(n: int, size: int, seed: int):
    """The documented order: a fresh shuffle each epoch, consecutive slices, tail skipped."""
    rng, order, cursor = random.Random(seed), None, n
    while True:
        if size == 0:
            yield np.arange(n)
            continue
        if cursor + size > n:
            order, cursor = rng.sample(range(n), n), 0
        yield np.array(order[cursor : cursor + size])
        cursor += size


def by_hand(gradient_at, start, steps, rule, lr, beta=0.9, beta1=0.9, beta2=0.999, eps=1e-8):
    """`steps` steps of `rule` from `start`, `gradient_at(weights)` the slope where it stands
    (a new batch at each call, for a mini-batch run); the point it ends at."""
    weights = np.array(start, dtype=float)
    velocity = m = v = np.zeros_like(weights)
    for t in range(1, steps + 1):
        grad = gradient_at(weights)
        if rule == "sgd":
            weights = weights - lr * grad
        elif rule == "momentum":
            velocity = beta * velocity + grad
            weights = weights - lr * velocity
        else:
            m = beta1 * m + (1 - beta1) * grad
            v = beta2 * v + (1 - beta2) * grad**2
            m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
            weights = weights - lr * m_hat / (np.sqrt(v_hat) + eps)
    return weights


def reference(model, xs, ys, start, steps, rule, lr, batch=0, seed=0, **settings):
    """The weights a model's training ends at after `steps` steps (batches in the documented
    order), and the loss they make on all the points."""
    draw = batches(xs.size, batch, seed)

    def gradient_at(weights):
        chosen = next(draw)
        return mse_gradient(model, weights, xs[chosen], ys[chosen])[1]

    weights = by_hand(gradient_at, start, steps, rule, lr, **settings)
    return weights, mse_gradient(model, weights, xs, ys)[0]


@pytest.fixture
def numpy_descent():
    """The reference: `run(model, xs, ys, start, steps, rule, lr, batch, seed, beta=..., beta1=...,
    beta2=..., eps=...)` -> (weights, loss on all the points); `by_hand(gradient_at, start,
    steps, rule, lr, ...)` the same rules on any slope; `points()` the data `run` is tried on."""
    return SimpleNamespace(run=reference, by_hand=by_hand, points=made_points)
