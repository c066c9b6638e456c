"""The `training` scene: the training loop running live on a model fit to noisy data.

`TrainingState` holds the runs (one, or up to four side by side, `compare`), the play state and
the plot axes, and lays out a frame of panels for any size. Axes stay fixed between frames so
an animated frame changes few rows, and a plot whose picture cannot have changed is not drawn
again.

The loop's update line is the run's optimizer's: plain descent, momentum (a velocity line) or
Adam (its running averages). The bottom of the scene shows the data and the fit, or the loss
over two weights as a shaded map with each run's path on it (`view = "surface"`, key v), beside
the loss by step or by examples seen (key x: a cheaper mini-batch step falls sooner per
example).

Points the model never trains on (`held_out`, or made over a `test_range`) are drawn apart and
their loss is said beside the training loss: a low loss on what it saw says nothing about what
it did not see.

This package is the kind's face (what the registry reads); its parts: run.py (the runs and the
held-out points a lesson describes), survey.py (where the runs go: the map's box and the loss to
reach), state.py (TrainingState: the runs, their keys, their axes), words.py, picture.py,
surface.py (the map), text.py (`gradtui print`).
"""

from __future__ import annotations

import numpy as np

from gradtui.calculus.data import lesson_data
from gradtui.calculus.models import MAX_WEIGHTS, MODEL_ALIASES, not_weights, read_model
from gradtui.scenes.kit import rates, runs
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
    TEXT,
    TEXTS,
    Param,
)
from gradtui.scenes.kit.plots import sane_range
from gradtui.scenes.training.run import MADE_BY, most_steps_at_once
from gradtui.scenes.training.state import TrainingState
from gradtui.scenes.training.survey import SURVEY_STEPS
from gradtui.scenes.training.text import MAP_COLUMNS, MAP_ROWS, render_text

SUMMARY = "The four-line training loop, live: a model learns to fit noisy data as the loss falls."
LIGHTER = "fewer text_steps, or a shorter model"
LOSS_PARTS = 6  # the mean squared error around the model's own parts

# What a run may set for itself in `compare` (each also a parameter of the scene).
LEARNING_RATE = Param(
    "learning_rate",
    NUMBER,
    0.05,
    "Step size: how far each step moves the weights.",
    low=1e-6,
    high=100.0,
)
BATCH_SIZE = Param(
    "batch_size", INTEGER, 0, "Points per step: 0 = full batch (all of them).", low=0, high=500
)
RUN_FIELDS = (LEARNING_RATE, *runs.RULE_PARAMS, BATCH_SIZE)

PARAMS = (
    Param("model", MODEL, "line", "What is fitted: an expression in x and its weights (say "
          "sigmoid(w*x + b)); line means w*x + b and quadratic a*x^2 + w*x + b.",
          low=1, high=MAX_WEIGHTS, choices=tuple(MODEL_ALIASES)),
    Param("data", POINTS, [], "The data points [x, y] to fit, written out (a teacher's own "
          "data); when given, the points are not made, so " + ", ".join(MADE_BY) + " are not "
          "used.", max_items=500),
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
    *RUN_FIELDS,
    Param("mini_batch", INTEGER, 8, "The mini-batch size the b key switches to (b goes from "
          "all the points to this, to 1, and back).", low=1, high=500),
    runs.compare_param(RUN_FIELDS, "on the same data from the same start (their losses on one "
                       "plot, their paths on one map)"),
    Param("target_loss", NUMBER, None, "The loss a run must reach to count as arrived (the "
          "runs of compare race to it); when left out, 99% of the way from the starting loss "
          f"down to the lowest the runs reach in their first {SURVEY_STEPS} steps.", low=0.0,
          high=1e12),
    Param("view", TEXT, "plot", "What shows under the loop: plot (the data and the fit beside "
          "the loss) or surface (the loss over two weights as a shaded contour map, the path "
          "of the weights drawn on it, beside the loss); v switches.",
          choices=("plot", "surface")),
    Param("surface_weights", TEXTS, [], "The two weights the surface is drawn over (the "
          "model's first two when left out); with more weights, the map is a slice through "
          "the current point, the others held where they are.", max_items=2),
    Param("loss_against", TEXT, "steps", "What the loss is plotted against: steps, or "
          "examples (data points measured so far, where a cheaper step falls sooner); x "
          "switches.", choices=("steps", "examples")),
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
    Key("s", "step_line", "run one line", when="!comparing"),
    Key("s", "step_each", "one step each", when="comparing"),
    *rates.RATE_KEYS,
    Key("v", "toggle_view", "map/data", when="has_surface"),
    Key("b", "next_batch", "batch all/mini/1"),
    *runs.RULE_KEYS,
    Key("x", "toggle_against", "by step/example"),
    runs.NEXT_RUN,
    Key("f", "fast_forward", "skip ahead"),
    Key("r", "reset", "reset"),
)


