"""Drawing a computational graph in text: boxes in layers, inputs on the left, the output on the
right, and edges as lines between them. Pure functions; nothing here knows about terminals.

The steps, each a function of its own:

1. `layers_of`: a box's layer is its depth from the inputs (an input is 0; an operation is one
   more than the deepest box it reads).
2. `layered_items`: an edge that skips layers gets a *waypoint* in every layer it passes, so all
   links join neighbouring layers (one chain of waypoints per box, shared by its far users).
3. `order_layers`: the order within each layer, by barycentre sweeps (each item moves to the mean
   position of its neighbours in the layer next to it), keeping the order with fewest crossings.
4. `place_rows`: rows for every item, pulled towards its neighbours so that lines run straight.
5. `route`: the lines. Between two layers lies a *channel*; a line that changes rows turns in
   a column of its own there (or in one bus per box, when that reads true). A line that
   crosses another without joining it is drawn straight through (the other passes under it).
6. `read_edges`: reads a picture the way a person would -- following lines from left to right,
   never back -- and says which box each box feeds. Each channel tries a few ways of giving
   its lines their columns and keeps the first that reads exactly as its links are, and
   `lay_out` tries a few orders and row placements and keeps the first whole picture that
   reads exactly as the graph is; `Layout.faithful` says whether it found one.

`lay_out(boxes, inputs, style)` does it all: `boxes` are the texts drawn (``"[+]"``), `inputs`
the boxes each one reads. The picture leaves room under each box for numbers the caller writes
(`Style.cell_rows`), so numbers can change without moving a single line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import permutations, product

from gradtui.scenes.kit.markers import Marker

N, E, S, W = 1, 2, 4, 8
_OPPOSITE = {N: S, S: N, E: W, W: E}
_STEP = {N: (0, -1), S: (0, 1), E: (1, 0), W: (-1, 0)}

# Line characters by the directions they join (N + E + S + W bits).
LINE = {
    N | S: "│", E | W: "─", S | E: "┌", S | W: "┐", N | E: "└", N | W: "┘",
    N | S | E: "├", N | S | W: "┤", E | W | S: "┬", E | W | N: "┴", N | E | S | W: "┼",
    N: "│", S: "│", E: "─", W: "─",
}  # fmt: skip
_DIRECTIONS = {char: dirs for dirs, char in LINE.items() if dirs not in (N, S, E, W)}
BRIDGE = "─"  # a line crossing another without joining it: the vertical passes under
# Each line character beside its 7-bit stand-in: corners that open downwards are dots, those
# that open upwards quotes, so that junctions (+) stand out from turns.
LINE_MARKERS = tuple(Marker(u, a) for u, a in zip("─│┌┐└┘├┤┬┴┼", "-|..''+++++", strict=True))


@dataclass(frozen=True)
class Style:
    """How roomy the picture is.

    `cell_rows` rows per box (the box, then room for numbers under it: 3 holds a value and a
    gradient, 1 is the box alone); `gap` blank rows between boxes of a layer; `slot` the columns
    kept under a box for its numbers; `channel` the fewest columns between two layers.
    """

    name: str
    cell_rows: int
    gap: int
    slot: int
    channel: int


ROOMY = Style("roomy", 3, 1, 11, 4)
SNUG = Style("snug", 3, 0, 11, 2)
BOXES = Style("boxes", 1, 1, 0, 3)
TIGHT_BOXES = Style("boxes", 1, 0, 0, 2)
STYLES = (ROOMY, SNUG, BOXES, TIGHT_BOXES)  # from roomiest to tightest


@dataclass(frozen=True)
class Layout:
    """A drawn graph: `lines` (boxes and edges, the number rows left blank) and where each box
    is: `places[i]` = (column, row) of box i's first character."""

    style: Style
    lines: tuple[str, ...]
    places: tuple[tuple[int, int], ...]
    column_widths: tuple[int, ...]  # the width of each box's layer (room for its numbers)
    faithful: bool  # the picture reads exactly as the graph is (see read_edges)
    width: int  # columns, the numbers' room under the last boxes included

    @property
    def height(self) -> int:
        return len(self.lines)


# --- 1. layers ----------------------------------------------------------------------------


def layers_of(inputs: Sequence[Sequence[int]]) -> list[int]:
    """Each box's depth from the inputs; boxes come in forward order (inputs before users)."""
    layers: list[int] = []
    for reads in inputs:
        layers.append(1 + max((layers[i] for i in reads), default=-1))
    return layers


