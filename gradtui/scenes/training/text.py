"""The `training` scene as plain text for `gradtui print`: the loop, a loss plot over a fixed
run, a table of the loss at a few steps, and the points it never trained on beside the fit.
"""

from __future__ import annotations

import textwrap

from gradtui.calculus.training_loop import LOOP_LINES
from gradtui.scenes.kit.numbers import plural, short
from gradtui.scenes.kit.plots import Series, sane_range, text_plot
from gradtui.scenes.training.picture import DATA_MARK, FIT_MARK, LOSS_MARK, UNSEEN_MARK
from gradtui.scenes.training.state import TrainingState
from gradtui.textsafe import for_terminal


def _milestones(last: int) -> list[int]:
    """Steps worth a row in the text table: 0, 1, 2, 5, 10, 20, 50, … up to `last`."""
    marks = [0]
    power = 1
    while power <= last:
        marks += [m * power for m in (1, 2, 5) if m * power <= last]
        power *= 10
    if marks[-1] != last:
        marks.append(last)
    return sorted(set(marks))


def render_text(params: dict, ascii: bool = False) -> str:
    """The loop, a loss plot over a fixed run, and a table of the loss at a few steps."""
    scene = TrainingState(params)
    t = scene.trainer
    t.max_steps = None
    t.run(params["text_steps"])
    names = ", ".join(t.weight_names)
    out = ["One step of learning, in four lines:", ""]
    out += ["    " + line for line in LOOP_LINES]
    if t.data.curve is not None:
        truth = f"the curve y = {t.data.curve.text}"
    else:
        truth = ", ".join(
            f"{name} = {short(v)}"
            for name, v in zip(t.weight_names, t.data.true_weights, strict=True)
        )
    x_low, x_high = sane_range(params["x_range"])
    out += [
        "",
        f"Fitting a {t.data.model.name} (weights {names}) to {t.data.size} "
        f"{'noisy points' if params['noise'] else 'points'} made from {truth}, with x from "
        f"{short(x_low)} to {short(x_high)}.",
        f"Learning rate {short(t.learning_rate)}, {t.mode}, "
        f"{plural(params['text_steps'], 'step')}.",
        "",
    ]
    scene.axes.update(t.steps, t.start_loss, t.history.losses)
    scale = "log10(loss)" if scene.axes.log_scale else "loss"
    out.append(f"{scale} by step:")
    steps, losses = t.history.steps, t.history.losses
    plot_x = (0, max(t.steps, 1))
    loss = Series(steps, scene.axes.value(losses), marker=LOSS_MARK.get(ascii), lines=True)
    out += text_plot([loss], 72, 14, xlim=plot_x, ylim=scene.axes.ylim, ascii=ascii)
    out += ["", "  step  loss"]
    recorded = dict(zip(steps.astype(int).tolist(), losses.tolist(), strict=True))
    for mark in _milestones(int(steps[-1]) if steps.size else 0):
        if mark in recorded:
            out.append(f"{mark:>6}  {short(recorded[mark])}")
    weights = ", ".join(
        f"{name} = {short(v)}" for name, v in zip(t.weight_names, t.weights, strict=True)
    )
    out.append("")
    if t.diverged:
        out.append(f"The run stopped after {plural(t.steps, 'step')}: {t.message}.")
    else:
        # the loss the weights shown make (t.loss was measured before the last update)
        out.append(
            f"After {plural(t.steps, 'step')}: {weights}; at these weights the loss on all "
            f"{t.data.size} points is {short(t.full_loss())}."
        )
    if scene.held_out is not None:
        out += ["", *_unseen_text(scene, ascii)]
    return for_terminal("\n".join(out), ascii)


def _unseen_text(scene: TrainingState, ascii: bool) -> list[str]:
    """For print: the data, the points never trained on and the fit, the held-out loss in
    words, and each of those points beside the fit (the first 12)."""
    t, held = scene.trainer, scene.held_out
    data, unseen, fit = (mark.get(ascii) for mark in (DATA_MARK, UNSEEN_MARK, FIT_MARK))
    marks = f"{data} data  {unseen} never trained on  {fit} the fit"
    out = [f"The data, the points it never trained on, and the fit ({marks}):"]
    out += scene.data_plot(72, 14, ascii)
    out += ["", textwrap.fill(scene.unseen_words()[:1].upper() + scene.unseen_words()[1:] + ".",
                              78), ""]  # fmt: skip
    out.append("        x           y      the fit       miss")
    fit = t.data.model.predict(t.weights, held.xs)
    for x, y, guess in list(zip(held.xs, held.ys, fit, strict=True))[:12]:
        out.append(f"{short(x):>9} {short(y):>11} {short(guess):>12} {short(guess - y):>10}")
    if held.size > 12:
        out.append(f"  ... and {held.size - 12} more")
    return out
