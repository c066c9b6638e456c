"""The four-line training loop that fits a model to its data, one line at a time.

`Trainer` runs the loop one line at a time (so a learner can watch loss -> gradient -> update
happen), a step at a time, or thousands of steps at once, and stops by itself when the
learning rate makes it blow up. `LossHistory` keeps the loss of every step worth plotting.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

import numpy as np

from gradtui.calculus.autodiff import ForwardPass
from gradtui.calculus.data import Dataset
from gradtui.calculus.models import Loss

# The four lines of one training step, as the learner reads them on screen.
LOOP_LINES = (
    "loss = compute_loss(model, batch)",
    "grad = gradient(loss, weights)",
    "weights -= lr * grad",
    "repeat",
)
LOSS_LINE, GRADIENT_LINE, UPDATE_LINE, REPEAT_LINE = range(4)

# A run has diverged once its loss grows past this many times the starting loss.
DIVERGENCE_FACTOR = 1e6
DIVERGED_MESSAGE = "diverged: the learning rate is too large for this landscape"
UNDEFINED_START_MESSAGE = (
    "the loss is not a number at the starting weights (the model is undefined "
    "there), whatever the learning rate"
)
NOT_NUMBERS_MESSAGE = (
    "some data points are not numbers (the curve they were made from is "
    "undefined there), so neither is the loss"
)


class LossHistory:
    """(step, batch loss, loss on all the data) kept for the plot, never more than `cap` rows.

    The batch loss is what the loop's first line measured; the loss on all the data is the
    same weights measured on every point (the two are one and the same for the full batch).
    When full, every other row is dropped and from then on only every `stride`-th step is
    kept, so a long run still covers its whole length in bounded memory.
    """

    def __init__(self, cap: int = 2048) -> None:
        self.cap = max(int(cap), 4)
        self.clear()

    def clear(self) -> None:
        self._steps: list[int] = []
        self._losses: list[float] = []
        self._full: list[float] = []
        self.stride = 1

    def keeps(self, step: int) -> bool:
        """Whether a row for `step` would be kept (so its full-data loss is worth working out)."""
        return step % self.stride == 0

    def add(self, step: int, loss: float, full: float | None = None) -> None:
        """Record a finite loss (a non-finite one is a bug upstream and is ignored)."""
        full = loss if full is None else full
        if not self.keeps(step) or not (math.isfinite(loss) and math.isfinite(full)):
            return
        self._steps.append(step)
        self._losses.append(loss)
        self._full.append(full)
        if len(self._steps) >= self.cap:
            self.stride *= 2
            keep = [i for i, s in enumerate(self._steps) if s % self.stride == 0]
            self._steps = [self._steps[i] for i in keep]
            self._losses = [self._losses[i] for i in keep]
            self._full = [self._full[i] for i in keep]

    @property
    def steps(self) -> np.ndarray:
        return np.array(self._steps, dtype=float)

    @property
    def losses(self) -> np.ndarray:
        """The batch loss at each kept step."""
        return np.array(self._losses, dtype=float)

    @property
    def full_losses(self) -> np.ndarray:
        """The loss on all the data at each kept step."""
        return np.array(self._full, dtype=float)

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
        start_weights: Sequence[float] | None = None,
        seed: int = 0,
        max_steps: int | None = None,
        history_cap: int = 2048,
    ) -> None:
        self.data = data
        self.weight_names = data.model.weights
        self.loss_graph = Loss(data.model)
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
        self.loss: float | None = None  # the last batch loss measured (line 1)
        self.batch_full_loss: float | None = None  # the same weights on all the data
        self.gradient: np.ndarray | None = None
        self.diverged = False
        self.finished = False
        self.message = ""
        self.history.clear()
        self._run: ForwardPass | None = None
        self._rng = random.Random(self.seed)
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
        return self.loss_on(self.data)

    def loss_on(self, data: Dataset) -> float:
        """The loss the current weights make on `data` (say, points it never trains on)."""
        return self.loss_graph.value(self.weights, data.xs, data.ys)

    # --- running --------------------------------------------------------------------------

    def step_line(self) -> bool:
        """Run the next of the four lines; False (and nothing done) once stopped."""
        if self.stopped:
            return False
        line = self.next_line
        if line == LOSS_LINE:
            self._compute_loss()
        elif line == GRADIENT_LINE:
            self.gradient = self.loss_graph.gradient(self._run)
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
        graph = self.loss_graph
        while done < n and not self.stopped:
            # The four lines without the bookkeeping between them: forward, backward, step.
            run = graph.forward(self.weights, self._xs, self._ys)
            loss = float(run.output)
            self.batch_full_loss = self._full_loss_for(loss)
            if self._too_big(loss):
                self.loss, self.gradient = loss, None
                self._diverge(LOSS_LINE)
                break
            gradient = graph.gradient(run)
            with np.errstate(all="ignore"):
                weights = self.weights - self._learning_rate * gradient
            self.loss, self.gradient, self.weights = loss, gradient, weights
            if not np.isfinite(weights).all():
                self._diverge(UPDATE_LINE)
                break
            self._repeat()
            done += 1
        return done

    # --- the four lines -------------------------------------------------------------------

    def _compute_loss(self) -> None:
        self._run = self.loss_graph.forward(self.weights, self._xs, self._ys)
        self.loss = float(self._run.output)
        self.batch_full_loss = self._full_loss_for(self.loss)
        self.gradient = None  # not yet taken for this step
        if self._too_big(self.loss):
            self._diverge(LOSS_LINE)

    def _update_weights(self) -> None:
        with np.errstate(all="ignore"):
            self.weights = self.weights - self._learning_rate * self.gradient
        if not np.isfinite(self.weights).all():
            self._diverge(UPDATE_LINE)

    def _full_loss_for(self, batch_loss: float) -> float | None:
        """The loss on all the data at the weights a batch was just measured at: the batch's
        own for the full batch; worked out for a mini-batch only when the history keeps it."""
        if self.full_batch:
            return batch_loss
        return self.full_loss() if self.history.keeps(self.steps) else None

    def _repeat(self) -> None:
        self.history.add(self.steps, self.loss, self.batch_full_loss)
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
        if not np.isfinite(self.data.ys).all() or not np.isfinite(self.data.xs).all():
            self.message = NOT_NUMBERS_MESSAGE
        elif self.steps == 0:  # not one step taken: the learning rate has done nothing yet
            self.message = UNDEFINED_START_MESSAGE

    def _draw_batch(self) -> None:
        """Choose the points of the next step: all of them, or the next slice of a shuffle."""
        if self.full_batch:
            self._batch = np.arange(self.data.size)
        else:
            if self._cursor + self._batch_size > self.data.size:
                self._order = np.array(self._rng.sample(range(self.data.size), self.data.size))
                self._cursor = 0
            self._batch = self._order[self._cursor : self._cursor + self._batch_size]
            self._cursor += self._batch_size
        self._xs = self.data.xs[self._batch]
        self._ys = self.data.ys[self._batch]
