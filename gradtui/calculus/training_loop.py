"""The four-line training loop that fits a model to its data, one line at a time.

`Trainer` runs the loop one line at a time (so a learner can watch loss -> gradient -> update
happen), a step at a time, or thousands of steps at once, and stops by itself when the
learning rate makes it blow up. The update line is the optimizer's (optimizers.py): plain
descent's one line, or momentum's and Adam's two (what they remember, then the move).

Mini-batches follow a documented order, so a run can be checked against any other
implementation: each epoch the point indices are shuffled by Python's
``random.Random(seed).sample(range(n), n)`` (one generator per run, drawn on epoch after
epoch), and the batches are consecutive slices of that order, `batch_size` points each; a tail
shorter than a batch is skipped and the next epoch's shuffle begins.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

import numpy as np

from gradtui.calculus.autodiff import ForwardPass
from gradtui.calculus.data import Dataset
from gradtui.calculus.loss_history import LossHistory, RecentSteps
from gradtui.calculus.models import Loss
from gradtui.calculus.optimizers import SGD, UPDATE_LINES, Memory, Optimizer

# What each line of a step does, by role.
LOSS, GRADIENT, MEMORY, UPDATE, REPEAT = "loss", "gradient", "memory", "update", "repeat"
FIRST_LINES = ("loss = compute_loss(model, batch)", "grad = gradient(loss, weights)")


def loop_lines(optimizer: str = SGD) -> tuple[str, ...]:
    """The loop as the learner reads it on screen, for an optimizer: plain descent's four
    lines, or five with momentum's velocity or Adam's averages before the move."""
    return (*FIRST_LINES, *UPDATE_LINES[optimizer], "repeat")


def line_roles(optimizer: str = SGD) -> tuple[str, ...]:
    """What each of `loop_lines(optimizer)` does."""
    memory = (MEMORY,) * (len(UPDATE_LINES[optimizer]) - 1)
    return (LOSS, GRADIENT, *memory, UPDATE, REPEAT)


# The four lines of plain gradient descent.
LOOP_LINES = loop_lines(SGD)

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

__all__ = [
    "DIVERGED_MESSAGE", "LOOP_LINES", "LossHistory", "Trainer", "line_roles", "loop_lines",
]  # fmt: skip


class Trainer:
    """Gradient descent on a `Dataset`, run one of the loop's lines at a time.

    `line` is the loop line that ran last (starting on `repeat`, as if a step had just
    ended); `step_line()` runs the next one. The batch for a step is drawn when the previous
    step repeats. Mini-batches walk through a fresh shuffle of the data each epoch, drawn from
    the trainer's own seeded generator (see the module's docstring), so a run is the same
    whichever way it is stepped.
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
        optimizer: Optimizer | None = None,
        target_loss: float | None = None,
    ) -> None:
        self.data = data
        self.target_loss = target_loss  # the loss on all the data a run races to
        self.weight_names = data.model.weights
        self.loss_graph = Loss(data.model)
        self.seed = seed
        self.max_steps = max_steps
        self.history = LossHistory(history_cap)
        self.recent = RecentSteps()
        self._start = (
            np.zeros(len(self.weight_names))
            if start_weights is None
            else np.array(start_weights, dtype=float)
        )
        if self._start.shape != (len(self.weight_names),):
            raise ValueError(f"start_weights needs {len(self.weight_names)} numbers")
        self._optimizer = optimizer or Optimizer()
        self.learning_rate = learning_rate  # checked: a positive number
        self._batch_size = self._checked_batch_size(batch_size)
        self.reset()

    def fresh(self, history_cap: int | None = None) -> Trainer:
        """A new trainer on the same data from the same start, with the same seed and
        settings, at step 0 (to see where this run would go without touching it)."""
        return Trainer(self.data, learning_rate=self.learning_rate, batch_size=self.batch_size,
                       start_weights=self._start, seed=self.seed, max_steps=self.max_steps,
                       history_cap=history_cap or self.history.cap,
                       optimizer=self._optimizer)  # fmt: skip

    @property
    def start_weights(self) -> np.ndarray:
        return self._start.copy()

    # --- settings -------------------------------------------------------------------------

    @property
    def optimizer(self) -> Optimizer:
        """The update rule and its settings (the learning rate among them)."""
        return self._optimizer

    @optimizer.setter
    def optimizer(self, value: Optimizer) -> None:
        """A new rule starts from the next step (a step half-way through finishes by the old
        one) with its memory empty; new settings of the same rule apply from the next line."""
        if value.name != self._optimizer.name:
            if not self.at_boundary and not self.stopped:
                self.step()
            self.memory = Memory.empty(len(self.weight_names))
            self._pending = None
        role = self.roles[self.line]
        self._optimizer = value
        self.lines, self.roles = loop_lines(value.name), line_roles(value.name)
        self.line = self.roles.index(role) if role in self.roles else len(self.lines) - 1

    @property
    def learning_rate(self) -> float:
        return self._optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        value = float(value)
        if not (math.isfinite(value) and value > 0):
            raise ValueError("the learning rate must be a positive number")
        self._optimizer = self._optimizer.but(learning_rate=value)

    @property
    def batch_size(self) -> int:
        """Points per step: 0 means the full batch (every point)."""
        return self._batch_size

    @batch_size.setter
    def batch_size(self, value: int) -> None:
        """Between steps the next step uses the new size at once, and the loss and gradient
        shown are measured anew on its batch (the old ones belonged to another batch); half-way
        through a step, the step finishes on its own batch first."""
        size = self._checked_batch_size(value)
        if size == self._batch_size:
            return
        if not self.at_boundary and not self.stopped:
            self.step()
        self._batch_size = size
        self.recent.clear()  # the steps of another batch size say nothing of this one's
        if not self.stopped:
            self._draw_batch()
            self._measure()

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
        """Back to the starting weights, step 0, a fresh generator and an empty memory; the
        settings stay."""
        self.weights = self._start.copy()
        self.steps = 0
        self.examples = 0  # data points measured so far
        self.lines, self.roles = loop_lines(self._optimizer.name), line_roles(self._optimizer.name)
        self.line = len(self.lines) - 1
        self.memory = Memory.empty(len(self.weight_names))
        self._pending: tuple[np.ndarray, Memory] | None = None  # a move worked out, not yet made
        self.loss: float | None = None  # the last batch loss measured (line 1)
        self.batch_full_loss: float | None = None  # the same weights on all the data
        self.gradient: np.ndarray | None = None
        self._measured_at = self.weights  # the weights the last loss was measured at
        self.diverged = False
        self.finished = False
        self.message = ""
        self.reached: tuple[int, int] | None = None  # (steps, examples) when at target_loss
        self.history.clear()
        self.recent.clear()
        self._run: ForwardPass | None = None
        self._rng = random.Random(self.seed)
        self._order = np.arange(self.data.size)
        self._cursor = self.data.size  # forces a shuffle on the first mini-batch
        self.start_loss, start_gradient = self.loss_graph.value_and_gradient(
            self.weights, self.data.xs, self.data.ys
        )
        with np.errstate(all="ignore"):
            size = float(np.linalg.norm(start_gradient))
        self.gradient_scale = size if math.isfinite(size) else 0.0  # the largest seen so far
        self._draw_batch()

    @property
    def stopped(self) -> bool:
        """True when the loop will not run again until a reset."""
        return self.diverged or self.finished

    @property
    def at_boundary(self) -> bool:
        """True between steps (the last line run was `repeat`)."""
        return self.roles[self.line] == REPEAT

    @property
    def next_line(self) -> int:
        return (self.line + 1) % len(self.lines)

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

    def loss_at(self, weights: Sequence[float]) -> float:
        """The loss on all the data at other weights."""
        return self.loss_graph.value(weights, self.data.xs, self.data.ys)

    # --- running --------------------------------------------------------------------------

    def step_line(self) -> bool:
        """Run the next line of the loop; False (and nothing done) once stopped."""
        if self.stopped:
            return False
        line = self.next_line
        role = self.roles[line]
        if role == LOSS:
            self._compute_loss()
        elif role == GRADIENT:
            self.gradient = self.loss_graph.gradient(self._run)
            self._note_gradient(self.gradient)
        elif role == MEMORY:
            with np.errstate(all="ignore"):
                self._pending = self._optimizer.step(self.weights, self.gradient, self.memory)
            self.memory = self._pending[1]
        elif role == UPDATE:
            self._update_weights()
        else:
            self._repeat()
        if not self.diverged:
            self.line = line
        return True

    def step(self) -> bool:
        """Run lines until a whole step has finished (all of them from a step boundary)."""
        if self.stopped:
            return False
        while self.step_line() and not self.at_boundary:
            pass
        return not self.diverged

    def run(self, n: int) -> int:
        """Fast-forward up to `n` whole steps (finishing a half-done one first); returns how many
        steps completed. Stops early on divergence or at `max_steps`."""
        done = 0
        if not self.at_boundary and self.step():
            done += 1
        graph = self.loss_graph
        with np.errstate(all="ignore"):  # a run that blows up is caught below, in words
            done += self._run_steps(graph, n - done)
        return done

    def _run_steps(self, graph: Loss, n: int) -> int:
        """Up to `n` whole steps from a step boundary (see `run`)."""
        done = 0
        while done < n and not self.stopped:
            # The lines without the bookkeeping between them: forward, backward, step.
            self._measured_at = self.weights
            run = graph.forward(self.weights, self._xs, self._ys)
            loss = float(run.output)
            self.batch_full_loss = self._full_loss_for(loss)
            if self._too_big(loss):
                self.loss, self.gradient = loss, None
                self._diverge(0)
                break
            gradient = graph.gradient(run)
            self._note_gradient(gradient)
            weights, memory = self._optimizer.step(self.weights, gradient, self.memory)
            self.loss, self.gradient = loss, gradient
            if not np.isfinite(weights).all():
                self._diverge(len(self.lines) - 2)
                break
            self.weights, self.memory = weights, memory
            self._repeat()
            done += 1
        return done

    # --- the lines ------------------------------------------------------------------------

    def _compute_loss(self) -> None:
        self._measured_at = self.weights
        self._run = self.loss_graph.forward(self.weights, self._xs, self._ys)
        self.loss = float(self._run.output)
        self.batch_full_loss = self._full_loss_for(self.loss)
        self.gradient = None  # not yet taken for this step
        self._pending = None
        if self._too_big(self.loss):
            self._diverge(0)

    def _update_weights(self) -> None:
        if self._pending is None:  # plain descent: worked out and made on this one line
            with np.errstate(all="ignore"):
                self._pending = self._optimizer.step(self.weights, self.gradient, self.memory)
        weights, memory = self._pending
        self._pending = None
        if not np.isfinite(weights).all():
            self._diverge(len(self.lines) - 2)
            return
        self.weights, self.memory = weights, memory

    def _measure(self) -> None:
        """The loss and gradient at the current weights on the current batch, as lines 1 and
        2 would find them (the numbers shown, after the batch changed between steps)."""
        self._compute_loss()
        if not self.diverged:
            self.batch_full_loss = self.loss if self.full_batch else self.full_loss()
            self.gradient = self.loss_graph.gradient(self._run)

    def _note_gradient(self, gradient: np.ndarray) -> None:
        """Keep the size of the largest gradient seen: what round-off is measured against."""
        size = math.hypot(*gradient.tolist())
        if math.isfinite(size) and size > self.gradient_scale:
            self.gradient_scale = size

    def _full_loss_for(self, batch_loss: float) -> float | None:
        """The loss on all the data at the weights a batch was just measured at: the batch's
        own for the full batch; worked out for a mini-batch only when the history keeps it."""
        if self.full_batch:
            return batch_loss
        return self.full_loss() if self.history.keeps(self.steps) else None

    def _repeat(self) -> None:
        self.history.add(self.steps, self.loss, self.batch_full_loss, self.examples,
                         self._measured_at)  # fmt: skip
        self.recent.add(self._measured_at, self.loss, self.gradient)
        full, target = self.batch_full_loss, self.target_loss
        if self.reached is None and None not in (full, target) and full <= target:
            self.reached = (self.steps, self.examples)
        self.steps += 1
        self.examples += len(self._batch)
        if self.max_steps is not None and self.steps >= self.max_steps:
            self.finished = True
            self.message = f"finished: {self.steps} steps, the most this scene runs"
        self._draw_batch()

    def _too_big(self, loss: float) -> bool:
        limit = DIVERGENCE_FACTOR * max(self.start_loss, 1e-6)
        return not math.isfinite(loss) or loss > limit

    def _diverge(self, line: int) -> None:
        """Stop the run. The last loss it measured, however large, is kept as its history's
        last row (the climax of the divergence belongs on the plot)."""
        self.line = line
        self.diverged = True
        self.message = DIVERGED_MESSAGE
        if self.loss is not None:
            self.history.add(self.steps, self.loss, self.batch_full_loss or self.loss,
                             self.examples, self.weights, always=True)  # fmt: skip
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
