"""The one view that drives every scene kind (see gradtui/scenes/contract.py).

It binds the keys the scene module declares, makes their moves on a `LiveScene` (the scene as
played in either route, gradtui/scenes/live.py: in a lesson, the lesson session's), and draws
the state's frame on a `PanelBoard`, which repaints only the cells that changed. A burst of
keys makes one frame, not one each. A play timer exists only while the state plays, so a still
scene costs no CPU and sends nothing. A mouse press goes to the state's `click`, a move with the
button held to its `drag`; a move without a button does nothing at all (no hover to repaint).

In a kind drawn from a function (its module names a `FUNCTION` parameter) `e` opens a one-line
box: the learner types their own function, Enter rebuilds the scene from it through the same
safe parser as lesson files (a mistake is shown with its caret, and the old function stays),
Esc cancels, and reset brings the lesson's own function back (the live scene keeps the
learner's function with their progress).

`view_class(kind)` makes (once) the view class of a kind: this class with the kind's keys as its
BINDINGS, so Textual's key bar, help and `check_action` see them like any other binding.
"""

from __future__ import annotations

import time
from functools import cache
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static

from gradtui.scenes import function_param, scene_module
from gradtui.scenes.contract import SceneState
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.params import Param
from gradtui.scenes.live import LiveScene
from gradtui.views.canvas import PanelBoard
from gradtui.views.inputs import FunctionInput, InertInput
from gradtui.views.text import as_text

MIN_FRAME_GAP = 1 / 30  # seconds: keys arriving faster than this share one frame


