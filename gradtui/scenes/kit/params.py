"""Declared parameters of a scene kind, and the checks that turn raw TOML values into them.

Each scene module declares a tuple of `Param`s. The lesson-script validator uses them to
reject unknown or ill-typed parameters with a message that names the valid ones, and to fill
in defaults, so a scene always receives a complete, checked dict of values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

# The kinds of value a parameter can hold.
NUMBER = "number"  # a finite float (TOML int or float)
INTEGER = "integer"  # a whole number
EXPRESSION = "expression"  # a math expression, parsed by gradtui.calculus (checked, kept as text)
TEXT = "text"  # a string, optionally one of `choices`
FLAG = "flag"  # true / false
NUMBERS = "numbers"  # a list of finite floats
RANGE = "range"  # a list of two finite floats [low, high] with low < high
POINTS = "points"  # a list of [x, y] pairs (or [x, y, z] for 2-D scenes)
TEXTS = "texts"  # a list of strings
EXPRESSIONS = "expressions"  # a list of math expressions (each checked like EXPRESSION)
TABLE = "table"  # a TOML table of names to finite numbers: { w = 0.5, b = 0 }
MODEL = "model"  # a model: an expression in x and its weights (low/high bound the weight count)

KINDS = (
    NUMBER, INTEGER, EXPRESSION, TEXT, FLAG, NUMBERS, RANGE, POINTS, TEXTS, EXPRESSIONS, TABLE,
    MODEL,
)  # fmt: skip


# A range's ends must lie within this (unless its Param says otherwise) and be this far apart,
# relative to their size: beyond that, plots and steps lose every digit of precision.
RANGE_LIMIT = 1e9
RANGE_MIN_SPAN = 1e-9


class ParamError(ValueError):
    """A parameter value that does not fit its declaration; the message is for the author."""


@dataclass(frozen=True)
class Param:
    """One parameter a scene kind accepts.

    `variables` (for expressions) lists the variable names the expression may use.
    `low`/`high` bound numbers, integers, and the items of number lists, inclusive.
    `max_items` caps list lengths so a hostile script cannot ask for a million points.
    `choices` lists the texts a TEXT (or each item of a TEXTS) may be.
    """

    name: str
    kind: str
    default: Any
    doc: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    variables: tuple[str, ...] = ("x",)
    max_items: int = 64
    required: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def describe_range(self) -> str:
        """A short human description of what values are allowed, for docs and messages."""
        if self.kind == MODEL:
            count = f"{_fmt(self.low or 1)} to {_fmt(self.high or 6)}"
            return f"an expression in x and {count} weights, or one of {', '.join(self.choices)}"
        if self.kind == TABLE:
            bounds = ""
            if self.low is not None and self.high is not None:
                bounds = f", each {_fmt(self.low)} to {_fmt(self.high)}"
            return f"a table of names and numbers, {{ a = 1, b = 2 }}{bounds}"
        if self.choices and self.kind == TEXTS:
            return "a list of some of " + ", ".join(repr(c) for c in self.choices)
        if self.choices:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.kind == EXPRESSION:
            return "an expression in " + ", ".join(self.variables)
        if self.kind == EXPRESSIONS:
            return "a list of expressions in " + ", ".join(self.variables)
        if self.low is not None and self.high is not None:
            return f"{_fmt(self.low)} to {_fmt(self.high)}"
        if self.low is not None:
            return f"at least {_fmt(self.low)}"
        if self.high is not None:
            return f"at most {_fmt(self.high)}"
        return {
            NUMBER: "any number",
            INTEGER: "any whole number",
            TEXT: "any text",
            FLAG: "true or false",
            NUMBERS: "a list of numbers",
            RANGE: "[low, high]",
            POINTS: "a list of [x, y] points",
            TEXTS: "a list of texts",
        }.get(self.kind, self.kind)


def _fmt(value: float) -> str:
    """A bound or value as an author wrote it: 2147483647, not 2.14748e+09."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:g}"


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ParamError(f"{name} must be a number, not {_type_name(value)}")
    try:
        number = float(value)
    except OverflowError:
        raise ParamError(f"{name} is too large a number") from None
    if not math.isfinite(number):
        raise ParamError(f"{name} must be a finite number, not {value!r}")
    return number


