"""The graph drawn in text: layers by depth, few crossings, and a picture that reads back as
exactly the graph it draws (checked by a reader written here, independently of the module's)."""

from __future__ import annotations

import pytest

from gradtui.calculus.expr import parse
from gradtui.scenes.graph.numbers import box_texts, boxes_of
from gradtui.scenes.kit import graph_layout as gl
from gradtui.scenes.kit.graph_layout import lines as gl_lines
from gradtui.scenes.kit.graph_layout import places as gl_places

# A spread of graphs a lesson or a learner might draw, up to 15 boxes.
CORPUS = [
    "x", "5", "2*3", "x*x", "x*x + x", "(a + b)*(b + 1)", "(a + b)*(a - b)", "x*y + sin(x)",
    "sigmoid(w*x + b)", "sigmoid(w*x + b)*y", "exp(-x*x)", "log(1 + exp(x))",
    "(x - 1)^2 + 10*y^2", "x**2*y + sin(y)", "a*b*c*d", "a*b + c*d", "(a + b)*(c + d)",
    "(a*b + sin(c))*exp(d) + a*c - log(b*b + 1)", "sin(x)*cos(x)", "x/(1 + x*x)",
    "tanh(w1*x + b1)*w2 + b2", "relu(a*x + b) - relu(c*x + d)", "sqrt(x*x + y*y)",
    "(x*y - 1)^2 + (x - y)^2", "exp(x)*sin(y) + exp(y)*sin(x)", "x*x*x*x", "(a + b + c + d)^2",
    "a*(b + c*(d + a*(b + c)))", "sin(sin(sin(x)))", "1/x + 1/y + 1/(x*y)",
    "sigmoid(a*sigmoid(b*x + c) + d)", "(x + y)*(x - y)*(x*y)", "x*y*z + x*z + y", "-x + -y*x",
    "log(x)*log(y) - x*y", "w1*x1 + w2*x2", "(p - q)^2/(p + q)", "abs(x - y) + abs(x + y)",
]  # fmt: skip

# --- an independent reader: arms of each line character, written out here -----------------

ARMS = {  # which neighbours a character's line reaches: up, right, down, left
    "─": "rl", "│": "ud", "┌": "rd", "┐": "ld", "└": "ur", "┘": "ul",
    "├": "udr", "┤": "udl", "┬": "lrd", "┴": "lru", "┼": "udlr",
}  # fmt: skip
MOVE = {"u": (0, -1), "d": (0, 1), "r": (1, 0), "l": (-1, 0)}
BACK = {"u": "d", "d": "u", "r": "l", "l": "r"}


def arms(lines, x, y, heading):
    """The arms at (x, y) for a reader heading that way: a horizontal with lines going on
    above and below it is a crossing, passed straight."""

    def char(cx, cy):
        return lines[cy][cx] if 0 <= cy < len(lines) and 0 <= cx < len(lines[cy]) else " "

    here = char(x, y)
    if here == "─" and "d" in ARMS.get(char(x, y - 1), "") and "u" in ARMS.get(char(x, y + 1), ""):
        return heading + BACK[heading]
    return ARMS.get(here, "")


def fed_by_picture(lines, places):
    """{(source box, target box)}: from each box's right end, walk the lines without ever
    heading left, until a line ends against a box's first character."""
    at_place = {place: box for box, place in enumerate(places)}
    found = set()
    for box, (x, y) in enumerate(places):
        end = x
        while end < len(lines[y]) and lines[y][end] not in ARMS and lines[y][end] != " ":
            end += 1
        if end >= len(lines[y]) or "l" not in arms(lines, end, y, "r"):
            continue
        todo, seen = [(end, y, "r")], set()
        while todo:
            cx, cy, heading = todo.pop()
            if (cx, cy, heading) in seen:
                continue
            seen.add((cx, cy, heading))
            for way in arms(lines, cx, cy, heading):
                if way in ("l", BACK[heading]):
                    continue
                nx, ny = cx + MOVE[way][0], cy + MOVE[way][1]
                if way == "r" and (nx, ny) in at_place:
                    found.add((box, at_place[(nx, ny)]))
                elif BACK[way] in arms(lines, nx, ny, way):
                    todo.append((nx, ny, way))
    return found


