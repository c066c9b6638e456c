"""Tiny trainable models and the four-line training loop that fits them, in plain numpy.

A model here is linear in its weights (a line `y = w*x + b`, or a parabola), so the mean
squared error and its gradient have short exact formulas. `Trainer` runs the loop one line
at a time (so a learner can watch loss → gradient → update happen), a step at a time, or
thousands of steps at once, and stops by itself when the learning rate makes it blow up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# The four lines of one training step, as the learner reads them on screen.
LOOP_LINES = (
    "loss = compute_loss(model, batch)",
    "grad = gradient(loss, weights)",
    "weights -= lr * grad",
    "repeat",
)
LOSS_LINE, GRADIENT_LINE, UPDATE_LINE, REPEAT_LINE = range(4)

# Each model: its weight names, in the order of the columns of its feature matrix.
MODELS: dict[str, tuple[str, ...]] = {
    "line": ("w", "b"),  # y = w*x + b
    "quadratic": ("a", "w", "b"),  # y = a*x^2 + w*x + b
}

# A run has diverged once its loss grows past this many times the starting loss.
DIVERGENCE_FACTOR = 1e6
DIVERGED_MESSAGE = "diverged: the learning rate is too large for this landscape"


@dataclass(frozen=True)
class Dataset:
    """Noisy points around a true curve, and the model's feature matrix for them."""

    model: str
    xs: np.ndarray
    ys: np.ndarray
    features: np.ndarray  # one row per point, one column per weight
    true_weights: np.ndarray

    @property
    def size(self) -> int:
        return int(self.xs.size)


def features(model: str, xs: np.ndarray) -> np.ndarray:
    """The columns a model multiplies by its weights: [x, 1] for a line, [x², x, 1] for a
    parabola."""
    xs = np.asarray(xs, dtype=float)
    ones = np.ones_like(xs)
    if model == "line":
        return np.column_stack([xs, ones])
    if model == "quadratic":
        return np.column_stack([xs * xs, xs, ones])
    raise ValueError(f"unknown model {model!r}; choose one of {', '.join(MODELS)}")


def make_dataset(
    *,
    model: str = "line",
    points: int = 40,
    noise: float = 0.5,
    true_w: float = 2.0,
    true_b: float = -1.0,
    true_a: float = 0.0,
    x_range: tuple[float, float] = (-2.0, 2.0),
    seed: int = 4,
) -> Dataset:
    """`points` x values spread at random over `x_range`, and y = the true curve + noise.

    A seeded generator makes the same data every time, so a lesson can talk about it.
    """
    if points < 1:
        raise ValueError("a dataset needs at least one point")
    rng = np.random.default_rng(seed)
    low, high = x_range
    xs = np.sort(rng.uniform(low, high, size=points))
    truth = np.array([true_a, true_w, true_b] if model == "quadratic" else [true_w, true_b])
    table = features(model, xs)
    ys = table @ truth + noise * rng.standard_normal(points)
    return Dataset(model=model, xs=xs, ys=ys, features=table, true_weights=truth)


def predict(model: str, weights: np.ndarray, xs: np.ndarray) -> np.ndarray:
    """The model's y for each x."""
    with np.errstate(all="ignore"):
        return features(model, xs) @ np.asarray(weights, dtype=float)


def mse_loss(weights: np.ndarray, table: np.ndarray, ys: np.ndarray) -> float:
    """Mean squared error: the average of (prediction - target)², one number for the whole fit."""
    with np.errstate(all="ignore"):
        residual = table @ weights - ys
        return float(np.mean(residual * residual))


