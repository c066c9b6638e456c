"""Typed math made safe: a whitelist parser over Python's `ast` and the `Expression` it builds.

Nothing here ever runs the typed text as code (no eval, exec or compile). The text is checked
character by character and token by token first -- cheap limits that keep hostile input from
reaching `ast.parse` -- then the syntax tree is walked and only arithmetic, the functions in
`FUNCTIONS` and the constants pi and e are turned into an autodiff graph (see autodiff.py).
"""

from __future__ import annotations

import ast
import keyword
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from gradtui.calculus import autodiff
from gradtui.calculus.autodiff import FUNCTIONS, Node
from gradtui.calculus.printing import describe
from gradtui.calculus.trace import TraceRow, scalar_row, trace_rows
from gradtui.calculus.undefined import why_undefined

CONSTANTS: dict[str, float] = {"pi": float(np.pi), "e": float(np.e)}  # names that are numbers

MAX_LENGTH = 1000
MAX_NESTING = 60
MAX_NODES = 300
MAX_DEPTH = 60
MAX_SIGNS_IN_A_ROW = 8
MAX_NAME_LENGTH = 32

_ALLOWED_CHARACTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.+-*/^() \t\n\r,"
)
_CHARACTER_HINTS = {
    "=": "this is an expression, not an equation: type only the side to compute, e.g. x**2 - 4",
    "'": "text in quotes is not part of an expression",
    '"': "text in quotes is not part of an expression",
    "[": "square brackets are not allowed; use parentheses ( ) for grouping",
    "]": "square brackets are not allowed; use parentheses ( ) for grouping",
    "{": "curly braces are not allowed; use parentheses ( ) for grouping",
    "}": "curly braces are not allowed; use parentheses ( ) for grouping",
    "<": "comparisons are not part of an expression",
    ">": "comparisons are not part of an expression",
    "!": "'!' is not supported (no factorials or comparisons)",
    "%": "'%' is not supported; use / for division",
}
_OPERATORS_HINT = "use numbers, names, + - * / ** ^, functions like sin(x), and parentheses"

_TOKEN = re.compile(
    r"(?P<number>(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>\*\*|[-+*/^(),])"
    r"|(?P<space>\s+)"
)


class AnyNames(tuple):
    """The variable names of an expression that may use any names at all (the graph scene's f):
    given as `parse`'s `variables`, it lets every name through; every name is `in` it; and
    where the allowed names are listed, it reads as "any variable names"."""

    def __new__(cls) -> AnyNames:
        return super().__new__(cls, ("any variable names",))

    def __contains__(self, name: object) -> bool:
        return True


ANY_NAMES = AnyNames()


