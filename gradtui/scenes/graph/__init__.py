"""The `graph` scene: backpropagation, one box at a time, on the computational graph of f.

f is read by the project's safe parser into an autodiff graph and drawn as boxes and lines
(gradtui/scenes/kit/graph_layout.py): one box per variable and per operation, the plain numbers
f uses written inside the box that uses them (``+1``, ``*3``), inputs on the left, f on the
right. The learner steps (s) or plays (space): the forward pass fills in each box's value, then
the backward pass walks the boxes in reverse, each handing every input (its gradient) x (local
slope), a variable used twice collecting two shares (``+=``). Every number is read off the real
passes of autodiff.py -- the rows of calculus/trace.py -- never worked out again here. The
forward-mode key walks calculus/forward_mode.py's passes instead: one per input. At the end
each input's slope stands beside a central difference (calculus/numeric.py).

This package is the kind's face (what the registry reads); its parts: numbers.py (the boxes
and the passes), words.py, walk.py (the steps of both modes), state.py (GraphState: the walk
and its keys), picture.py, text.py (`gradtui print`).
"""

from __future__ import annotations

from gradtui.calculus.expr import ANY_NAMES, CONSTANTS, ExprError, parse
from gradtui.scenes.graph.numbers import MAX_BOXES, MAX_VARIABLES, boxes_of
from gradtui.scenes.graph.state import GraphState
from gradtui.scenes.graph.text import render_text
from gradtui.scenes.graph.words import FORWARD_MODE_KEY
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.numbers import number
from gradtui.scenes.kit.params import EXPRESSION, TABLE, Param

SUMMARY = (
    "Backpropagation step by step: the graph of f, its forward pass filling in values, then its "
    "backward pass handing each box (gradient) x (local slope); forward mode to compare."
)
FUNCTION = "f"

PARAMS = (
    Param("f", EXPRESSION, "(a + b) * (b + 1)",
          f"The function whose graph is walked: an expression in up to {MAX_VARIABLES} "
          f"variables of any names (its graph is drawn up to {MAX_BOXES} boxes, one per "
          "variable and per operation).", variables=ANY_NAMES),
    Param("at", TABLE, None,
          "Where the passes run: a value for each variable of f, no more, e.g. "
          "{ a = 2, b = 1 }. Left out, every variable is 1.",
          low=-1e6, high=1e6, max_items=MAX_VARIABLES),
)  # fmt: skip

KEYS = (
    Key("s", "step", "step"),
    Key("space", "toggle_play", "play/pause"),
    Key(FORWARD_MODE_KEY, "toggle_mode", "forward/reverse mode"),
    Key("r", "reset", "reset"),
)


def check(params: dict) -> list[tuple[str, str]]:
    """What `gradtui check` reports about f and at together."""
    try:
        expr = parse(params["f"])
    except ExprError:
        return []  # the validator has reported it already, at its column
    problems = []
    names = expr.variables
    if len(names) > MAX_VARIABLES:
        problems.append(
            ("f", f"it uses {len(names)} variables ({', '.join(names)}); a graph scene takes "
                  f"at most {MAX_VARIABLES}")
        )  # fmt: skip
    count = len(boxes_of(expr))
    if count > MAX_BOXES:
        problems.append(
            ("f", f"its graph has {count} boxes (one per variable and per operation); a graph "
                  f"scene draws at most {MAX_BOXES}")
        )  # fmt: skip
    at = params["at"]
    if at is None:
        return problems
    uses = ", ".join(names) if names else "no variables"
    missing = [name for name in names if name not in at]
    if missing:
        problems.append(
            ("at", f"no value for {', '.join(missing)} (f uses {uses}); add {missing[0]} = 1")
        )
    for name in at:
        if name in names:
            continue
        if name in CONSTANTS:
            problems.append(("at", f"{name} is a constant in f ({number(CONSTANTS[name])}), "
                                   "not a variable: leave it out of at"))  # fmt: skip
        else:
            problems.append(("at", f"{name} is not a variable of f (f uses {uses})"))
    return problems


State = GraphState

__all__ = ["FUNCTION", "KEYS", "PARAMS", "SUMMARY", "State", "check", "render_text"]
