"""The `board` scene: a mixing board of sliders (a tiny model's weights) and one meter (its loss).

Nudge one slider while the others hold still: the meter's change over the nudge, divided by the
nudge, is that slider's partial derivative, shown beside the exact one from autodiff. `[` and
`]` shrink and grow the nudge, so the measured ratio closes in on the exact slope, as the secant
did in lesson 1. `g` gathers one partial per slider -- the gradient -- and its length; `d` steps
every slider against it by the learning rate, and the meter falls (or, with too large a rate,
climbs). Every number comes from the model's loss graph in gradtui.calculus.models: the nudged
ratio from two forward passes, the exact slopes from one backward pass.

This package is the kind's face (what the registry reads); its parts: state.py (BoardState: the
sliders, the meter's numbers and the keys), words.py, picture.py, text.py (`gradtui print`).
"""

from __future__ import annotations

from gradtui.calculus.models import MAX_WEIGHTS, MODEL_ALIASES, not_weights, read_model
from gradtui.scenes.board.state import BoardState
from gradtui.scenes.board.text import render_text
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.params import INTEGER, MODEL, NUMBER, POINTS, RANGE, TABLE, Param

FUNCTION = "model"  # e: the learner types a model of their own
SUMMARY = (
    "A mixing board: one slider per weight of a tiny model and one meter, its loss. Nudge a "
    "slider to measure a partial derivative; gather them into the gradient; step downhill."
)

PARAMS = (
    Param("model", MODEL, "w*x + b", "The model whose weights are the sliders: an expression "
          "in x and 2 to 6 weights (say a*x^2 + w*x + b); line means w*x + b, quadratic "
          "a*x^2 + w*x + b.", low=2, high=MAX_WEIGHTS, choices=tuple(MODEL_ALIASES)),
    Param("data", POINTS, [], "The data points [x, y] the model is fitted to. When left out, "
          "`points` points are made from `truth` plus noise.", max_items=64),
    Param("points", INTEGER, 8, "How many points to make up (when `data` is not given).",
          low=2, high=200),
    Param("noise", NUMBER, 0.3, "How far made-up points scatter around the true curve.",
          low=0.0, high=100.0),
    Param("seed", INTEGER, 2, "Seed of the random generator for made-up points (the same "
          "seed, the same points).", low=0, high=2**31 - 1),
    Param("truth", TABLE, {}, "The true weights made-up points come from, by name (e.g. "
          "{ w = 2, b = -1 }); a weight not named is w = 2, b = -1, a = 0 or else 0.",
          low=-1000.0, high=1000.0, max_items=MAX_WEIGHTS),
    Param("x_range", RANGE, (-2.0, 2.0), "Where made-up points' x values lie, [low, high]."),
    Param("weights", TABLE, {}, "Where the sliders start, by name (e.g. { w = 0.5, b = 0 }); "
          "a weight not named starts at 0.", low=-1e6, high=1e6, max_items=MAX_WEIGHTS),
    Param("nudge", NUMBER, 0.1, "The nudge (delta): how far - and + move a slider.",
          low=1e-12, high=1000.0),
    Param("learning_rate", NUMBER, 0.1, "How far d steps against the gradient: "
          "weights -= learning_rate * gradient.", low=1e-6, high=100.0),
    Param("slider_range", RANGE, (-5.0, 5.0), "The values a slider's track covers, [low, high] "
          "(widened to hold the start weights)."),
)  # fmt: skip

KEYS = (
    Key("plus,equals_sign", "nudge", "nudge up", show="+", args=(1,)),
    Key("minus", "nudge", "nudge down", show="-", args=(-1,)),
    Key("g", "gather", "gradient"),
    Key("d", "descend", "step downhill"),
    Key("down", "select", "next slider", args=(1,)),
    Key("up", "select", "previous slider", args=(-1,)),
    Key("left_square_bracket", "shrink", "nudge /10", show="["),
    Key("right_square_bracket", "grow", "nudge x10", show="]"),
    Key("asterisk", "faster", "lr x2", show="*"),
    Key("slash", "slower", "lr /2", show="/"),
    Key("r", "reset", "reset"),
)


def check(params: dict) -> list[tuple[str, str]]:
    """Names in `weights` and `truth` must be the model's weights; data points are [x, y]."""
    problems = []
    try:
        model = read_model(params["model"], fewest=2)
    except ValueError:
        return []  # the model's own mistake is reported at the model
    for name in ("weights", "truth"):
        message = not_weights(model, list(params[name]))
        if message:
            problems.append((name, message))
    if any(len(point) != 2 for point in params["data"]):
        problems.append(("data", "each data point is a pair [x, y]"))
    if params["data"] and params["truth"]:
        problems.append(("truth", "truth makes up data when none is given; with data given "
                         "it is not used (leave one of the two out)"))  # fmt: skip
    return problems


State = BoardState

__all__ = ["FUNCTION", "KEYS", "PARAMS", "SUMMARY", "State", "check", "render_text"]