# --- 2. waypoints ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Items:
    """Boxes and waypoints by layer: item i < boxes is box i; a larger one is a waypoint
    carrying the line of box `carries[i]`. `links` join items of neighbouring layers."""

    boxes: int
    layer: tuple[int, ...]
    carries: tuple[int, ...]
    links: frozenset[tuple[int, int]]

    def in_layer(self, layer: int) -> list[int]:
        return [i for i, at in enumerate(self.layer) if at == layer]

    @property
    def depth(self) -> int:
        return max(self.layer, default=0)


def layered_items(inputs: Sequence[Sequence[int]]) -> Items:
    """Boxes plus a chain of waypoints for every box whose users sit more than a layer away."""
    layers = layers_of(inputs)
    count = len(inputs)
    users: dict[int, set[int]] = {i: set() for i in range(count)}
    for box, reads in enumerate(inputs):
        for source in reads:
            users[source].add(box)
    layer, carries = list(layers), list(range(count))
    links: set[tuple[int, int]] = set()
    for box in range(count):
        if not users[box]:
            continue
        farthest = max(layers[u] for u in users[box])
        at_layer = {layers[box]: box}  # the item carrying this box's line, by layer
        for between in range(layers[box] + 1, farthest):
            waypoint = len(layer)
            layer.append(between)
            carries.append(box)
            links.add((at_layer[between - 1], waypoint))
            at_layer[between] = waypoint
        for user in users[box]:
            links.add((at_layer[layers[user] - 1], user))
    return Items(count, tuple(layer), tuple(carries), frozenset(links))


# --- 3. order within layers -----------------------------------------------------------------


def crossings(upper: Sequence[int], lower: Sequence[int], links: frozenset[tuple[int, int]]) -> int:
    """How many pairs of links between two neighbouring layers cross."""
    up = {item: i for i, item in enumerate(upper)}
    down = {item: i for i, item in enumerate(lower)}
    pairs = [(up[a], down[b]) for a, b in links if a in up and b in down]
    return sum(
        1
        for i, (a1, b1) in enumerate(pairs)
        for a2, b2 in pairs[i + 1 :]
        if (a1 - a2) * (b1 - b2) < 0
    )


def total_crossings(orders: Sequence[Sequence[int]], links: frozenset[tuple[int, int]]) -> int:
    return sum(crossings(orders[i], orders[i + 1], links) for i in range(len(orders) - 1))


def first_orders(items: Items) -> list[list[int]]:
    """Each layer in forward order, a waypoint just after the box whose line it carries."""
    return [
        sorted(items.in_layer(layer), key=lambda i: (items.carries[i], i))
        for layer in range(items.depth + 1)
    ]


def _by_barycentre(
    layer: list[int], fixed: Sequence[int], neighbours: dict[int, list[int]]
) -> list[int]:
    """`layer` sorted by the mean position of each item's neighbours in the `fixed` layer (an
    item with none keeps its place)."""
    position = {item: i for i, item in enumerate(fixed)}

    def centre(item: int) -> float:
        near = [position[n] for n in neighbours[item] if n in position]
        return sum(near) / len(near) if near else float(layer.index(item))

    return sorted(layer, key=centre)


def order_layers(items: Items, sweeps: int = 6) -> list[list[int]]:
    """The order within each layer with the fewest crossings found by barycentre sweeps."""
    orders = first_orders(items)
    best, fewest = [list(o) for o in orders], total_crossings(orders, items.links)
    before = {b: [a for a, bb in items.links if bb == b] for b in range(len(items.layer))}
    after = {a: [b for aa, b in items.links if aa == a] for a in range(len(items.layer))}
    for sweep in range(sweeps):
        downwards = sweep % 2 == 0
        span = range(1, len(orders)) if downwards else range(len(orders) - 2, -1, -1)
        for layer in span:
            fixed = orders[layer - 1] if downwards else orders[layer + 1]
            orders[layer] = _by_barycentre(orders[layer], fixed, before if downwards else after)
        count = total_crossings(orders, items.links)
        if count < fewest:
            best, fewest = [list(o) for o in orders], count
    return best


# --- 4. rows ----------------------------------------------------------------------------------


def _settle(order: list[int], wanted: dict[int, float], heights: dict[int, int], gap: int,
            total: int) -> dict[int, int]:  # fmt: skip
    """Rows as near `wanted` as the order, the heights, the gap and the total height allow."""
    rows: dict[int, int] = {}
    floor = 0
    for item in order:  # downwards: no item above the one before it
        rows[item] = max(round(wanted[item]), floor)
        floor = rows[item] + heights[item] + gap
    ceiling = total
    for item in reversed(order):  # upwards: everything inside the total height
        rows[item] = min(rows[item], ceiling - heights[item])
        ceiling = rows[item] - gap
    floor = 0
    for item in order:  # and once more downwards, in case the ceiling pushed one too high
        rows[item] = max(rows[item], floor)
        floor = rows[item] + heights[item] + gap
    return rows