class ExprError(ValueError):
    """A typed expression that cannot be used, with the 1-based column to point at."""

    def __init__(self, message: str, text: str = "", column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.text = text
        self.column = max(1, int(column))

    def caret(self, width: int = 72) -> str:
        """Two lines: the text (shortened around the column if long) and a ^ under the column.

        Control and non-ASCII characters are shown as '?', so nothing typed can reach the
        terminal as an escape sequence and the caret stays aligned.
        """
        text, column = self.text, min(self.column, len(self.text) + 1)
        start = 0
        if len(text) > width:
            start = max(0, min(column - 1 - width // 2, len(text) - width))
            text = text[start : start + width]
        shown = "".join(_shown(c) for c in text)
        prefix = "..." if start > 0 else ""
        suffix = "..." if start + width < len(self.text) else ""
        pad = " " * (len(prefix) + column - 1 - start)
        return f"{prefix}{shown}{suffix}\n{pad}^"


def _shown(char: str) -> str:
    """One character as the caret line may show it: plain ASCII, or a stand-in of width 1."""
    if " " <= char <= "~":
        return char
    return " " if char in "\t\n\r" else "?"


# --- Checks before ast.parse -----------------------------------------------------------------


def _describe_character(char: str) -> str:
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"{code} {name}".strip()


def _check_characters(text: str) -> None:
    for index, char in enumerate(text):
        if char in _ALLOWED_CHARACTERS:
            continue
        column = index + 1
        if ord(char) > 127:
            message = (
                f"character {_describe_character(char)} is not plain ASCII; "
                "retype it with an ordinary keyboard letter or symbol"
            )
        elif not char.isprintable():
            message = f"control character {_describe_character(char)} is not allowed"
        elif char in _CHARACTER_HINTS:
            message = _CHARACTER_HINTS[char]
        else:
            message = f"'{char}' is not allowed; {_OPERATORS_HINT}"
        raise ExprError(message, text, column)


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, column) for every token; spaces are dropped. Characters are checked first."""
    tokens = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:  # only '.' on its own can get here
            raise ExprError("'.' only belongs inside a number, as in 0.5", text, position + 1)
        kind = match.lastgroup or ""
        if kind != "space":
            tokens.append((kind, match.group(), position + 1))
        position = match.end()
    return tokens


def _check_parentheses(text: str, tokens: list[tuple[str, str, int]]) -> None:
    open_columns: list[int] = []
    for _, token, column in tokens:
        if token == "(":
            open_columns.append(column)
            if len(open_columns) > MAX_NESTING:
                raise ExprError(
                    f"parentheses nested too deeply (more than {MAX_NESTING} levels)", text, column
                )
        elif token == ")":
            if not open_columns:
                raise ExprError("this ')' has no matching '('", text, column)
            open_columns.pop()
    if open_columns:
        raise ExprError("this '(' is never closed; add a ')'", text, open_columns[-1])


def _operand_end(kind: str, token: str) -> bool:
    return kind == "number" or (kind == "name" and token not in FUNCTIONS) or token == ")"


_BINARY_TOKENS = frozenset(("*", "/", "**", "^"))
_SIGN_TOKENS = frozenset(("+", "-"))


def _check_operator_sides(text: str, tokens: list[tuple[str, str, int]], i: int) -> None:
    """An operator needs a value on its right, and * / ** ^ need one on their left too."""
    kind, token, column = tokens[i]
    if kind != "op" or token not in _BINARY_TOKENS | _SIGN_TOKENS:
        return
    after = tokens[i + 1][1] if i + 1 < len(tokens) else None
    if after is None or after == ")" or after in _BINARY_TOKENS:
        where = "the end" if after is None else f"'{after}'"
        raise ExprError(
            f"'{token}' needs a value on its right, but {where} comes next",
            text,
            column if after is None else tokens[i + 1][2],
        )
    before = tokens[i - 1][1] if i > 0 else None
    if token in _BINARY_TOKENS and (before is None or before == "(" or before in _SIGN_TOKENS):
        raise ExprError(f"'{token}' needs a value on its left", text, column)


def _group(text: str, tokens: list[tuple[str, str, int]], i: int) -> str:
    """The parenthesised group opening at token i, as typed (shortened when long)."""
    depth = 0
    for _, token, column in tokens[i:]:
        depth += (token == "(") - (token == ")")
        if depth == 0:
            group = text[tokens[i][2] - 1 : column]
            return group if len(group) <= 24 else "(...)"
    return "(...)"


def _check_tokens(text: str, tokens: list[tuple[str, str, int]]) -> None:
    """Friendly messages for the mistakes people make most, before Python's parser sees them."""
    signs_in_a_row = 0
    for i, (kind, token, column) in enumerate(tokens):
        signs_in_a_row = signs_in_a_row + 1 if token in _SIGN_TOKENS else 0
        if signs_in_a_row > MAX_SIGNS_IN_A_ROW:
            raise ExprError("too many + or - signs in a row", text, column)
        if kind == "name" and len(token) > MAX_NAME_LENGTH:
            raise ExprError(f"names are at most {MAX_NAME_LENGTH} characters long", text, column)
        if kind == "name" and keyword.iskeyword(token):
            raise ExprError(
                f"'{token}' is a Python word, not math; {_OPERATORS_HINT}", text, column
            )
        if token == ",":
            raise ExprError("functions here take one argument; remove the ','", text, column)
        _check_operator_sides(text, tokens, i)
        if i == 0:
            continue
        before_kind, before, _ = tokens[i - 1]
        if before_kind == "number" and kind == "number" and token.startswith("."):
            raise ExprError("a number has at most one '.'", text, column)
        if before_kind == "name" and before in FUNCTIONS and token != "(":
            raise ExprError(
                f"{before} is a function: put its argument in parentheses, e.g. {before}(x)",
                text,
                tokens[i - 1][2],
            )
        if not _operand_end(before_kind, before) or not (
            kind in ("number", "name") or token == "("
        ):
            continue
        if kind == "name" and token in FUNCTIONS:
            raise ExprError(f"a * is missing: did you mean {before}*{token}(...)?", text, column)
        if token == "(" and before_kind == "name" and before not in CONSTANTS:
            raise ExprError(
                f"'{before}' is not a known function (known: {', '.join(FUNCTIONS)}); "
                f"to multiply, write {before}*{_group(text, tokens, i)}",
                text,
                tokens[i - 1][2],
            )
        if before == ")":
            raise ExprError(f"a * is missing between ')' and '{token}'", text, column)
        after = _group(text, tokens, i) if token == "(" else token
        raise ExprError(f"a * is missing: did you mean {before}*{after}?", text, column)
    if tokens and tokens[-1][0] == "name" and tokens[-1][1] in FUNCTIONS:
        name = tokens[-1][1]
        raise ExprError(
            f"{name} is a function: put its argument in parentheses, e.g. {name}(x)",
            text,
            tokens[-1][2],
        )


# --- The syntax-tree walk --------------------------------------------------------------------

_NOT_ALLOWED = {
    ast.Attribute: "'.' to reach inside a value",
    ast.Subscript: "indexing with [ ]",
    ast.Lambda: "lambda",
    ast.GeneratorExp: "a generator",
    ast.ListComp: "a list",
    ast.SetComp: "a set",
    ast.DictComp: "a dict",
    ast.List: "a list",
    ast.Tuple: "a tuple (a comma outside a function call)",
    ast.Set: "a set",
    ast.Dict: "a dict",
    ast.Compare: "a comparison",
    ast.BoolOp: "'and'/'or'",
    ast.IfExp: "'if'/'else'",
    ast.NamedExpr: "':='",
    ast.Starred: "'*' unpacking",
    ast.JoinedStr: "an f-string",
    ast.Await: "await",
    ast.Yield: "yield",
}
_BINARY_OPERATORS: dict[type, str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
}


def _same_chain(tree: ast.BinOp, left: ast.AST) -> bool:
    groups = ({ast.Add, ast.Sub}, {ast.Mult, ast.Div})
    return isinstance(left, ast.BinOp) and any(
        type(tree.op) in group and type(left.op) in group for group in groups
    )


class _Builder:
    """Turns a checked syntax tree into autodiff nodes, with limits on size and depth."""

    def __init__(self, text: str, origin: list[int], allowed: frozenset[str] | None) -> None:
        self.text = text
        self.origin = origin  # column in the parsed text -> column in the typed text
        self.allowed = allowed
        self.variables: dict[str, Node] = {}  # one shared node per variable name
        self.count = 0

    def column(self, tree: ast.AST) -> int:
        offset = getattr(tree, "col_offset", 0) or 0
        return self.origin[min(offset, len(self.origin) - 1)]

    def fail(self, message: str, tree: ast.AST) -> ExprError:
        return ExprError(message, self.text, self.column(tree))

    def build(self, tree: ast.AST, depth: int = 1) -> Node:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(f"the expression is too long (more than {MAX_NODES} parts)", tree)
        if depth > MAX_DEPTH:
            raise self.fail(f"the expression is nested too deeply (over {MAX_DEPTH})", tree)
        column = self.column(tree)
        if isinstance(tree, ast.Constant):
            return self.constant(tree, column)
        if isinstance(tree, ast.Name):
            return self.name(tree, column)
        if isinstance(tree, ast.UnaryOp) and isinstance(tree.op, ast.USub | ast.UAdd):
            inner = self.build(tree.operand, depth + 1)
            if isinstance(tree.op, ast.UAdd):
                return inner
            if inner.op == "constant" and inner.name is None:  # -3 is one number
                return Node("constant", constant=-float(inner.constant), column=column)
            return Node("neg", (inner,), column=column)
        if isinstance(tree, ast.BinOp) and type(tree.op) in _BINARY_OPERATORS:
            # a + b + c + ... is a flat list to a reader: the chain counts as one level deep
            left = self.build(tree.left, depth + (not _same_chain(tree, tree.left)))
            right = self.build(tree.right, depth + 1)
            return Node(_BINARY_OPERATORS[type(tree.op)], (left, right), column=column)
        if isinstance(tree, ast.Call):
            return self.call(tree, depth, column)
        if isinstance(tree, ast.BinOp):
            symbol = type(tree.op).__name__
            raise self.fail(f"operator {symbol} is not allowed; {_OPERATORS_HINT}", tree)
        if isinstance(tree, ast.UnaryOp):
            raise self.fail(f"'{type(tree.op).__name__}' is not allowed; {_OPERATORS_HINT}", tree)
        what = _NOT_ALLOWED.get(type(tree), type(tree).__name__)
        raise self.fail(f"{what} is not allowed in an expression; {_OPERATORS_HINT}", tree)

    def constant(self, tree: ast.Constant, column: int) -> Node:
        value = tree.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            if isinstance(value, complex):
                raise self.fail("imaginary numbers are not supported", tree)
            raise self.fail(f"only numbers are allowed here; {_OPERATORS_HINT}", tree)
        try:
            number = float(value)  # 9**9**9 then overflows to inf instead of taking forever
        except OverflowError:
            number = float("inf")
        return Node("constant", constant=number, column=column)

    def name(self, tree: ast.Name, column: int) -> Node:
        name = tree.id
        if name.startswith("_") or not name.isascii():
            raise self.fail(f"the name '{name}' is not allowed (names start with a letter)", tree)
        if name in FUNCTIONS:
            raise self.fail(f"{name} is a function: write {name}(x)", tree)
        if name in CONSTANTS:
            return Node("constant", name=name, constant=CONSTANTS[name], column=column)
        if self.allowed is not None and name not in self.allowed:
            if self.allowed:
                known = ", ".join(sorted(self.allowed))
                message = f"unknown name '{name}': this expression may use {known}"
            else:
                message = f"unknown name '{name}': no variables are allowed here, only numbers"
            raise self.fail(message, tree)
        if name not in self.variables:
            self.variables[name] = Node("variable", name=name, column=column)
        return self.variables[name]

    def call(self, tree: ast.Call, depth: int, column: int) -> Node:
        if not isinstance(tree.func, ast.Name):
            raise self.fail(
                "a * is missing before this '(' (only named functions can be called)", tree
            )
        name = tree.func.id
        if name not in FUNCTIONS:
            raise self.fail(
                f"'{name}' is not a known function (known: {', '.join(FUNCTIONS)})", tree
            )
        if tree.keywords:
            raise self.fail(f"{name}(...) takes no named arguments", tree)
        if len(tree.args) != 1:
            raise self.fail(f"{name}(...) takes exactly one argument", tree)
        (argument,) = tree.args
        if isinstance(argument, ast.Starred):
            raise self.fail(f"{name}(...) takes exactly one plain argument", argument)
        return Node(name, (self.build(argument, depth + 1),), column=column)


def _caret_power(text: str) -> tuple[str, list[int]]:
    """Replace ^ by ** (as in math, x^2) and map each parsed column back to a typed one."""
    pieces, origin = [], []
    for index, char in enumerate(text):
        if char == "^":
            pieces.append("**")
            origin.extend((index + 1, index + 1))
        else:
            pieces.append(" " if char in "\t\n\r" else char)
            origin.append(index + 1)
    origin.append(len(text) + 1)
    return "".join(pieces), origin


def _syntax_error(text: str, origin: list[int], error: SyntaxError) -> ExprError:
    offset = (error.offset or len(origin)) - 1  # Python says 0 when the text ran out
    column = origin[min(max(offset, 0), len(origin) - 1)]
    if column > len(text.rstrip()):
        return ExprError(
            "the expression ends too soon: something is missing at the end", text, column
        )
    return ExprError(f"this is not a complete expression ({_OPERATORS_HINT})", text, column)


def parse(text: str, variables: Iterable[str] | None = None) -> Expression:
    """Check typed text and build its `Expression`; raise `ExprError` pointing at the problem.

    ``variables``, when given, lists the only names the expression may use (besides the
    constants pi and e); others are rejected with a message naming the allowed ones.
    `ANY_NAMES` (like None) lets every name through.
    """
    if not isinstance(text, str):
        raise ExprError("an expression must be text", "", 1)
    if len(text) > MAX_LENGTH:
        raise ExprError(
            f"the expression is too long ({len(text)} characters; the limit is {MAX_LENGTH})",
            text,
            MAX_LENGTH + 1,
        )
    if not text.strip():
        raise ExprError("the expression is empty: type something like x**2", text, 1)
    _check_characters(text)
    tokens = _tokens(text)
    _check_parentheses(text, tokens)
    _check_tokens(text, tokens)
    source, origin = _caret_power(text)
    lead = len(source) - len(source.lstrip())  # Python's parser refuses leading spaces
    source, origin = source[lead:], origin[lead:]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. SyntaxWarning: '2(x)' is not callable
            tree = ast.parse(source, mode="eval")
    except SyntaxError as error:
        raise _syntax_error(text, origin, error) from None
    except (MemoryError, RecursionError, ValueError, OverflowError):
        raise ExprError("the expression is too complicated to read", text, 1) from None
    allowed = None if variables is None or isinstance(variables, AnyNames) else frozenset(variables)
    builder = _Builder(text, origin, allowed)
    try:
        root = builder.build(tree.body)
    except RecursionError:
        raise ExprError("the expression is nested too deeply", text, 1) from None
    return Expression(text, root)


# --- The parsed expression -------------------------------------------------------------------


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
