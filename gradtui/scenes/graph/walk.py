"""The two walks of the `graph` scene, step by step: reverse mode (the forward pass box by box,
then the backward pass) and forward mode (one pass per input). Each step names its box, says
what happens in words, and what it writes on the picture; the numbers are the real passes'.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gradtui.scenes.graph.numbers import Box, Passes
from gradtui.scenes.graph.words import backward_words, forward_words, tangent_words


@dataclass(frozen=True)
class Step:
    """One step of a walk: which box, what happens, in words, and what it writes on the picture:
    (box, slot, value) with slot "value", "gradient" or "tangent"; box None with slot "clear"
    wipes every tangent (a new forward-mode pass begins)."""

    phase: str  # "forward pass", "backward pass", or "pass k of n (d/dx)"
    box: int
    words: str
    writes: tuple[tuple[int | None, str, Any], ...]


def reverse_walk(boxes: Sequence[Box], passes: Passes, num) -> list[Step]:
    """Reverse mode: the forward pass box by box, then the backward pass box by box."""
    steps = []
    for i, box in enumerate(boxes):
        value = passes.by_node[box.node].value
        words = forward_words(box, passes, i == len(boxes) - 1, num)
        steps.append(Step("forward pass", i, words, ((i, "value", value),)))
    box_at = {box.node: i for i, box in enumerate(boxes)}
    for i in range(len(boxes) - 1, -1, -1):
        box = boxes[i]
        row = passes.by_node[box.node]
        if row.upstream is None:
            continue  # a part made of numbers only: the backward pass skips it
        writes: list[tuple[int | None, str, Any]] = [(i, "gradient", row.upstream)]
        for child in row.child_indexes:
            for share in passes.received.get(child, []):
                if share.giver == row.index and child in box_at:
                    writes.append((box_at[child], "gradient", share.total))
        words = backward_words(box, passes, boxes, num)
        steps.append(Step("backward pass", i, words, tuple(writes)))
    return steps


def forward_walk(boxes: Sequence[Box], passes: Passes, num) -> list[Step]:
    """Forward mode: one pass per input, each box's value and d(box)/d(input), inputs first."""
    steps = []
    names = passes.expr.variables
    for k, seed in enumerate(names, start=1):
        rows = passes.tangents[seed]
        phase = f"pass {k} of {len(names)} (d/d{seed})"
        for i, box in enumerate(boxes):
            row = rows[box.node]
            writes: list[tuple[int | None, str, Any]] = []
            if i == 0:
                writes.append((None, "clear", None))
            writes += [(i, "value", row.value), (i, "tangent", row.tangent)]
            words = tangent_words(box, row, seed, i == len(boxes) - 1, num)
            steps.append(Step(phase, i, words, tuple(writes)))
    return steps
