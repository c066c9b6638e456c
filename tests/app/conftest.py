"""Shared set-up for the app tests: a private state folder, a small lesson folder, an app that
shows one scene view alone, ways to drive an app while an animation runs, and the screen as a
person sees it, as text, compared with a stored snapshot (tests/snapshots/).

pytest imports test modules by path (--import-mode=importlib), so the helpers reach the tests
as fixtures: `tap` is a plain async function handed over as it is (`wait_until` and `resize`
are the whole suite's, in tests/conftest.py).
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.events import Key

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


async def _tap(pilot, *keys: str) -> None:
    """Press keys while an animation runs (Pilot.press waits for an idle that never comes).
    Each key is handled before the next is sent: the app hands it to the focused widget, which
    may hand it up to the screen, a turn of their message queues each; three turns (each
    waiting until every widget on the screen has handled what it had queued) cover them."""
    for key in keys:
        character = " " if key == "space" else (key if len(key) == 1 else None)
        pilot.app.post_message(Key(key, character))
        for _ in range(3):
            await pilot.pause(0)


@pytest.fixture
def tap():
    return _tap


# --- the screen as text, and stored snapshots of it ------------------------------------------

SNAPSHOTS = Path(__file__).parents[1] / "snapshots"
REGENERATE = "make snapshots (or: pytest tests/app/test_snapshots.py --update-snapshots)"
STYLE_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def screen_cells(app) -> list[list[tuple[str, str]]]:
    """Every cell of the app's screen as (character, style), row by row: what the terminal is
    sent, composed with any screen underneath (as the app's own SVG screenshot does). A wide
    character takes two cells (the second holds "")."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    rows = []
    for strips in update.strips:
        cells: list[tuple[str, str]] = []
        for strip in strips:
            for segment in strip:
                if segment.control:
                    continue
                style = str(segment.style.clear_meta_and_links()) if segment.style else ""
                for character in segment.text:
                    width = cell_len(character)
                    if width:
                        cells += [(character, style)] + [("", style)] * (width - 1)
        rows.append(cells)
    return rows


def screen_text(app, *, styles: bool = False) -> str:
    """The screen as a person reads it: its characters, one line a row (trailing spaces cut).
    With `styles`, a map below: a letter a cell for its style (colours, bold, reverse), and
    the letters' meanings, in the order they first appear."""
    rows = screen_cells(app)
    lines = ["".join(character for character, _ in row).rstrip() for row in rows]
    if not styles:
        return "\n".join(lines) + "\n"
    letters: dict[str, str] = {}
    for row in rows:
        for _, style in row:
            if style not in letters:
                letters[style] = STYLE_LETTERS[min(len(letters), len(STYLE_LETTERS) - 1)]
    lines.append("--- styles: a letter a cell ---")
    lines += ["".join(letters[style] for _, style in row) for row in rows]
    lines += [f"{letter} = {style or '(plain)'}" for style, letter in letters.items()]
    return "\n".join(lines) + "\n"


async def _settled(pilot, *, styles: bool = False, tries: int = 100) -> str:
    """The screen once it has stopped changing: no animation running or due, no scene redraw
    waiting for its frame, and the same text after one more turn of the app's loop (layout,
    after-refresh calls and the key bar's update come in such turns). Fails if it never
    settles, rather than snapshot a frame in flight."""
    app = pilot.app
    last = None
    for _ in range(tries):
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        for box in app.screen.query("Input"):
            box.cursor_blink = False  # a blinking cursor is two screens; a person sees it lit
        now = screen_text(app, styles=styles)
        if now == last and scenes_drawn(app):
            return now
        last = now
    raise AssertionError(f"the screen never settled; the last one:\n{last}")


def scenes_drawn(app) -> bool:
    """No scene view is waiting to draw its next frame (a view draws a burst of keys once,
    up to 1/30 s after the first: gradtui/views/scene.py)."""
    return all(view._redraw_timer is None for view in app.query(SceneView))


@pytest.fixture
def drawn(wait_until):
    """`await drawn(pilot)`: the scene views have drawn what the keys before did."""

    async def wait(pilot) -> None:
        assert await wait_until(pilot, lambda: scenes_drawn(pilot.app)), "a frame never came"

    return wait


@pytest.fixture
def settled():
    """`await settled(pilot, styles=False)`: the screen as text once it has settled."""
    return _settled


def snapshot_problem(name: str, about: str, screen: str, update: bool) -> str | None:
    """Compare `screen` (from `settled`), headed by `about`, with tests/snapshots/<name>.txt
    exactly: None when they are the same (or, with `update`, once it is written there), else
    what differs, as a unified diff."""
    path = SNAPSHOTS / f"{name}.txt"
    now = f"# {about}\n{screen}"
    stored = path.read_text(encoding="utf-8") if path.exists() else None
    if stored == now:
        return None
    if update:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(now, encoding="utf-8")
        return None
    if stored is None:
        return f"No snapshot is stored as tests/snapshots/{path.name}; the screen now:\n{now}"
    diff = difflib.unified_diff(
        stored.splitlines(),
        now.splitlines(),
        f"tests/snapshots/{path.name} (stored)",
        f"{path.name} (the screen now)",
        lineterm="",
    )
    return "\n".join(diff)


class Snapshots:
    """The stored snapshots, in `folder`; `update` (--update-snapshots) stores screens
    instead of comparing them."""

    folder = SNAPSHOTS

    def __init__(self, update: bool) -> None:
        self.update = update

    def __call__(self, shots: list[tuple[str, str, str]]) -> None:
        """Each (name, about, screen) must be the one stored: fail with every difference, and
        how to accept them if they are meant (or, updating, store them)."""
        problems = [snapshot_problem(*shot, self.update) for shot in shots]
        problems = [problem for problem in problems if problem]
        if problems:
            pytest.fail(
                "\n\n".join(problems)
                + f"\n\nThe screen changed. If the change is intended, regenerate: {REGENERATE}",
                pytrace=False,
            )


@pytest.fixture
def snapshots(request: pytest.FixtureRequest) -> Snapshots:
    """`snapshots(shots)`: each (name, about, screen) in `shots` must be the one stored in
    tests/snapshots/ (see `Snapshots`)."""
    return Snapshots(request.config.getoption("--update-snapshots"))
