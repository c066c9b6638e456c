"""Every registered scene kind keeps the contract of gradtui/scenes/contract.py, and so does the
worked example in docs/adding-a-scene.md (loaded from the page itself, so it cannot go stale).

What a lesson author and the generic view rely on: each key names a real method of the state,
← and → are left to the lesson, every parameter is documented and its default is valid,
`render_text` returns plain text, and a frame fits the size it is given. And `gradtui check`
relies on each kind's `cost(params)` (or, without one, the cost of any scene) bounding the work
`render_text` does: counted here in evaluations of expressions, never timed.
"""

from __future__ import annotations

import importlib.util
import math
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from gradtui import scenes
from gradtui.scenes import KINDS, cross_check, scene_module
from gradtui.scenes.contract import SceneState
from gradtui.scenes.kit import cost as units
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.layout import Frame
from gradtui.scenes.kit.params import EXPRESSION, MODEL, Param, coerce, fill_defaults
from gradtui.scenes.kit.params import KINDS as PARAM_KINDS
from gradtui.script.budget import MAX_LESSON_SECONDS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "adding-a-scene.md"
STEP_KEYS = {"left", "right"}  # the lesson's own, in every scene
ESCAPES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SIZES = [(80, 24), (60, 18), (200, 50), (30, 8), (1, 1), (0, 0)]


