"""The view of the `dashboard` scene: keys walk the point, the frame goes to a `TextCanvas`.

All readings come from gradtui.scenes.dashboard; nothing animates, so nothing runs while idle.
"""

from __future__ import annotations

from textual.binding import Binding

from gradtui.scenes.dashboard import DashboardState
from gradtui.views.base import FrameView


class DashboardView(FrameView):
    """A point on a curve, its tangent, and a gauge reading the slope there."""

    state_class = DashboardState

    BINDINGS = [
        Binding("comma", "walk(-1)", "step left", key_display=","),
        Binding("full_stop", "walk(1)", "step right", key_display="."),
        Binding("left_square_bracket", "walk(-5)", "5 steps left", key_display="["),
        Binding("right_square_bracket", "walk(5)", "5 steps right", key_display="]"),
    ]

    def action_walk(self, steps: int) -> None:
        """Walk the point `steps` small steps (negative: left)."""
        self.state.move(steps)
        self.redraw()
