"""The checks of ```scene and ```check blocks: TOML tables → SceneSpec / CheckSpec.

Every problem is reported at the line of the offending key in the file, with a message that
names what is allowed. Scene modules and the expression parser are imported only here, so
the catalog (which never validates blocks) stays light.
"""

from __future__ import annotations

import math
from typing import Any

from gradtui.scenes.kit.params import (
    EXPRESSION,
    EXPRESSIONS,
    MODEL,
    Param,
    ParamError,
    coerce,
    fill_defaults,
    read_expression,
)
from gradtui.script.blocks import Block, Report, did_you_mean, report_unknown_keys
from gradtui.script.model import CheckSpec, SceneSpec

CHECK_KEYS = ("question", "answer", "tolerance", "options", "hint", "explain", "see")
MIN_OPTIONS, MAX_OPTIONS = 2, 9


def read_scene(block: Block, report: Report) -> SceneSpec | None:
    """The SceneSpec of a scene block (defaults filled in), or None after reporting why not."""
    from gradtui.scenes import KINDS, cross_check, scene_params

    data = block.load(report, "the scene block")
    if data is None:
        return None
    kinds = ", ".join(sorted(KINDS))
    if "kind" not in data:
        report.add(
            block.opening_line, 1, f'a scene block needs kind = "..."; the kinds are: {kinds}'
        )
        return None
    kind = data["kind"]
    if not isinstance(kind, str):
        report.add(*block.key_position("kind"), f"kind must be text in quotes, one of: {kinds}")
        return None
    if kind not in KINDS:
        report.add(
            *block.key_position("kind"),
            f"unknown scene kind {kind!r}{did_you_mean(kind, tuple(KINDS))}; "
            f"the kinds are: {kinds}",
        )
        return None
    try:
        params = scene_params(kind)
    except ImportError as err:  # a broken installation, not the author's fault
        report.add(
            block.opening_line, 1, f"the {kind} scene cannot be loaded ({err}): a bug in gradtui"
        )
        return None
    declared = {param.name: param for param in params}
    names = tuple(declared)
    ok = not report_unknown_keys(
        block,
        report,
        data,
        ("kind", *names),
        lambda key: (
            f"unknown parameter {key!r} for a {kind} scene{did_you_mean(key, names)}; "
            f"its parameters are: {', '.join(names) or '(none)'}"
        ),
    )
    given: dict[str, Any] = {}
    for key, value in data.items():
        param = declared.get(key)
        if param is None:  # kind, or reported above
            continue
        checked = _checked_value(param, value, block, report)
        if checked is _REFUSED:
            ok = False
        else:
            given[key] = checked
    for param in params:
        if param.required and param.name not in data:
            report.add(
                block.opening_line,
                1,
                f"a {kind} scene needs {param.name} ({param.describe_range()}): {param.doc}",
            )
            ok = False
    if not ok:
        return None
    complete = fill_defaults(params, given)
    problems = cross_check(kind, complete)
    for name, message in problems:
        report.add(*block.key_position(name), f"{name}: {message}")
    if problems:
        return None
    return SceneSpec(kind=kind, params=complete, line=block.opening_line)


_REFUSED = object()  # a value that was reported and cannot be used


def _checked_value(param: Param, value: Any, block: Block, report: Report) -> Any:
    """The canonical value of a parameter, or _REFUSED after reporting why not at its key."""
    try:
        checked = coerce(param, value)
    except ParamError as err:
        report.add(*block.key_position(param.name), str(err))
        return _REFUSED
    except OverflowError:  # an integer too large to become a float
        report.add(*block.key_position(param.name), f"{param.name} is too large a number")
        return _REFUSED
    expressions = [checked] if param.kind in (EXPRESSION, MODEL) else []
    if param.kind == EXPRESSIONS:
        expressions = checked
    # Check every expression (not just up to the first bad one): the author sees all at once.
    results = [_expression_ok(param, text, block, report) for text in expressions]
    return checked if all(results) else _REFUSED


def _expression_ok(param: Param, text: str, block: Block, report: Report) -> bool:
    """Parse an expression parameter (or a model); report a mistake at its column in the file."""
    from gradtui.calculus.expr import ExprError

    try:
        read_expression(param, text)
    except ExprError as err:
        line, column = block.key_position(param.name)
        inside = value_position(block, param.name, text)
        if inside != (line, column):  # the text sits in the file as written: point into it
            column = inside[1] + err.column - 1
        report.add(line, column, f"{param.name}: {err}")
        return False
    return True


