"""Where an expression has no value, which operation took it away: "log of 0", "division by
zero", "square root of a negative number".

An operation with no value there gives nan, and nan passes up through everything above it:
sigmoid(y/x) at x = 0 has no value because y/x has none. `why_undefined` walks the forward pass
and names the first operation that turned ordinary numbers into no number.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from gradtui.calculus.autodiff import Node, forward
from gradtui.calculus.printing import describe


def _reason(op: str, inputs: list[float]) -> str:
    """Why operation `op` has no value at these (ordinary or infinite) inputs."""
    if op == "/" and inputs[1] == 0:
        return "division by zero"
    if op == "log":
        return "log of 0" if inputs[0] == 0 else "log of a negative number"
    if op == "sqrt":
        return "square root of a negative number"
    if op == "**" and inputs[0] == 0 and inputs[1] < 0:
        return "0 to a negative power, which divides by zero"
    if op == "**" and inputs[0] < 0:
        return "a negative number to a power that is not whole"
    if any(math.isinf(value) for value in inputs):
        return "it was given infinity, a number too large for floating point"
    return "no value"


def why_undefined(order: tuple[Node, ...], inputs: Mapping[str, Any]) -> str | None:
    """For one point (plain numbers): 'y / x has no value here (division by zero)', naming the
    first operation whose inputs were numbers (or infinity) but whose output is none; None
    when the expression has a value there (infinity counts as one)."""
    with np.errstate(all="ignore"):
        run = forward(order, inputs)
    if np.ndim(run.output) != 0 or not math.isnan(float(run.output)):
        return None
    for node in order:
        if not node.children:
            continue
        values = [float(run.values[child]) for child in node.children]
        if math.isnan(float(run.values[node])) and not any(map(math.isnan, values)):
            return f"{describe(node)} has no value here ({_reason(node.op, values)})"
    return None
