"""`gradtui grad EXPR --at x=1 y=2`: an expression's value and gradient, checked numerically.

Each partial derivative is shown twice -- by autodiff and by a central difference -- so the
learner sees the two agree; ``--trace`` adds the backward pass node by node.
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any, TextIO

from gradtui.calculus.expr import ExprError, Expression, parse
from gradtui.calculus.numeric import numeric_gradient, out_of_reach
from gradtui.calculus.points import PointReport, examine_point
from gradtui.calculus.printing import format_constant
from gradtui.calculus.trace import TraceRow, backward_table
from gradtui.scenes.kit.slopes import slope_words

EXIT_USAGE = 2


class UsageError(Exception):
    """A problem with what was typed; carries the ExprError when there is text to point into."""

    def __init__(self, message: str, expr_error: ExprError | None = None) -> None:
        super().__init__(message)
        self.expr_error = expr_error


def parse_point(items: list[str]) -> dict[str, float]:
    """Turn ``["x=1", "y=pi/2"]`` into ``{"x": 1.0, "y": 1.57...}``; values may use pi and e."""
    point: dict[str, float] = {}
    for item in items:
        name, equals, text = item.partition("=")
        name, text = name.strip(), text.strip()
        shown = _printable(item)
        if not equals or not name or not text:
            raise UsageError(f"--at {shown}: write NAME=VALUE, for example x=1.5")
        if not (name.isascii() and name.isidentifier()) or name.startswith("_"):
            raise UsageError(f"--at {shown}: '{_printable(name)}' is not a variable name")
        if name in point:
            raise UsageError(f"--at {shown}: {name} is given twice")
        point[name] = _value(item, name)
    return point


def _value(item: str, name: str) -> float:
    """The number after the '=': plain (1.5, -2e3, inf) or a constant expression (pi/2)."""
    start = item.index("=") + 1
    text = item[start:]
    if text.isascii():  # float() also reads fullwidth and other digits: the parser refuses them
        try:
            return float(text)
        except ValueError:
            pass
    try:
        return parse(text, variables=()).evaluate()
    except ExprError as error:
        # Non-ASCII is refused in the words the expression parser uses for it.
        why = error.message if not text.isascii() else None
        why = why or f"the value of {name} must be a number, such as 1.5 or pi/2"
        raise UsageError(
            f"--at {_printable(item)}: {why}", ExprError(error.message, item, start + error.column)
        ) from None


def _printable(text: str) -> str:
    """Typed text made safe to echo: control and non-ASCII characters become '?'."""
    shown = "".join(c if " " <= c <= "~" else "?" for c in text)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def odd_points(expression: Expression, point: dict[str, float]) -> dict[str, PointReport]:
    """For each variable along which f has no ordinary slope at `point` (a corner such as |x|
    at 0, a vertical tangent such as sqrt at 0, the edge of where f is defined), what it has
    instead: the same classification every scene that shows a slope uses."""
    odd = {}
    for name in expression.variables:

        def along(t: float, _name: str = name) -> float:
            return float(expression.evaluate(**{**point, _name: t}))

        report = examine_point(along, point[name])
        if report.kind != "smooth":
            odd[name] = report
    return odd


def _json_number(value: float) -> float | str:
    """JSON has no inf or nan: spell them as the strings "inf", "-inf", "nan"."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def _not_a_number(value: float | None, nan: str) -> str | None:
    """'-' for no value, `nan` for nan, +inf / -inf; None for an ordinary finite number."""
    if value is None:
        return "-"
    if math.isnan(value):
        return nan
    if math.isinf(value):
        return "+inf" if value > 0 else "-inf"
    return None


def _number(value: float | None) -> str:
    """Full precision for the learner to compare digits; inf and nan as words."""
    return _not_a_number(value, "nan (undefined)") or format_constant(value)


def _difference(a: float, b: float) -> str:
    if not (math.isfinite(a) and math.isfinite(b)):
        return "-"
    return f"{abs(a - b):.1e}"


def _value_words(expr: Expression, point: dict[str, float], value: float) -> str:
    """The value line: the number, or why there is none, or that it overflowed."""
    if math.isnan(value):
        why = expr.why_undefined(**point)
        return f"undefined: {why}" if why else _number(value)
    if math.isinf(value):
        return f"{_number(value)} (too large for floating point: it overflows)"
    return _number(value)


