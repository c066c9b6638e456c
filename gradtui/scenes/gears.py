"""The `gears` scene: a gear train whose local ratios multiply into the overall one.

The learner turns the first gear (a quarter turn per key, or plays it); every other gear turns
by its ratio to the gear before it, and a counter under each gear shows its turns. The ratios
are rates of change (du/dx, dy/du) and their product is the whole train's rate (dy/dx): the
chain rule. The turn counts come from gradtui.calculus.chain; this module only draws.

Each gear and each counter is its own narrow panel, so an animation frame repaints only the
gears that moved and the digits that changed.
"""

from __future__ import annotations

import math
from functools import cache

from gradtui.calculus.chain import gear_turns, overall_ratio
from gradtui.scenes.contract import SceneState
from gradtui.scenes.kit import markers
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.layout import Frame, cells, wrap
from gradtui.scenes.kit.markers import Marker
from gradtui.scenes.kit.numbers import number, short
from gradtui.scenes.kit.params import NUMBER, NUMBERS, TEXTS, Param
from gradtui.scenes.kit.plots import Series, text_plot
from gradtui.textsafe import for_terminal, inert

SUMMARY = "A gear train: turn the first gear, and the ratios multiply along the train."

MAX_RATIOS = 4
MAX_LABEL = 12  # characters of a gear's name

PARAMS = (
    Param("ratios", NUMBERS, [3.0, 2.0], "Turns of each gear per turn of the gear before it, "
          "first gear first (1 to 4 ratios, so 2 to 5 gears).",
          low=0.1, high=10.0, max_items=MAX_RATIOS),
    Param("labels", TEXTS, [], "Names of the gears, first gear first, one more than the ratios "
          "(such as [\"big\", \"medium\", \"small\"]); x, u, y, ... when left out, gear 3 ... "
          "for names missing; at most 12 characters each are shown.", max_items=MAX_RATIOS + 1),
    Param("step", NUMBER, 0.25, "How far one press of . or , turns the first gear, in turns.",
          low=0.01, high=10.0),
    Param("speed", NUMBER, 0.2, "How fast the first gear turns while playing, in turns a "
          "second.", low=0.01, high=10.0),
    Param("turns", NUMBER, 0.0, "How far the first gear has turned at the start, in turns.",
          low=-1e6, high=1e6),
)  # fmt: skip

KEYS = (
    Key("full_stop", "turn", "turn forward", show=".", args=(1,)),
    Key("comma", "turn", "turn back", show=",", args=(-1,)),
    Key("space", "toggle_play", "play/pause"),
    Key("right_square_bracket", "choose", "next ratio", show="]", args=(1,)),
    Key("left_square_bracket", "choose", "previous ratio", show="[", args=(-1,)),
    Key("up,plus,equals_sign", "change", "ratio up", show="↑/+", args=(1,)),
    Key("down,minus", "change", "ratio down", show="↓/-", args=(-1,)),
    Key("r", "reset", "reset"),
)

# The values the ratio keys step through (a lesson's own ratio joins them where it falls).
RATIO_LADDER = (0.1, 0.2, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0,
                9.0, 10.0)  # fmt: skip
DEFAULT_NAMES = {2: "xy", 3: "xuy", 4: "xuvy", 5: "xuvwy"}
MAX_RADIUS = 8  # rows from a gear's hub to its rim, at most
GAP = 1  # columns between two gears' boxes (their teeth meet across it)
COUNTER_WIDTH = 10  # "-1.234e+05", the longest counter


def check(params: dict) -> list[tuple[str, str]]:
    """A train needs at least one ratio, and at most one name per gear (one more than the
    ratios); fewer names are filled in."""
    if not params["ratios"]:
        return [("ratios", "give at least one ratio, such as [3, 2]")]
    gears = len(params["ratios"]) + 1
    if len(params["labels"]) > gears:
        count = len(params["labels"])
        return [("labels", f"{count} names for {gears} gears (one more than the ratios): "
                 "the extra ones would never show")]  # fmt: skip
    return []


