"""The `board` scene: a mixing board of sliders (a tiny model's weights) and one meter (its loss).

Nudge one slider while the others hold still: the meter's change over the nudge, divided by the
nudge, is that slider's partial derivative, shown beside the exact one from autodiff. `[` and
`]` shrink and grow the nudge, so the measured ratio closes in on the exact slope, as the secant
did in lesson 1. `g` gathers one partial per slider -- the gradient -- and its length; `d` steps
every slider against it by the learning rate, and the meter falls (or, with too large a rate,
climbs). Every number comes from the model's loss graph in gradtui.calculus.models: the nudged
ratio from two forward passes, the exact slopes from one backward pass.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import numpy as np

from gradtui.calculus import gradient as grad
from gradtui.calculus.models import (
    MAX_WEIGHTS,
    MODEL_ALIASES,
    Dataset,
    Loss,
    Model,
    dataset_of,
    make_dataset,
    not_weights,
    read_model,
)
from gradtui.scenes.contract import SceneState
from gradtui.scenes.kit import markers, rates
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.layout import Frame, wrap
from gradtui.scenes.kit.numbers import compact, number, short, step_size
from gradtui.scenes.kit.params import (
    INTEGER,
    MODEL,
    NUMBER,
    POINTS,
    RANGE,
    TABLE,
    Param,
    within,
)
from gradtui.scenes.kit.plots import (
    PlotCache,
    Series,
    auto_limits,
    raster,
    sane_range,
    text_plot,
    to_ascii,
)

FUNCTION = "model"  # e: the learner types a model of their own
SUMMARY = (
    "A mixing board: one slider per weight of a tiny model and one meter, its loss. Nudge a "
    "slider to measure a partial derivative; gather them into the gradient; step downhill."
)
# No FUNCTION yet: the view's `e` box parses what is typed with the parameter's `variables`
# (x alone for a model), which would refuse every weight. State(params) takes any model.

PARAMS = (
    Param("model", MODEL, "w*x + b", "The model whose weights are the sliders: an expression "
          "in x and 2 to 6 weights (say a*x^2 + w*x + b); line means w*x + b, quadratic "
          "a*x^2 + w*x + b.", low=2, high=MAX_WEIGHTS, choices=tuple(MODEL_ALIASES)),
    Param("data", POINTS, [], "The data points [x, y] the model is fitted to. When left out, "
          "`points` points are made from `truth` plus noise.", max_items=64),
    Param("points", INTEGER, 8, "How many points to make up (when `data` is not given).",
          low=2, high=200),
    Param("noise", NUMBER, 0.3, "How far made-up points scatter around the true curve.",
          low=0.0, high=100.0),
    Param("seed", INTEGER, 2, "Seed of the random generator for made-up points (the same "
          "seed, the same points).", low=0, high=2**31 - 1),
    Param("truth", TABLE, {}, "The true weights made-up points come from, by name (e.g. "
          "{ w = 2, b = -1 }); a weight not named is w = 2, b = -1, a = 0 or else 0.",
          low=-1000.0, high=1000.0, max_items=MAX_WEIGHTS),
    Param("x_range", RANGE, (-2.0, 2.0), "Where made-up points' x values lie, [low, high]."),
    Param("weights", TABLE, {}, "Where the sliders start, by name (e.g. { w = 0.5, b = 0 }); "
          "a weight not named starts at 0.", low=-1e6, high=1e6, max_items=MAX_WEIGHTS),
    Param("nudge", NUMBER, 0.1, "The nudge (delta): how far - and + move a slider.",
          low=1e-12, high=1000.0),
    Param("learning_rate", NUMBER, 0.1, "How far d steps against the gradient: "
          "weights -= learning_rate * gradient.", low=1e-6, high=100.0),
    Param("slider_range", RANGE, (-5.0, 5.0), "The values a slider's track covers, [low, high] "
          "(widened to hold the start weights)."),
)  # fmt: skip

KEYS = (
    Key("plus,equals_sign", "nudge", "nudge up", show="+", args=(1,)),
    Key("minus", "nudge", "nudge down", show="-", args=(-1,)),
    Key("g", "gather", "gradient"),
    Key("d", "descend", "step downhill"),
    Key("down", "select", "next slider", args=(1,)),
    Key("up", "select", "previous slider", args=(-1,)),
    Key("left_square_bracket", "shrink", "nudge /10", show="["),
    Key("right_square_bracket", "grow", "nudge x10", show="]"),
    Key("asterisk", "faster", "lr x2", show="*"),
    Key("slash", "slower", "lr /2", show="/"),
    Key("r", "reset", "reset"),
)

NUDGE_LIMITS = (1e-12, 1000.0)
NUDGE_FACTOR = 10.0  # [ and ] divide and multiply the nudge by this
NAME_WIDTH = 8  # a weight's name on the board is cut to this many characters
VALUE_WIDTH = 8
TRACK_RANGE_LIMIT = 1e6
PLOT_MIN_WIDTH = 24
DATA_MARK, FIT_MARK = markers.LINE, markers.CURVE


@dataclass(frozen=True)
class Symbols:
    """How the board writes its few symbols: in Unicode, or spelled in 7-bit text."""

    delta: str
    change: str
    partial: str  # format with the weight's name
    length: str
    track: tuple[str, str, str, str]  # left end, rail, right end, handle
    off_track: tuple[str, str]  # the handle when the value is beyond the left / right end
    selected: str
    meter: tuple[str, str, str]  # filled, empty, past the end of the scale

    def slope(self, name: str) -> str:
        return self.partial.format(name=name)


UNICODE = Symbols("Δ", "ΔL", "∂L/∂{name}", "|∇L|", ("├", "─", "┤", "●"), ("◀", "▶"), "▸",
                  ("█", "░", "▶"))  # fmt: skip
ASCII = Symbols("delta", "dL", "dL/d{name}", "|grad L|", ("|", "-", "|", "O"), ("<", ">"), ">",
                ("#", ".", ">"))  # fmt: skip


def symbols(ascii: bool) -> Symbols:
    return ASCII if ascii else UNICODE


def board_data(params: dict, model: Model) -> Dataset:
    """The points the board's model is fitted to: the lesson's own, or made up from `truth`."""
    if params["data"]:
        return dataset_of(model, [point[:2] for point in params["data"]])
    return make_dataset(
        model=model,
        points=params["points"],
        noise=params["noise"],
        truth=params["truth"],
        x_range=sane_range(params["x_range"]),
        seed=params["seed"],
    )


def check(params: dict) -> list[tuple[str, str]]:
    """Names in `weights` and `truth` must be the model's weights; data points are [x, y]."""
    problems = []
    try:
        model = read_model(params["model"], fewest=2)
    except ValueError:
        return []  # the model's own mistake is reported at the model
    for name in ("weights", "truth"):
        message = not_weights(model, list(params[name]))
        if message:
            problems.append((name, message))
    if any(len(point) != 2 for point in params["data"]):
        problems.append(("data", "each data point is a pair [x, y]"))
    if params["data"] and params["truth"]:
        problems.append(("truth", "truth makes up data when none is given; with data given "
                         "it is not used (leave one of the two out)"))  # fmt: skip
    return problems


