"""The `chain` scene: functions applied one after another, x -> g -> f, and the chain rule.

For the point x the learner moves, each link's input, output and local slope at its own input
(by autodiff, via gradtui.calculus.chain.read_chain); the product of the local slopes; and beside
it the slope of the whole composition measured by a secant that the learner shrinks: they
agree. The composition's curve is drawn with its tangent (slope = the product) and the secant.

No `e` key here: the learner's own function would be one expression, and a chain is a list of
them; retyping the list is a job for a box that reads several expressions.
"""

from __future__ import annotations

import math

from gradtui.calculus.chain import (
    LinkReading,
    composition,
    read_chain,
    secant_slope_of_chain,
    slope_product,
)
from gradtui.calculus.expr import parse
from gradtui.scenes.contract import SceneState
from gradtui.scenes.kit import markers
from gradtui.scenes.kit.cost import SCENE_SECONDS, at_points, curve, parts, readings
from gradtui.scenes.kit.curve import Curve
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.layout import PICTURE_ROWS, Frame, pack, wrap
from gradtui.scenes.kit.numbers import compact, in_words, number, short, step_size
from gradtui.scenes.kit.params import EXPRESSIONS, NUMBER, RANGE, Param
from gradtui.scenes.kit.plots import Series, line_in_box, sane_range, text_plot
from gradtui.textsafe import for_terminal

SUMMARY = "Functions applied in a chain: the local slopes multiply to the slope of the whole."
LIGHTER = "shorter links"

MAX_LINKS = 5

PARAMS = (
    Param("links", EXPRESSIONS, ["x^2", "sin(x)"], "The links, in x, applied in order: "
          "[\"x^2\", \"sin(x)\"] means sin(x^2) (1 to 5 links).", max_items=MAX_LINKS),
    Param("at", NUMBER, 1.0, "The point x where the slopes are read.", low=-1e6, high=1e6),
    Param("step", NUMBER, 0.1, "How far one press of , or . moves x.", low=1e-6, high=1e6),
    Param("range", RANGE, None, "The x-range of the plot; from x - 2 to x + 2 when left out "
          "(widened to hold x)."),
)  # fmt: skip

KEYS = (
    Key("full_stop", "move", "x right", show=".", args=(1,)),
    Key("comma", "move", "x left", show=",", args=(-1,)),
    Key("down,minus", "shrink", "shrink secant", show="↓/-"),
    Key("up,plus,equals_sign", "grow", "grow secant", show="↑/+"),
    Key("r", "reset", "reset"),
)

H_START = 0.1  # the secant's half-width to begin with
H_LARGEST, H_SMALLEST = 1.0, 1e-7  # centred secants stay honest down to about here
SHRINK = 10.0
TABLE_HS = (1.0, 0.1, 0.01, 1e-3, 1e-4, 1e-5)  # the secant table of `gradtui print`
WIDE = 100  # from this width the plot sits beside the numbers
SIDE = 50  # the numbers' column when wide


def check(params: dict) -> list[tuple[str, str]]:
    """A chain needs at least one link."""
    if not params["links"]:
        return [("links", 'give at least one link, such as ["x^2", "sin(x)"]')]
    return []


def snapped(x: float) -> float:
    """x after whole steps, without the last-digit dust (0.1 * 3 reads 0.3)."""
    return float(f"{x:.12g}") if x != 0 else 0.0


def agreement(a: float, b: float) -> str:
    """How closely two slopes agree, in words: "agree to 8 digits", "differ by 0.02"."""
    if not (math.isfinite(a) and math.isfinite(b)):
        return "cannot be compared here"
    gap = abs(a - b)
    scale = max(abs(a), abs(b))
    if gap == 0:
        return "agree exactly"
    if scale > 0 and gap / scale < 1e-3:
        digits = min(int(-math.log10(gap / scale)), 15)
        return f"agree to {digits} digits"
    return f"differ by {number(gap, 4)}"