def _defaults() -> dict:
    return {p.name: p.default for p in PARAMS}


def check(params: dict) -> list[tuple[str, str]]:
    """Problems that span parameters: held-out and given points are [x, y] pairs; with `data`
    given, the parameters that make data are not used (each one set says so); `truth` and
    `surface_weights` name the model's weights, and `start_weights` gives at most one number
    per weight; runs at once stay bounded in work."""
    problems = []
    for name, what in (("held_out", "held-out point"), ("data", "data point")):
        if any(len(point) != 2 for point in params[name]):
            problems.append((name, f"each {what} is [x, y]: two numbers"))
    if params["data"]:
        defaults = _defaults()
        for name in MADE_BY:
            if params.get(name) != defaults[name]:
                problems.append((name, f"{name} is not used when data gives the points: the "
                                 "points are not made (leave one of the two out)"))  # fmt: skip
    try:
        model = read_model(params["model"])
    except ValueError:
        return problems  # the model's own mistake is reported at the model
    message = not_weights(model, list(params["truth"]))
    if message:
        problems.append(("truth", message))
    problems += _surface_problems(params, model)
    if params.get("true_curve") and not params["data"]:
        made = lesson_data(model, params, sane_range(params["x_range"]))
        if not np.isfinite(made.ys).all():
            low, high = sane_range(params["x_range"])
            problems.append(("true_curve", f"the curve {params['true_curve']} is not a number "
                             f"at some x from {short(low)} to {short(high)} (x_range): make "
                             "the data where it is defined"))  # fmt: skip
    points = len(params["data"]) or params["points"]
    runs = max(len(params["compare"]), 1)
    most = most_steps_at_once(points, runs)
    for name in ("text_steps", "fast_forward"):  # run at once, so bounded in work
        if params[name] > most:
            each = f" for each of {runs} runs" if runs > 1 else ""
            problems.append((name, f"{name} may be at most {most:,} with {points:,} points"
                             f"{each}, not {params[name]:,}: these steps run at once, and each "
                             "works through every point"))  # fmt: skip
    count, given = len(model.weights), len(params["start_weights"])
    if given > count:
        problems.append(("start_weights", f"{given} numbers for the {count} weights of the model "
                         f"{model.expression.text} ({', '.join(model.weights)}): one each, in "
                         "that order"))  # fmt: skip
    return problems


def _surface_problems(params: dict, model) -> list[tuple[str, str]]:
    """The surface is drawn over two different weights of the model."""
    names = list(params["surface_weights"])
    problems = []
    if names:
        message = not_weights(model, names)
        if message:
            problems.append(("surface_weights", message))
        elif len(names) != 2 or names[0] == names[1]:
            problems.append(("surface_weights", "name two different weights, such as "
                             f"{list(model.weights[:2])}"))  # fmt: skip
    if params["view"] == "surface" and len(model.weights) < 2:
        problems.append(("view", f"the surface is the loss over two weights; the model "
                         f"{model.expression.text} has one ({model.weights[0]}): use view = "
                         '"plot"'))  # fmt: skip
    return problems


def cost(params: dict) -> float:
    """Seconds `render_text` may take here (gradtui/scenes/kit/cost.py): text_steps steps of
    each run, each the model and its loss over the data, forward and backward; when runs are
    compared or the map is drawn, each run looked ahead SURVEY_STEPS steps first, and the
    map's rows, each the model over every point at every cell of a row."""
    try:
        model = read_model(params["model"])
    except ValueError:
        return SCENE_SECONDS
    nodes = len(model.expression.order) + LOSS_PARTS
    points = len(params["data"]) or params["points"]
    runs = max(len(params["compare"]), 1)
    mapped = runs > 1 or params["view"] == "surface"
    steps = params["text_steps"] + (SURVEY_STEPS + 2 if mapped else 0)
    work = runs * over_arrays(steps, nodes, points)
    if mapped:
        work += over_arrays(MAP_ROWS + len(model.weights) + 2, nodes, MAP_COLUMNS * points)
    return SCENE_SECONDS + work


State = TrainingState

__all__ = ["KEYS", "LIGHTER", "PARAMS", "SUMMARY", "State", "check", "cost", "render_text"]