def _type_name(value: Any) -> str:
    return {
        bool: "true/false",
        int: "a whole number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def _bounded(param: Param, name: str, number: float) -> float:
    if param.low is not None and number < param.low:
        raise ParamError(f"{name} must be at least {_fmt(param.low)}, not {_fmt(number)}")
    if param.high is not None and number > param.high:
        raise ParamError(f"{name} must be at most {_fmt(param.high)}, not {_fmt(number)}")
    return number


def within(name: str, value: Any, low: float | None = None, high: float | None = None) -> float:
    """`value` as a finite number within [low, high] (a bound left out is open); raises
    ParamError, a ValueError, in the same words a lesson author reads."""
    number = _number(name, value)
    return _bounded(Param(name, NUMBER, None, name, low=low, high=high), name, number)


def _list(param: Param, value: Any) -> list:
    if not isinstance(value, list):
        raise ParamError(f"{param.name} must be a list, not {_type_name(value)}")
    if len(value) > param.max_items:
        raise ParamError(f"{param.name} may hold at most {param.max_items} items, not {len(value)}")
    return value


def coerce(param: Param, value: Any) -> Any:
    """Check `value` against `param` and return it in its canonical Python form.

    Expressions are returned as their text: checking that they parse is the validator's job,
    since it knows where in the file the text came from.
    """
    name = param.name
    if param.kind == NUMBER:
        return _bounded(param, name, _number(name, value))
    if param.kind == INTEGER:
        if isinstance(value, float) and math.isfinite(value):
            raise ParamError(f"{name} must be a whole number, not {_fmt(value)}")
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParamError(f"{name} must be a whole number, not {_type_name(value)}")
        return int(_bounded(param, name, value))
    if param.kind == MODEL:
        if not isinstance(value, str):
            raise ParamError(f"{name} must be text in quotes, not {_type_name(value)}")
        word = value.strip()
        if word.isidentifier() and word != "x" and word not in param.choices:
            raise ParamError(
                f"unknown {name} {word!r}: write it as an expression in x and its weights "
                f"(such as a*x^3 + b*x + c), or name one of {', '.join(param.choices)}"
            )
        return value  # the validator reads it as a model (it knows where it sits in the file)
    if param.kind in (EXPRESSION, TEXT):
        if not isinstance(value, str):
            raise ParamError(f"{name} must be text in quotes, not {_type_name(value)}")
        if param.choices and value not in param.choices:
            raise ParamError(f"{name} must be one of {', '.join(param.choices)}, not {value!r}")
        return value
    if param.kind == FLAG:
        if not isinstance(value, bool):
            raise ParamError(f"{name} must be true or false, not {_type_name(value)}")
        return value
    if param.kind == NUMBERS:
        items = _list(param, value)
        return [
            _bounded(param, f"each item of {name}", _number(f"item {k} of {name}", v))
            for k, v in enumerate(items, start=1)
        ]
    if param.kind in (TEXTS, EXPRESSIONS):
        items = _list(param, value)
        if not all(isinstance(v, str) for v in items):
            raise ParamError(f"{name} must be a list of texts in quotes")
        strangers = [v for v in items if param.choices and v not in param.choices]
        if strangers:
            raise ParamError(f"each item of {name} must be one of {', '.join(param.choices)}, "
                             f"not {strangers[0]!r}")  # fmt: skip
        return list(items)
    if param.kind == RANGE:
        items = _list(param, value)
        if len(items) != 2:
            raise ParamError(f"{name} must be [low, high], two numbers")
        low, high = (_number(name, v) for v in items)
        if not low < high:
            raise ParamError(f"{name} must have low < high, not [{_fmt(low)}, {_fmt(high)}]")
        floor = param.low if param.low is not None else -RANGE_LIMIT
        ceiling = param.high if param.high is not None else RANGE_LIMIT
        if low < floor or high > ceiling:
            raise ParamError(f"{name} must lie within [{_fmt(floor)}, {_fmt(ceiling)}]")
        if high - low < RANGE_MIN_SPAN * max(1.0, abs(low), abs(high)):
            raise ParamError(f"{name} is too narrow to draw: [{_fmt(low)}, {_fmt(high)}]")
        return (low, high)
    if param.kind == POINTS:
        items = _list(param, value)
        points = []
        for k, item in enumerate(items, start=1):
            if not isinstance(item, list) or len(item) not in (2, 3):
                raise ParamError(f"each item of {name} must be a point like [1.0, 2.0]")
            points.append(tuple(_number(f"point {k} of {name}", v) for v in item))
        return points
    if param.kind == TABLE:
        return _table(param, value)
    raise ParamError(f"{name} has an unknown kind {param.kind!r}")  # a bug in a scene module


def _table(param: Param, value: Any) -> dict[str, float]:
    """A table of names to numbers, such as a model's start weights { w = 0.5, b = 0 }."""
    name = param.name
    if not isinstance(value, dict):
        raise ParamError(
            f"{name} must be a table like {{ w = 0.5, b = 0 }}, not {_type_name(value)}"
        )
    if len(value) > param.max_items:
        raise ParamError(f"{name} may hold at most {param.max_items} entries, not {len(value)}")
    table = {}
    for key, number in value.items():
        if not (key.isascii() and key.isidentifier() and not key.startswith("_")):
            raise ParamError(f"{name}: {key!r} is not a name (letters, digits and _)")
        table[key] = _bounded(param, f"{name}.{key}", _number(f"{name}.{key}", number))
    return table


def fill_defaults(params: tuple[Param, ...], given: dict[str, Any]) -> dict[str, Any]:
    """Every declared parameter's value: the given one where present, else the default."""
    return {p.name: given.get(p.name, p.default) for p in params}


def read_expression(param: Param, text: str):
    """Read an expression parameter's text the way a lesson file's is read: an EXPRESSION
    through the safe parser with the variables it may use, a MODEL as a model with its bounds
    on the weights. Raises ExprError (with the column to point at) when it does not read."""
    if param.kind == MODEL:
        from gradtui.calculus.models import read_model

        return read_model(text, fewest=int(param.low or 1), most=int(param.high or 6))
    from gradtui.calculus.expr import parse

    return parse(text, variables=param.variables)
