"""The `landscape` scene as plain text for `gradtui print`: every start's whole walk on the
picture, and where each one ended, in words.
"""

from __future__ import annotations

import textwrap

from gradtui.calculus.optimizers import SGD
from gradtui.scenes.kit.numbers import plural, short
from gradtui.scenes.kit.runs import RUN_MARKS
from gradtui.scenes.landscape.picture import BALL, TRAIL
from gradtui.scenes.landscape.state import LandscapeState
from gradtui.scenes.landscape.words import near
from gradtui.textsafe import for_terminal


def outcomes(
    params: dict, scene: LandscapeState | None = None
) -> list[tuple[str, str, float, str]]:
    """For each start: (start, end, loss at the end, verdict) after the whole walk (on a
    scene of `params`, or on `scene`, whose walks are then reused)."""
    scene = LandscapeState(params) if scene is None else scene
    shown = (scene.start_index, scene.shown)
    rows = []
    for index in range(len(scene.starts)):
        scene.select_start(index)
        scene.shown = scene.path.steps
        start = ", ".join(f"{n} = {short(scene.start[n])}" for n in scene.names)
        width = scene.x_range[1] - scene.x_range[0]
        end = ", ".join(f"{n} {near(scene.coords()[n], width)}" for n in scene.names)
        rows.append((start, end, scene.loss(), scene.verdict_text()))
    scene.select_start(shown[0])
    scene.shown = shown[1]
    return rows


def render_text(params: dict, ascii: bool = False) -> str:
    """The landscape with every start's whole walk, and where each one ended (each run's, for
    runs side by side)."""
    scene = LandscapeState(params)
    if scene.comparing:
        return for_terminal("\n".join(_runs_text(scene, ascii)), ascii)
    kind = "surface" if scene.two_d else "curve"
    rule = "" if scene.rule.name == SGD else f" ({scene.rule.settings_words()})"
    intro = (
        f"Gradient descent{rule} on the {'loss ' if scene.height == 'loss' else ''}{kind} "
        f"f = {scene.f.text}, learning rate "
        f"{short(scene.learning_rate)}, up to {plural(params['steps'], 'step')}. The ball "
        f"({BALL.get(ascii)}) and its trail ({TRAIL.get(ascii)}) show start 1's walk; the "
        "numbers mark the starts."
    )
    out = [*textwrap.wrap(intro, 76), ""]
    scene.shown = scene.path.steps
    out += scene.picture(72, 16, ascii)
    out.append("")
    for i, (start, end, loss, verdict) in enumerate(outcomes(params, scene), start=1):
        out.append(f"start {i}: {start} -> {end}, {scene.height} = {short(loss)}")
        out += textwrap.wrap(verdict, 72, initial_indent="    ", subsequent_indent="    ")
    return for_terminal("\n".join(out), ascii)


def _runs_text(scene: LandscapeState, ascii: bool = False) -> list[str]:
    """Runs side by side from the first start: who they are, the picture of all their walks
    (each in its mark, each ending at its number), and where each one ended and how."""
    kind = "surface" if scene.two_d else "curve"
    start = ", ".join(f"{n} = {short(scene.start[n])}" for n in scene.names)
    runs = "; ".join(f"{RUN_MARKS[i].get(ascii)} run {i + 1}: {rule.describe()}"
                     for i, rule in enumerate(scene.rules))  # fmt: skip
    intro = (f"{len(scene.rules)} runs of descent side by side on the "
             f"{'loss ' if scene.height == 'loss' else ''}{kind} f = {scene.f.text}, from "
             f"{start}, up to {plural(scene.params['steps'], 'step')} each ({runs}).")  # fmt: skip
    out = [*textwrap.wrap(intro, 76), ""]
    scene.shown = max(path.steps for path in scene.paths)
    out += scene.picture(72, 16, ascii)
    out.append("")
    width = scene.x_range[1] - scene.x_range[0]
    for i, path in enumerate(scene.paths):
        point = scene.coords(path=path)
        end = ", ".join(f"{n} {near(point[n], width)}" for n in scene.names)
        height = short(float(scene.f.evaluate(**point)))
        out.append(f"run {i + 1} ended after {plural(path.steps, 'step')} at {end}, "
                   f"{scene.height} = {height}")  # fmt: skip
        out += textwrap.wrap(scene.run_verdict(i).words, 72, initial_indent="    ",
                             subsequent_indent="    ")  # fmt: skip
    race = scene.race_words()
    return [*out, "", *textwrap.wrap(race[:1].upper() + race[1:] + ".", 76)]
