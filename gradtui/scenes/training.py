"""The `training` scene: the four-line training loop running live on a line fit to noisy data.

`TrainingScene` holds the trainer (gradtui.calculus.models), the play state and the plot axes,
and lays out a frame of panels for any size. Axes stay fixed between frames so an animated frame
changes few rows, and a plot whose picture cannot have changed is not drawn again.

Points the model never trains on (`held_out`, or made over a `test_range`) are drawn apart and
their loss is said beside the training loss: a low loss on what it saw says nothing about what
it did not see.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable

import numpy as np

from gradtui.calculus.models import (
    LOOP_LINES,
    MAX_WEIGHTS,
    MODEL_ALIASES,
    Dataset,
    Model,
    Trainer,
    dataset_of,
    make_dataset,
    not_weights,
    read_model,
)
from gradtui.scenes.contract import SceneState
from gradtui.scenes.kit import markers, rates
from gradtui.scenes.kit.cost import SCENE_SECONDS, over_arrays
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.layout import CELL, PICTURE_ROWS, Frame, cell_line, cells
from gradtui.scenes.kit.numbers import plural, short, times
from gradtui.scenes.kit.params import (
    EXPRESSION,
    FLAG,
    INTEGER,
    MODEL,
    NUMBER,
    NUMBERS,
    POINTS,
    RANGE,
    TABLE,
    Param,
)
from gradtui.scenes.kit.plots import (
    PlotCache,
    Series,
    auto_limits,
    raster,
    sane_range,
    text_plot,
    titled,
    to_ascii,
)

SUMMARY = "The four-line training loop, live: a model learns to fit noisy data as the loss falls."

PARAMS = (
    Param("model", MODEL, "line", "What is fitted: an expression in x and its weights (say "
          "sigmoid(w*x + b)); line means w*x + b and quadratic a*x^2 + w*x + b.",
          low=1, high=MAX_WEIGHTS, choices=tuple(MODEL_ALIASES)),
    Param("points", INTEGER, 40, "How many data points.", low=2, high=500),
    Param("noise", NUMBER, 0.5, "How far the points scatter around the true curve.",
          low=0.0, high=100.0),
    Param("seed", INTEGER, 4, "Seed of the random generator (the same seed, the same data).",
          low=0, high=2**31 - 1),
    Param("true_w", NUMBER, 2.0, "Slope of the true line the data is made from.",
          low=-100.0, high=100.0),
    Param("true_b", NUMBER, -1.0, "Intercept of the true line.", low=-100.0, high=100.0),
    Param("true_a", NUMBER, 0.0, "Curvature of the true curve (x^2 term); quadratic model.",
          low=-100.0, high=100.0),
    Param("truth", TABLE, {}, "The true weights the data is made from, by name (e.g. "
          "{ w = 2, b = -1 }); a weight not named takes true_<name>, else 0.",
          low=-1000.0, high=1000.0, max_items=MAX_WEIGHTS),
    Param("true_curve", EXPRESSION, None, "The curve the data is made from, in x (say "
          "sin(2*x)), when it is not the model at true weights: the model can then only "
          "approximate it. Overrides truth and true_*."),
    Param("x_range", RANGE, (-2.0, 2.0), "Where the data's x values lie, [low, high]."),
    Param("held_out", POINTS, [], "Points [x, y] the model never trains on: drawn apart, "
          "with their loss beside the training loss.", max_items=64),
    Param("test_range", RANGE, None, "Where to make test_points more points the way the data "
          "is made (same curve, same noise), never trained on: drawn apart, with their loss."),
    Param("test_points", INTEGER, 20, "How many points test_range makes.", low=1, high=200),
    Param("y_range", RANGE, None, "The y-range of the data plot; chosen from the data (and the "
          "points never trained on) when left out."),
    Param("start_weights", NUMBERS, [], "The weights before training, in the model's order "
          "(zeros when left out).", low=-1000.0, high=1000.0, max_items=MAX_WEIGHTS),
    Param("learning_rate", NUMBER, 0.05, "Step size: how far each step moves the weights.",
          low=1e-6, high=100.0),
    Param("batch_size", INTEGER, 0, "Points per step: 0 = full batch (all of them).",
          low=0, high=500),
    Param("mini_batch", INTEGER, 8, "The mini-batch size the b key switches to.",
          low=1, high=500),
    Param("steps_per_frame", INTEGER, 1, "Training steps per screen update while playing.",
          low=1, high=1000),
    Param("log_scale", FLAG, False, "Plot the loss on a log scale."),
    Param("max_steps", INTEGER, 20000, "The run stops by itself after this many steps.",
          low=1, high=1_000_000),
    Param("fast_forward", INTEGER, 1000, "How many steps the f key skips (at most "
          "3,000,000 / (points + 100): 21,428 for 40 points).", low=1, high=100_000),
    Param("text_steps", INTEGER, 200, "Steps run for the plain-text version, gradtui print "
          "(at most 3,000,000 / (points + 100), as fast_forward).", low=1, high=100_000),
)  # fmt: skip

KEYS = (
    Key("space", "toggle_play", "play/pause"),
    Key("s", "step_line", "run one line"),
    *rates.RATE_KEYS,
    Key("b", "toggle_batch", "full/mini-batch"),
    Key("f", "fast_forward", "skip ahead"),
    Key("r", "reset", "reset"),
)

# What each loop line just did, in words (shown while single-stepping).
LINE_MEANINGS = (
    "loss measured on this batch",
    "slopes found: the uphill way",
    "weights stepped downhill",
    "step done, on to the next",
)

# Plot windows in steps: the x-axis jumps to the next one when the run outgrows it.
READOUT_EVERY = 3  # while playing, the numbers are repainted every third frame (3.7 a second)
_WINDOWS = (50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000)
_NICE = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)

DATA_MARK, BATCH_MARK, FIT_MARK, LOSS_MARK, BATCH_LOSS_MARK = "·", "o", "•", "•", "·"
UNSEEN_MARK = "×"  # a point the model never trains on ("x" in ASCII)


# How much `gradtui print` (text_steps) or one press of f (fast_forward) may run at once: a step
# costs about as much as 100 points of data plus its own points. 3,000,000 of that is about 4 s
# for a six-weight model on this machine, about 1 s for a line.
RUN_AT_ONCE = 3_000_000
LIGHTER = "fewer text_steps, or a shorter model"
LOSS_PARTS = 6  # the mean squared error around the model's own parts


def most_steps_at_once(points: int) -> int:
    """The most steps text_steps or fast_forward may ask for with `points` data points."""
    return RUN_AT_ONCE // (points + 100)


def check(params: dict) -> list[tuple[str, str]]:
    """Problems that span parameters: held-out points are [x, y] pairs; `truth` names the
    model's weights, and `start_weights` gives at most one number per weight."""
    problems = []
    if any(len(point) != 2 for point in params["held_out"]):
        problems.append(("held_out", "each held-out point is [x, y]: two numbers"))
    try:
        model = read_model(params["model"])
    except ValueError:
        return problems  # the model's own mistake is reported at the model
    message = not_weights(model, list(params["truth"]))
    if message:
        problems.append(("truth", message))
    if params.get("true_curve"):
        made = made_data(params, model, params["x_range"], params["points"], params["seed"])
        if not np.isfinite(made.ys).all():
            low, high = sane_range(params["x_range"])
            problems.append(("true_curve", f"the curve {params['true_curve']} is not a number "
                             f"at some x from {short(low)} to {short(high)} (x_range): make "
                             "the data where it is defined"))  # fmt: skip
    most = most_steps_at_once(params["points"])
    for name in ("text_steps", "fast_forward"):  # run at once, so bounded in work
        if params[name] > most:
            problems.append((name, f"{name} may be at most {most:,} with {params['points']:,} "
                             f"points, not {params[name]:,}: these steps run at once, and each "
                             "works through every point"))  # fmt: skip
    count, given = len(model.weights), len(params["start_weights"])
    if given > count:
        problems.append(("start_weights", f"{given} numbers for the {count} weights of the model "
                         f"{model.expression.text} ({', '.join(model.weights)}): one each, in "
                         "that order"))  # fmt: skip
    return problems


