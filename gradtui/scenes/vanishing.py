"""The `vanishing` scene: a long chain multiplies many slopes, so the product vanishes or explodes.

Two views (`t` switches; a wide terminal shows both). The first plots s**k against k on a log
scale for a chain of n links of slope s: below 1 it falls towards 0, above 1 it grows without
bound, said in words with the number (even past what a float holds). The second is a real stack
of sigmoid layers: the gradient reaching each layer's weight, by the project's own backward pass
(gradtui.calculus.chain.sigmoid_stack), as bars on a log scale with their numbers. Of the
gradient reaching a layer, it passes back its sigmoid slope times its weight; a sigmoid's slope
is at most 1/4, so that is at most a quarter of |weight|. The bars' scale is fixed by the depth
(and the input), so turning the weight visibly lengthens or shortens them. This module only
draws; the numbers come from gradtui.calculus.chain.
"""

from __future__ import annotations

import math

import numpy as np

from gradtui.calculus.chain import (
    SIGMOID_MAX_SLOPE,
    Layer,
    chain_power,
    power_exponents,
    sigmoid_stack,
)
from gradtui.scenes.contract import SceneState
from gradtui.scenes.kit import markers
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.layout import Frame, pack, wrap
from gradtui.scenes.kit.numbers import in_words, number, precise, short
from gradtui.scenes.kit.params import INTEGER, NUMBER, TEXT, Param
from gradtui.scenes.kit.plots import Series, text_plot
from gradtui.textsafe import for_terminal

SUMMARY = "A long chain of slopes: s^n vanishes below 1 and explodes above; a sigmoid stack too."

MAX_LINKS = 2000
MAX_LAYERS = 100

PARAMS = (
    Param("slope", NUMBER, 0.5, "s, the slope of every link of the chain.", low=-10.0, high=10.0),
    Param("links", INTEGER, 30, "n, how many links the chain has.", low=1, high=MAX_LINKS),
    Param("layers", INTEGER, 10, "How many layers the sigmoid stack has.", low=1,
          high=MAX_LAYERS),
    Param("weight", NUMBER, 1.0, "The weight of every sigmoid layer: each computes "
          "sigmoid(weight * its input).", low=-20.0, high=20.0),
    Param("input", NUMBER, 1.0, "The number fed into the sigmoid stack's first layer.",
          low=-1000.0, high=1000.0),
    Param("show", TEXT, "power", "Which view comes first: power (s^n against n) or stack "
          "(the sigmoid layers).", choices=("power", "stack")),
)  # fmt: skip

KEYS = (
    Key("up,plus,equals_sign", "change", "s / weight up", show="↑/+", args=(1,)),
    Key("down,minus", "change", "s / weight down", show="↓/-", args=(-1,)),
    Key("full_stop", "lengthen", "n / layers +1", show=".", args=(1,)),
    Key("comma", "lengthen", "n / layers -1", show=",", args=(-1,)),
    Key("right_square_bracket", "double", "n / layers x2", show="]", args=(True,)),
    Key("left_square_bracket", "double", "n / layers /2", show="[", args=(False,)),
    Key("t", "switch", "s^n / sigmoids"),
    Key("r", "reset", "reset"),
)

FLOAT_DIGITS = 308  # a float holds magnitudes from about 1e-308 to 1.8e308
BOTH_AT = 150  # from this width both views sit side by side


def slope_step(s: float, direction: int) -> float:
    """How far one press moves s that way: 0.05 within 2 of 0 (fine near 1, where the fate of
    the product turns), 0.5 beyond."""
    return 0.05 if abs(s + 0.01 * direction) < 2 else 0.5


def snapped(value: float) -> float:
    return float(f"{value:.10g}") if value != 0 else 0.0


def power_text(s: float, n: int) -> str:
    """s^n as written: 0.5^30, (-0.5)^30, (1e-200)^2."""
    base = precise(s)  # as the lesson wrote it, to ten digits (0.9999999 is not 1)
    return f"({base})^{n}" if s < 0 or "e" in base else f"{base}^{n}"


def ten_to(exponent: float) -> str:
    """10^-602.1: a size beyond what a float holds, said as a power of ten."""
    return f"10^{exponent:.4g}"


