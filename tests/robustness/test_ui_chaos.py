"""UI chaos: random keys and resizes thrown at every scene kind, straight at the app.

Each registered scene kind (iterated from the registry, so a new kind is covered the day it
is added) gets a run on a lesson of its own: the scene, a number check, the scene again, a
choice check, a prose step. One more run takes a lesson with a step per kind and both checks,
so every scene's timers, focus and layout meet the others'. Keys come from every BINDINGS of
the screens, the check and the scenes, plus printable characters, arrows, Esc, Enter, F1 and
ctrl+p; sizes go from 0x0 to 250x80. Events are posted straight to the app (Pilot's `press`
waits for idle after every key) with a pause every 20. Invariants: nothing raises (an
exception inside the app is re-raised when `run_test` exits), the step stays in range, plotext
never sees inf or nan, and at the end the app still quits on `q`.

Runs are seeded: a failure names its kind, seed and last events; GRADTUI_FUZZ_SEED=N replays
(or varies) them. The default run posts 400 events per kind (a few seconds each);
GRADTUI_LONG_FUZZ=1 posts ten times as many.
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
from gradtui.scenes import KINDS
from gradtui.screens.help import HelpScreen
from gradtui.screens.lesson import LessonScreen
from gradtui.screens.picker import PickerScreen
from gradtui.views.check import CheckPanel
from gradtui.views.scene import view_class

LONG = os.environ.get("GRADTUI_LONG_FUZZ") == "1"
EVENTS = 400 * (10 if LONG else 1)
PAUSE_EVERY = 20
HOME_EVERY = 100  # so often the run is brought back to its step (as a palette jump would)
BASE_SEED = int(os.environ.get("GRADTUI_FUZZ_SEED", "20240905"))
SIZES = [(0, 0), (1, 1), (20, 5), (59, 17), (60, 18), (80, 24), (250, 80)]
QUIT_KEYS = {"q", "ctrl+c", "ctrl+q"}  # sent once, on purpose, at the end

STEPPING = ["right", "left", "n", "p", "space", "backspace", "home", "end"]
OTHER_KEYS = [
    "up", "down", "pageup", "pagedown", "tab", "shift+tab", "enter", "escape", "delete",
    "f1", "question_mark", "ctrl+p", "ctrl+r", "ctrl+u",
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
        view = view_class(kind)
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
    """The random event stream of one run, weighted towards the scene keys under test."""

    def __init__(self, own_keys: list[str], seed: int) -> None:
        self.rng = random.Random(seed)
        self.own = own_keys or ["up", "down"]
        self.history: deque[str] = deque(maxlen=40)

    def next_event(self, app: GradApp) -> tuple[str, tuple[int, int] | str]:
        rng = self.rng
        if isinstance(app.screen, CommandPalette):
            return "key", rng.choice(PALETTE_KEYS)
        roll = rng.random()
        if roll < 0.02:
            return "resize", rng.choice(SIZES)
        if roll < 0.60:
            return "key", rng.choice(self.own)
        if roll < 0.70:
            return "key", rng.choice(STEPPING)
        if roll < 0.80:
            return "key", rng.choice(OTHER_KEYS)
        if roll < 0.90:
            return "key", rng.choice(SHELL_KEYS)
        return "key", rng.choice(PRINTABLE)


def check_invariants(app: GradApp) -> None:
    screen = app.lesson_screen
    if screen is not None:
        assert 1 <= screen.step_number <= len(screen.lesson.steps), screen.step_number


def seed_for(kind: str) -> int:
    return BASE_SEED ^ zlib.crc32(kind.encode())


def kind_steps(kind: str, kit) -> list[str]:
    """The kind twice (stepping mounts a fresh one over the old) around both sorts of check."""
    scene = f"# A {kind} scene\n\nIts defaults.\n\n" + kit.scene_block(
        kind, kit.required_params(kind)
    )
    number, choice = kit.tour_steps()[-2:]
    return [scene, number, scene, choice, "# The end\n\nNo scene here."]


async def run_chaos(app: GradApp, lesson: Path, homes: list[int], chaos: Chaos, post) -> None:
    """Post EVENTS random events to `app` (open at step homes[0] of `lesson`), checking as it
    goes and going back to the next of `homes` every HOME_EVERY events; then leave any dialog
    and press q."""
    key_event, post_resize = post
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.lesson_screen is not None and app.lesson_screen.step_number == homes[0]
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
                    return  # it crashed: leaving run_test re-raises the exception
                check_invariants(app)
            if count % HOME_EVERY == 0 and not isinstance(app.screen, CommandPalette):
                app.open_lesson(lesson, homes[count // HOME_EVERY % len(homes)])
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


def new_app(lesson: Path, step: int, state: Path | None = None) -> GradApp:
    """The app on `lesson` at `step`; progress is saved in `state` if given (each save
    fsyncs, ~35 ms here, so the per-kind runs leave it out and the tour keeps it)."""
    progress = Progress(state).load() if state is not None else Progress(enabled=False)
    return GradApp(lessons_dir=lesson.parent, progress=progress, open_path=lesson, open_step=step)


@pytest.mark.parametrize("kind", list(KINDS))
async def test_random_keys_and_resizes_never_break_a_scene(
    kind: str, tmp_path: Path, kit, post, finite_plotext, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)  # anything the app might write (a screenshot) lands here
    lesson = kit.write(
        tmp_path / "lessons" / "01-chaos.md", f"Chaos: {kind}", kind_steps(kind, kit)
    )
    seed = seed_for(kind)
    chaos = Chaos(scene_keys(kind), seed)
    app = new_app(lesson, 1)
    try:
        await run_chaos(app, lesson, [1, 3], chaos, post)
    except BaseException as error:
        error.add_note(
            f"UI chaos: kind={kind} seed={seed} (GRADTUI_FUZZ_SEED={BASE_SEED} replays it); "
            f"last events: {' '.join(chaos.history)}"
        )
        raise
    assert app.return_code == 0, f"the app did not quit on q (kind={kind}, seed={seed})"


# Runs side by side (and the training scene's map): the scenes with `compare` in another
# shape than their defaults, each run turned by its own keys.
RUNS_SIDE_BY_SIDE = {
    "training": {"view": "surface", "compare": [{}, {"optimizer": "momentum"},
                                                {"optimizer": "adam", "batch_size": 1}]},
    "landscape": {"f": "x^2/100 + 2*y^2", "starts_xy": [[-4.5, 1.2]],
                  "compare": [{}, {"optimizer": "momentum", "momentum": 0.99},
                              {"optimizer": "adam"}]},
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(RUNS_SIDE_BY_SIDE))
async def test_random_keys_never_break_runs_side_by_side(
    kind: str, tmp_path: Path, kit, post, finite_plotext, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    scene = "# Runs side by side\n\nSeveral runs.\n\n" + kit.scene_block(
        kind, {**kit.required_params(kind), **RUNS_SIDE_BY_SIDE[kind]}
    )
    lesson = kit.write(tmp_path / "lessons" / "01-runs.md", f"Runs: {kind}", [scene, scene])
    seed = seed_for(f"{kind} runs")
    chaos = Chaos(scene_keys(kind), seed)
    app = new_app(lesson, 1)
    try:
        await run_chaos(app, lesson, [1, 2], chaos, post)
    except BaseException as error:
        error.add_note(f"UI chaos: {kind} runs side by side, seed={seed}; "
                       f"last events: {' '.join(chaos.history)}")  # fmt: skip
        raise
    assert app.return_code == 0


async def test_random_keys_across_every_scene(
    tmp_path: Path, kit, post, finite_plotext, monkeypatch: pytest.MonkeyPatch
):
    """One lesson with a step per kind and both checks: timers, focus and layouts of every
    scene meet each other as the run steps back and forth."""
    monkeypatch.chdir(tmp_path)
    lesson = kit.write(tmp_path / "lessons" / "01-tour.md", "Every scene", kit.tour_steps())
    seed = seed_for("tour")
    chaos = Chaos(sorted({key for kind in KINDS for key in scene_keys(kind)}), seed)
    app = new_app(lesson, 1, tmp_path / "state")
    try:
        await run_chaos(app, lesson, list(range(1, len(KINDS) + 3)), chaos, post)
    except BaseException as error:
        error.add_note(
            f"UI chaos: every kind, seed={seed} (GRADTUI_FUZZ_SEED={BASE_SEED} replays it); "
            f"last events: {' '.join(chaos.history)}"
        )
        raise
    assert app.return_code == 0, f"the app did not quit on q (seed={seed})"


# --- crashes the chaos runs found, pinned down (fixed in the app) ---------------------------


async def test_page_keys_on_lists_not_laid_out_yet(tmp_path: Path, kit, post):
    """Textual's OptionList raised KeyError on page up/down before its first layout: the
    picker or a choice check under the size notice, or the palette just opened."""
    key_event, _ = post
    lesson = kit.write(tmp_path / "lessons" / "01-pages.md", "Pages", kit.tour_steps()[-2:])
    app = GradApp(lessons_dir=lesson.parent, progress=Progress(enabled=False))
    async with app.run_test(size=(20, 5)) as pilot:
        await pilot.press("pagedown", "pageup")  # the picker, hidden under the size notice
        app.open_lesson(lesson, 2)  # the choice check, its options hidden too
        await pilot.pause()
        await pilot.press("pageup", "pagedown")
        await pilot.resize_terminal(80, 24)
        for key in ("ctrl+p", "pagedown", "pageup"):  # no pause after ctrl+p
            app.post_message(key_event(key))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape", "escape", "escape", "q")
    assert app.return_code == 0


@pytest.mark.parametrize(
    ("kind", "step", "keys"),
    [("plot", 1, ("right", "escape")), ("graph", 3, ("escape", "n"))],
    ids=["number", "choice"],
)
async def test_leaving_while_a_check_is_still_mounting(kind, step, keys, tmp_path: Path, kit, post):
    """Two keys in the same instant that step onto a check and close the lesson: the screen
    closed while the check was being mounted. Onto a number check (→ then Esc), focusing its
    answer box raised NoMatches. Onto a choice (Esc then n: n reached the lesson before it
    closed), the options went with the screen before the check was told it was mounted, and
    it looked for them (NoMatches; found by the chaos run on graph, GRADTUI_FUZZ_SEED=5)."""
    key_event, _ = post
    lesson = kit.write(tmp_path / "lessons" / "01-race.md", "Race", kind_steps(kind, kit))
    app = new_app(lesson, step)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in keys:
            app.post_message(key_event(key))
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("q")
    assert app.return_code == 0


async def test_quick_steps_back_and_forth_over_a_plot(tmp_path: Path, kit, post):
    """← → in one frame: a plot removed before its first refresh tried to draw itself."""
    key_event, _ = post
    steps = [kit.scene_block("plot", {"f": "x**2"})] * 3
    lesson = kit.write(tmp_path / "lessons" / "01-plots.md", "Plots", steps)
    app = new_app(lesson, 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in ("left", "right", "right", "left", "left", "right"):
            app.post_message(key_event(key))
        await pilot.pause()
        assert app.lesson_screen.step_number == 2
        await pilot.press("q")
    assert app.return_code == 0


async def test_a_long_title_leaves_room_for_the_step_count(tmp_path: Path, kit):
    lesson = kit.write(tmp_path / "lessons" / "01-long.md", "A " + "very " * 30 + "long title",
                       ["# One\n\nText.", "# Two\n\nMore."])  # fmt: skip
    app = new_app(lesson, 2)
    async with app.run_test(size=(60, 18)) as pilot:
        await pilot.pause()
        header = str(app.screen.query_one("LessonHeader").content)
        assert "step 2/2" in header and len(header) <= 60, header


async def test_the_answer_box_gets_the_keys_back_after_the_size_notice(tmp_path: Path, kit, resize):
    """The notice hid the focused answer box and the focus was lost: after growing the
    terminal again, a typed digit went nowhere and `n` stepped the lesson."""
    lesson = kit.write(tmp_path / "lessons" / "01-focus.md", "Focus", kit.tour_steps()[-2:])
    app = new_app(lesson, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("5")  # the learner starts typing: the box has the keys
        assert isinstance(app.focused, Input)
        await resize(pilot, 20, 5)
        await pilot.press("n", "7")  # behind the notice, keys do nothing
        await resize(pilot, 80, 24)
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press("n", "6")
        assert app.lesson_screen.step_number == 1 and app.focused.value == "5n6"


async def test_the_more_mark_gone_before_its_screen(tmp_path: Path):
    """A closing screen's widgets go before the screen does (children first). The lesson
    screen, asked meanwhile to update its "more below" mark (its text scrolled, or a call
    after a refresh), looked for the mark and raised NoMatches: seen once in the chaos run on
    the graph scene, with the screen closed by Esc or a jump just after a step or a resize."""
    from gradtui.screens.lesson import MoreMark
    from gradtui.script.catalog import builtin_lessons_dir

    lesson = builtin_lessons_dir() / "01-slope.md"
    app = new_app(lesson, 2)
    async with app.run_test(size=(60, 21)) as pilot:  # the prose scrolls, with the mark
        await pilot.pause()
        screen = app.lesson_screen
        await screen.query_one(MoreMark).remove()  # gone first, as when the screen closes
        await pilot.press("pagedown")  # the text scrolls: the mark would be updated
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("q")
    assert app.return_code == 0
