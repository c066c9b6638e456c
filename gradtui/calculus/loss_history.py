"""What a training run leaves behind to plot and to judge: the loss of every step worth
plotting (`LossHistory`, bounded in memory however long the run), and the last few steps in
full (`RecentSteps`, for telling a zig-zag from a bounce).
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np


class LossHistory:
    """(step, examples seen, batch loss, loss on all the data, weights) kept for the plots,
    never more than `cap` rows.

    The batch loss is what the loop's first line measured; the loss on all the data is the
    same weights measured on every point (the two are one and the same for the full batch).
    Examples seen count the data points the run has measured before that step (a step of a
    mini-batch of 8 sees 8, of the full batch of 40 sees 40). When full, every other row is
    dropped and from then on only every `stride`-th step is kept, so a long run still covers
    its whole length in bounded memory.
    """

    def __init__(self, cap: int = 2048) -> None:
        self.cap = max(int(cap), 4)
        self.clear()

    def clear(self) -> None:
        self._rows: list[tuple[int, int, float, float, tuple[float, ...]]] = []
        self.stride = 1

    def keeps(self, step: int) -> bool:
        """Whether a row for `step` would be kept (so its full-data loss is worth working out)."""
        return step % self.stride == 0

    def add(
        self,
        step: int,
        loss: float,
        full: float | None = None,
        examples: int | None = None,
        weights=(),
        *,
        always: bool = False,
    ) -> None:
        """Record a finite loss (a non-finite one is a bug upstream and is ignored). `always`
        keeps the row whatever the stride: the last one a run ends on, say."""
        full = loss if full is None else full
        if not (always or self.keeps(step)) or not (math.isfinite(loss) and math.isfinite(full)):
            return
        examples = step if examples is None else examples
        self._rows.append((step, examples, loss, full, tuple(np.asarray(weights).tolist())))
        if len(self._rows) >= self.cap:
            self.stride *= 2
            self._rows = [row for row in self._rows if row[0] % self.stride == 0]

    def _column(self, index: int) -> np.ndarray:
        return np.array([row[index] for row in self._rows], dtype=float)

    @property
    def steps(self) -> np.ndarray:
        return self._column(0)

    @property
    def examples(self) -> np.ndarray:
        """The data points measured before each kept step."""
        return self._column(1)

    @property
    def losses(self) -> np.ndarray:
        """The batch loss at each kept step."""
        return self._column(2)

    @property
    def full_losses(self) -> np.ndarray:
        """The loss on all the data at each kept step."""
        return self._column(3)

    @property
    def weights(self) -> np.ndarray:
        """The weights at each kept step (one row each; no columns when none were given)."""
        rows = [row[4] for row in self._rows]
        width = len(rows[0]) if rows else 0
        return np.array(rows, dtype=float).reshape(len(rows), width)

    def __len__(self) -> int:
        return len(self._rows)


class RecentSteps:
    """The weights, the batch loss and the gradient of the last `size` steps, every one of
    them (the history thins a long run out; a zig-zag shows only step by step)."""

    def __init__(self, size: int = 12) -> None:
        self._rows: deque[tuple[np.ndarray, float, np.ndarray]] = deque(maxlen=size)

    def clear(self) -> None:
        self._rows.clear()

    def add(self, weights: np.ndarray, loss: float, gradient: np.ndarray) -> None:
        self._rows.append((np.array(weights, dtype=float), float(loss),
                           np.array(gradient, dtype=float)))  # fmt: skip

    def _stacked(self, index: int) -> np.ndarray:
        if not self._rows:
            return np.zeros((0, 0))
        return np.array([row[index] for row in self._rows], dtype=float)

    @property
    def weights(self) -> np.ndarray:
        return self._stacked(0)

    @property
    def losses(self) -> np.ndarray:
        return np.array([row[1] for row in self._rows], dtype=float)

    @property
    def gradients(self) -> np.ndarray:
        return self._stacked(2)
