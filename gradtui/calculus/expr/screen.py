"""Cheap checks of typed text before Python's parser ever sees it: the length, every
character, the tokens, the parentheses and the operators' sides -- limits that keep hostile
input from reaching `ast.parse`, each failure an `ExprError` pointing at its column.
"""

from __future__ import annotations

import keyword
import re
import unicodedata

from gradtui.calculus.autodiff import FUNCTIONS
from gradtui.calculus.expr.rules import (
    CONSTANTS,
    MAX_LENGTH,
    MAX_NAME_LENGTH,
    MAX_NESTING,
    MAX_SIGNS_IN_A_ROW,
    OPERATORS_HINT,
    ExprError,
)

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

_TOKEN = re.compile(
    r"(?P<number>(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>\*\*|[-+*/^(),])"
    r"|(?P<space>\s+)"
)


def screen(text: str) -> None:
    """Raise `ExprError` at the first rule `text` breaks before it may be parsed."""
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
            message = f"'{char}' is not allowed; {OPERATORS_HINT}"
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
            raise ExprError(f"'{token}' is a Python word, not math; {OPERATORS_HINT}", text, column)
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