def place_rows(
    orders: Sequence[Sequence[int]], items: Items, style: Style, rounds: int = 3, stagger: int = 0
) -> dict[int, int]:
    """Each item's row (its box row, where lines attach): every layer stacked from the top
    (every other layer `stagger` rows lower, so that neighbouring layers share fewer rows),
    then pulled towards the rows of the items it links to, `rounds` times each way."""
    heights = {i: (style.cell_rows if i < items.boxes else 1) for i in range(len(items.layer))}
    stacked = [sum(heights[i] for i in order) + style.gap * (len(order) - 1) for order in orders]
    total = max(stacked, default=0) + stagger
    rows: dict[int, int] = {}
    for layer, order in enumerate(orders):
        start = dict.fromkeys(order, float(stagger * (layer % 2)))
        rows.update(_settle(list(order), start, heights, style.gap, total))
    before = {b: [a for a, bb in items.links if bb == b] for b in range(len(items.layer))}
    after = {a: [b for aa, b in items.links if aa == a] for a in range(len(items.layer))}
    downwards = (range(1, len(orders)), before)
    upwards = (range(len(orders) - 2, -1, -1), after)
    # the last sweep goes left to right, so each box ends up level with the boxes it reads
    for span, neighbours in [downwards, upwards] * rounds + [downwards] * (rounds > 0):
        for layer in span:
            wanted = {}
            for item in orders[layer]:
                near = [rows[n] for n in neighbours[item]]
                wanted[item] = sum(near) / len(near) if near else rows[item]
            rows.update(_settle(list(orders[layer]), wanted, heights, style.gap, total))
    return rows


# --- 5. lines ---------------------------------------------------------------------------------


class _Grid:
    """Line pieces by cell: for each cell, the directions each net (one edge, or one shared bus)
    joins there. Where two nets cross and neither turns, the cell is a bridge: drawn as the
    horizontal line, read as two lines passing (see `read_edges`)."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], dict[object, int]] = {}

    def run(self, net: object, path: list[tuple[int, int]]) -> None:
        """A line through neighbouring cells `path`, joined on the left to whatever feeds it
        and on the right to whatever it feeds."""
        for i, cell in enumerate(path):
            dirs = W if i == 0 else 0
            dirs |= E if i == len(path) - 1 else 0
            for neighbour in path[max(i - 1, 0) : i + 2]:
                if neighbour != cell:
                    dirs |= _TOWARDS[(neighbour[0] - cell[0], neighbour[1] - cell[1])]
            nets = self.cells.setdefault(cell, {})
            nets[net] = nets.get(net, 0) | dirs

    def char(self, cell: tuple[int, int]) -> str:
        nets = self.cells.get(cell)
        if not nets:
            return " "
        union = 0
        for dirs in nets.values():
            union |= dirs
        straight = all(dirs in (N | S, E | W) for dirs in nets.values())
        if straight and union == N | E | S | W:
            return BRIDGE
        return LINE[union]


_TOWARDS = {(0, -1): N, (0, 1): S, (1, 0): E, (-1, 0): W}


def _hline(x0: int, x1: int, y: int) -> list[tuple[int, int]]:
    return [(x, y) for x in range(x0, x1 + 1)]


def _vline(x: int, y0: int, y1: int) -> list[tuple[int, int]]:
    step = 1 if y1 >= y0 else -1
    return [(x, y) for y in range(y0, y1 + step, step)]


Link = tuple[int, int]  # (source item, target item) across one channel


def draw_channel(
    links: Sequence[Link], rows: dict[int, int], columns: Sequence[Sequence[Link]], least: int
) -> list[str]:
    """The lines of one channel, as many rows as the deepest row used, `least` columns or more.

    A link whose ends share a row and that has no column runs straight across; every other
    link turns in its column: right along its source's row, up or down, right along its
    target's row. Links listed in one column share its vertical line (a bus)."""
    width = max(least, len(columns) + 1)
    lead = 1 if width >= len(columns) + 2 and columns else 0
    column_of = {link: lead + i for i, group in enumerate(columns) for link in group}
    grid = _Grid()
    for link in links:
        source, target = rows[link[0]], rows[link[1]]
        if link not in column_of:
            grid.run(link, _hline(0, width - 1, source))
            continue
        x = column_of[link]
        path = _hline(0, x, source) + _vline(x, source, target)[1:]
        grid.run(("column", x), path + _hline(x, width - 1, target)[1:])
    height = max([rows[i] + 1 for link in links for i in link] + [0])
    return ["".join(grid.char((x, y)) for x in range(width)) for y in range(height)]


