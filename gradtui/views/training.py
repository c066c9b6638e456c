"""The view of the `training` scene: frames from `TrainingScene`, keys, and the play timer.

Also the pieces both lesson-4 views are built from: `PanelBoard` shows a scene's `Frame` as
separately placed panels, each a `FrameCanvas` that repaints only the span of each row that
changed and shows one highlighted span (the running loop line) in reverse video; and
`AnimatedSceneView`, a scene view whose play timer exists only while playing.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Region
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from gradtui.scenes.training import FRAMES_PER_SECOND, Frame, TrainingScene
from gradtui.textsafe import inert
from gradtui.views.base import SceneView
from gradtui.views.canvas import TextCanvas

Highlight = tuple[int, int, int] | None  # (row, first column, end column)
_REVERSE = Style(reverse=True)  # the running line: visible without colour


def changed_span(before: str, after: str) -> tuple[int, int] | None:
    """The columns [start, end) where two rows differ, or None when they are the same."""
    if before == after:
        return None
    width = max(len(before), len(after))
    before, after = before.ljust(width), after.ljust(width)
    start = 0
    while start < width and before[start] == after[start]:
        start += 1
    end = width
    while end > start and before[end - 1] == after[end - 1]:
        end -= 1
    return (start, end) if end > start else None


class FrameCanvas(TextCanvas):
    """Plain text lines; a changed row repaints only up to the end of its changed span.

    Textual resends a refreshed row from the widget's left edge to the end of the refreshed
    region, so refreshing just the changed columns, in a narrow widget (one panel), keeps an
    animation light over SSH.
    """

    DEFAULT_CSS = """
    FrameCanvas {
        height: auto;
        width: 1fr;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._highlight: Highlight = None

    @property
    def highlight(self) -> Highlight:
        return self._highlight

    def show_frame(self, lines: list[str], highlight: Highlight = None) -> None:
        """Show `lines` with `highlight` in reverse video, refreshing only what changed."""
        lines = [line if line.isprintable() else inert(line, False) for line in lines]
        old, old_highlight = self._lines, self._highlight
        self._lines, self._highlight = lines, highlight
        if len(old) != len(lines):
            self.refresh(layout=True)
            return
        for row, (before, after) in enumerate(zip(old, lines, strict=True)):
            span = changed_span(before, after)
            if span is not None:
                self.refresh(Region(span[0], row, span[1] - span[0], 1))
        if old_highlight != highlight:
            for mark in (old_highlight, highlight):
                if mark is not None:
                    row, start, end = mark
                    self.refresh(Region(start, row, max(end - start, 1), 1))

    def show(self, lines: list[str]) -> None:
        self.show_frame(lines, None)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.rich_style
        if y >= len(self._lines):
            return Strip.blank(width, style)
        text = self._lines[y][:width]
        if self._highlight is not None and self._highlight[0] == y:
            _, start, end = self._highlight
            text = text.ljust(end)[:width]
            marked = style + _REVERSE
            segments = [
                Segment(text[:start], style),
                Segment(text[start:end], marked),
                Segment(text[end:], style),
            ]
            segments = [s for s in segments if s.text]
        else:
            segments = [Segment(text, style)] if text else []
        return Strip(segments).extend_cell_length(width, style)


class PanelBoard(Widget):
    """Shows a scene `Frame`: one `FrameCanvas` per panel, placed where the frame says.

    Canvases are made the first time a panel name appears and kept; a panel missing from a
    frame is hidden. Geometry is touched only when it changes (a resize or a new layout), so
    an animation frame costs just the changed spans of each panel.
    """

    DEFAULT_CSS = """
    PanelBoard {
        height: 1fr;
        width: 1fr;
    }
    PanelBoard > FrameCanvas {
        position: absolute;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._canvases: dict[str, FrameCanvas] = {}
        self._geometry: dict[str, tuple[int, int, int] | None] = {}
        self.frame: Frame | None = None

    @property
    def text(self) -> str:
        """Everything shown, as plain text (what a user or a test reads)."""
        return "\n".join(self.frame.lines) if self.frame is not None else ""

    def show_frame(self, frame: Frame) -> None:
        self.frame = frame
        shown = set()
        for panel in frame.panels:
            shown.add(panel.name)
            canvas = self._canvases.get(panel.name)
            if canvas is None:
                canvas = self._canvases[panel.name] = FrameCanvas()
                self.mount(canvas)
            geometry = (panel.x, panel.y, panel.width)
            if self._geometry.get(panel.name) != geometry:
                self._geometry[panel.name] = geometry
                canvas.styles.offset = (panel.x, panel.y)
                canvas.styles.width = panel.width
                canvas.display = True
            canvas.show_frame(list(panel.lines), panel.highlight)
        for name, canvas in self._canvases.items():
            if name not in shown and self._geometry.get(name) is not None:
                self._geometry[name] = None
                canvas.display = False
                canvas.show_frame([], None)


class AnimatedSceneView(SceneView):
    """A scene view drawn from a scene object's frames, with a play timer.

    The scene object provides `frame(width, height, ascii) -> Frame`, `tick() -> bool`
    (advance one animation frame; False when it should stop), `playing` and `readout()`.
    The timer exists only while playing: pausing, stopping or unmounting ends it, so an idle
    scene costs no CPU and sends nothing.
    """

    DEFAULT_CSS = """
    AnimatedSceneView {
        height: 1fr;
    }
    """

    scene: object
    frames_per_second: float = FRAMES_PER_SECOND

    def __init__(self, params: dict, *, ascii: bool = False, **kwargs) -> None:
        super().__init__(params, ascii=ascii, **kwargs)
        self._timer: Timer | None = None
        self._board = PanelBoard()

    def compose(self) -> ComposeResult:
        yield self._board

    def on_unmount(self) -> None:
        self._stop_timer()

    @property
    def playing(self) -> bool:
        """True while the scene animates (and only then does a timer exist)."""
        return self._timer is not None

    @property
    def board(self) -> PanelBoard:
        return self._board

    def frame(self) -> Frame:
        size = self.board.size
        return self.scene.frame(size.width, size.height, self.ascii)

    def redraw(self) -> None:
        """Lay the scene out for the current size and show only what changed."""
        if not (self.is_attached and self._board.is_attached):
            self._stop_timer()  # left the screen (a step change): a late tick draws nothing
            return
        self.board.show_frame(self.frame())

    def readout(self) -> str:
        return self.scene.readout()

    def _start_timer(self) -> None:
        if self._timer is None:
            self._timer = self.set_interval(1 / self.frames_per_second, self._tick)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _tick(self) -> None:
        if not self.scene.tick():
            self._stop_timer()
        self.redraw()

    def after_action(self) -> None:
        """Keep the timer in step with the scene (a run that stops also stops animating)."""
        if self.scene.playing:
            self._start_timer()
        else:
            self._stop_timer()
        self.redraw()


class TrainingView(AnimatedSceneView):
    """The training loop, live: play, single-step the four lines, turn the learning rate."""

    BINDINGS = [
        Binding("space", "toggle_play", "play/pause"),
        Binding("s", "step_line", "run one line"),
        Binding("up", "faster", "lr x2"),
        Binding("down", "slower", "lr /2"),
        Binding("b", "toggle_batch", "full/mini-batch"),
        Binding("f", "fast_forward", "skip ahead"),
        Binding("r", "reset", "reset"),
    ]

    def __init__(self, params: dict, *, ascii: bool = False, **kwargs) -> None:
        super().__init__(params, ascii=ascii, **kwargs)
        self.scene = TrainingScene(params)

    def action_toggle_play(self) -> None:
        self.scene.toggle_play()
        self.after_action()

    def action_step_line(self) -> None:
        self.scene.step_line()
        self.after_action()

    def action_faster(self) -> None:
        self.scene.faster()
        self.after_action()

    def action_slower(self) -> None:
        self.scene.slower()
        self.after_action()

    def action_toggle_batch(self) -> None:
        self.scene.toggle_batch()
        self.after_action()

    def action_fast_forward(self) -> None:
        self.scene.fast_forward()
        if self.scene.trainer.stopped:
            self.scene.pause()
        self.after_action()

    def action_reset(self) -> None:
        self.scene.reset()
        self.after_action()
