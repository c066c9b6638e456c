"""The `landscape` scene in words: the verdict on what the ball is doing (still rolling,
overshooting, settled in a valley, stopped on a saddle, flown off...), told from the walk and
the ground's curvature where it stopped; the readouts and the readout (`LandscapeWords`, a
part of LandscapeState).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gradtui.calculus import descent
from gradtui.calculus.descent import DescentPath
from gradtui.calculus.points import curvatures
from gradtui.scenes.kit import verdicts
from gradtui.scenes.kit.numbers import plural, short
from gradtui.scenes.kit.runs import beta_name

RECENT = 12  # a run's verdict side by side is told from its last this many steps
SHARE = 0.99  # the loss runs race to: this share of the way from the start down to the lowest

FLAT = 1e-3  # a gradient shorter than this counts as flat

STILL = "still rolling"
CRAWL = "crawling: tiny steps on a real slope (a small learning rate)"
OVERSHOOT = "overshooting: the step jumped past the bottom"
DIVERGING = (
    "diverging: each step is longer than the last and lands higher (the learning rate is too large)"
)
RUNAWAY = "flew off: each step lands higher (the learning rate is too large)"
NO_FOOTING = "no footing here: the loss is infinite or undefined at this start"
TOO_HIGH = (f"no footing here: the loss at this start is past {descent.RUNAWAY:g}, where a walk "
            "counts as run away")  # fmt: skip
BOTTOMLESS = "rolled away downhill for ever: this landscape has no bottom that way"
EDGE = "stopped at an edge: the next step lands where the loss or its slope is undefined"
SADDLE = "stopped at a flat point that is not a bottom (saddle)"
PEAK = "balanced on a peak: flat, but every way is down"
PLATEAU = "stopped on a flat stretch: no slope to follow"


@dataclass(frozen=True)
class Verdict:
    """What the ball is doing, in words, and the shape of the ground where it is."""

    text: str
    curvatures: tuple[float, ...] = ()  # Hessian eigenvalues where it stopped, if flat
    settled: bool = False  # nothing more will happen if the walk goes on


def judge(
    f, path: DescentPath, k: int, coords: dict[str, float], ended: bool, width: float = 0.0
) -> Verdict:
    """The verdict after `k` steps of `path` (at `coords`); `ended` = no more steps exist.

    `width` is how wide the picture is in x: a step shorter than a thousandth of it on a
    clear slope counts as crawling, and a position within a ten-millionth of it of 0 reads
    as "≈ 0".
    """
    crawl_below = 1e-3 * width
    if len(path.points) == 0:
        return Verdict(TOO_HIGH if _a_number(f, coords) else NO_FOOTING, settled=True)
    if path.diverged and ended and path.undefined:
        return Verdict(EDGE, settled=True)
    if path.diverged and ended:
        falling = len(path.losses) >= 2 and path.losses[-1] < path.losses[-2]
        return Verdict(BOTTOMLESS if falling else RUNAWAY, settled=True)
    names = path.variables
    gradient = path.gradients[k] if len(path.gradients) > k else np.zeros(len(names))
    norm = float(np.linalg.norm(gradient)) if gradient.size else 0.0
    if norm < FLAT:
        bends = curvatures(f, coords, names)
        scale = 1e-3 * max([1.0, *(abs(b) for b in bends)])
        if bends and all(b > scale for b in bends):
            where = ", ".join(f"{name} {near(coords[name], width)}" for name in names)
            return Verdict(f"settled in a valley at {where}", bends, True)
        if any(b > scale for b in bends) and any(b < -scale for b in bends):
            return Verdict(SADDLE, bends, True)
        if bends and all(b < -scale for b in bends):
            return Verdict(PEAK, bends, True)
        return Verdict(PLATEAU, bends, True)
    if k >= 2 and growing_geometrically(path.points[k - 2 : k + 1], path.losses[k - 2 : k + 1]):
        return Verdict(DIVERGING)
    if k >= 1:
        before = path.gradients[k - 1]
        if float(np.dot(before, gradient)) < 0 or path.losses[k] > path.losses[k - 1]:
            return Verdict(OVERSHOOT)
    if k == 0:
        return Verdict("at the start: step (s) or play (space)")
    if ended:
        return Verdict(f"still rolling after {plural(k, 'step')}", settled=True)
    if norm > 0.05 and path.learning_rate * norm < crawl_below:
        # Short steps alone may just mean the bottom is near; crawling means each step closes
        # only a sliver of the way even where the ground bends (rate x curvature is tiny).
        bends = curvatures(f, coords, names)
        if path.learning_rate * max([0.0, *(abs(b) for b in bends)]) < 0.01:
            return Verdict(CRAWL)
    return Verdict(STILL)


def _a_number(f, coords: dict[str, float]) -> bool:
    """Whether f has a finite value at `coords` (a start can be past the walk's limit, or not
    a number at all)."""
    with np.errstate(all="ignore"):
        return bool(np.isfinite(np.asarray(f.evaluate(**coords), dtype=float)).all())


def growing_geometrically(points: np.ndarray, losses: np.ndarray) -> bool:
    """True when the last two steps each went farther than the one before and landed higher:
    the walk is running away, not settling."""
    first, second = (float(np.linalg.norm(b - a)) for a, b in zip(points, points[1:], strict=False))
    return second > 1.2 * first > 0 and losses[2] > losses[1] > losses[0]


def near(value: float, width: float = 5.0) -> str:
    """A position in a sentence: round-off dust next to zero (within a ten-millionth of the
    picture's `width`) reads as "≈ 0", never "0"; anything larger is written out."""
    return "≈ 0" if value != 0 and abs(value) < 1e-7 * width else f"= {short(value)}"


class LandscapeWords:
    """The readouts and the verdict of LandscapeState (a part of it: reads the walk and where
    the ball is)."""

    def readouts(self) -> list[str]:
        point = self.coords()
        grad = self.gradient()
        lines = [
            f"start {self.start_index + 1} of {len(self.starts)}",
            f"step = {self.shown}",
            f"lr = {short(self.learning_rate)}",
        ]
        if self.comparing:
            lines.insert(0, f"run {self.chosen + 1} of {len(self.rules)}")
        if self.rule.beta is not None:
            lines.append(f"{self.rule.name} {beta_name(self.rule)} = {self.rule.beta:g}")
        lines += [f"{name} = {short(point[name])}" for name in self.names]
        lines.append(f"{self.height} = {short(self.loss())}")
        if self.two_d:
            top = "dL" if self.height == "loss" else "df"
            lines += [f"{top}/d{name} = {short(grad[name])}" for name in self.names]
        else:
            lines.append(f"slope = {short(grad['x'])}")
        return lines

    def verdict_text(self) -> str:
        verdict = self.verdict()
        text = verdict.text
        if verdict.text == SADDLE and len(verdict.curvatures) == 2:
            low, high = verdict.curvatures
            text = (
                f"{SADDLE}: the slope is 0, but the ground curves up one way (its curvature, "
                f"how fast the slope changes, is {short(high)}) and down another ({short(low)})"
            )
        away = self.off_picture()
        return f"{text}; the ball has left the picture at {away}" if away else text

    def off_picture(self) -> str:
        """Where the ball is, in words, when it is outside the picture ("" when inside)."""
        point = self.coords()
        ranges = {"x": self.x_range, "y": self.y_range}
        outside = [n for n in self.names if not ranges[n][0] <= point[n] <= ranges[n][1]]
        return ", ".join(f"{n} = {short(point[n])}" for n in self.names) if outside else ""

    def run_verdict(self, index: int) -> verdicts.RunVerdict:
        """How run `index` is going at the step shown: settles, crawls, zig-zags, bounces,
        diverges, stops at an edge (or still falls)."""
        path = self.paths[index]
        if len(path.points) == 0:
            return verdicts.verdict(verdicts.DIVERGES)
        if path.undefined and self.shown >= path.steps:
            return verdicts.verdict(verdicts.STOPS)
        k = min(self.shown, len(path.points) - 1)
        first = max(k + 1 - RECENT, 0)
        sizes = np.linalg.norm(path.gradients[: k + 1], axis=1)
        scale = float(np.max(sizes[np.isfinite(sizes)], initial=0.0))
        return verdicts.judge_run(path.points[first : k + 1], path.losses[first : k + 1],
                                  path.gradients[first : k + 1],
                                  diverged=path.diverged and self.shown >= path.steps,
                                  scale=scale)  # fmt: skip

    def target(self) -> float:
        """The loss the runs race to: SHARE of the way from the start's down to the lowest
        any run reaches."""
        walked = [path.losses for path in self.paths if len(path.losses)]
        if not walked:
            return float("nan")
        start = float(walked[0][0])
        lowest = min(float(losses.min()) for losses in walked)
        return start - SHARE * (start - lowest)

    def reached(self, index: int) -> int | None:
        """The step at which run `index` first got down to the target loss, if it has by the
        step shown."""
        losses = self.paths[index].losses[: self.shown + 1]
        at = np.nonzero(losses <= self.target())[0]
        return int(at[0]) if at.size else None

    def race_words(self) -> str:
        """Which run reached the target loss first."""
        target = short(self.target())
        arrived = [(step, i) for i in range(len(self.paths))
                   if (step := self.reached(i)) is not None]  # fmt: skip
        if not arrived:
            return f"no run has reached {self.height} {target} yet"
        step, first = min(arrived)
        return f"first to {self.height} {target}: run {first + 1}, at step {step}"

    def run_rows(self, width: int | None = None) -> list[str]:
        """Each run in a line: its number, rule and rate, its height now, its verdict (and
        when it got down to the target, where `width` leaves room for it)."""
        rows = []
        for i, (rule, path) in enumerate(zip(self.rules, self.paths, strict=True)):
            point = self.coords(path=path)
            height = float(self.f.evaluate(**point))
            word = self.run_verdict(i).word
            reached = self.reached(i)
            there = f"; there at step {reached}" if reached is not None else ""
            row = (f"{i + 1} {rule.settings_words()}, lr {short(rule.learning_rate)}: "
                   f"{self.height} {short(height)}, {word}")  # fmt: skip
            rows.append(row + there if width is None or len(row + there) <= width else row)
        return rows

    def readout(self) -> str:
        """The numbers and the verdict, in words (for tests and screen readers)."""
        state = "playing" if self.playing else "paused"
        lines = [*self.readouts(), f"verdict = {self.verdict_text()}", f"state = {state}"]
        if self.comparing:
            lines += [f"run {row}" for row in self.run_rows()] + [self.race_words()]
        return "\n".join(lines)
