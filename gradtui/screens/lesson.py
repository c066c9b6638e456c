"""The lesson screen: a header (title, step k/n, a progress bar), the step's prose and
check, its live scene beside or below, and a key bar with the keys that work here."""

from __future__ import annotations

import asyncio

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from gradtui.screens.guard import GuardedScreen, SizeNotice
from gradtui.screens.help import ANYWHERE, HelpScreen, keys_of
from gradtui.script.model import Lesson, Step
from gradtui.textsafe import for_terminal, shortened
from gradtui.views.banner import ReloadBanner
from gradtui.views.check import AnswerInput, CheckPanel
from gradtui.views.keybar import KeyBar
from gradtui.views.prose import Prose
from gradtui.views.scene import SceneView, view_class
from gradtui.views.text import as_text

WIDE_AT = 110  # columns from which prose and scene sit side by side


def progress_bar(step: int, total: int, width: int, ascii: bool = False) -> str:
    """A text progress bar, readable without colour: filled part, then the rest."""
    width = max(width, 0)
    filled = round(width * step / total) if total else 0
    full, empty = ("#", "-") if ascii else ("━", "─")
    return full * filled + empty * (width - filled)


class LessonHeader(Static):
    """One line: the lesson title, "step k/n" and a progress bar."""

    DEFAULT_CSS = """
    LessonHeader {
        dock: top;
        height: 1;
        width: 1fr;
        background: $primary-background;
        text-style: bold;
    }
    """


