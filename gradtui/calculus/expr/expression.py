"""The parsed expression: evaluate it, get its gradient by reverse-mode autodiff, its
derivative as a function, the rows of its passes, and why it has no value where it has none.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from gradtui.calculus import autodiff
from gradtui.calculus.autodiff import Node
from gradtui.calculus.expr.rules import ExprError
from gradtui.calculus.printing import describe
from gradtui.calculus.trace import TraceRow, scalar_row, trace_rows
from gradtui.calculus.undefined import why_undefined


class Expression:
    """A parsed expression: evaluate it, and get its gradient by reverse-mode autodiff.

    Values may be numbers or numpy arrays (broadcast together); numbers give a float back,
    arrays give arrays of the broadcast shape. Floating-point trouble never raises:
    1/0 and log(-1) have no value (nan), exp(1000) is inf.
    """

    def __init__(self, text: str, root: Node) -> None:
        self.text = text
        self.root = root
        self.order = autodiff.forward_order(root)
        self._wanted = autodiff.leads_to_variable(self.order)
        names = {node.name: node for node in self.order if node.op == "variable"}
        self.variables: tuple[str, ...] = tuple(sorted(names))
        self._variable_nodes = names

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"

    def __str__(self) -> str:
        return describe(self.root)

    def column_of(self, name: str) -> int:
        """Where variable `name` first appears in the text (1-based), for pointing at it."""
        node = self._variable_nodes.get(name)
        return 1 if node is None else node.column

    # -- inputs --

    def _inputs(self, values: dict[str, Any]) -> tuple[dict[str, Any], tuple[int, ...]]:
        """The values of this expression's variables as float64, and their broadcast shape."""
        inputs: dict[str, Any] = {}
        shapes = []
        for name in self.variables:
            if name not in values:
                raise ExprError(f"no value given for {name}", self.text, self.column_of(name))
            value = values[name]
            if np.iscomplexobj(value):
                raise ExprError(f"the value of {name} must be a real number", self.text, 1)
            try:
                array = np.asarray(value, dtype=np.float64)
            except (TypeError, ValueError):
                raise ExprError(f"the value of {name} must be a number", self.text, 1) from None
            shapes.append(array.shape)
            inputs[name] = array if array.ndim else array[()]
        try:
            shape = np.broadcast_shapes(*shapes)
        except ValueError:
            raise ExprError("the values' array shapes do not fit together", self.text, 1) from None
        return inputs, shape

    @staticmethod
    def _shaped(value: Any, shape: tuple[int, ...]) -> Any:
        if not shape:
            return float(value)
        return np.array(np.broadcast_to(value, shape), dtype=np.float64)

    # -- evaluation --

    def evaluate(self, **values: Any) -> Any:
        """The expression's value; extra names are ignored, a missing one is an ExprError."""
        inputs, shape = self._inputs(values)
        with np.errstate(all="ignore"):
            run = autodiff.forward(self.order, inputs)
        return self._shaped(run.output, shape)

    def __call__(self, *position: Any, **values: Any) -> Any:
        """``expr(x=2)`` is ``expr.evaluate(x=2)``; with one variable (or none), ``expr(2)`` too.

        The positional form lets an expression stand in for a plain function f(x), as
        numeric.secant_slope and the plotting code expect.
        """
        if position:
            if len(position) > 1 or len(self.variables) > 1:
                names = ", ".join(self.variables)
                raise ExprError(f"give values by name ({names}), e.g. f(x=1)", self.text, 1)
            name = self.variables[0] if self.variables else "x"
            value = self.evaluate(**{**values, name: position[0]})
            shape = np.shape(position[0])  # a constant plotted over xs is still one y per x
            return self._shaped(value, np.broadcast_shapes(shape, np.shape(value)))
        return self.evaluate(**values)

    def value_and_gradient(self, **values: Any) -> tuple[Any, dict[str, Any]]:
        """The value and every partial derivative, from one forward and one backward pass.

        Where the expression has no value (log(-1), 1/0) no slope is claimed: the partials
        there are nan, whatever the local slopes would multiply to. A value too large for
        floating point (x**2 at x = 1e200) is infinity, and keeps the slopes it has.
        """
        inputs, shape = self._inputs(values)
        with np.errstate(all="ignore"):
            value, gradient = self.raw_value_and_gradient(inputs)
            undefined = np.isnan(value)
            if np.any(undefined):
                gradient = {name: np.where(undefined, np.nan, g) for name, g in gradient.items()}
        return self._shaped(value, shape), {
            name: self._shaped(slope, shape) for name, slope in gradient.items()
        }

    def raw_value_and_gradient(self, inputs: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        """Fast path for loops: float64 inputs in, raw numpy results out.

        The caller converts inputs and wraps the call in ``np.errstate(all="ignore")``.
        """
        run = autodiff.forward(self.order, inputs)
        gradients = autodiff.backward(run, self._wanted)
        return run.output, {name: gradients[self._variable_nodes[name]] for name in self.variables}

    def gradient(self, **values: Any) -> dict[str, Any]:
        """Partial derivatives by reverse-mode autodiff, keyed by variable name."""
        return self.value_and_gradient(**values)[1]

    def derivative(self, var: str = "x") -> Callable[..., Any]:
        """The slope function f'(x) for one variable: call it as ``slope(x_value, **others)``."""

        def slope(value: Any, **others: Any) -> Any:
            if var not in self.variables:  # the expression does not move with var at all
                _, shape = self._inputs(others)
                return self._shaped(0.0, np.broadcast_shapes(shape, np.shape(value)))
            return self.gradient(**{**others, var: value})[var]

        return slope

    def why_undefined(self, **values: Any) -> str | None:
        """At a point where the expression has no value, which operation took it away
        ('y / x has no value here (division by zero)'); None where it has one."""
        inputs, shape = self._inputs(values)
        return None if shape else why_undefined(self.order, inputs)

    def trace(self, **values: Any) -> list[TraceRow]:
        """The backward pass node by node, output first (see trace.trace_rows)."""
        inputs, shape = self._inputs(values)
        with np.errstate(all="ignore"):
            rows = trace_rows(self.order, inputs)
        if shape:
            return rows
        return [scalar_row(row) for row in rows]
