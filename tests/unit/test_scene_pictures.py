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
KINDS = ("plot", "secant", "dashboard", "board", "field", "gears", "chain", "vanishing", "graph")
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
def test_no_panel_runs_into_another_and_no_number_is_cut(lesson, number, kind, params, size,
                                                           ascii):  # fmt: skip
    for state in (scene_module(kind).State(params), played(kind, params)):
        frame = state.frame(*size, ascii)
        assert clashing_panels(frame) == []
        assert cut_text(frame) == []
        assert all(len(line) <= size[0] for line in frame.lines)
        assert len(frame.lines) <= size[1]