class LessonScreen(GuardedScreen):
    """Steps through one lesson. Saves the step on every change."""

    BINDINGS = [
        Binding("right,n,space", "next_step", "next", key_display="→/n"),
        Binding("left,p,backspace", "previous_step", "back", key_display="←/p"),
        Binding("home", "first_step", "first", show=False),
        Binding("end", "last_step", "last", show=False),
        Binding("question_mark,f1", "help", "help", key_display="?/f1"),
        Binding("escape", "leave", "lessons", key_display="esc"),
        Binding("pageup", "scroll_prose(-1)", "scroll text up", show=False),
        Binding("pagedown", "scroll_prose(1)", "scroll text down", show=False),
    ]

    DEFAULT_CSS = """
    LessonScreen #main { layout: vertical; height: 1fr; }
    LessonScreen #main.-wide { layout: horizontal; }
    LessonScreen #text-side { height: auto; max-height: 50%; }
    LessonScreen #main.-wide #text-side { width: 42%; height: 1fr; max-height: 100%; }
    LessonScreen #main.-no-scene #text-side { height: 1fr; max-height: 100%; width: 1fr; }
    LessonScreen #scene-side { height: 1fr; width: 1fr; }
    LessonScreen .step-text { height: auto; }
    LessonScreen #main.-no-scene #scene-side { display: none; }
    LessonScreen .scene-error { color: $error; padding: 0 1; }
    """

    step_number: reactive[int] = reactive(1, init=False)

    def __init__(self, lesson: Lesson, key: str, step: int = 1) -> None:
        super().__init__()
        self.lesson = lesson
        self.key = key
        self.set_reactive(LessonScreen.step_number, self._clamp(step))
        self.scene_view = None
        self._showing = asyncio.Lock()  # step changes can arrive faster than a step mounts
        self._panes: dict[int, tuple[Vertical, Widget | None]] = {}  # step → its widgets

    @property
    def step(self) -> Step:
        return self.lesson.steps[self.step_number - 1]

    def _clamp(self, number: int) -> int:
        return max(1, min(int(number), len(self.lesson.steps)))

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield LessonHeader(classes="screen-header")
        with Container(id="main"):
            yield VerticalScroll(id="text-side", can_focus=False)
            yield Container(id="scene-side")
        yield KeyBar()
        yield SizeNotice()

    async def on_mount(self) -> None:
        super().on_mount()
        self._apply_width()
        await self._show_step()
        self.app.progress_visit(self.key, self.step_number, len(self.lesson.steps))

    def on_resize(self, event) -> None:
        super().on_resize(event)
        self._apply_width()
        self._update_header()

    def _apply_width(self) -> None:
        self.query_one("#main").set_class(self.app.size.width >= WIDE_AT, "-wide")

    def _update_header(self) -> None:
        total = len(self.lesson.steps)
        title = for_terminal(self.lesson.title, self.ascii)
        where = f" step {self.step_number}/{total} "
        width = self.app.size.width
        room = max(width - len(where) - 3, 1)  # a long title gives way to "step k/n"
        title = shortened(title, room, self.ascii)
        bar_width = max(0, min(30, width - len(title) - len(where) - 4))
        bar = progress_bar(self.step_number, total, bar_width, self.ascii)
        text = f" {title} |{where}{bar}" if self.ascii else f" {title} ·{where}{bar}"
        self.query_one(LessonHeader).update(as_text(text[: max(width, 0)], self.ascii))

    async def watch_step_number(self, number: int) -> None:
        await self._show_step()
        self.app.progress_visit(self.key, number, len(self.lesson.steps))

    async def _show_step(self) -> None:
        """Replace the prose, check and scene with the current step's."""
        async with self._showing:
            await self._replace_step_widgets()

    async def _replace_step_widgets(self) -> None:
        """Show the current step's widgets. Each step's are built on its first visit and
        then kept, hidden, while the learner is elsewhere: coming back is a display switch
        instead of a rebuild, and a check keeps its verdict. A hidden scene stops playing."""
        step = self.step
        for number, (text_pane, scene) in self._panes.items():
            if number != step.number:
                text_pane.display = False
                if scene is not None:
                    scene.display = False
                    if isinstance(scene, SceneView):
                        scene.pause()
        self.scene_view = None
        if step.number not in self._panes:
            await self._build_panes(step)
            if not self.is_shown:
                return
        text_pane, scene = self._panes[step.number]
        text_pane.display = True
        self.query_one("#text-side", VerticalScroll).scroll_home(animate=False)
        self.query_one("#main").set_class(scene is None, "-no-scene")
        if scene is not None:
            scene.display = True
            self.scene_view = scene
        self._update_header()
        panel = self.check_panel
        if panel is not None:
            panel.answer_box.focus()
        else:
            self.focus_scene()

    async def _build_panes(self, step: Step) -> None:
        """Mount a step's prose (and check) on the text side and its scene beside it."""
        widgets = [Prose(step.prose, ascii=self.ascii)]
        if step.check is not None:
            previous = self.app.progress.check_outcome(self.key, step.number)
            widgets.append(CheckPanel(step.check, ascii=self.ascii, previous=previous))
        text_pane = Vertical(*widgets, classes="step-text")
        scene = self._make_scene(step) if step.scene is not None else None
        self._panes[step.number] = (text_pane, scene)
        await self.query_one("#text-side").mount(text_pane)
        if scene is not None and self.is_shown:
            await self.query_one("#scene-side").mount(scene)

    @property
    def check_panel(self) -> CheckPanel | None:
        """The current step's check, if it has one."""
        text_pane, _ = self._panes.get(self.step_number, (None, None))
        if text_pane is None:
            return None
        panels = text_pane.query(CheckPanel)
        return panels.first() if panels else None

    @property
    def is_shown(self) -> bool:
        """False once the screen has been closed: Esc can arrive while a step is still
        mounting, and the widgets being filled in are then already gone."""
        return self.is_attached and self in self.app.screen_stack

    def _make_scene(self, step: Step):
        """The scene's view, or a plain message if it cannot be built (never a crash)."""
        try:
            return view_class(step.scene.kind)(step.scene.params, ascii=self.ascii)
        except Exception as error:  # a scene that fails must not take the lesson down
            message = f"This scene could not be shown: {type(error).__name__}: {error}"
            return Static(as_text(message, self.ascii), classes="scene-error")

    # -- live reload (gradtui LESSON --watch) -----------------------------------------------

    async def replace_lesson(self, lesson: Lesson) -> None:
        """Show `lesson`, the same script edited, in place of the one shown: on the same step,
        or the nearest one left; every step is built anew from the new script."""
        async with self._showing:
            self.lesson = lesson
            panes, self._panes = list(self._panes.values()), {}
            for text_pane, scene in panes:
                await text_pane.remove()
                if scene is not None:
                    await scene.remove()
            self.set_reactive(LessonScreen.step_number, self._clamp(self.step_number))
            self.show_problem(None)
            await self._replace_step_widgets()
        self.app.progress_visit(self.key, self.step_number, len(self.lesson.steps))

    def show_problem(self, problem: str | None) -> None:
        """Say over the lesson that the last edit of its file does not load (None: it does)."""
        banners = self.query(ReloadBanner)
        if problem is None and not banners:
            return
        if banners:
            banner = banners.first()
        else:
            banner = ReloadBanner(ascii=self.ascii)
            self.mount(banner, before=self.query_one("#main"))
        banner.show_problem(problem)

    def focus_scene(self) -> None:
        """Give the keys to the scene (or to the screen when the step has none)."""
        if self.scene_view is not None and self.scene_view.can_focus:
            self.scene_view.focus()
        else:
            self.set_focus(None)

    # -- actions ---------------------------------------------------------------------------

    def go_to_step(self, number: int) -> None:
        """Jump to a step (kept within the lesson)."""
        self.step_number = self._clamp(number)

    def action_next_step(self) -> None:
        self.go_to_step(self.step_number + 1)

    def action_previous_step(self) -> None:
        self.go_to_step(self.step_number - 1)

    def action_first_step(self) -> None:
        self.go_to_step(1)

    def action_last_step(self) -> None:
        self.go_to_step(len(self.lesson.steps))

    def action_scroll_prose(self, direction: int) -> None:
        text_side = self.query_one("#text-side", VerticalScroll)
        if direction < 0:
            text_side.scroll_page_up(animate=False)
        else:
            text_side.scroll_page_down(animate=False)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The keys of this screen, and of the scene and check on the current step."""
        sections = [("Lesson", keys_of(self.BINDINGS, self.app))]
        if self.scene_view is not None and getattr(self.scene_view, "BINDINGS", None):
            sections.append(("This scene", keys_of(self.scene_view.BINDINGS, self.app)))
        if self.step.check is not None:
            keys = [("enter", "answer"), *keys_of(CheckPanel.BINDINGS, self.app)]
            sections.append(("This check", keys))
        sections.append(ANYWHERE)
        return sections

    def action_leave(self) -> None:
        self.app.pop_to_picker()

    # -- checks ----------------------------------------------------------------------------

    @on(CheckPanel.Answered)
    def _answered(self, event: CheckPanel.Answered) -> None:
        self.app.progress_check(self.key, self.step_number, event.answer, event.correct)

    @on(CheckPanel.Left)
    def _left_check(self) -> None:
        self.focus_scene()

    @on(AnswerInput.Step)
    def _step_from_empty_answer(self, event: AnswerInput.Step) -> None:
        self.go_to_step(self.step_number + event.direction)