def _channel_reads(lines: Sequence[str], rows: dict[int, int], links: Sequence[Link]) -> set[Link]:
    """Which links a person would read off a drawn channel (lines entering on the left at the
    sources' rows, leaving on the right at the targets' rows)."""
    width = max((len(line) for line in lines), default=0)
    target_at = {rows[t]: t for _, t in links}
    found = set()
    for source in {s for s, _ in links}:
        for x, y in _flow(lines, 0, rows[source]):
            if x == width and y in target_at:
                found.add((source, target_at[y]))
    return found


def _column_choices(links: Sequence[Link], rows: dict[int, int]) -> list[list[list[Link]]]:
    """Ways to give a channel's turning links their columns, most compact first: one bus per
    target, then a column per link in a few telling orders, then (for few links) every order."""
    bent = [link for link in links if rows[link[0]] != rows[link[1]]]
    into: dict[int, list[Link]] = {}
    for link in links:
        into.setdefault(link[1], []).append(link)
    for group in into.values():
        if len(group) > 1:  # several inputs: none of them runs straight
            bent += [link for link in group if link not in bent]
    if not bent:
        return [[]]
    out = {s: sum(1 for link in links if link[0] == s) for s, _ in links}

    def bus_key(target: int) -> tuple[int, int]:
        return (min(rows[s] for s, t in bent if t == target), target)

    targets = sorted({t for _, t in bent}, key=bus_key)
    choices = [[[link for link in bent if link[1] == t] for t in targets]]
    keys = (
        lambda link: (-out[link[0]], rows[link[1]], rows[link[0]]),
        lambda link: (-out[link[0]], -rows[link[1]], rows[link[0]]),
        lambda link: (out[link[0]], rows[link[1]], rows[link[0]]),
        lambda link: (rows[link[1]], rows[link[0]]),
        lambda link: (-rows[link[1]], -rows[link[0]]),
    )
    for key in keys:
        choices.append([[link] for link in sorted(bent, key=key)])
    if len(bent) <= 4:
        choices += [[[link] for link in order] for order in permutations(bent)]
    return choices


def route_channel(
    links: Sequence[Link], rows: dict[int, int], least: int
) -> tuple[list[str], bool]:
    """The first way of drawing a channel that reads exactly as its links are (and True), else
    the one that reads best (and False)."""
    wanted = set(links)
    best: tuple[int, list[str]] | None = None
    for columns in _column_choices(links, rows):
        lines = draw_channel(links, rows, columns, least)
        wrong = len(_channel_reads(lines, rows, links) ^ wanted)
        if wrong == 0:
            return lines, True
        if best is None or wrong < best[0]:
            best = (wrong, lines)
    assert best is not None
    return best[1], False


def route(
    boxes: Sequence[str],
    items: Items,
    orders: Sequence[Sequence[int]],
    rows: dict[int, int],
    style: Style,
) -> tuple[list[str], list[tuple[int, int]], list[int], int, bool]:
    """Draw boxes and lines: (picture lines, each box's (column, row), the width of each box's
    layer, the picture's width, whether every channel reads as drawn)."""
    depth = len(orders)
    widths = []
    for order in orders:
        texts = [len(boxes[i]) for i in order if i < items.boxes]
        widths.append(max([*texts, style.slot, 1]))
    height = max([rows[i] + (style.cell_rows if i < items.boxes else 1) for i in rows] + [0])
    channels, faithful = [], True
    for layer in range(depth - 1):
        here = set(orders[layer])
        links = sorted(link for link in items.links if link[0] in here)
        lines, ok = route_channel(links, rows, style.channel)
        channels.append(lines)
        faithful = faithful and ok
    lefts = [0]
    for layer in range(depth - 1):
        lefts.append(lefts[-1] + widths[layer] + max(len(line) for line in channels[layer]))
    width = lefts[-1] + widths[-1] if widths else 0
    canvas = [[" "] * width for _ in range(height)]
    places: dict[int, tuple[int, int]] = {}
    for layer, order in enumerate(orders):
        x0, x1 = lefts[layer], lefts[layer] + widths[layer]
        for item in order:
            y = rows[item]
            if item < items.boxes:
                places[item] = (x0, y)
                canvas[y][x0 : x0 + len(boxes[item])] = list(boxes[item])
                start = x0 + len(boxes[item])
            else:
                start = x0
            if layer < depth - 1 and any(a == item for a, _ in items.links):
                canvas[y][start:x1] = [LINE[E | W]] * (x1 - start)
        if layer < depth - 1:
            for y, line in enumerate(channels[layer]):
                for x, char in enumerate(line):
                    if char != " ":
                        canvas[y][x1 + x] = char
    lines = ["".join(row).rstrip() for row in canvas]
    column_widths = [0] * items.boxes
    for layer, order in enumerate(orders):
        for item in order:
            if item < items.boxes:
                column_widths[item] = widths[layer]
    return lines, [places[i] for i in range(items.boxes)], column_widths, width, faithful


