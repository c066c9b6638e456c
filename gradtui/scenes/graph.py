"""The `graph` scene: backpropagation, one box at a time, on the computational graph of f.

f is read by the project's safe parser into an autodiff graph and drawn as boxes and lines
(gradtui/scenes/kit/graph_layout.py): one box per variable and per operation, the plain numbers
f uses written inside the box that uses them (``+1``, ``*3``), inputs on the left, f on the
right. The learner steps (s) or plays (space): the forward pass fills in each box's value, then
the backward pass walks the boxes in reverse, each handing every input (its gradient) x (local
slope), a variable used twice collecting two shares (``+=``). Every number is read off the real
passes of autodiff.py -- the rows of calculus/trace.py -- never worked out again here. The
forward-mode key walks calculus/forward_mode.py's passes instead: one per input. At the end
each input's slope stands beside a central difference (calculus/numeric.py).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from gradtui.calculus.autodiff import FUNCTIONS
from gradtui.calculus.expr import ANY_NAMES, CONSTANTS, ExprError, Expression, parse
from gradtui.calculus.forward_mode import TangentRow, tangent_pass
from gradtui.calculus.numeric import numeric_gradient, out_of_reach
from gradtui.calculus.printing import describe
from gradtui.calculus.trace import TraceRow, backward_table, shares, sum_of_shares
from gradtui.scenes.contract import SceneState
from gradtui.scenes.kit import graph_layout
from gradtui.scenes.kit.graph_layout import Layout
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.layout import Frame, wrap
from gradtui.scenes.kit.numbers import compact, error_size, number, precise, short
from gradtui.scenes.kit.params import EXPRESSION, TABLE, Param

SUMMARY = (
    "Backpropagation step by step: the graph of f, its forward pass filling in values, then its "
    "backward pass handing each box (gradient) x (local slope); forward mode to compare."
)
FUNCTION = "f"

MAX_VARIABLES = 4  # what a lesson may use: the passes of 4 inputs still read on one screen
MAX_BOXES = 24  # the largest graph drawn; a bigger one is listed box by box instead
DEFAULT_VALUE = 1.0  # a variable that `at` does not give starts here

PARAMS = (
    Param("f", EXPRESSION, "(a + b) * (b + 1)",
          f"The function whose graph is walked: an expression in up to {MAX_VARIABLES} "
          f"variables of any names (its graph is drawn up to {MAX_BOXES} boxes, one per "
          "variable and per operation).", variables=ANY_NAMES),
    Param("at", TABLE, None,
          "Where the passes run: a value for each variable of f, no more, e.g. "
          "{ a = 2, b = 1 }. Left out, every variable is 1.",
          low=-1e6, high=1e6, max_items=MAX_VARIABLES),
)  # fmt: skip

FORWARD_MODE_KEY = "f"
KEYS = (
    Key("s", "step", "step"),
    Key("space", "toggle_play", "play/pause"),
    Key(FORWARD_MODE_KEY, "toggle_mode", "forward/reverse mode"),
    Key("r", "reset", "reset"),
)

REVERSE, FORWARD = "reverse", "forward"
NOW_MARKS = (">", "<")  # the box being worked on, told by its shape (reverse video as well)
SLOT = 9  # columns for a number under a box
WORD_ROWS_BESIDE_WALK = 7  # the words' rows when the walk so far is shown too

# Lines in 7-bit characters: corners that open downwards are dots, upwards quotes, so that
# junctions (+) stand out from turns.
_ASCII_LINES = str.maketrans({"─": "-", "│": "|", "┌": ".", "┐": ".", "└": "'", "┘": "'",
                              "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+"})  # fmt: skip


# --- the boxes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """One box of the drawing: a variable, an operation, or (alone) a part made of numbers.

    `node` is the node's position in forward order (its trace row's `index`); `reads` are the
    boxes it takes its inputs from, one per child that is drawn (a number child is written
    inside the box instead)."""

    node: int
    label: str  # what the box says: a, +, *3, sin
    expression: str  # the sub-expression it computes: a + b
    reads: tuple[int, ...]
    kind: str  # "input", "operation" or "number" (no variable below it)


def _number_text(node) -> str:
    """A number written inside the box that uses it: 3, 0.5, pi."""
    text = node.name if node.name in CONSTANTS else compact(float(node.constant), 7)
    return f"({text})" if text.startswith("-") else text


def box_label(node, drawn: set[int]) -> str:
    """The short text in a node's box: its operation, with any plain number it uses."""
    if not node.children:
        return node.name if node.op == "variable" else _number_text(node)
    inner = [None if id(c) in drawn else _number_text(c) for c in node.children]
    if node.op == "neg":
        return "neg" if inner[0] is None else f"-{inner[0]}"
    if node.op in FUNCTIONS or len(node.children) == 1:
        return node.op if inner[0] is None else f"{node.op}({inner[0]})"
    left, right = inner
    return f"{left or ''}{node.op}{right or ''}"