def made_data(params: dict, model: Model, x_range, points: int, seed: int) -> Dataset:
    """Points made the way the lesson says its data is made, over `x_range`."""
    return make_dataset(
        model=model,
        points=points,
        noise=params["noise"],
        truth=params["truth"],
        true_w=params["true_w"],
        true_b=params["true_b"],
        true_a=params["true_a"],
        x_range=sane_range(x_range),
        seed=seed,
        curve=params.get("true_curve"),
    )


def build_held_out(params: dict, model: Model) -> Dataset | None:
    """The points the model never trains on: those given, and those made over test_range
    (from their own seed, so the training data stays what it was without them)."""
    held = None
    if params.get("held_out"):
        held = dataset_of(model, params["held_out"])
    if params.get("test_range") is not None:
        seed = (params["seed"] + 1) % 2**31
        made = made_data(params, model, params["test_range"], params["test_points"], seed)
        held = made if held is None else held.joined(made)
    return held


def build_trainer(params: dict) -> Trainer:
    """A trainer for the scene's model and data, as the lesson script describes them."""
    model = read_model(params["model"])
    data = made_data(params, model, params["x_range"], params["points"], params["seed"])
    count = len(model.weights)
    given = list(params["start_weights"])[:count]
    start = tuple(given + [0.0] * (count - len(given)))
    return Trainer(
        data,
        learning_rate=params["learning_rate"],
        batch_size=params["batch_size"],
        start_weights=start,
        seed=params["seed"],
        max_steps=params["max_steps"],
    )


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 (times a power of ten) ≥ value."""
    if not math.isfinite(value) or value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for nice in _NICE:
        if nice * power >= value * (1 - 1e-12):
            return nice * power
    return 10.0 * power


def window_for(step: int) -> int:
    """The x-extent of the loss plot that holds `step`; it grows in chunks, not every step."""
    for window in _WINDOWS:
        if step <= window:
            return window
    return int(10 ** math.ceil(math.log10(max(step, 1))))


class LossAxes:
    """Fixed limits for the loss plot: they change only when the loss leaves them.

    A steady frame costs bandwidth only where the curve itself moved; rescaling every frame
    would repaint the whole plot.
    """

    def __init__(self, log_scale: bool) -> None:
        self.log_scale = log_scale
        self.window = _WINDOWS[0]
        self.ylim: tuple[float, float] | None = None

    def reset(self) -> None:
        self.window = _WINDOWS[0]
        self.ylim = None

    def value(self, losses: np.ndarray) -> np.ndarray:
        """What is plotted: the loss, or its log10 (a zero loss is floored at 1e-12)."""
        if not self.log_scale:
            return losses
        return np.log10(np.maximum(losses, 1e-12))

    def update(self, last_step: int, start_loss: float, losses: np.ndarray) -> bool:
        """Widen the axes if the run left them; True when they changed."""
        changed = False
        window = window_for(last_step)
        if window != self.window:
            self.window, changed = window, True
        seen = np.concatenate([[start_loss], losses]) if math.isfinite(start_loss) else losses
        seen = seen[np.isfinite(seen)]
        if seen.size == 0:
            seen = np.array([1.0])
        values = self.value(seen)
        low, high = float(values.min()), float(values.max())
        if self.ylim is None:
            self.ylim = self._initial(low, high)
            return True
        bottom, top = self.ylim
        if self.log_scale:
            if low < bottom:
                bottom, changed = float(math.floor(low)), True
            if high > top:
                top, changed = float(math.ceil(high)), True
        elif high > top:
            top, changed = nice_ceiling(high * 1.5), True
        self.ylim = (bottom, top)
        return changed

    def _initial(self, low: float, high: float) -> tuple[float, float]:
        if self.log_scale:
            return (float(math.floor(low)) - 1.0, float(math.ceil(high + 1e-9)))
        return (0.0, nice_ceiling(high * 1.1))


def thin(steps: np.ndarray, values: np.ndarray, window: int, width: int):
    """At most about two points per column, keeping the same steps from frame to frame."""
    every = 1
    while window / every > 2 * max(width, 1):
        every *= 2
    keep = (steps.astype(np.int64) % every) == 0
    keep[-1:] = True  # the newest point, so the curve reaches where the run is
    return steps[keep], values[keep]


class TrainingScene(SceneState):
    """Everything the training scene shows and does, without a terminal."""

    def __init__(self, params: dict) -> None:
        self.params = params
        self.trainer = build_trainer(params)
        self.axes = LossAxes(params["log_scale"])
        self.steps_per_frame = params["steps_per_frame"]
        self.playing = False
        self.stepping = False  # the last action was a single line: explain it
        self._frames = 0  # frames played: the numbers are repainted every READOUT_EVERY
        self._painted: dict[tuple, object] = {}  # the numbers as last painted, by what
        self._plot_cache = PlotCache()
        data = self.trainer.data
        self.held_out = build_held_out(params, data.model)
        self._unseen: tuple[bytes, float, float] | None = None
        shown = data if self.held_out is None else data.joined(self.held_out)
        self.data_xlim = auto_limits(shown.xs)
        truth = data.truth(shown.xs)
        seen = shown.ys if truth is None else np.concatenate([shown.ys, truth])
        given = params.get("y_range")
        self.data_ylim = auto_limits(seen) if given is None else sane_range(given)

    # --- actions (keys) -------------------------------------------------------------------

    def toggle_play(self) -> bool:
        """Play or pause; a stopped run cannot play until it is reset. Returns `playing`."""
        self.playing = not self.playing and not self.trainer.stopped
        self.stepping = False
        return self.playing

    def tick(self) -> bool:
        """One animation frame: a few whole steps. Returns whether to keep playing."""
        if self.playing:
            self.trainer.run(self.steps_per_frame)
            self.playing = not self.trainer.stopped
            self._frames += 1
        return self.playing

    def step_line(self) -> None:
        """Run one of the four lines (pausing a run that was playing)."""
        self.playing = False
        self.stepping = self.trainer.step_line()

    def faster(self) -> None:
        """Double the learning rate (it takes effect at the next update line)."""
        self.trainer.learning_rate = rates.doubled(self.trainer.learning_rate)

    def slower(self) -> None:
        """Halve the learning rate."""
        self.trainer.learning_rate = rates.halved(self.trainer.learning_rate)

    def settings(self) -> dict[str, float]:
        """The learning rate can be typed (`set lr 0.01`)."""
        return {"lr": self.trainer.learning_rate}

    def set(self, name: str, value: float) -> None:
        """Set the learning rate (`lr`); it takes effect at the next update line."""
        if name != "lr":
            super().set(name, value)
        self.trainer.learning_rate = rates.typed(value)

    def toggle_batch(self) -> None:
        """Switch between the full batch and mini-batches."""
        trainer = self.trainer
        if trainer.full_batch:
            size = self.params["batch_size"] or self.params["mini_batch"]
            trainer.batch_size = min(size, max(trainer.data.size - 1, 1))
        else:
            trainer.batch_size = 0

    def fast_forward(self) -> int:
        """Skip ahead many steps at once; returns how many ran. A run that stops on the way
        stops playing too, as it would in `tick`."""
        self.stepping = False
        ran = self.trainer.run(self.params["fast_forward"])
        self.playing = self.playing and not self.trainer.stopped
        return ran

    def reset(self) -> None:
        """Start the run again from the starting weights (the rate and batch mode stay)."""
        self.playing = False
        self.stepping = False
        self.trainer.reset()
        self.axes.reset()

    # --- words ----------------------------------------------------------------------------

    def readouts(self) -> list[list[str]]:
        """The numbers in words, grouped in rows that read well two to a line."""
        t = self.trainer
        batch = f"all {t.data.size}" if t.full_batch else f"{t.batch_size} of {t.data.size}"
        grad = t.gradient if t.gradient is not None else [None] * len(t.weight_names)
        if t.full_batch:  # before the first step, the loss the run starts from
            losses = [f"loss = {short(t.start_loss if t.loss is None else t.loss)}"]
        else:
            whole = t.batch_full_loss if t.batch_full_loss is not None else t.full_loss()
            losses = [f"loss (batch) = {short(t.loss)}", f"loss (all) = {short(whole)}"]
        return [
            [f"step = {t.steps}", f"lr = {short(t.learning_rate)}"],
            [*losses, f"batch = {batch}"],
            [f"{name} = {short(v)}" for name, v in zip(t.weight_names, t.weights, strict=True)],
            [f"dL/d{name} = {short(g)}" for name, g in zip(t.weight_names, grad, strict=True)],
        ]

    def unseen_losses(self) -> tuple[float, float] | None:
        """(loss on the points it never trains on, loss on all the points it trains on), both
        at the current weights; None without held-out points. Worked out once per weights."""
        if self.held_out is None:
            return None
        t = self.trainer
        key = np.asarray(t.weights, dtype=float).tobytes()
        if self._unseen is None or self._unseen[0] != key:
            self._unseen = (key, t.loss_on(self.held_out), t.full_loss())
        return self._unseen[1], self._unseen[2]

    def unseen_words(self) -> str:
        """The held-out loss in words beside the training loss, both numbers given
        ("" without held-out points)."""
        losses = self.unseen_losses()
        if losses is None:
            return ""
        return unseen_words(*losses, self.held_out.size, with_training=True)

    def unseen_parts(self, width: int) -> tuple[str, str]:
        """The held-out loss as a frame shows it, in fewer words when the sentence would not
        fit on one line of `width`: (the words that stay, the part whose numbers change), so
        that only the second repaints; ("", "") without held-out points."""
        losses = self.unseen_losses()
        if losses is None:
            return "", ""
        parts = unseen_words(*losses, self.held_out.size, split=True)
        if len("".join(parts)) > width:
            parts = unseen_words(*losses, self.held_out.size, brief=True, split=True)
        return parts

    def _as_painted(self, key: tuple, numbers: Callable[[], object]) -> object:
        """Numbers as the frame paints them: while playing, worked out anew every
        READOUT_EVERY frames (numbers that change 11 times a second cannot be read, and
        repainting them all would cost most of the bytes a frame sends); paused, now."""
        due = not self.playing or self._frames % READOUT_EVERY == 0
        if due or key not in self._painted:
            self._painted[key] = numbers()
        return self._painted[key]

    def shown_readouts(self) -> list[list[str]]:
        """The readouts as the frame paints them: the step count and rate live, the rest as
        `_as_painted` says (so every frame still shows the run moving on)."""
        live = self.readouts()
        return [live[0], *self._as_painted(("readouts",), lambda: live)[1:]]

    def priority_readouts(self) -> list[str]:
        """The readouts as shown, most important first (what is kept when space runs out)."""
        rows = self.shown_readouts()
        return [rows[0][0], *rows[1][:-1], rows[0][1], *rows[2], *rows[3], rows[1][-1]]

    def status(self) -> str:
        t = self.trainer
        if t.diverged:
            return f"{t.message}. Lower lr (down) and reset (r)."
        if t.finished:
            return t.message + ". Press r to start again."
        mode = "full batch" if t.full_batch else f"mini-batch of {t.batch_size}"
        if self.playing:
            return f"playing, {mode}"
        if self.stepping:
            return f"paused, {mode}: {LINE_MEANINGS[t.line]}"
        return f"paused, {mode}"

    def readout(self) -> str:
        """Every number and the state, one per line, in words (for tests and screen readers)."""
        t = self.trainer
        lines = [item for row in self.readouts() for item in row]
        lines.append(f"mode = {t.mode}")
        lines.append(f"running line = {t.line + 1} of 4: {LOOP_LINES[t.line]}")
        lines.append(f"state = {self.status()}")
        if self.held_out is not None:
            lines.append(f"points never trained on = {self.held_out.size}")
            lines.append(self.unseen_words())
        return "\n".join(lines)

    # --- layout ---------------------------------------------------------------------------

    def code_lines(self, ascii: bool) -> list[str]:
        marker = markers.RUNNING.get(ascii)
        return [
            f"{marker if i == self.trainer.line else ' '} {text}"
            for i, text in enumerate(LOOP_LINES)
        ]

    def frame(self, width: int, height: int, ascii: bool = False) -> Frame:
        """The scene laid out in `height` lines of at most `width` characters.

        Code and readouts side by side (or stacked when narrow), the state in words, then
        the data and loss plots. The loss plot keeps at least PICTURE_ROWS rows whenever the
        code fits above it: the readouts shrink to their most important ones first, and on a
        small screen the state in words moves into the plot's caption.
        """
        frame = Frame(width, height, ascii)
        if width < 1 or height < 1:
            return frame
        code = self.code_lines(ascii)
        code_width = max(len(line) for line in code)
        status = textwrap.wrap(self.status(), width)[:3] or [""]
        words, numbers = self._as_painted(("unseen", width), lambda: self.unseen_parts(width))
        unseen = textwrap.wrap(words + numbers, width)[:2]
        plots = PICTURE_ROWS  # the plots (their captions sit in their frames' top edges)
        compact = height < len(code) + len(status) + len(unseen) + plots
        if compact:
            status = []
        if unseen and height < len(code) + len(unseen) + plots:
            unseen = []  # too few rows: it goes into the data plot's top edge instead
        above = len(status) + len(unseen)
        budget = max(height - above - plots, len(code)) if width >= 30 else height
        budget = min(budget, height)
        running = (self.trainer.line, 0, code_width)
        beside = width - code_width - 2
        if beside >= 14:
            frame.place("code", 0, 0, code[:budget], code_width, running)
            frame.place("readouts", code_width + 2, 0, self._pack(beside, budget), beside)
        else:
            frame.place("code", 0, 0, code[:budget], width, running)
            rows = budget - len(code)
            if rows > 0:
                frame.place("readouts", 0, len(code), self._pack(width, rows), width)
        if len(unseen) == 1:  # the words stay; only the numbers' panel repaints
            y = min(frame.bottom, height)
            frame.place("unseen", 0, y, [words], len(words))
            frame.place("unseen_numbers", len(words), y, [numbers], width - len(words))
        elif unseen:
            frame.place("unseen", 0, min(frame.bottom, height), unseen, width)
        if status:
            frame.place("status", 0, min(frame.bottom, height), status, width)
        room = height - frame.bottom
        if room >= plots and width >= 30:
            self._plots(frame, frame.bottom, width, room, self.status() if compact else "",
                        unseen_in_caption=not unseen)  # fmt: skip
        return frame

    def _pack(self, width: int, rows: int) -> list[str]:
        """Readouts in fixed-width cells: grouped as `readouts()` groups them when that fits,
        else the most important first, as many as fit in `rows` lines."""
        per_line = max(1, width // CELL)
        grouped = self.shown_readouts()
        if per_line >= max(len(row) for row in grouped) and len(grouped) <= rows:
            return [cell_line(row) for row in grouped]
        return cells(self.priority_readouts()[: rows * per_line], width)

    def _plots(
        self,
        frame: Frame,
        y: int,
        width: int,
        height: int,
        status: str = "",
        unseen_in_caption: bool = False,
    ) -> None:
        """The data plot and the loss plot side by side (or the loss alone), each with its
        caption written into the top edge of its frame. A `status` given here leads the loss
        plot's caption; `unseen_in_caption` puts the loss on the points never trained on into
        the data plot's (when there was no row for it above)."""
        scale = "log loss" if self.axes.log_scale else "loss"
        if not self.trainer.full_batch:
            scale = f"{LOSS_MARK} all  {BATCH_LOSS_MARK} batch: {scale}"
        loss_caption = f"{status}: {scale} by step" if status else f"{scale} by step"
        data_caption = self.data_caption()
        if unseen_in_caption and self.held_out is not None:
            losses = self.unseen_losses()
            caption = unseen_words(*losses, self.held_out.size, brief=True)
            data_caption = f"{UNSEEN_MARK} " + caption
        if width < 64:  # room for one plot: the loss, or the points it never saw if it has them
            if self.held_out is None:
                loss = titled(self.loss_plot(width, height, frame.ascii), loss_caption)
                frame.place("loss", 0, y, loss, width)
            else:
                data = titled(self.data_plot(width, height, frame.ascii), data_caption)
                frame.place("data", 0, y, data, width)
            return
        left = width // 2
        data = titled(self.data_plot(left - 1, height, frame.ascii), data_caption)
        frame.place("data", 0, y, data, left - 1)
        loss = titled(self.loss_plot(width - left, height, frame.ascii), loss_caption)
        frame.place("loss", left, y, loss, width - left)

    def data_caption(self) -> str:
        """What the data plot's marks mean."""
        if self.held_out is not None:
            return f"{DATA_MARK} data  {UNSEEN_MARK} never seen  {FIT_MARK} fit"
        if self.trainer.full_batch:
            return f"{DATA_MARK} data  {FIT_MARK} fitted {self.trainer.data.model.name}"
        if self.playing:  # a new batch every frame is too fast to follow: marked when paused
            return f"{DATA_MARK} data  {FIT_MARK} fit  (batches: pause)"
        return f"{DATA_MARK} data  {BATCH_MARK} batch  {FIT_MARK} fit"

    def data_plot(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The data points (the batch marked apart) and the current fitted curve."""
        t = self.trainer
        data = t.data
        samples = 2 if data.model.text == "line" else max(2 * width, 8)
        xs = np.linspace(*self.data_xlim, samples)
        weights = t.weights
        if not t.full_batch:  # each batch jolts it: drawn at the numbers' pace (`_as_painted`)
            weights = self._as_painted(("fit",), lambda: np.array(t.weights, dtype=float))
        fit = data.model.predict(weights, xs)
        batch = None if t.full_batch or self.playing else t.batch
        low, high = self.data_ylim
        key = ("data", width, height, ascii, raster(fit, low, high, 4 * height),
               None if batch is None else tuple(batch.tolist()))  # fmt: skip

        def draw() -> list[str]:
            series = [Series(data.xs, data.ys, marker=DATA_MARK)]
            if batch is not None:
                series.append(Series(data.xs[batch], data.ys[batch], marker=BATCH_MARK))
            series.append(Series(xs, fit, marker=FIT_MARK, lines=True))
            if self.held_out is not None:  # on top: the points the fit never saw
                series.append(Series(self.held_out.xs, self.held_out.ys, marker=UNSEEN_MARK))
            return text_plot(series, width, height, xlim=self.data_xlim, ylim=self.data_ylim,
                             ascii=ascii)  # fmt: skip

        return self._plot_cache.get("data", key, draw)

    def loss_plot(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The loss so far against the step, on axes that only widen when the run leaves them."""
        t = self.trainer
        steps, losses, full = t.history.steps, t.history.losses, t.history.full_losses
        self.axes.update(t.steps, t.start_loss, np.concatenate([losses, full]))
        if not steps.size:  # nothing run yet: the loss the run starts from
            steps, losses, full = np.zeros(1), np.array([t.start_loss]), np.array([t.start_loss])
        kept, values = thin(steps, self.axes.value(full), self.axes.window, width)
        batch_values = None
        if not np.array_equal(losses, full):  # mini-batches: their own, noisier curve too
            batch_values = thin(steps, self.axes.value(losses), self.axes.window, width)[1]
        xlim, ylim = (0, self.axes.window), self.axes.ylim
        noisy = None if batch_values is None else raster(batch_values, *ylim, 4 * height)
        key = ("loss", width, height, ascii, xlim, ylim, raster(kept, *xlim, 2 * width),
               raster(values, *ylim, 4 * height), noisy)  # fmt: skip

        def draw() -> list[str]:
            series = []
            if batch_values is not None:
                series.append(Series(kept, batch_values, marker=BATCH_LOSS_MARK, lines=True))
            series.append(Series(kept, values, marker=LOSS_MARK, lines=True))
            return text_plot(series, width, height, xlim=xlim, ylim=ylim, ascii=ascii,
                             log_labels=self.axes.log_scale)  # fmt: skip

        return self._plot_cache.get("loss", key, draw)


State = TrainingScene


def unseen_words(
    unseen: float,
    trained: float,
    count: int,
    *,
    brief: bool = False,
    split: bool = False,
    with_training: bool = False,
) -> str | tuple[str, str]:
    """The loss on points never trained on, beside the loss on those trained on:
    "loss on the 12 points it never saw = 4.1, 2000× the training loss", or (`brief`) "never
    seen (12): loss = 4.1, 2000× training"; `with_training` adds the training loss itself,
    "(0.00205)". With `split`, as (the words before the first number, the rest)."""
    if brief:
        said, training = f"never seen ({count}): loss = ", "training"
    else:
        points = f"the {count} point{'' if count == 1 else 's'} it never saw"
        said, training = f"loss on {points} = ", "the training loss"
    if not (math.isfinite(unseen) and math.isfinite(trained)) or trained <= 0:
        rest = f"{short(unseen)}; {training} is {short(trained)}"
    else:
        rest = f"{short(unseen)}, {times(unseen / trained)}× {training}"
        if with_training:
            rest += f" ({short(trained)})"
    return (said, rest) if split else said + rest


def _milestones(last: int) -> list[int]:
    """Steps worth a row in the text table: 0, 1, 2, 5, 10, 20, 50, … up to `last`."""
    marks = [0]
    power = 1
    while power <= last:
        marks += [m * power for m in (1, 2, 5) if m * power <= last]
        power *= 10
    if marks[-1] != last:
        marks.append(last)
    return sorted(set(marks))


def cost(params: dict) -> float:
    """Seconds `render_text` may take here (gradtui/scenes/kit/cost.py): text_steps steps,
    each the model and its loss over the data, forward and backward."""
    try:
        model = read_model(params["model"])
    except ValueError:
        return SCENE_SECONDS
    nodes = len(model.expression.order) + LOSS_PARTS
    return SCENE_SECONDS + over_arrays(params["text_steps"], nodes, params["points"])


def render_text(params: dict, ascii: bool = False) -> str:
    """The loop, a loss plot over a fixed run, and a table of the loss at a few steps."""
    scene = TrainingScene(params)
    t = scene.trainer
    t.max_steps = None
    t.run(params["text_steps"])
    names = ", ".join(t.weight_names)
    out = ["One step of learning, in four lines:", ""]
    out += ["    " + line for line in LOOP_LINES]
    if t.data.curve is not None:
        truth = f"the curve y = {t.data.curve.text}"
    else:
        truth = ", ".join(
            f"{name} = {short(v)}"
            for name, v in zip(t.weight_names, t.data.true_weights, strict=True)
        )
    x_low, x_high = sane_range(params["x_range"])
    out += [
        "",
        f"Fitting a {t.data.model.name} (weights {names}) to {t.data.size} "
        f"{'noisy points' if params['noise'] else 'points'} made from {truth}, with x from "
        f"{short(x_low)} to {short(x_high)}.",
        f"Learning rate {short(t.learning_rate)}, {t.mode}, "
        f"{plural(params['text_steps'], 'step')}.",
        "",
    ]
    scene.axes.update(t.steps, t.start_loss, t.history.losses)
    scale = "log10(loss)" if scene.axes.log_scale else "loss"
    out.append(f"{scale} by step:")
    steps, losses = t.history.steps, t.history.losses
    plot_x = (0, max(t.steps, 1))
    out += text_plot([Series(steps, scene.axes.value(losses), marker=LOSS_MARK, lines=True)],
                     72, 14, xlim=plot_x, ylim=scene.axes.ylim, ascii=ascii)  # fmt: skip
    out += ["", "  step  loss"]
    recorded = dict(zip(steps.astype(int).tolist(), losses.tolist(), strict=True))
    for mark in _milestones(int(steps[-1]) if steps.size else 0):
        if mark in recorded:
            out.append(f"{mark:>6}  {short(recorded[mark])}")
    weights = ", ".join(
        f"{name} = {short(v)}" for name, v in zip(t.weight_names, t.weights, strict=True)
    )
    out.append("")
    if t.diverged:
        out.append(f"The run stopped after {plural(t.steps, 'step')}: {t.message}.")
    else:
        # the loss the weights shown make (t.loss was measured before the last update)
        out.append(
            f"After {plural(t.steps, 'step')}: {weights}; at these weights the loss on all "
            f"{t.data.size} points is {short(t.full_loss())}."
        )
    if scene.held_out is not None:
        out += ["", *_unseen_text(scene, ascii)]
    text = "\n".join(out)
    return to_ascii(text) if ascii else text


def _unseen_text(scene: TrainingScene, ascii: bool) -> list[str]:
    """For print: the data, the points never trained on and the fit, the held-out loss in
    words, and each of those points beside the fit (the first 12)."""
    t, held = scene.trainer, scene.held_out
    marks = f"{DATA_MARK} data  {UNSEEN_MARK} never trained on  {FIT_MARK} the fit"
    out = [f"The data, the points it never trained on, and the fit ({marks}):"]
    out += scene.data_plot(72, 14, ascii)
    out += ["", textwrap.fill(scene.unseen_words()[:1].upper() + scene.unseen_words()[1:] + ".",
                              78), ""]  # fmt: skip
    out.append("        x           y      the fit       miss")
    fit = t.data.model.predict(t.weights, held.xs)
    for x, y, guess in list(zip(held.xs, held.ys, fit, strict=True))[:12]:
        out.append(f"{short(x):>9} {short(y):>11} {short(guess):>12} {short(guess - y):>10}")
    if held.size > 12:
        out.append(f"  ... and {held.size - 12} more")
    return out
