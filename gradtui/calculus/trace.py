"""A readable record of the backward pass: one row per node, what arrives and what is passed on.

`gradtui grad --trace` prints it, and the chain-rule lesson's graph scene steps through it. It
runs the very passes of autodiff.py and only writes down what they did.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from gradtui.calculus.autodiff import Node, Value, backward, forward, leads_to_variable
from gradtui.calculus.printing import describe, symbol


@dataclass(frozen=True)
class TraceRow:
    """One node as the backward pass meets it.

    ``upstream`` is the gradient arriving at the node (d output / d node); for each child,
    ``slopes`` holds the local slope towards it and ``passes`` what is handed down
    (upstream x slope). Constants get ``None`` for both: nothing needs their gradient.
    """

    index: int  # position in forward order: 0 is computed first
    label: str  # the sub-expression, e.g. "x**2 * y"
    op: str  # "variable", "constant", "+", "sin", ...
    symbol: str  # short operation name: "x", "3", "*", "sin"
    value: Value
    upstream: Value | None
    children: tuple[str, ...]  # the children's labels
    slopes: tuple[Value | None, ...]
    passes: tuple[Value | None, ...]
    uses: int  # how many edges lead into this node (a variable used twice has 2)


def trace_rows(order: tuple[Node, ...], inputs: Mapping[str, Value]) -> list[TraceRow]:
    """The backward pass node by node, output first. Call inside ``np.errstate(all="ignore")``."""
    run = forward(order, inputs)
    wanted = leads_to_variable(order)
    gradients = backward(run, wanted)
    index = {node: i for i, node in enumerate(order)}
    uses = dict.fromkeys(order, 0)
    for node in order:
        for child in node.children:
            uses[child] += 1
    rows = []
    for node in reversed(order):
        upstream = gradients[node] if node in wanted or node is order[-1] else None
        local = run.slopes[node]() if node.children else ()
        slopes = tuple(
            s if c in wanted else None for c, s in zip(node.children, local, strict=True)
        )
        passes = tuple(None if s is None else upstream * s for s in slopes)
        rows.append(
            TraceRow(
                index=index[node],
                label=describe(node),
                op=node.op,
                symbol=symbol(node),
                value=run.values[node],
                upstream=upstream,
                children=tuple(describe(child) for child in node.children),
                slopes=slopes,
                passes=passes,
                uses=uses[node],
            )
        )
    return rows


def scalar_row(row: TraceRow) -> TraceRow:
    """The row with its numbers as Python floats (for a trace at one point)."""

    def number(value: Any) -> Any:
        return None if value is None else float(value)

    return replace(
        row,
        value=float(row.value),
        upstream=number(row.upstream),
        slopes=tuple(number(s) for s in row.slopes),
        passes=tuple(number(p) for p in row.passes),
    )


def trace(expr: Any, **values: Any) -> list[TraceRow]:
    """The backward pass of an `Expression` at a point, one row per node, output first.

    ``list(reversed(trace(...)))`` is the forward order (inputs first); see also
    `forward_trace`. Values are floats for scalar inputs and arrays for array inputs.
    """
    return expr.trace(**values)


def forward_trace(expr: Any, **values: Any) -> list[TraceRow]:
    """The same rows as `trace` in forward order: inputs first, the output last."""
    return list(reversed(expr.trace(**values)))