def value_position(block: Block, key: str, text: str) -> tuple[int, int]:
    """File (line, column) of the first character of `key`'s text value `text`: inside the
    quotes when it is written as a plain one-line string, else where the value starts."""
    line, column = block.key_position(key)
    if line != block.opening_line:
        offset = _string_offset(block.raw_value(key), text)
        if offset is not None:
            return line, column + offset
    return line, column


def _string_offset(raw: str, value: str) -> int | None:
    """Where `value`'s first character sits in `raw` (the text after `key =`), 0-based.

    Only for a one-line TOML string without escapes, alone or in a one-line list: only then
    does a column in the value map straight onto a column in the file.
    """
    for quote in ('"', "'"):
        written = quote + value + quote
        at = raw.find(written)
        if at >= 0 and not raw.startswith(quote * 3, at) and (quote == "'" or "\\" not in value):
            return at + 1
    return None


def read_check(block: Block, report: Report) -> CheckSpec | None:
    """The CheckSpec of a check block, or None after reporting every problem in it. Its
    `see` is kept as written; gradtui/script/parse.py looks it up."""
    data = block.load(report, "the check block")
    if data is None:
        return None
    before = len(report.problems)
    report_unknown_keys(
        block,
        report,
        data,
        CHECK_KEYS,
        lambda key: (
            f"unknown check key {key!r}{did_you_mean(key, CHECK_KEYS)}; "
            f"the keys are: {', '.join(CHECK_KEYS)}"
        ),
    )
    texts = {key: _text(block, report, data, key) for key in ("question", "hint", "explain", "see")}
    if "question" not in data:
        report.add(block.opening_line, 1, 'a check block needs question = "..."')
    elif not texts["question"].strip():
        report.add(*block.key_position("question"), "question must not be empty")
    if "answer" not in data:
        report.add(
            block.opening_line,
            1,
            "a check block needs answer = a number, or options = [...] and answer = the right one",
        )
        return None
    if "options" in data:
        answer, tolerance, options = _choice(block, report, data)
    else:
        answer, tolerance, options = _number_answer(block, report, data)
    if len(report.problems) != before or answer is None:
        return None
    return CheckSpec(
        question=texts["question"].strip(),
        answer=answer,
        tolerance=tolerance,
        options=options,
        hint=texts["hint"].strip(),
        explain=texts["explain"].strip(),
        line=block.opening_line,
        see_href=texts["see"].strip(),
    )


def _text(block: Block, report: Report, data: dict[str, Any], key: str) -> str:
    value = data.get(key, "")
    if isinstance(value, str):
        return value
    report.add(*block.key_position(key), f"{key} must be text in quotes")
    return ""


def _choice(
    block: Block, report: Report, data: dict[str, Any]
) -> tuple[int | None, float, tuple[str, ...]]:
    """A choice question: options are texts; answer is the text of the right one."""
    options = data["options"]
    where = block.key_position("options")
    if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
        report.add(*where, 'options must be a list of texts: ["first", "second"]')
        return None, 0.0, ()
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        report.add(
            *where, f"options must hold {MIN_OPTIONS} to {MAX_OPTIONS} texts, not {len(options)}"
        )
        return None, 0.0, ()
    if len({o.strip() for o in options}) != len(options) or not all(o.strip() for o in options):
        report.add(*where, "options must be different from each other and not empty")
        return None, 0.0, ()
    if "tolerance" in data:
        report.add(*block.key_start("tolerance"), "tolerance is for number answers, not options")
    answer = data["answer"]
    listed = ", ".join(repr(o) for o in options)
    if not isinstance(answer, str) or answer not in options:
        report.add(
            *block.key_position("answer"),
            f"answer must be the text of one of the options: {listed}",
        )
        return None, 0.0, ()
    return options.index(answer), 0.0, tuple(options)


def _number_answer(
    block: Block, report: Report, data: dict[str, Any]
) -> tuple[float | None, float, tuple[str, ...]]:
    """A number question: answer is a number, graded within tolerance (default: exact)."""
    answer = _finite(data["answer"])
    if answer is None:
        number = isinstance(data["answer"], int | float) and not isinstance(data["answer"], bool)
        report.add(
            *block.key_position("answer"),
            "answer must be a finite number of sensible size"
            if number
            else "answer must be a number (for a choice question, also give options = [...])",
        )
    tolerance = 0.0
    if "tolerance" in data:
        value = _finite(data["tolerance"])
        if value is None or value < 0:
            report.add(*block.key_position("tolerance"), "tolerance must be a number, 0 or more")
        else:
            tolerance = value
    return answer, tolerance, ()


def _finite(value: Any) -> float | None:
    """A finite float from a TOML number, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None