def example_module(tmp_path: Path) -> ModuleType:
    """The `nudge` module as docs/adding-a-scene.md prints it."""
    text = DOCS.read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    path = tmp_path / "nudge.py"
    path.write_text(code, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("gradtui_docs_nudge", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def as_toml(value):
    """A value as TOML hands it over: tuples are lists."""
    if isinstance(value, tuple | list):
        return [as_toml(v) for v in value]
    return value


def hold_to_contract(module: ModuleType) -> None:
    """The checks every kind passes (a failing assertion names what is wrong)."""
    assert isinstance(module.SUMMARY, str) and module.SUMMARY.strip()
    assert isinstance(module.PARAMS, tuple) and all(isinstance(p, Param) for p in module.PARAMS)
    names = [p.name for p in module.PARAMS]
    assert len(names) == len(set(names)), f"a parameter is declared twice: {names}"
    for param in module.PARAMS:
        assert param.doc.strip(), f"{param.name} has no doc"
        assert param.kind in PARAM_KINDS, f"{param.name} has an unknown kind {param.kind}"
        if param.default is not None and not param.required:
            coerce(param, as_toml(param.default))  # the default is itself a valid value
    assert issubclass(module.State, SceneState)
    assert isinstance(module.KEYS, tuple) and all(isinstance(k, Key) for k in module.KEYS)
    for key in module.KEYS:
        method = getattr(module.State, key.method, None)
        assert callable(method), f"key {key.keys} names {key.method}, which State lacks"
        assert key.words.strip(), f"key {key.keys} has no words"
        bound = {k.strip() for k in key.keys.split(",")}
        assert key.when or not bound & STEP_KEYS, f"{key.keys} takes the lesson's step keys"
    function = getattr(module, "FUNCTION", None)
    if function is not None:
        assert function in names and module.PARAMS[names.index(function)].kind in (
            EXPRESSION,
            MODEL,
        )
    params = fill_defaults(module.PARAMS, {})
    text = module.render_text(params)
    assert isinstance(text, str) and text.strip() and not ESCAPES.search(text)
    assert module.render_text(params, ascii=True).isascii()
    state = module.State(params)
    for width, height in SIZES:
        frame = state.frame(width, height, False)
        assert isinstance(frame, Frame)
        assert len(frame.lines) <= max(height, 0)
        assert all(len(line) <= width for line in frame.lines)
        assert all(line.isascii() for line in state.frame(width, height, True).lines)
    for key in module.KEYS:  # every key works from the start and keeps the state readable
        getattr(state, key.method)(*key.args)
        assert isinstance(state.readout(), str)
    cost = getattr(module, "cost", None)
    if cost is not None:
        at_defaults = cost(params)
        assert isinstance(at_defaults, float) and math.isfinite(at_defaults) and at_defaults > 0
        assert at_defaults <= MAX_LESSON_SECONDS / 10, "a scene at its defaults costs too much"
    lighter = getattr(module, "LIGHTER", None)
    assert lighter is None or (isinstance(lighter, str) and lighter.strip())


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_registered_kind_keeps_the_contract(kind):
    hold_to_contract(scene_module(kind))


def test_the_worked_example_in_the_docs_keeps_the_contract(tmp_path):
    module = example_module(tmp_path)
    hold_to_contract(module)
    state = module.State(fill_defaults(module.PARAMS, {"f": "x**3", "x": 2.0, "step": 0.01}))
    state.nudge(1)
    readout = state.readout()
    assert "x = 2.01" in readout and "slope = 12.1203 (autodiff)" in readout  # 3 * 2.01**2
    rise_over_run = (2.01**3 - 2.0**3) / 0.01  # 12.0601
    assert f"rise/run = {rise_over_run:.6g}" in readout


async def test_the_worked_example_runs_in_a_lesson(tmp_path, monkeypatch):
    """Registered with its one line, the example opens in the app and its keys work."""
    module = example_module(tmp_path)
    monkeypatch.setitem(sys.modules, "gradtui.scenes.nudge", module)
    monkeypatch.setitem(scenes.KINDS, "nudge", "gradtui.scenes.nudge")
    from gradtui.app import GradApp
    from gradtui.progress import Progress
    from gradtui.script.parse import load_lesson
    from gradtui.textmode import lesson_as_text

    lesson_file = tmp_path / "lessons" / "01-nudge.md"
    lesson_file.parent.mkdir()
    lesson_file.write_text(
        '+++\ntitle = "Nudges"\n+++\n\n# Nudge it\n\nPress the full stop.\n\n'
        '```scene\nkind = "nudge"\nf = "x**3"\nx = 2\nstep = 0.01\n```\n',
        encoding="utf-8",
    )
    lesson = load_lesson(lesson_file)
    assert "rise/run = 12.06" in lesson_as_text(lesson)
    app = GradApp(lessons_dir=lesson_file.parent, progress=Progress(enabled=False),
                  open_path=lesson_file)  # fmt: skip
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("full_stop", "full_stop")
        await pilot.pause()
        assert "x = 2.02" in app.lesson_screen.scene_view.readout()


def test_a_bad_value_is_named_by_what_it_is_and_where_in_the_list():
    from gradtui.scenes.kit.params import INTEGER, NUMBERS, POINTS, Param, ParamError, coerce

    with pytest.raises(ParamError, match=r"^points must be a whole number, not 2\.5$"):
        coerce(Param("points", INTEGER, 8, "How many."), 2.5)
    with pytest.raises(ParamError, match=r"^item 2 of mark must be a number, not text$"):
        coerce(Param("mark", NUMBERS, [], "Marks."), [1, "a"])
    with pytest.raises(ParamError, match=r"^point 1 of data must be a number, not text$"):
        coerce(Param("data", POINTS, [], "Data."), [[1, "a"], [2, 3]])


# --- the work a scene does, bounded by its cost ---------------------------------------------------


LONG_X = units.longest_expression(("x",))
LONG_XY = units.longest_expression(("x", "y"))
SIX_WEIGHTS = "a*sin(x) + b*cos(x) + c*tanh(x) + d*x + e*exp(-x^2) + g*sin(2*x)*cos(3*x)"

# Scenes heavier than their defaults in every way that adds work, yet quick enough for a test:
# the estimates are linear in steps and starts, so a bound that holds here holds beyond.
HEAVIER = {
    "plot": {"f": LONG_X, "also": [LONG_X] * 4, "samples": 4000,
             "mark": [i / 4 for i in range(12)]},
    "secant": {"f": LONG_X, "hs": [10.0**-i for i in range(20)], "tangent": True},
    "dashboard": {"f": LONG_X},
    "training": {"model": SIX_WEIGHTS, "points": 200, "text_steps": 300, "learning_rate": 0.001,
                 "true_curve": "sin(x)", "held_out": [[0.5, 0.5]] * 8},
    "landscape": {"f": LONG_X, "starts": [i / 5 - 0.8 for i in range(9)], "steps": 60,
                  "learning_rate": 1e-6},
    "board": {"model": SIX_WEIGHTS, "points": 200},
    "field": {"f": LONG_XY, "headings": 64},
    "gears": {"ratios": [10.0, 0.1, 10.0, 0.1], "turns": 1e6},
    "chain": {"links": [LONG_X[:120].rsplit("+", 1)[0]] * 5},
    "vanishing": {"links": 2000, "layers": 100},
    "graph": {"f": "sin(a*b) + exp(c*d)*a - log(1 + b^2)/c"},
    "network": {"hidden": [8, 8, 8], "features": ["x1", "x2", "x1^2", "x2^2", "x1*x2"],
                "points": 400, "batch_size": 40, "text_steps": 200, "l2": 0.001},
}  # fmt: skip
SURFACE = {"f": LONG_XY, "starts_xy": [[i / 5, 0.3] for i in range(9)], "steps": 40,
           "learning_rate": 1e-6}  # fmt: skip


# Other ways of being heavy: a walk on a surface; a curve flat in a dozen stretches, each
# end of which is found by bisection; a field read on a crease.
OTHER = {
    "landscape": SURFACE,
    # standing on a crease: the one-sided compass, and the steepest climb and fall searched
    "field": {
        "f": f"abs(x) + abs(y) + ({LONG_XY[:400].rsplit('+', 1)[0]})/1000",
        "at": [0.0, 0.0],
        "headings": 64,
    },
    "dashboard": {"f": f"relu(sin(20*x)) * (3 + ({LONG_X[:400].rsplit('+', 1)[0]})/100)"},
}


@pytest.mark.parametrize("variant", ["defaults", "heavier", "other"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_a_scenes_evaluations_cost_no_more_than_its_estimate(kind, variant, priced_passes):
    if variant == "other" and kind not in OTHER:
        pytest.skip(f"no other way to make a {kind} scene heavier")
    module = scene_module(kind)
    given = {"defaults": {}, "heavier": HEAVIER[kind], "other": OTHER.get(kind)}[variant]
    params = fill_defaults(module.PARAMS, {p.name: coerce(p, given[p.name]) for p in module.PARAMS
                                           if p.name in given})  # fmt: skip
    assert cross_check(kind, params) == []
    module.render_text(params)
    spent = sum(priced_passes)
    cost = getattr(module, "cost", None)
    estimate = units.SCENE_SECONDS if cost is None else cost(params)
    assert spent <= estimate, (
        f"{kind} ({variant}): {len(priced_passes)} evaluations worth {spent:.3f} s, "
        f"more than its estimate of {estimate:.3f} s"
    )