def boxes_of(expr: Expression) -> list[Box]:
    """The boxes of f's graph in forward order (each after the boxes it reads)."""
    order = expr.order
    root = order[-1]
    drawn_nodes = [n for n in order if n.op != "constant" or n is root]
    drawn = {id(n) for n in drawn_nodes}
    box_of = {id(n): i for i, n in enumerate(drawn_nodes)}
    position = {id(n): i for i, n in enumerate(order)}
    boxes = []
    for node in drawn_nodes:
        reads = tuple(box_of[id(c)] for c in node.children if id(c) in drawn)
        if node.op == "variable":
            kind = "input"
        elif any(boxes[r].kind != "number" for r in reads):
            kind = "operation"
        else:
            kind = "number"
        label = box_label(node, drawn)
        if len(label) > 9:
            label = label[:8] + "~"
        boxes.append(Box(position[id(node)], label, describe(node), reads, kind))
    return boxes


def box_texts(boxes: Sequence[Box]) -> list[str]:
    """What each box looks like: [label], the output marked as f."""
    texts = [f"[{box.label}]" for box in boxes]
    texts[-1] += " f"
    return texts


# --- words for each step --------------------------------------------------------------------


def _cut(text: str, width: int = 24) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _grouped(text: str) -> str:
    """A sub-expression as a factor: in parentheses unless it is one name or number."""
    return text if text.replace(".", "").replace("_", "").isalnum() else f"({text})"


def slope_rule(op: str, children: Sequence[str], i: int) -> str:
    """The local slope of an operation towards its child `i`, as a formula in its children."""
    a = _cut(children[0], 16)
    b = _cut(children[1], 16) if len(children) > 1 else ""
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


@dataclass(frozen=True)
class Step:
    """One step of a walk: which box, what happens, in words, and what it writes on the picture:
    (box, slot, value) with slot "value", "gradient" or "tangent"; box None with slot "clear"
    wipes every tangent (a new forward-mode pass begins)."""

    phase: str  # "forward pass", "backward pass", or "pass k of n (d/dx)"
    box: int
    words: str
    writes: tuple[tuple[int | None, str, Any], ...]


class Passes:
    """The real passes at one point: the trace of autodiff's forward and backward passes (as
    rows), a forward-mode pass per input, and a central difference per input."""

    def __init__(self, expr: Expression, point: dict[str, float]) -> None:
        self.expr = expr
        self.point = point
        self.rows = expr.trace(**point)  # output first, as the backward pass meets them
        self.by_node = {row.index: row for row in self.rows}
        self.received = shares(self.rows)
        self.value = self.rows[0].value
        inputs = {name: np.float64(point[name]) for name in expr.variables}
        with np.errstate(all="ignore"):
            self.tangents = {
                name: tangent_pass(expr.order, inputs, name) for name in expr.variables
            }
        by_name = {row.label: row for row in self.rows if row.op == "variable"}
        self.gradient = {name: by_name[name].upstream for name in expr.variables}
        self.numeric = numeric_gradient(expr, point) if expr.variables else {}


def forward_words(box: Box, passes: Passes, last: bool, num: Callable[[Any], str]) -> str:
    row = passes.by_node[box.node]
    if box.kind == "input":
        words = f"{box.expression} = {num(row.value)}, an input"
    elif not row.children:
        words = f"{box.expression} = {num(row.value)}, a number"
    else:
        values = [num(passes.by_node[i].value) for i in row.child_indexes]
        worked = applied(row, values)  # "2 + 3" is said once when its numbers are written in
        shown = _cut(box.expression, 32)
        middle = "" if worked == shown else f" = {worked}"
        words = f"{shown}{middle} = {num(row.value)}"
    return words + (": that is f, the output." if last else ".")


