"""Every key a built-in lesson's prose tells the learner to press works in the app, as the same
test in tests/unit/test_plain_reader.py checks it in the line mode: each step's keys (read from
its prose by tests/conftest.py's `named_keys`) are pressed in the order the prose names them.
A key the step's scene declares is the scene's (the step stays); any other reaches one of the
app's own keys that works there (ctrl+p, the palette; e, your own function). And each is on
the key bar at 80×24 when the prose's order reaches it (issue 20: `d` and `*` were not)."""

from __future__ import annotations

from itertools import groupby

from textual.command import CommandPalette

from gradtui.app import GradApp
from gradtui.progress import Progress
from gradtui.scenes.kit.keys import key_name
from gradtui.scenes.live import LiveScene
from gradtui.script.catalog import builtin_lessons_dir


def step_shown(app: GradApp, number: int) -> bool:
    """The lesson screen shows step `number`, its scene (if any) holding the keys."""
    screen = app.lesson_screen
    if screen is None or screen.step_number != number or app.screen is not screen:
        return False
    view, scene = screen.scene_view, app.session.scene()
    if scene is None:
        return view is None and not screen.query_one("#scene-side").display
    return view is not None and view.scene is scene and view.has_focus


def keys_on_bar(app: GradApp) -> set[str]:
    """The keys the key bar shows now, by name ("./h" is full_stop and h; "^p" is ctrl+p)."""
    names = set()
    for shown, _words in app.screen.query_one("KeyBar").shown:
        for part in shown.split("/"):
            name = "ctrl+" + part[1:] if part.startswith("^") else key_name(part)
            names.add(name)
    return names


async def press_each_named_key(
    file: str, rows, tap, wait_until, size=(120, 40), on_bar: bool = False
) -> None:
    """Open lesson `file` at each of its steps in `rows` and press the keys the step names
    (`on_bar`: after checking that the key bar shows each as its turn comes)."""
    folder = builtin_lessons_dir()
    app = GradApp(lessons_dir=folder, progress=Progress(enabled=False))
    async with app.run_test(size=size) as pilot:
        for _, number, keys in rows:
            app.open_lesson(folder / file, number)
            assert await wait_until(pilot, lambda n=number: step_shown(app, n)), number
            screen = app.lesson_screen
            scene = app.session.scene()
            for name in keys:
                where = f"{file}, step {number}: {name}"
                reached = app.screen.active_bindings.get(name)
                assert reached is not None and reached.enabled, where
                if isinstance(scene, LiveScene) and scene.key_named(name) is not None:
                    assert reached.node is screen.scene_view, where  # the scene's own
                if on_bar:
                    await pilot.pause(0.05)
                    assert name in keys_on_bar(app), (where, screen.query_one("KeyBar").shown)
                await tap(pilot, name)
                assert screen.step_number == number, where
                if name == "ctrl+p":
                    palette = lambda: isinstance(app.screen, CommandPalette)  # noqa: E731
                    assert await wait_until(pilot, palette), where
                    await tap(pilot, "escape")
                    assert await wait_until(pilot, lambda s=screen: app.screen is s), where


async def test_every_key_a_lesson_names_is_answered_in_the_app(named_keys, tap, wait_until):
    for file, rows in groupby(named_keys(), key=lambda row: row[0]):
        await press_each_named_key(file, list(rows), tap, wait_until)


async def test_every_key_a_lesson_names_is_on_the_key_bar_at_80_by_24(named_keys, tap, wait_until):
    for file, rows in groupby(named_keys(), key=lambda row: row[0]):
        await press_each_named_key(file, list(rows), tap, wait_until, (80, 24), on_bar=True)
