"""The safe expression parser: what it accepts, how it evaluates, and how it explains mistakes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gradtui.calculus.expr import ExprError, parse


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("x**2 + 1", {"x": 3}, 10.0),
        ("x^2 + 1", {"x": 3}, 10.0),
        ("-x^2", {"x": 3}, -9.0),
        ("(-3)**2", {}, 9.0),
        ("2**-1", {}, 0.5),
        ("2^3^2", {}, 512.0),
        ("1 - 2 - 3", {}, -4.0),
        ("8 / 4 / 2", {}, 1.0),
        ("+x", {"x": 2}, 2.0),
        ("- -x", {"x": 2}, 2.0),
        ("sin(pi / 2)", {}, 1.0),
        ("log(e)", {}, 1.0),
        ("sqrt(16) + abs(-3)", {}, 7.0),
        ("exp(0) + cos(0) + tan(0)", {}, 2.0),
        ("tanh(0) + sigmoid(0)", {}, 0.5),
        ("relu(-2) + relu(3)", {}, 3.0),
        ("  x * y  ", {"x": 2, "y": 5}, 10.0),
        ("1.5e2 + .5 + 2.", {}, 152.5),
        ("x\t+\n1", {"x": 1}, 2.0),
    ],
)
def test_values_match_ordinary_arithmetic(text, values, expected):
    assert parse(text).evaluate(**values) == pytest.approx(expected)


def test_variables_are_sorted_and_exclude_functions_and_constants():
    expr = parse("y * sin(x) + pi * e + b")
    assert expr.variables == ("b", "x", "y")


def test_caret_power_is_read_as_power_not_xor():
    assert parse("x^2 + 1").evaluate(x=2) == 5.0
    assert str(parse("x^2")) == "x**2"


def test_scalar_in_gives_python_float_out():
    value = parse("x * 2").evaluate(x=1)
    assert type(value) is float


def test_call_shortcut_for_one_variable():
    f = parse("x**2")
    assert f(3) == 9.0
    assert f(x=3) == 9.0
    np.testing.assert_allclose(parse("3")(np.arange(4.0)), [3, 3, 3, 3])


def test_call_shortcut_refuses_ambiguity():
    with pytest.raises(ExprError):
        parse("x * y")(2)


def test_floating_point_trouble_gives_values_not_exceptions():
    assert math.isnan(parse("1 / 0").evaluate())  # no value: 1/0 is not infinity
    assert math.isnan(parse("log(0)").evaluate())
    assert math.isnan(parse("0 ** -1").evaluate())
    assert math.isnan(parse("log(-1)").evaluate())
    assert parse("exp(1000)").evaluate() == math.inf
    assert parse("9**9**9").evaluate() == math.inf
    assert parse("1e308 * 10").evaluate() == math.inf
    assert math.isnan(parse("0 / 0").evaluate())
    assert math.isnan(parse("x**0.5").evaluate(x=-4))
    assert parse("sigmoid(-1000)").evaluate() == 0.0


def test_arrays_broadcast_and_match_pointwise_scalars():
    expr = parse("x**2 * y + sin(y)")
    xs = np.linspace(-2, 2, 5)
    ys = np.array([[0.5], [1.5]])
    values = expr.evaluate(x=xs, y=ys)
    assert values.shape == (2, 5)
    for i, y in enumerate(ys[:, 0]):
        for j, x in enumerate(xs):
            assert values[i, j] == pytest.approx(expr.evaluate(x=x, y=y))


def test_inputs_are_not_modified():
    xs = np.array([1.0, 2.0, 3.0])
    parse("x * x + x").gradient(x=xs)
    np.testing.assert_array_equal(xs, [1.0, 2.0, 3.0])


def test_missing_variable_is_named():
    with pytest.raises(ExprError, match="y") as caught:
        parse("x + 2*y").evaluate(x=1)
    assert caught.value.column == 7


def test_extra_variables_are_ignored():
    assert parse("x + 1").evaluate(x=1, unused=5) == 2.0


def test_bad_values_raise_expr_error():
    with pytest.raises(ExprError):
        parse("x").evaluate(x="abc")
    with pytest.raises(ExprError):
        parse("x").evaluate(x=1 + 2j)
    with pytest.raises(ExprError):
        parse("x + y").evaluate(x=np.zeros(3), y=np.zeros(4))


def test_allowed_variables_restrict_names():
    assert parse("a*x + b", variables=["a", "b", "x"]).variables == ("a", "b", "x")
    with pytest.raises(ExprError, match="may use a, x") as caught:
        parse("a*x + z", variables=["x", "a"])
    assert caught.value.column == 7


def test_no_variables_allowed_still_allows_constants():
    assert parse("pi / 2", variables=()).evaluate() == pytest.approx(math.pi / 2)
    with pytest.raises(ExprError, match="only numbers"):
        parse("x", variables=())


@pytest.mark.parametrize(
    ("text", "hint", "column"),
    [
        ("3x", "3*x", 2),
        ("2(x+1)", "2*(x+1)", 2),
        ("sin(3x)", "3*x", 6),
        ("x y", "x*y", 3),
        ("2 sin(x)", "2*sin", 3),
        ("(x+1)(x-1)", "missing between ')' and '('", 6),
        ("x = 2", "not an equation", 3),
        ("x == 2", "not an equation", 3),
        ("foo(x)", "known: sin, cos", 1),
        ("sin x", "sin(x)", 1),
        ("(x + 1", "never closed", 1),
        ("x + 1)", "no matching '('", 6),
        ("x +", "right", 3),
        ("* x", "left", 1),
        ("sin(x, y)", "one argument", 6),
        ("sin()", "exactly one argument", 1),
        ("1..2", "one '.'", 3),
        ("х + 1", "CYRILLIC", 1),
        ("x if y else 1", "Python word", 3),
        ("", "empty", 1),
    ],
)
def test_mistakes_get_a_hint_and_a_column(text, hint, column):
    with pytest.raises(ExprError) as caught:
        parse(text)
    assert hint in str(caught.value)
    assert caught.value.column == column
    assert caught.value.text == text


def test_caret_points_under_the_column():
    with pytest.raises(ExprError) as caught:
        parse("x + 3y")
    text_line, caret_line = caught.value.caret().splitlines()
    assert text_line == "x + 3y"
    assert caret_line == "     ^"


def test_caret_shows_unprintable_characters_as_question_marks():
    with pytest.raises(ExprError) as caught:
        parse("x\x1b[2J + 1")
    text_line, caret_line = caught.value.caret().splitlines()
    assert "\x1b" not in text_line
    assert text_line.startswith("x?")
    assert caret_line == " ^"


def test_caret_of_a_huge_text_stays_short():
    with pytest.raises(ExprError) as caught:
        parse("x" * 1_000_000)
    text_line, caret_line = caught.value.caret().splitlines()
    assert len(text_line) < 100
    assert caret_line.endswith("^")


def test_expr_error_is_a_value_error():
    assert issubclass(ExprError, ValueError)


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("x**2*y + sin(y)", "x**2 * y + sin(y)"),
        ("(x+1)*(x-1)", "(x + 1) * (x - 1)"),
        ("a-(b-c)", "a - (b - c)"),
        ("(a-b)-c", "a - b - c"),
        ("a/(b*c)", "a / (b * c)"),
        ("(-x)**2", "(-x)**2"),
        ("-x**2", "-x**2"),
        ("(x**2)**3", "(x**2)**3"),
        ("x**2**3", "x**2**3"),
        ("2*pi", "2 * pi"),
        ("0.5*x", "0.5 * x"),
    ],
)
def test_printing_back_keeps_meaning(text, printed):
    expr = parse(text)
    assert str(expr) == printed
    again = parse(printed)
    values = {name: 1.3 + i for i, name in enumerate(expr.variables)}
    assert again.evaluate(**values) == pytest.approx(expr.evaluate(**values))


@pytest.mark.parametrize(
    ("text", "at", "why"),
    [
        ("sigmoid(y/x)", {"x": 0.0, "y": 2.0}, "y / x has no value here (division by zero)"),
        ("log(x)*y", {"x": 0.0, "y": 2.0}, "log(x) has no value here (log of 0)"),
        ("1 + log(x - 3)", {"x": 1.0}, "log(x - 3) has no value here (log of a negative number)"),
        ("sqrt(x - 3)", {"x": 1.0}, "sqrt(x - 3) has no value here (square root of a negative"),
        ("tanh(x**-2)", {"x": 0.0}, "x**(-2) has no value here (0 to a negative power"),
        ("(-8)**x", {"x": 1 / 3}, "(-8)**x has no value here (a negative number to a power"),
        ("exp(x) - exp(x)", {"x": 1000.0}, "exp(x) - exp(x) has no value here (it was given inf"),
    ],
)
def test_where_f_has_no_value_the_operation_that_took_it_away_is_named(text, at, why):
    """sigmoid(1/0) used to read 1 (1/0 was infinity, and sigmoid swallowed it)."""
    expr = parse(text)
    assert math.isnan(expr.evaluate(**at))
    assert all(math.isnan(slope) for slope in expr.gradient(**at).values())
    assert expr.why_undefined(**at).startswith(why)


def test_a_value_too_large_for_floats_is_infinity_and_keeps_its_slope():
    value, gradient = parse("x**2").value_and_gradient(x=1e200)
    assert value == math.inf and gradient["x"] == pytest.approx(2e200)
    assert parse("x**2").why_undefined(x=1e200) is None
    assert parse("x + 1").why_undefined(x=1.0) is None
