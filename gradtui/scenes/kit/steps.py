"""A point that moves in whole steps (the dashboard's and the chain's x): which counts of steps
keep it inside its range, and the count that brings it nearest an x the mouse points at.
Never imports Textual."""

from __future__ import annotations

import math


def step_range(start: float, step: float, limits: tuple[float, float]) -> tuple[int, int]:
    """The fewest and the most steps from `start` that stay within `limits` (inclusive)."""
    low, high = ((bound - start) / step for bound in limits)
    return math.ceil(low - 1e-9), math.floor(high + 1e-9)


def steps_to(x: float, start: float, step: float, limits: tuple[float, float]) -> int:
    """The count of steps from `start` that lands nearest `x`, within `limits`."""
    lowest, highest = step_range(start, step, limits)
    return min(max(round((x - start) / step), lowest), highest)