def gear_names(labels: list[str], gears: int) -> list[str]:
    """The names of `gears` gears: the lesson's (made inert, at most MAX_LABEL characters),
    the rest x, u, y (x, y for two gears; x, u, v, y ...), or gear 3, gear 4 ... after names
    the lesson gave. Names beyond the gears are left out."""
    given = [inert(label, keep_newlines=False).strip()[:MAX_LABEL] for label in labels[:gears]]
    if not given:
        return list(DEFAULT_NAMES.get(gears, "")) or [f"g{i + 1}" for i in range(gears)]
    return [name or f"gear {i + 1}" for i, name in enumerate(given)] + [
        f"gear {i + 1}" for i in range(len(given), gears)
    ]


def rate_name(top: str, bottom: str, letters: bool) -> str:
    """d(top)/d(bottom) as a rate of change: du/dx when every name is one `letters`, else
    d(small)/d(big)."""
    return f"d{top}/d{bottom}" if letters else f"d({top})/d({bottom})"


def next_on_ladder(ratio: float, direction: int) -> float:
    """The next ratio up (direction 1) or down (-1) the ladder, staying within its ends."""
    if direction > 0:
        return next((r for r in RATIO_LADDER if r > ratio + 1e-12), RATIO_LADDER[-1])
    return next((r for r in reversed(RATIO_LADDER) if r < ratio - 1e-12), RATIO_LADDER[0])


# --- Drawing one gear -----------------------------------------------------------------------


@cache
def rim(radius: int) -> tuple[tuple[int, int, float], ...]:
    """The rim cells of a gear `radius` rows from hub to rim (twice as many columns, since a
    terminal cell is about twice as tall as wide), as (row, column, angle) from the hub, in
    order round the rim (counter-clockwise from the left)."""
    across = 2 * radius
    limit = 1.2 if radius == 1 else 1.1  # a little past the ellipse, so the rim is closed

    def inside(r: int, c: int) -> bool:
        in_box = abs(r) <= radius and abs(c) <= across
        return in_box and math.hypot(c / across, r / radius) <= limit

    cells = []
    for r in range(-radius, radius + 1):
        for c in range(-across, across + 1):
            edge = any(not inside(r + dr, c + dc) for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)))
            if inside(r, c) and edge:
                cells.append((r, c, math.atan2(-r / radius, c / across)))
    return tuple(sorted(cells, key=lambda cell: cell[2]))


TOOTH_PERIOD = 3  # round the rim: two cells of tooth, then one of gap
PAINTED = Marker(markers.POINT.unicode, "@")  # the painted tooth that shows the gear turning


@cache
def blank_gear(radius: int, ascii: bool) -> tuple[str, ...]:
    """A gear at rest: its teeth round the rim and its hub."""
    across = 2 * radius
    grid = [[" "] * (2 * across + 1) for _ in range(2 * radius + 1)]
    tooth, gap = markers.BAR.get(ascii), markers.LINE.get(ascii)
    for index, (r, c, _) in enumerate(rim(radius)):
        grid[r + radius][c + across] = gap if index % TOOTH_PERIOD == 2 else tooth
    grid[radius][across] = "+"
    return tuple("".join(row) for row in grid)


def painted_cell(radius: int, angle: float) -> tuple[int, int]:
    """Where the painted tooth is, as (row, column) of the picture, once the gear has turned
    by `angle` radians (counter-clockwise positive) from pointing straight up."""
    aim = math.pi / 2 + angle
    r, c, _ = min(rim(radius), key=lambda cell: abs(math.remainder(cell[2] - aim, 2 * math.pi)))
    return r + radius, c + 2 * radius