def graph(text):
    boxes = boxes_of(parse(text))
    return box_texts(boxes), [box.reads for box in boxes]


# --- the steps ------------------------------------------------------------------------------


def test_a_box_is_one_layer_past_the_deepest_box_it_reads():
    #          x   y   x*y  sin(x*y)  +x
    inputs = [(), (), (0, 1), (2,), (3, 0)]
    assert gl_places.layers_of(inputs) == [0, 0, 1, 2, 3]


def test_an_edge_that_skips_layers_gets_one_waypoint_per_layer_it_passes():
    items = gl_places.layered_items([(), (), (0, 1), (2,), (3, 0)])  # x feeds the last from afar
    waypoints = [i for i in range(len(items.layer)) if i >= items.boxes]
    assert [items.layer[w] for w in waypoints] == [1, 2]
    assert all(items.carries[w] == 0 for w in waypoints)
    assert all(items.layer[b] == items.layer[a] + 1 for a, b in items.links)


def test_crossings_are_counted_pair_by_pair():
    links = frozenset({(0, 2), (1, 3)})
    assert gl_places.crossings([0, 1], [2, 3], links) == 0
    assert gl_places.crossings([0, 1], [3, 2], links) == 1


def test_ordering_removes_a_crossing_that_first_order_has():
    # boxes: a, b, then g(b) before h(a) in forward order, then g + h: a crossing in that order
    items = gl_places.layered_items([(), (), (1,), (0,), (2, 3)])
    assert gl_places.total_crossings(gl_places.first_orders(items), items.links) == 1
    assert gl_places.total_crossings(gl_places.order_layers(items), items.links) == 0


# --- whole pictures ---------------------------------------------------------------------------


def test_the_chain_rule_example_as_drawn():
    layout = gl.lay_out(*graph("(a + b)*(b + 1)"), gl.BOXES)
    assert layout.faithful
    assert "\n".join(layout.lines) == "\n".join(
        [
            "[a]──┐      ┌─[*] f",
            "   ┌─┴─[+]──┤",
            "[b]┴┐       │",
            "    └──[+1]─┘",
        ]
    )


def test_a_variable_used_twice_is_one_box_with_two_lines_out():
    layout = gl.lay_out(*graph("x*x + x"), gl.BOXES)
    assert [line.count("[x]") for line in layout.lines].count(1) == 1
    assert fed_by_picture(layout.lines, layout.places) == {(0, 1), (0, 2), (1, 2)}


@pytest.mark.parametrize("text", CORPUS)
def test_every_faithful_picture_reads_back_as_its_graph(text):
    labels, inputs = graph(text)
    truth = {(source, box) for box, reads in enumerate(inputs) for source in reads}
    faithful = 0
    for style in gl.STYLES:
        layout = gl.lay_out(labels, inputs, style)
        for box, (x, y) in enumerate(layout.places):
            assert layout.lines[y][x : x + len(labels[box])] == labels[box]
        if layout.faithful:
            faithful += 1
            assert fed_by_picture(layout.lines, layout.places) == truth, (style, layout.lines)
        assert gl_lines.read_edges(layout.lines, layout.places) == truth or not layout.faithful
    assert faithful >= 3, f"{text}: only {faithful} of the styles draw it faithfully"


@pytest.mark.parametrize("text", CORPUS)
def test_the_rows_under_each_box_are_kept_clear_for_its_numbers(text):
    labels, inputs = graph(text)
    layout = gl.lay_out(labels, inputs, gl.ROOMY)
    for box, (x, y) in enumerate(layout.places):
        width = layout.column_widths[box]
        for row in (y + 1, y + 2):
            line = layout.lines[row] if row < len(layout.lines) else ""
            assert line[x : x + width].strip() == "", (text, labels[box], layout.lines)
        assert width >= gl.ROOMY.slot


@pytest.mark.parametrize("text", CORPUS)
def test_inputs_stand_on_the_left_and_f_on_the_right(text):
    labels, inputs = graph(text)
    layout = gl.lay_out(labels, inputs, gl.SNUG)
    columns = [x for x, _ in layout.places]
    first_layer = [columns[i] for i, reads in enumerate(inputs) if not reads]
    assert min(first_layer) == 0 and max(columns) == columns[-1]
    for box, reads in enumerate(inputs):
        assert all(columns[source] < columns[box] for source in reads)
