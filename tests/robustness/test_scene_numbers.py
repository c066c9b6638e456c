"""Numbers that are not numbers: inf, nan, overflow and underflow in every scene's inputs.

For every registered scene kind, cases are built from its declared PARAMS: functions that
blow up or are undefined (`1/x` at 0, `exp(1000)`, `log(x)` at 0 and below, `sqrt(-1)`,
`x**1e6`, `1e308*10`), huge, tiny and subnormal ranges, points and numbers at the edges of
what each parameter allows. Every case goes through the real script validator; a value a
parameter's declared range forbids is left out, since no lesson can reach a scene with it (a
learning rate of 1e6 is tried everywhere and refused where the maximum is 100: that maximum
is tried instead, with the scene's "faster" key pressed against it). Invariants:
`render_text` and the view (mounted in the app at 80x24, each of its keys pressed) never
raise, plotext never receives inf or nan, numpy's floating-point warnings stay inside (else
`gradtui print` shows them on stderr), and what the learner reads says "infinity" or
"undefined" in words rather than a bare `inf` or `nan`.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding

from gradtui.app import GradApp
from gradtui.progress import Progress
from gradtui.scenes import KINDS, scene_module
from gradtui.scenes.kit.params import (
    EXPRESSION,
    EXPRESSIONS,
    FLAG,
    INTEGER,
    NUMBER,
    NUMBERS,
    POINTS,
    RANGE,
    RUNS,
    TEXT,
    Param,
)
from gradtui.script.parse import parse_lesson
from gradtui.script.problems import LessonError
from gradtui.views.scene import view_class

# Under `make test` (pytest-xdist) one worker takes the whole module: its hostile cases are built
# and drawn once for the whole module.
pytestmark = pytest.mark.xdist_group("scene-numbers")

FUNCTIONS_OF_X = [
    "1/x", "exp(1000)", "exp(1000*x)", "-exp(1000*x)", "log(x)", "log(-1 - x^2)",
    "sqrt(-1)", "sqrt(x)", "x**1e6", "1e308*10", "-1e308*10*x", "1/(x-1)", "0*x", "0/0",
    "x/0", "exp(-1000*x^2)", "1e-320*x", "tan(x)*1e300",
]  # fmt: skip
FUNCTIONS_OF_XY = ["1/(x*y)", "log(x) + log(y)", "exp(1000*x*y)", "x**1e6 + y"]
# The ones also mounted in the app (each mount costs a few hundred ms): one of each trouble.
IN_VIEW_FUNCTIONS = {"1/x", "exp(1000)", "log(x)", "sqrt(-1)", "x**1e6", "1e308*10", "1/(x*y)"}
NUMBER_EDGES = [0.0, -1.0, 5e-324, 1e-300, 1e300, -1e300, 1e6]  # plus each param's bounds
RANGE_EDGES = [  # from wide to narrow: the validator keeps those at the edge of what it allows
    (-1.7e308, 1.7e308),  # its width overflows to inf
    (-1e300, 1e300),
    (-1e12, 1e12),
    (-1e9, 1e9),
    (1e15, 1e15 + 1),  # narrower than the digits a float keeps
    (1e8, 1e8 + 1),
    (0.0, 5e-324),  # subnormal: almost no numbers in between
    (0.0, 1e-300),
    (0.0, 1e-9),
    (-1.0, 1.0),  # plain, last
]
NUMBERS_EDGES = [[0.0], [-1.0], [5e-324], [1e300], [-1e300, 1e300]]
POINTS_EDGES = [[[0.0, 0.0]], [[-1.0, -1.0]], [[1e300, -1e300]], [[5e-324, 0.0]]]

# A bare `inf` or `nan` in what the learner reads (`undefined (nan)` is words and fine).
BARE_NON_NUMBER = re.compile(r"(?<![\w(])[-+]?(?:nan|inf)(?![\w)])", re.IGNORECASE)


@dataclass(frozen=True)
class Case:
    """One scene with some hostile parameters, as the validator handed it on."""

    kind: str
    label: str  # what was set, for failure messages
    params: dict[str, Any]
    in_view: bool  # also mounted in the app (a subset: mounting costs time)


def functions_for(param: Param) -> list[str]:
    return FUNCTIONS_OF_X + (FUNCTIONS_OF_XY if "y" in param.variables else [])


def edges_for(param: Param) -> list[Any]:
    """Values at or past the edges of what `param` holds (the validator drops the forbidden)."""
    if param.kind == NUMBER:
        bounds = [b for b in (param.low, param.high) if b is not None]
        return list(dict.fromkeys([*NUMBER_EDGES, *bounds]))
    if param.kind == INTEGER:  # the low end only: the high end is about speed, not numbers
        return [int(param.low)] if param.low is not None else [0]
    if param.kind == RANGE:
        return RANGE_EDGES
    if param.kind == NUMBERS:
        return NUMBERS_EDGES
    if param.kind == POINTS:
        return POINTS_EDGES
    if param.kind == EXPRESSION:
        return functions_for(param)
    if param.kind == EXPRESSIONS:
        return [["1/x", "exp(1000)"], ["log(x)", "x**1e6", "0/0"]]
    if param.kind == TEXT and param.choices:
        return list(param.choices)
    if param.kind == FLAG:
        return [True, False]
    if param.kind == RUNS:  # each setting a run may change, at its edges, beside a plain run
        runs = [[{}, {}, {}, {}]]
        for field in param.fields:
            ends = [field.low, field.high] if field.kind in (NUMBER, INTEGER) else []
            for value in [*ends, *edges_for(field)[:2]]:
                if value is not None:
                    runs.append([{field.name: value}, {}])
        return runs
    return []


def in_view(param: Param, params: tuple[Param, ...]) -> bool:
    """Whether single-parameter cases of `param` are also mounted in the app (each mount costs
    a few hundred ms; render_text sees every case): the first range (the x-range) and lists of
    expressions. Numbers at their ends are mounted all together (see cases_for)."""
    first_range = next((p for p in params if p.kind == RANGE), None)
    return param is first_range or param.kind == EXPRESSIONS


def at(params: tuple[Param, ...], where: float) -> dict[str, Any]:
    """Every position-like parameter (numbers, lists of numbers, points) set to `where`."""
    shaped = {NUMBER: where, NUMBERS: [where], POINTS: [[where, where]]}
    return {p.name: shaped[p.kind] for p in params if p.kind in shaped}


def validated(kind: str, given: dict[str, Any], kit, *, partial: bool) -> dict[str, Any] | None:
    """The params the validator hands the scene, or None when it refuses them. With `partial`,
    parameters it refuses are dropped one by one first, so a combination keeps what a lesson
    could set."""
    while True:
        text = kit.lesson_text("case", ["# Case\n\n" + kit.scene_block(kind, given)])
        try:
            return parse_lesson(text, Path("case.md")).steps[0].scene.params
        except LessonError as error:
            refused = {
                name
                for name in given
                for problem in error.problems
                if re.match(rf"{re.escape(name)}\b", problem.message)
                or f" {name} " in f" {problem.message} "
            }
            if not partial or not refused:
                return None
            given = {name: value for name, value in given.items() if name not in refused}


def cases_for(kind: str, kit) -> list[Case]:
    params = scene_module(kind).PARAMS
    required = kit.required_params(kind)
    wanted: list[tuple[str, dict[str, Any], bool, bool]] = []  # label, given, mounted, partial
    for param in params:
        for value in edges_for(param):
            label = f"{param.name}={value!r}"
            wanted.append((label, {param.name: value}, in_view(param, params), False))
    for param in params:
        if param.kind != EXPRESSION:
            continue
        for function in functions_for(param):
            for where in (0.0, -1.0):
                given = {**at(params, where), param.name: function}
                mounted = where == 0.0 and function in IN_VIEW_FUNCTIONS
                wanted.append((f"{param.name}={function!r} at {where}", given, mounted, True))
    for end in ("low", "high"):
        given = {p.name: getattr(p, end) for p in params if p.kind == NUMBER}
        given = {name: value for name, value in given.items() if value is not None}
        if given:
            wanted.append((f"every number at its {end} end", given, True, True))
    cases = []
    seen: dict[str, int] = {}  # params already in a case -> that case's index
    for label, given, mounted, partial in wanted:
        checked = validated(kind, {**required, **given}, kit, partial=partial)
        if checked is None:
            continue
        key = repr(sorted(checked.items(), key=lambda item: item[0]))
        if key in seen:  # the same params again (a kind with no number to set, say): keep
            if mounted:  # the first, but mount it if the repeat asked for that
                cases[seen[key]] = replace(cases[seen[key]], in_view=True)
            continue
        seen[key] = len(cases)
        cases.append(Case(kind, label, checked, mounted))
    return only_range_ends_mounted(cases)


def only_range_ends_mounted(cases: list[Case]) -> list[Case]:
    """Of the mounted cases of one range, keep the widest and the narrowest the validator
    let through (RANGE_EDGES runs from wide to narrow; the plain [-1, 1] is not mounted)."""
    plain = repr(RANGE_EDGES[-1])
    by_range: dict[str, list[int]] = {}
    dropped: set[int] = set()
    for index, case in enumerate(cases):
        name, _, value = case.label.partition("=")
        if case.in_view and value.startswith("("):
            if value == plain:
                dropped.add(index)
            else:
                by_range.setdefault(name, []).append(index)
    for indexes in by_range.values():
        dropped.update(indexes[1:-1])
    return [replace(c, in_view=False) if i in dropped else c for i, c in enumerate(cases)]


class Rendered:
    """render_text of every case of a kind, done once for the three tests that read it:
    (failures, floating-point warnings, text by case label), each naming its case."""

    def __init__(self, cases: dict[str, list[Case]]) -> None:
        self.cases = cases
        self._done: dict[str, tuple[list[str], list[str], dict[str, str]]] = {}

    def __call__(self, kind: str) -> tuple[list[str], list[str], dict[str, str]]:
        if kind not in self._done:
            self._done[kind] = self._render(self.cases[kind])
        return self._done[kind]

    @staticmethod
    def _render(cases: list[Case]) -> tuple[list[str], list[str], dict[str, str]]:
        failures, noise, texts = [], [], {}
        for case in cases:
            for ascii in (False, True) if case is cases[0] else (False,):
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    try:
                        text = scene_module(case.kind).render_text(case.params, ascii)
                        assert isinstance(text, str) and text.strip()
                        texts.setdefault(case.label, text)
                    except Exception as error:  # collect them all: one bug hides another
                        failures.append(f"{case.label}: {type(error).__name__}: {error}")
                noise += [f"{case.label}: {w.category.__name__}: {w.message}" for w in caught]
        return failures, noise, texts


@pytest.fixture(scope="module")
def cases(kit) -> dict[str, list[Case]]:
    """Every kind's hostile cases that the validator lets through."""
    return {kind: cases_for(kind, kit) for kind in KINDS}


