"""The App: wires the picker and lesson screens, the command palette, and saved progress.

The lesson being studied is the app's `LessonSession` (gradtui/session.py): every way to a
lesson (the picker, the palette, the end of a lesson, the command line) opens it there, and the
lesson screen shows it. The screen asks for what only the app does with messages (the end of a
lesson, back to the lessons), as frogmouth's main screen does.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding

from gradtui.config import Config
from gradtui.progress import Progress
from gradtui.script.catalog import LessonEntry, builtin_lessons_dir, list_lessons, progress_key
from gradtui.session import LessonSession
from gradtui.textsafe import ascii_only, for_terminal
from gradtui.views import textual_seams
from gradtui.views.check import TERMINAL_HOW
from gradtui.views.palette import LessonCommands

if TYPE_CHECKING:  # only named in annotations: the model loads when a lesson opens
    from gradtui.screens.lesson import LessonScreen
    from gradtui.script.model import Lesson

# Textual shows some keys as symbols; in ASCII mode they are spelled as words.
KEY_WORDS = {"←": "left", "→": "right", "↑": "up", "↓": "down", "⌫": "backspace", "⏎": "enter"}


def _call_soon(loop: asyncio.AbstractEventLoop, callback) -> None:
    """Run `callback` on the app's loop, from another thread; nothing if the loop is gone."""
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(callback)


