"""The `graph` scene in words: what each box does on each pass (the operation with its
numbers in place, each input's share of the gradient, forward mode's tangents), what is not
ordinary at this point (f or a slope undefined, a corner), and the state's own sentences and
readout (`GraphWords`, a part of GraphState).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from gradtui.calculus.forward_mode import TangentRow
from gradtui.calculus.numeric import out_of_reach
from gradtui.calculus.trace import TraceRow, sum_of_shares
from gradtui.scenes.graph.numbers import DEFAULT_VALUE, FORWARD, MAX_BOXES, REVERSE, Box, Passes
from gradtui.scenes.kit.numbers import number, short

FORWARD_MODE_KEY = "f"  # the key that switches between reverse and forward mode


def cut(text: str, width: int = 24) -> str:
    """`text` cut to `width` characters, the cut marked with "..."."""
    return text if len(text) <= width else text[: width - 3] + "..."


def _grouped(text: str) -> str:
    """A sub-expression as a factor: in parentheses unless it is one name or number."""
    return text if text.replace(".", "").replace("_", "").isalnum() else f"({text})"


def slope_rule(op: str, children: Sequence[str], i: int) -> str:
    """The local slope of an operation towards its child `i`, as a formula in its children."""
    a = cut(children[0], 16)
    b = cut(children[1], 16) if len(children) > 1 else ""
    ga, gb = _grouped(a), _grouped(b)
    rules: dict[str, tuple[str, ...]] = {
        "+": ("1", "1"), "-": ("1", "-1"), "*": (b, a), "/": (f"1/{gb}", f"-{ga}/{gb}^2"),
        "**": (f"{gb}*{ga}^({b} - 1)", f"{ga}^{gb}*log({a})"), "neg": ("-1",),
        "sin": (f"cos({a})",), "cos": (f"-sin({a})",), "tan": (f"1/cos({a})^2",),
        "exp": (f"exp({a})",), "log": (f"1/{ga}",), "sqrt": (f"1/(2*sqrt({a}))",),
        "abs": (f"sign({a})",), "tanh": (f"1 - tanh({a})^2",),
        "sigmoid": (f"sigmoid({a})*(1 - sigmoid({a}))",), "relu": (f"1 if {a} > 0, else 0",),
        "mean": ("1/n",),
    }  # fmt: skip
    return rules.get(op, ("its slope",) * 2)[i]


def _factor(text: str) -> str:
    return f"({text})" if text.startswith("-") else text


def applied(row: TraceRow, values: Sequence[str]) -> str:
    """The operation with its inputs' numbers in place: 2 + 1, sin(0.5), -(3)."""
    if row.op == "neg":
        return f"-({values[0]})"
    if len(values) == 1:
        return f"{row.op}({values[0]})"
    return f"{_factor(values[0])} {row.op} {_factor(values[1])}"


def forward_words(box: Box, passes: Passes, last: bool, num: Callable[[Any], str]) -> str:
    row = passes.by_node[box.node]
    if box.kind == "input":
        words = f"{box.expression} = {num(row.value)}, an input"
    elif not row.children:
        words = f"{box.expression} = {num(row.value)}, a number"
    else:
        values = [num(passes.by_node[i].value) for i in row.child_indexes]
        worked = applied(row, values)  # "2 + 3" is said once when its numbers are written in
        shown = cut(box.expression, 32)
        middle = "" if worked == shown else f" = {worked}"
        words = f"{shown}{middle} = {num(row.value)}"
    return words + (": that is f, the output." if last else ".")