@pytest.fixture(scope="module")
def rendered(cases) -> Rendered:
    return Rendered(cases)


def bare_non_numbers(text: str) -> list[str]:
    """Each line that shows a bare inf or nan."""
    return [line.strip() for line in text.splitlines() if BARE_NON_NUMBER.search(line)]


def test_this_module_runs_on_one_worker_under_make_test(request):
    """Its hostile cases are built once, on the worker that takes the whole module: under
    pytest-xdist's loadgroup a test's id carries its group (pytest 9.2 lost it, and each worker
    built them again)."""
    if getattr(request.config.option, "loadgroup", False):  # a worker of --dist loadgroup
        assert request.node.nodeid.endswith("@scene-numbers"), request.node.nodeid


def test_every_kind_has_hostile_cases_the_validator_accepts(cases):
    for kind, found in cases.items():
        assert len(found) >= 10, f"{kind}: only {len(found)} cases got past the validator"
        assert any(case.in_view for case in found), kind


# The plotext guard is on while the first of these renders; the others read what it found.
@pytest.mark.parametrize("kind", list(KINDS))
def test_render_text_never_raises_on_hostile_numbers(kind: str, rendered, finite_plotext):
    failures, _, _ = rendered(kind)
    assert not failures, f"{kind}: render_text failed on\n" + "\n".join(failures)
    if hasattr(scene_module(kind), "text_plot"):  # a kind that draws no plot (graph) has none
        assert finite_plotext, "plotext was never called: the guard checked nothing"


