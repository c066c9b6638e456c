"""Shared set-up for the app tests: a private state folder, a small lesson folder, an app that
shows one scene view alone, and ways to drive an app while an animation runs.

pytest imports test modules by path (--import-mode=importlib), so the helpers reach the tests
as fixtures: `tap` and `resize` are plain async functions handed over as they are (`wait_until`
is the whole suite's, in tests/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.events import Key, Resize
from textual.geometry import Size

from gradtui.app import GradApp
from gradtui.progress import Progress
from gradtui.scenes import scene_params
from gradtui.scenes.kit.params import fill_defaults
from gradtui.views.scene import SceneView, view_class

LESSONS = Path(__file__).parent / "lessons"


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def make_app(state_dir: Path):
    """Build an app over the test lessons, with progress in a private folder."""

    def build(**kwargs) -> GradApp:
        kwargs.setdefault("lessons_dir", LESSONS)
        progress = Progress(state_dir).load()
        return GradApp(progress=progress, **kwargs)

    return build


class SceneHarness(App):
    """Only one scene view, focused, as the lesson screen would show it."""

    def __init__(self, view: SceneView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        yield self.view

    def on_mount(self) -> None:
        self.view.focus()

    def screen_text(self) -> str:
        """What the scene shows, as plain text (its board of panels)."""
        return self.view.board.text


@pytest.fixture
def scene_app():
    """`scene_app(kind, ascii=False, frames_per_second=None, **params)`: a `SceneHarness`
    showing that kind's view, its params filled in with the defaults (and, if given, its
    animation ticking at `frames_per_second`)."""

    def build(
        kind: str, *, ascii: bool = False, frames_per_second: float | None = None, **given
    ) -> SceneHarness:
        view = view_class(kind)(fill_defaults(scene_params(kind), given), ascii=ascii)
        if frames_per_second is not None:
            view.frames_per_second = frames_per_second
        return SceneHarness(view)

    return build


async def _resize(pilot, width: int, height: int) -> None:
    """Resize the terminal without Pilot's wait for idle (which a running animation delays)."""
    size = Size(width, height)
    pilot.app._driver._size = size
    pilot.app.post_message(Resize(size, size))
    await pilot.pause(0.05)


async def _tap(pilot, *keys: str) -> None:
    """Press keys while an animation runs (Pilot.press waits for an idle that never comes)."""
    for key in keys:
        character = " " if key == "space" else (key if len(key) == 1 else None)
        pilot.app.post_message(Key(key, character))
        await pilot.pause(0.02)


@pytest.fixture
def resize():
    return _resize


@pytest.fixture
def tap():
    return _tap