def power_words(s: float, n: int) -> str:
    """s^n in words: the number (or its power of ten), and whether it vanishes or explodes."""
    p = chain_power(s, n)
    shown = f"{power_text(s, n)} = {number(p.value)}"
    if p.underflows:
        shown = (
            f"{power_text(s, n)} is about {ten_to(p.log10)}, too small for a float (below "
            f"1e-{FLOAT_DIGITS}): it rounds to 0, and the gradient is gone entirely"
        )
    elif p.overflows:
        shown = (
            f"{power_text(s, n)} is about {ten_to(p.log10)}, too large for a float (above "
            f"1.8e{FLOAT_DIGITS}): it overflows to infinity"
        )
    sign = " Its sign flips with every link." if s < 0 else ""
    if s == 0:
        return f"{shown}: a single flat link stops all change.{sign}"
    if p.trend == "vanishes":
        return f"{shown}. Each slope is below 1 in size, so the product vanishes as n grows.{sign}"
    if p.trend == "explodes":
        return f"{shown}. Each slope is above 1 in size, so the product explodes as n grows.{sign}"
    return f"{shown}. Slopes of size exactly 1 neither shrink nor grow the product.{sign}"


def bar_scale(layers: int, input: float) -> tuple[int, int]:
    """The log10 range the bars span, fixed for a depth and an input so that turning the
    weight moves the bars instead of rescaling them away. The top is 1 (or the most a first
    layer fed a large input can get, a quarter of it); the bottom is 1/16 per layer below the
    top, so a stack passing back sigmoid's best, a quarter per layer, fills about half a bar."""
    most = SIGMOID_MAX_SLOPE * abs(input)
    high = math.ceil(math.log10(most)) if most > 1 else 0
    return (high - math.ceil(layers * math.log10(16)), high)


def below_scale(gradient: float, low: int) -> bool:
    """Whether a gradient is not 0 but smaller than the bars' scale reaches (drawn as `<`)."""
    return gradient != 0 and math.isfinite(gradient) and math.log10(abs(gradient)) < low


def bar(gradient: float, scale: tuple[int, int], width: int, ascii: bool) -> str:
    """A bar whose length is log10|gradient| between the scale's ends: empty for 0, a `<` for a
    gradient too small for the scale, at most full width."""
    low, high = scale
    if below_scale(gradient, low):
        return "<" + " " * (width - 1)
    if gradient == 0 or not math.isfinite(gradient):
        return " " * width
    filled = round((math.log10(abs(gradient)) - low) / (high - low) * width)
    filled = min(max(filled, 1), width)
    return markers.BAR.get(ascii) * filled + " " * (width - filled)


