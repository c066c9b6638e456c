"""The lesson screen: a header (title, step k/n, a progress bar), the step's prose and
check, its live scene beside or below, and a key bar with the keys that work here.

It is a thin driver over the app's `LessonSession` (gradtui/session.py), where the lesson's
rules live: a key becomes a move there, and the screen shows what the session says (told
through `on_change`). What only the app can do, it asks for with a message: `Finished` (the
end of the lesson) and `Leave` (back to the lessons).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from gradtui.course import served_page, step_link
from gradtui.grading import begins_answer, name_starts
from gradtui.prose import keys_named
from gradtui.scenes.live import LiveScene
from gradtui.screens.guard import GuardedScreen, SizeNotice
from gradtui.screens.help import ANYWHERE, HelpScreen, effective_keys, keys_of
from gradtui.script.model import Lesson, Step, Target
from gradtui.session import LESSON_KEYS, CannotOpen, LessonSession
from gradtui.textsafe import for_terminal, shortened
from gradtui.views.banner import ReloadBanner
from gradtui.views.check import AnswerInput, CheckPanel
from gradtui.views.keybar import KeyBar, character_of
from gradtui.views.prose import Prose
from gradtui.views.scene import SceneView, view_class
from gradtui.views.text import OneLine, as_text

WIDE_AT = 110  # columns from which prose and scene sit side by side
SCENE_ROWS = 14  # rows a scene keeps when the prose sits above it: its plot gets 9 of them
TEXT_ROWS = 5  # fewer left for the prose than this, and the two take turns (z): text first


def progress_bar(step: int, total: int, width: int, ascii: bool = False) -> str:
    """A text progress bar, readable without colour: filled part, then the rest."""
    width = max(width, 0)
    filled = round(width * step / total) if total else 0
    full, empty = ("#", "-") if ascii else ("━", "─")
    return full * filled + empty * (width - filled)


class LessonHeader(OneLine):
    """One line: the lesson title, "step k/n" and a progress bar."""

    DEFAULT_CSS = """
    LessonHeader {
        dock: top;
        height: 1;
        width: 1fr;
        background: $primary-background;
        color: auto 90%;  /* the theme's own text colour is unreadable on it in light themes */
        text-style: bold;
    }
    """


class MoreMark(OneLine):
    """The last line of a prose pane that goes on below (says so, and how to see the rest),
    or of a step's text shown alone, its scene one z away."""

    def say(self, more: bool, text_alone: bool) -> None:
        ascii = getattr(self.app, "ascii", False)
        if text_alone:
            words = "▼ more below: pgdn · z: the scene" if more else "z: the scene"
        else:
            words = "▼ more below: pgdn (z: the scene alone)"
        self.show(as_text(words, ascii))
        self.set_class(more or text_alone, "-shown")


def try_move(node: DOMNode, move: Callable[[], object]) -> bool:
    """Make a move of the lesson session that may open another lesson; one that does not load
    is said in a notice (False)."""
    try:
        move()
    except CannotOpen as problem:
        node.notify(str(problem), severity="error", timeout=10)
        return False
    return True


def lesson_bindings(*moves: str) -> list[Binding]:
    """The lesson's keys (`LESSON_KEYS`, shared with the line mode) that make `moves`, as
    bindings. First and last step are on no key bar: the help lists them."""
    keys = {key.method: key for key in LESSON_KEYS}
    return [
        Binding(
            keys[move].keys,
            move,
            keys[move].words,
            key_display=keys[move].show or None,
            show=move not in ("first_step", "last_step"),
        )
        for move in moves
    ]


class TextSide(VerticalScroll, inherit_bindings=False):
    """The step's text, scrolled by the lesson's pgup and pgdn. It binds no keys itself: with
    a link focused inside it, ← and → still step through the lesson."""


