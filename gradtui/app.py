"""The App: wires the picker and lesson screens, the command palette, and saved progress."""

from __future__ import annotations

import asyncio
import contextlib
from functools import partial
from pathlib import Path

from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from gradtui.progress import Progress
from gradtui.script.catalog import LessonEntry, builtin_lessons_dir, list_lessons, real_path
from gradtui.script.model import Lesson, LessonError
from gradtui.textsafe import as_text, ascii_only, for_terminal, shortened
from gradtui.views.palette import inert_palette_input

# Textual shows some keys as symbols; in ASCII mode they are spelled as words.
KEY_WORDS = {"←": "left", "→": "right", "↑": "up", "↓": "down", "⌫": "backspace", "⏎": "enter"}


def _call_soon(loop: asyncio.AbstractEventLoop, callback) -> None:
    """Run `callback` on the app's loop, from another thread; nothing if the loop is gone."""
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(callback)


# Textual's own actions, on the App, every Screen and every widget, that gradtui uses: its
# keys (quit, ctrl+p, tab, scrolling). Every other one of those built-ins is refused, since
# gradtui never asks for it and a text that named it must not reach it: `screenshot` writes
# a file wherever it is told, `suspend_process` hands the terminal to the shell,
# `simulate_key` presses any key, `copy_text` writes the clipboard, `notify` shows markup,
# `toggle` and the class actions change any widget, `push_screen` and the rest navigate,
# and any built-in a later Textual adds is refused until it is added here.
USED_BUILTIN_ACTIONS = frozenset(
    {"quit", "command_palette", "focus_next", "focus_previous"}
    | {f"scroll_{way}" for way in ("up", "down", "left", "right", "home", "end")}
    | {f"page_{way}" for way in ("up", "down", "left", "right")}
)
BUILTIN_ACTION_CLASSES = (App, Screen, Widget, DOMNode)


def builtin_owner(namespace: object, action: str) -> type | None:
    """Which of Textual's App, Screen, Widget or DOMNode defines the method an action on
    `namespace` would run (None when the method is the program's own, or a widget's)."""
    for name in (f"_action_{action}", f"action_{action}"):
        for cls in type(namespace).__mro__:
            if name in vars(cls):
                return cls if cls in BUILTIN_ACTION_CLASSES else None
    return None


def is_refused_action(namespace: object, action: str) -> bool:
    """True for a Textual built-in action that gradtui does not use."""
    return builtin_owner(namespace, action) is not None and action not in USED_BUILTIN_ACTIONS


# Lesson and step titles longer than this are cut in the palette, so a row fits.
PALETTE_TITLE_LENGTH = 48


def palette_match(query: str, label: str) -> tuple[float, list[int]]:
    """How well `label` matches what the learner typed (0 for no match, up to 1), and the
    positions of the matched letters. The query's letters must appear in order; a label that
    holds the query whole scores higher. One pass over the label (Textual's own matcher
    tries every way the letters could match, which a long, repetitive title makes slow)."""
    wanted, text = query.casefold(), label.casefold()
    if not wanted or len(text) != len(label):  # folding changed the length: compare as is
        wanted, text = query, label
    if not wanted:
        return 0.0, []
    start = text.find(wanted)
    if start >= 0:
        return 1.0 - start / (2 * len(text) + 1), list(range(start, start + len(wanted)))
    positions, index = [], 0
    for letter in wanted:
        index = text.find(letter, index)
        if index < 0:
            return 0.0, []
        positions.append(index)
        index += 1
    runs = 1 + sum(1 for a, b in zip(positions, positions[1:], strict=False) if b != a + 1)
    return 0.5 / runs, positions


def highlighted(label: Text, positions: list[int]) -> Text:
    """`label` with the matched letters in reverse video."""
    label = label.copy()
    for position in positions:
        label.stylize("reverse", position, position + 1)
    return label


class LessonCommands(Provider):
    """Ctrl+P: every lesson, and every step of the lesson that is open, to jump to."""

    def _targets(self) -> list[tuple[str, Path, int | None]]:
        app: GradApp = self.app  # type: ignore[assignment]
        ascii = app.ascii

        def title(text: str) -> str:
            return shortened(for_terminal(text, ascii), PALETTE_TITLE_LENGTH, ascii)

        targets = []
        for entry in app.entries:
            if entry.problem:
                continue
            number = f"{entry.number} " if entry.number is not None else ""
            targets.append((f"Lesson {number}· {title(entry.title)}", entry.path, None))
        lesson_screen = app.lesson_screen
        if lesson_screen is not None:
            lesson = lesson_screen.lesson
            for step in lesson.steps:
                label = f"{title(lesson.title)} · step {step.number}: "
                label += title(step.title or "(untitled)")
                targets.append((for_terminal(label, ascii), lesson.path, step.number))
        return targets

    async def discover(self) -> Hits:
        for label, path, step in self._targets():
            yield DiscoveryHit(
                as_text(label), partial(self.app.open_lesson, path, step), text=label
            )

    async def search(self, query: str) -> Hits:
        for label, path, step in self._targets():
            score, positions = palette_match(query, label)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(as_text(label), positions),
                    partial(self.app.open_lesson, path, step),
                    text=label,
                )


def guard_option_list_paging() -> None:
    """Make page up/down safe on an OptionList that has not been laid out yet.

    Textual 8.2.8 raises KeyError from `OptionList.action_page_up/down` while the list has no
    lines: hidden under the size notice (the picker or a choice check below 60x18), or just
    opened (ctrl+p, then pgdn before the first frame). Such a press now moves to the first or
    last option instead of crashing the app. Patched once, on the class, so the command
    palette's list is covered too.
    """
    from textual.widgets import OptionList

    if getattr(OptionList, "_gradtui_paging_guard", False):
        return
    page_up, page_down = OptionList.action_page_up, OptionList.action_page_down

    def action_page_up(self: OptionList) -> None:
        try:
            page_up(self)
        except KeyError:
            self.action_first()

    def action_page_down(self: OptionList) -> None:
        try:
            page_down(self)
        except KeyError:
            self.action_last()

    OptionList.action_page_up = action_page_up
    OptionList.action_page_down = action_page_down
    OptionList._gradtui_paging_guard = True


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
        self._builtin_dir = real_path(builtin_lessons_dir())
        guard_option_list_paging()
        inert_palette_input()

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

    async def _dispatch_action(self, namespace: DOMNode, action_name: str, params) -> bool:
        """Every action, from a key binding or a click on text, passes here (Textual 8's
        `run_action`): a Textual built-in that gradtui does not use is refused, so no text,
        even one shown as markup by mistake, can reach `screenshot` or its kin."""
        if is_refused_action(namespace, action_name):
            self.log.warning(f"refused the action {action_name!r}: gradtui does not use it")
            return False
        return await super()._dispatch_action(namespace, action_name, params)

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
        path = real_path(path)
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
            self.notify(str(first), severity="error", timeout=10)
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
            self.notify(notice, severity="warning", timeout=8)
        self.progress.notices.clear()
