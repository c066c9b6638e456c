"""`gradtui grad` arguments at their edges: a leading minus, non-ASCII digits, nothing typed."""

from __future__ import annotations

import pytest

from gradtui.calculus.expr import ExprError, parse
from gradtui.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["grad", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    "args",
    [
        ("-x**2", "--at", "x=1"),
        ("--at", "x=1", "-x**2"),
        ("--json", "-x**2", "--at", "x=1"),
    ],
)
def test_an_expression_may_start_with_a_minus(capsys, args):
    code, out, err = run(capsys, *args)
    assert (code, err) == (0, "")
    assert "-x**2" in out
    assert "-1" in out  # the value at x = 1
    assert "df/dx" in out or '"grad": {"x": -2.0}' in out


def test_a_negative_number_and_help_still_mean_what_they_did(capsys):
    code, out, _ = run(capsys, "-1")
    assert code == 0 and "value        -1" in out
    assert main(["grad", "-h"]) == 0
    assert "usage: gradtui grad" in capsys.readouterr().out


def test_a_fullwidth_digit_in_a_value_is_refused_as_expressions_refuse_it(capsys):
    with pytest.raises(ExprError) as refused:
        parse("x + \uff11")
    code, out, err = run(capsys, "x**2", "--at", "x=\uff11")
    assert code == 2 and out == ""
    first, text, caret = err.splitlines()
    assert first == f"gradtui grad: --at x=?: {refused.value.message}"
    assert "not plain ASCII" in first
    assert (text, caret) == ("x=?", "  ^")


def test_an_empty_expression_gets_its_caret_line(capsys):
    code, _, err = run(capsys, "", "--at", "x=1")
    assert code == 2
    assert err.splitlines() == [
        "gradtui grad: the expression is empty: type something like x**2",
        "",
        "^",
    ]
