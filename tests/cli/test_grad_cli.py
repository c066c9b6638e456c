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
        ("log(x)", "x=0", "undefined: log(x) has no value here (log of 0)"),
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


@pytest.mark.parametrize(
    ("expr", "at", "slope"),
    [
        ("sin(x)", "x=1e22", "0.523214785395139"),
        ("tan(x)", "x=1.5707963267948966", "2.667093788113571e+32"),
        ("x^2", "x=1e200", "2e+200"),
    ],
)
def test_a_finite_slope_is_never_called_vertical_where_the_check_is_out_of_reach(expr, at, slope):
    """sin(x) at 1e22 printed autodiff's right slope, then 'infinity: the curve stands
    vertical': the central difference, not the curve, fails there, and grad says so."""
    result = gradtui_grad(expr, "--at", at)
    assert result.returncode == 0, result.stderr
    assert "vertical" not in result.stdout and "infinity" not in result.stdout
    row = next(line for line in result.stdout.splitlines() if line.startswith("df/dx "))
    assert row.split()[1] == slope and row.endswith("out of reach")
    assert "the central difference cannot check it here" in result.stdout
    document = json.loads(gradtui_grad(expr, "--at", at, "--json").stdout)
    assert "x" in document["numeric_out_of_reach"]


def test_undefined_stays_undefined_and_the_operation_is_named():
    """sigmoid(y/x) at x = 0 printed the value 1 (1/0 was infinity, swallowed by sigmoid)."""
    result = gradtui_grad("sigmoid(y/x)", "--at", "x=0", "y=2")
    assert "value        undefined: y / x has no value here (division by zero)" in result.stdout
    assert "vertical" not in result.stdout
    document = json.loads(gradtui_grad("sigmoid(y/x)", "--at", "x=0", "y=2", "--json").stdout)
    assert document["value"] == "nan" and document["numeric"] == {"x": "nan", "y": "nan"}
    assert document["undefined_because"] == "y / x has no value here (division by zero)"


def test_the_central_difference_steps_by_each_inputs_own_size():
    """At u = 3e-8 a step of 6e-6 measured another function: 4954 against the true 600000."""
    result = gradtui_grad("sqrt(u^2 + v^2) / w", "--at", "u=3e-8", "v=-4e-8", "w=1e-6", "--json")
    numeric = json.loads(result.stdout)["numeric"]
    assert numeric["u"] == pytest.approx(6e5, rel=1e-6)
    assert numeric["v"] == pytest.approx(-8e5, rel=1e-6)
    assert numeric["w"] == pytest.approx(-5e4, rel=1e-6)
    far = json.loads(gradtui_grad("sin(x)", "--at", "x=1e6", "--json").stdout)["numeric"]
    assert far["x"] == pytest.approx(math.cos(1e6), rel=1e-6)
