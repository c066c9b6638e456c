"""`gradtui grad` as a learner runs it: value, both kinds of slope, exit codes."""

from __future__ import annotations

import io
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from gradtui.commands import grad

ROOT = Path(__file__).resolve().parent.parent.parent


def gradtui_grad(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gradtui", "grad", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"},
    )


def run_in_process(expr: str, *at: str, as_json=False, trace=False) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = grad.run(expr, list(at), as_json=as_json, trace=trace, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_plain_output_shows_value_and_both_slopes():
    result = gradtui_grad("x**2*y + sin(y)", "--at", "x=1", "y=2")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["expression", "x**2*y", "+", "sin(y)"]
    assert lines[1].split() == ["at", "x", "=", "1,", "y", "=", "2"]
    assert lines[2].split() == ["value", repr(2 + math.sin(2))]
    (dx,) = [line.split() for line in lines if line.startswith("df/dx")]
    (dy,) = [line.split() for line in lines if line.startswith("df/dy")]
    assert dx[1] == "4"
    assert float(dx[2]) == pytest.approx(4.0, rel=1e-8)
    assert float(dy[1]) == pytest.approx(1 + math.cos(2))
    assert float(dy[3]) < 1e-6  # the difference column


def test_json_output_parses_and_matches():
    result = gradtui_grad("x**2*y + sin(y)", "--at", "x=1", "y=2", "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert set(document) == {"expr", "at", "value", "grad", "numeric", "differentiable"}
    assert document["differentiable"] == {"x": True, "y": True}
    assert document["expr"] == "x**2*y + sin(y)"
    assert document["at"] == {"x": 1.0, "y": 2.0}
    assert document["value"] == pytest.approx(2 + math.sin(2))
    assert document["grad"] == {"x": pytest.approx(4.0), "y": pytest.approx(1 + math.cos(2))}
    assert document["numeric"]["x"] == pytest.approx(4.0, rel=1e-8)
    assert document["numeric"]["y"] == pytest.approx(1 + math.cos(2), rel=1e-8)


def test_json_spells_out_non_finite_numbers():
    code, out, _ = run_in_process("sqrt(x) - sqrt(y)", "x=0", "y=0", as_json=True)
    assert code == 0
    document = json.loads(out)
    assert document["value"] == 0
    assert document["grad"] == {"x": "inf", "y": "-inf"}  # both curves stand vertical at 0
    code, out, _ = run_in_process("log(x) + 1/y", "x=0", "y=0", as_json=True)
    document = json.loads(out)
    assert document["value"] == "nan"  # -inf + inf
    assert document["grad"] == {"x": "nan", "y": "nan"}  # no value there, so no slope


def test_trace_prints_one_row_per_node():
    result = gradtui_grad("x**2*y + sin(y)", "--at", "x=1", "y=2", "--trace")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "backward pass" in text
    table = text[text.index("backward pass") :].splitlines()
    firsts = [line.split()[0] for line in table if line and not line.startswith(" ")]
    for node in ("x**2", "sin(y)", "y", "x"):
        assert node in firsts
    (y_row,) = [line for line in table if line.startswith("y ")]
    assert "used 2 times" in y_row


def test_trace_with_json_adds_the_rows():
    code, out, _ = run_in_process("x*x", "x=3", as_json=True, trace=True)
    document = json.loads(out)
    assert document["grad"] == {"x": 6.0}
    assert document["trace"][0]["node"] == "x * x"
    assert [c["passes"] for c in document["trace"][0]["children"]] == [3.0, 3.0]


@pytest.mark.parametrize("expr", ["3x + 1", "x +", "__import__('os')", "sin(x"])
def test_bad_expression_exits_2_with_a_caret_and_no_traceback(expr):
    result = gradtui_grad(expr, "--at", "x=1")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("gradtui grad: ")
    lines = result.stderr.splitlines()
    assert lines[-1].strip() == "^"


def test_missing_variable_exits_2_and_names_it():
    result = gradtui_grad("x * y", "--at", "x=1")
    assert result.returncode == 2
    assert "y" in result.stderr.splitlines()[0]
    assert "--at" in result.stderr
    assert result.stderr.splitlines()[-1] == "    ^"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("item", ["x=", "x", "=1", "x=abc", "x=1=2", "1x=2", "x=\x1b[2J"])
def test_malformed_at_items_exit_2(item):
    code, out, err = run_in_process("x + 1", item)
    assert code == 2
    assert out == ""
    assert "--at" in err
    assert "\x1b" not in err


def test_a_variable_given_twice_is_refused():
    code, _, err = run_in_process("x + 1", "x=1", "x=2")
    assert code == 2
    assert "twice" in err


def test_values_may_use_constants():
    code, out, _ = run_in_process("sin(x)", "x=pi/2", as_json=True)
    assert code == 0
    assert json.loads(out)["value"] == pytest.approx(1.0)


def test_unused_variables_get_a_note_not_an_error():
    code, out, err = run_in_process("x**2", "x=3", "z=1")
    assert code == 0
    assert err == ""
    assert "not used by the expression: z" in out


def test_an_expression_without_variables():
    code, out, _ = run_in_process("2 * pi")
    assert code == 0
    assert "no gradient" in out


@pytest.mark.parametrize(
    "expr, at, words",
    [
        ("abs(x)", "x=0", "a corner, not differentiable here (left -1, right 1)"),
        ("relu(x) + y", "x=0", "a corner, not differentiable here (left 0, right 1)"),
        ("sqrt(x)", "x=0", "the curve stands vertical, not differentiable here"),
        ("log(x)", "x=0", "f is not defined here"),
    ],
)
def test_kinks_and_edges_are_said_not_hidden(expr, at, words):
    """abs at 0 printed df/dx = 0 with an agreeing difference and no warning: the kink is
    named (with its one-sided slopes), and --json says so in a field; the exit code stays 0."""
    result = gradtui_grad(expr, "--at", at, "y=1")
    assert result.returncode == 0, result.stderr
    assert words in result.stdout
    document = json.loads(gradtui_grad(expr, "--at", at, "y=1", "--json").stdout)
    assert document["differentiable"]["x"] is False
    assert "x" in document["not_differentiable"]
    smooth = json.loads(gradtui_grad("x**2", "--at", "x=0", "--json").stdout)
    assert smooth["differentiable"] == {"x": True} and "not_differentiable" not in smooth
