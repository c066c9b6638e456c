"""Reverse-mode autodiff: gradients against hand-derived formulas and against finite differences."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gradtui.calculus.autodiff import FUNCTIONS
from gradtui.calculus.expr import parse
from gradtui.calculus.numeric import central_difference
from gradtui.calculus.trace import trace

POINTS = np.array([-1.7, -0.4, 0.3, 1.1, 2.5])


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


@pytest.mark.parametrize(
    ("text", "slope"),
    [
        ("x**3 - 2*x", lambda x: 3 * x**2 - 2),
        ("x^3 - 2*x", lambda x: 3 * x**2 - 2),
        ("sin(x)", np.cos),
        ("cos(x)", lambda x: -np.sin(x)),
        ("tan(x)", lambda x: 1 / np.cos(x) ** 2),
        ("exp(x)", np.exp),
        ("tanh(x)", lambda x: 1 - np.tanh(x) ** 2),
        ("sigmoid(x)", lambda x: sigmoid(x) * (1 - sigmoid(x))),
        ("x * sin(x)", lambda x: np.sin(x) + x * np.cos(x)),
        ("x / (1 + x**2)", lambda x: (1 - x**2) / (1 + x**2) ** 2),
        ("sin(x**2)", lambda x: 2 * x * np.cos(x**2)),
        ("exp(sin(x)) * 3", lambda x: 3 * np.cos(x) * np.exp(np.sin(x))),
        ("x * x * x", lambda x: 3 * x**2),
        ("x + x + x - x", lambda x: 2 + 0 * x),
        ("1 / x", lambda x: -1 / x**2),
        ("-x", lambda x: -1 + 0 * x),
        ("2**x", lambda x: np.log(2) * 2**x),
        ("x**x", lambda x: np.abs(x) ** x * (np.log(np.abs(x)) + 1)),
        ("abs(x)", np.sign),
        ("relu(x)", lambda x: (x > 0).astype(float)),
        ("7", lambda x: 0 * x),
    ],
)
def test_slopes_match_hand_derived_formulas(text, slope):
    expr = parse(text)
    xs = np.abs(POINTS) if text == "x**x" else POINTS
    for x in xs:
        got = expr.derivative("x")(float(x))
        assert got == pytest.approx(float(slope(x)), rel=1e-12, abs=1e-12), (text, x)


@pytest.mark.parametrize(
    ("text", "slope", "points"),
    [
        ("log(x)", lambda x: 1 / x, [0.1, 1.0, 3.0]),
        ("sqrt(x)", lambda x: 0.5 / np.sqrt(x), [0.1, 1.0, 3.0]),
        ("log(1 + x**2)", lambda x: 2 * x / (1 + x**2), POINTS),
    ],
)
def test_slopes_on_positive_domains(text, slope, points):
    derivative = parse(text).derivative("x")
    for x in points:
        assert derivative(float(x)) == pytest.approx(float(slope(x)), rel=1e-12)


def test_multivariable_bowl():
    value, gradient = parse("(x-1)^2 + 10*y^2").value_and_gradient(x=3, y=-0.5)
    assert value == pytest.approx(4 + 2.5)
    assert gradient == {"x": pytest.approx(4.0), "y": pytest.approx(-10.0)}


def test_the_brief_example():
    value, gradient = parse("x**2*y + sin(y)").value_and_gradient(x=1, y=2)
    assert value == pytest.approx(2 + math.sin(2))
    assert gradient["x"] == pytest.approx(4.0)  # 2xy
    assert gradient["y"] == pytest.approx(1 + math.cos(2))  # x**2 + cos(y)


def test_choices_where_there_is_no_ordinary_derivative():
    assert parse("abs(x)").gradient(x=0)["x"] == 0.0
    assert parse("relu(x)").gradient(x=0)["x"] == 0.0
    assert parse("sqrt(x)").gradient(x=0)["x"] == math.inf
    # log(0) has no value (it is not -infinity), and so neither has its slope there
    with np.errstate(all="ignore"):
        value, slopes = FUNCTIONS["log"](np.float64(0.0))
        assert math.isnan(value) and math.isnan(slopes()[0])
    assert math.isnan(parse("log(x)").gradient(x=0)["x"])
    assert math.isnan(parse("log(x) + y").gradient(x=-1, y=0)["y"])  # log(-1): no value at all
    assert parse("x**0").gradient(x=0)["x"] == 0.0
    assert parse("x**2").gradient(x=0)["x"] == 0.0


def test_numeric_trouble_in_constants_does_not_leak_into_gradients():
    # the slope towards the exponent 2 would be 9 * log(-3) = nan; nobody needs it
    assert parse("x**2").gradient(x=-3)["x"] == pytest.approx(-6.0)


def test_gradient_arrays_match_pointwise_scalars():
    expr = parse("x**2 * y + sin(x*y)")
    xs = np.linspace(-2, 2, 7)
    gradient = expr.gradient(x=xs, y=1.5)
    assert gradient["x"].shape == gradient["y"].shape == (7,)
    for i, x in enumerate(xs):
        scalar = expr.gradient(x=float(x), y=1.5)
        assert gradient["x"][i] == pytest.approx(scalar["x"])
        assert gradient["y"][i] == pytest.approx(scalar["y"])


def test_gradient_of_a_scalar_variable_broadcasts_to_the_array_shape():
    gradient = parse("sin(x) + y").gradient(x=np.zeros((2, 3)), y=4.0)
    np.testing.assert_array_equal(gradient["y"], np.ones((2, 3)))


def test_derivative_of_an_absent_variable_is_zero():
    slope = parse("y**2").derivative("x")
    assert slope(3.0, y=1.0) == 0.0
    np.testing.assert_array_equal(slope(np.arange(3.0), y=1.0), np.zeros(3))


# --- hypothesis: random smooth expressions against central differences ---------------------

LEAVES = st.sampled_from(["x", "y", "0.5", "2", "3", "pi"])


def _extend(children):
    unary = children.map(lambda a: f"sin({a})") | children.map(lambda a: f"cos({a})")
    unary |= children.map(lambda a: f"tanh({a})") | children.map(lambda a: f"sigmoid({a})")
    unary |= children.map(lambda a: f"exp(tanh({a}))") | children.map(lambda a: f"-({a})")
    unary |= children.map(lambda a: f"log(1 + ({a})**2)")
    unary |= children.map(lambda a: f"sqrt(1 + ({a})^2)") | children.map(lambda a: f"({a})**2")
    pairs = st.tuples(children, children)
    binary = pairs.map(lambda p: f"({p[0]}) + ({p[1]})") | pairs.map(
        lambda p: f"({p[0]}) - ({p[1]})"
    )
    binary |= pairs.map(lambda p: f"({p[0]}) * ({p[1]})")
    binary |= pairs.map(lambda p: f"({p[0]}) / (1 + ({p[1]})**2)")
    return unary | binary


EXPRESSIONS = st.recursive(LEAVES, _extend, max_leaves=8)
COORDINATES = st.floats(min_value=-2.0, max_value=2.0, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(text=EXPRESSIONS, x=COORDINATES, y=COORDINATES)
def test_autodiff_agrees_with_central_differences(text, x, y):
    expr = parse(text)
    value, gradient = expr.value_and_gradient(x=x, y=y)
    assume(math.isfinite(value))
    point = {"x": x, "y": y}
    for name in expr.variables:

        def along(v, name=name):
            return expr.evaluate(**{**point, name: v})

        h = 1e-4 * max(1.0, abs(point[name]))
        coarse = central_difference(along, point[name], h)
        fine = central_difference(along, point[name], h / 2)
        slope = gradient[name]
        scale = 1.0 + abs(slope)
        # where even the two finite differences disagree, numerics cannot referee: skip
        assume(abs(coarse - fine) < 1e-3 * scale)
        assert abs(slope - fine) <= 1e-6 * scale + 3 * abs(coarse - fine), (text, name)


# --- the backward pass, node by node ------------------------------------------------------


def test_trace_starts_at_the_output_with_gradient_one():
    rows = trace(parse("x**2*y + sin(y)"), x=1, y=2)
    assert rows[0].label == "x**2 * y + sin(y)"
    assert rows[0].upstream == 1.0
    assert {row.label for row in rows} >= {"x", "y", "2", "x**2", "x**2 * y", "sin(y)"}


def test_trace_each_edge_passes_upstream_times_local_slope():
    rows = trace(parse("x**2*y + sin(y)"), x=1.5, y=-0.7)
    for row in rows:
        for slope, passed in zip(row.slopes, row.passes, strict=True):
            if slope is not None:
                assert passed == pytest.approx(row.upstream * slope)


def test_trace_a_variable_used_twice_collects_both_shares():
    expr = parse("x**2*y + sin(y)")
    rows = trace(expr, x=1, y=2)
    received = sum(
        passed
        for row in rows
        for child, passed in zip(row.children, row.passes, strict=True)
        if child == "y"
    )
    (y_row,) = [row for row in rows if row.label == "y"]
    assert y_row.uses == 2
    assert y_row.upstream == pytest.approx(received)
    assert y_row.upstream == pytest.approx(expr.gradient(x=1, y=2)["y"])


def test_trace_sin_node_reads_its_local_slope():
    rows = trace(parse("sin(y)"), y=2.0)
    assert rows[0].label == "sin(y)"
    assert rows[0].symbol == "sin"
    assert rows[0].slopes == (pytest.approx(math.cos(2.0)),)


def test_constants_receive_no_gradient():
    rows = trace(parse("3 * x"), x=2)
    (three,) = [row for row in rows if row.label == "3"]
    assert three.upstream is None
    assert rows[0].slopes[0] is None  # towards the constant


def test_the_trace_reversed_is_children_first():
    rows = list(reversed(trace(parse("sin(x * y)"), x=1, y=2)))
    seen = set()
    for row in rows:
        assert set(row.children) <= seen
        seen.add(row.label)
    assert rows[-1].label == "sin(x * y)"
    assert [row.index for row in rows] == list(range(len(rows)))


@settings(max_examples=200, deadline=None)
@given(text=EXPRESSIONS, x=COORDINATES, y=COORDINATES)
def test_node_labels_read_back_as_the_same_expression(text, x, y):
    expr = parse(text)
    again = parse(str(expr))
    assert str(again) == str(expr)
    first, second = expr.evaluate(x=x, y=y), again.evaluate(x=x, y=y)
    assert first == second or (math.isnan(first) and math.isnan(second))
