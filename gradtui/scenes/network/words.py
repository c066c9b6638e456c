"""The network scene in words: its readouts, its state, the backward pass of one example
through one neuron (the graph scene's words: upstream gradient times local slope, and ``+=``
where a value feeds several neurons), and the text `gradtui print` shows.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np

from gradtui.calculus.network import CHANCE_LOSS
from gradtui.calculus.one_example import NeuronStory
from gradtui.calculus.trace import sum_of_shares
from gradtui.scenes.kit.numbers import plural, short
from gradtui.scenes.kit.table import Table

# The local slope of each activation, as a formula in z (the graph scene says them so too).
SLOPE_RULES = {
    "tanh": "1 - tanh(z)^2",
    "sigmoid": "sigmoid(z)*(1 - sigmoid(z))",
    "relu": "1 if z > 0, else 0",
}


def percent(share: float) -> str:
    """0.953 as "95%" (a share that is not a number, with no points to count, as "-")."""
    return "-" if not math.isfinite(share) else f"{100 * share:.0f}%"


NO_TEST_POINTS = "none (no test points)"


def accuracy_words(share: float, points: int) -> str:
    """An accuracy to four significant digits with the count it comes from: "55.56% (10 of 18
    points)", so no point is lost to rounding; "none (no test points)" without any points."""
    if points == 0 or not math.isfinite(share):
        return NO_TEST_POINTS
    return f"{short(100 * share)}% ({round(share * points)} of {plural(points, 'point')})"


def loss_on_test_words(loss: float, points: int) -> str:
    """The test loss, or "none (no test points)" when every point trains (test_fraction 0)."""
    return NO_TEST_POINTS if points == 0 else short(loss)


def _factor(text: str) -> str:
    return f"({text})" if text.startswith("-") else text


def map_shares(p: np.ndarray) -> tuple[float, float]:
    """(share of the plane the network calls x, share where it is unsure: p from 0.25 to
    0.75), each 0 to 1."""
    return float(np.mean(p >= 0.5)), float(np.mean((p >= 0.25) & (p < 0.75)))


# --- the backward pass of one example -----------------------------------------------------------


def _inputs_sum(story: NeuronStory, num) -> str:
    """z as the sum the neuron makes: 0.52*1.2 + (-0.31)*(-3.4) + 0.1."""
    terms = [f"{_factor(num(i.weight))}*{_factor(num(i.value))}" for i in story.inputs]
    return " + ".join([*terms, _factor(num(story.bias))])


def _upstream_words(story: NeuronStory, num) -> str:
    """Where the neuron's gradient comes from: the loss, one neuron, or several (+=)."""
    name = story.name
    if not story.activation:
        return (f"The loss's local slope towards z is p - y = {num(story.p)} - "
                f"{num(story.label)}, so z's gradient is {num(story.z_gradient)}.")  # fmt: skip
    fed = [share for _, share in story.fed]
    if len(fed) > 1:
        return (
            f"{name} feeds {len(fed)} neurons, each passing back (its z's gradient) x "
            f"(their weight); {name} adds the shares (+=): {sum_of_shares(fed, num)}."
        )
    return f"{name} feeds only {story.fed[0][0]}, which passes back {num(story.upstream)}."


def _slope_words(story: NeuronStory, num) -> str:
    """z's gradient: upstream x the activation's local slope."""
    if not story.activation:
        return ""
    if story.local_slope is None:
        return f"A linear neuron's local slope is 1: z gets {num(story.z_gradient)}."
    return (f"z gets {_factor(num(story.upstream))} x {num(story.local_slope)} (local slope "
            f"{SLOPE_RULES[story.activation]}) = {num(story.z_gradient)}.")  # fmt: skip


def _wrapped(sentence: str, width: int | None) -> list[str]:
    """A sentence in lines of `width` (None: one line, for a readout)."""
    if not sentence:
        return []
    return [sentence] if width is None else textwrap.wrap(sentence, width, subsequent_indent="  ")


