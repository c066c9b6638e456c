"""The `training` scene in words: what each loop line just did, the readouts, the loss on the
points the model never trained on beside the training loss, and the state's sentences and
readout (`TrainingWords`, a part of TrainingState).
"""

from __future__ import annotations

import math

from gradtui.calculus.training_loop import LOOP_LINES
from gradtui.scenes.kit.numbers import short, times

# What each loop line just did, in words (shown while single-stepping).
LINE_MEANINGS = (
    "loss measured on this batch",
    "slopes found: the uphill way",
    "weights stepped downhill",
    "step done, on to the next",
)


def unseen_words(
    unseen: float,
    trained: float,
    count: int,
    *,
    brief: bool = False,
    split: bool = False,
    with_training: bool = False,
) -> str | tuple[str, str]:
    """The loss on points never trained on, beside the loss on those trained on:
    "loss on the 12 points it never saw = 4.1, 2000× the training loss", or (`brief`) "never
    seen (12): loss = 4.1, 2000× training"; `with_training` adds the training loss itself,
    "(0.00205)". With `split`, as (the words before the first number, the rest)."""
    if brief:
        said, training = f"never seen ({count}): loss = ", "training"
    else:
        points = f"the {count} point{'' if count == 1 else 's'} it never saw"
        said, training = f"loss on {points} = ", "the training loss"
    if not (math.isfinite(unseen) and math.isfinite(trained)) or trained <= 0:
        rest = f"{short(unseen)}; {training} is {short(trained)}"
    else:
        rest = f"{short(unseen)}, {times(unseen / trained)}× {training}"
        if with_training:
            rest += f" ({short(trained)})"
    return (said, rest) if split else said + rest


class TrainingWords:
    """The readouts, the state in words and the readout of TrainingState (a part of it: reads
    the trainer and the held-out points TrainingState sets up)."""

    def readouts(self) -> list[list[str]]:
        """The numbers in words, grouped in rows that read well two to a line."""
        t = self.trainer
        batch = f"all {t.data.size}" if t.full_batch else f"{t.batch_size} of {t.data.size}"
        grad = t.gradient if t.gradient is not None else [None] * len(t.weight_names)
        if t.full_batch:  # before the first step, the loss the run starts from
            losses = [f"loss = {short(t.start_loss if t.loss is None else t.loss)}"]
        else:
            whole = t.batch_full_loss if t.batch_full_loss is not None else t.full_loss()
            losses = [f"loss (batch) = {short(t.loss)}", f"loss (all) = {short(whole)}"]
        return [
            [f"step = {t.steps}", f"lr = {short(t.learning_rate)}"],
            [*losses, f"batch = {batch}"],
            [f"{name} = {short(v)}" for name, v in zip(t.weight_names, t.weights, strict=True)],
            [f"dL/d{name} = {short(g)}" for name, g in zip(t.weight_names, grad, strict=True)],
        ]

    def unseen_words(self) -> str:
        """The held-out loss in words beside the training loss, both numbers given
        ("" without held-out points)."""
        losses = self.unseen_losses()
        if losses is None:
            return ""
        return unseen_words(*losses, self.held_out.size, with_training=True)

    def unseen_parts(self, width: int) -> tuple[str, str]:
        """The held-out loss as a frame shows it, in fewer words when the sentence would not
        fit on one line of `width`: (the words that stay, the part whose numbers change), so
        that only the second repaints; ("", "") without held-out points."""
        losses = self.unseen_losses()
        if losses is None:
            return "", ""
        parts = unseen_words(*losses, self.held_out.size, split=True)
        if len("".join(parts)) > width:
            parts = unseen_words(*losses, self.held_out.size, brief=True, split=True)
        return parts

    def shown_readouts(self) -> list[list[str]]:
        """The readouts as the frame paints them: the step count and rate live, the rest as
        `_as_painted` says (so every frame still shows the run moving on)."""
        live = self.readouts()
        return [live[0], *self._as_painted(("readouts",), lambda: live)[1:]]

    def priority_readouts(self) -> list[str]:
        """The readouts as shown, most important first (what is kept when space runs out)."""
        rows = self.shown_readouts()
        return [rows[0][0], *rows[1][:-1], rows[0][1], *rows[2], *rows[3], rows[1][-1]]

    def status(self) -> str:
        t = self.trainer
        if t.diverged:
            return f"{t.message}. Lower lr (down) and reset (r)."
        if t.finished:
            return t.message + ". Press r to start again."
        mode = "full batch" if t.full_batch else f"mini-batch of {t.batch_size}"
        if self.playing:
            return f"playing, {mode}"
        if self.stepping:
            return f"paused, {mode}: {LINE_MEANINGS[t.line]}"
        return f"paused, {mode}"

    def readout(self) -> str:
        """Every number and the state, one per line, in words (for tests and screen readers)."""
        t = self.trainer
        lines = [item for row in self.readouts() for item in row]
        lines.append(f"mode = {t.mode}")
        lines.append(f"running line = {t.line + 1} of 4: {LOOP_LINES[t.line]}")
        lines.append(f"state = {self.status()}")
        if self.held_out is not None:
            lines.append(f"points never trained on = {self.held_out.size}")
            lines.append(self.unseen_words())
        return "\n".join(lines)
