"""What the built-in lessons' scenes look like, read off their frames as a learner reads the
screen: at 80x24 with the step's text above (the scene gets 14 to 17 rows), with the text folded
away by `z` (80x22 and 60x16: the lesson screen less its header and key bar), and wide (116
columns beside the prose at 200x50). No panel runs into another, no number is cut, and each
scene's key numbers and its one-line verdict are there at 60x18 with `z`.

(The training and landscape scenes are held to the same rules in their own tests.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gradtui.scenes import scene_module
from gradtui.scenes.kit.picture_rules import clashing_panels, cut_text
from gradtui.script.parse import load_lesson

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
KINDS = (
    "plot",
    "secant",
    "dashboard",
    "board",
    "field",
    "gears",
    "chain",
    "vanishing",
    "graph",
    "network",
)
SIZES = [(80, 14), (80, 16), (80, 22), (60, 16), (116, 48)]
FOLDED = (60, 16)  # the scene's board at 60x18 once `z` folds the text away


def lesson_scenes() -> list[tuple[str, int, str, dict]]:
    found = []
    for path in sorted(LESSONS.glob("*.md")):
        for step in load_lesson(path).steps:
            if step.scene is not None and step.scene.kind in KINDS:
                found.append((path.stem, step.number, step.scene.kind, step.scene.params))
    return found


SCENES = lesson_scenes()
IDS = [f"{lesson}-{number}-{kind}" for lesson, number, kind, _ in SCENES]


def played(kind: str, params: dict):
    """The scene as a learner leaves it after playing with it: the secant shrunk a dozen times
    (numbers lengthen), the board nudged and stepped, the chain's secant shrunk."""
    state = scene_module(kind).State(params)
    moves = {
        "secant": [("shrink", ())] * 15,
        "board": [("nudge", (1,)), ("gather", ()), ("descend", ())],
        "chain": [("shrink", ())] * 3,
        "field": [("turn", (1,))],
    }
    for name, args in moves.get(kind, []):
        getattr(state, name)(*args)
    return state


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize(("lesson", "number", "kind", "params"), SCENES, ids=IDS)
@pytest.mark.parametrize("ascii", [False, True], ids=["unicode", "ascii"])
def test_no_panel_runs_into_another_and_no_number_is_cut(lesson, number, kind, params, size, ascii):
    for state in (scene_module(kind).State(params), played(kind, params)):
        frame = state.frame(*size, ascii)
        assert clashing_panels(frame) == []
        assert cut_text(frame) == []
        assert all(len(line) <= size[0] for line in frame.lines)
        assert len(frame.lines) <= size[1]


def plotted(state):
    """A scene's plot as the picture rules read it: its series, its ranges, and its lines at
    a size; the curve's series and the series of points said to sit on it."""
    kind = type(state).__name__
    if kind == "SecantState":
        xlim, ylim = state.view()
        return state.series(False), xlim, ylim, state.plot_lines, "f", ("P", "Q")
    if kind == "DashboardState":
        return state.series(False), state.xlim, state.ylim, state.plot_lines, "f", ("point",)
    if kind == "ChainState":
        xlim, ylim = state.xlim, state.curve.ylim
        return state.series(False), xlim, ylim, state.plot, "curve", ("x", "ends")
    xlim, ylim = tuple(state.params["range"]), state.y_limits()
    return state.series(False), xlim, ylim, state.plot_lines, state.f.text, ("marked",)


ON_CURVES = [scene for scene in SCENES if scene[2] in ("secant", "dashboard", "chain", "plot")]


@pytest.mark.parametrize(("lesson", "number", "kind", "params"), ON_CURVES,
                         ids=[f"{a}-{b}-{c}" for a, b, c, _ in ON_CURVES])  # fmt: skip
def test_a_point_marked_on_a_curve_sits_on_it_and_the_curve_shows_beside_it(
    lesson, number, kind, params
):
    from gradtui.scenes.kit.picture_rules import hidden_beside, off_curve, unnamed_marks

    moves = {"secant": "shrink", "dashboard": "walk", "chain": "move", "plot": None}
    state = scene_module(kind).State(params)
    for _ in range(6):
        series, xlim, ylim, draw, curve_label, marked_labels = plotted(state)
        (curve,) = [s for s in series if s.label == curve_label]
        for width, height in ((42, 12), (58, 9), (76, 20), (114, 40)):
            lines = draw(width, height)
            on = [s for s in series if s.label in marked_labels]
            assert on  # the scene marks its points
            for marked in on:
                where = {"xlim": xlim, "ylim": ylim}
                assert off_curve(curve, marked, width, height, **where) == [], marked.label
                also = "".join(s.marker for s in on)  # P beside Q is on the curve too
                assert hidden_beside(lines, curve, marked, width, height, **where,
                                     also_on=also) == []  # fmt: skip
        for size in SIZES:
            text = "\n".join(state.frame(*size).lines)
            assert unnamed_marks([s.marker for s in series], text) == [], size
        if moves[kind] is None:
            break
        getattr(state, moves[kind])(*((1,) if kind in ("dashboard", "chain") else ()))


def key_words(kind: str, state) -> list[tuple[str, ...]]:
    """What a learner must still read at 60x18 once `z` folds the text away: each scene's key
    numbers and its one-line verdict (each entry: any one of its words will do)."""
    if kind == "secant":
        return [("h  slope",), ("error",), (f"exact = {state.exact_words()}",),
                (state.verdict(), state.sentence())]  # fmt: skip
    if kind == "chain":
        return [("slopes multiplied", "product"), ("secant",),
                (state.short_verdict(), state.verdict())]  # fmt: skip
    if kind == "dashboard":
        return [("slope = ",), ("reading: ",), (state.sentence().split(":")[0],)]
    if kind == "field":
        return [("∂f/∂x",), ("∂f/∂y",), ("uphill", "steepest"), ("slope",)]
    if kind == "board":
        return [("loss",), *((f" {name} ",) for name in state.names), (state.status()[:20],)]
    if kind == "plot":
        return [(line[:30],) for line in state.readout_lines()]
    if kind == "vanishing":
        return [("s^n = ", "gradient")]
    if kind == "gears":
        return [("= ",)]
    return [(state.status(),)]  # the graph: where the passes stand


@pytest.mark.parametrize(("lesson", "number", "kind", "params"), SCENES, ids=IDS)
def test_at_60x18_with_z_each_scene_shows_its_key_numbers_and_verdict(lesson, number, kind, params):
    for state in (scene_module(kind).State(params), played(kind, params)):
        text = " ".join(" ".join(state.frame(*FOLDED).lines).split())
        for words in key_words(kind, state):
            assert any(" ".join(w.split()) in text for w in words), words
