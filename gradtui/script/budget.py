"""The work a lesson's scenes ask for, bounded as a whole.

Each scene kind bounds its own parameters, yet twenty scenes each at its bounds could keep
`gradtui print` busy for minutes. Each kind estimates the seconds its scene takes (`cost` in
its module; gradtui/scenes/kit/cost.py gives the units), and a lesson whose scenes together
would take more than MAX_LESSON_SECONDS is refused, at its heaviest scene, so that printing
any lesson `gradtui check` accepts, or opening each of its steps, takes a few seconds at most.
"""

from __future__ import annotations

from gradtui.script.blocks import Report
from gradtui.script.model import SceneSpec

MAX_LESSON_SECONDS = 3.0  # the built-in lessons ask for under 1 s each
LIGHTER = "a shorter function"  # what makes a scene lighter, for a kind that does not say


def scene_seconds(spec: SceneSpec) -> float:
    """The seconds a scene's work is estimated to take here (a kind without an estimate of
    its own costs what any scene does)."""
    from gradtui.scenes import scene_module
    from gradtui.scenes.kit.cost import SCENE_SECONDS

    cost = getattr(scene_module(spec.kind), "cost", None)
    return SCENE_SECONDS if cost is None else float(cost(spec.params))


def check_budget(scenes: list[SceneSpec], report: Report) -> float:
    """Report a lesson whose `scenes` together ask for more than MAX_LESSON_SECONDS, at the
    line of the one that asks for the most; returns the estimate of the whole."""
    from gradtui.scenes import scene_module

    costs = [(spec, scene_seconds(spec)) for spec in scenes]
    total = sum(seconds for _, seconds in costs)
    if total > MAX_LESSON_SECONDS:
        heaviest, seconds = max(costs, key=lambda pair: pair[1])
        lighter = getattr(scene_module(heaviest.kind), "LIGHTER", LIGHTER)
        report.add(
            heaviest.line,
            1,
            f"the scenes of this lesson would take about {in_seconds(total)} s to print (more "
            f"than the {in_seconds(MAX_LESSON_SECONDS)} s a lesson may ask for); this "
            f"{heaviest.kind} scene asks for the most, about {in_seconds(seconds)} s: {lighter}",
        )
    return total


def in_seconds(seconds: float) -> str:
    """A figure in seconds as a person would say it: '0.4', '3', '41', '1,250'."""
    if seconds < 10:
        return f"{seconds:.1f}".removesuffix(".0")
    return f"{seconds:,.0f}"


def most_within_budget(kind: str, given: dict, name: str, count: int, high: int) -> int:
    """The largest value (at most `high`) of the whole-number parameter `name` for which
    `count` scenes of `kind` with parameters `given` fit in the budget together (1 when even
    that does not): the heaviest lesson `gradtui check` accepts, for tests and benchmarks."""
    from gradtui.scenes import scene_params
    from gradtui.scenes.kit.params import fill_defaults

    low = 1
    while low < high:
        middle = (low + high + 1) // 2
        params = fill_defaults(scene_params(kind), {**given, name: middle})
        if count * scene_seconds(SceneSpec(kind, params, 1)) <= MAX_LESSON_SECONDS:
            low = middle
        else:
            high = middle - 1
    return low