def gear_picture(radius: int, angle: float, ascii: bool = False) -> list[str]:
    """One gear as text: teeth round the rim, a hub, and one painted tooth (@ in ASCII) that
    goes round as the gear turns, starting at the top.

    Only the painted tooth moves, so a frame of a turning gear changes two cells, not the
    whole rim: light over a slow link. A whole turn brings it back where it was.
    """
    lines = list(blank_gear(radius, ascii))
    row, column = painted_cell(radius, angle)
    mark = PAINTED.get(ascii)
    lines[row] = lines[row][:column] + mark + lines[row][column + 1 :]
    return lines


def gear_radii(rates: list[float], largest: int) -> list[int]:
    """A radius for each gear: the slowest the largest, a faster one smaller (as real gears
    are: teeth are shared, so a gear with fewer teeth turns faster), at least 1."""
    slowest = min(rates)
    return [max(1, min(largest, round(largest * math.sqrt(slowest / rate)))) for rate in rates]


# --- The state ------------------------------------------------------------------------------


class GearsState(SceneState):
    """The gear train: its ratios (which one the keys change), how far the first gear has
    turned, and the frame for any size."""

    frames_per_second = 11.0  # a little over 10, so a busy machine still shows 10 a second

    def __init__(self, params: dict) -> None:
        self.params = params
        given = [float(r) for r in params["ratios"]][:MAX_RATIOS] or [3.0, 2.0]
        self.start_ratios = [min(max(r, RATIO_LADDER[0]), RATIO_LADDER[-1]) for r in given]
        self.ratios = list(self.start_ratios)
        self.names = gear_names(list(params["labels"]), len(self.ratios) + 1)
        self.step = float(params["step"])
        self.speed = float(params["speed"])
        self.start = float(params["turns"])
        self.selected = 0
        self.moves = 0  # presses of . (minus presses of ,)
        self.ticks = 0  # frames played
        self.playing = False

    # --- numbers ---

    @property
    def first_turns(self) -> float:
        """How far the first gear has turned: its start, the key presses and the frames played
        (worked out from whole counts, so no error piles up)."""
        return (
            self.start + self.moves * self.step + self.ticks * self.speed / self.frames_per_second
        )

    @property
    def turns(self) -> list[float]:
        """Every gear's turns, first gear first."""
        return gear_turns(self.ratios, self.first_turns)

    @property
    def product(self) -> float:
        return overall_ratio(self.ratios)

    @property
    def speeds(self) -> list[float]:
        """Each gear's turns per turn of the first gear (1 for the first itself)."""
        return gear_turns(self.ratios, 1.0)

    # --- keys ---

    def turn(self, direction: int) -> None:
        """Turn the first gear one step forward (1) or back (-1); pauses a playing train."""
        self.playing = False
        self.moves += 1 if direction > 0 else -1

    def toggle_play(self) -> bool:
        self.playing = not self.playing
        return self.playing

    def tick(self) -> bool:
        if self.playing:
            self.ticks += 1
        return self.playing

    def choose(self, direction: int) -> None:
        """Pick the next (1) or previous (-1) ratio for the ratio keys to change."""
        self.selected = (self.selected + direction) % len(self.ratios)

    def change(self, direction: int) -> None:
        """Raise (1) or lower (-1) the chosen ratio to the next value on the ladder."""
        self.ratios[self.selected] = next_on_ladder(self.ratios[self.selected], direction)

    def reset(self) -> None:
        """Back to the lesson's ratios, with the first gear where it started."""
        self.playing = False
        self.ratios = list(self.start_ratios)
        self.moves = self.ticks = 0
        self.selected = 0

    # --- words ---

    def rate(self, top: int, bottom: int) -> str:
        """The name of gear `top`'s rate of turning per turn of gear `bottom` (du/dx)."""
        letters = all(len(name) == 1 for name in self.names)
        return rate_name(self.names[top], self.names[bottom], letters)

    def ratio_items(self, chosen: bool = True) -> list[str]:
        """Each local ratio named as a rate of change (du/dx = 3); with `chosen`, the one the
        keys change is marked with > (and named in the readout too: not by the mark alone)."""
        items = []
        for i, ratio in enumerate(self.ratios):
            text = f"{self.rate(i + 1, i)} = {number(ratio, 4)}"
            if chosen:
                text = ("> " if i == self.selected else "  ") + text
            items.append(text)
        return items

    def product_line(self, width: int = 10_000, marked: bool = False) -> str:
        """dy/dx = dy/du · du/dx = 2 · 3 = 6: the chain rule for this train (without the middle
        names when that is too long for `width`); `marked` puts the chosen ratio in [ ]."""
        names = self.names
        total = self.rate(len(names) - 1, 0)
        product = number(self.product, 6)
        if len(self.ratios) == 1 and not marked:
            return f"{total} = {product}"
        parts = [self.rate(i + 1, i) for i in reversed(range(len(self.ratios)))]
        shown = [
            f"[{number(r, 4)}]" if marked and i == self.selected else number(r, 4)
            for i, r in enumerate(self.ratios)
        ]
        values = " · ".join(reversed(shown))
        full = f"{total} = {' · '.join(parts)} = {values} = {product}"
        return full if len(full) <= width else f"{total} = {values} = {product}"

    def rate_lines(self, width: int = 10_000, chosen: bool = True) -> list[str]:
        """The local ratios (as many to a line as fit `width`), then their product."""
        items = self.ratio_items(chosen)
        cell = max(len(item) for item in items) + 3
        indent = "  " if chosen else ""
        return [*cells(items, width, cell), indent + self.product_line(width - len(indent))]

    def counter(self, i: int) -> str:
        """Gear i's turns, as the counter under it shows them."""
        return short(self.turns[i])

    def sentence(self) -> str:
        first, last = self.names[0], self.names[-1]
        return (
            f"The number under each gear counts its turns. Each turn of {first} turns {last} "
            f"{number(self.product, 6)} times: the local ratios multiply."
        )

    def readout(self) -> str:
        """Every number shown, in words, one per line."""
        lines = [
            f"{name}: {short(t)} turns" for name, t in zip(self.names, self.turns, strict=True)
        ]
        chosen = self.rate(self.selected + 1, self.selected)
        lines += [*self.ratio_items(chosen=False), self.product_line()]
        lines.append(f"chosen ratio: {chosen}")
        lines.append(f"state = {'playing' if self.playing else 'paused'}")
        return "\n".join(lines)

    # --- drawing ---

    def layout(self, width: int, rows: int) -> list[int]:
        """The gears' radii for a picture `rows` tall and `width` wide ([] if none fit)."""
        largest = min(MAX_RADIUS, (rows - 1) // 2)
        while largest >= 1:
            radii = gear_radii(self.speeds, largest)
            if sum(self.columns(radii)) + GAP * (len(radii) - 1) <= width:
                return radii
            largest -= 1
        return []

    def columns(self, radii: list[int]) -> list[int]:
        """The width of each gear's column: its picture, its name or its counter, the widest."""
        return [
            max(4 * r + 1, len(name), COUNTER_WIDTH)
            for r, name in zip(radii, self.names, strict=True)
        ]

    def angles(self) -> list[float]:
        """How far each gear has turned, in radians; meshed gears turn opposite ways."""
        return [-2 * math.pi * t * (-1) ** i for i, t in enumerate(self.turns)]

    def frame(self, width: int, height: int, ascii: bool = False) -> Frame:
        """The gears in a row with a counter under each, then the rates and their product.

        The rates always show; the picture takes the rows left (two go to the names and the
        counters), and a sentence follows only when there is room to spare.
        """
        frame = Frame(width, height, ascii)
        if width < 1 or height < 1:
            return frame
        rates = [for_terminal(line, ascii) for line in self.rate_lines(width)]
        radii = self.layout(width, height - len(rates) - 2)
        if not radii or max(radii) < 2:  # short of rows: the product line alone, chosen marked
            rates = [for_terminal(self.product_line(width, marked=True), ascii)]
            radii = self.layout(width, height - len(rates) - 2)
        if radii:
            y = self._place_gears(frame, radii, ascii)
        else:  # no room to draw: the counters alone, in cells
            counts = [f"{n}: {self.counter(i)} turns" for i, n in enumerate(self.names)]
            frame.place(
                "turns", 0, 0, cells([for_terminal(c, ascii) for c in counts], width), width
            )
            y = frame.bottom
        spare = height - y - len(rates)
        y += spare > 0
        frame.place("rates", 0, y, rates, width)
        words = wrap(for_terminal(self.sentence(), ascii), width)
        if spare - 1 >= len(words):
            frame.place("words", 0, frame.bottom, words, width)
        return frame

    def _place_gears(self, frame: Frame, radii: list[int], ascii: bool) -> int:
        """Gears side by side, centred on one line, each with its name and its turns counted
        below it; returns the first row below them.

        The counters share one row-panel: repainting one row costs less than three.
        """
        tallest = max(radii)
        names, counters = "", ""
        x = 0
        for i, (radius, column) in enumerate(zip(radii, self.columns(radii), strict=True)):
            box = 4 * radius + 1
            picture = gear_picture(radius, self.angles()[i], ascii)
            frame.place(f"gear-{i}", x + (column - box) // 2, tallest - radius, picture, box)
            names += f"{for_terminal(self.names[i], ascii)[:column]:<{column + GAP}}"
            counters += f"{self.counter(i):<{column + GAP}}"
            x += column + GAP
        frame.place("names", 0, 2 * tallest + 1, [names.rstrip()], x)
        frame.place("turns", 0, 2 * tallest + 2, [counters.rstrip()], x)
        return 2 * tallest + 3


State = GearsState


def turns_plot(state: GearsState, ascii: bool = False) -> list[str]:
    """Each gear's turns against the first gear's, over one turn of the first: straight lines
    whose slopes are the gears' rates of change per turn of the first."""
    speeds = state.speeds
    series = [Series([0.0, 1.0], [0.0, rate], str(i + 1), lines=True) for i, rate in
              enumerate(speeds)]  # fmt: skip
    key = "  ".join(f"{i + 1} {name}" for i, name in enumerate(state.names))
    title = f"turns of each gear (up) as {state.names[0]} makes one turn (across): {key}"
    top = max(max(speeds), 1.0)
    plot = text_plot(series, 72, 14, xlim=(0.0, 1.0), ylim=(0.0, top * 1.05), ascii=ascii)
    return [*wrap(title, 76), *plot]


def render_text(params: dict, ascii: bool = False) -> str:
    """The train where the lesson sets the first gear (after one whole turn when it does not),
    its rates and a table of turns."""
    state = GearsState(params)
    start = float(params["turns"])  # where the lesson sets the first gear, when it does
    state.start = start or 1.0
    how_far = "once" if state.start == 1 else f"by {number(state.start, 6)} turns"
    out = [f"Turn {state.names[0]} {how_far}, and every gear turns by the ratios multiplied:", ""]
    radii = state.layout(72, 9)
    if radii:
        frame = Frame(76, 12, ascii)
        state._place_gears(frame, radii, ascii)
        out += frame.lines
        out.append("")
    out += state.ratio_items(chosen=False)
    if len(state.ratios) > 1:  # with one ratio it is the whole product already
        out.append(state.product_line())
    out += ["", "turns of each gear:", "  " + "  ".join(f"{n:>10}" for n in state.names)]
    for first in sorted({0.25, 1.0, 2.0} | ({start} if start else set())):
        counts = gear_turns(state.ratios, first)
        out.append("  " + "  ".join(f"{number(t, 6):>10}" for t in counts))
    out += ["", *wrap(state.sentence(), 76), "", *turns_plot(state, ascii)]
    return for_terminal("\n".join(out), ascii)