class LessonScreen(GuardedScreen):
    """Shows the app's lesson session: the step it is on, its prose, check and scene."""

    BINDINGS = [
        *lesson_bindings("next_step", "previous_step", "link_back", "see"),
        *lesson_bindings("first_step", "last_step", "reveal"),
        Binding("z", "scene_only", "text on/off"),
        *lesson_bindings("help", "leave"),
        Binding("tab", "app.focus_next", "", show=False),  # said under "Links" in the help
        Binding("shift+tab", "app.focus_previous", "", show=False),
        Binding("pageup", "scroll_prose(-1)", "scroll text up", show=False),
        Binding("pagedown", "scroll_prose(1)", "scroll text down", show=False),
        Binding("ctrl+l", "share_link", "the link to this step", show=False),  # when served
    ]

    DEFAULT_CSS = """
    LessonScreen #main { layout: vertical; height: 1fr; }
    LessonScreen #main.-wide { layout: horizontal; }
    LessonScreen #text-side { height: auto; max-height: 50%; }
    LessonScreen #main.-wide #text-side { width: 42%; height: 1fr; max-height: 100%; }
    LessonScreen #scene-side { height: 1fr; width: 1fr; }
    LessonScreen .step-text { height: auto; }
    LessonScreen #main.-scene-only #text-side { display: none; }
    LessonScreen #main.-text-only #text-side { height: 1fr; max-height: 100%; }
    LessonScreen .scene-error { color: $error; padding: 0 1; }
    LessonScreen MoreMark { dock: bottom; height: 1; display: none; text-style: bold; }
    LessonScreen MoreMark.-shown { display: block; }
    """

    AUTO_FOCUS = ""  # none: the step decides what has the keys (see _replace_step_widgets)

    class Finished(Message):
        """The learner stepped past the last step: the app says how the lesson went."""

    class Leave(Message):
        """The learner goes back to the lessons."""

    def __init__(self, session: LessonSession) -> None:
        super().__init__()
        self.session = session
        self.scene_view = None
        self.scene_only = False  # the learner folded the text away (z)
        self.text_only = False  # too low for both: the text is shown, its scene one z away
        self._showing = asyncio.Lock()  # step changes can arrive faster than a step mounts
        self._panes: dict[int, tuple[Vertical, Widget | None]] = {}  # step → its widgets
        self._check_panels: dict[Vertical, CheckPanel] = {}  # each text pane's, once found
        self._built_for: Lesson | None = None  # the lesson whose steps are in _panes
        self._shown_step: tuple[Lesson, int] | None = None

    @property
    def lesson(self) -> Lesson:
        return self.session.lesson

    @property
    def step_number(self) -> int:
        return self.session.step_number

    @property
    def step(self) -> Step:
        return self.session.step

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield LessonHeader(classes="screen-header")
        with Container(id="main"):
            with TextSide(id="text-side", can_focus=False):
                yield MoreMark()
            yield Container(id="scene-side")
        yield KeyBar()
        yield SizeNotice()

    async def on_mount(self) -> None:
        super().on_mount()
        self._apply_width()
        text_side = self.query_one("#text-side", TextSide)
        self.watch(text_side, "scroll_y", lambda _: self._update_more_mark(), init=False)
        self.session.on_change = self._session_changed
        await self._show_current()

    def on_unmount(self) -> None:
        if self.session.on_change == self._session_changed:
            self.session.on_change = None

    def on_resize(self, event) -> None:
        super().on_resize(event)
        if self.lesson is None:
            return
        was_text_only = self.text_only
        self._apply_width()
        self._update_header()
        if self.text_only != was_text_only:  # the scene was hidden or is back: its keys too
            self._give_keys()

    @property
    def cramped(self) -> bool:
        """Too low for the prose above the scene: the two take turns, the text first."""
        rows = max(self.app.size.height - 2, 0)  # less the header and the key bar
        wide = self.app.size.width >= WIDE_AT
        return not wide and self.step.scene is not None and rows - SCENE_ROWS < TEXT_ROWS

    def _apply_width(self) -> None:
        """Prose beside the scene when wide; above it otherwise, leaving the scene at least
        SCENE_ROWS rows (the prose then scrolls, with a mark saying there is more). Lower
        than that, the step's text and its scene take turns (z)."""
        main = self.query_one("#main")
        wide = self.app.size.width >= WIDE_AT
        main.set_class(wide, "-wide")
        has_scene = self.step.scene is not None
        self.text_only = self.cramped and not self.scene_only
        main.set_class(self.scene_only and has_scene, "-scene-only")
        main.set_class(self.text_only, "-text-only")
        if self.text_only and isinstance(self.scene_view, SceneView):
            self.scene_view.pause()  # out of sight, it stops
        text_side = self.query_one("#text-side", TextSide)
        # The scene side shows only with a scene and room for it; a step without a scene gives
        # the text the whole screen. Set on the two sides themselves, not as a class of #main:
        # a class there restyles every kept step's widgets, the largest part of a step change.
        self.query_one("#scene-side").display = has_scene and not self.text_only
        text_side.styles.width = None if has_scene else "1fr"
        text_side.styles.height = None if has_scene else "1fr"
        if wide or not has_scene or self.text_only:
            text_side.styles.max_height = "100%"
        else:
            rows = max(self.app.size.height - 2, 0)  # less the header and the key bar
            text_side.styles.max_height = max(3, min(rows // 2, rows - SCENE_ROWS))
        self.call_after_refresh(self._update_more_mark)

    def _update_more_mark(self) -> None:
        """Show "more below" while the prose goes on past the bottom of its pane. A screen
        being closed has nothing to mark: its widgets go before it does (children first), and
        a late call (after a refresh, or its text scrolled as the text went) finds none."""
        marks = self.query(MoreMark)
        if not self.is_shown or not marks:
            return
        text_side = self.query_one("#text-side", TextSide)
        more = text_side.max_scroll_y > text_side.scroll_y + 0.5
        marks.first().say(more, self.text_only)

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
        self.query_one(LessonHeader).show(as_text(text[: max(width, 0)], self.ascii))

    # -- showing what the session says -----------------------------------------------------

    def _session_changed(self) -> None:
        """The session moved (a key here, a jump from the palette, a link, a reload): show
        where it is now, once this screen's turn comes."""
        self.call_next(self._show_current)

    async def _show_current(self) -> None:
        """Show the session's lesson and step: the step's widgets when it changed (every
        step built anew when the lesson did), else only which keys work now."""
        async with self._showing:
            lesson = self.session.lesson
            if lesson is None or not self.is_shown:
                return
            if lesson is not self._built_for:
                await self._forget_panes()
                self._built_for = lesson
                self.show_problem(None)
            if self._shown_step == (lesson, self.step_number):
                self.refresh_bindings()
                return
            await self._replace_step_widgets()

    async def _forget_panes(self) -> None:
        """Take every step's widgets away (another lesson, or this one edited, comes)."""
        panes, self._panes = list(self._panes.values()), {}
        self._check_panels = {}
        self._shown_step = None
        for text_pane, scene in panes:
            await text_pane.remove()
            if scene is not None:
                await scene.remove()

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
        self._shown_step = (self.lesson, step.number)
        text_pane, scene = self._panes[step.number]
        text_pane.display = True
        self.query_one("#text-side", TextSide).scroll_home(animate=False)
        if scene is not None:
            scene.display = True
            self.scene_view = scene
        if self.cramped:
            self.scene_only = False  # each step opens on its text when they take turns
        self._apply_width()
        self._update_header()
        self._give_keys()

    def _give_keys(self) -> None:
        """Focus what the step's keys are for: a choice's options when no scene is shown,
        else the scene. Typing a number (or Enter) starts a typed answer: see on_key."""
        panel = self.check_panel
        if (
            panel is not None
            and panel.check.is_choice
            and (self.scene_view is None or self.text_only)
        ):
            panel.answer_box.focus()  # ↑ ↓ choose; the step keys still work
        else:
            self.focus_scene()
        self.refresh_bindings()  # reveal, z and the hints follow the step, focus moved or not
        self.call_after_refresh(self.query_one(KeyBar).show_keys)

    async def _build_panes(self, step: Step) -> None:
        """Mount a step's prose (and check) on the text side and its scene beside it."""
        widgets = [Prose(step.prose, ascii=self.ascii, links=step.links)]
        if step.check is not None:
            widgets.append(CheckPanel(self.session.check(step.number), ascii=self.ascii))
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
        found = self._check_panels.get(text_pane)
        if found is None:  # looked for again until it is mounted; the key bar asks often
            panels = text_pane.query(CheckPanel)
            found = panels.first() if panels else None
            if found is not None:
                self._check_panels[text_pane] = found
        return found

    @property
    def is_shown(self) -> bool:
        """False once the screen has been closed: Esc can arrive while a step is still
        mounting, and the widgets being filled in are then already gone."""
        return self.is_attached and self in self.app.screen_stack

    def _make_scene(self, step: Step):
        """The view of the step's live scene, or a plain message if it cannot be built
        (never a crash)."""
        live = self.session.scene(step.number)
        if isinstance(live, LiveScene):
            try:
                return view_class(live.kind)(scene=live, ascii=self.ascii)
            except Exception as error:  # a scene that fails must not take the lesson down
                live = f"This scene could not be shown: {type(error).__name__}: {error}"
        return Static(as_text(live, self.ascii), classes="scene-error")

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
        """Give the keys to the scene (or to the screen when none is shown)."""
        if self.scene_view is not None and self.scene_view.can_focus and not self.text_only:
            self.scene_view.focus()
        else:
            self.set_focus(None)

    # -- the lesson's keys: each a move of the session -------------------------------------

    def action_next_step(self) -> None:
        """The next step; past the last one, the end of the lesson (the app's to show)."""
        if not self.session.next_step():
            self.post_message(self.Finished())

    def action_previous_step(self) -> None:
        self.session.previous_step()

    def action_first_step(self) -> None:
        self.session.first_step()

    def action_last_step(self) -> None:
        self.session.last_step()

    def action_link_back(self) -> None:
        try_move(self, self.session.link_back)

    def action_see(self) -> None:
        """Go to the step that teaches the check just missed."""
        try_move(self, self.session.see)

    def follow(self, target: Target) -> None:
        """Go where a link leads; ⌫ comes back here."""
        try_move(self, lambda: self.session.follow(target))

    def action_reveal(self) -> None:
        """Show the check's answer without grading (the learner gave up)."""
        if self.check_panel is not None:
            self.check_panel.action_reveal()

    def action_leave(self) -> None:
        self.post_message(self.Leave())

    def action_share_link(self) -> None:
        """ctrl+l in a browser (`gradtui serve`): the address that opens this step, to share."""
        page = served_page()
        if page is not None:
            link = step_link(page, self.lesson.slug, self.step_number)
            self.notify(link, title="The link to this step", timeout=30)

    def action_scroll_prose(self, direction: int) -> None:
        text_side = self.query_one("#text-side", TextSide)
        if direction < 0:
            text_side.scroll_page_up(animate=False)
        else:
            text_side.scroll_page_down(animate=False)

    def action_scene_only(self) -> None:
        """Fold the text away to give the scene the whole screen, or bring it back."""
        self.scene_only = not self.scene_only
        self._apply_width()
        self._give_keys()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Behind the too-small notice no key does anything here; "text on/off" only where a
        scene could use the room; the link to this step only in a browser (`gradtui serve`);
        reveal, the step that teaches it and return to the link only when the session offers
        them."""
        if self.too_small or self.lesson is None:
            return False
        if action == "scene_only":
            return self.step.scene is not None
        if action == "share_link":  # a link to a step means something in a browser only
            return served_page() is not None
        return self.session.offers(action)

    def named_keys(self) -> tuple[str, ...]:
        """The keys the step's text tells the learner to press: the key bar shows them first,
        and never leaves one out."""
        if self.lesson is None or self.too_small:
            return ()
        return keys_named(self.step.prose)

    def key_hints(self) -> list[tuple[str, str]]:
        """Keys the bar names that are not bindings: how to start answering a check, how to
        follow the prose's links (their numbers, on a step without a check; else Tab)."""
        if self.lesson is None:
            return []
        panel = self.check_panel
        links = self.step.links
        if self.too_small or (panel is None and not links):
            return []
        if panel is None:
            focused = self.focused
            if focused is not None and "1" in focused._bindings.key_to_bindings:
                return [("tab", "links")]  # the scene's own digits come first (see on_key)
            keys = "1" if len(links) == 1 else f"1-{min(len(links), 9)}"
            return [(keys, "follow a link" if len(links) == 1 else "follow a link [n]")]
        also = [("tab", "links")] if links else []
        if panel.check.is_choice:
            return [(f"1-{len(panel.check.options)}", "pick"), *also]
        if not self._box_has_keys(panel):
            return [("0-9", "type your answer"), *also]
        if panel.answer_box.value:
            return []  # the arrows edit the text
        key = self.app.get_key_display
        return [(f"{key(Binding('left', ''))}/{key(Binding('right', ''))}", "step")]

    def _taken_by_focused(self, key: str) -> bool:
        """Whether the focused widget (the scene, say) has a key of its own that works now for
        this key: then the key is its own."""
        reached = self.active_bindings.get(key)
        return reached is not None and self.focused is not None and reached.node is self.focused

    def _box_has_keys(self, panel: CheckPanel) -> bool:
        """Whether the answer box takes what is typed: it is focused and its answer not yet
        graded. (`has_focus` lags: it is set when the box's Focus event is handled.) Asked
        by the key bar too, also while the panel is still being built."""
        focused = self.focused
        return isinstance(focused, AnswerInput) and focused.parent is panel and not panel.graded

    def typed_here(self, key: str) -> bool:
        """Whether `key` would type into the answer box rather than do what it is bound to,
        on a number check whose box does not have the keys yet: a key that begins an answer
        (`p`, which begins pi, among them), unless the scene takes it. The key bar leaves
        such a key out."""
        panel = self.check_panel
        if panel is None or panel.check.is_choice or self._box_has_keys(panel):
            return False
        character = character_of(key)
        return (
            character is not None and begins_answer(character) and not self._taken_by_focused(key)
        )

    def on_key(self, event: events.Key) -> None:
        """On a number check, what a learner types is their answer (see `begins_answer`): a key
        that begins one (a digit, - + . (, or the first letter of pi, e, sqrt, abs...) opens
        the answer box with it, Enter opens it empty, and from then on every character goes
        into the box, even one sent before the focus moved there. Keys that begin no answer
        (n, space, o, q, ?) stay the lesson's until the box is opened. On a choice check a
        digit picks an option; on a step without a check it follows the prose's link of that
        number. A key the focused widget (the scene) binds stays its own."""
        if self.too_small or self.lesson is None:
            return
        panel = self.check_panel
        if panel is None:
            self._follow_numbered_link(event)
            return
        character = event.character or ""
        if not panel.check.is_choice and self._box_has_keys(panel):
            # The box takes what is typed itself; a character that reaches here instead was
            # sent to the widget focused before the first key moved the focus into the box
            # (keys that arrive in one read, as a fast typist's or a paste's do): it belongs
            # in the box too, or "sqrt(25)" would lose its q.
            if event.is_printable and character:
                event.stop()
                event.prevent_default()
                panel.answer_box.insert_text_at_cursor(character)
            return
        if self._taken_by_focused(event.key):
            return
        if panel.check.is_choice:
            if character.isdigit() and 1 <= int(character) <= len(panel.check.options):
                event.stop()
                event.prevent_default()
                panel.pick(int(character))
        elif begins_answer(character) or event.key == "enter":
            event.stop()
            event.prevent_default()
            panel.start_answer(character if begins_answer(character) else "")

    def _follow_numbered_link(self, event: events.Key) -> None:
        if self._taken_by_focused(event.key):
            return
        character = event.character or ""
        links = self.step.links
        if character.isdigit() and 1 <= int(character) <= len(links):
            event.stop()
            event.prevent_default()
            self.follow(links[int(character) - 1].target)

    @on(Prose.Follow)
    def _follow_prose_link(self, event: Prose.Follow) -> None:
        event.stop()
        self.follow(event.link.target)

    def on_paste(self, event: events.Paste) -> None:
        """A paste on a number check step starts the answer with what was pasted."""
        panel = self.check_panel
        if panel is None or self.too_small or panel.check.is_choice:
            return
        if panel.answer_box.has_focus:
            return
        event.stop()
        lines = event.text.splitlines()
        panel.start_answer(lines[0] if lines else "")  # one line, as the box takes a paste

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """What each key does here, one meaning per key: the scene's (or the check's) keys
        first, then the lesson's; a key the scene takes over is not listed for the lesson."""
        sections = []
        if self.scene_view is not None:
            sections.append(("This scene", effective_keys(self, self.scene_view)))
        panel = self.check_panel
        if panel is not None:
            how = (
                [(f"1-{len(panel.check.options)}", "pick an option"), ("up, down", "choose")]
                if panel.check.is_choice
                else [
                    (f"0-9 + - . ( {' '.join(sorted(name_starts()))}", "start your answer"),
                    ("enter", "open the box empty; in it, answer"),
                ]
            )
            sections.append(("This check", [*how, *keys_of(CheckPanel.BINDINGS, self.app)]))
        if self.step.links:
            sections.append(("Links", self.link_keys()))
        sections.append(("Lesson", effective_keys(self, self)))
        sections.append(ANYWHERE)
        return [(title, rows) for title, rows in sections if rows]

    def link_keys(self) -> list[tuple[str, str]]:
        """How the step's links are followed (and left), for the help."""
        count = len(self.step.links)
        rows = [] if self.check_panel is not None else [
            ("1" if count == 1 else f"1-{min(count, 9)}", "follow the link of that number")
        ]  # fmt: skip
        rows += [("tab, shift+tab", "reach a link"), ("enter", "follow the link reached")]
        return [*rows, ("backspace", "return to where you followed a link from")]

    # -- the check -------------------------------------------------------------------------

    @on(CheckPanel.Answered)
    def _answered(self) -> None:
        self.refresh_bindings()  # reveal and "the step that teaches it" follow the verdict

    @on(CheckPanel.Left)
    def _left_check(self) -> None:
        self.focus_scene()
        self.refresh_bindings()  # after a reveal, "the step that teaches it" is offered

    @on(Input.Changed, "#check-input")
    def _answer_changed(self) -> None:
        """The box emptied or filled: ← and → step or edit, and the key bar says which."""
        self.query_one(KeyBar).show_keys()

    @on(AnswerInput.Step)
    def _step_from_empty_answer(self, event: AnswerInput.Step) -> None:
        self.session.go_to(self.step_number + event.direction)  # at either end: it stays
