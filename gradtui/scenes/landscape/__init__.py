"""The `landscape` scene: a ball rolling downhill on a loss curve (x) or surface (x, y).

Gradient descent from several starting points: each walk is computed once with
gradtui.calculus.descent and revealed step by step, by plain descent, momentum or Adam, and
several runs side by side from one start (`compare`: on a long narrow valley, plain descent
zig-zags across it while momentum runs along it). A verdict in words says whether the ball
is still rolling, overshooting, settled in a valley, or stopped on a saddle that is flat but
not a bottom (told by the curvature around it: the Hessian's signs).

This package is the kind's face (what the registry reads); its parts: state.py (LandscapeState:
the walks, where the ball is, the keys), words.py (the verdict), picture.py, text.py (`gradtui
print`).
"""

from __future__ import annotations

from gradtui.calculus.expr import parse
from gradtui.scenes.kit import rates, runs
from gradtui.scenes.kit.cost import SCENE_SECONDS, at_points, drawn, expression, over_arrays
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.params import EXPRESSION, INTEGER, NUMBER, NUMBERS, POINTS, RANGE, Param
from gradtui.scenes.landscape.state import LandscapeState
from gradtui.scenes.landscape.text import render_text

SUMMARY = "A ball rolling downhill on a loss curve or surface: valleys, overshoots, saddles."
FUNCTION = "f"
LIGHTER = "fewer steps or starts, or a shorter f"
VERDICT_EVALUATIONS = 20  # of f at the end of each walk, to tell a valley from a saddle

LEARNING_RATE = Param("learning_rate", NUMBER, 0.05, "The step size of the walk.", low=1e-6,
                      high=100.0)  # fmt: skip

PARAMS = (
    Param("f", EXPRESSION, "x^4 - 3*x^2 + x + 4",
          "The loss: a curve in x, or a surface in x and y.", variables=("x", "y")),
    Param("starts", NUMBERS, [-2.0, 0.4, 2.0], "Starting x values (for a curve in x).",
          low=-1e6, high=1e6, max_items=9),
    Param("starts_xy", POINTS, [], "Starting points [x, y] (for a surface in x and y).",
          max_items=9),
    LEARNING_RATE,
    *runs.RULE_PARAMS,
    runs.compare_param((LEARNING_RATE, *runs.RULE_PARAMS), "from the start shown, each path "
                       "in its own mark on the one picture"),
    Param("steps", INTEGER, 200, "The most steps a walk takes.", low=1, high=5000),
    Param("steps_per_frame", INTEGER, 1, "Steps per screen update while playing.",
          low=1, high=100),
    Param("x_range", RANGE, (-2.5, 2.5), "The x-range shown, [low, high]."),
    Param("y_range", RANGE, (-2.5, 2.5), "The y-range shown for a surface, [low, high]."),
    Param("loss_range", RANGE, None, "The loss range shown for a curve (from the curve if unset)."),
)  # fmt: skip

KEYS = (
    Key("space", "toggle_play", "play/pause"),
    Key("s", "step_once", "one step"),
    Key("t", "next_start", "next start", when="many_starts"),
    *rates.RATE_KEYS,
    *runs.RULE_KEYS,
    runs.NEXT_RUN,
    Key("r", "reset", "back to start"),
)


def check(params: dict) -> list[tuple[str, str]]:
    """The starts must suit f: x values (`starts`) for a curve in x, [x, y] points
    (`starts_xy`) for a surface in x and y; each point two numbers."""
    try:
        f = parse(params["f"], variables=("x", "y"))
    except ValueError:
        return []  # f's own mistake is reported at f
    default_starts = next(p.default for p in PARAMS if p.name == "starts")
    problems = []
    if "y" in f.variables and list(params["starts"]) != list(default_starts):
        words = "f is a surface in x and y: give its starts as points, starts_xy = [[x, y], ...]"
        problems.append(("starts", words + "; starts are x values for a curve in x"))
    if "y" not in f.variables and params["starts_xy"]:
        words = "f is a curve in x alone: give its starts as x values, starts = [...]"
        problems.append(("starts_xy", words + "; starts_xy are points for a surface in x and y"))
    if any(len(point) != 2 for point in params["starts_xy"]):
        problems.append(("starts_xy", "each starting point is [x, y]: two numbers"))
    return problems


def cost(params: dict) -> float:
    """Seconds `render_text` may take here (gradtui/scenes/kit/cost.py): every start's whole
    walk by every run, each step one evaluation of f with its gradient, then the picture."""
    f = expression(params["f"])
    if f is None:
        return SCENE_SECONDS
    nodes = len(f.order)
    two_d = "y" in f.variables
    starts = (len(params["starts_xy"]) or 3) if two_d else (len(params["starts"]) or 1)
    runs = max(len(params.get("compare") or []), 1)  # side by side: each start walked by each
    walks = starts * runs * (params["steps"] + 1 + VERDICT_EVALUATIONS)
    return SCENE_SECONDS + at_points(walks, nodes) + over_arrays(3, nodes, 201 * 41) + drawn(1152)


State = LandscapeState

__all__ = [
    "FUNCTION",
    "KEYS",
    "LIGHTER",
    "PARAMS",
    "SUMMARY",
    "State",
    "check",
    "cost",
    "render_text",
]
