"""The view of the `training` scene: the keys of the four-line loop, on `PanelSceneView`
(which draws the panels and runs the play timer; see gradtui/views/base.py)."""

from __future__ import annotations

from textual.binding import Binding

from gradtui.scenes.training import TrainingScene
from gradtui.views.base import PanelSceneView


class TrainingView(PanelSceneView):
    """The training loop, live: play, single-step the four lines, turn the learning rate."""

    scene_class = TrainingScene

    BINDINGS = [
        Binding("space", "toggle_play", "play/pause"),
        Binding("s", "step_line", "run one line"),
        Binding("up", "faster", "lr x2"),
        Binding("down", "slower", "lr /2"),
        Binding("b", "toggle_batch", "full/mini-batch"),
        Binding("f", "fast_forward", "skip ahead"),
        Binding("r", "reset", "reset"),
    ]

    def action_step_line(self) -> None:
        self.scene.step_line()
        self.after_action()

    def action_toggle_batch(self) -> None:
        self.scene.toggle_batch()
        self.after_action()

    def action_fast_forward(self) -> None:
        self.scene.fast_forward()
        self.after_action()
