"""The bases every scene view builds on: checked params in, a focusable widget out.

A scene view owns the scene's keys (as Textual BINDINGS with descriptions, so the footer
and the help screen list them) and redraws itself from its scene's pure state object.
`SceneView` draws once per size and runs a play timer that exists only while playing;
`FrameView` shows a state whose frame is a list of lines in one `TextCanvas`;
`PanelSceneView` shows a scene whose frame is a `Frame` of panels on a `PanelBoard`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.timer import Timer
from textual.widget import Widget

from gradtui.views.canvas import PanelBoard, TextCanvas

if TYPE_CHECKING:
    from gradtui.scenes.layout import Frame


class SceneView(Widget, can_focus=True):
    """A live scene. Subclasses set BINDINGS and compose their own children.

    `params` are the scene's checked parameters; `ascii` says to draw with 7-bit
    characters only. `readout()` returns the scene's numbers as plain text; tests and the
    help screen use it, so it must say in words what the scene shows.

    A scene that animates calls `_start_timer()` when play begins: the timer calls
    `advance()` `frames_per_second` times a second until `next_frame()` says the animation
    is over. Pausing (`_stop_timer()`), the end, or unmounting ends it, so an idle scene
    has no timer at all: it costs no CPU and sends nothing.
    """

    DEFAULT_CSS = """
    SceneView {
        height: auto;
        width: 1fr;
    }
    SceneView:focus {
        background-tint: $foreground 3%;
    }
    """

    frames_per_second: float = 10.0  # smooth enough to follow, light over SSH; tests change it

    def __init__(self, params: dict[str, Any], *, ascii: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.params = params
        self.ascii = ascii
        self._fitted_size = None
        self._timer: Timer | None = None

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self._fit()

    def on_unmount(self) -> None:
        self._stop_timer()

    def _fit(self) -> None:
        """Draw for the size the view has now, once per size: mounting brings both a Resize
        and the after-refresh call, and a frame can cost a plotext build."""
        if self.size == self._fitted_size:
            return
        self._fitted_size = self.size
        self.redraw()

    def redraw(self) -> None:
        """Draw the scene to fit `self.size`. Subclasses do the drawing; actions that change
        the scene call this directly."""

    def readout(self) -> str:
        """The scene's current numbers, as plain text."""
        return ""

    # --- the play timer -------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        """True while the scene animates (and only then does a timer exist)."""
        return self._timer is not None

    def pause(self) -> None:
        """Stop playing (the lesson hides this scene when the learner steps away)."""
        self._stop_timer()

    def _start_timer(self) -> None:
        if self._timer is None:
            self._timer = self.set_interval(1 / self.frames_per_second, self.advance)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def advance(self) -> None:
        """One frame of the animation (the timer's call); the timer stops itself at the end."""
        if not self.next_frame():
            self._stop_timer()
        self.redraw()

    def next_frame(self) -> bool:
        """Move the scene on by one animation frame; False when there is no more to play."""
        return False


class FrameView(SceneView):
    """A scene whose state draws itself as lines: `state.frame(width, height, ascii)` fills
    one `TextCanvas`, and `state.readout()` says it in words.

    Subclasses name the state's class in `state_class` (it is built from the params).
    """

    DEFAULT_CSS = """
    FrameView { height: 1fr; }
    """

    state_class: type

    def __init__(self, params: dict, *, ascii: bool = False, **kwargs) -> None:
        super().__init__(params, ascii=ascii, **kwargs)
        self.state = self.state_class(params)

    def compose(self) -> ComposeResult:
        yield TextCanvas()

    def redraw(self) -> None:
        """Fit the state's frame to the space this view has now."""
        canvases = self.query(TextCanvas)
        if not canvases:  # removed before its first refresh (two quick step changes)
            return
        size = self.size
        canvases.first().show(self.state.frame(size.width, size.height, self.ascii))

    def readout(self) -> str:
        return self.state.readout()


class PanelSceneView(SceneView):
    """A scene drawn from a scene object's frames of panels, which also drives the playing.

    The scene object provides `frame(width, height, ascii) -> Frame`, `tick() -> bool`
    (advance one animation frame; False when it should stop), `playing`, `readout()`, and
    the moves bound here: `toggle_play()`, `faster()`, `slower()`, `reset()`. Subclasses name
    the scene's class in `scene_class` (it is built from the params) and list the keys in
    their BINDINGS (in their own order); each action changes the scene, then calls
    `after_action()`.
    """

    DEFAULT_CSS = """
    PanelSceneView {
        height: 1fr;
    }
    """

    scene_class: type

    def __init__(self, params: dict, *, ascii: bool = False, **kwargs) -> None:
        super().__init__(params, ascii=ascii, **kwargs)
        self.scene = self.scene_class(params)
        self._board = PanelBoard()

    def compose(self) -> ComposeResult:
        yield self._board

    @property
    def board(self) -> PanelBoard:
        return self._board

    def frame(self) -> Frame:
        """The scene's `Frame` for the board's current size."""
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

    def next_frame(self) -> bool:
        return self.scene.tick()

    def after_action(self) -> None:
        """Keep the timer in step with the scene (a run that stops also stops animating)."""
        if self.scene.playing:
            self._start_timer()
        else:
            self._stop_timer()
        self.redraw()

    def action_toggle_play(self) -> None:
        """Play or pause."""
        self.scene.toggle_play()
        self.after_action()

    def action_faster(self) -> None:
        """Double the learning rate."""
        self.scene.faster()
        self.after_action()

    def action_slower(self) -> None:
        """Halve the learning rate."""
        self.scene.slower()
        self.after_action()

    def action_reset(self) -> None:
        """Back to the start."""
        self.scene.reset()
        self.after_action()