class ChainState(SceneState):
    """The chain, the point, the secant's width, and the frame for any size."""

    def __init__(self, params: dict) -> None:
        self.params = params
        texts = list(params["links"])[:MAX_LINKS] or ["x"]
        self.links = [parse(text, variables=("x",)) for text in texts]
        self.whole = composition(self.links)
        self.start = float(params["at"])
        self.step = float(params["step"])
        self.moves = 0
        self.h = H_START
        given = params.get("range")
        low, high = given if given else (self.start - 2.0, self.start + 2.0)
        self.xlim = sane_range((min(low, self.start), max(high, self.start)), limit=1e7)
        self.curve = Curve(self.whole, self.xlim)
        self.read()

    # --- numbers ---

    @property
    def x(self) -> float:
        return snapped(self.start + self.moves * self.step)

    def read(self) -> None:
        self.readings = read_chain(self.links, self.x)
        self.product = slope_product(self.readings)
        self.value = self.readings[-1].output
        self.secant = secant_slope_of_chain(self.whole, self.x, self.h * self.scale)

    @property
    def scale(self) -> float:
        """The secant's widths grow with x only where its digits demand it: a width of 1e-5
        is nothing next to the last digit of x = 1e12, but fine at x = 1e6 (a width that grew
        with x itself spanned whole waves of sin there)."""
        return max(1.0, abs(self.x) * 1e-8)

    # --- keys ---

    def move(self, direction: int) -> None:
        """Move x one step right (1) or left (-1), staying inside the plot."""
        target = self.start + (self.moves + direction) * self.step
        if self.xlim[0] <= target <= self.xlim[1]:
            self.moves += direction
            self.read()

    def shrink(self) -> None:
        """Narrow the secant tenfold."""
        self.h = max(self.h / SHRINK, H_SMALLEST)
        self.read()

    def grow(self) -> None:
        """Widen the secant tenfold."""
        self.h = min(self.h * SHRINK, H_LARGEST)
        self.read()

    def reset(self) -> None:
        self.moves = 0
        self.h = H_START
        self.read()

    # --- words ---

    def link_rows(self, digits: int = 4) -> list[str]:
        """One row per link: what it is, its input, its output and its local slope there."""
        rows = [f"{'link':<16}{'in':>11}{'out':>11}{'slope':>11}"]
        for i, r in enumerate(self.readings, start=1):
            text = r.text if len(r.text) <= 13 else r.text[:12] + "~"
            slope = slope_text(r, digits, in_column=True)
            rows.append(
                f"{i} {text:<14}{column(r.input, digits):>11}{column(r.output, digits):>11}"
                f"{slope:>11}"
            )
        return rows

    def product_words(self, digits: int = 4) -> str:
        """The local slopes multiplied: 2 · 0.5403 = 1.081."""
        factors = " · ".join(slope_text(r, digits) for r in self.readings)
        product = "none" if self.corner else number(self.product, digits)
        if len(self.readings) == 1:
            return f"local slope = {product}"
        return f"slopes multiplied: {factors} = {product}"

    @property
    def corner(self) -> bool:
        """Some link has a corner at its input: no single local slope, so no product."""
        return any(r.corner for r in self.readings)

    def secant_words(self, digits: int = 4) -> str:
        h = step_size(self.h * self.scale)
        return f"secant of the whole, h = {h}: {number(self.secant, digits)}"

    def verdict(self) -> str:
        """What the two numbers say together, or why a link has no slope here."""
        for i, r in enumerate(self.readings, start=1):
            if not r.defined:
                if not math.isfinite(r.input):
                    return f"Link {i} gets no number to work on: an earlier link is undefined."
                if not math.isfinite(r.output):
                    return (
                        f"Link {i}, {r.text}, has no finite value at its input "
                        f"{in_words(r.input)} (it is {number(r.output)})."
                    )
                if r.corner:
                    left, right = (number(v) for v in r.corner)
                    return (
                        f"Link {i}, {r.text}, has a corner at its input {in_words(r.input)}: "
                        f"slope {left} just left of it, {right} just right, no single local "
                        "slope, so the chain rule has no product to give here (the secant "
                        f"of the whole still measures {number(self.secant)})."
                    )
                return (
                    f"Link {i}, {r.text}, has no finite slope at its input "
                    f"{in_words(r.input)} (it is {number(r.slope)}): the chain has none here."
                )
        verdict = agreement(self.product, self.secant)
        hint = ": shrink the secant (down)" if verdict.startswith("differ") else ""
        return f"The product of the local slopes and the secant {verdict}{hint}."

    def short_verdict(self) -> str:
        """The verdict in one short line, for a small screen."""
        for i, r in enumerate(self.readings, start=1):
            if r.defined:
                continue
            missing = "no value"
            if r.corner:
                missing = "a corner"
            elif math.isfinite(r.output):
                missing = "no slope"
            return f"Link {i}, {r.text}, has {missing} here: no product."
        return f"Product and secant {agreement(self.product, self.secant)}."

    def readout(self) -> str:
        """Every number shown, in words, one per line."""
        lines = [f"x = {in_words(self.x)}"]
        for i, r in enumerate(self.readings, start=1):
            slope = number(r.slope)
            if r.corner:
                slope = f"none, a corner (slopes {number(r.corner[0])} and {number(r.corner[1])})"
            lines.append(
                f"link {i} ({r.text}): in {number(r.input)}, out {number(r.output)}, "
                f"local slope {slope}"
            )
        lines += [
            f"product of local slopes = {number(self.product)}",
            f"secant slope (h = {step_size(self.h * self.scale)}) = {number(self.secant)}",
            self.verdict(),
        ]
        return "\n".join(lines)

    # --- drawing ---

    def numbers_lines(self, width: int, ascii: bool) -> list[str]:
        lines = [f"x = {short(self.x)}   f(x) = {short(self.value)}", *self.link_rows()]
        lines += [self.product_words(), self.secant_words()]
        lines += wrap(self.verdict(), width)
        return [for_terminal(line, ascii) for line in lines]

    def series(self, ascii: bool = False) -> list[Series]:
        """What the plot draws, back to front: the tangent at x (slope = the product) under
        the composition's curve, so the curve shows beside x; the secant's ends and x on it."""
        curve = []
        x, y, ylim = self.x, self.value, self.curve.ylim
        h = self.h * self.scale
        if self.curve.drawable:
            xs, ys = self.curve.through(x, x - h, x + h)
            curve.append(Series(xs, ys, markers.CURVE.get(ascii), "curve", lines=True))
        if not math.isfinite(y):
            return curve
        series = []
        reach = (self.xlim[1] - self.xlim[0]) / 5
        box = (max(self.xlim[0], x - reach), min(self.xlim[1], x + reach))
        xs, ys = line_in_box(x, y, self.product, box, ylim)
        if xs:
            series.append(Series(xs, ys, markers.TANGENT.get(ascii), "tangent", lines=True))
        ends = [x - h, x + h]
        series += curve
        series.append(Series(ends, [self.whole(e) for e in ends],
                             markers.SECOND_POINT.get(ascii), "ends"))  # fmt: skip
        series.append(Series([x], [y], markers.POINT.get(ascii), "x"))
        return series

    def plot(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The composition's curve, its tangent at x (slope = the product), the secant's ends."""
        return text_plot(self.series(ascii), width, height, xlim=self.xlim, ylim=self.curve.ylim,
                         ascii=ascii)  # fmt: skip

    def legend_parts(self, ascii: bool) -> list[str]:
        """Which mark is which, an entry each (no tangent at a corner: there is none)."""
        curve, tangent, point, ends = (
            m.get(ascii)
            for m in (markers.CURVE, markers.TANGENT, markers.POINT, markers.SECOND_POINT)
        )
        parts = [f"{curve} the whole chain", f"{tangent} tangent", f"{point} x",
                 f"{ends} secant ends"]  # fmt: skip
        if self.corner:
            parts.remove(f"{tangent} tangent")
        return [for_terminal(part, ascii) for part in parts]

    def legend(self, ascii: bool) -> str:
        return "  ".join(self.legend_parts(ascii))

    def frame(self, width: int, height: int, ascii: bool = False) -> Frame:
        """The numbers and the verdict (always), and the plot with its legend in the rows or
        columns left.

        Wide: the plot on the left, the numbers beside it. Otherwise the numbers on top,
        then the plot; when short of rows the numbers shrink (x, then the table's header go,
        the verdict takes its one-line form) before the plot does, and below PICTURE_ROWS
        the chain is written as a flow on a line or two.
        """
        frame = Frame(width, height, ascii)
        if width < 1 or height < 1:
            return frame
        if width >= WIDE:
            numbers = self.numbers_lines(SIDE, ascii)
            plot_width = width - SIDE - 2
            legend = pack(self.legend_parts(ascii), plot_width, gap="  ")
            plot = self.plot(plot_width, height - len(legend), ascii)
            frame.place("plot", 0, 0, plot, plot_width)
            frame.place("legend", 0, frame.bottom, legend, plot_width)
            frame.place("numbers", plot_width + 2, 0, numbers, SIDE)
            return frame
        legend = pack(self.legend_parts(ascii), width, gap="  ")
        links = self.link_rows()
        sums = [self.product_words(), self.secant_words()]
        verdict, short_verdict = wrap(self.verdict(), width), wrap(self.short_verdict(), width)
        x_line = [f"x = {short(self.x)}   f(x) = {short(self.value)}"]
        choices = [  # from the fullest to the leanest
            x_line + links + sums + verdict,
            links + sums + verdict,
            links + sums + short_verdict,
            links[1:] + sums + short_verdict,  # x is link 1's input anyway
        ]
        numbers = next((c for c in choices if height - len(c) - len(legend) >= PICTURE_ROWS),
                       None)  # fmt: skip
        if numbers is None:  # too low for the table: the chain on a line or two
            numbers = self.compact_lines(width) + short_verdict
        numbers = [for_terminal(line, ascii) for line in numbers]
        room = height - len(numbers) - len(legend)
        frame.place("numbers", 0, 0, numbers, width)
        if room >= 5 and width >= 24:
            frame.place("plot", 0, frame.bottom, self.plot(width, room, ascii), width)
            frame.place("legend", 0, frame.bottom, legend, width)
        return frame

    def compact_lines(self, width: int) -> list[str]:
        """The chain as a flow, x -x^2-> u -sin(x)-> y, then the product beside the secant."""
        flow = f"x = {short(self.x)}"
        for r in self.readings:
            flow += f" -{r.text}-> {short(r.output)}"
        factors = " · ".join(slope_text(r) for r in self.readings)
        product = "none" if self.corner else short(self.product)
        slopes = (
            f"product {product} = {factors}   secant {short(self.secant)} "
            f"(h = {step_size(self.h * self.scale)})"
        )
        return [*wrap(flow, width), *wrap(slopes, width)]


State = ChainState


def column(value: float, digits: int) -> str:
    """A number for an 11-wide column of the link table: `digits` digits, fewer when they
    would not leave a space before it (-0.000349994 ran into its neighbour)."""
    text = number(value, digits)
    return text if len(text) <= 10 else compact(value, 10)


def slope_text(reading: LinkReading, digits: int = 4, in_column: bool = False) -> str:
    """A link's local slope with `digits` digits (fitted to the table's column if asked);
    "a corner" where it has none (abs at 0)."""
    if reading.corner:
        return "a corner"
    return column(reading.slope, digits) if in_column else number(reading.slope, digits)


def cost(params: dict) -> float:
    """Seconds `render_text` may take here (gradtui/scenes/kit/cost.py): each link read at
    the point, the whole chain's secants and its curve."""
    nodes = sum(parts(text, ("x",)) for text in params["links"])
    secants = at_points(len(TABLE_HS) * 2, nodes)
    return SCENE_SECONDS + secants + readings(2, nodes) + curve(nodes)


def render_text(params: dict, ascii: bool = False) -> str:
    """The chain at its point: each link, the product, a table of shrinking secants, a plot."""
    state = ChainState(params)
    names = " then ".join(r.text for r in state.readings)
    out = [f"The chain: {names}, at x = {in_words(state.x)}.", ""]
    out += state.link_rows(digits=6)
    out += [
        "",
        *wrap(state.product_words(digits=10), 76),
        "",
        "secant of the whole chain through x - h and x + h:",
    ]
    out.append(f"{'h':>10}  {'secant slope':>14}  compared with the product")
    for h in TABLE_HS:
        slope = secant_slope_of_chain(state.whole, state.x, h * state.scale)
        out.append(
            f"{step_size(h * state.scale):>10}  {number(slope, 8):>14}  "
            f"{agreement(state.product, slope)}"
        )
    state.h = TABLE_HS[-1]
    state.read()
    out += [
        "",
        *wrap(f"Secant with h = {step_size(state.h * state.scale)}. {state.verdict()}", 76),
        "",
    ]
    out += state.plot(72, 14, ascii)
    out.append(state.legend(ascii))
    return for_terminal("\n".join(out), ascii)
