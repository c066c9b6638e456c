"""Snapshots of the screens as a person sees them, as text: every registered scene kind in a
lesson step at 80x24 and at 60x18 (there the step's text first, then the scene after `z`, as
a learner folds the text away), the picker, the help, a check answered wrong and the end of a
lesson; a few screens again in --ascii, with NO_COLOR and in a light theme, those with a map
of their styles. Each is compared exactly with tests/snapshots/<name>.txt, so a layout change
shows up as a diff a reviewer can read.

After an intended change, regenerate them all and read the diff before committing:

    make snapshots        (= pytest tests/app/test_snapshots.py --update-snapshots)

Every screen is taken once it has settled (`settled`): no animation or redraw in flight, the
same text after one more turn of the app's loop. Nothing on these screens tells the time, and
every scene starts from its lesson's parameters (data from fixed seeds), so they are the same
on every run.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from gradtui.app import GradApp
from gradtui.progress import Progress
from gradtui.scenes import KINDS, scene_params
from gradtui.screens.done import LessonDoneScreen
from gradtui.screens.help import HelpScreen
from gradtui.screens.picker import PickerScreen
from gradtui.script.catalog import builtin_lessons_dir
from gradtui.script.parse import load_lesson

BUILTIN = builtin_lessons_dir()
WIDE, SMALL = (80, 24), (60, 18)
SLOPE = BUILTIN / "01-slope.md"  # the first lesson: the screens a newcomer meets first


@pytest.fixture(autouse=True)
def colour_on(monkeypatch):
    """The same screens whatever this shell has: colour on unless a test turns it off."""
    monkeypatch.delenv("NO_COLOR", raising=False)


@cache
def first_step_showing(kind: str) -> tuple[Path, int] | None:
    """The first built-in lesson step that shows a `kind` scene, if any does."""
    for path in sorted(BUILTIN.glob("[0-9]*.md")):
        for step in load_lesson(path).steps:
            if step.scene is not None and step.scene.kind == kind:
                return path, step.number
    return None


@cache
def first_number_check(path: Path) -> int:
    """The number of the lesson's first check that takes a typed number."""
    steps = load_lesson(path).steps
    return next(s.number for s in steps if s.check and not s.check.is_choice)


def scene_step(kind: str, folder: Path) -> tuple[Path, int, str]:
    """Where a `kind` scene is seen: its first built-in step, or (for a kind no lesson uses
    yet) a one-step lesson written in `folder` with the kind at its defaults; and the words
    saying which."""
    found = first_step_showing(kind)
    if found is not None:
        path, number = found
        return path, number, f"lessons/{path.name} step {number}, a {kind} scene"
    required = [p for p in scene_params(kind) if p.required]
    block = "\n".join(
        [f'kind = "{kind}"', *(f"{p.name} = {json.dumps(p.default)}" for p in required)]
    )
    path = folder / "01-alone.md"
    path.write_text(
        f'+++\ntitle = "A {kind} scene"\n+++\n\n# The {kind} scene\n\nAt its defaults.\n\n'
        f"```scene\n{block}\n```\n",
        encoding="utf-8",
    )
    return path, 1, f"a {kind} scene at its defaults (no built-in lesson shows one)"


def new_app(path: Path | None = None, step: int | None = None, **options) -> GradApp:
    """The app over the built-in lessons, open at `step` of `path` (else on the picker), with
    progress kept in memory only: a fresh learner's."""
    return GradApp(
        lessons_dir=BUILTIN,
        progress=Progress(enabled=False),
        open_path=path,
        open_step=step,
        **options,
    )


def all_names() -> set[str]:
    """Every snapshot the tests below store (to find left-over files)."""
    sizes = ("80x24", "60x18-text", "60x18-scene")
    scenes = [f"scene-{kind}-{size}" for kind in KINDS for size in sizes]
    others = """picker-80x24 picker-60x18 picker-resume-80x24 help-80x24 check-wrong-80x24
        check-wrong-60x18 lesson-end-80x24 ascii-picker-80x24 ascii-help-80x24
        ascii-check-wrong-80x24 ascii-secant-80x24 nocolor-secant-80x24
        nocolor-check-wrong-80x24 color-secant-80x24 light-secant-80x24"""
    return {*scenes, *others.split()}


@pytest.mark.parametrize("kind", list(KINDS))
async def test_every_scene_kind_in_a_lesson_step(kind, tmp_path, resize, settled, snapshots):
    path, number, where = scene_step(kind, tmp_path)
    app = new_app(path, number)
    async with app.run_test(size=WIDE) as pilot:
        shots = [(f"scene-{kind}-80x24", f"{where}, at 80x24", await settled(pilot))]
        await resize(pilot, *SMALL)
        screen = app.lesson_screen
        assert screen.text_only  # too low for both: the text first, the scene one z away
        shots.append((f"scene-{kind}-60x18-text", f"{where}, at 60x18", await settled(pilot)))
        await pilot.press("z")
        assert not screen.text_only and screen.scene_view.has_focus
        shots.append(
            (f"scene-{kind}-60x18-scene", f"{where}, at 60x18 after z", await settled(pilot))
        )
    snapshots(shots)


