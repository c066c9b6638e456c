"""Gradient descent on an expression: step against the gradient and record the walk.

The step is the optimizer's (optimizers.py): plain descent, momentum or Adam.

The walk stops by itself when it runs away (a value turns inf or nan, or grows past
`RUNAWAY`), so a learning rate that is too large shows up as a short path and a
``diverged_at`` step, never as a crash or as inf/nan in the recorded points; ``undefined``
tells a walk that stepped where the loss or its slope is not a number (sqrt(x) at x < 0)
from one that grew without bound.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from gradtui.calculus.expr import ExprError, Expression
from gradtui.calculus.optimizers import Memory, Optimizer

MAX_STEPS = 100_000
RUNAWAY = 1e12  # a coordinate or loss beyond this counts as diverged


@dataclass(frozen=True)
class DescentPath:
    """Where a descent went: one row per point visited, the start first.

    ``points[i]`` (in ``variables`` order), ``losses[i]`` and ``gradients[i]`` belong to
    step i. ``diverged_at`` is the step at which values ran away (that step is not recorded),
    or None. Points and losses are always finite; the last gradient row may be inf or nan
    when that is what stopped the walk.
    """

    variables: tuple[str, ...]
    points: np.ndarray  # (k+1, n)
    losses: np.ndarray  # (k+1,)
    gradients: np.ndarray  # (k+1, n)
    learning_rate: float
    diverged_at: int | None
    undefined: bool = False  # it stopped where the loss or its slope is not a number (nan)

    @property
    def steps(self) -> int:
        """How many steps were taken (one fewer than the points recorded)."""
        return max(len(self.points) - 1, 0)

    @property
    def diverged(self) -> bool:
        """True when the walk was stopped because it ran away."""
        return self.diverged_at is not None

    def point(self, i: int = -1) -> dict[str, float]:
        """Point i (default: the last) as {name: value}."""
        return {name: float(v) for name, v in zip(self.variables, self.points[i], strict=True)}


def memory_moves(memory: Memory) -> bool:
    """Whether what an optimizer remembers could still move a point whose gradient is 0 (a
    velocity or an average of gradients that has not died away)."""
    return bool(np.any(memory.velocity) or np.any(memory.m))


def _finite(values: list[float]) -> bool:
    return all(math.isfinite(v) and abs(v) <= RUNAWAY for v in values)


def descend(
    expr: Expression,
    start: Mapping[str, float],
    learning_rate: float,
    steps: int,
    optimizer: Optimizer | None = None,
) -> DescentPath:
    """Take up to `steps` steps of ``point -= learning_rate * gradient`` from `start` (or of
    `optimizer`'s rule, at `learning_rate`).

    `start` must give a number for every variable of `expr` (extra names are ignored);
    `steps` is capped at `MAX_STEPS`. If the start itself is not finite, nothing is recorded
    and ``diverged_at`` is 0.
    """
    names = expr.variables
    for name in names:
        if name not in start:
            expr.evaluate(**start)  # raises the ExprError naming the missing variable
    try:
        point = [float(start[name]) for name in names]
    except (TypeError, ValueError):
        raise ExprError("start values must be numbers", expr.text, 1) from None
    rate = float(learning_rate)
    rule = (optimizer or Optimizer()).but(learning_rate=rate)
    memory = Memory.empty(len(names))
    steps = min(max(int(steps), 0), MAX_STEPS)
    points: list[list[float]] = []
    losses: list[float] = []
    gradients: list[list[float]] = []
    diverged_at = None
    undefined = False
    with np.errstate(all="ignore"):
        for step in range(steps + 1):
            inputs = {name: np.float64(v) for name, v in zip(names, point, strict=True)}
            loss, gradient = expr.raw_value_and_gradient(inputs)
            loss = float(loss)
            slope = [float(gradient[name]) for name in names]
            if not _finite([*point, loss]):
                diverged_at, undefined = step, any(math.isnan(v) for v in [*point, loss])
                break
            points.append(point)
            losses.append(loss)
            gradients.append(slope)
            if step == steps:
                break
            if not _finite(slope):
                diverged_at, undefined = step + 1, any(math.isnan(v) for v in slope)
                break
            stepped, memory = rule.step(np.array(point), np.array(slope), memory)
            moved = stepped.tolist()
            if moved == point and not memory_moves(memory):
                # a fixed point, with nothing remembered to carry it on: every later step
                # lands here again, exactly
                more = steps - step
                points += [point] * more
                losses += [loss] * more
                gradients += [slope] * more
                break
            point = moved
    n = len(names)
    return DescentPath(
        variables=names,
        points=np.array(points, dtype=np.float64).reshape(len(points), n),
        losses=np.array(losses, dtype=np.float64),
        gradients=np.array(gradients, dtype=np.float64).reshape(len(gradients), n),
        learning_rate=rate,
        diverged_at=diverged_at,
        undefined=undefined,
    )
