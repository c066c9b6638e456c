"""The `training` scene: the four-line training loop running live on a line fit to noisy data.

`TrainingState` holds the trainer (gradtui.calculus.training_loop), the play state and the
plot axes, and lays out a frame of panels for any size. Axes stay fixed between frames so an
animated frame changes few rows, and a plot whose picture cannot have changed is not drawn
again.

Points the model never trains on (`held_out`, or made over a `test_range`) are drawn apart and
their loss is said beside the training loss: a low loss on what it saw says nothing about what
it did not see.

This package is the kind's face (what the registry reads); its parts: run.py (the trainer and
the held-out points a lesson describes), state.py (TrainingState: the run, its keys, its
axes), words.py, picture.py, text.py (`gradtui print`).
"""

from __future__ import annotations

import numpy as np

from gradtui.calculus.data import lesson_data
from gradtui.calculus.models import MAX_WEIGHTS, MODEL_ALIASES, not_weights, read_model
from gradtui.scenes.kit import rates
from gradtui.scenes.kit.cost import SCENE_SECONDS, over_arrays
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.numbers import short
from gradtui.scenes.kit.params import (
    EXPRESSION,
    FLAG,
    INTEGER,
    MODEL,
    NUMBER,
    NUMBERS,
    POINTS,
    RANGE,
    TABLE,
    Param,
)
from gradtui.scenes.kit.plots import sane_range
from gradtui.scenes.training.run import most_steps_at_once
from gradtui.scenes.training.state import TrainingState
from gradtui.scenes.training.text import render_text

SUMMARY = "The four-line training loop, live: a model learns to fit noisy data as the loss falls."
LIGHTER = "fewer text_steps, or a shorter model"
LOSS_PARTS = 6  # the mean squared error around the model's own parts

PARAMS = (
    Param("model", MODEL, "line", "What is fitted: an expression in x and its weights (say "
          "sigmoid(w*x + b)); line means w*x + b and quadratic a*x^2 + w*x + b.",
          low=1, high=MAX_WEIGHTS, choices=tuple(MODEL_ALIASES)),
    Param("points", INTEGER, 40, "How many data points.", low=2, high=500),
    Param("noise", NUMBER, 0.5, "How far the points scatter around the true curve.",
          low=0.0, high=100.0),
    Param("seed", INTEGER, 4, "Seed of the random generator (the same seed, the same data).",
          low=0, high=2**31 - 1),
    Param("true_w", NUMBER, 2.0, "Slope of the true line the data is made from.",
          low=-100.0, high=100.0),
    Param("true_b", NUMBER, -1.0, "Intercept of the true line.", low=-100.0, high=100.0),
    Param("true_a", NUMBER, 0.0, "Curvature of the true curve (x^2 term); quadratic model.",
          low=-100.0, high=100.0),
    Param("truth", TABLE, {}, "The true weights the data is made from, by name (e.g. "
          "{ w = 2, b = -1 }); a weight not named takes true_<name>, else 0.",
          low=-1000.0, high=1000.0, max_items=MAX_WEIGHTS),
    Param("true_curve", EXPRESSION, None, "The curve the data is made from, in x (say "
          "sin(2*x)), when it is not the model at true weights: the model can then only "
          "approximate it. Overrides truth and true_*."),
    Param("x_range", RANGE, (-2.0, 2.0), "Where the data's x values lie, [low, high]."),
    Param("held_out", POINTS, [], "Points [x, y] the model never trains on: drawn apart, "
          "with their loss beside the training loss.", max_items=64),
    Param("test_range", RANGE, None, "Where to make test_points more points the way the data "
          "is made (same curve, same noise), never trained on: drawn apart, with their loss."),
    Param("test_points", INTEGER, 20, "How many points test_range makes.", low=1, high=200),
    Param("y_range", RANGE, None, "The y-range of the data plot; chosen from the data (and the "
          "points never trained on) when left out."),
    Param("start_weights", NUMBERS, [], "The weights before training, in the model's order "
          "(zeros when left out).", low=-1000.0, high=1000.0, max_items=MAX_WEIGHTS),
    Param("learning_rate", NUMBER, 0.05, "Step size: how far each step moves the weights.",
          low=1e-6, high=100.0),
    Param("batch_size", INTEGER, 0, "Points per step: 0 = full batch (all of them).",
          low=0, high=500),
    Param("mini_batch", INTEGER, 8, "The mini-batch size the b key switches to.",
          low=1, high=500),
    Param("steps_per_frame", INTEGER, 1, "Training steps per screen update while playing.",
          low=1, high=1000),
    Param("log_scale", FLAG, False, "Plot the loss on a log scale."),
    Param("max_steps", INTEGER, 20000, "The run stops by itself after this many steps.",
          low=1, high=1_000_000),
    Param("fast_forward", INTEGER, 1000, "How many steps the f key skips (at most "
          "3,000,000 / (points + 100): 21,428 for 40 points).", low=1, high=100_000),
    Param("text_steps", INTEGER, 200, "Steps run for the plain-text version, gradtui print "
          "(at most 3,000,000 / (points + 100), as fast_forward).", low=1, high=100_000),
)  # fmt: skip

KEYS = (
    Key("space", "toggle_play", "play/pause"),
    Key("s", "step_line", "run one line"),
    *rates.RATE_KEYS,
    Key("b", "toggle_batch", "full/mini-batch"),
    Key("f", "fast_forward", "skip ahead"),
    Key("r", "reset", "reset"),
)


def check(params: dict) -> list[tuple[str, str]]:
    """Problems that span parameters: held-out points are [x, y] pairs; `truth` names the
    model's weights, and `start_weights` gives at most one number per weight."""
    problems = []
    if any(len(point) != 2 for point in params["held_out"]):
        problems.append(("held_out", "each held-out point is [x, y]: two numbers"))
    try:
        model = read_model(params["model"])
    except ValueError:
        return problems  # the model's own mistake is reported at the model
    message = not_weights(model, list(params["truth"]))
    if message:
        problems.append(("truth", message))
    if params.get("true_curve"):
        made = lesson_data(model, params, sane_range(params["x_range"]))
        if not np.isfinite(made.ys).all():
            low, high = sane_range(params["x_range"])
            problems.append(("true_curve", f"the curve {params['true_curve']} is not a number "
                             f"at some x from {short(low)} to {short(high)} (x_range): make "
                             "the data where it is defined"))  # fmt: skip
    most = most_steps_at_once(params["points"])
    for name in ("text_steps", "fast_forward"):  # run at once, so bounded in work
        if params[name] > most:
            problems.append((name, f"{name} may be at most {most:,} with {params['points']:,} "
                             f"points, not {params[name]:,}: these steps run at once, and each "
                             "works through every point"))  # fmt: skip
    count, given = len(model.weights), len(params["start_weights"])
    if given > count:
        problems.append(("start_weights", f"{given} numbers for the {count} weights of the model "
                         f"{model.expression.text} ({', '.join(model.weights)}): one each, in "
                         "that order"))  # fmt: skip
    return problems


def cost(params: dict) -> float:
    """Seconds `render_text` may take here (gradtui/scenes/kit/cost.py): text_steps steps,
    each the model and its loss over the data, forward and backward."""
    try:
        model = read_model(params["model"])
    except ValueError:
        return SCENE_SECONDS
    nodes = len(model.expression.order) + LOSS_PARTS
    return SCENE_SECONDS + over_arrays(params["text_steps"], nodes, params["points"])


State = TrainingState

__all__ = ["KEYS", "LIGHTER", "PARAMS", "SUMMARY", "State", "check", "cost", "render_text"]
