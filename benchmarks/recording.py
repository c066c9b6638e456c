"""Textual's own output for a scripted run of gradtui, recorded in-process without a terminal.

`record(script, size, ...)` runs the app with a driver that keeps every write instead of sending
it: Textual draws exactly as it does for a terminal (synchronized output on, the colours the
environment asks for: set COLORTERM=truecolor for what most terminals get), and a script drives
it through a Pilot. The writes come back in order, with a `Resize` where the script resized the
terminal. Replaying them, whole or through gradtui.output, is then quick and repeatable: the
bytes-per-step benchmark and the light-output equivalence test both stand on it.

`walk(pilot, recorder, ...)` is the walk both use: every step of the open lesson, a few seconds
of each scene that plays, the help screen and the palette along the way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import NamedTuple

from textual import messages
from textual.drivers.headless_driver import HeadlessDriver

# What a Linux terminal driver writes as it starts and stops (less the queries a real
# terminal would answer): the alternate screen, mouse and focus reports, no line wrap.
START = (
    "\x1b[?1049h\x1b[?1000h\x1b[?1003h\x1b[?1015h\x1b[?1006h\x1b[?25l\x1b[?1004h\x1b[?2004h\x1b[?7l"
)
STOP = (
    "\x1b[?2004l\x1b[?7h\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?1049l\x1b[?25h\x1b[?1004l"
)


class Resize(NamedTuple):
    """The terminal was resized here, to width × height."""

    width: int
    height: int


class Recorder:
    """The writes of one run, in order, and the stretches of it that were step changes."""

    def __init__(self) -> None:
        self.writes: list[str | Resize] = []
        self.step_changes: list[tuple[int, int]] = []  # [start, end) indexes into writes

    def between(self, start: int, end: int) -> list[str]:
        """The writes in [start, end), less resize markers."""
        return [write for write in self.writes[start:end] if isinstance(write, str)]

    async def resize(self, pilot, width: int, height: int) -> None:
        self.writes.append(Resize(width, height))
        await pilot.resize_terminal(width, height)

    def driver(self) -> type[HeadlessDriver]:
        """A driver class that writes into this recorder."""
        recorder = self

        class RecordingDriver(HeadlessDriver):
            @property
            def is_headless(self) -> bool:
                return False  # so that Textual draws

            def write(self, data: str) -> None:
                recorder.writes.append(data)

            def start_application_mode(self) -> None:
                super().start_application_mode()
                self.write(START)
                self._app.post_message(messages.TerminalSupportsSynchronizedOutput())

            def stop_application_mode(self) -> None:
                self.write(STOP)

        return RecordingDriver


Script = Callable[[object, Recorder], Awaitable[None]]


async def record(script: Script, size: tuple[int, int], **app_options) -> Recorder:
    """Run gradtui (`GradApp(**app_options)`, progress not saved) at `size` under `script`,
    which gets a Pilot and the recorder; returns the recorder once the app has closed."""
    from gradtui.app import GradApp
    from gradtui.progress import Progress

    recorder = Recorder()
    app_options.setdefault("progress", Progress(enabled=False))
    app = GradApp(**app_options)
    app.driver_class = recorder.driver()

    async def run(pilot) -> None:
        try:
            await pilot.pause(0.3)
            await script(pilot, recorder)
        finally:
            app.exit()

    await app.run_async(size=size, auto_pilot=run)
    return recorder


def play_key(kind: str) -> str | None:
    """The key that starts and stops a scene kind's animation, if it has one."""
    from gradtui.scenes import scene_module

    for key in scene_module(kind).KEYS:
        if key.method == "toggle_play":
            return key.keys.split(",")[0]
    return None


async def walk(
    pilot, recorder: Recorder, play_seconds: float = 0.0, played: set[str] | None = None
) -> None:
    """Every step of the lesson on screen, forward, noting each step change in the recorder.
    With `play_seconds`, each kind of scene that plays and is not yet in `played` plays for that
    long and joins it (shown first with z where the terminal is too low for text and scene)."""
    screen = pilot.app.lesson_screen
    played = set() if played is None else played
    while True:
        step = screen.step
        if play_seconds and step.scene is not None and step.check is None:
            key = play_key(step.scene.kind)
            if key is not None and step.scene.kind not in played:
                played.add(step.scene.kind)
                folded = (
                    screen.query_one("#text-side").display
                    and not screen.query_one("#scene-side").display
                )
                keys = ["z", key] if folded else [key]
                await pilot.press(*keys)
                await pilot.pause(play_seconds)
                await pilot.press(key, *(["z"] if folded else []))
        if screen.step_number >= len(screen.lesson.steps):
            return
        number, start = screen.step_number, len(recorder.writes)
        await pilot.press("right")  # (pressing waits for the step's last touches: the key bar)
        wanted = number + 1
        await until(pilot, lambda wanted=wanted: screen.step_number == wanted, f"step {wanted}")
        recorder.step_changes.append((start, len(recorder.writes)))


async def until(pilot, condition: Callable[[], bool], what: str, seconds: float = 10.0) -> None:
    """Let the app run until `condition()` holds (AssertionError naming `what` after `seconds`)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"waited {seconds} s for {what}")


def builtin(name: str) -> Path:
    """A built-in lesson's file."""
    from gradtui.script.catalog import builtin_lessons_dir

    return builtin_lessons_dir() / name
