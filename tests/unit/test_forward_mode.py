"""Forward-mode autodiff (one pass per input) against hand-derived slopes, reverse mode and
central differences."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradtui.calculus.expr import parse
from gradtui.calculus.forward_mode import depends_on, tangent_pass
from gradtui.calculus.numeric import numeric_gradient
from gradtui.calculus.printing import describe


def inputs(**values: float) -> dict[str, np.float64]:
    return {name: np.float64(v) for name, v in values.items()}


def forward_mode_gradient(expr, point: dict[str, np.float64]) -> dict[str, np.float64]:
    """Every variable's slope by forward mode: one tangent pass per variable."""
    with np.errstate(all="ignore"):
        return {name: tangent_pass(expr.order, point, name)[-1].tangent for name in expr.variables}


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


# (expression, point, every partial derivative worked out by hand)
CLOSED_FORMS = [
    ("x*y + sin(x)", {"x": 0.7, "y": -1.3}, lambda x, y: {"x": y + math.cos(x), "y": x}),
    ("(a + b) * (b + 1)", {"a": 2.0, "b": 1.0}, lambda a, b: {"a": b + 1, "b": a + 2 * b + 1}),
    ("x*x + x", {"x": 3.0}, lambda x: {"x": 2 * x + 1}),
    (
        "sigmoid(w*x + b) * y",
        {"b": -0.4, "w": 0.5, "x": 2.0, "y": 3.0},
        lambda b, w, x, y: {
            "b": y * sigmoid(w * x + b) * (1 - sigmoid(w * x + b)),
            "w": y * sigmoid(w * x + b) * (1 - sigmoid(w * x + b)) * x,
            "x": y * sigmoid(w * x + b) * (1 - sigmoid(w * x + b)) * w,
            "y": sigmoid(w * x + b),
        },
    ),
    (
        "exp(sin(x)) * log(y)",
        {"x": 0.3, "y": 2.5},
        lambda x, y: {
            "x": math.cos(x) * math.exp(math.sin(x)) * math.log(y),
            "y": math.exp(math.sin(x)) / y,
        },
    ),
    ("x / (1 + x*x)", {"x": 0.6}, lambda x: {"x": (1 - x * x) / (1 + x * x) ** 2}),
    ("sqrt(x*x + y*y)", {"x": 3.0, "y": 4.0}, lambda x, y: {"x": x / 5, "y": y / 5}),
    (
        "2**x - tanh(y)",
        {"x": 1.5, "y": 0.2},
        lambda x, y: {"x": math.log(2) * 2**x, "y": -(1 - math.tanh(y) ** 2)},
    ),  # fmt: skip
]


@pytest.mark.parametrize(("text", "point", "closed"), CLOSED_FORMS)
def test_each_pass_finds_one_partial_derivative_as_worked_out_by_hand(text, point, closed):
    expr = parse(text)
    got = forward_mode_gradient(expr, inputs(**point))
    want = closed(**point)
    assert set(got) == set(want)
    for name in want:
        assert float(got[name]) == pytest.approx(want[name], rel=1e-12, abs=1e-12), name


@pytest.mark.parametrize(("text", "point", "closed"), CLOSED_FORMS)
def test_forward_mode_agrees_with_reverse_mode_and_central_differences(text, point, closed):
    expr = parse(text)
    forward = forward_mode_gradient(expr, inputs(**point))
    reverse = expr.gradient(**point)
    measured = numeric_gradient(expr, point)
    for name in expr.variables:
        assert float(forward[name]) == pytest.approx(reverse[name], rel=1e-12, abs=1e-13)
        assert float(forward[name]) == pytest.approx(measured[name], rel=1e-6, abs=1e-8)


@settings(max_examples=60, deadline=None)
@given(
    x=st.floats(-3, 3, allow_nan=False),
    y=st.floats(0.1, 3, allow_nan=False),
    text=st.sampled_from(
        [
            "x*y*y - y/x",
            "sin(x*y) + cos(x)",
            "log(y) * x**3",
            "sigmoid(x - y) * exp(-x*x)",
            "(x + y)*(x - y)*(x*y)",
            "relu(x) * abs(y - 1) + x",
        ]  # fmt: skip
    ),
)
def test_forward_and_reverse_mode_agree_anywhere(x, y, text):
    if "/x" in text and abs(x) < 1e-3:
        x = 1.0
    expr = parse(text)
    forward = forward_mode_gradient(expr, inputs(x=x, y=y))
    reverse = expr.gradient(x=x, y=y)
    for name in expr.variables:
        assert float(forward[name]) == pytest.approx(reverse[name], rel=1e-10, abs=1e-10)


def test_a_pass_seeds_its_input_with_one_and_holds_the_others_still():
    expr = parse("(a + b) * (b + 1)")
    rows = tangent_pass(expr.order, inputs(a=2.0, b=1.0), "a")
    assert [describe(node) for node in expr.order] == ["a", "b", "a + b", "1", "b + 1", str(expr)]
    # da/da = 1, db/da = 0, d(a+b)/da = 1, the 1 and b + 1 hold still, d(f)/da = b + 1 = 2
    assert [float(row.tangent) for row in rows] == [1.0, 0.0, 1.0, 0.0, 0.0, 2.0]
    assert [row.moves for row in rows] == [True, False, True, False, False, True]
    assert [float(row.value) for row in rows] == [2.0, 1.0, 3.0, 1.0, 2.0, 6.0]


def test_the_tangent_of_a_product_is_the_sum_of_slope_times_carried_tangent():
    expr = parse("(a + b) * (b + 1)")
    rows = tangent_pass(expr.order, inputs(a=2.0, b=1.0), "b")
    product = rows[-1]
    # d/db of (a+b)(b+1) = (b+1)*1 + (a+b)*1: slopes (b+1, a+b) = (2, 3), tangents (1, 1)
    assert [float(s) for s in product.slopes] == [2.0, 3.0]
    assert [float(c) for c in product.carried] == [1.0, 1.0]
    assert float(product.tangent) == 5.0


def test_nodes_that_do_not_depend_on_the_input_hold_still_even_beside_an_infinite_slope():
    expr = parse("sqrt(x) + y")
    rows = tangent_pass(expr.order, inputs(x=0.0, y=2.0), "y")
    assert float(rows[-1].tangent) == 1.0  # not nan: sqrt's infinite slope meets a 0 tangent
    sqrt_row = rows[1]
    assert not sqrt_row.moves and sqrt_row.slopes == (None,)
    assert depends_on(expr.order, "y") == frozenset({expr.order[2], expr.order[3]})


def test_the_module_imports_without_textual():
    probe = "import sys, gradtui.calculus.forward_mode; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.strip() == "False"
