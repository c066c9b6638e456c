"""Typed math made safe: a whitelist parser over Python's `ast` and the `Expression` it builds.

Nothing here ever runs the typed text as code (no eval, exec or compile). The text is checked
character by character and token by token first -- cheap limits that keep hostile input from
reaching `ast.parse` -- then the syntax tree is walked and only arithmetic, the functions in
`FUNCTIONS` and the constants pi and e are turned into an autodiff graph (see autodiff.py).

This package's face is `parse`; its parts: rules.py (limits, constants, `ExprError`),
screen.py (the checks before `ast.parse`), tree.py (the syntax-tree walk), expression.py
(`Expression`).
"""

from __future__ import annotations

from collections.abc import Iterable

from gradtui.calculus.expr.expression import Expression
from gradtui.calculus.expr.rules import ANY_NAMES, CONSTANTS, AnyNames, ExprError
from gradtui.calculus.expr.screen import screen
from gradtui.calculus.expr.tree import build


def parse(text: str, variables: Iterable[str] | None = None) -> Expression:
    """Check typed text and build its `Expression`; raise `ExprError` pointing at the problem.

    ``variables``, when given, lists the only names the expression may use (besides the
    constants pi and e); others are rejected with a message naming the allowed ones.
    `ANY_NAMES` (like None) lets every name through.
    """
    screen(text)
    return Expression(text, build(text, variables))


__all__ = ["ANY_NAMES", "CONSTANTS", "AnyNames", "ExprError", "Expression", "parse"]
