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

This package's face holds `Layout` and `lay_out`; places.py does steps 1 to 4 (and the
`Style`s), lines.py steps 5 and 6.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product

from gradtui.scenes.kit.graph_layout.lines import LINE_MARKERS, read_edges, route, true_edges
from gradtui.scenes.kit.graph_layout.places import (
    BOXES,
    ROOMY,
    SNUG,
    STYLES,
    TIGHT_BOXES,
    Style,
    first_orders,
    layered_items,
    order_layers,
    place_rows,
)


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


__all__ = [
    "BOXES", "LINE_MARKERS", "ROOMY", "SNUG", "STYLES", "TIGHT_BOXES", "Layout", "Style", "lay_out",
]  # fmt: skip
