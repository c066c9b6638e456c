"""Forward-mode automatic differentiation: one pass per input, carrying a slope forward.

Reverse mode (autodiff.py) finds every input's slope with one forward and one backward pass.
Forward mode walks the same node order, children first, just once per input: alongside each
node's value it carries the node's *tangent*, d(node)/d(input) -- how fast the node moves when
that one input is nudged and the others hold still. The input itself has tangent 1, the other
inputs 0, and every operation adds up (local slope towards a child) x (the child's tangent):

    d(node)/d(input) = sum over its children of  local slope  x  d(child)/d(input)

which is the chain rule read from the inputs up. It is the same as computing with dual numbers
v + t*eps (eps*eps = 0). The local slopes are the very ones the backward pass uses (each
operation in autodiff.OPERATIONS returns them), so the two modes differ only in the order
the products are added up: forward mode needs as many passes as there are inputs, reverse
mode one backward pass for all of them.

A node that does not depend on the input has tangent exactly 0 and is left out of the sums,
so an infinite local slope towards something that holds still (sqrt at 0) cannot turn a
plain 0 into nan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from gradtui.calculus.autodiff import MatrixSlope, Node, Value, forward


@dataclass(frozen=True)
class TangentRow:
    """One node as a forward-mode pass meets it (in forward order: inputs first).

    ``slopes`` holds the local slope towards each child and ``carried`` each child's tangent,
    both None for a child that does not depend on the input (it holds still, adds nothing).
    """

    index: int  # position in forward order
    value: Value
    tangent: Value  # d(node) / d(input)
    slopes: tuple[Value | None, ...]
    carried: tuple[Value | None, ...]
    moves: bool  # whether the node depends on the input at all


def depends_on(order: tuple[Node, ...], name: str) -> frozenset[Node]:
    """The nodes whose value moves when the variable `name` is nudged."""
    found: set[Node] = set()
    for node in order:  # children come first, so their answers are ready
        if (node.op == "variable" and node.name == name) or any(
            child in found for child in node.children
        ):
            found.add(node)
    return frozenset(found)


def tangent_pass(
    order: tuple[Node, ...], inputs: Mapping[str, Value], seed: str
) -> list[TangentRow]:
    """One forward-mode pass: every node's value and d(node)/d(`seed`), in forward order.

    Call it inside ``np.errstate(all="ignore")`` (1/0 is inf, not a warning).
    """
    run = forward(order, inputs)
    moving = depends_on(order, seed)
    tangents: dict[Node, Value] = {}
    rows = []
    for index, node in enumerate(order):
        slopes: tuple[Value | None, ...] = ()
        carried: tuple[Value | None, ...] = ()
        if node.op == "variable":
            tangent = 1.0 if node.name == seed else 0.0
        elif node not in moving:
            tangent = 0.0  # nothing below it moves: it holds still
            slopes = carried = (None,) * len(node.children)
        else:
            local = run.slopes[node]()
            slopes = tuple(
                s if c in moving else None for c, s in zip(node.children, local, strict=True)
            )
            carried = tuple(tangents[c] if c in moving else None for c in node.children)
            tangent = 0.0
            for slope, incoming in zip(slopes, carried, strict=True):
                if isinstance(slope, MatrixSlope):
                    tangent = tangent + slope.carry(incoming)
                elif slope is not None:
                    tangent = tangent + slope * incoming
        tangents[node] = tangent
        rows.append(TangentRow(index, run.values[node], tangent, slopes, carried, node in moving))
    return rows