def backward_words(box: Box, passes: Passes, boxes: Sequence[Box], num) -> str:
    """The backward pass at one box: its gradient (complete now), and what each input gets:
    (this gradient) x (local slope), added to what that input holds already (+=)."""
    row = passes.by_node[box.node]
    name = _cut(box.expression)
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
        label = _cut(row.children[i], 16)
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


def _defined(value: Any) -> bool:
    return value is not None and math.isfinite(float(value))


def tangent_words(box: Box, row: TangentRow, seed: str, last: bool, num) -> str:
    """A forward-mode pass at one box: its value and d(box)/d(seed)."""
    value = f"{_cut(box.expression, 28)} = {num(row.value)}"
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


def reverse_walk(boxes: Sequence[Box], passes: Passes, num) -> list[Step]:
    """Reverse mode: the forward pass box by box, then the backward pass box by box."""
    steps = []
    for i, box in enumerate(boxes):
        value = passes.by_node[box.node].value
        words = forward_words(box, passes, i == len(boxes) - 1, num)
        steps.append(Step("forward pass", i, words, ((i, "value", value),)))
    box_at = {box.node: i for i, box in enumerate(boxes)}
    for i in range(len(boxes) - 1, -1, -1):
        box = boxes[i]
        row = passes.by_node[box.node]
        if row.upstream is None:
            continue  # a part made of numbers only: the backward pass skips it
        writes: list[tuple[int | None, str, Any]] = [(i, "gradient", row.upstream)]
        for child in row.child_indexes:
            for share in passes.received.get(child, []):
                if share.giver == row.index and child in box_at:
                    writes.append((box_at[child], "gradient", share.total))
        words = backward_words(box, passes, boxes, num)
        steps.append(Step("backward pass", i, words, tuple(writes)))
    return steps


def forward_walk(boxes: Sequence[Box], passes: Passes, num) -> list[Step]:
    """Forward mode: one pass per input, each box's value and d(box)/d(input), inputs first."""
    steps = []
    names = passes.expr.variables
    for k, seed in enumerate(names, start=1):
        rows = passes.tangents[seed]
        phase = f"pass {k} of {len(names)} (d/d{seed})"
        for i, box in enumerate(boxes):
            row = rows[box.node]
            writes: list[tuple[int | None, str, Any]] = []
            if i == 0:
                writes.append((None, "clear", None))
            writes += [(i, "value", row.value), (i, "tangent", row.tangent)]
            words = tangent_words(box, row, seed, i == len(boxes) - 1, num)
            steps.append(Step(phase, i, words, tuple(writes)))
    return steps


def point_for(names: Sequence[str], at: dict | None) -> tuple[dict[str, float], list[str]]:
    """The value of each variable, and the names that `at` did not give (they start at 1)."""
    given = at or {}
    point = {name: float(given.get(name, DEFAULT_VALUE)) for name in names}
    missing = [name for name in names if name not in given] if at is not None else []
    return point, missing


def _spelled(value: float | None) -> str:
    """A non-finite value as a phrase (infinity, minus infinity, undefined)."""
    return {"infinity": "infinite", "-infinity": "minus infinity"}.get(number(value), number(value))


def trouble(passes: Passes) -> list[str]:
    """Sentences for numbers that are not ordinary here (f or a slope infinite or undefined)."""
    out = []
    value = passes.value
    if not _defined(value):
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
        bad = [n for n, g in passes.gradient.items() if not _defined(g)]
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
            if _defined(inner.value) and float(inner.value) == 0:
                out.append(
                    f"{row.label} sits on its corner here ({inner.label} is 0): it has no "
                    "slope there, and the 0 autodiff takes is a convention, so the slopes that "
                    "pass through it are one too (the central difference straddles the corner)."
                )
    return out


# --- the scene --------------------------------------------------------------------------------