@pytest.mark.parametrize("ascii", [False, True], ids=["unicode", "ascii"])
async def test_the_picker(ascii, resize, settled, snapshots):
    prefix = "ascii-" if ascii else ""
    app = new_app(ascii=ascii)
    async with app.run_test(size=WIDE) as pilot:
        assert isinstance(app.screen, PickerScreen)
        shots = [
            (f"{prefix}picker-80x24", "the picker, a fresh learner, at 80x24", await settled(pilot))
        ]
        if not ascii:
            await resize(pilot, *SMALL)
            shots.append(
                ("picker-60x18", "the picker, a fresh learner, at 60x18", await settled(pilot))
            )
    snapshots(shots)


async def test_the_picker_after_part_of_a_lesson(settled, snapshots):
    app = new_app(SLOPE, 1)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("right", "right", "escape")  # steps 1 to 3 seen, then the lessons
        assert isinstance(app.screen, PickerScreen)
        screen = await settled(pilot)
    snapshots([("picker-resume-80x24", "the picker after steps 1-3 of lesson 1, at 80x24", screen)])


@pytest.mark.parametrize("ascii", [False, True], ids=["unicode", "ascii"])
async def test_the_help_over_a_lesson_step(ascii, settled, snapshots):
    path, number = first_step_showing("secant")
    app = new_app(path, number, ascii=ascii)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        screen = await settled(pilot)
    name = "ascii-help-80x24" if ascii else "help-80x24"
    snapshots([(name, f"? on lessons/{path.name} step {number}, at 80x24", screen)])


@pytest.mark.parametrize(
    "mode", ["unicode", "ascii", "nocolor"], ids=["unicode", "ascii", "nocolor"]
)
async def test_a_check_answered_wrong(mode, monkeypatch, resize, settled, snapshots):
    if mode == "nocolor":
        monkeypatch.setenv("NO_COLOR", "1")
    number = first_number_check(SLOPE)
    app = new_app(SLOPE, number, ascii=mode == "ascii")
    about = f"lessons/{SLOPE.name} step {number}, its check answered 12345 (wrong)"
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press(*"12345", "enter")  # far from any answer in the lesson
        assert app.lesson_screen.check_panel.verdict.startswith("Not quite")
        if mode == "unicode":
            shots = [("check-wrong-80x24", f"{about}, at 80x24", await settled(pilot))]
            await resize(pilot, *SMALL)
            shots.append(("check-wrong-60x18", f"{about}, at 60x18", await settled(pilot)))
        elif mode == "ascii":
            shots = [
                ("ascii-check-wrong-80x24", f"{about}, --ascii, at 80x24", await settled(pilot))
            ]
        else:
            screen = await settled(pilot, styles=True)
            shots = [("nocolor-check-wrong-80x24", f"{about}, NO_COLOR=1, at 80x24", screen)]
    snapshots(shots)


async def test_the_end_of_a_lesson(settled, snapshots):
    app = new_app(SLOPE, 1)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("end", "right")  # past the last step, no check answered
        assert isinstance(app.screen, LessonDoneScreen)
        screen = await settled(pilot)
    about = f"the end of lessons/{SLOPE.name}, from step 1 straight to the end, at 80x24"
    snapshots([("lesson-end-80x24", about, screen)])


DRAWN = {
    "ascii": "--ascii",
    "nocolor": "NO_COLOR=1",
    "color": "in colour (Textual's default theme)",
    "light": "in Textual's light theme (ctrl+p, change theme)",
}


@pytest.mark.parametrize("mode", list(DRAWN))
async def test_a_secant_step_in_each_way_of_drawing(mode, monkeypatch, settled, snapshots):
    """--ascii as text; NO_COLOR, Textual's default theme and its light one (a learner picks
    it from the palette, ctrl+p) with their styles."""
    if mode == "nocolor":
        monkeypatch.setenv("NO_COLOR", "1")
    path, number = first_step_showing("secant")
    app = new_app(path, number, ascii=mode == "ascii")
    async with app.run_test(size=WIDE) as pilot:
        if mode == "light":
            app.theme = "textual-light"
        screen = await settled(pilot, styles=mode != "ascii")
    about = f"lessons/{path.name} step {number}, a secant scene, {DRAWN[mode]}, at 80x24"
    snapshots([(f"{mode}-secant-80x24", about, screen)])


def test_every_stored_snapshot_belongs_to_a_test(snapshots):
    """A snapshot no test takes any more is removed by --update-snapshots; else it fails."""
    stored = {path.stem: path for path in snapshots.folder.glob("*.txt")}
    left_over = sorted(set(stored) - all_names())
    if snapshots.update:
        for name in left_over:
            stored[name].unlink()
    else:
        assert not left_over, f"snapshots no test takes: {left_over}; remove them: make snapshots"
