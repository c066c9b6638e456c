"""The view of the `secant` scene: keys → `SecantState` methods, the frame → a `TextCanvas`.

Everything shown is computed by gradtui.scenes.secant; this widget only maps keys and plays
the shrinking animation on the play timer of `SceneView` (which exists only while playing).
"""

from __future__ import annotations

from textual.binding import Binding

from gradtui.scenes.secant import SecantState
from gradtui.views.base import FrameView


class SecantView(FrameView):
    """P, Q and the secant through them; the learner shrinks h until it becomes the tangent."""

    state_class = SecantState

    BINDINGS = [
        Binding("down,minus", "shrink", "shrink h", key_display="↓/-"),
        Binding("up,plus,equals_sign", "grow", "grow h", key_display="↑/+"),
        Binding("a", "play", "play/stop"),
        Binding("t", "tangent", "tangent"),
        Binding("s", "side", "Q left/right"),
        Binding("0", "zero", "h = 0"),
        Binding("r", "reset", "reset"),
    ]

    frames_per_second = 4.0  # slow enough to read each row as it joins the table

    def _after(self, move, *, stop: bool = True) -> None:
        """Make a move (stopping the animation first, unless `stop` is False), then draw."""
        if stop:
            self._stop_timer()
        move()
        self.redraw()

    def action_shrink(self) -> None:
        """Divide h by the shrink factor (down to ~1e-16, then 0)."""
        self._after(self.state.shrink)

    def action_grow(self) -> None:
        """Multiply h by the shrink factor."""
        self._after(self.state.grow)

    def action_tangent(self) -> None:
        """Show or hide the exact tangent."""
        self._after(self.state.toggle_tangent, stop=False)

    def action_side(self) -> None:
        """Put Q on the other side of P (left slope versus right slope)."""
        self._after(self.state.switch_side)

    def action_zero(self) -> None:
        """h = 0: the 0/0 case."""
        self._after(self.state.set_zero)

    def action_reset(self) -> None:
        """Back to the starting h, table cleared."""
        self._after(self.state.reset)

    def action_play(self) -> None:
        """Start the shrinking animation, or stop it if it is running."""
        if self.playing:
            self._stop_timer()
            self.redraw()
            return
        self.state.start_play()
        self.state.playing = True
        self._start_timer()
        self.redraw()

    def next_frame(self) -> bool:
        return self.state.play_step()

    def _stop_timer(self) -> None:
        """Stop the animation: no timer left, and the readout no longer says "(playing)"."""
        super()._stop_timer()
        self.state.playing = False