class VanishingState(SceneState):
    """s and n of the chain, the sigmoid stack's weight and depth, which view, and the frame."""

    def __init__(self, params: dict) -> None:
        self.params = params
        self.reset()

    # --- keys ---

    def reset(self) -> None:
        """Back to the lesson's numbers and its first view."""
        p = self.params
        self.s = float(p["slope"])
        self.n = int(p["links"])
        self.layers = int(p["layers"])
        self.weight = float(p["weight"])
        self.input = float(p["input"])
        self.stack_view = p["show"] == "stack"
        self._stack: list[Layer] | None = None

    def switch(self) -> None:
        """From s^n to the sigmoid stack and back."""
        self.stack_view = not self.stack_view

    def click(self, x: int, y: int, width: int, height: int) -> bool:
        """With both views side by side, a press on one gives it the keys (as t does)."""
        press = self.pressed(x, y, width, height)
        if press is None or press.name != "view" or press.spot.meaning == self.stack_view:
            return False
        self.switch()
        return True

    def change(self, direction: int) -> None:
        """Raise (1) or lower (-1) s, or in the stack view the layers' weight."""
        if self.stack_view:
            self.weight = min(max(snapped(self.weight + 0.5 * direction), -20.0), 20.0)
            self._stack = None
        else:
            step = slope_step(self.s, direction)
            self.s = min(max(snapped(self.s + step * direction), -10.0), 10.0)

    def lengthen(self, direction: int) -> None:
        """One link (or layer) more (1) or fewer (-1)."""
        if self.stack_view:
            self._set_layers(self.layers + direction)
        else:
            self.n = min(max(self.n + direction, 1), MAX_LINKS)

    def double(self, longer: bool) -> None:
        """Twice as many links (or layers), or half as many."""
        if self.stack_view:
            self._set_layers(self.layers * 2 if longer else self.layers // 2)
        else:
            self.n = min(max(self.n * 2 if longer else self.n // 2, 1), MAX_LINKS)

    def _set_layers(self, layers: int) -> None:
        self.layers = min(max(layers, 1), MAX_LAYERS)
        self._stack = None

    # --- numbers ---

    @property
    def stack(self) -> list[Layer]:
        """The sigmoid layers, first to last (worked out once per weight and depth)."""
        if self._stack is None:
            self._stack = sigmoid_stack(self.layers, self.weight, self.input)
        return self._stack

    def passed_back(self) -> list[float]:
        """What each layer passes back of the gradient reaching its output: its sigmoid's slope
        times its weight (the chain rule through sigmoid(weight * input)), first layer first."""
        return [layer.slope * self.weight for layer in self.stack]

    def stack_sentences(self, digits: int = 6) -> list[str]:
        """The first layer's gradient against the last's, then what each layer passes back,
        against sigmoid's 1/4."""
        first, last = self.stack[0].gradient, self.stack[-1].gradient
        sizes = [abs(factor) for factor in self.passed_back()]
        low, high = number(min(sizes), digits), number(max(sizes), digits)
        here = low if low == high else f"between {low} and {high}"
        flipped = ", its sign flipped by the negative weight" if self.weight < 0 else ""
        factor = (
            f"Each layer passes back its sigmoid slope times the weight: here {here} of what "
            f"reaches it{flipped}. Sigmoid's slope is at most "
            f"{SIGMOID_MAX_SLOPE:g}, so no layer passes back more than {SIGMOID_MAX_SLOPE:g} × "
            f"|weight| = {number(SIGMOID_MAX_SLOPE * abs(self.weight), digits)}."
        )
        if len(self.stack) == 1:
            return [factor]
        with np.errstate(all="ignore"):
            ratio = first / last if last != 0 else math.nan  # signed: a weight < 0 flips it
        times = f"{number(ratio, digits)} times" if math.isfinite(ratio) else "none of"
        return [
            f"Layer 1's gradient is {number(first, digits)}, {times} the last layer's "
            f"({number(last, digits)}).",
            factor,
        ]

    def stack_words(self) -> str:
        return " ".join(self.stack_sentences())

    def readout(self) -> str:
        """Every number of both views, in words, one per line."""
        p = chain_power(self.s, self.n)
        lines = [
            f"view = {'sigmoid stack' if self.stack_view else 's^n'}",
            f"s = {in_words(self.s)}",
            f"n = {self.n}",
            f"s^n = {number(p.value)}",
            f"log10 |s^n| = {number(p.log10)}",
            power_words(self.s, self.n),
            f"layers = {self.layers}",
            f"weight = {in_words(self.weight)}",
            f"input = {in_words(self.input)}",
        ]
        for layer in self.stack:
            lines.append(
                f"layer {layer.number}: gradient {number(layer.gradient)}, "
                f"sigmoid slope {number(layer.slope)}"
            )
        lines.append(self.stack_words())
        return "\n".join(lines)

    # --- drawing the chain's power ---

    def power_plot(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """log10|s^k| against k: a straight line, falling for |s| < 1 and rising above, with
        the level line of 1 and, where it falls inside the picture, 0.25^k for comparison."""
        ks = np.arange(self.n + 1, dtype=float)
        ys = power_exponents(self.s, self.n)
        finite = np.concatenate([ys[np.isfinite(ys)], [0.0]])
        low, high = float(finite.min()), float(finite.max())
        pad = max((high - low) * 0.05, 0.5)
        ylim = (low - pad, high + pad)
        series = [Series(ks, np.zeros_like(ks), markers.LINE.get(ascii), lines=True)]
        if self.s != SIGMOID_MAX_SLOPE:
            best = power_exponents(SIGMOID_MAX_SLOPE, self.n)
            inside = best >= ylim[0]
            series.append(Series(ks[inside], best[inside], "x", lines=True))
        series.append(Series(ks, ys, markers.CURVE.get(ascii), lines=True))
        return text_plot(series, width, height, xlim=(0, max(self.n, 1)), ylim=ylim, ascii=ascii)

    def power_legend(self, ascii: bool, width: int = 10_000) -> str:
        curve, flat = markers.CURVE.get(ascii), markers.LINE.get(ascii)
        best = self.s != SIGMOID_MAX_SLOPE
        legend = f"log10 scale:  {curve} s^k  {flat} 1 (no change)"
        legend += "  x 0.25^k (sigmoid's best)" if best else ""
        if len(legend) > width:
            legend = f"log10 scale: {curve} s^k  {flat} 1" + ("  x 0.25^k" if best else "")
        return legend

    def power_numbers(self) -> list[str]:
        p = chain_power(self.s, self.n)
        return [
            f"s = {in_words(self.s)}",
            f"n = {self.n}",
            f"s^n = {number(p.value)}",  # as the sentence below writes it (652530, not 652500)
            f"log10 |s^n| = {number(p.log10, 4)}",
        ]

    def power_view(self, width: int, height: int, ascii: bool) -> list[str]:
        numbers = pack(self.power_numbers(), width)
        words = wrap(power_words(self.s, self.n), width)
        room = height - len(numbers) - 1
        if room - len(words) < 6:
            words = words[:1] if room - 1 >= 6 else []
        room -= len(words)
        lines = [*numbers, *words]
        if room >= 5 and width >= 24:
            lines += [self.power_legend(ascii, width), *self.power_plot(width, room, ascii)]
        return [for_terminal(line, ascii) for line in lines[:height]]

    # --- drawing the sigmoid stack ---

    def stack_rows(self, width: int, rows: int, ascii: bool) -> list[str]:
        """One bar per layer (first and last kept when they do not all fit), then the scale."""
        layers = self.stack
        scale = bar_scale(self.layers, self.input)
        bar_width = max(width - 36, 4)
        shown: list[Layer | None] = list(layers)
        if len(layers) > rows:
            head = max(rows // 2, 1)
            tail = max(rows - head - 1, 1)
            shown = [*layers[:head], None, *layers[-tail:]]
        lines = []
        for layer in shown:
            if layer is None:
                lines.append(f"{'...':>5}")
                continue
            lines.append(
                f"{layer.number:>5} {bar(layer.gradient, scale, bar_width, ascii)} "
                f"{number(layer.gradient, 4):>10}  {short(layer.slope):>6}"
            )
        return lines

    def stack_header(self, width: int) -> list[str]:
        """What the stack is, then the columns' names with the bars' (log) scale."""
        low, high = bar_scale(self.layers, self.input)
        top = (
            f"{self.layers} sigmoid layers, weight {in_words(self.weight)}, input "
            f"{in_words(self.input)}"
        )
        scale = f"bars: log scale, 1e{low:g} to 1e{high:g}"
        below = any(below_scale(layer.gradient, low) for layer in self.stack)
        if below and len(scale) + 9 <= width - 36:
            scale += "; < below"  # what a bar too small for the scale is drawn as
        columns = f"{'layer':>5} {scale:<{max(width - 36, 4)}} {'gradient':>10}  {'slope':>6}"
        return [*wrap(top, width), columns]

    def stack_view_lines(self, width: int, height: int, ascii: bool) -> list[str]:
        """The header, a bar per layer (at least 6 rows of them when they exist), then the
        sentences that fit whole."""
        header = self.stack_header(width)
        rows = max(min(len(self.stack), height - len(header)), 1)
        words: list[str] = []
        for sentence in self.stack_sentences(4):
            lines = wrap(sentence, width)
            left = height - len(header) - len(words) - len(lines)
            if left >= min(len(self.stack), 6):
                words += lines
        rows = max(min(rows, height - len(header) - len(words)), 1)
        lines = [*header, *self.stack_rows(width, rows, ascii), *words]
        return [for_terminal(line, ascii) for line in lines[:height]]

    # --- the frame ---

    def frame(self, width: int, height: int, ascii: bool = False) -> Frame:
        """One view (the other a `t` away), or both side by side when wide."""
        frame = Frame(width, height, ascii)
        if width < 1 or height < 1:
            return frame
        if width >= BOTH_AT and height >= 16:
            half = (width - 2) // 2
            marks = ("  ", "> ") if self.stack_view else ("> ", "  ")
            frame.place("power", 0, 0, [marks[0] + "s^n (keys here with t)",
                        *self.power_view(half, height - 1, ascii)], half)  # fmt: skip
            frame.place("stack", half + 2, 0, [marks[1] + "sigmoid stack (keys here with t)",
                        *self.stack_view_lines(half, height - 1, ascii)], half)  # fmt: skip
            frame.spot("view", 0, 0, half, height, False)  # a press on a view takes the keys
            frame.spot("view", half + 2, 0, half, height, True)
            return frame
        if self.stack_view:
            frame.place("stack", 0, 0, self.stack_view_lines(width, height, ascii), width)
        else:
            frame.place("power", 0, 0, self.power_view(width, height, ascii), width)
        return frame


State = VanishingState


def render_text(params: dict, ascii: bool = False) -> str:
    """Both views: s^n with a table of s^k, then the sigmoid stack's gradients layer by layer."""
    state = VanishingState(params)
    s, n = state.s, state.n
    links = "1 link, of" if n == 1 else f"{n} links, each of"
    out = [f"A chain of {links} slope {precise(s)}: the slopes multiply to s^n.", ""]
    out += [*wrap(power_words(s, n), 76), "", state.power_legend(ascii)]
    out += state.power_plot(72, 14, ascii)
    out += ["", f"{'k':>6}  {'s^k':>14}  {'log10 |s^k|':>12}"]
    for k in sorted({1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, n} & set(range(1, n + 1))):
        p = chain_power(s, k)
        out.append(f"{k:>6}  {precise(p.value, 14):>14}  {number(p.log10, 6):>12}")
    out += ["", *state.stack_header(76)[:-1]]
    out.append(f"{'layer':>5}  {'gradient (autodiff)':>20}  {'sigmoid slope':>13}  {'output':>9}")
    for layer in state.stack:
        out.append(
            f"{layer.number:>5}  {number(layer.gradient, 6):>20}  {number(layer.slope, 6):>13}  "
            f"{number(layer.output, 6):>9}"
        )
    out += ["", *wrap(state.stack_words(), 76)]
    return for_terminal("\n".join(out), ascii)
