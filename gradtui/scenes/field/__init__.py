"""The `field` scene: a function of x and y as a shaded map, a point the learner moves, the
gradient arrow (uphill, its length the steepness) and the negative gradient (downhill).

A compass reads the slope along each heading u at the point, the directional slope grad f . u:
the steepest heading is the gradient's own, at a slope of |grad f|, and no heading climbs
faster. Beside the map, a slice -- f walked along the chosen heading through the point -- shows
where the compass reading comes from: its slope at the point is that heading's reading. The x-
and y-slices hold one knob still: their slopes are the partial derivatives. Every number comes
from the function's autodiff graph (gradtui.calculus.gradient); a flat point says so.

This package is the kind's face (what the registry reads); its parts: state.py (FieldState: the
point, its gradient and compass, the keys), words.py, picture.py, text.py (`gradtui print`).
"""

from __future__ import annotations

from gradtui.scenes.field.state import FieldState
from gradtui.scenes.field.text import render_text
from gradtui.scenes.kit.cost import SCENE_SECONDS, at_points, expression, over_arrays, readings
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.params import EXPRESSION, FLAG, INTEGER, NUMBER, NUMBERS, RANGE, Param

SUMMARY = (
    "A function of x and y as a shaded map: move a point, see the gradient arrow (uphill) and "
    "its opposite (downhill), and a compass of the slope along every heading."
)
FUNCTION = "f"
LIGHTER = "a shorter f"

PARAMS = (
    Param("f", EXPRESSION, "x^2 + 2*y^2", "The ground's height: an expression in x and y.",
          variables=("x", "y")),
    Param("at", NUMBERS, [1.5, 1.0], "Where the point starts, [x, y] (the ranges widen to "
          "hold it).", low=-1e6, high=1e6, max_items=2),
    Param("x_range", RANGE, (-3.0, 3.0), "The x-range of the map, [low, high]."),
    Param("y_range", RANGE, (-3.0, 3.0), "The y-range of the map, [low, high]."),
    Param("headings", INTEGER, 16, "How many compass headings are read around the point.",
          low=4, high=64),
    Param("heading", NUMBER, 0.0, "The chosen heading at the start, in degrees from +x "
          "counter-clockwise (0 = +x, 90 = +y).", low=-360.0, high=360.0),
    Param("contours", FLAG, True, "Shade the map in bands of equal height, so each edge "
          "between two shades is a contour line (false: shades of equal area)."),
    Param("step", NUMBER, None, "How far one arrow press moves the point (default: a "
          "twentieth of the range).", low=1e-9, high=1e6),
)  # fmt: skip

KEYS = (
    Key("enter", "enter_map", "move the point", when="!in_map"),
    Key("escape", "leave_map", "leave the map", show="esc", when="in_map"),
    Key("up", "move", "point up", args=(0, 1), when="in_map"),
    Key("down", "move", "point down", args=(0, -1), when="in_map"),
    Key("left", "move", "point left", args=(-1, 0), when="in_map"),
    Key("right", "move", "point right", args=(1, 0), when="in_map"),
    Key("full_stop,h", "turn", "turn heading", show="./h", args=(1,)),
    Key("comma", "turn", "turn back", show=",", args=(-1,)),
    Key("u", "face_uphill", "face uphill"),
    Key("x", "show_slice", "x-slice", args=("x",)),
    Key("y", "show_slice", "y-slice", args=("y",)),
    Key("v", "switch_side", "compass/slice"),
    Key("c", "toggle_contours", "contours"),
    Key("r", "reset", "reset"),
)


def check(params: dict) -> list[tuple[str, str]]:
    """`at` is one point: exactly two numbers [x, y]."""
    if len(params["at"]) != 2:
        return [("at", f"at must be one point [x, y], two numbers, not {len(params['at'])}")]
    return []


def may_crease(ground) -> bool:
    """Whether the ground has a part that can crease it: |x|, relu, a root, or a power
    other than a whole one (x^2 never creases, x^0.5 stands up at 0)."""
    for node in ground.order:
        if node.op in ("abs", "relu", "sqrt"):
            return True
        if node.op == "**":
            exponent = node.children[1]
            whole = exponent.op == "constant" and float(exponent.constant).is_integer()
            if not (whole and exponent.constant >= 0):
                return True
    return False


def cost(params: dict) -> float:
    """Seconds `render_text` may take here (gradtui/scenes/kit/cost.py): the map and its
    gradient samples over arrays, then the point, its slices and compass read one by one, its
    one-sided slopes read to tell a crease; and where f has a part that can crease the ground
    (|x|, relu, a root), the search for the steepest climb and fall along the crease."""
    ground = expression(params["f"])
    nodes = 0 if ground is None else len(ground.order)
    seconds = SCENE_SECONDS + readings(2, nodes) + over_arrays(8, nodes, 3200)
    seconds += over_arrays(1, nodes, 2145) + over_arrays(8, nodes, 8)  # holes? a crease?
    if ground is not None and may_crease(ground):
        seconds += over_arrays(24, nodes, 720) + at_points(16, nodes)
    return seconds


State = FieldState

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
