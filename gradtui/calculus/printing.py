"""A graph written back as text: ``x**2 * y``, with only the parentheses it needs.

The parser (expr.py) reads text into autodiff nodes; this is the way back, used for an
expression's canonical form, for the labels of a trace and for the boxes of a graph drawing.
"""

from __future__ import annotations

from gradtui.calculus.autodiff import FUNCTIONS, Node

# How tightly each kind of node binds when printed back as text (higher binds tighter).
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "@": 2, "neg": 3, "**": 4}
_CALLS = ("mean", "sum", "log_loss")  # written as calls, like functions: log_loss(z, y)
_ATOM = 5


def format_constant(value: float) -> str:
    """A constant as short text: 3 rather than 3.0, 0.5, 1e-08, inf."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def symbol(node: Node) -> str:
    """A short name for what a node does: ``x``, ``3``, ``*``, ``sin``."""
    if node.op == "variable" or node.name is not None:
        return node.name or ""
    if node.op == "constant":
        return format_constant(float(node.constant))
    return "-" if node.op == "neg" else node.op


def describe(node: Node) -> str:
    """The sub-expression under `node` as text, e.g. ``x**2 * y``."""
    if not node.children:
        return symbol(node)
    if node.op in FUNCTIONS or node.op in _CALLS:
        return f"{node.op}({', '.join(describe(child) for child in node.children)})"
    mine = _PRECEDENCE[node.op]
    if node.op == "neg":
        (inner,) = node.children
        text = describe(inner)
        return f"-({text})" if _precedence(inner) < mine or inner.op == "neg" else f"-{text}"
    left, right = node.children
    left_text, right_text = describe(left), describe(right)
    if node.op == "**":
        # ** groups to the right and binds tighter than a minus sign on its left: (-x)**2.
        if _precedence(left) <= mine:
            left_text = f"({left_text})"
        if _precedence(right) < mine:
            right_text = f"({right_text})"
        return f"{left_text}**{right_text}"
    if _precedence(left) < mine:
        left_text = f"({left_text})"
    # A right operand of the same precedence keeps its parentheses: a - (b - c) needs them,
    # and a * (b / c) keeps them so the label shows the graph as it is (floating point does
    # not regroup freely: 3 * (x / y) and 3 * x / y can differ in the last digit).
    if _precedence(right) <= mine:
        right_text = f"({right_text})"
    return f"{left_text} {node.op} {right_text}"


def _precedence(node: Node) -> int:
    if node.op == "constant" and node.name is None and float(node.constant) < 0:
        return _PRECEDENCE["neg"]
    return _PRECEDENCE.get(node.op, _ATOM)