@pytest.mark.parametrize("kind", list(KINDS))
def test_render_text_keeps_floating_point_warnings_to_itself(kind: str, rendered, finite_plotext):
    """numpy's RuntimeWarnings are no crash (the app swallows stray output), but `gradtui
    print` shows them on stderr ("RuntimeWarning: overflow encountered in ...")."""
    _, noise, _ = rendered(kind)
    assert not noise, f"{kind}: warnings escaped:\n" + "\n".join(dict.fromkeys(noise))


def _unmounted_readout(kind: str, params: dict[str, Any]) -> str:
    try:
        view_type = view_class(kind)
    except (ImportError, AttributeError):
        return ""
    return view_type(params).readout()


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("kind", list(KINDS))
def test_non_numbers_are_said_in_words(kind: str, cases, rendered, finite_plotext):
    shown = []
    _, _, texts = rendered(kind)
    for case in cases[kind]:
        for source, text in (
            ("print", texts.get(case.label, "")),
            ("readout", _unmounted_readout(kind, case.params)),
        ):
            shown += [f"{case.label} [{source}]: {line}" for line in bare_non_numbers(text)]
    assert not shown, f"{kind} shows bare inf/nan instead of words:\n" + "\n".join(shown[:15])


def view_keys(kind: str) -> list[str]:
    keys = []
    for binding in getattr(view_class(kind), "BINDINGS", []):
        if isinstance(binding, tuple):
            binding = Binding(*binding)
        keys += [key.strip() for key in binding.key.split(",")]
    return keys


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("kind", list(KINDS))
async def test_views_survive_hostile_numbers(
    kind: str, cases, tmp_path: Path, kit, post, finite_plotext
):
    try:
        view_type = view_class(kind)
    except ImportError as error:
        pytest.skip(f"the {kind} view cannot be imported yet: {error}")
    key_event, _ = post
    cases = [case for case in cases[kind] if case.in_view]
    steps = [f"# {n}\n\n" + kit.scene_block(kind, case.params) for n, case in enumerate(cases)]
    lesson = kit.write(tmp_path / "lessons" / "01-numbers.md", "Numbers", steps)
    app = GradApp(lessons_dir=lesson.parent, progress=Progress(enabled=False), open_path=lesson)
    keys = view_keys(kind)
    current = cases[0]
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            for number, case in enumerate(cases, start=1):
                current = case
                screen = app.lesson_screen
                app.session.go_to(number)
                await pilot.pause()
                assert isinstance(screen.scene_view, view_type), (
                    f"{case.label}: the view was not built: "
                    f"{getattr(screen.scene_view, 'content', screen.scene_view)}"
                )
                for key in keys:  # aliases of one action press it again
                    app.post_message(key_event(key))
                await pilot.pause()
                if not app.is_running:
                    return  # it crashed: leaving run_test re-raises the exception
                bare = bare_non_numbers(screen.scene_view.readout())
                assert not bare, f"{case.label}: bare inf/nan in the readout: {bare}"
            await pilot.press("q")
    except BaseException as error:
        error.add_note(f"numbers: kind={kind} case={current.label} params={current.params}")
        raise
