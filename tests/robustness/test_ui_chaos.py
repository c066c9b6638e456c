"""UI chaos: random keys and resizes, thousands of them, thrown at every scene kind.

Each registered scene kind (iterated from the registry, so new kinds are covered the day they
are added) gets a run on a lesson holding one step per kind plus a number and a choice check,
opened at that kind's step. Events are posted straight to the app (Pilot's `press` waits for
idle after every key) with a pause every 20. Invariants: nothing raises (an exception inside
the app is re-raised when `run_test` exits), the step stays in range, plotext never sees inf or
nan, and at the end the app still quits on `q`.

The run is seeded: a failure names its kind and seed; GRADTUI_FUZZ_SEED=N replays (or varies)
it, GRADTUI_LONG_FUZZ=1 sends ten times as many events.
"""

from __future__ import annotations

import os
import random
import string
import zlib
from collections import deque
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import ModalScreen
from textual.widgets import Input

from gradtui.app import GradApp
from gradtui.progress import Progress
from gradtui.scenes import KINDS, scene_view_class
from gradtui.screens.help import HelpScreen
from gradtui.screens.lesson import LessonScreen
from gradtui.screens.picker import PickerScreen
from gradtui.views.check import CheckPanel

LONG = os.environ.get("GRADTUI_LONG_FUZZ") == "1"
EVENTS = 1000 * (10 if LONG else 1)
PAUSE_EVERY = 20
HOME_EVERY = 150  # so often the run is brought back to its kind's step (as a palette jump would)
BASE_SEED = int(os.environ.get("GRADTUI_FUZZ_SEED", "20240905"))
SIZES = [(0, 0), (1, 1), (20, 5), (59, 17), (60, 18), (80, 24), (250, 80)]
QUIT_KEYS = {"q", "ctrl+c", "ctrl+q"}  # sent once, on purpose, at the end

NAVIGATION = [
    "right", "left", "up", "down", "home", "end", "pageup", "pagedown", "tab", "shift+tab",
    "enter", "escape", "space", "backspace", "delete", "f1", "question_mark", "ctrl+p",
    "ctrl+r", "ctrl+u", "n", "p",
]  # fmt: skip
PRINTABLE = [ch for ch in string.ascii_letters + string.digits + string.punctuation + " éπ€"]
PRINTABLE.remove("q")


def binding_keys(bindings) -> set[str]:
    """Every key named in a BINDINGS list (a binding may name several, comma-separated)."""
    keys: set[str] = set()
    for binding in bindings or []:
        if isinstance(binding, tuple):
            binding = Binding(*binding)
        keys.update(key.strip() for key in binding.key.split(","))
    return keys - QUIT_KEYS


def scene_keys(kind: str) -> list[str]:
    """The keys a kind's view binds (none if its view cannot be imported yet)."""
    try:
        view = scene_view_class(kind)
    except (ImportError, AttributeError):
        return []
    return sorted(binding_keys(getattr(view, "BINDINGS", [])))


SHELL_KEYS = sorted(
    binding_keys(LessonScreen.BINDINGS)
    | binding_keys(PickerScreen.BINDINGS)
    | binding_keys(HelpScreen.BINDINGS)
    | binding_keys(CheckPanel.BINDINGS)
    | {key for kind in KINDS for key in scene_keys(kind)}
)
PALETTE_KEYS = [*PRINTABLE, "backspace", "up", "down", "escape"]  # never enter: it could
# pick a system command ("Quit the application"), which is a real quit, not a crash.


class Chaos:
    """The random event stream of one run, weighted towards the kind under test."""

    def __init__(self, kind: str, seed: int) -> None:
        self.rng = random.Random(seed)
        self.own = scene_keys(kind) or ["up", "down"]
        self.history: deque[str] = deque(maxlen=40)

    def next_event(self, app: GradApp) -> tuple[str, tuple[int, int] | str]:
        rng = self.rng
        if isinstance(app.screen, CommandPalette):
            return "key", rng.choice(PALETTE_KEYS)
        roll = rng.random()
        if roll < 0.03:
            return "resize", rng.choice(SIZES)
        if roll < 0.45:
            return "key", rng.choice(self.own)
        if roll < 0.70:
            return "key", rng.choice(NAVIGATION)
        if roll < 0.85:
            return "key", rng.choice(SHELL_KEYS)
        return "key", rng.choice(PRINTABLE)


def check_invariants(app: GradApp) -> None:
    screen = app.lesson_screen
    if screen is not None:
        assert 1 <= screen.step_number <= len(screen.lesson.steps), screen.step_number


def seed_for(kind: str) -> int:
    return BASE_SEED ^ zlib.crc32(kind.encode())


@pytest.mark.parametrize("kind", list(KINDS))
async def test_random_keys_and_resizes_never_break_a_scene(
    kind: str, tmp_path: Path, kit, post, finite_plotext, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)  # anything the app might write (a screenshot) lands here
    key_event, post_resize = post
    lesson = kit.write(tmp_path / "lessons" / "01-tour.md", "Every scene", kit.tour_steps())
    home = list(KINDS).index(kind) + 1
    seed = seed_for(kind)
    chaos = Chaos(kind, seed)
    app = GradApp(
        lessons_dir=lesson.parent,
        progress=Progress(tmp_path / "state").load(),
        open_path=lesson,
        open_step=home,
    )
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.lesson_screen is not None and app.lesson_screen.step_number == home
            for count in range(1, EVENTS + 1):
                what, value = chaos.next_event(app)
                chaos.history.append(f"{what}:{value}")
                if what == "resize":
                    post_resize(app, *value)
                else:
                    app.post_message(key_event(value))
                if count % PAUSE_EVERY == 0:
                    await pilot.pause()
                    if not app.is_running:
                        break  # it crashed: leaving the block re-raises the exception
                    check_invariants(app)
                if count % HOME_EVERY == 0 and app.screen is app.lesson_screen:
                    app.screen.go_to_step(home)
            if app.is_running:
                await pilot.resize_terminal(80, 24)
                for _ in range(6):  # out of any dialog, palette or answer box
                    if not isinstance(app.screen, ModalScreen | CommandPalette) and not (
                        isinstance(app.focused, Input)
                    ):
                        break
                    await pilot.press("escape")
                check_invariants(app)
                await pilot.press("q")
                await pilot.pause()
    except BaseException as error:
        error.add_note(
            f"UI chaos: kind={kind} seed={seed} (set GRADTUI_FUZZ_SEED={BASE_SEED} to replay); "
            f"last events: {' '.join(chaos.history)}"
        )
        raise
    assert app.return_code == 0, f"the app did not quit on q (kind={kind}, seed={seed})"
