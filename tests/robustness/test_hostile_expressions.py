"""Hostile typed expressions: every one is refused with ExprError or evaluates harmlessly.

Also a source check: nothing under gradtui/ calls eval/exec/compile or imports pickle/marshal.
"""

from __future__ import annotations

import ast
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradtui.calculus.expr import ExprError, parse

PACKAGE = Path(__file__).resolve().parents[2] / "gradtui"

HOSTILE = [
    "__import__('os')",
    "__import__",
    "().__class__.__bases__[0]",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__",
    "x.real",
    "(1).__class__",
    "sin.__globals__",
    "lambda: 1",
    "lambda x: x",
    "[x for x in y]",
    "(x for x in y)",
    "{x for x in y}",
    "{x: 1}",
    "[1, 2]",
    "(1, 2)",
    "()",
    "f'{x}'",
    "'a'",
    'b"a"',
    "(y:=1)",
    "x[0]",
    "x[0:1]",
    "sin(x)(1)",
    "open('f')",
    "open",
    "getattr(x, 'y')",
    "getattr",
    "globals()",
    "locals()",
    "vars()",
    "dir()",
    "eval('1')",
    "exec('1')",
    "compile('1', 'f', 'eval')",
    "breakpoint()",
    "input()",
    "print(1)",
    "import os",
    "from os import system",
    "os.system('ls')",
    "np.sin(x)",
    "numpy",
    "sin(x=1)",
    "sin(*x)",
    "sin(**x)",
    "sin(x, y)",
    "sin()",
    "x if y else 1",
    "x and y",
    "x or y",
    "not x",
    "x < y",
    "x == y",
    "x is y",
    "x in y",
    "x @ y",
    "x % y",
    "x // y",
    "x << 1",
    "x & y",
    "x | y",
    "~x",
    "x; y",
    "x\ny = 1",
    "await x",
    "yield x",
    "None",
    "True",
    "...",
    "1j",
    "0x10",
    "_",
    "_x",
    "__builtins__",
    "х",  # Cyrillic ha, a look-alike of x
    "ѕin(x)",  # Cyrillic dze, a look-alike of s
    "ｘ",  # fullwidth x
    "x\u200b",  # zero-width space
    "x\u202e",  # right-to-left override
    "x\x00",
    "\x00",
    "x\x1b[2J",
    "\\x41",
    "$x",
    "`x`",
    "#x",
    "x#",
    "?",
    "x!",
    "3x",
    "2(x+1)",
    "x y",
    "",
    "   ",
    "(",
    ")",
    "x**",
    "sin",
    "a" * 33,
    "x" * 1_000_000,
    "(" * 10_000 + "x" + ")" * 10_000,
    "(" * 201 + "x" + ")" * 201,
    "-" * 100_000 + "x",
    "-" * 999 + "x",
    "- " * 400 + "x",
    "x" + "**x" * 300,
    "+".join(["x"] * 300),
    "sin(" * 100 + "x" + ")" * 100,
    "1" * 1001,
]

HARMLESS = {
    "9**9**9": math.inf,
    "1e308*10": math.inf,
    "10**400": math.inf,
    "-(10**400)": -math.inf,
    "1" * 999: math.inf,
    "exp(exp(exp(10)))": math.inf,
    "2**-9999": 0.0,
    "sigmoid(-1e308)": 0.0,
    "tanh(1e308)": 1.0,
}

# No value, never infinity: 1/0 and log(0) have none (issue 20: sigmoid(1/0) read 1).
NAN_VALUES = [
    "0/0",
    "1/0",
    "-1/0",
    "log(0)",
    "0**-1",
    "sigmoid(1/0)",
    "log(-1)",
    "sqrt(-1)",
    "(-8)**(1/3)",
    "sin(1e308*10)",
    "1e308*10 - 1e308*10",
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:30]))
def test_hostile_text_is_refused_with_expr_error(text):
    with pytest.raises(ExprError) as caught:
        parse(text).evaluate(x=1.0, y=2.0)
    error = caught.value
    assert 1 <= error.column <= len(text) + 1
    lines = error.caret().splitlines()
    assert len(lines) == 2
    assert all(" " <= c <= "~" for line in lines for c in line)


@pytest.mark.parametrize(("text", "expected"), HARMLESS.items(), ids=lambda t: repr(str(t)[:20]))
def test_huge_numbers_evaluate_harmlessly(text, expected):
    assert parse(text).evaluate() == expected


@pytest.mark.parametrize("text", NAN_VALUES)
def test_undefined_values_are_nan(text):
    assert math.isnan(parse(text).evaluate())


def test_hostile_values_are_refused():
    expr = parse("x + 1")
    for value in ("abc", object(), [1, "a"], {"a": 1}, 1 + 1j):
        with pytest.raises(ExprError):
            expr.evaluate(x=value)


def test_gradients_of_harmless_extremes_are_numbers():
    gradient = parse("exp(x) * log(y)").gradient(x=1000.0, y=0.0)
    assert all(isinstance(v, float) for v in gradient.values())
    arrays = parse("1/x + sqrt(x)").gradient(x=np.array([-1.0, 0.0, 1.0]))
    assert arrays["x"].shape == (3,)


PRINTABLE = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x2FF) | st.sampled_from("()+-*/^xe.1"),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(PRINTABLE)
def test_any_text_gives_an_expression_or_an_expr_error(text):
    try:
        expr = parse(text)
    except ExprError as error:
        assert 1 <= error.column <= max(len(text), 1) + 1
        return
    values = dict.fromkeys(expr.variables, 0.5)
    expr.evaluate(**values)
    expr.gradient(**values)


# --- the source check ----------------------------------------------------------------------

FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_MODULES = {"pickle", "marshal", "shelve", "dill", "cloudpickle"}


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in FORBIDDEN_CALLS
        ):
            found.append(f"{path.name}:{node.lineno} calls {node.func.id}")
        if isinstance(node, ast.Import):
            names = [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [(node.module or "").split(".")[0]]
        else:
            continue
        found += [f"{path.name}:{node.lineno} imports {n}" for n in names if n in FORBIDDEN_MODULES]
    return found


def test_no_module_runs_text_as_code():
    files = sorted(PACKAGE.rglob("*.py"))
    assert files, "the package was not found"
    offences = [offence for path in files for offence in _offences(path)]
    assert offences == []


def test_the_source_check_would_notice(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import pickle\nfrom marshal import loads\nvalue = eval('1')\n")
    assert len(_offences(bad)) == 3
