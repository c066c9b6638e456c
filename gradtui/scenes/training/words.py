"""The `training` scene in words: what each loop line just did, the readouts, each run's verdict
and the race to the target loss, the loss on the points the model never trained on beside the
training loss, and the state's sentences and readout (`TrainingWords`, a part of
TrainingState).
"""

from __future__ import annotations

import math

from gradtui.calculus.optimizers import ADAM, MOMENTUM
from gradtui.calculus.training_loop import GRADIENT, LOSS, MEMORY, UPDATE, Trainer
from gradtui.scenes.kit import verdicts
from gradtui.scenes.kit.numbers import or_rounding, plural, short, times
from gradtui.scenes.kit.runs import beta_name

# What each loop line just did, in words (shown while single-stepping), by its role.
LINE_MEANINGS = {
    LOSS: "loss measured on this batch",
    GRADIENT: "slopes found: the uphill way",
    MEMORY: "velocity: β times the old one, plus the gradient",
    UPDATE: "weights stepped downhill",
    "repeat": "step done, on to the next",
}
ADAM_MEANINGS = {
    MEMORY: "m and v: running averages of the gradient and its square",
    UPDATE: "each weight stepped about lr, its own way (m̂ / √(v̂))",
}
MOMENTUM_MEANINGS = {UPDATE: "weights stepped along the velocity"}


def line_meaning(trainer: Trainer) -> str:
    """What the line that just ran did, in words."""
    role = trainer.roles[trainer.line]
    name = trainer.optimizer.name
    own = {ADAM: ADAM_MEANINGS, MOMENTUM: MOMENTUM_MEANINGS}.get(name, {})
    return own.get(role, LINE_MEANINGS[role])


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


def run_verdict(run: Trainer) -> verdicts.RunVerdict:
    """How a run is going: settles, crawls, zig-zags, bounces, diverges (or still falls)."""
    if not run.full_batch:
        return verdicts.judge_noisy(run.history.full_losses[-8:], diverged=run.diverged)
    recent = run.recent
    return verdicts.judge_run(recent.weights, recent.losses, recent.gradients,
                              diverged=run.diverged, scale=run.gradient_scale)  # fmt: skip


def batch_words(run: Trainer) -> str:
    return f"all {run.data.size}" if run.full_batch else f"{run.batch_size} of {run.data.size}"


def run_label(run: Trainer) -> str:
    """A run's rule and batch in a few words: "momentum β 0.9, batch 8"."""
    batch = "" if run.full_batch else f", batch {run.batch_size}"
    return run.optimizer.settings_words() + batch


def shown_loss(run: Trainer) -> float:
    """The loss on all the data at the weights the run measured last (the start's before)."""
    if run.loss is None:
        return run.start_loss
    if run.batch_full_loss is not None:
        return run.batch_full_loss
    return run.full_loss()


def weights_words(run: Trainer) -> str:
    return ", ".join(f"{name} = {short(v)}"
                     for name, v in zip(run.weight_names, run.weights, strict=True))  # fmt: skip


def final_line(run: Trainer) -> str:
    """How a run ended, in one line: the weights by name and the loss they make on all the
    data, or why it stopped."""
    if run.diverged:
        return f"The run stopped after {plural(run.steps, 'step')}: {run.message}."
    return (f"After {plural(run.steps, 'step')}: {weights_words(run)}; at these weights the "
            f"loss on all {run.data.size} points is {short(run.full_loss())}.")  # fmt: skip


