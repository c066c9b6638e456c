"""The one view that drives every scene kind (see gradtui/scenes/contract.py).

It binds the keys the scene module declares, calls the state's methods, and draws the state's
frame on a `PanelBoard`, which repaints only the cells that changed. A burst of keys makes one
frame, not one each. A play timer exists only while the state plays, so a still scene costs no
CPU and sends nothing. Mouse presses go to the state's `click`.

`view_class(kind)` makes (once) the view class of a kind: this class with the kind's keys as its
BINDINGS, so Textual's key bar, help and `check_action` see them like any other binding.
"""

from __future__ import annotations

import time
from functools import cache
from types import ModuleType
from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widget import Widget

from gradtui.scenes import scene_module
from gradtui.scenes.kit.keys import Key
from gradtui.views.canvas import PanelBoard

MIN_FRAME_GAP = 1 / 30  # seconds: keys arriving faster than this share one frame


class SceneView(Widget, can_focus=True):
    """A live scene: its state, drawn to fit, moved by its keys and (where it plays) a timer."""

    DEFAULT_CSS = """
    SceneView {
        height: 1fr;
        width: 1fr;
    }
    SceneView:focus {
        background-tint: $foreground 3%;
    }
    """

    kind: ClassVar[str] = ""
    module: ClassVar[ModuleType]
    KEYS: ClassVar[tuple[Key, ...]] = ()

    def __init__(self, params: dict[str, Any], *, ascii: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.params = params
        self.ascii = ascii
        self.state = self.module.State(params)
        self.frames_per_second = float(self.state.frames_per_second)
        self._board = PanelBoard()
        self._fitted_size = None
        self._timer: Timer | None = None
        self._redraw_timer: Timer | None = None
        self._last_draw = 0.0
        self._conditional = any(key.when for key in self.KEYS)

    def compose(self) -> ComposeResult:
        yield self._board

    @property
    def board(self) -> PanelBoard:
        return self._board

    def readout(self) -> str:
        """The scene's current numbers, as plain text (what a screen reader would say)."""
        return self.state.readout()

    # --- drawing ------------------------------------------------------------------------------

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
        """Lay the scene out for the board's size and show only what changed."""
        if self._redraw_timer is not None:
            self._redraw_timer.stop()
            self._redraw_timer = None
        if not (self.is_attached and self._board.is_attached):
            self._stop_timer()  # left the screen (a step change): a late tick draws nothing
            return
        self._last_draw = time.monotonic()
        size = self._board.size
        self._board.show_frame(self.state.frame(size.width, size.height, self.ascii))

    def request_redraw(self) -> None:
        """Draw soon: at once when the last frame is old enough, else once it is, so a burst
        of keys costs one frame rather than one per key."""
        if self._redraw_timer is not None:
            return
        wait = self._last_draw + MIN_FRAME_GAP - time.monotonic()
        if wait <= 0:
            self.redraw()
        else:
            self._redraw_timer = self.set_timer(wait, self.redraw)

    # --- keys -----------------------------------------------------------------------------------

    def action_scene_key(self, index: int) -> None:
        """A key of the scene: call the state's method it names, then show the result."""
        key = self.KEYS[index]
        getattr(self.state, key.method)(*key.args)
        self.after_move()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A key that works only in some states (its `when`) lets the key fall through to the
        lesson otherwise: ← and → step through the lesson again."""
        if action == "scene_key" and parameters:
            return self.KEYS[int(parameters[0])].active(self.state)
        return True

    def after_move(self) -> None:
        """Keep the timer in step with the state, and draw."""
        self._sync_timer()
        if self._conditional:
            self.refresh_bindings()
        self.request_redraw()

    # --- the mouse ------------------------------------------------------------------------------

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self.capture_mouse()
        self._pointer(event)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if event.button and self.app.mouse_captured is self:
            self._pointer(event)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self.release_mouse()

    def _pointer(self, event: events.MouseEvent) -> None:
        """Hand a press or drag to the state, in the cells of the frame it drew."""
        region = self._board.region
        x, y = event.screen_x - region.x, event.screen_y - region.y
        if self.state.click(x, y, region.width, region.height):
            self.after_move()

    # --- playing --------------------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        """True while the scene animates (and only then does a timer exist)."""
        return self._timer is not None

    def pause(self) -> None:
        """Stop playing: the lesson hides this scene when the learner steps away."""
        if self.state.playing or self._timer is not None:
            self.state.playing = False
            self._stop_timer()

    def _sync_timer(self) -> None:
        if self.state.playing and self._timer is None:
            self._timer = self.set_interval(1 / self.frames_per_second, self.advance)
        elif not self.state.playing:
            self._stop_timer()

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def advance(self) -> None:
        """One frame of the animation (the timer's call); the timer stops itself at the end."""
        if not self.state.tick():
            self.state.playing = False
            self._stop_timer()
        self.redraw()


def scene_bindings(keys: tuple[Key, ...]) -> list[Binding]:
    """Textual bindings for a scene's keys: each calls `scene_key` with its index."""
    return [
        Binding(key.keys, f"scene_key({index})", key.words, key_display=key.show or None)
        for index, key in enumerate(keys)
    ]


@cache
def view_class(kind: str) -> type[SceneView]:
    """The view class of a scene kind: `SceneView` with the kind's keys bound."""
    module = scene_module(kind)
    keys = tuple(module.KEYS)
    name = "".join(part.title() for part in kind.split("_")) + "View"
    namespace = {"kind": kind, "module": module, "KEYS": keys, "BINDINGS": scene_bindings(keys)}
    return type(name, (SceneView,), namespace)
