"""How a walk downhill is going, in a word and a reason: it settles, crawls, zig-zags, bounces
or diverges (or is still on its way, or stops at an edge where the loss is undefined). Told
from its last few steps, so runs side by side can be compared at a glance: the training
scene's runs and the landscape's. Never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SETTLES, CRAWLS, ZIGZAGS, BOUNCES, DIVERGES, FALLS, STOPS = (
    "settles", "crawls", "zig-zags", "bounces", "diverges", "falls", "stops",
)  # fmt: skip
STARTING = "starting"

FLAT = 1e-3  # a gradient this small beside the largest one seen counts as level ground
CRAWL = 0.05  # a step that changes the slope by less than this share of it crawls
REASONS = {
    SETTLES: "the ground under it is level",
    CRAWLS: "each step closes less than 5% of the way to the bottom",
    ZIGZAGS: "each step crosses the valley, and only a little of it goes along the floor",
    BOUNCES: "each step jumps past the bottom, and back",
    DIVERGES: "each step lands higher, until it runs away",
    FALLS: "going downhill",
    STOPS: "its next step lands where the loss or its slope is undefined",
    STARTING: "at the start",
}
JITTER = "settles, jittering: each batch pulls its own way"


@dataclass(frozen=True)
class RunVerdict:
    """A verdict: its word (one of the module's constants) and the words that say why."""

    word: str
    words: str


def verdict(word: str) -> RunVerdict:
    return RunVerdict(word, f"{word}: {REASONS[word]}")


def _turns(points: np.ndarray) -> np.ndarray:
    """The cosine of the angle between each step and the next (1 straight on, -1 straight
    back); steps of no length are left out."""
    steps = np.diff(points, axis=0)
    sizes = np.linalg.norm(steps, axis=1)
    moved = sizes > 0
    steps, sizes = steps[moved], sizes[moved]
    if len(steps) < 2:
        return np.zeros(0)
    return np.sum(steps[1:] * steps[:-1], axis=1) / (sizes[1:] * sizes[:-1])


def judge_run(
    points: np.ndarray,
    losses: np.ndarray,
    gradients: np.ndarray,
    *,
    diverged: bool,
    scale: float,
) -> RunVerdict:
    """The verdict on a walk whose last few steps went through `points` (one row each, the
    newest last) with these `losses` and `gradients` there; `scale` is the size of the largest
    gradient seen on the whole walk (level ground is level beside it)."""
    if diverged:
        return verdict(DIVERGES)
    points, losses = np.asarray(points, dtype=float), np.asarray(losses, dtype=float)
    gradients = np.asarray(gradients, dtype=float)
    if len(points) < 3 or len(gradients) < 3:
        return verdict(STARTING)
    sizes = np.linalg.norm(gradients, axis=1)
    if sizes[-1] <= FLAT * scale:
        return verdict(SETTLES)
    turns = _turns(points)
    rises = np.diff(losses) > 0
    if turns.size and np.median(turns) < 0:  # each step turns more than a right angle
        if np.any(rises) or np.median(turns) < -0.999:
            return verdict(BOUNCES)  # past the bottom and up the far side, or straight back
        return verdict(ZIGZAGS)  # across and back, the loss falling all the way
    if np.mean(rises) >= 1 / 3:
        return verdict(BOUNCES)
    with np.errstate(all="ignore"):
        change = np.linalg.norm(np.diff(gradients, axis=0), axis=1) / sizes[:-1]
    if np.all(np.isfinite(change)) and np.median(change) < CRAWL:
        return verdict(CRAWLS)
    return verdict(FALLS)


def judge_noisy(losses: np.ndarray, *, diverged: bool) -> RunVerdict:
    """The verdict on a run of mini-batches, from the loss on all the data at its last few
    recorded steps (its own steps are too noisy to read one by one): it settles, jittering,
    once that loss has stopped falling."""
    if diverged:
        return verdict(DIVERGES)
    losses = np.asarray(losses, dtype=float)
    if losses.size < 4:
        return verdict(STARTING)
    if losses[-1] >= 0.97 * losses[0]:
        return RunVerdict(SETTLES, JITTER)
    return RunVerdict(FALLS, "falls: noisily, each batch pulls its own way")