class TrainingWords:
    """The readouts, the state in words and the readout of TrainingState (a part of it: reads
    the runs and the held-out points TrainingState sets up)."""

    def readouts(self) -> list[list[str]]:
        """The numbers in words, grouped in rows that read well two to a line."""
        t = self.trainer
        grad = t.gradient if t.gradient is not None else [None] * len(t.weight_names)
        if t.full_batch:  # before the first step, the loss the run starts from
            losses = [f"loss = {short(t.start_loss if t.loss is None else t.loss)}"]
        else:
            whole = t.batch_full_loss if t.batch_full_loss is not None else t.full_loss()
            losses = [f"loss (batch) = {short(t.loss)}", f"loss (all) = {short(whole)}"]
        first = [f"step = {t.steps}", f"lr = {short(t.learning_rate)}"]
        beta = t.optimizer.beta
        if beta is not None:
            first.append(f"{beta_name(t.optimizer)} = {beta:g}")
        slopes = [f"dL/d{name} = {or_rounding(g, t.gradient_scale)}"
                  for name, g in zip(t.weight_names, grad, strict=True)]  # fmt: skip
        return [
            first,
            [*losses, f"batch = {batch_words(t)}"],
            [f"{name} = {short(v)}" for name, v in zip(t.weight_names, t.weights, strict=True)],
            slopes,
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
        return [rows[0][0], *rows[1][:-1], *rows[0][1:], *rows[2], *rows[3], rows[1][-1]]

    def status(self) -> str:
        t = self.trainer
        if self.comparing:
            return self._compare_status()
        if t.diverged:
            return f"{t.message}. Lower lr (down) and reset (r)."
        if t.finished:
            return t.message + ". Press r to start again."
        mode = "full batch" if t.full_batch else f"mini-batch of {t.batch_size}"
        if t.optimizer.name != "sgd":
            mode += f", {t.optimizer.settings_words()}"
        if self.playing:
            return f"playing, {mode}"
        if self.stepping:
            return f"paused, {mode}: {line_meaning(t)}"
        return f"paused, {mode}"

    def short_status(self) -> list[str]:
        """The state in as few words as will do, longest first (for a plot's caption)."""
        t = self.trainer
        if t.diverged:
            return [f"diverged at step {t.steps}: lower lr, r", f"diverged at step {t.steps}",
                    "diverged"]  # fmt: skip
        if t.finished:
            return ["finished: r restarts", "finished"]
        return [self.status(), "playing" if self.playing else "paused"]

    def _compare_status(self) -> str:
        state = "playing" if self.playing else "paused"
        return f"{state}; the keys turn run {self.chosen + 1} (c: the next run)"

    def race_words(self) -> str:
        """Which run reached the target loss first (by steps, and by examples seen)."""
        target = short(self.target)
        arrived = [(i, run.reached) for i, run in enumerate(self.runs) if run.reached]
        if not arrived:
            return f"no run has reached loss {target} yet"
        by_steps = min(arrived, key=lambda item: item[1][0])
        by_examples = min(arrived, key=lambda item: item[1][1])
        steps, examples = by_steps[1]
        words = (f"first to loss {target}: run {by_steps[0] + 1} ({plural(steps, 'step')}, "
                 f"{examples:,} examples)")  # fmt: skip
        if by_examples[0] != by_steps[0]:
            words += (f"; by examples seen, run {by_examples[0] + 1} "
                      f"({by_examples[1][1]:,} examples)")  # fmt: skip
        return words

    def run_rows(self) -> list[tuple[str, str, str, str, str]]:
        """Each run as (mark and number, its rule and batch, its rate, its loss on all the
        data, its verdict's word): the table the frame shows when comparing."""
        rows = []
        for i, run in enumerate(self.runs):
            word = run_verdict(run).word
            if run.reached:
                word += f"; there at step {run.reached[0]}"
            rows.append((f"{i + 1}", run_label(run), f"lr {short(run.learning_rate)}",
                         short(shown_loss(run)), word))  # fmt: skip
        return rows

    def readout(self) -> str:
        """Every number and the state, one per line, in words (for tests and screen readers)."""
        if self.comparing:
            return self._compare_readout()
        t = self.trainer
        lines = [item for row in self.readouts() for item in row]
        lines.append(f"mode = {t.mode}")
        lines.append(f"rule = {t.optimizer.settings_words()}")
        lines.append(f"running line = {t.line + 1} of {len(t.lines)}: {t.lines[t.line]}")
        lines.append(f"state = {self.status()}")
        lines.append(f"verdict = {run_verdict(t).words}")
        if self.held_out is not None:
            lines.append(f"points never trained on = {self.held_out.size}")
            lines.append(self.unseen_words())
        return "\n".join(lines)

    def _compare_readout(self) -> str:
        lines = [f"runs = {len(self.runs)}, the keys turn run {self.chosen + 1}"]
        for i, run in enumerate(self.runs):
            lines.append(
                f"run {i + 1}: {run_label(run)}, lr {short(run.learning_rate)}: step "
                f"{run.steps}, loss (all) = {short(shown_loss(run))}, {weights_words(run)}; "
                f"{run_verdict(run).words}"
            )
        lines.append(self.race_words())
        lines.append(f"state = {self.status()}")
        return "\n".join(lines)
