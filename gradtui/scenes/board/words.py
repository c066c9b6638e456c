"""The `board` scene in words: the last nudge (the meter's change over the nudge beside the
exact partial derivative), the last step downhill, the gradient, and the readout
(`BoardWords`, a part of BoardState).
"""

from __future__ import annotations

import math

from gradtui.scenes.kit.numbers import number, short
from gradtui.textsafe import for_terminal

RATIO = "ΔL/Δ"  # the nudged ratio (words: in ASCII "DeltaL/Delta", textsafe's spelling)


def partial(name: str) -> str:
    """The partial derivative of the loss along weight `name`, as written: ∂L/∂w."""
    return f"∂L/∂{name}"


class BoardWords:
    """The sentences and the readout of BoardState (a part of it: reads the sliders, the
    loss and the last nudge or step BoardState keeps)."""

    def step_words(self) -> str:
        """What the last step downhill did to the meter, in words."""
        step = self.last_step
        if step is None:
            return ""
        rate = short(step.learning_rate)
        if not math.isfinite(step.after):
            return (f"Stepped with lr = {rate}: the loss is now {number(step.after)}. The step "
                    "flew off: lower the rate (/) and reset (r).")  # fmt: skip
        fell = step.before - step.after
        if fell > 0:
            return (f"Stepped against the gradient with lr = {rate}: the loss fell from "
                    f"{short(step.before)} to {short(step.after)}.")  # fmt: skip
        if fell < 0:
            return (
                f"Stepped with lr = {rate}: the loss CLIMBED from {short(step.before)} to "
                f"{short(step.after)}. The step overshot the valley: lower the rate (/)."
            )
        return f"Stepped with lr = {rate}: the loss stayed at {short(step.after)}."

    def nudge_words(self) -> str:
        """The last nudge: the meter's change, the ratio, and the exact slope beside it."""
        last = self.last_nudge
        if last is None:
            name = self.names[self.selected]
            return (f"Press + or - to nudge {name} by Δ = {number(self.delta)}; "
                    "the other sliders hold still.")  # fmt: skip
        name = self.names[last.index]
        sign = "+" if last.delta > 0 else "-"
        return (
            f"Nudged {name} by {sign}{number(abs(last.delta))}: ΔL = "
            f"{number(last.change)}, {RATIO} = {number(last.ratio)}; exact "
            f"{partial(name)} = {number(self.exact_at_nudge)} where the nudge began (autodiff)."
        )

    def status(self) -> str:
        """The last thing that happened, in words."""
        if self.note:
            return self.note
        if self.last_step is not None:
            return self.step_words()
        return self.nudge_words()

    def gradient_words(self) -> str:
        parts = ", ".join(
            f"{partial(n)} = {short(g)}" for n, g in zip(self.names, self.gradient, strict=True)
        )
        return f"gradient: {parts}; |∇L| = {short(self.gradient_length)}"

    def readout(self) -> str:
        """Every number the board shows, one per line, in words (for tests and screen readers)."""
        lines = [f"model = {self.model.expression.text}", f"data = {self.data.size} points"]
        for i, (name, value) in enumerate(zip(self.names, self.weights, strict=True)):
            lines.append(f"{name} = {short(value)}" + (" (chosen)" if i == self.selected else ""))
        lines += [f"loss = {short(self.loss)}", f"nudge = {number(self.delta)}",
                  f"lr = {short(self.learning_rate)}"]  # fmt: skip
        lines.append(f"last nudge = {for_terminal(self.nudge_words(), ascii=True)}")
        if self.gathered:
            lines.append(for_terminal(self.gradient_words(), ascii=True))
        if self.last_step is not None:
            lines.append(f"last step = {self.step_words()}")
        if self.note:
            lines.append(f"note = {self.note}")
        return "\n".join(lines)
