"""The view of the generic `plot` scene: the plot fitted to the space it is given, a legend,
and the marked points' numbers in words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from gradtui.scenes.plot import PlotState
from gradtui.textsafe import for_terminal
from gradtui.views.base import SceneView
from gradtui.views.canvas import TextCanvas


class PlotView(SceneView):
    """A static plot: it redraws only when its size changes."""

    DEFAULT_CSS = """
    PlotView { height: 1fr; }
    PlotView > #plot-canvas { height: 1fr; }
    PlotView > .readout { height: auto; }
    """

    def __init__(self, params: dict, *, ascii: bool = False, **kwargs) -> None:
        super().__init__(params, ascii=ascii, **kwargs)
        self.state = PlotState(params)

    def compose(self) -> ComposeResult:
        yield TextCanvas(id="plot-canvas")
        lines = [self.state.legend(self.ascii)]
        if self.params["caption"]:
            lines.append(self.params["caption"])
        lines.extend(self.state.readout_lines())
        yield Static(for_terminal("\n".join(lines), self.ascii), classes="readout")

    def redraw(self) -> None:
        canvases = self.query(TextCanvas)
        if not canvases:  # removed before its first refresh (two quick step changes)
            return
        canvas = canvases.first()
        width, height = canvas.size.width, canvas.size.height
        if width < 20 or height < 5:
            canvas.show(["(too small to draw the plot)"] if width >= 28 and height >= 1 else [])
            return
        canvas.show(self.state.plot_lines(width, height, self.ascii))

    def readout(self) -> str:
        return "\n".join([self.state.legend(self.ascii), *self.state.readout_lines()])
