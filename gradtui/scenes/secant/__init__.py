"""The `secant` scene: the line through P = (x, f(x)) and Q = (x+h, f(x+h)), turning into the
tangent as h shrinks.

`SecantState` holds everything the scene shows (h, rise, run, slope, the exact slope by autodiff,
the table of h tried, the sentence explaining the current situation) and draws its frame as plain
text. What kind of point P is (smooth, a corner, vertical...) comes from gradtui.calculus.points.

This package is the kind's face (what the registry reads); its parts: state.py (SecantState: h,
the secant's numbers, the table, the keys), words.py, picture.py, text.py (`gradtui print`).
"""

from __future__ import annotations

from gradtui.scenes.kit.cost import SCENE_SECONDS, at_points, curve, parts, readings
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.params import EXPRESSION, FLAG, NUMBER, NUMBERS, RANGE, TEXT, Param
from gradtui.scenes.secant.state import SecantState
from gradtui.scenes.secant.text import render_text

SUMMARY = "The secant through P and Q, its rise over run, turning into the tangent as h shrinks."
FUNCTION = "f"
LIGHTER = "fewer hs, or a shorter f"

PARAMS = (
    Param("f", EXPRESSION, "x**2", "The function, in x."),
    Param("x", NUMBER, 1.0, "Where the point P = (x, f(x)) sits.", low=-1e6, high=1e6),
    Param("h", NUMBER, 1.0, "The starting step h (> 0): Q starts at x + h.", low=1e-15, high=1e6),
    Param("shrink", NUMBER, 2.0, "What each press of shrink divides h by (2 and 10 read well).",
          low=1.5, high=1000.0),
    Param("side", TEXT, "right", "Which side of P the point Q starts on (left means h < 0).",
          choices=("right", "left")),
    Param("range", RANGE, None, "The x-range shown; from x - 2 to x + 2 (wider for a big h) "
          "when left out."),
    Param("y_range", RANGE, None, "The y-range shown; chosen from the curve when left out."),
    Param("hs", NUMBERS, [], "h values the animation plays through, in order (0 shows 0/0); "
          "when left out it keeps dividing h by shrink down to about 1e-16.",
          low=-1e6, high=1e6),
    Param("tangent", FLAG, False, "Whether the exact tangent starts visible."),
)  # fmt: skip

KEYS = (
    Key("down,minus", "shrink", "shrink h", show="↓/-"),
    Key("up,plus,equals_sign", "grow", "grow h", show="↑/+"),
    Key("a", "toggle_play", "play/stop"),
    Key("t", "toggle_tangent", "tangent"),
    Key("s", "switch_side", "Q left/right"),
    Key("0", "set_zero", "h = 0"),
    Key("r", "reset", "reset"),
)


def cost(params: dict) -> float:
    """Seconds `render_text` may take here (gradtui/scenes/kit/cost.py): the curve, and the
    table's secants (both sides of a corner) and exact slope."""
    nodes = parts(params["f"], ("x",))
    rows = 2 * (len(params["hs"]) or 40)
    return SCENE_SECONDS + at_points(rows * 3, nodes) + readings(1, nodes) + curve(nodes)


State = SecantState

__all__ = ["FUNCTION", "KEYS", "LIGHTER", "PARAMS", "SUMMARY", "State", "cost", "render_text"]