def _plain_report(
    expr: Expression,
    point: dict[str, float],
    value: float,
    grad: dict[str, float],
    numeric: dict[str, float],
    unreachable: dict[str, str],
) -> str:
    used = {name: point[name] for name in expr.variables}
    at = ", ".join(f"{name} = {_number(v)}" for name, v in used.items())
    typed = _printable(expr.text.strip())
    read_as = str(expr)
    shown = (
        typed
        if typed.replace(" ", "") == read_as.replace(" ", "")
        else f"{typed}  (read as {read_as})"
    )
    lines = [f"expression   {shown}", f"at           {at or '(no variables)'}"]
    lines.append(f"value        {_value_words(expr, point, value)}")
    if not expr.variables:
        lines.append("no variables, so no gradient: nothing can nudge the value")
        return "\n".join(lines)
    lines += ["", "slope        by autodiff             by central difference   difference"]
    for name in expr.variables:
        measured = "-" if math.isnan(value) else _number(numeric[name])
        gap = "out of reach" if name in unreachable else _difference(grad[name], numeric[name])
        lines.append(f"{'df/d' + name:<12} {_number(grad[name]):<23} {measured:<23} {gap}")
    for name, why in unreachable.items():
        lines.append(f"df/d{name}: the central difference cannot check it here: {why}")
    return "\n".join(lines)


def _brief(value: float | None) -> str:
    """Six significant digits, to fit the trace table's columns."""
    special = _not_a_number(value, "nan")
    if special is not None:
        return special
    text = f"{value:.6g}"
    return "0" if text == "-0" else text


def _trace_json(rows: list[TraceRow]) -> list[dict[str, Any]]:
    def number(value: float | None) -> float | str | None:
        return None if value is None else _json_number(value)

    return [
        {
            "node": row.label,
            "value": number(row.value),
            "gradient": number(row.upstream),
            "children": [
                {"node": child, "local_slope": number(slope), "passes": number(passed)}
                for child, slope, passed in zip(row.children, row.slopes, row.passes, strict=True)
            ],
        }
        for row in rows
    ]


def _report_error(err: TextIO, message: str, expr_error: ExprError | None) -> None:
    print(f"gradtui grad: {message}", file=err)
    if expr_error is not None:  # an empty expression too: the caret marks where it is missing
        print(expr_error.caret(), file=err)


def run(
    expr: str,
    at: list[str],
    *,
    as_json: bool,
    trace: bool,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Print the value and gradient of `expr` at the point given by `at`; return the exit code."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    try:
        expression = parse(expr)
    except ExprError as error:
        _report_error(err, str(error), error)
        return EXIT_USAGE
    try:
        point = parse_point(list(at))
    except UsageError as error:
        _report_error(err, str(error), error.expr_error)
        return EXIT_USAGE
    missing = [name for name in expression.variables if name not in point]
    if missing:
        example = " ".join(f"{name}=1" for name in missing)
        error = ExprError(
            f"the expression uses {', '.join(missing)}: add a value with --at, e.g. --at {example}",
            expr,
            expression.column_of(missing[0]),
        )
        _report_error(err, str(error), error)
        return EXIT_USAGE

    value, grad = expression.value_and_gradient(**point)
    numeric = numeric_gradient(expression, point)
    if math.isnan(value):  # no value at the point: a difference across it measures nothing here
        numeric = dict.fromkeys(numeric, math.nan)
    unused = sorted(set(point) - set(expression.variables))
    rows = expression.trace(**point) if trace else []
    odd = odd_points(expression, point)
    unreachable = {
        name: why
        for name in expression.variables
        if (why := out_of_reach(expression, point, name)) is not None
    }
    if as_json:
        document: dict[str, Any] = {
            "expr": expr,
            "at": {name: _json_number(v) for name, v in point.items()},
            "value": _json_number(value),
            "grad": {name: _json_number(v) for name, v in grad.items()},
            "numeric": {name: _json_number(v) for name, v in numeric.items()},
            "differentiable": {name: name not in odd for name in expression.variables},
        }
        if odd:
            document["not_differentiable"] = {
                name: {
                    "kind": report.kind,
                    "left": _json_number(report.left),
                    "right": _json_number(report.right),
                }
                for name, report in odd.items()
            }
        if math.isnan(value):
            document["undefined_because"] = expression.why_undefined(**point)
        if unreachable:
            document["numeric_out_of_reach"] = unreachable
        if trace:
            document["trace"] = _trace_json(rows)
        print(json.dumps(document), file=out)
        return 0
    print(_plain_report(expression, point, value, grad, numeric, unreachable), file=out)
    for name, report in odd.items():
        if not math.isfinite(value) or name in unreachable:
            continue  # said above: why f has no value, or overflows, or cannot be checked
        slope = float(grad[name])
        print(
            f"df/d{name} at {name} = {_number(point[name])}: {slope_words(report, slope)}", file=out
        )
        if report.kind in ("corner", "one-sided"):
            print(f"  (autodiff's {_number(slope)} there is a convention, not a slope)", file=out)
    if unused:
        print(f"(not used by the expression: {', '.join(unused)})", file=out)
    if trace:
        print("\n" + "\n".join(backward_table(rows, _brief)), file=out)
    return 0
