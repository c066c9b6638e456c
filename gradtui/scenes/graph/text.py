"""The `graph` scene as plain text for `gradtui print`: the finished picture, both passes box by
box, the backward pass as a table, each slope beside a central difference, and forward mode.
"""

from __future__ import annotations

import textwrap

from gradtui.calculus.trace import backward_table
from gradtui.scenes.graph.numbers import MAX_BOXES
from gradtui.scenes.graph.state import GraphState
from gradtui.scenes.graph.walk import reverse_walk
from gradtui.scenes.graph.words import defined
from gradtui.scenes.kit import graph_layout
from gradtui.scenes.kit.numbers import error_size, number, precise


def render_text(params: dict, ascii: bool = False) -> str:
    """The graph with every value and gradient filled in, the forward pass and the backward
    pass node by node, each input's slope beside a central difference, and forward mode."""
    scene = GraphState(params)
    if scene.problem is not None:
        return f"f cannot be used: {scene.problem.message}\n{scene.problem.caret()}"
    expr, passes = scene.expr, scene.passes
    at = ", ".join(f"{n} = {number(v)}" for n, v in scene.point.items()) or "no variables"
    out = textwrap.wrap(
        f"Backpropagation on the graph of f = {expr}, at {at}. Each box is one variable or "
        "one operation (numbers sit inside the box that uses them); under each box, = is its "
        "value and g its gradient df/d(box), once both passes are done.",
        76,
    )
    out.append("")
    scene.position = len(scene.steps)
    out += _printed_picture(scene, ascii)
    out += ["", "The forward pass, inputs first (each box's value):"]
    walk = reverse_walk(scene.boxes, passes, number)
    forward_steps = [s for s in walk if s.phase == "forward pass"]
    for k, step in enumerate(forward_steps, start=1):
        out += textwrap.wrap(step.words, 76, initial_indent=f"{k:3}. ", subsequent_indent="     ")
    out += ["", "The backward pass, from the output down (a box's gradient is the sum of",
            "what its uses pass it):"]  # fmt: skip
    for k, step in enumerate([s for s in walk if s.phase == "backward pass"], start=1):
        out += textwrap.wrap(step.words, 76, initial_indent=f"{k:3}. ", subsequent_indent="     ")
    out += ["", "The same backward pass as a table, node by node:", ""]
    out += [*backward_table(passes.rows, number), ""]
    if expr.variables:
        out.append("Every input's slope, by the backward pass and by a central difference:")
        out.append(f"  {'slope':<10} {'backward pass':<18} {'central difference':<20} difference")
        for name in expr.variables:
            slope, measured = passes.gradient[name], passes.numeric[name]
            gap = error_size(abs(slope - measured)) if defined(slope) and defined(measured) else "-"
            out.append(f"  {'df/d' + name:<10} {precise(slope):<18} {precise(measured):<20} {gap}")
        out.append("")
        found = ", ".join(
            f"df/d{n} = {number(passes.tangents[n][-1].tangent)} (pass {k})"
            for k, n in enumerate(expr.variables, start=1)
        )
        out += textwrap.wrap(
            f"Forward mode carries d(box)/d(input) up from the inputs instead, one pass per "
            f"input: {found}. Passes needed: {scene.passes_needed()}.",
            76,
        )
    else:
        out.append("f has no inputs: no slopes to find.")
    for note in scene.notes():
        out += ["", *textwrap.wrap(note, 76)]
    return "\n".join(out)


def _printed_picture(scene: GraphState, ascii: bool) -> list[str]:
    """The finished picture for print, as roomy as fits in 76 columns (else said why not)."""
    if not scene.drawable:
        return [f"(The graph has {len(scene.boxes)} boxes, more than the {MAX_BOXES} drawn.)"]
    for style in graph_layout.STYLES:
        layout = scene.layout(style)
        if layout.faithful and layout.width <= 76:
            return scene.picture(layout, ascii)[0]
    return ["(The graph is too wide to print in 76 columns; the passes below list its boxes.)"]
