"""A readable record of the backward pass: one row per node, what arrives and what is passed on.

`gradtui grad --trace` prints it (`backward_table`), and the chain-rule lesson's graph scene
steps through it. It runs the very passes of autodiff.py and only writes down what they did:
`shares` lists what each node receives, in the order the backward pass adds it (the ``+=``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from gradtui.calculus.autodiff import Node, Value, backward, chain, forward, leads_to_variable
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
    child_indexes: tuple[int, ...] = ()  # the children's positions in forward order


def trace_rows(
    order: tuple[Node, ...],
    inputs: Mapping[str, Value],
    label: Callable[[Node], str] = describe,
) -> list[TraceRow]:
    """The backward pass node by node, output first. Call inside ``np.errstate(all="ignore")``.

    `label` names each node (by default the sub-expression it computes; a big graph names its
    nodes itself, since a sub-expression's text grows with everything below it)."""
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
        passes = tuple(None if s is None else chain(upstream, s) for s in slopes)
        rows.append(
            TraceRow(
                index=index[node],
                label=label(node),
                op=node.op,
                symbol=symbol(node),
                value=run.values[node],
                upstream=upstream,
                children=tuple(label(child) for child in node.children),
                slopes=slopes,
                passes=passes,
                uses=uses[node],
                child_indexes=tuple(index[child] for child in node.children),
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

    ``list(reversed(trace(...)))`` is the forward order (inputs first). Values are floats
    for scalar inputs and arrays for array inputs.
    """
    return expr.trace(**values)


@dataclass(frozen=True)
class Share:
    """One share of gradient a node receives: ``grad[node] += amount`` (from node `giver`)."""

    giver: int  # forward-order position of the node that passed it down
    amount: Value
    total: Value  # the receiver's gradient once this share is added


def shares(rows: list[TraceRow]) -> dict[int, list[Share]]:
    """What every node receives, by forward-order position, in the order the backward pass
    adds it. The running totals are the same additions, in the same order, as autodiff's
    ``grad[child] += grad[node] * local_slope``, so the last total is the node's gradient."""
    received: dict[int, list[Share]] = {}
    totals: dict[int, Value] = {}
    for row in rows:  # output first: the order the backward pass walks
        for child, passed in zip(row.child_indexes, row.passes, strict=True):
            if passed is None:
                continue  # a constant: nobody nudges it
            total = totals.get(child, 0.0) + passed
            totals[child] = total
            received.setdefault(child, []).append(Share(row.index, passed, total))
    return received


def sum_of_shares(received: list[Share], number: Callable[[Any], str]) -> str:
    """``3 + 2 = 5``: the shares a node collected and their total, spelled by `number`."""
    terms = [number(share.amount) for share in received]
    terms = [f"({term})" if term.startswith("-") else term for term in terms]
    return f"{' + '.join(terms)} = {number(received[-1].total)}"


NODE, CHILD, NUMBER = 18, 12, 10  # column widths of the backward table


def _short(label: str, width: int) -> str:
    return label if len(label) <= width else label[: width - 3] + "..."


def backward_table(rows: list[TraceRow], number: Callable[[Any], str]) -> list[str]:
    """The backward pass as a table, output first: one line per edge from a node down to a
    child (its local slope and what it passes), and for a node that collects several shares
    the sum they make. `number` spells every number (inf and nan included)."""
    received = shares(rows)
    lines = [
        "backward pass, from the output down. The output's gradient is 1; each node",
        "passes each child (its gradient) times (local slope), and a child adds up what it",
        "receives.",
        "",
        f"{'node':<{NODE}} {'value':>{NUMBER}} {'gradient':>{NUMBER}}   "
        f"{'to child':<{CHILD}} {'local slope':>{NUMBER + 1}} {'passes':>{NUMBER}}",
    ]
    for row in rows:
        head = (
            f"{_short(row.label, NODE):<{NODE}} {number(row.value):>{NUMBER}} "
            f"{number(row.upstream):>{NUMBER}}"
        )
        collected = received.get(row.index, [])
        if row.upstream is None:
            lines.append(f"{head}   (a constant: nobody nudges it)")
            continue
        if not row.children:
            note = "input"
            if row.uses > 1:
                note = f"input, used {row.uses} times: {sum_of_shares(collected, number)}"
            lines.append(f"{head}   ({note})")
            continue
        for i, (child, slope, passed) in enumerate(
            zip(row.children, row.slopes, row.passes, strict=True)
        ):
            start = head if i == 0 else " " * len(head)
            child_text = f"{_short(child, CHILD):<{CHILD}}"
            if slope is None:
                lines.append(f"{start}   {child_text} {'(constant)':>{NUMBER + 1}}")
            else:
                numbers = f"{number(slope):>{NUMBER + 1}} {number(passed):>{NUMBER}}"
                lines.append(f"{start}   {child_text} {numbers}")
        if len(collected) > 1:
            lines.append(f"{' ' * len(head)}   (shares added: {sum_of_shares(collected, number)})")
    return lines