def backward_words(box: Box, passes: Passes, boxes: Sequence[Box], num) -> str:
    """The backward pass at one box: its gradient (complete now), and what each input gets:
    (this gradient) x (local slope), added to what that input holds already (+=)."""
    row = passes.by_node[box.node]
    name = cut(box.expression)
    output = box is boxes[-1]
    if box.kind == "input":
        if output:
            return f"Start at the output: f is {name} itself, so df/d{name} = 1."
        received = passes.received.get(box.node, [])
        words = f"{name} has its whole gradient: df/d{name} = {num(row.upstream)}"
        if len(received) > 1:
            words += f", the sum of its {len(received)} shares: {sum_of_shares(received, num)}"
        return words + "."
    head = (
        "Start at the output: df/df = 1." if output else f"{name} has gradient {num(row.upstream)}."
    )
    parts, told = [], {}
    for i, child in enumerate(row.child_indexes):
        slope, passed = row.slopes[i], row.passes[i]
        if slope is None:
            continue  # a number: nobody nudges it
        label = cut(row.children[i], 16)
        rule = slope_rule(row.op, row.children, i)
        why = "" if rule == num(slope) else f" (local slope {rule})"
        product = f"{_factor(num(row.upstream))} times {_factor(num(slope))}"
        part = f"{label} gets {product}{why} = {num(passed)}"
        received = passes.received.get(child, [])
        mine = [k for k, share in enumerate(received) if share.giver == row.index]
        told[child] = told.get(child, 0) + 1
        k = mine[told[child] - 1]
        if k > 0:
            part += f", so {label}'s gradient = {sum_of_shares(received[: k + 1], num)} (+=)"
        parts.append(part)
    if not parts:
        return f"{head} It depends on no input: there is nothing to pass down."
    return f"{head} {'; '.join(parts)}."


def defined(value: Any) -> bool:
    return value is not None and math.isfinite(float(value))


def tangent_words(box: Box, row: TangentRow, seed: str, last: bool, num) -> str:
    """A forward-mode pass at one box: its value and d(box)/d(seed)."""
    value = f"{cut(box.expression, 28)} = {num(row.value)}"
    if box.kind == "input":
        if box.expression == seed:
            words = f"{value}: the input this pass follows, d{seed}/d{seed} = 1"
        else:
            words = f"{value}: it holds still in this pass, d{box.expression}/d{seed} = 0"
    elif not row.moves:
        words = f"{value}: it does not depend on {seed}, so d/d{seed} = 0"
    else:
        terms = [
            f"{num(slope)} times {_factor(num(carried))}"
            for slope, carried in zip(row.slopes, row.carried, strict=True)
            if slope is not None
        ]
        words = f"{value}; d/d{seed} = {' + '.join(terms)} = {num(row.tangent)}"
    if last:
        return f"{words}. So df/d{seed} = {num(row.tangent)}."
    return words + "."


def _spelled(value: float | None) -> str:
    """A non-finite value as a phrase (infinity, minus infinity, undefined)."""
    return {"infinity": "infinite", "-infinity": "minus infinity"}.get(number(value), number(value))


def trouble(passes: Passes) -> list[str]:
    """Sentences for numbers that are not ordinary here (f or a slope infinite or undefined)."""
    out = []
    value = passes.value
    if not defined(value):
        if math.isnan(float(value)):
            why = passes.expr.why_undefined(**passes.point)
            because = f": {why}" if why else ""
            out.append(f"f is undefined (not a number) at this point{because}; so is every slope.")
        else:
            out.append(
                f"f is {_spelled(value)} at this point: its slopes are no ordinary numbers "
                "either, and a finite difference cannot measure them."
            )
    else:
        bad = [n for n, g in passes.gradient.items() if not defined(g)]
        if bad:
            out.append(
                f"f is an ordinary number here, but its slope along {', '.join(bad)} is not "
                "(infinite or undefined): the curve stands vertical or breaks at this point."
            )
    if math.isfinite(float(value)):
        for name in passes.expr.variables:
            why = out_of_reach(passes.expr, passes.point, name)
            if why:
                out.append(f"The central difference cannot check df/d{name} here: {why}.")
    return out + corners(passes)


CORNERED = ("abs", "relu")  # the functions with a corner at 0


def corners(passes: Passes) -> list[str]:
    """A sentence for each box of abs or relu whose input sits on its corner (exactly 0):
    there the slope autodiff uses (0) is a convention, and so is every slope through it."""
    out = []
    for row in passes.rows:
        if row.op in CORNERED and len(row.child_indexes) == 1:
            inner = passes.by_node[row.child_indexes[0]]
            if defined(inner.value) and float(inner.value) == 0:
                out.append(
                    f"{row.label} sits on its corner here ({inner.label} is 0): it has no "
                    "slope there, and the 0 autodiff takes is a convention, so the slopes that "
                    "pass through it are one too (the central difference straddles the corner)."
                )
    return out


