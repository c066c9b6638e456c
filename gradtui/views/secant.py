"""The view of the `secant` scene: keys → `SecantState` methods, the frame → a `TextCanvas`.

Everything shown is computed by gradtui.scenes.secant; this widget only maps keys, runs the
shrinking animation's timer (which exists only while playing) and fits the frame to its size.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer

from gradtui.scenes.secant import SecantState
from gradtui.views.base import SceneView
from gradtui.views.canvas import TextCanvas


class SecantView(SceneView):
    """P, Q and the secant through them; the learner shrinks h until it becomes the tangent."""

    DEFAULT_CSS = """
    SecantView { height: 1fr; }
    """

    BINDINGS = [
        Binding("down,minus", "shrink", "shrink h", key_display="↓/-"),
        Binding("up,plus,equals_sign", "grow", "grow h", key_display="↑/+"),
        Binding("a", "play", "play/stop"),
        Binding("t", "tangent", "tangent"),
        Binding("s", "side", "Q left/right"),
        Binding("0", "zero", "h = 0"),
        Binding("r", "reset", "reset"),
    ]

    frame_seconds = 0.25  # one animation step; tests may shorten it

    def __init__(self, params: dict, *, ascii: bool = False, **kwargs) -> None:
        super().__init__(params, ascii=ascii, **kwargs)
        self.state = SecantState(params)
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield TextCanvas()

    def on_unmount(self) -> None:
        self._stop(redraw=False)

    @property
    def playing(self) -> bool:
        """True while the shrinking animation runs."""
        return self._timer is not None

    def redraw(self) -> None:
        """Fit the state's frame to the space this view has now."""
        canvases = self.query(TextCanvas)
        if not canvases:
            return
        size = self.size
        canvases.first().show(self.state.frame(size.width, size.height, self.ascii))

    def _after(self, move) -> None:
        move()
        self.redraw()

    def action_shrink(self) -> None:
        """Divide h by the shrink factor (down to ~1e-16, then 0)."""
        self._stop()
        self._after(self.state.shrink)

    def action_grow(self) -> None:
        """Multiply h by the shrink factor."""
        self._stop()
        self._after(self.state.grow)

    def action_tangent(self) -> None:
        """Show or hide the exact tangent."""
        self._after(self.state.toggle_tangent)

    def action_side(self) -> None:
        """Put Q on the other side of P (left slope versus right slope)."""
        self._stop()
        self._after(self.state.switch_side)

    def action_zero(self) -> None:
        """h = 0: the 0/0 case."""
        self._stop()
        self._after(self.state.set_zero)

    def action_reset(self) -> None:
        """Back to the starting h, table cleared."""
        self._stop()
        self._after(self.state.reset)

    def action_play(self) -> None:
        """Start the shrinking animation, or stop it if it is running."""
        if self.playing:
            self._stop()
            return
        self.state.start_play()
        self.state.playing = True
        self._timer = self.set_interval(self.frame_seconds, self.advance)
        self.redraw()

    def advance(self) -> None:
        """One frame of the animation; the timer stops itself at the end."""
        if not self.state.play_step():
            self._stop()
        self.redraw()

    def _stop(self, redraw: bool = True) -> None:
        """Stop the animation's timer, if any: idle means no timer at all."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.state.playing:
            self.state.playing = False
            if redraw:
                self.redraw()

    def readout(self) -> str:
        return self.state.readout()
