"""The `training` scene as plain text for `gradtui print`: the loop, a loss plot over a fixed
run, a table of the loss at a few steps, the map of the loss with each run's path (for the
surface view, or runs side by side), each run's verdict and final weights, and the points it
never trained on beside the fit.
"""

from __future__ import annotations

import textwrap

from gradtui.scenes.kit.numbers import plural, short
from gradtui.scenes.kit.plots import sane_range
from gradtui.scenes.training.picture import DATA_MARK, FIT_MARK, UNSEEN_MARK
from gradtui.scenes.training.state import TrainingState
from gradtui.scenes.training.words import final_line, run_label, run_verdict
from gradtui.textsafe import for_terminal

WIDTH = 72  # the plots' width in print
MAP_COLUMNS, MAP_ROWS = WIDTH, 16  # the map of the loss, in print


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


def _made_from(scene: TrainingState) -> str:
    """Where the points come from, in a sentence."""
    t = scene.trainer
    params = scene.params
    if params["data"]:
        return f"{t.data.size} points given in the lesson"
    if t.data.curve is not None:
        truth = f"the curve y = {t.data.curve.text}"
    else:
        pairs = zip(t.weight_names, t.data.true_weights, strict=True)
        truth = ", ".join(f"{name} = {short(v)}" for name, v in pairs)
    x_low, x_high = sane_range(params["x_range"])
    noisy = "noisy points" if params["noise"] else "points"
    return f"{t.data.size} {noisy} made from {truth}, with x from {short(x_low)} to {short(x_high)}"


def render_text(params: dict, ascii: bool = False) -> str:
    """The loop, the run (or runs) over text_steps steps as plots and tables, and where each
    run ended, in one line each."""
    scene = TrainingState(params)
    steps = params["text_steps"]
    for run in scene.runs:
        run.max_steps = None
        run.run(steps)
    t = scene.trainer
    names = ", ".join(t.weight_names)
    out = [f"One step of learning, in {len(t.lines)} lines:", ""]
    out += ["    " + line for line in t.lines]
    out += ["", f"Fitting a {t.data.model.name} (weights {names}) to {_made_from(scene)}.", ""]
    if scene.comparing:
        out += _runs_text(scene, steps)
    else:
        out += [f"Learning rate {short(t.learning_rate)}, {t.optimizer.settings_words()}, "
                f"{t.mode}, {plural(steps, 'step')}.", ""]  # fmt: skip
        out += _loss_text(scene)
    if scene.view == "surface" or scene.comparing:
        out += ["", *_surface_text(scene, ascii)]
    out.append("")
    out += [final_line(run) if not scene.comparing else f"Run {i + 1}: {final_line(run)}"
            for i, run in enumerate(scene.runs)]  # fmt: skip
    if scene.held_out is not None:
        out += ["", *_unseen_text(scene, ascii)]
    return for_terminal("\n".join(out), ascii)


def _loss_text(scene: TrainingState) -> list[str]:
    """A lone run's loss plot and the table of its loss at a few steps."""
    t = scene.trainer
    scene.axes.update(t.steps, t.start_loss, t.history.losses)
    scale = "log10(loss)" if scene.axes.log_scale else "loss"
    out = [f"{scale} by {'examples seen' if scene.against == 'examples' else 'step'}:"]
    out += scene.loss_plot(WIDTH, 14, False)
    out += ["", "  step  loss"]
    steps, losses = t.history.steps, t.history.losses
    recorded = dict(zip(steps.astype(int).tolist(), losses.tolist(), strict=True))
    for mark in _milestones(int(steps[-1]) if steps.size else 0):
        if mark in recorded:
            out.append(f"{mark:>6}  {short(recorded[mark])}")
    return out


def _runs_text(scene: TrainingState, steps: int) -> list[str]:
    """Runs side by side: each one's settings, the loss plot of them all, each one's verdict,
    and which reached the target loss first."""
    out = [f"{len(scene.runs)} runs side by side from the same start, {plural(steps, 'step')} "
           "each:"]  # fmt: skip
    for i, run in enumerate(scene.runs):
        out.append(f"  run {i + 1}: {run_label(run)}, learning rate {short(run.learning_rate)}, "
                   f"{run.mode}")  # fmt: skip
    out += ["", f"The loss on all the data ({scene.loss_caption(False, False)[0]}):"]
    out += scene.loss_plot(WIDTH, 14, False)
    out.append("")
    for i, run in enumerate(scene.runs):
        out += textwrap.wrap(f"Run {i + 1} {run_verdict(run).words}.", 76)
    out += textwrap.wrap(scene.race_words()[:1].upper() + scene.race_words()[1:] + ".", 76)
    return out


def _surface_text(scene: TrainingState, ascii: bool) -> list[str]:
    """The map of the loss over two weights with each run's path."""
    if not scene.has_surface:
        return []
    out = [scene.surface_caption(ascii, 200) + ":"]
    out += scene.surface_map(MAP_COLUMNS, MAP_ROWS, ascii)
    out.append(scene.surface_axes(200))
    return out


def _unseen_text(scene: TrainingState, ascii: bool) -> list[str]:
    """For print: the data, the points never trained on and the fit, the held-out loss in
    words, and each of those points beside the fit (the first 12)."""
    t, held = scene.trainer, scene.held_out
    data, unseen, fit = (mark.get(ascii) for mark in (DATA_MARK, UNSEEN_MARK, FIT_MARK))
    marks = f"{data} data  {unseen} never trained on  {fit} the fit"
    out = [f"The data, the points it never trained on, and the fit ({marks}):"]
    out += scene.data_plot(WIDTH, 14, ascii)
    out += ["", textwrap.fill(scene.unseen_words()[:1].upper() + scene.unseen_words()[1:] + ".",
                              78), ""]  # fmt: skip
    out.append("        x           y      the fit       miss")
    fit = t.data.model.predict(t.weights, held.xs)
    for x, y, guess in list(zip(held.xs, held.ys, fit, strict=True))[:12]:
        out.append(f"{short(x):>9} {short(y):>11} {short(guess):>12} {short(guess - y):>10}")
    if held.size > 12:
        out.append(f"  ... and {held.size - 12} more")
    return out