class SceneView(Widget, can_focus=True):
    """A live scene: its state, drawn to fit, moved by its keys and (where it plays) a timer."""

    DEFAULT_CSS = """
    SceneView {
        height: 1fr;
        width: 1fr;
        layout: vertical;
    }
    SceneView:focus {
        background-tint: $foreground 3%;
    }
    SceneView > .function-box {
        display: none;
        height: auto;
        dock: bottom;
    }
    SceneView > .function-box.-open {
        display: block;
    }
    SceneView .function-box Input {
        width: 1fr;
    }
    SceneView .function-message {
        height: auto;
        padding: 0 1;
    }
    """

    kind: ClassVar[str] = ""
    KEYS: ClassVar[tuple[Key, ...]] = ()
    FUNCTION: ClassVar[Param | None] = None  # the parameter `e` retypes, if any

    def __init__(
        self,
        params: dict[str, Any] | None = None,
        *,
        scene: LiveScene | None = None,
        ascii: bool = False,
        typed: str | None = None,
        **kwargs,
    ) -> None:
        """Shows `scene` (a lesson session's), or a scene of its own built from `params` (the
        lesson's) and `typed`, a function the learner typed before, if it still reads."""
        super().__init__(**kwargs)
        self.scene = scene if scene is not None else LiveScene.build(self.kind, params, typed)
        self.ascii = ascii
        self.frames_per_second = float(self.state.frames_per_second)
        self._board = PanelBoard()
        self._fitted_size = None
        self._timer: Timer | None = None
        self._redraw_timer: Timer | None = None
        self._last_draw = 0.0
        self._conditional = any(key.when for key in self.KEYS)
        self._active_keys = self._which_keys_work()

    @property
    def state(self) -> SceneState:
        return self.scene.state

    @property
    def params(self) -> dict[str, Any]:
        return self.scene.params

    @property
    def typed(self) -> str | None:
        """The learner's own function while it draws the scene (None: the lesson's)."""
        return self.scene.typed

    def compose(self) -> ComposeResult:
        yield self._board
        if self.FUNCTION is not None:
            variables = self.FUNCTION.variables
            example = "x^2 + 3*y^2" if "y" in variables else "x^3 - 2*x"
            if self.FUNCTION.kind == "model":
                example = "a*x^2 + w*x + b"
            with Vertical(classes="function-box"):
                yield FunctionInput(placeholder=f"your own, e.g. {example}", max_length=1000)
                yield Static("", classes="function-message")

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
        if self._board.size == self._fitted_size:
            return
        self._fitted_size = self._board.size
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
        self._board.show_frame(self.state.draw(size.width, size.height, self.ascii))

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
        """A key of the scene: its move (reset, while the learner's own function is in use,
        brings the lesson's back), then show the result."""
        self.scene.press(self.KEYS[index])
        self.after_move()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A key that works only in some states (its `when`) lets the key fall through to the
        lesson otherwise: ← and → step through the lesson again. Behind a too-small notice
        nothing works."""
        if getattr(self.screen, "too_small", False):
            return False
        if action == "scene_key" and parameters:
            return self.KEYS[int(parameters[0])].active(self.state)
        if action == "lesson_function":
            return self.typed is not None
        return True

    # --- the learner's own function -------------------------------------------------------------

    def action_edit_function(self) -> None:
        """Open the box where the learner types a function of their own."""
        box = self.query_one(".function-box")
        box.add_class("-open")
        field = box.query_one(Input)
        field.value = self.typed if self.typed is not None else self.scene.lesson_function
        field.cursor_position = len(field.value)
        if self.FUNCTION.kind == "model":
            what = "a model in x and its weights"
        else:
            what = f"{self.FUNCTION.name} in {', '.join(self.FUNCTION.variables)}"
        box.query_one(".function-message", Static).update(
            as_text(f"type {what}: enter draws it, esc keeps the old one", self.ascii)
        )
        field.focus()
        self.call_after_refresh(self.redraw)  # the picture makes room for the box

    @on(Input.Submitted)
    def _function_typed(self, event: Input.Submitted) -> None:
        event.stop()
        self.pause()
        width = max(self.size.width - 2, 20)
        problem = self.scene.use_function(event.value.strip() or self.scene.lesson_function, width)
        if problem is not None:
            self.query_one(".function-message", Static).update(as_text(problem, self.ascii))
            return
        self._close_box()
        self.after_move()

    @on(InertInput.TooLong)
    def _too_long(self, event: InertInput.TooLong) -> None:
        event.stop()
        self.query_one(".function-message", Static).update(
            as_text(f"A function can be at most {event.limit} characters; that would make "
                    f"{event.length}. Nothing was added.", self.ascii)
        )  # fmt: skip

    def action_lesson_function(self) -> None:
        """Back to the lesson's own function (and the scene's start)."""
        self.pause()
        self.scene.use_lesson_function()
        self.after_move()

    @on(FunctionInput.Cancelled)
    def _cancelled(self, event: FunctionInput.Cancelled) -> None:
        event.stop()
        self._close_box()

    def _close_box(self) -> None:
        self.query_one(".function-box").remove_class("-open")
        self.focus()
        self.call_after_refresh(self.redraw)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.set_class(isinstance(event.widget, Input), "-typing")

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.remove_class("-typing")

    def after_move(self) -> None:
        """Keep the timer in step with the state, and draw. The key bar is told only when the
        keys that work have changed (say, the arrows taken into a map), so a move that changes
        nothing but the picture repaints nothing else."""
        self._sync_timer()
        if self._conditional:
            working = self._which_keys_work()
            if working != self._active_keys:
                self._active_keys = working
                self.refresh_bindings()
        self.request_redraw()

    def _which_keys_work(self) -> tuple[bool, ...]:
        return tuple(key.active(self.state) for key in self.KEYS)

    # --- the mouse ------------------------------------------------------------------------------

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self.capture_mouse()
        self._pointer(event, self.state.click)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if event.button and self.app.mouse_captured is self:
            self._pointer(event, self.state.drag)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self.release_mouse()

    def _pointer(self, event: events.MouseEvent, hand) -> None:
        """Hand a press or a drag to the state, in the cells of the frame it drew (behind a
        too-small notice, as for the keys, nothing)."""
        if getattr(self.screen, "too_small", False):
            return
        region = self._board.region
        x, y = event.screen_x - region.x, event.screen_y - region.y
        if hand(x, y, region.width, region.height):
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


def scene_bindings(keys: tuple[Key, ...], function: Param | None) -> list[Binding]:
    """Textual bindings for a scene's keys (each calls `scene_key` with its index), and for a
    kind drawn from a function, `e` to type one's own."""
    bindings = [
        Binding(key.keys, f"scene_key({index})", key.words, key_display=key.show or None)
        for index, key in enumerate(keys)
    ]
    if function is not None:
        bindings.append(Binding("e", "edit_function", f"your own {function.name}"))
        if not any(key.method == "reset" for key in keys):
            bindings.append(Binding("r", "lesson_function", f"the lesson's {function.name}"))
    return bindings


@cache
def view_class(kind: str) -> type[SceneView]:
    """The view class of a scene kind: `SceneView` with the kind's keys bound."""
    module = scene_module(kind)
    keys = tuple(module.KEYS)
    function = function_param(kind)
    name = "".join(part.title() for part in kind.split("_")) + "View"
    namespace = {
        "kind": kind,
        "KEYS": keys,
        "FUNCTION": function,
        "BINDINGS": scene_bindings(keys, function),
    }
    return type(name, (SceneView,), namespace)