class GraphWords:
    """The sentences and the readout of GraphState (a part of it: reads the walk, the passes
    and the notes GraphState sets up)."""

    def passes_needed(self) -> str:
        """How many passes each mode needs for all the slopes."""
        count = len(self.expr.variables)
        if count == 0:
            return "f has no inputs: no slopes to find, in either mode"
        slopes = {1: "the slope", 2: "both slopes"}.get(count, f"all {count} slopes")
        per_input = "1 pass" if count == 1 else f"{count} passes, one per input"
        return f"reverse mode: 1 forward + 1 backward pass for {slopes}; forward mode: {per_input}"

    def status(self) -> str:
        total = len(self.steps)
        if self.mode == FORWARD and not total:
            return "forward mode: f has no inputs, so no passes"
        if self.done:
            count = len(self.expr.variables)
            walked = "1 forward + 1 backward pass" if self.mode == REVERSE else (
                "1 pass" if count == 1 else f"{count} passes")  # fmt: skip
            return f"{self.mode} mode: done ({walked}, {total} steps)"
        phase = self.current.phase if self.current else "nothing computed yet"
        playing = ", playing" if self.playing else ""
        return f"{self.mode} mode, {phase}: step {self.position} of {total}{playing}"

    def results(self, num: Callable[[Any], str] = short) -> list[str]:
        """Each input's slope by this mode beside its central difference."""
        return [
            f"df/d{name} = {num(slope)}   (central difference: {num(self.passes.numeric[name])})"
            for name, slope in self.slopes().items()
        ]

    def slopes(self) -> dict[str, Any]:
        """Each input's slope as this mode found it (the backward pass, or its own pass)."""
        if self.mode == FORWARD:
            return {name: rows[-1].tangent for name, rows in self.passes.tangents.items()}
        return dict(self.passes.gradient)

    def agrees(self) -> bool:
        """Whether every slope matches its central difference to about 4 digits."""
        return all(
            defined(slope) and defined(measured)
            and abs(slope - measured) <= 1e-4 * max(1.0, abs(slope), abs(measured))
            for slope, measured in zip(self.slopes().values(), self.passes.numeric.values(),
                                       strict=True)
        )  # fmt: skip

    def words(self) -> str:
        """What the step just taken did (or what to do first), in a sentence or three."""
        if not self.position:
            keys = f"s steps, space plays, {FORWARD_MODE_KEY} switches mode"
            if self.mode == FORWARD:
                return (
                    f"Forward mode: one pass per input, each carrying d(box)/d(input) from the "
                    f"inputs up. Nothing computed yet: {keys}."
                )
            return f"Nothing computed yet: {keys}. First the forward pass fills in values."
        if self.done:
            ending = self.steps[-1].words if self.steps else ""
            if not self.expr.variables:
                return f"{ending} Done: f has no inputs, so there are no slopes to check."
            verdict = "they agree" if self.agrees() else "compare them"
            return f"Done: every slope, beside a central difference ({verdict}):"
        return self.current.words

    def notes(self) -> list[str]:
        """Things worth saying about this f at this point (defaults, trouble, size)."""
        out = []
        if self.defaulted:
            names = ", ".join(self.defaulted)
            verb = "is" if len(self.defaulted) == 1 else "are"
            out.append(f"{names} {verb} not in at: starting at {number(DEFAULT_VALUE)}.")
        elif self.params["at"] is None and self.expr.variables:
            out.append(f"at is not given: every variable starts at {number(DEFAULT_VALUE)}.")
        out += trouble(self.passes)
        if not self.drawable:
            out.append(
                f"This graph has {len(self.boxes)} boxes: more than the {MAX_BOXES} the scene "
                "draws, so its boxes are listed instead."
            )
        return out

    def readout(self) -> str:
        """Every number the scene shows, in words, one per line."""
        if self.problem is not None:
            return f"f = {self.text}\nproblem = {self.problem.message}"
        at = ", ".join(f"{n} = {short(v)}" for n, v in self.point.items()) or "(no variables)"
        lines = [f"f = {self.expr}", f"at {at}", f"mode = {self.status()}"]
        lines.append(f"passes = {self.passes_needed()}")
        lines.append(f"now = {self.words()}")
        second = "gradient" if self.mode == REVERSE else "tangent"
        for i, slots in self.shown().items():
            box = self.boxes[i]
            lines.append(
                f"box {box.label} ({box.expression}): value {short(slots.get('value'))}, "
                f"{second} {short(slots.get(second))}"
            )
        if self.done:
            lines += self.results()
        return "\n".join(lines + self.notes())
