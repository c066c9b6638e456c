"""The `board` scene as plain text for `gradtui print`: the data, the board at its start, each
slider's nudge beside its exact partial, the nudge shrinking, the gradient and one step.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np

from gradtui.calculus import gradient as grad
from gradtui.scenes.board.state import BoardState
from gradtui.scenes.board.words import RATIO, partial
from gradtui.scenes.kit.numbers import number, short, step_size
from gradtui.textsafe import for_terminal


def _shrinking_table(scene: BoardState, index: int, ascii: bool) -> list[str]:
    """The nudged ratio for one slider as the nudge shrinks, against the exact slope: by tens
    from the lesson's nudge (or 0.1, if that is smaller) down to 1e-7."""
    name = scene.names[index]
    exact = float(scene.gradient[index])
    rows = [f"  {'nudge':>8}  {for_terminal(RATIO, ascii):>16}  {'minus exact':>12}"]
    first = min(1, -math.floor(math.log10(scene.delta))) if scene.delta > 0 else 1
    for power in range(first, 8):
        delta = 10.0**-power
        ratio = grad.nudge(scene.loss_at, scene.weights, index, delta).ratio
        with np.errstate(all="ignore"):
            gap = float(np.float64(ratio) - np.float64(exact))
        rows.append(f"  {step_size(delta):>8}  {number(ratio, 10):>16}  {number(gap, 3):>12}")
    rows.append(f"  exact {partial(name)} = {number(exact, 10)} (autodiff)")
    return rows


def render_text(params: dict, ascii: bool = False) -> str:
    """The board at its start: the data, the loss, each slider's nudge beside its exact
    partial, the gradient and its length, and where one step downhill lands."""
    scene = BoardState(params)
    names = ", ".join(scene.names)
    data = scene.data
    if params["data"]:
        source = f"{data.size} data points given in the lesson"
    else:
        truth = ", ".join(
            f"{n} = {short(v)}" for n, v in zip(scene.names, data.true_weights, strict=True)
        )
        source = (f"{data.size} points made from {truth} with noise {short(params['noise'])} "
                  f"(seed {params['seed']})")  # fmt: skip
    out = textwrap.wrap(f"A mixing board for the model y = {scene.model.expression.text}: one "
                        f"slider per weight ({names}), one meter, the loss L = mean((model - "
                        f"y)^2) over {source}.", 76)  # fmt: skip
    out += ["", f"  {'x':>10}  {'y':>10}"]
    shown = min(data.size, 12)
    out += [f"  {number(x):>10}  {number(y):>10}"
            for x, y in zip(data.xs[:shown], data.ys[:shown], strict=True)]  # fmt: skip
    if data.size > shown:
        out.append(f"  ... and {data.size - shown} more")
    out.append("")
    layout = scene.layout(76, 40)
    scene.gathered = True
    out += scene.board_lines(layout, ascii)
    out += ["", f"At the start, loss L = {number(scene.loss)}.", ""]
    out.append(f"Each slider nudged by Δ = {number(scene.delta)}, the others held still:")
    change, ratio = for_terminal("ΔL", ascii), for_terminal(RATIO, ascii)
    out.append(f"  {'slider':>8}  {'start':>10}  {'L after':>12}  {change:>12}  "
               f"{ratio:>12}  {'exact (autodiff)':>16}")  # fmt: skip
    for i, name in enumerate(scene.names):
        moved = grad.nudge(scene.loss_at, scene.weights, i, scene.delta)
        out.append(f"  {name[:8]:>8}  {number(moved.start):>10}  {number(moved.after):>12}  "
                   f"{number(moved.change):>12}  {number(moved.ratio):>12}  "
                   f"{number(scene.gradient[i]):>16}")  # fmt: skip
    out += [
        "",
        *textwrap.wrap(
            f"Shrinking the nudge on {scene.names[0]}: the measured ratio "
            "closes in on the exact slope, until rounding takes over.",
            76,
        ),
    ]
    out += [*_shrinking_table(scene, 0, ascii), ""]
    parts = ", ".join(number(g) for g in scene.gradient)
    length = scene.gradient_length
    where = "It points uphill; the step goes the other way."
    if length == 0:
        where = "It is zero: no way is uphill, so there is no step to take."
    elif not math.isfinite(length):
        where = "It is not a finite vector, so there is no step to take."
    out += textwrap.wrap(
        for_terminal(
            f"The gradient, one partial per slider: ({parts}); its length |∇L| = "
            f"{number(length)}. {where}",
            ascii,
        ),
        76,
    )
    start_loss = scene.loss
    scene.descend()
    out.append("")
    if scene.last_step is not None:
        after = ", ".join(f"{n} = {number(v)}" for n, v in zip(scene.names, scene.weights,
                                                                   strict=True))  # fmt: skip
        step = scene.last_step
        moved = (
            "falls"
            if step.after < step.before
            else "climbs"
            if step.after > step.before
            else "stays"
        )
        out += textwrap.wrap(
            f"One step downhill (d) with learning rate {number(scene.learning_rate)}: "
            f"weights -= lr * gradient gives {after}; the loss {moved} from "
            f"{number(start_loss)} to {number(scene.loss)}.",
            76,
        )
    else:
        out += textwrap.wrap(scene.note, 76)
    stepped = "after that step" if scene.last_step is not None else "(no step was taken)"
    out += ["", f"The data and the model {stepped}:"]
    out += scene.data_plot(72, 14, ascii)
    return for_terminal("\n".join(out), ascii)