# The table of the backward pass: each input's value and weight, what the weight gets (z's
# gradient x input) and what the input gets (z's gradient x weight), and, where an input feeds
# several neurons, its total over their shares. Widths: the first column left-aligned.
BACKWARD_COLUMNS = ("input", "value", "weight", "weight gets", "input gets", "its total (+=)")
BACKWARD_WIDTHS = (8, 9, 9, 13, 12)


def backward_table(story: NeuronStory, num, totals: bool) -> Table:
    """The inputs of the neuron whose story is told, and its bias, as a table."""
    rows = [
        (i.name, num(i.value), num(i.weight), num(i.weight_gradient), num(i.passed),
         f"{num(i.gradient)} ({len(i.shares)})" if totals and len(i.shares) > 1 else "")
        for i in story.inputs
    ]  # fmt: skip
    rows.append(("bias", "1", num(story.bias), num(story.z_gradient)))
    return Table(BACKWARD_COLUMNS[: 6 if totals else 5], tuple(rows))


def table_lines(table: Table) -> list[str]:
    """The backward pass's table in aligned columns (BACKWARD_WIDTHS; the totals after them)."""
    lines = []
    for row in (table.columns, *table.rows):
        first, *cells = row
        line = f"  {first:<{BACKWARD_WIDTHS[0]}}"
        line += "".join(f"{cell:>{w}}" for cell, w in zip(cells, BACKWARD_WIDTHS[1:], strict=False))
        extra = cells[len(BACKWARD_WIDTHS) - 1 :]
        lines.append(line + (f"  {extra[0]}" if extra and extra[0] else ""))
    return lines