class GradApp(textual_seams.ActionGuard):
    """gradtui's terminal app (Textual's built-in actions it does not use are refused: see
    gradtui/views/textual_seams.py)."""

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
        watch: bool = False,
        config: Config | None = None,
        theme: str | None = None,
    ) -> None:
        """`open_path` or an already loaded `open_lesson` opens that lesson at once; `watch`
        reloads it whenever its file changes (`gradtui LESSON --watch`). `config` holds the
        learner's settings (the theme picked last time, saved again when they pick another);
        `theme`, from --theme, is used for this run alone."""
        super().__init__()
        self.config = config
        self._asked_theme = theme
        self.lessons_dir = Path(lessons_dir) if lessons_dir else builtin_lessons_dir()
        self.ascii = ascii
        self.progress = progress if progress is not None else Progress(enabled=False)
        self.entries: list[LessonEntry] = list_lessons(self.lessons_dir)
        self._open_path = open_lesson.path if open_lesson is not None else open_path
        self._open_lesson = open_lesson
        self._open_step = open_step
        self._watcher = None  # --watch: the lesson file's watcher (gradtui.watch)
        if watch and self._open_path:
            from gradtui.watch import LessonWatcher

            self._watcher = LessonWatcher(self._open_path)
        self.session = LessonSession(self.progress, TERMINAL_HOW)
        textual_seams.install()

    # -- start and stop --------------------------------------------------------------------

    def get_default_screen(self):
        """The picker is the bottom screen: the first frame shows it, not a blank screen."""
        from gradtui.screens.picker import PickerScreen

        return PickerScreen(self.entries)

    def on_mount(self) -> None:
        from gradtui.stopping import exit_app_on_stop_signals

        exit_app_on_stop_signals(self)  # SIGTERM, SIGHUP: saved, terminal restored, 128 + n
        self.set_class(self.ascii, "-ascii")
        self._use_theme()
        loop = asyncio.get_running_loop()
        self.progress.on_notice = lambda: _call_soon(loop, self._show_notices)
        self._show_notices()
        if self._open_path is not None:
            self.open_lesson(self._open_path, self._open_step, loaded=self._open_lesson)
        if self._watcher is not None:
            from gradtui.watch import POLL_SECONDS

            self.set_interval(POLL_SECONDS, self._check_lesson_file, name="watch lesson file")

    def on_unmount(self) -> None:
        self.progress.save()

    def _use_theme(self) -> None:
        """The theme asked for with --theme, else the one picked last time; from then on a
        theme picked in the palette is remembered (in the config file) for next time."""
        wanted = self._asked_theme or (self.config.theme if self.config else None)
        if wanted in self.available_themes:
            self.theme = wanted
        elif wanted is not None and self.config is not None:  # a hand-edited name
            self.config.notices.append(f"there is no theme called {wanted!r}: using the default")
        self._start_theme: str | None = self.theme  # its own change is announced later: not a pick
        if self.config is not None:
            self.progress.notices.extend(self.config.notices)
            self.config.notices.clear()
            self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme) -> None:
        start, self._start_theme = self._start_theme, None
        if theme.name == start:
            return  # the theme this run started with (--theme is for this run alone)
        config = self.config
        if config is not None and theme.name != config.theme and not config.save_theme(theme.name):
            self.progress.notices.extend(self.config.notices)
            self.config.notices.clear()
            self._show_notices()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity="information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notice as plain text, inert (a notice may quote a file name or a lesson):
        Textual would read it as markup, so `markup` is ignored and always off."""
        super().notify(
            for_terminal(str(message), self.ascii),
            title=for_terminal(str(title), self.ascii),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def get_driver_class(self):
        """The driver Textual picks for this terminal, in its light form where there is one: each
        frame then sends only the cells that changed (gradtui.output)."""
        from gradtui.output import light_driver

        return light_driver(super().get_driver_class())

    def get_system_commands(self, screen):
        """Textual's palette commands, less Screenshot (it would write an SVG file into
        whatever folder the learner started from) and Keys (gradtui has its own help)."""
        for command in super().get_system_commands(screen):
            if command.title not in ("Screenshot", "Keys"):
                yield command

    def action_command_palette(self) -> None:
        """Ctrl+P. In ASCII mode the palette's own search icon (a magnifier emoji) and its
        placeholder's ellipsis are spelled in 7-bit text too."""
        if not self.ascii:
            super().action_command_palette()
            return
        from textual.command import CommandPalette, SearchIcon

        if CommandPalette.is_open(self):
            return
        palette = CommandPalette(id="--command-palette", placeholder="Search lessons and steps")
        self.push_screen(palette)

        def plain_icon() -> None:
            for icon in palette.query(SearchIcon):
                icon.icon = ">"
                icon.refresh()  # a var, not a reactive: it does not repaint by itself

        palette.call_after_refresh(plain_icon)

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
        """The name progress is saved under (see `progress_key`)."""
        return progress_key(path)

    @property
    def lesson_screen(self) -> LessonScreen | None:
        from gradtui.screens.lesson import LessonScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, LessonScreen):
                return screen
        return None

    def open_lesson(
        self, path: Path, step: int | None = None, *, loaded: Lesson | None = None
    ) -> None:
        """Open a lesson at `step`, or where the learner left off (`loaded`: the lesson at
        `path`, already loaded); the lesson open already goes to `step`. A lesson that cannot
        be loaded is reported in a notice; the app stays where it was."""
        from gradtui.screens.lesson import LessonScreen, try_move

        screen = self.lesson_screen
        if screen is None:
            self.session.close()  # no lesson is shown: open it afresh
        if not try_move(self, lambda: self.session.open_path(Path(path), step, loaded=loaded)):
            return
        if screen is None:
            self.pop_to_picker()
            self.push_screen(LessonScreen(self.session))
        else:
            while self.screen is not screen:  # a dialog over the lesson
                self.pop_screen()

    def leave_lesson(self) -> None:
        """Back at the lessons: the lesson is closed, and the way links came forgotten."""
        self.pop_to_picker()
        self.session.close()

    async def _check_lesson_file(self) -> None:
        """--watch: show the edited lesson when its file changes, or say why it does not
        load (keeping the last good version). Only the lesson screen of that file changes."""
        change = self._watcher.poll()
        lesson, screen = self.session.lesson, self.lesson_screen
        if change is None or screen is None or lesson is None:
            return
        if Path(lesson.path) != self._watcher.path:
            return
        from gradtui.watch import Broken

        if isinstance(change, Broken):
            screen.show_problem(change.message)
        else:
            self.session.replace(change.lesson)

    def on_lesson_screen_leave(self) -> None:
        self.leave_lesson()

    def on_lesson_screen_finished(self) -> None:
        """The learner stepped past the last step: say how it went (the checks' score and the
        ones missed, each a jump to where it is taught) and offer what is next."""
        from gradtui.screens.done import LessonDoneScreen
        from gradtui.screens.lesson import try_move

        if self.session.lesson is None or self.screen is not self.lesson_screen:
            return  # left meanwhile, or the end is already shown (two keys in a row)
        following = self.next_entry(self.session.lesson.path)
        end = self.session.end(following.title if following is not None else None)

        def go(where: str | None) -> None:
            if where == "next" and following is not None:
                self.open_lesson(following.path)
            elif where == "picker":
                self.leave_lesson()
            elif where is not None and where.startswith("missed:"):
                missed = end.jumps[int(where.partition(":")[2]) - 1]
                if missed.see is None:
                    self.session.go_to(missed.step)  # the question itself
                else:
                    try_move(self, lambda: self.session.follow(missed.see, from_step=missed.step))

        self.push_screen(LessonDoneScreen(end), go)

    def next_entry(self, path: Path) -> LessonEntry | None:
        """The lesson after the one at `path` in the picker's order (good lessons only)."""
        from gradtui.course import next_entry

        return next_entry(self.entries, path)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Behind a screen's too-small notice only quitting works (and resizing)."""
        return action == "quit" or not getattr(self.screen, "too_small", False)

    def pop_to_picker(self) -> None:
        """Close any lesson (and dialogs over it), back to the picker."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    # -- progress --------------------------------------------------------------------------

    def _show_notices(self) -> None:
        """Say each of progress's notices once."""
        for notice in self.progress.notices:
            self.notify(notice, severity="warning", timeout=8)
        self.progress.notices.clear()
