"""The `field` scene as plain text for `gradtui print`: the readings at the start point, the x-
and y-slices, the compass table, the slice along the gradient and the map in 7-bit text.
"""

from __future__ import annotations

import textwrap

from gradtui.scenes.field.state import FieldState
from gradtui.scenes.kit.numbers import in_words, number
from gradtui.textsafe import for_terminal


def render_text(params: dict, ascii: bool = False) -> str:
    """The readings at the start point, the x- and y-slices, the compass table and the map
    with the arrows."""
    scene = FieldState(params)
    x, y = scene.point
    out = textwrap.wrap(f"The ground f(x, y) = {scene.f.text}, read at the point "
                        f"({in_words(x)}, {in_words(y)}).", 76)  # fmt: skip
    out.append("")
    gx, gy = scene.gradient
    slopes = {}
    for which in ("x", "y"):
        scene.show_slice(which)
        slopes[which] = scene.measured_slice_slope()
    scene.slice = "heading"
    rows = [
        ("f", number(scene.value)),
        ("∂f/∂x", f"{number(gx)}   (the x-slice, y held at {in_words(y)}; measured: "
                  f"{number(slopes['x'])})"),
        ("∂f/∂y", f"{number(gy)}   (the y-slice, x held at {in_words(x)}; measured: "
                  f"{number(slopes['y'])})"),
        ("|∇f|", number(scene.steepness)),
        ("uphill", scene.heading_words()),
    ]  # fmt: skip
    if scene.corner:  # no gradient: the sides of the crease, and the steepest found
        partials = [(f"∂f/∂{name}", scene.partial_value(name)) for name in ("x", "y")]
        rows = [rows[0], *partials, ("|∇f|", "none: a corner, no gradient"),
                ("steepest", scene.heading_words())]  # fmt: skip
    out += [f"  {for_terminal(name, ascii):<8} = {value}" for name, value in rows]
    out.append(f"  {'downhill':<8} = {scene.heading_words(downhill=True)}")
    compass = (
        "The compass: the one-sided slope walking away along each heading (a corner has no "
        "gradient to read it from)"
        if scene.corner
        else "The compass: the slope along each heading u is ∇f . u"
    )
    out += [
        "",
        *textwrap.wrap(
            for_terminal(
                compass + " (headings in degrees from +x, counter-clockwise).",
                ascii,
            ),
            76,
        ),
    ]
    out += ["  " + row for row in scene.compass_table(ascii)]
    out += textwrap.wrap(scene.steepest_words(), 76)
    scene.face_uphill()
    out += [
        "",
        f"The slice: {scene.slice_words()}; its slope at the point is {number(scene.slice_slope)}.",
    ]
    out += scene.slice_plot(60, 10, ascii)
    out += ["", "The map in 7-bit text (blank = low, dense = high), the arrow at the point:"]
    out += scene.map(72, 18, ascii=True)  # plain characters read back anywhere, even here
    out += scene.legend(ascii=True, width=76)
    return for_terminal("\n".join(out), ascii)