class GraphScene(SceneState):
    """Everything the graph scene shows and does, without a terminal."""

    frames_per_second = 2.0  # one step each half second: slow enough to follow

    def __init__(self, params: dict) -> None:
        self.params = params
        self.text = params["f"]
        self.problem: ExprError | None = None
        self.mode = REVERSE
        self.position = 0  # how many steps of the walk are done
        self.playing = False
        self._layouts: dict[str, Layout] = {}
        self._windows: dict[tuple, tuple[int, int]] = {}
        try:
            self.expr = parse(self.text)
        except ExprError as error:  # only a retyped f can get here: lessons are checked
            self.problem = error
            self.walks = {REVERSE: [], FORWARD: []}
            self.boxes = []
            return
        self.point, self.defaulted = point_for(self.expr.variables, params["at"])
        self.boxes = boxes_of(self.expr)
        self.passes = Passes(self.expr, self.point)
        self.drawable = len(self.boxes) <= MAX_BOXES
        self.walks = {
            REVERSE: reverse_walk(self.boxes, self.passes, short),
            FORWARD: forward_walk(self.boxes, self.passes, short),
        }

    # --- where the walk is ------------------------------------------------------------------

    @property
    def steps(self) -> list[Step]:
        return self.walks[self.mode]

    @property
    def done(self) -> bool:
        return self.position >= len(self.steps)

    @property
    def current(self) -> Step | None:
        """The step just taken (None before the first)."""
        return self.steps[self.position - 1] if self.position else None

    def shown(self) -> dict[int, dict[str, Any]]:
        """What each box shows now: its value and its gradient (or tangent), where written."""
        slots: dict[int, dict[str, Any]] = {i: {} for i in range(len(self.boxes))}
        for step in self.steps[: self.position]:
            for box, slot, value in step.writes:
                if slot == "clear":
                    for held in slots.values():
                        held.pop("tangent", None)
                else:
                    slots[box][slot] = value
        return slots

    # --- keys -------------------------------------------------------------------------------

    def step(self) -> bool:
        """One step of the walk (pausing a walk that was playing); False at the end."""
        self.playing = False
        return self._advance()

    def _advance(self) -> bool:
        if self.done:
            return False
        self.position += 1
        return True

    def tick(self) -> bool:
        """One step while playing; stops at the end."""
        if self.playing:
            self._advance()
            self.playing = not self.done
        return self.playing

    def toggle_play(self) -> bool:
        """Play or pause; a finished walk plays again from the start."""
        if not self.playing and self.done:
            self.position = 0
        self.playing = not self.playing and bool(self.steps)
        return self.playing

    def toggle_mode(self) -> None:
        """Switch between reverse mode (backpropagation) and forward mode, from the start."""
        self.mode = FORWARD if self.mode == REVERSE else REVERSE
        self.position = 0
        self.playing = False

    def reset(self) -> None:
        """Back to the start: nothing computed yet."""
        self.position = 0
        self.playing = False

    # --- words ------------------------------------------------------------------------------

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
            _defined(slope) and _defined(measured)
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

    # --- pictures ---------------------------------------------------------------------------

    def layout(self, style: graph_layout.Style) -> Layout:
        """The graph drawn in `style` (worked out once per style)."""
        key = f"{style.name}{style.gap}"
        if key not in self._layouts:
            inputs = [box.reads for box in self.boxes]
            self._layouts[key] = graph_layout.lay_out(box_texts(self.boxes), inputs, style)
        return self._layouts[key]

    def choose(self, width: int, height: int) -> tuple[Layout | None, bool]:
        """The picture for a `width` x `height` area: the roomiest faithful one that fits whole
        (and False), else a scrolled one (and True); (None, False) when no picture will do."""
        if not self.drawable or width < 8 or height < 1:
            return None, False
        for style in graph_layout.STYLES:
            if style.cell_rows > height:
                continue
            layout = self.layout(style)
            if layout.faithful and layout.width <= width and layout.height <= height:
                return layout, False
        for style in (graph_layout.SNUG, graph_layout.BOXES):
            layout = self.layout(style)
            if layout.faithful and height >= style.cell_rows and width >= 24:
                return layout, True
        return None, False

    def picture(self, layout: Layout, ascii: bool) -> tuple[list[str], tuple[int, int, int] | None]:
        """The drawing with every box's numbers and the current box marked: (lines, the current
        box's span as (row, first column, end column))."""
        grid = [list(line) for line in layout.lines]
        texts = box_texts(self.boxes)
        second, tag = ("gradient", "g ") if self.mode == REVERSE else ("tangent", "d ")
        now = self.current.box if self.current and not self.done else None
        for i, slots in self.shown().items():
            x, y = layout.places[i]
            if layout.style.cell_rows >= 3:
                for row, text in ((1, "= " + compact(slots["value"], SLOT) if "value" in slots
                                   else ""), (2, tag + compact(slots[second], SLOT)
                                              if second in slots else "")):  # fmt: skip
                    line = grid[y + row]
                    line += [" "] * (x + len(text) - len(line))
                    line[x : x + len(text)] = list(text)
        span = None
        if now is not None:
            x, y = layout.places[now]
            end = x + len(self.boxes[now].label) + 1
            grid[y][x], grid[y][end] = NOW_MARKS
            span = (y, x, x + len(texts[now]))
        lines = ["".join(row).rstrip() for row in grid]
        if ascii:
            lines = [line.translate(_ASCII_LINES) for line in lines]
        return lines, span

    def window(self, layout: Layout, width: int, height: int) -> tuple[int, int]:
        """Where a scrolled view of the picture starts: it stays put while the current box is
        in sight and jumps to centre it when it is not (so few frames move every cell)."""
        key = (layout.style.name, layout.style.gap, width, height)
        left, top = self._windows.get(key, (0, 0))
        now = self.current.box if self.current else None
        if now is not None:
            x, y = layout.places[now]
            right, bottom = x + layout.column_widths[now], y + layout.style.cell_rows
            if not (left <= x and right <= left + width and top <= y and bottom <= top + height):
                left = max(0, min(x - (width - (right - x)) // 2, layout.width - width))
                top = max(0, min(y - (height - (bottom - y)) // 2, layout.height - height))
        self._windows[key] = (left, top)
        return left, top

    def box_list(self, width: int, height: int, numbers: bool) -> tuple[list[str], int | None]:
        """The boxes one per line, in forward order (the current one marked): with their
        numbers when there is no picture. Returns (lines, the current line's row)."""
        shown = self.shown()
        now = self.current.box if self.current and not self.done else None
        second, tag = ("gradient", "g ") if self.mode == REVERSE else ("tangent", "d ")
        labels = max(len(box.label) for box in self.boxes) + 2
        room = max(width - labels - 26, 8)
        lines = []
        for i, box in enumerate(self.boxes):
            mark = ">" if i == now else " "
            line = f"{mark}{'[' + box.label + ']':<{labels}} {box.expression}"
            if numbers:
                slots = shown[i]
                value = "= " + compact(slots["value"], SLOT) if "value" in slots else ""
                grad = tag + compact(slots[second], SLOT) if second in slots else ""
                line = (
                    f"{line[: labels + 2]}{_cut(box.expression, room):<{room}} {value:<11} {grad}"
                )
            lines.append(line[:width].rstrip())
        first = 0
        if now is not None and len(lines) > height:
            first = min(max(now - height // 2, 0), len(lines) - height)
        shown_lines = lines[first : first + height]
        return shown_lines, (
            now - first if now is not None and first <= now < first + height else None
        )

    def frame(self, width: int, height: int, ascii: bool = False) -> Frame:
        """The picture on top, what the step did under it, the mode and step count last.

        The rows kept for the words depend only on the height, so stepping never moves the
        picture: only the numbers of the box being worked on (and the words) change."""
        frame = Frame(width, height, ascii)
        if width < 1 or height < 1:
            return frame
        if self.problem is not None:
            lines = wrap(f"f cannot be used: {self.problem.message}", width)
            lines += self.problem.caret(max(width - 6, 10)).splitlines()
            frame.place("words", 0, 0, lines[:height])
            return frame
        least_words = 4 if height >= 16 else 3 if height >= 9 else 2 if height >= 6 else 1
        status_rows = 1 if height >= 3 else 0
        graph_rows = height - least_words - status_rows - (1 if height >= 18 else 0)
        layout, scrolled = self.choose(width, graph_rows)
        used = 0  # rows the picture takes: fixed for a size, so stepping never moves it
        if layout is not None:
            lines, span = self.picture(layout, ascii)
            left, top = (0, 0)
            if scrolled:
                left, top = self.window(layout, width, graph_rows)
                lines = [line[left : left + width] for line in lines[top : top + graph_rows]]
            highlight = None
            if span is not None and top <= span[0] < top + graph_rows:
                highlight = (span[0] - top, max(span[1] - left, 0), max(span[2] - left, 0))
            picture_width = min(layout.width, width)
            used = graph_rows if scrolled else layout.height
            frame.place("graph", 0, 0, lines, picture_width, highlight)
            beside = width - picture_width - 3
            named = any(box.label != box.expression for box in self.boxes)
            if beside >= 24 and not scrolled and named and used >= 2:
                legend, _ = self.box_list(beside, used, numbers=False)
                frame.place("boxes", picture_width + 3, 0, legend, beside)
        elif graph_rows >= 1:
            listed, row = self.box_list(width, graph_rows, numbers=True)
            highlight = (row, 0, len(listed[row])) if row is not None else None
            used = min(len(self.boxes), graph_rows)
            frame.place("graph", 0, 0, listed, width, highlight)
        gap = 1 if used and height - used - status_rows > least_words else 0
        word_rows = max(height - used - gap - status_rows, 0)
        numbered = layout is not None and layout.style.cell_rows >= 3
        walk_rows = word_rows - WORD_ROWS_BESIDE_WALK - 1 if width >= 40 else 0
        if walk_rows >= 6:  # room for the walk so far, under a fixed block of words
            word_rows = WORD_ROWS_BESIDE_WALK
            walk_top = used + gap + word_rows + 1
            frame.place("walk", 0, walk_top, self._walk_lines(width, walk_rows), width)
        words = self._word_lines(width, word_rows, numbered)
        frame.place("words", 0, used + gap, words, width)
        status = self.status()
        if len(status) + len(self.passes_needed()) + 3 <= width:
            status += " | " + self.passes_needed()
        frame.place("status", 0, height - status_rows, [status[:width]], width)
        return frame

    def _walk_lines(self, width: int, rows: int) -> list[str]:
        """The steps so far, one after another, a page at a time (a full page starts a new
        one, rather than every line moving up each step)."""
        entries = []
        for k, step in enumerate(self.steps[: self.position], start=1):
            entries.append(textwrap.wrap(f"{k}. {step.words}", width, subsequent_indent="    "))
        pages: list[list[str]] = [[]]
        for entry in entries:
            if len(pages[-1]) + len(entry) > rows - 1 and pages[-1]:
                pages.append([])
            pages[-1] += entry[: rows - 1]
        title = "The walk so far:" if entries else ""
        return [title, *pages[-1]] + [""] * (rows - 1 - len(pages[-1]))

    def _word_lines(self, width: int, rows: int, numbered: bool = True) -> list[str]:
        """The words of the step (the results when done, notes when there is room), cut to
        `rows` lines, padded so the panel keeps its height. `numbered`: the picture shows
        numbers under its boxes (so a line says what they are)."""
        lines = wrap(self.words(), width)
        if self.done and self.expr.variables:
            lines += [row for result in self.results() for row in wrap(result, width)]
        legend = "Under each box: = its value, g its gradient df/d(box)."
        if self.mode == FORWARD:
            legend = "Under each box: = its value, d how fast it moves per nudge of the input."
        for note in [*self.notes(), self.passes_needed() + ".", legend if numbered else ""]:
            if note and len(lines) + len(wrap(note, width)) <= rows:
                lines += wrap(note, width)
        if len(lines) > rows:
            lines = lines[:rows]
            last = lines[-1]
            lines[-1] = (
                (last[: max(width - 3, 0)] + "...") if len(last) + 3 > width else last + "..."
            )
        return lines + [""] * (rows - len(lines))


State = GraphScene


# --- cross-checks for gradtui check -----------------------------------------------------------


def check(params: dict) -> list[tuple[str, str]]:
    """What `gradtui check` reports about f and at together."""
    try:
        expr = parse(params["f"])
    except ExprError:
        return []  # the validator has reported it already, at its column
    problems = []
    names = expr.variables
    if len(names) > MAX_VARIABLES:
        problems.append(
            ("f", f"it uses {len(names)} variables ({', '.join(names)}); a graph scene takes "
                  f"at most {MAX_VARIABLES}")
        )  # fmt: skip
    count = len(boxes_of(expr))
    if count > MAX_BOXES:
        problems.append(
            ("f", f"its graph has {count} boxes (one per variable and per operation); a graph "
                  f"scene draws at most {MAX_BOXES}")
        )  # fmt: skip
    at = params["at"]
    if at is None:
        return problems
    uses = ", ".join(names) if names else "no variables"
    missing = [name for name in names if name not in at]
    if missing:
        problems.append(
            ("at", f"no value for {', '.join(missing)} (f uses {uses}); add {missing[0]} = 1")
        )
    for name in at:
        if name in names:
            continue
        if name in CONSTANTS:
            problems.append(("at", f"{name} is a constant in f ({number(CONSTANTS[name])}), "
                                   "not a variable: leave it out of at"))  # fmt: skip
        else:
            problems.append(("at", f"{name} is not a variable of f (f uses {uses})"))
    return problems


# --- gradtui print ----------------------------------------------------------------------------


def render_text(params: dict, ascii: bool = False) -> str:
    """The graph with every value and gradient filled in, the forward pass and the backward
    pass node by node, each input's slope beside a central difference, and forward mode."""
    scene = GraphScene(params)
    if scene.problem is not None:
        return f"f cannot be used: {scene.problem.message}\n{scene.problem.caret()}"
    expr, passes = scene.expr, scene.passes
    at = ", ".join(f"{n} = {number(v)}" for n, v in scene.point.items()) or "no variables"
    out = textwrap.wrap(
        f"Backpropagation on the graph of f = {expr}, at {at}. Each box is one variable or "
        "one operation (numbers sit inside the box that uses them); under each box, = is its "
        "value and g its gradient df/d(box), once both passes are done.",
        76,
    )
    out.append("")
    scene.position = len(scene.steps)
    out += _printed_picture(scene, ascii)
    out += ["", "The forward pass, inputs first (each box's value):"]
    walk = reverse_walk(scene.boxes, passes, number)
    forward_steps = [s for s in walk if s.phase == "forward pass"]
    for k, step in enumerate(forward_steps, start=1):
        out += textwrap.wrap(step.words, 76, initial_indent=f"{k:3}. ", subsequent_indent="     ")
    out += ["", "The backward pass, from the output down (a box's gradient is the sum of",
            "what its uses pass it):"]  # fmt: skip
    for k, step in enumerate([s for s in walk if s.phase == "backward pass"], start=1):
        out += textwrap.wrap(step.words, 76, initial_indent=f"{k:3}. ", subsequent_indent="     ")
    out += ["", "The same backward pass as a table, node by node:", ""]
    out += [*backward_table(passes.rows, number), ""]
    if expr.variables:
        out.append("Every input's slope, by the backward pass and by a central difference:")
        out.append(f"  {'slope':<10} {'backward pass':<18} {'central difference':<20} difference")
        for name in expr.variables:
            slope, measured = passes.gradient[name], passes.numeric[name]
            gap = (
                error_size(abs(slope - measured)) if _defined(slope) and _defined(measured) else "-"
            )
            out.append(f"  {'df/d' + name:<10} {precise(slope):<18} {precise(measured):<20} {gap}")
        out.append("")
        found = ", ".join(
            f"df/d{n} = {number(passes.tangents[n][-1].tangent)} (pass {k})"
            for k, n in enumerate(expr.variables, start=1)
        )
        out += textwrap.wrap(
            f"Forward mode carries d(box)/d(input) up from the inputs instead, one pass per "
            f"input: {found}. Passes needed: {scene.passes_needed()}.",
            76,
        )
    else:
        out.append("f has no inputs: no slopes to find.")
    for note in scene.notes():
        out += ["", *textwrap.wrap(note, 76)]
    return "\n".join(out)


def _printed_picture(scene: GraphScene, ascii: bool) -> list[str]:
    """The finished picture for print, as roomy as fits in 76 columns (else said why not)."""
    if not scene.drawable:
        return [f"(The graph has {len(scene.boxes)} boxes, more than the {MAX_BOXES} drawn.)"]
    for style in graph_layout.STYLES:
        layout = scene.layout(style)
        if layout.faithful and layout.width <= 76:
            return scene.picture(layout, ascii)[0]
    return ["(The graph is too wide to print in 76 columns; the passes below list its boxes.)"]
