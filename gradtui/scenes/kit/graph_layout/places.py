"""Where a computational graph's boxes go (steps 1 to 4 of gradtui.scenes.kit.graph_layout):
each box's layer (its depth from the inputs), a waypoint in every layer a long edge passes, the
order within each layer with few crossings, and a row for every item, pulled level with its
neighbours. And the `Style`s: how roomy the picture is. Pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


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


def layers_of(inputs: Sequence[Sequence[int]]) -> list[int]:
    """Each box's depth from the inputs; boxes come in forward order (inputs before users)."""
    layers: list[int] = []
    for reads in inputs:
        layers.append(1 + max((layers[i] for i in reads), default=-1))
    return layers


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