def track_range(given: tuple[float, float], starts: np.ndarray) -> tuple[float, float]:
    """The slider tracks' [low, high]: the lesson's range, widened to hold every start."""
    low, high = sane_range(given, limit=TRACK_RANGE_LIMIT)
    finite = starts[np.isfinite(starts)]
    if finite.size:
        low = min(low, float(finite.min()))
        high = max(high, float(finite.max()))
    return low, high


def rounded_to(value: float, resolution: float) -> float:
    """`value` rounded to a power of ten no coarser than `resolution` (a click's honest
    precision): 1.0526 with resolution 0.53 is 1.1."""
    if not (math.isfinite(value) and resolution > 0):
        return value
    power = 10.0 ** math.floor(math.log10(resolution))
    return float(f"{round(value / power) * power:.12g}")


@dataclass(frozen=True)
class Step:
    """One step downhill: the loss before and after, at the learning rate used."""

    learning_rate: float
    before: float
    after: float


@dataclass(frozen=True)
class Layout:
    """Where the board's parts sit in a frame of a given size (also read by `click`)."""

    track_x: int
    track_width: int
    first_row: int
    board_width: int
    plot_x: int
    plot_width: int
    body_height: int


class BoardScene(SceneState):
    """The sliders, the meter, the last nudge and step, and the picture for any size."""

    def __init__(self, params: dict) -> None:
        self.params = params
        self.model = read_model(params["model"], fewest=1)
        self.names = self.model.weights
        self.data = board_data(params, self.model)
        self.loss_graph = Loss(self.model)
        table = params["weights"]
        self.start = np.array([float(table.get(name, 0.0)) for name in self.names])
        self.track = track_range(params["slider_range"], self.start)
        self.delta = float(params["nudge"])
        self.learning_rate = float(params["learning_rate"])
        self._plot_cache = PlotCache()
        self.data_xlim = auto_limits(self.data.xs)
        start_curve = self.model.predict(self.start, np.linspace(*self.data_xlim, 50))
        self.data_ylim = auto_limits(np.concatenate([self.data.ys, start_curve]))
        first = self.loss_at(self.start)
        # The loss a full meter stands for: the start's loss fills three quarters of it.
        self.meter_scale = first / 0.75 if math.isfinite(first) and first > 0 else 1.0
        self.reset()

    # --- the numbers ----------------------------------------------------------------------

    def loss_at(self, weights: np.ndarray) -> float:
        """The meter's reading for any setting of the sliders (one forward pass)."""
        return self.loss_graph.value(weights, self.data.xs, self.data.ys)

    def _measure(self) -> None:
        """The loss and its exact gradient (one forward, one backward pass) at the sliders."""
        loss, gradient = self.loss_graph.value_and_gradient(
            self.weights, self.data.xs, self.data.ys
        )
        self.loss, self.gradient = float(loss), np.asarray(gradient, dtype=float)

    @property
    def gradient_length(self) -> float:
        """|∇L|: how steep the fastest climb is from here."""
        return grad.length(self.gradient)

    # --- actions (keys and the mouse) -----------------------------------------------------

    def reset(self) -> None:
        """Every slider back where it started; nothing nudged, gathered or stepped."""
        self.weights = self.start.copy()
        self.selected = 0
        self.last_nudge: grad.Nudge | None = None
        self.exact_at_nudge = math.nan  # the exact slope where the last nudge began
        self.nudge_open = False  # the sliders still sit where the last nudge left them
        self.gathered = False
        self.last_step: Step | None = None
        self.note = ""
        self._measure()

    def select(self, offset: int) -> None:
        """Choose the slider `offset` rows away (wrapping): the one the next nudge moves."""
        self.selected = (self.selected + offset) % len(self.names)
        self.nudge_open = False
        self.note = ""

    def nudge(self, sign: int) -> None:
        """Move the chosen slider by +delta or -delta, every other held still."""
        self._nudge_by(math.copysign(self.delta, sign))

    def _nudge_by(self, delta: float) -> None:
        if not math.isfinite(self.weights[self.selected] + delta):
            self.note = "That nudge would take the slider past any number: reset (r)."
            return
        self.exact_at_nudge = float(self.gradient[self.selected])
        self.last_nudge = grad.nudge(self.loss_at, self.weights, self.selected, delta)
        self.weights[self.selected] = self.last_nudge.end
        self.nudge_open = True
        self.last_step = None
        self.note = ""
        self._measure()

    def _resize_nudge(self, factor: float) -> None:
        low, high = NUDGE_LIMITS
        self.delta = min(max(self.delta * factor, low), high)
        last = self.last_nudge
        if self.nudge_open and last is not None:
            # Take the last nudge again from where it began, at the new size (like shrinking h).
            self.weights[last.index] = last.start
            self._measure()
            self.selected = last.index
            self._nudge_by(math.copysign(self.delta, last.delta))

    def shrink(self) -> None:
        """Divide the nudge by ten (redoing the last nudge smaller, from where it began)."""
        self._resize_nudge(1 / NUDGE_FACTOR)

    def grow(self) -> None:
        """Multiply the nudge by ten (redoing the last nudge bigger)."""
        self._resize_nudge(NUDGE_FACTOR)

    def gather(self) -> None:
        """Show (or hide) the gradient: one partial slope per slider, and its length."""
        self.gathered = not self.gathered

    def descend(self) -> None:
        """Step every slider against the gradient: weights -= learning_rate * gradient."""
        self.nudge_open = False
        if not np.isfinite(self.gradient).all():
            self.note = "No step: the gradient is not a finite number here. Reset (r)."
            return
        if grad.length(self.gradient) == 0:
            self.note = "No step: the gradient is zero, the ground is flat here."
            return
        moved = grad.descent_step(self.weights, self.gradient, self.learning_rate)
        if not np.isfinite(moved).all():
            self.note = "No step: it would fly past any number. Lower the rate (/), reset (r)."
            return
        before = self.loss
        self.weights = moved
        self._measure()
        self.last_step = Step(self.learning_rate, before, self.loss)
        self.gathered = True
        self.note = ""

    def faster(self) -> None:
        """Double the learning rate."""
        self.learning_rate = rates.doubled(self.learning_rate)

    def slower(self) -> None:
        """Halve the learning rate."""
        self.learning_rate = rates.halved(self.learning_rate)

    def click(self, x: int, y: int, width: int, height: int) -> bool:
        """A press or drag on a slider's track sets that slider there (a nudge, measured)."""
        layout = self.layout(width, height)
        row = y - layout.first_row
        if layout.track_width < 3 or not 0 <= row < len(self.names):
            return False
        column = x - layout.track_x
        if not 0 <= column < layout.track_width:
            return False
        low, high = self.track
        resolution = (high - low) / (layout.track_width - 1)
        value = rounded_to(low + column * resolution, resolution)
        self.selected = row
        if value == self.weights[row]:
            return True
        self._nudge_by(value - float(self.weights[row]))
        return True

    def settings(self) -> dict[str, float]:
        """Each slider by its weight's name (`nudge w 0.1`, `set b -1`), then the nudge's
        size and the learning rate."""
        named = {name: float(value) for name, value in zip(self.names, self.weights, strict=True)}
        named.setdefault("nudge", self.delta)  # a weight of that name comes first, as in `set`
        named.setdefault("lr", self.learning_rate)
        return named

    def set(self, name: str, value: float) -> None:
        """A slider set to `value` is a nudge from where it is, measured as the keys' nudge
        is (so `nudge w 0.1` is the + key with a nudge of 0.1); `nudge` and `lr` are set."""
        if name in self.names:
            index = self.names.index(name)
            target = within(name, value, -1e6, 1e6)
            self.selected = index
            if target != self.weights[index]:
                self._nudge_by(target - float(self.weights[index]))
        elif name == "nudge":
            self.delta = within("nudge", value, *NUDGE_LIMITS)
        elif name == "lr":
            self.learning_rate = rates.typed(value)
        else:
            super().set(name, value)

    # --- words ----------------------------------------------------------------------------

    def step_words(self) -> str:
        """What the last step downhill did to the meter, in words."""
        step = self.last_step
        if step is None:
            return ""
        rate = short(step.learning_rate)
        if not math.isfinite(step.after):
            return (f"Stepped with lr = {rate}: the loss is now {number(step.after)}. The step "
                    "flew off: lower the rate (/) and reset (r).")  # fmt: skip
        fell = step.before - step.after
        if fell > 0:
            return (f"Stepped against the gradient with lr = {rate}: the loss fell from "
                    f"{short(step.before)} to {short(step.after)}.")  # fmt: skip
        if fell < 0:
            return (
                f"Stepped with lr = {rate}: the loss CLIMBED from {short(step.before)} to "
                f"{short(step.after)}. The step overshot the valley: lower the rate (/)."
            )
        return f"Stepped with lr = {rate}: the loss stayed at {short(step.after)}."

    def nudge_words(self, ascii: bool = False) -> str:
        """The last nudge: the meter's change, the ratio, and the exact slope beside it."""
        sym = symbols(ascii)
        last = self.last_nudge
        if last is None:
            name = self.names[self.selected]
            return (f"Press + or - to nudge {name} by {sym.delta} = {number(self.delta)}; "
                    "the other sliders hold still.")  # fmt: skip
        name = self.names[last.index]
        sign = "+" if last.delta > 0 else "-"
        return (
            f"Nudged {name} by {sign}{number(abs(last.delta))}: {sym.change} = "
            f"{number(last.change)}, {sym.change}/{sym.delta} = {number(last.ratio)}; exact "
            f"{sym.slope(name)} = {number(self.exact_at_nudge)} where the nudge began (autodiff)."
        )

    def status(self, ascii: bool = False) -> str:
        """The last thing that happened, in words."""
        if self.note:
            return self.note
        if self.last_step is not None:
            return self.step_words()
        return self.nudge_words(ascii)

    def gradient_words(self, ascii: bool = False) -> str:
        sym = symbols(ascii)
        parts = ", ".join(
            f"{sym.slope(n)} = {short(g)}" for n, g in zip(self.names, self.gradient, strict=True)
        )
        return f"gradient: {parts}; {sym.length} = {short(self.gradient_length)}"

    def readout(self) -> str:
        """Every number the board shows, one per line, in words (for tests and screen readers)."""
        lines = [f"model = {self.model.expression.text}", f"data = {self.data.size} points"]
        for i, (name, value) in enumerate(zip(self.names, self.weights, strict=True)):
            lines.append(f"{name} = {short(value)}" + (" (chosen)" if i == self.selected else ""))
        lines += [f"loss = {short(self.loss)}", f"nudge = {number(self.delta)}",
                  f"lr = {short(self.learning_rate)}"]  # fmt: skip
        lines.append(f"last nudge = {self.nudge_words(ascii=True)}")
        if self.gathered:
            lines.append(self.gradient_words(ascii=True))
        if self.last_step is not None:
            lines.append(f"last step = {self.step_words()}")
        if self.note:
            lines.append(f"note = {self.note}")
        return "\n".join(lines)

    # --- pictures -------------------------------------------------------------------------

    def layout(self, width: int, height: int) -> Layout:
        """Where the sliders, the meter and the plot go in `width` x `height`."""
        words_rows = min(3, max(height - len(self.names) - 2, 0))
        body = max(height - words_rows, 0)
        plot_width = 0
        board_width = width
        if width >= 76 and body >= 6:
            board_width = max(50, width // 2)
            plot_width = width - board_width - 1
            if plot_width < PLOT_MIN_WIDTH:
                board_width, plot_width = width, 0
        name_width = min(max(len(n) for n in self.names), NAME_WIDTH)
        track_x = 4 + name_width  # "▸ " + the name + " " + the track's left end
        # Room for the widest tag (a partial slope), gathered or not, so no track ever jumps.
        tag = max(len(UNICODE.slope(n[:NAME_WIDTH])) for n in self.names) + len(" = -1.234e+07")
        track_width = board_width - track_x - 1 - 1 - VALUE_WIDTH - 1 - tag
        track_width = min(max(track_width, 5), 40)
        return Layout(track_x, track_width, 0, board_width, board_width + 1, plot_width, body)

    def slider_line(self, index: int, layout: Layout, ascii: bool) -> str:
        """One slider: its name, its track with the handle, its value, and what it is doing."""
        sym = symbols(ascii)
        left, rail, right, handle = sym.track
        value = float(self.weights[index])
        low, high = self.track
        cells = [rail] * layout.track_width
        if math.isfinite(value) and low <= value <= high:
            cells[round((value - low) / (high - low) * (layout.track_width - 1))] = handle
        elif value < low:
            cells[0] = sym.off_track[0]
        elif value > high:
            cells[-1] = sym.off_track[1]
        else:  # not a number at all
            cells[layout.track_width // 2] = "?"
        chosen = index == self.selected
        name = self.names[index][:NAME_WIDTH]
        tag = ""
        if self.gathered:
            tag = f"{sym.slope(name)} = {compact(self.gradient[index], 10)}"
        elif self.nudge_open:
            tag = "nudged" if chosen else "held still"
        head = f"{sym.selected if chosen else ' '} {name:>{layout.track_x - 4}} "
        track = left + "".join(cells) + right
        return f"{head}{track} {compact(value, VALUE_WIDTH):>{VALUE_WIDTH}} {tag}".rstrip()

    def board_lines(self, layout: Layout, ascii: bool) -> list[str]:
        """The sliders, then the meter (the loss as a bar), then the nudge and the rate."""
        sym = symbols(ascii)
        lines = [self.slider_line(i, layout, ascii) for i in range(len(self.names))]
        lines.append(self.meter_line(layout, ascii))
        settings = f"{sym.delta} = {number(self.delta)}   lr = {short(self.learning_rate)}"
        if self.gathered:
            settings += f"   {sym.length} = {short(self.gradient_length)}"
        lines.append(" " * (layout.track_x - 1) + settings)
        return lines

    def meter_line(self, layout: Layout, ascii: bool) -> str:
        """The loss as a bar on a fixed scale (the start's loss at three quarters) and a number."""
        filled, empty, past = symbols(ascii).meter
        cells = layout.track_width
        loss = self.loss
        if math.isfinite(loss) and loss >= 0:
            share = loss / self.meter_scale
            count = min(round(share * cells), cells)
            bar = filled * count + empty * (cells - count)
            if share > 1:
                bar = bar[:-1] + past
        else:
            bar = "?" * cells
        return f"{'loss':>{layout.track_x - 1}} {bar}  {short(loss):>{VALUE_WIDTH}}"

    def frame(self, width: int, height: int, ascii: bool = False) -> Frame:
        """The board (sliders and meter) with the data plot beside it when there is room, and
        the last nudge or step in words below."""
        frame = Frame(width, height, ascii)
        if width < 1 or height < 1:
            return frame
        layout = self.layout(width, height)
        board = self.board_lines(layout, ascii)[: layout.body_height]
        frame.place("board", 0, 0, board, layout.board_width)
        if layout.plot_width:
            plot = self.data_plot(layout.plot_width, layout.body_height, ascii)
            frame.place("plot", layout.plot_x, 0, plot, layout.plot_width)
        # The words go under the board: beside the plot when it has one, else full width.
        words_width = layout.board_width if layout.plot_width else width
        top = len(board)
        words = wrap(self.status(ascii), words_width)
        frame.place("words", 0, top, words[: max(height - top, 0)], words_width)
        return frame

    def data_plot(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The data points and the model's curve at the sliders' current setting."""
        xs = np.linspace(*self.data_xlim, max(2 * width, 8))
        curve = self.model.predict(self.weights, xs)
        low, high = self.data_ylim
        key = (width, height, ascii, raster(curve, low, high, 4 * height))

        def draw() -> list[str]:
            series = [  # the points last, so the curve never hides one
                Series(xs, curve, marker=FIT_MARK.get(ascii), lines=True),
                Series(self.data.xs, self.data.ys, marker=DATA_MARK.get(ascii)),
            ]
            lines = text_plot(series, width, height - 1, xlim=self.data_xlim,
                              ylim=self.data_ylim, ascii=ascii)  # fmt: skip
            legend = f"{DATA_MARK.get(ascii)} data  {FIT_MARK.get(ascii)} model now"
            return [*lines, legend]

        return self._plot_cache.get("data", key, draw)


State = BoardScene


def _shrinking_table(scene: BoardScene, index: int, ascii: bool) -> list[str]:
    """The nudged ratio for one slider as the nudge shrinks, against the exact slope: by tens
    from the lesson's nudge (or 0.1, if that is smaller) down to 1e-7."""
    sym = symbols(ascii)
    name = scene.names[index]
    exact = float(scene.gradient[index])
    rows = [f"  {'nudge':>8}  {sym.change + '/' + sym.delta:>16}  {'minus exact':>12}"]
    first = min(1, -math.floor(math.log10(scene.delta))) if scene.delta > 0 else 1
    for power in range(first, 8):
        delta = 10.0**-power
        ratio = grad.nudge(scene.loss_at, scene.weights, index, delta).ratio
        with np.errstate(all="ignore"):
            gap = float(np.float64(ratio) - np.float64(exact))
        rows.append(f"  {step_size(delta):>8}  {number(ratio, 10):>16}  {number(gap, 3):>12}")
    rows.append(f"  exact {sym.slope(name)} = {number(exact, 10)} (autodiff)")
    return rows


def render_text(params: dict, ascii: bool = False) -> str:
    """The board at its start: the data, the loss, each slider's nudge beside its exact
    partial, the gradient and its length, and where one step downhill lands."""
    scene = BoardScene(params)
    sym = symbols(ascii)
    names = ", ".join(scene.names)
    data = scene.data
    if params["data"]:
        source = f"{data.size} data points given in the lesson"
    else:
        truth = ", ".join(
            f"{n} = {short(v)}" for n, v in zip(scene.names, data.true_weights, strict=True)
        )
        source = (f"{data.size} points made from {truth} with noise {short(params['noise'])} "
                  f"(seed {params['seed']})")  # fmt: skip
    out = textwrap.wrap(f"A mixing board for the model y = {scene.model.expression.text}: one "
                        f"slider per weight ({names}), one meter, the loss L = mean((model - "
                        f"y)^2) over {source}.", 76)  # fmt: skip
    out += ["", f"  {'x':>10}  {'y':>10}"]
    shown = min(data.size, 12)
    out += [f"  {number(x):>10}  {number(y):>10}"
            for x, y in zip(data.xs[:shown], data.ys[:shown], strict=True)]  # fmt: skip
    if data.size > shown:
        out.append(f"  ... and {data.size - shown} more")
    out.append("")
    layout = scene.layout(76, 40)
    scene.gathered = True
    out += scene.board_lines(layout, ascii)
    out += ["", f"At the start, loss L = {number(scene.loss)}.", ""]
    out.append(f"Each slider nudged by {sym.delta} = {number(scene.delta)}, the others held still:")
    out.append(f"  {'slider':>8}  {'start':>10}  {'L after':>12}  {sym.change:>12}  "
               f"{sym.change + '/' + sym.delta:>12}  {'exact (autodiff)':>16}")  # fmt: skip
    for i, name in enumerate(scene.names):
        moved = grad.nudge(scene.loss_at, scene.weights, i, scene.delta)
        out.append(f"  {name[:8]:>8}  {number(moved.start):>10}  {number(moved.after):>12}  "
                   f"{number(moved.change):>12}  {number(moved.ratio):>12}  "
                   f"{number(scene.gradient[i]):>16}")  # fmt: skip
    out += [
        "",
        *textwrap.wrap(
            f"Shrinking the nudge on {scene.names[0]}: the measured ratio "
            "closes in on the exact slope, until rounding takes over.",
            76,
        ),
    ]
    out += [*_shrinking_table(scene, 0, ascii), ""]
    parts = ", ".join(number(g) for g in scene.gradient)
    length = scene.gradient_length
    where = "It points uphill; the step goes the other way."
    if length == 0:
        where = "It is zero: no way is uphill, so there is no step to take."
    elif not math.isfinite(length):
        where = "It is not a finite vector, so there is no step to take."
    out += textwrap.wrap(
        f"The gradient, one partial per slider: ({parts}); its length {sym.length} = "
        f"{number(length)}. {where}",
        76,
    )
    start_loss = scene.loss
    scene.descend()
    out.append("")
    if scene.last_step is not None:
        after = ", ".join(f"{n} = {number(v)}" for n, v in zip(scene.names, scene.weights,
                                                                   strict=True))  # fmt: skip
        step = scene.last_step
        moved = (
            "falls"
            if step.after < step.before
            else "climbs"
            if step.after > step.before
            else "stays"
        )
        out += textwrap.wrap(
            f"One step downhill (d) with learning rate {number(scene.learning_rate)}: "
            f"weights -= lr * gradient gives {after}; the loss {moved} from "
            f"{number(start_loss)} to {number(scene.loss)}.",
            76,
        )
    else:
        out += textwrap.wrap(scene.note, 76)
    stepped = "after that step" if scene.last_step is not None else "(no step was taken)"
    out += ["", f"The data and the model {stepped}:"]
    out += scene.data_plot(72, 14, ascii)
    text = "\n".join(out)
    return to_ascii(text) if ascii else text