def mse_gradient(weights: np.ndarray, table: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """The slope of the mean squared error along each weight: (2/n) · featuresᵀ · residual."""
    with np.errstate(all="ignore"):
        residual = table @ weights - ys
        return (2.0 / len(ys)) * (table.T @ residual)


class LossHistory:
    """(step, loss) pairs kept for the plot, never more than `cap` of them.

    When full, every other pair is dropped and from then on only every `stride`-th step is
    kept, so a long run still covers its whole length in bounded memory.
    """

    def __init__(self, cap: int = 2048) -> None:
        self.cap = max(int(cap), 4)
        self.clear()

    def clear(self) -> None:
        self._steps: list[int] = []
        self._losses: list[float] = []
        self.stride = 1

    def add(self, step: int, loss: float) -> None:
        """Record a finite loss (a non-finite one is a bug upstream and is ignored)."""
        if step % self.stride or not math.isfinite(loss):
            return
        self._steps.append(step)
        self._losses.append(loss)
        if len(self._steps) >= self.cap:
            self.stride *= 2
            keep = [i for i, s in enumerate(self._steps) if s % self.stride == 0]
            self._steps = [self._steps[i] for i in keep]
            self._losses = [self._losses[i] for i in keep]

    @property
    def steps(self) -> np.ndarray:
        return np.array(self._steps, dtype=float)

    @property
    def losses(self) -> np.ndarray:
        return np.array(self._losses, dtype=float)

    def __len__(self) -> int:
        return len(self._steps)


class Trainer:
    """Gradient descent on a `Dataset`, run one of the four loop lines at a time.

    `line` is the loop line that ran last (starting on `repeat`, as if a step had just
    ended); `step_line()` runs the next one. The batch for a step is drawn when the previous
    step repeats. Mini-batches walk through a fresh shuffle of the data each epoch, drawn from
    the trainer's own seeded generator, so a run is the same whichever way it is stepped.
    """

    def __init__(
        self,
        data: Dataset,
        *,
        learning_rate: float = 0.05,
        batch_size: int = 0,
        start_weights: tuple[float, ...] | None = None,
        seed: int = 0,
        max_steps: int | None = None,
        history_cap: int = 2048,
    ) -> None:
        self.data = data
        self.weight_names = MODELS[data.model]
        self.seed = seed
        self.max_steps = max_steps
        self.history = LossHistory(history_cap)
        self._start = (
            np.zeros(len(self.weight_names))
            if start_weights is None
            else np.array(start_weights, dtype=float)
        )
        if self._start.shape != (len(self.weight_names),):
            raise ValueError(f"start_weights needs {len(self.weight_names)} numbers")
        self.learning_rate = learning_rate
        self._batch_size = self._checked_batch_size(batch_size)
        self.reset()

    # --- settings -------------------------------------------------------------------------

    @property
    def learning_rate(self) -> float:
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        value = float(value)
        if not (math.isfinite(value) and value > 0):
            raise ValueError("the learning rate must be a positive number")
        self._learning_rate = value

    @property
    def batch_size(self) -> int:
        """Points per step: 0 means the full batch (every point)."""
        return self._batch_size

    @batch_size.setter
    def batch_size(self, value: int) -> None:
        self._batch_size = self._checked_batch_size(value)
        if self.line == REPEAT_LINE:  # between steps: the next step already uses the new size
            self._draw_batch()

    def _checked_batch_size(self, value: int) -> int:
        value = int(value)
        if value < 0:
            raise ValueError("the batch size must be 0 (full batch) or a positive count")
        return 0 if value >= self.data.size else value

    @property
    def full_batch(self) -> bool:
        return self._batch_size == 0

    @property
    def mode(self) -> str:
        """The batch mode in words."""
        if self.full_batch:
            return f"full batch of {self.data.size}"
        return f"mini-batch of {self._batch_size}"

    # --- state ----------------------------------------------------------------------------

    def reset(self) -> None:
        """Back to the starting weights, step 0, a fresh generator; the settings stay."""
        self.weights = self._start.copy()
        self.steps = 0
        self.line = REPEAT_LINE
        self.loss: float | None = None
        self.gradient: np.ndarray | None = None
        self.diverged = False
        self.finished = False
        self.message = ""
        self.history.clear()
        self._rng = np.random.default_rng(self.seed)
        self._order = np.arange(self.data.size)
        self._cursor = self.data.size  # forces a shuffle on the first mini-batch
        self.start_loss = self.full_loss()
        self._draw_batch()

    @property
    def stopped(self) -> bool:
        """True when the loop will not run again until a reset."""
        return self.diverged or self.finished

    @property
    def next_line(self) -> int:
        return (self.line + 1) % len(LOOP_LINES)

    @property
    def batch(self) -> np.ndarray:
        """Indices of the data points in the current batch."""
        return self._batch.copy()

    def full_loss(self) -> float:
        """The loss over every point at the current weights (not just the batch)."""
        return mse_loss(self.weights, self.data.features, self.data.ys)

    # --- running --------------------------------------------------------------------------

    def step_line(self) -> bool:
        """Run the next of the four lines; False (and nothing done) once stopped."""
        if self.stopped:
            return False
        line = self.next_line
        if line == LOSS_LINE:
            self._compute_loss()
        elif line == GRADIENT_LINE:
            self.gradient = mse_gradient(self.weights, self._table, self._targets)
        elif line == UPDATE_LINE:
            self._update_weights()
        else:
            self._repeat()
        self.line = line
        return True

    def step(self) -> bool:
        """Run lines until a whole step has finished (all four from a step boundary)."""
        if self.stopped:
            return False
        while self.step_line() and self.line != REPEAT_LINE:
            pass
        return not self.diverged

    def run(self, n: int) -> int:
        """Fast-forward up to `n` whole steps (finishing a half-done one first); returns how many
        steps completed. Stops early on divergence or at `max_steps`."""
        done = 0
        if self.line != REPEAT_LINE and self.step():
            done += 1
        table, targets = self._table, self._targets
        while done < n and not self.stopped:
            # The same arithmetic as the four lines, without the bookkeeping between them.
            with np.errstate(all="ignore"):
                residual = table @ self.weights - targets
                loss = float(residual @ residual) / len(targets)
            if self._too_big(loss):
                self.loss, self.gradient = loss, None
                self._diverge(LOSS_LINE)
                break
            with np.errstate(all="ignore"):
                gradient = (2.0 / len(targets)) * (table.T @ residual)
                weights = self.weights - self._learning_rate * gradient
            self.loss, self.gradient, self.weights = loss, gradient, weights
            if not np.isfinite(weights).all():
                self._diverge(UPDATE_LINE)
                break
            self._repeat()
            table, targets = self._table, self._targets
            done += 1
        return done

    # --- the four lines -------------------------------------------------------------------

    def _compute_loss(self) -> None:
        self.loss = mse_loss(self.weights, self._table, self._targets)
        self.gradient = None  # not yet taken for this step
        if self._too_big(self.loss):
            self._diverge(LOSS_LINE)

    def _update_weights(self) -> None:
        with np.errstate(all="ignore"):
            self.weights = self.weights - self._learning_rate * self.gradient
        if not np.isfinite(self.weights).all():
            self._diverge(UPDATE_LINE)

    def _repeat(self) -> None:
        self.history.add(self.steps, self.loss)
        self.steps += 1
        if self.max_steps is not None and self.steps >= self.max_steps:
            self.finished = True
            self.message = f"finished: {self.steps} steps, the most this scene runs"
        self._draw_batch()

    def _too_big(self, loss: float) -> bool:
        limit = DIVERGENCE_FACTOR * max(self.start_loss, 1e-6)
        return not math.isfinite(loss) or loss > limit

    def _diverge(self, line: int) -> None:
        self.line = line
        self.diverged = True
        self.message = DIVERGED_MESSAGE

    def _draw_batch(self) -> None:
        """Choose the points of the next step: all of them, or the next slice of a shuffle."""
        if self.full_batch:
            self._batch = np.arange(self.data.size)
        else:
            if self._cursor + self._batch_size > self.data.size:
                self._order = self._rng.permutation(self.data.size)
                self._cursor = 0
            self._batch = self._order[self._cursor : self._cursor + self._batch_size]
            self._cursor += self._batch_size
        self._table = self.data.features[self._batch]
        self._targets = self.data.ys[self._batch]
