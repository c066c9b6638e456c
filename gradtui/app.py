"""The App: wires the picker and lesson screens, the command palette, and saved progress."""

from __future__ import annotations

import asyncio
import contextlib
from functools import partial
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from gradtui.progress import Progress
from gradtui.script.catalog import LessonEntry, builtin_lessons_dir, list_lessons
from gradtui.script.model import Lesson, LessonError
from gradtui.textsafe import ascii_only, for_terminal
from gradtui.views.paging import guard_option_list_paging

# Textual shows some keys as symbols; in ASCII mode they are spelled as words.
KEY_WORDS = {"←": "left", "→": "right", "↑": "up", "↓": "down", "⌫": "backspace", "⏎": "enter"}


def _call_soon(loop: asyncio.AbstractEventLoop, callback) -> None:
    """Run `callback` on the app's loop, from another thread; nothing if the loop is gone."""
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(callback)


class LessonCommands(Provider):
    """Ctrl+P: every lesson, and every step of the lesson that is open, to jump to."""

    def _targets(self) -> list[tuple[str, Path, int | None]]:
        app: GradApp = self.app  # type: ignore[assignment]
        targets = []
        for entry in app.entries:
            if entry.problem:
                continue
            number = f"{entry.number} " if entry.number is not None else ""
            targets.append((f"Lesson {number}· {entry.title}", entry.path, None))
        lesson_screen = app.lesson_screen
        if lesson_screen is not None:
            lesson = lesson_screen.lesson
            for step in lesson.steps:
                title = step.title or "(untitled)"
                label = f"{lesson.title} · step {step.number}: {title}"
                targets.append((label, lesson.path, step.number))
        return [(for_terminal(label, app.ascii), path, step) for label, path, step in targets]

    async def discover(self) -> Hits:
        for label, path, step in self._targets():
            yield DiscoveryHit(label, partial(self.app.open_lesson, path, step))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, path, step in self._targets():
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(label), partial(self.app.open_lesson, path, step)
                )


class GradApp(App):
    """gradtui's terminal app."""

    TITLE = "gradtui"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {LessonCommands}
    BINDINGS = [Binding("q", "quit", "quit"), Binding("ctrl+c", "quit", "quit", show=False)]

    def __init__(
        self,
        *,
        lessons_dir: Path | None = None,
        ascii: bool = False,
        progress: Progress | None = None,
        open_path: Path | None = None,
        open_lesson: Lesson | None = None,
        open_step: int | None = None,
    ) -> None:
        """`open_path` or an already loaded `open_lesson` opens that lesson at once."""
        super().__init__()
        self.lessons_dir = Path(lessons_dir) if lessons_dir else builtin_lessons_dir()
        self.ascii = ascii
        self.progress = progress if progress is not None else Progress(enabled=False)
        self.entries: list[LessonEntry] = list_lessons(self.lessons_dir)
        self._open_path = open_lesson.path if open_lesson is not None else open_path
        self._open_lesson = open_lesson
        self._open_step = open_step
        self._builtin_dir = builtin_lessons_dir().resolve()
        guard_option_list_paging()

    # -- start and stop --------------------------------------------------------------------

    def get_default_screen(self):
        """The picker is the bottom screen: the first frame shows it, not a blank screen."""
        from gradtui.screens.picker import PickerScreen

        return PickerScreen(self.entries)

    def on_mount(self) -> None:
        self.set_class(self.ascii, "-ascii")
        loop = asyncio.get_running_loop()
        self.progress.on_notice = lambda: _call_soon(loop, self._show_notices)
        self._show_notices()
        if self._open_path is not None:
            self.open_lesson(self._open_path, self._open_step, loaded=self._open_lesson)

    def on_unmount(self) -> None:
        self.progress.save()

    def get_system_commands(self, screen):
        """Textual's palette commands, less Screenshot (it would write an SVG file into
        whatever folder the learner started from) and Keys (gradtui has its own help)."""
        for command in super().get_system_commands(screen):
            if command.title not in ("Screenshot", "Keys"):
                yield command

    def get_key_display(self, binding: Binding) -> str:
        """Key names for the key bar and help; in ASCII mode symbols are spelled as words."""
        display = super().get_key_display(binding)
        if not self.ascii:
            return display
        for arrow, word in KEY_WORDS.items():
            display = display.replace(arrow, word)
        return ascii_only(display)

    # -- lessons ---------------------------------------------------------------------------

    def lesson_key(self, path: Path) -> str:
        """The name progress is saved under: built-in lessons by slug (stable across
        installs), others by their full path."""
        path = Path(path).resolve()
        if path.parent == self._builtin_dir:
            return "builtin:" + path.stem
        return str(path)

    @property
    def lesson_screen(self):
        from gradtui.screens.lesson import LessonScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, LessonScreen):
                return screen
        return None

    def open_lesson(
        self, path: Path, step: int | None = None, *, loaded: Lesson | None = None
    ) -> None:
        """Open a lesson at `step`, or where the learner left off (`loaded`: the lesson at
        `path`, already loaded). A lesson that cannot be loaded is reported in a notice;
        the app stays where it was."""
        from gradtui.screens.lesson import LessonScreen
        from gradtui.script.parse import load_lesson

        current = self.lesson_screen
        if current is not None and current.lesson.path == Path(path):
            if step is not None:
                current.go_to_step(step)
            return
        try:
            lesson = loaded if loaded is not None else load_lesson(Path(path))
        except LessonError as error:
            first = error.problems[0] if error.problems else error
            self.notify(for_terminal(str(first), self.ascii), severity="error", timeout=10)
            return
        key = self.lesson_key(lesson.path)
        if step is None:
            step = self.progress.resume_step(key, len(lesson.steps))
        self.pop_to_picker()
        self.push_screen(LessonScreen(lesson, key, step))

    def pop_to_picker(self) -> None:
        """Close any lesson (and dialogs over it), back to the picker."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    # -- progress --------------------------------------------------------------------------

    def progress_visit(self, key: str, step: int, step_count: int) -> None:
        self.progress.visit(key, step, step_count)
        self._save()

    def progress_check(self, key: str, step: int, answer: str, correct: bool) -> None:
        self.progress.record_check(key, step, answer, correct)
        self._save()

    def _save(self) -> None:
        self.progress.save_soon()
        self._show_notices()

    def _show_notices(self) -> None:
        """Say each of progress's notices once."""
        for notice in self.progress.notices:
            self.notify(for_terminal(notice, self.ascii), severity="warning", timeout=8)
        self.progress.notices.clear()