# --- 6. reading the picture back ------------------------------------------------------------


_VERTICAL_DOWN = frozenset(c for c, d in _DIRECTIONS.items() if d & S)  # goes on downwards
_VERTICAL_UP = frozenset(c for c, d in _DIRECTIONS.items() if d & N)


def _flow(lines: Sequence[str], x: int, y: int) -> set[tuple[int, int]]:
    """Where a line entered from the left at (x, y) leads: the cells just past its right ends.

    Followed as a person reads a flow from left to right: never leftwards, up and down freely,
    and through a bridge (a horizontal drawn across a vertical) only straight on."""

    def at(cx: int, cy: int) -> str:
        if 0 <= cy < len(lines) and 0 <= cx < len(lines[cy]):
            return lines[cy][cx]
        return " "

    def joins(cx: int, cy: int, moving: int) -> int:
        char = at(cx, cy)
        if char == BRIDGE and at(cx, cy - 1) in _VERTICAL_DOWN and at(cx, cy + 1) in _VERTICAL_UP:
            return moving | _OPPOSITE[moving]  # two lines pass here: straight on only
        return _DIRECTIONS.get(char, 0)

    ends: set[tuple[int, int]] = set()
    if not joins(x, y, E) & W:
        return ends
    todo, seen = [(x, y, E)], set()
    while todo:
        cx, cy, moving = todo.pop()
        if (cx, cy, moving) in seen:
            continue
        seen.add((cx, cy, moving))
        here = joins(cx, cy, moving)
        for move in (N, E, S):
            if move == _OPPOSITE[moving] or not here & move:
                continue
            dx, dy = _STEP[move]
            if joins(cx + dx, cy + dy, move) & _OPPOSITE[move]:
                todo.append((cx + dx, cy + dy, move))
            elif move == E:
                ends.add((cx + dx, cy + dy))
    return ends


def read_edges(lines: Sequence[str], places: Sequence[tuple[int, int]]) -> set[tuple[int, int]]:
    """Which box feeds which, read from the picture as a person would: from the right end of
    each box, follow its line (see `_flow`) until it runs into the left side of a box."""
    starts = {place: box for box, place in enumerate(places)}
    found: set[tuple[int, int]] = set()
    for box, (x, y) in enumerate(places):
        line = lines[y] if y < len(lines) else ""
        end = x
        while end < len(line) and line[end] != " " and line[end] not in _DIRECTIONS:
            end += 1  # past the box's own text
        for place in _flow(lines, end, y):
            if place in starts:
                found.add((box, starts[place]))
    return found


def true_edges(inputs: Sequence[Sequence[int]]) -> set[tuple[int, int]]:
    """Which box feeds which, from the graph itself."""
    return {(source, box) for box, reads in enumerate(inputs) for source in reads}


# --- all together -----------------------------------------------------------------------------


def lay_out(boxes: Sequence[str], inputs: Sequence[Sequence[int]], style: Style) -> Layout:
    """The graph drawn in `style`: the first of a few orders and row placements whose picture
    reads exactly as the graph is, else the one that reads best (then `faithful` is False)."""
    items = layered_items(inputs)
    wanted = true_edges(inputs)
    best: tuple[int, Layout] | None = None
    orderings = [order_layers(items), first_orders(items)]
    orderings.append([list(reversed(order)) for order in orderings[0]])
    for orders, rounds, stagger in product(orderings, (3, 0), (0, 1, 2)):
        rows = place_rows(orders, items, style, rounds=rounds, stagger=stagger)
        lines, places, widths, width, _ = route(boxes, items, orders, rows, style)
        wrong = len(read_edges(lines, places) ^ wanted)
        layout = Layout(style, tuple(lines), tuple(places), tuple(widths), wrong == 0, width)
        if wrong == 0:
            return layout
        if best is None or wrong < best[0]:
            best = (wrong, layout)
    assert best is not None
    return best[1]
