"""The lines of a computational graph's picture, and reading them back (steps 5 and 6 of
gradtui.scenes.kit.graph_layout): between two layers a channel, where each line that changes
rows turns in a column of its own (or in a shared bus); then a reader that follows the lines
from left to right, as a person would, and says which box feeds which. Pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import permutations

from gradtui.scenes.kit.graph_layout.places import Items, Style
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