class NetworkWords:
    """The network scene's words: a part of NetworkState (state.py), which holds the trainer
    and the learner's choices these read."""

    def counts(self) -> str:
        """The step and epoch: what changes every frame."""
        t = self.trainer
        return f"step {t.steps:,}  epoch {t.epochs:,}"

    def losses(self) -> tuple[float, float, float, float]:
        """(training loss, test loss, training accuracy, test accuracy) at the weights now."""
        t = self.trainer
        train_acc, test_acc = t.accuracies()
        return t.train_loss(), t.test_loss(), train_acc, test_acc

    def loss_line(self) -> str:
        """The losses and accuracies on one line, at the pace `said` keeps."""
        train, test, train_acc, test_acc = self.said("losses", self.losses)
        return (f"loss train {short(train):<6} test {short(test):<6}  "
                f"accuracy train {percent(train_acc):>4} test {percent(test_acc):>4}")  # fmt: skip

    def settings_line(self, width: int = 80) -> str:
        """What the run is set to (rate, activation, data, batch, l2), as many as fit `width`."""
        t = self.trainer
        noise = "" if self.dataset.startswith("the lesson") else f" noise {short(self.noise)}"
        parts = [f"lr {short(self.learning_rate)}", self.activation, f"{self.dataset}{noise}",
                 f"batch {'all' if t.per_step == t.train.size else t.per_step}"]  # fmt: skip
        if self.l2:
            parts.append(f"l2 {short(self.l2)}")
        line = parts[0]
        for part in parts[1:]:
            if len(line) + 2 + len(part) <= width:
                line += "  " + part
        return line

    def status(self) -> str:
        """The state in words, or what the last change did."""
        t = self.trainer
        if t.diverged:
            return f"{t.message}. Lower it (down) and press r."
        if self.notice:
            return self.notice
        if self.playing:
            return "playing"
        if self.explaining:
            return "paused: the backward pass of one example (b hides it)"
        return "paused"

    def readout(self) -> str:
        """Every number the scene shows, in words, one per line."""
        t = self.trainer
        train, test, train_acc, test_acc = self.losses()
        called_x, unsure = map_shares(self.map_probabilities(24, 24))
        lines = [
            f"step = {t.steps}",
            f"epoch = {t.epochs}",
            f"training loss = {short(train)} (a coin toss scores {short(CHANCE_LOSS)})",
            f"test loss = {loss_on_test_words(test, t.test.size)}",
            f"training accuracy = {accuracy_words(train_acc, t.train.size)}",
            f"test accuracy = {accuracy_words(test_acc, t.test.size)}",
            f"learning rate = {short(self.learning_rate)}",
            f"batch = {'all' if t.per_step == t.train.size else t.per_step} of {t.train.size}",
            f"l2 = {short(self.l2)}",
            f"dataset = {self.dataset}"
            + ("" if self.dataset.startswith("the lesson") else f", noise {short(self.noise)}"),
            f"features = {', '.join(t.shape.features)}",
            f"network = {t.shape.describe()}, {plural(t.shape.weight_count, 'weight')}",
            f"seed = {self.seed}",
            f"map = the network says x on {percent(called_x)} of the plane, unsure "
            f"(p from 0.25 to 0.75) on {percent(unsure)}",
            f"chosen = {self.layer_words(self.layer)}, neuron {self.neuron + 1}",
            f"state = {self.status()}",
        ]
        if self.explaining:
            lines += self.backward_words(self.story(), said=True)
        return "\n".join(lines)

    def backward_words(
        self, story: NeuronStory, width: int = 76, height: int = 1000, said: bool = False
    ) -> list[str]:
        """The backward pass through the chosen neuron for one example, in the graph scene's words
        and a table, `width` wide (leaving out what may go when it would pass `height` lines):
        every number read off autodiff's passes (calculus/one_example.py), and the batch's
        gradient from the matrix pass after them. `said`: as a readout says it, a sentence a
        line and the table's rows with their columns' names."""
        num = short
        width = max(width, 20)
        wrap = None if said else width
        xy, label = self.example_point()
        where = ", ".join(f"{name} {num(v)}" for name, v in zip(("x1", "x2"), xy, strict=True))
        name = story.name
        did = f"{story.activation}(z)" if story.activation else "p = sigmoid(z)"
        if story.activation == "linear":
            did = f"{name} = z"
        forward = f"z = {_inputs_sum(story, num)} = {num(story.z)}"
        if len(forward) + len(did) + 20 > 2 * width:
            forward = f"z = sum of weight x input, + bias = {num(story.z)}"
        head = f"One example ({where}, class {'x' if label >= 0.5 else 'o'}): p = {num(story.p)}, "
        head += f"loss {num(story.loss)}."
        totals = (said or width >= 74) and any(len(i.shares) > 1 for i in story.inputs)
        table = backward_table(story, num, totals)
        rows = table.said() if said else [line[:width] for line in table_lines(table)]
        weights_now, bias_now = self.said("batch", self.batch_gradient)
        step = ", ".join(num(g) for g in weights_now)
        l2 = " (plus the L2 term's slope)" if self.l2 else ""
        blocks = [  # (lines, whether they may go when space is short)
            (_wrapped(head, wrap), False),
            (_wrapped(f"Forward in {name}: {forward}; {did} = {num(story.out)}.", wrap), False),
            (_wrapped("Backward: each box hands on (its gradient) x (local slope).", wrap), True),
            (_wrapped(_upstream_words(story, num), wrap), False),
            (_wrapped(_slope_words(story, num), wrap), False),
            (_wrapped("A weight gets z's gradient x its input; an input gets z's gradient x its "
                      "weight, added to its other neurons' shares (+=):", wrap), False),
            (rows, False),
            (_wrapped(f"The step takes the mean over its batch of {len(self.trainer.batch)}, in "
                      f"one matrix product: weights {step}, bias {num(bias_now)}{l2}.", wrap),
             True),
        ]  # fmt: skip
        spare = sum(len(lines) for lines, _ in blocks) - height
        kept: list[str] = []
        for lines, optional in reversed(blocks):
            if optional and spare > 0:
                spare -= len(lines)
                continue
            kept = lines + kept
        return kept
