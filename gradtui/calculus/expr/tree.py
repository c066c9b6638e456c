"""The syntax-tree walk: typed text that passed the screen is parsed by Python's `ast` (never
run), and only arithmetic, the functions in `FUNCTIONS` and the constants pi and e are turned
into an autodiff graph (see gradtui.calculus.autodiff), within limits on size and depth.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Iterable

from gradtui.calculus.autodiff import FUNCTIONS, Node
from gradtui.calculus.expr.rules import (
    CONSTANTS,
    MAX_DEPTH,
    MAX_NODES,
    OPERATORS_HINT,
    AnyNames,
    ExprError,
)

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
            raise self.fail(f"operator {symbol} is not allowed; {OPERATORS_HINT}", tree)
        if isinstance(tree, ast.UnaryOp):
            raise self.fail(f"'{type(tree.op).__name__}' is not allowed; {OPERATORS_HINT}", tree)
        what = _NOT_ALLOWED.get(type(tree), type(tree).__name__)
        raise self.fail(f"{what} is not allowed in an expression; {OPERATORS_HINT}", tree)

    def constant(self, tree: ast.Constant, column: int) -> Node:
        value = tree.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            if isinstance(value, complex):
                raise self.fail("imaginary numbers are not supported", tree)
            raise self.fail(f"only numbers are allowed here; {OPERATORS_HINT}", tree)
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
    return ExprError(f"this is not a complete expression ({OPERATORS_HINT})", text, column)


def build(text: str, variables: Iterable[str] | None = None) -> Node:
    """The autodiff graph of screened `text` (see `parse` for `variables`); raises `ExprError`
    pointing at what is not allowed."""
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
        return builder.build(tree.body)
    except RecursionError:
        raise ExprError("the expression is nested too deeply", text, 1) from None
