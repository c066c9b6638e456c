"""The graph scene: backpropagation step by step. Every number it shows is checked against a
formula worked out by hand here (or a finite difference), not against the scene's own code."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gradtui.scenes import KINDS, cross_check, function_param, scene_module
from gradtui.scenes import graph as graph_scene
from gradtui.scenes.graph import numbers
from gradtui.scenes.kit.params import fill_defaults
from gradtui.script.parse import parse_lesson

BARE_NON_NUMBER = re.compile(r"(?<![\w(])[-+]?(?:nan|inf)(?![\w)])", re.IGNORECASE)
BOX_LINE = re.compile(r"^box (\S+) \((.*)\): value (\S+), (gradient|tangent) (\S+)$")


def scene(f: str = "(a + b) * (b + 1)", at: dict | None = None) -> graph_scene.GraphState:
    return graph_scene.State(fill_defaults(graph_scene.PARAMS, {"f": f, "at": at}))


def read(text: str) -> float | None:
    """A number as the scene spells it (or None for no value yet)."""
    words = {"-": None, "infinity": math.inf, "-infinity": -math.inf, "undefined": math.nan}
    return words[text] if text in words else float(text)


def boxes(state) -> dict[str, tuple[float | None, float | None]]:
    """What each box shows, by the sub-expression it computes: (value, gradient or tangent)."""
    shown = {}
    for line in state.readout().splitlines():
        match = BOX_LINE.match(line)
        if match:
            shown[match.group(2)] = (read(match.group(3)), read(match.group(5)))
    return shown


def walk(state, steps: int) -> None:
    for _ in range(steps):
        state.step()


def close(got: float | None, want: float) -> bool:
    """Equal to the 4 significant digits the screen shows."""
    return got is not None and math.isclose(got, want, rel_tol=6e-4, abs_tol=1e-12)


# --- the kind ---------------------------------------------------------------------------------


def test_registered_with_f_and_at_and_its_keys():
    assert KINDS["graph"] == "gradtui.scenes.graph"
    module = scene_module("graph")
    assert [p.name for p in module.PARAMS] == ["f", "at"]
    assert function_param("graph").name == "f"  # the learner may retype it with e
    keys = {key.keys: key.method for key in module.KEYS}
    assert keys == {"s": "step", "space": "toggle_play", "f": "toggle_mode", "r": "reset"}
    assert module.FORWARD_MODE_KEY == "f"
    assert not any(k in ("left", "right") for key in module.KEYS for k in key.keys.split(","))


# --- the forward pass -------------------------------------------------------------------------


def test_the_forward_pass_fills_in_each_box_inputs_first():
    a, b = 2.0, 1.0
    state = scene(at={"a": a, "b": b})
    want = [("a", a), ("b", b), ("a + b", a + b), ("b + 1", b + 1),
            ("(a + b) * (b + 1)", (a + b) * (b + 1))]  # fmt: skip
    assert all(value is None for value, _ in boxes(state).values())
    for k, (expression, value) in enumerate(want, start=1):
        state.step()
        shown = boxes(state)
        assert close(shown[expression][0], value), (k, shown)
        later = [e for e, _ in want[k:]]
        assert all(shown[e][0] is None for e in later)  # nothing filled in ahead of its turn
    assert "forward pass" in state.status()
    assert "3 * 2 = 6" in state.words()


# --- the backward pass ------------------------------------------------------------------------


def test_the_backward_pass_hands_each_input_gradient_times_local_slope():
    a, b = 2.0, 1.0
    state = scene(at={"a": a, "b": b})
    walk(state, 5)  # the forward pass
    state.step()  # the output: df/df = 1; it passes (b + 1) to a + b and (a + b) to b + 1
    shown = boxes(state)
    assert shown["(a + b) * (b + 1)"][1] == 1.0
    assert close(shown["a + b"][1], b + 1) and close(shown["b + 1"][1], a + b)
    assert "local slope b + 1" in state.words() and "local slope a + b" in state.words()
    state.step()  # b + 1 passes its 3 to b: b's first share
    assert close(boxes(state)["b"][1], a + b)
    state.step()  # a + b passes 2 to a and 2 to b: b += 2
    shown = boxes(state)
    assert close(shown["a"][1], b + 1)
    assert close(shown["b"][1], (a + b) + (b + 1))  # df/db = a + 2b + 1
    assert "(+=)" in state.words() and "3 + 2 = 5" in state.words()
    walk(state, 2)  # b, then a: their gradients are complete
    assert state.done
    assert "the sum of its 2 shares: 3 + 2 = 5" in state.walks["reverse"][-2].words


def test_a_variable_used_three_times_collects_three_shares():
    x = 3.0
    state = scene("x*x + x", {"x": x})
    walk(state, 3)  # x, x * x, the sum
    totals = []
    while not state.done:
        state.step()
        totals.append(boxes(state)["x"][1])
    # the sum hands x 1; then x * x hands it x twice (its local slope towards each factor)
    assert totals[:2] == [1.0, 1.0 + 2 * x]
    assert close(totals[-1], 2 * x + 1)
    assert "1 + 3 + 3 = 7" in state.walks["reverse"][-1].words


# (f, point, every partial derivative by hand)
CLOSED_FORMS = [
    ("(a + b) * (b + 1)", {"a": 2.0, "b": 1.0}, lambda a, b: {"a": b + 1, "b": a + 2 * b + 1}),
    ("x*y + sin(x)", {"x": 0.7, "y": -1.3}, lambda x, y: {"x": y + math.cos(x), "y": x}),
    (
        "sigmoid(w*x + b) * y",
        {"b": -0.4, "w": 0.5, "x": 2.0, "y": 3.0},
        lambda b, w, x, y: (
            lambda s: {
                "b": y * s * (1 - s),
                "w": y * s * (1 - s) * x,
                "x": y * s * (1 - s) * w,
                "y": s,
            }  # fmt: skip
        )(1 / (1 + math.exp(-(w * x + b)))),
    ),
    (
        "exp(sin(x)) * log(y)",
        {"x": 0.3, "y": 2.5},
        lambda x, y: {
            "x": math.cos(x) * math.exp(math.sin(x)) * math.log(y),
            "y": math.exp(math.sin(x)) / y,
        },
    ),
    ("x", {"x": 4.0}, lambda x: {"x": 1.0}),
]


@pytest.mark.parametrize(("f", "point", "closed"), CLOSED_FORMS)
def test_at_the_end_every_input_slope_stands_beside_a_central_difference(f, point, closed):
    state = scene(f, point)
    walk(state, len(state.steps))
    assert state.done
    want = closed(**point)
    lines = {line.split(" =")[0]: line for line in state.readout().splitlines()}
    for name, slope in want.items():
        line = lines[f"df/d{name}"]
        by_autodiff, by_difference = re.findall(r"(-?[\d.]+(?:e[-+]\d+)?)(?:   |\))", line)
        assert close(float(by_autodiff), slope) and close(float(by_difference), slope), line
        assert close(boxes(state)[name][1], slope)


@pytest.mark.parametrize(("f", "point", "closed"), CLOSED_FORMS)
def test_forward_mode_needs_one_pass_per_input_and_finds_the_same_slopes(f, point, closed):
    state = scene(f, point)
    state.toggle_mode()
    assert state.mode == "forward"
    names = sorted(point)
    box_count = len(numbers.boxes_of(state.expr))
    assert len(state.steps) == box_count * len(names)
    want = closed(**point)
    for k, name in enumerate(names, start=1):
        state.step()
        assert state.current.phase == f"pass {k} of {len(names)} (d/d{name})"
        assert state.done or state.current.phase in state.status()
        walk(state, box_count - 1)
        output = list(boxes(state).values())[-1]
        assert close(output[1], want[name]), (name, output)
    assert state.done and "(they agree)" in state.words()
    count = len(names)
    assert ("1 pass" if count == 1 else f"{count} passes") in state.status()
    needed = state.passes_needed()
    assert "1 forward + 1 backward pass" in needed
    assert (f"{count} passes, one per input" if count > 1 else "1 pass") in needed


def test_switching_mode_starts_that_mode_from_the_beginning():
    state = scene(at={"a": 2.0, "b": 1.0})
    walk(state, 4)
    state.toggle_mode()
    assert state.position == 0 and state.mode == "forward"
    state.toggle_mode()
    assert state.mode == "reverse" and all(v is None for v, _ in boxes(state).values())


# --- stepping and playing -----------------------------------------------------------------------


def test_play_steps_once_per_tick_and_stops_at_the_end():
    state = scene(at={"a": 2.0, "b": 1.0})
    assert state.toggle_play() and state.playing
    ticks = 0
    while state.tick():
        ticks += 1
    assert state.done and not state.playing
    assert ticks == len(state.steps) - 1  # the last tick takes the last step and stops
    assert state.toggle_play() and state.position == 0  # a finished walk plays from the start
    state.step()
    assert not state.playing and state.position == 1  # a step by hand pauses
    state.reset()
    assert state.position == 0 and not state.playing


# --- frames -----------------------------------------------------------------------------------


SIZES = [(0, 0), (1, 1), (20, 5), (40, 8), (59, 17), (60, 18), (80, 12), (80, 24), (116, 47),
         (200, 50)]  # fmt: skip


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("f", ["(a + b) * (b + 1)", "x*x + x", "2*3", "log(x)*y",
                               "(a*b + sin(c))*exp(d) + a*c - log(b*b + 1)"])  # fmt: skip
def test_every_frame_fits_its_size_at_every_step(size, f):
    state = scene(f)
    width, height = size
    for _ in range(len(state.steps) + 1):
        for ascii in (False, True):
            lines = state.frame(width, height, ascii).lines
            assert len(lines) <= height
            assert all(len(line) <= width for line in lines)
            if ascii:
                assert all(line.isascii() for line in lines)
        state.step()


@pytest.mark.parametrize("size", [(80, 24), (60, 18)])
@pytest.mark.parametrize(
    "f",
    ["(a + b) * (b + 1)", "sigmoid(w*x + b)*y", "tanh(w1*x + b1)*w2 + b2",
     "(a*b + sin(c))*exp(d) + a*c - log(b*b + 1)", "relu(a*x + b) - relu(c*x + d)",
     "a*(b + c*(d + a*(b + c)))", "x*y*z + x*z + y", "(a + b + c + d)^2"],
)  # fmt: skip
def test_graphs_of_up_to_15_boxes_are_drawn_whole_at_80x24_and_60x18(size, f):
    state = scene(f)
    assert len(state.boxes) <= 15
    text = "\n".join(state.frame(*size).lines)
    for box in numbers.box_texts(state.boxes):
        assert box in text, (box, text)
    assert "listed instead" not in text


def test_the_box_being_worked_on_is_marked_by_shape_and_highlighted():
    state = scene(at={"a": 2.0, "b": 1.0})
    walk(state, 3)  # a + b
    frame = state.frame(80, 24)
    row, start, end = frame.highlight
    assert frame.lines[row][start:end] == ">+<"
    assert re.search(r">\[\+\] +a \+ b", "\n".join(frame.lines))  # and in the list beside it


def test_stepping_repaints_only_the_box_at_work_and_the_boxes_it_writes():
    state = scene("sigmoid(w*x + b)*y", {"b": -1.0, "w": 0.5, "x": 2.0, "y": 3.0})
    layout, _ = state.choose(80, 19)
    before = state.frame(80, 24).lines
    for _ in range(len(state.steps)):
        previous = state.current.box if state.current else None
        state.step()
        after = state.frame(80, 24).lines
        allowed = set()
        touched = {box for box, _, _ in state.current.writes if box is not None}
        for box in touched | {state.current.box, previous} - {None}:
            x, y = layout.places[box]
            cells = range(layout.column_widths[box])
            allowed |= {(x + dx, y + dy) for dx in cells for dy in range(3)}
        for y in range(layout.height):
            old = before[y][: layout.width].ljust(layout.width)
            new = after[y][: layout.width].ljust(layout.width)
            changed = {(x, y) for x in range(layout.width) if old[x] != new[x]}
            assert changed <= allowed, (state.position, sorted(changed - allowed))
        before = after


# --- f's and points that are not ordinary ------------------------------------------------------


def test_a_function_with_no_variables_has_no_slopes_in_either_mode():
    state = scene("2*3")
    walk(state, 2)
    assert state.done and boxes(state)["2 * 3"] == (6.0, 1.0)
    assert "no slopes" in state.words()
    state.toggle_mode()
    assert state.steps == [] and "no passes" in state.status()


def test_a_box_of_numbers_alone_is_worked_out_once_in_words():
    text = graph_scene.render_text(fill_defaults(graph_scene.PARAMS, {"f": "2 + 3"}))
    assert "1. 2 + 3 = 5: that is f, the output." in text  # not "2 + 3 = 2 + 3 = 5"
    text = graph_scene.render_text(fill_defaults(graph_scene.PARAMS, {"f": "x*x", "at": {"x": 3}}))
    assert "x * x = 3 * 3 = 9: that is f, the output." in text


def test_a_box_on_its_corner_is_named_and_its_slopes_called_a_convention():
    state = scene("abs(a - b) + relu(c)*d", {"a": 2, "b": 2, "c": 0, "d": 5})
    notes = " ".join(state.notes())
    assert "abs(a - b) sits on its corner here (a - b is 0)" in notes
    assert "relu(c) sits on its corner here (c is 0)" in notes
    assert "corner" not in " ".join(scene("abs(a - b)", {"a": 3, "b": 2}).notes())


def test_infinite_and_undefined_values_are_said_in_words():
    state = scene("(0 - exp(x))*y", {"x": 1000.0, "y": 2.0})
    walk(state, len(state.steps))
    text = state.readout() + "\n" + "\n".join(state.frame(80, 24).lines)
    assert "minus infinity" in text and "-infinity" in text
    assert not BARE_NON_NUMBER.search(text)
    undefined = scene("sqrt(x)*y", {"x": -1.0, "y": 1.0})
    assert (
        "f is undefined (not a number) at this point: sqrt(x) has no value here "
        "(square root of a negative number)" in " ".join(undefined.readout().split())
    )
    log = scene("log(x)*y", {"x": 0.0, "y": 2.0})
    assert "log(x) has no value here (log of 0)" in " ".join(log.readout().split())


def test_a_variable_at_does_not_give_starts_at_1_and_the_scene_says_so():
    state = scene("x*c + b", {"b": 2.0, "x": 3.0})  # as after e: a new f, the lesson's at
    assert state.point == {"b": 2.0, "c": 1.0, "x": 3.0}
    assert "c is not in at: starting at 1." in state.readout()


def test_a_graph_too_large_to_draw_is_listed_and_says_its_limit():
    f = " + ".join(f"sin(a*{k} + b)" for k in range(1, 8))
    state = scene(f)
    assert len(state.boxes) > graph_scene.MAX_BOXES
    walk(state, 2)  # a, then a * 1
    text = "\n".join(state.frame(80, 24).lines)
    assert f"more than the {graph_scene.MAX_BOXES} the scene draws" in " ".join(text.split())
    assert re.search(r"^>\[\*1\] +a \* 1 +=", text, re.M)  # the list marks where the walk is
    problem = (
        f"its graph has {len(state.boxes)} boxes (one per variable and per operation); a graph "
        f"scene draws at most {graph_scene.MAX_BOXES}"
    )
    assert ("f", problem) in cross_check("graph", {"f": f, "at": None})


@pytest.mark.parametrize(
    "f",
    [
        "__import__('os').system('ls')",
        "x" * 1001,
        "+".join(["x*y"] * 80),
        "(" * 70 + "x" + ")" * 70,
        "x\x1b[2J",
    ],  # fmt: skip
)
def test_a_hostile_or_enormous_f_is_refused_with_its_message(f):
    state = scene(f)
    assert state.problem is not None
    text = "\n".join(state.frame(80, 24).lines)
    assert text.startswith("f cannot be used: ") and "^" in text
    assert state.problem.message in state.readout()
    assert "\x1b" not in text


def test_a_tower_of_powers_is_infinity_not_a_hang():
    state = graph_scene.State(fill_defaults(graph_scene.PARAMS, {"f": "9**9**9**9"}))
    assert state.problem is None
    walk(state, len(state.steps))
    assert "infinity" in state.readout()


# --- gradtui check ----------------------------------------------------------------------------


def lesson(tmp_path: Path, block: str) -> Path:
    path = tmp_path / "01-graph.md"
    path.write_text(f'+++\ntitle = "Graph"\n+++\n\n# A graph\n\n```scene\nkind = "graph"\n'
                    f"{block}\n```\n", encoding="utf-8")  # fmt: skip
    return path


@pytest.mark.parametrize(
    ("block", "line", "message"),
    [
        (
            'f = "a*b + c"\nat = { a = 1, b = 2 }',
            10,
            "at: no value for c (f uses a, b, c); add c = 1",
        ),
        (
            'f = "a*b"\nat = { a = 1, b = 2, z = 3 }',
            10,
            "at: z is not a variable of f (f uses a, b)",
        ),
        (
            'f = "e*x"\nat = { x = 1, e = 2 }',
            10,
            "at: e is a constant in f (2.71828), not a variable: leave it out of at",
        ),
        (
            'f = "a*b*c*d*g"',
            9,
            "f: it uses 5 variables (a, b, c, d, g); a graph scene takes at most 4",
        ),
        ('f = "sin(x + 2 y)"', 9, "f: a * is missing"),
        ('f = "x"\nat = { x = 1, y = 2, z = 3, w = 4, v = 5 }', 10, "at may hold at most 4"),
    ],
)
def test_gradtui_check_names_each_problem_at_its_line(tmp_path, block, line, message):
    path = lesson(tmp_path, block)
    result = subprocess.run(
        [sys.executable, "-m", "gradtui", "check", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 1
    where = rf"01-graph\.md:{line}:\d+: {re.escape(message)}"
    assert re.search(where, result.stdout), result.stdout


def test_a_good_graph_step_passes_the_check(tmp_path):
    path = lesson(tmp_path, 'f = "(a + b) * (b + 1)"\nat = { a = 2, b = 1 }')
    spec = parse_lesson(path.read_text(), path).steps[0].scene
    assert spec.params == {"f": "(a + b) * (b + 1)", "at": {"a": 2.0, "b": 1.0}}


# --- gradtui print ----------------------------------------------------------------------------


def test_print_shows_the_graph_both_passes_and_every_slope_to_many_digits():
    a, b = 0.3, 2.5
    printed = graph_scene.render_text(
        fill_defaults(graph_scene.PARAMS, {"f": "sin(a)*b", "at": {"a": a, "b": b}})
    )
    text = printed
    flowing = " ".join(printed.split())  # wrapped sentences read as one line
    assert "[sin]" in text and "[*] f" in text and "= 0.7388" in text  # the picture, filled in
    assert f"sin(a) = sin(0.3) = {math.sin(a):.6g}." in flowing  # the forward pass
    assert f"b gets 1 times {math.sin(a):.6g} (local slope sin(a)) = {math.sin(a):.6g}" in flowing
    assert f"a gets {b:g} times {math.cos(a):.6g} (local slope cos(a)) = {b * math.cos(a):.6g}" in (
        flowing
    )
    rows = {row.split()[0]: row.split() for row in text.splitlines() if row.startswith("  df/d")}
    assert float(rows["df/da"][1]) == pytest.approx(b * math.cos(a), rel=1e-9)
    assert float(rows["df/db"][1]) == pytest.approx(math.sin(a), rel=1e-9)
    assert float(rows["df/da"][2]) == pytest.approx(b * math.cos(a), rel=1e-7)  # measured
    table = [line for line in text.splitlines() if line.startswith("sin(a) ")]
    assert table and f"{b:g}" in table[0].split()  # the backward table: sin(a)'s gradient is b
    assert "Passes needed" in flowing and "2 passes, one per input" in flowing


def test_print_shows_the_shares_a_variable_used_twice_adds_up():
    text = graph_scene.render_text(
        fill_defaults(graph_scene.PARAMS, {"f": "(a + b) * (b + 1)", "at": {"a": 2, "b": 1}})
    )
    assert "(input, used 2 times: 3 + 2 = 5)" in text
    assert "so b's gradient = 3 + 2 = 5 (+=)" in " ".join(text.split())


def test_print_in_ascii_is_seven_bit_and_says_non_numbers_in_words():
    text = graph_scene.render_text(
        fill_defaults(graph_scene.PARAMS, {"f": "log(x)*y", "at": {"x": 1e-320, "y": 2.0}}),
        True,
    )
    assert text.isascii()
    assert "[log]" in text and ("+--" in text or "-+" in text)  # the picture, in 7-bit lines
    assert not BARE_NON_NUMBER.search(text)
    assert "infinity" in text


def test_the_scene_modules_import_without_textual():
    probe = ("import sys, gradtui.scenes.graph, gradtui.scenes.kit.graph_layout; "
             "print('textual' in sys.modules)")  # fmt: skip
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("where", [0.0, -1.0, 1e6, -1e6, 5e-324, 1e-300])
@pytest.mark.parametrize(
    "f",
    [
        "1/x + y",
        "exp(1000*x) - y",
        "log(x)*sqrt(y)",
        "x**1e6 * y",
        "tan(x)*1e300 + 0/0*y",
        "sigmoid(x*y) + relu(-x)",
        "x/y",
    ],  # fmt: skip
)
def test_points_at_the_edges_of_what_at_allows_never_break_the_scene(f, where):
    import warnings

    params = fill_defaults(graph_scene.PARAMS, {"f": f, "at": {"x": where, "y": where}})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's floating-point warnings stay inside
        text = graph_scene.render_text(params, ascii=True)
        state = graph_scene.State(params)
        for _ in range(len(state.steps) + 1):
            shown = "\n".join(state.frame(80, 24).lines) + state.readout()
            assert not BARE_NON_NUMBER.search(shown), shown
            state.step()
    assert not BARE_NON_NUMBER.search(text), text
