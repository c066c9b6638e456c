"""The view of the `dashboard` scene: keys walk the point, the frame goes to a `TextCanvas`.

All readings come from gradtui.scenes.dashboard; nothing animates, so nothing runs while idle.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding

from gradtui.scenes.dashboard import DashboardState
from gradtui.views.base import SceneView
from gradtui.views.canvas import TextCanvas


class DashboardView(SceneView):
    """A point on a curve, its tangent, and a gauge reading the slope there."""

    DEFAULT_CSS = """
    DashboardView { height: 1fr; }
    """

    BINDINGS = [
        Binding("comma", "walk(-1)", "step left", key_display=","),
        Binding("full_stop", "walk(1)", "step right", key_display="."),
        Binding("left_square_bracket", "walk(-5)", "5 steps left", key_display="["),
        Binding("right_square_bracket", "walk(5)", "5 steps right", key_display="]"),
    ]

    def __init__(self, params: dict, *, ascii: bool = False, **kwargs) -> None:
        super().__init__(params, ascii=ascii, **kwargs)
        self.state = DashboardState(params)

    def compose(self) -> ComposeResult:
        yield TextCanvas()

    def redraw(self) -> None:
        """Fit the state's frame to the space this view has now."""
        canvases = self.query(TextCanvas)
        if not canvases:
            return
        size = self.size
        canvases.first().show(self.state.frame(size.width, size.height, self.ascii))

    def action_walk(self, steps: int) -> None:
        """Walk the point `steps` small steps (negative: left)."""
        self.state.move(steps)
        self.redraw()

    def readout(self) -> str:
        return self.state.readout()
