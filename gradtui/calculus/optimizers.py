"""The training loop's third line and its refinements: how the weights move once the gradient
is known.

Plain gradient descent steps straight against the gradient. Momentum (the "heavy ball", as
PyTorch's ``SGD(momentum=β)``) keeps a velocity, a running sum of past gradients that fades by
β each step, and steps along it: on a long narrow valley the side-to-side pushes cancel and the
push along the floor adds up. Adam (as PyTorch's ``Adam``) keeps running averages of the
gradient (m) and of its square (v), corrects their start-up bias, and steps each weight by
m̂ / (√v̂ + ε): a step of about lr for every weight, whatever the size of its slope.

Each rule is a small pure function of the weights, the gradient and what it remembers (its
`Memory`); an `Optimizer` holds the settings and picks the rule. The training loop
(training_loop.py) and the walk on a landscape (descent.py) both step through `Optimizer.step`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

SGD, MOMENTUM, ADAM = "sgd", "momentum", "adam"
OPTIMIZERS = (SGD, MOMENTUM, ADAM)

MOST_BETA = 0.999  # momentum and beta1 stop short of 1: at 1 nothing would ever fade


@dataclass(frozen=True)
class Memory:
    """What an optimizer carries from one step to the next: momentum's velocity, Adam's two
    running averages m and v, and how many steps it has taken (t, for Adam's correction)."""

    velocity: np.ndarray
    m: np.ndarray
    v: np.ndarray
    t: int = 0

    @classmethod
    def empty(cls, size: int) -> Memory:
        """Nothing remembered yet: every velocity and average starts at 0."""
        zeros = np.zeros(size)
        return cls(zeros, zeros, zeros, 0)


def sgd(weights: np.ndarray, gradient: np.ndarray, learning_rate: float) -> np.ndarray:
    """Plain gradient descent: ``weights -= lr * grad``."""
    return weights - learning_rate * gradient


def heavy_ball(
    weights: np.ndarray,
    gradient: np.ndarray,
    velocity: np.ndarray,
    learning_rate: float,
    momentum: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Momentum: ``velocity = β * velocity + grad``, then ``weights -= lr * velocity``.
    Returns (weights, velocity)."""
    velocity = momentum * velocity + gradient
    return weights - learning_rate * velocity, velocity


def adam(
    weights: np.ndarray,
    gradient: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    learning_rate: float,
    beta1: float,
    beta2: float,
    epsilon: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Adam's step number `t` (counting from 1): ``m = β1·m + (1 − β1)·grad``,
    ``v = β2·v + (1 − β2)·grad²``, each divided by (1 − β^t) to undo their start at 0 (m̂, v̂),
    then ``weights -= lr * m̂ / (√v̂ + ε)``. Returns (weights, m, v)."""
    m = beta1 * m + (1 - beta1) * gradient
    v = beta2 * v + (1 - beta2) * gradient * gradient
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return weights - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


@dataclass(frozen=True)
class Optimizer:
    """The update rule (`name`: sgd, momentum or adam) and its settings. The learning rate is
    taken as it is (a walk given nan finds out for itself, descent.py); the rule's own
    settings are checked."""

    name: str = SGD
    learning_rate: float = 0.05
    momentum: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999
    epsilon: float = 1e-8

    def __post_init__(self) -> None:
        if self.name not in OPTIMIZERS:
            raise ValueError(f"the optimizer is one of {', '.join(OPTIMIZERS)}, not {self.name!r}")
        for what, value, top in (("momentum", self.momentum, MOST_BETA),
                                 ("beta1", self.beta1, MOST_BETA),
                                 ("beta2", self.beta2, 1 - 1e-12)):  # fmt: skip
            if not (math.isfinite(value) and 0 <= value <= top):
                raise ValueError(f"{what} must be from 0 to {top:g}, not {value:g}")
        if not (math.isfinite(self.epsilon) and self.epsilon > 0):
            raise ValueError("epsilon must be a positive number")

    def but(self, **changes) -> Optimizer:
        """The same optimizer with some settings changed (checked again)."""
        return replace(self, **changes)

    @property
    def beta(self) -> float | None:
        """The fading factor a learner turns: momentum's β, Adam's β1; None for plain descent."""
        return {MOMENTUM: self.momentum, ADAM: self.beta1}.get(self.name)

    def with_beta(self, beta: float) -> Optimizer:
        """The same optimizer with its fading factor (see `beta`) set to `beta`."""
        if self.name == MOMENTUM:
            return self.but(momentum=beta)
        if self.name == ADAM:
            return self.but(beta1=beta)
        raise ValueError("plain gradient descent has no β to set")

    def step(
        self, weights: np.ndarray, gradient: np.ndarray, memory: Memory
    ) -> tuple[np.ndarray, Memory]:
        """One update of the weights by this rule: (new weights, what it now remembers).
        Weights that run away come back as inf or nan for the caller to catch; a caller that
        steps many times silences numpy's floating-point warnings around its loop
        (`np.errstate`), once, rather than each step paying for it."""
        weights = np.asarray(weights, dtype=float)
        gradient = np.asarray(gradient, dtype=float)
        if self.name == MOMENTUM:
            moved, velocity = heavy_ball(
                weights, gradient, memory.velocity, self.learning_rate, self.momentum
            )
            return moved, Memory(velocity, memory.m, memory.v, memory.t + 1)
        if self.name == ADAM:
            t = memory.t + 1
            moved, m, v = adam(weights, gradient, memory.m, memory.v, t, self.learning_rate,
                               self.beta1, self.beta2, self.epsilon)  # fmt: skip
            return moved, Memory(memory.velocity, m, v, t)
        return sgd(weights, gradient, self.learning_rate), Memory(
            memory.velocity, memory.m, memory.v, memory.t + 1
        )

    def describe(self) -> str:
        """The rule and its settings in a few words: "momentum β 0.9, lr 0.02"."""
        return f"{self.settings_words()}, lr {self.learning_rate:g}"

    def settings_words(self) -> str:
        """The rule and its own settings, without the rate: "sgd", "momentum β 0.9",
        "adam β1 0.9" (β2 and ε named only when they are not PyTorch's 0.999 and 1e-8)."""
        if self.name == MOMENTUM:
            return f"momentum β {self.momentum:g}"
        if self.name == ADAM:
            words = f"adam β1 {self.beta1:g}"
            words += f" β2 {self.beta2:g}" if self.beta2 != 0.999 else ""
            return words + (f" ε {self.epsilon:g}" if self.epsilon != 1e-8 else "")
        return SGD


# How the loop's update line reads for each rule: the lines that replace "weights -= lr * grad"
# (the first lines say what the rule remembers, the last one moves the weights).
UPDATE_LINES = {
    SGD: ("weights -= lr * grad",),
    MOMENTUM: ("velocity = β * velocity + grad", "weights -= lr * velocity"),
    ADAM: ("m, v = β-averages of grad, grad²", "weights -= lr * m̂ / (√(v̂) + ε)"),
}
