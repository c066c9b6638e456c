"""The view of the `landscape` scene: the ball's walk drawn from `LandscapeScene` frames."""

from __future__ import annotations

from textual.binding import Binding

from gradtui.scenes.landscape import LandscapeScene
from gradtui.views.base import PanelSceneView


class LandscapeView(PanelSceneView):
    """A ball rolling downhill: step it, play it, try another start or learning rate."""

    scene_class = LandscapeScene

    BINDINGS = [
        Binding("space", "toggle_play", "play/pause"),
        Binding("s", "step", "one step"),
        Binding("t", "next_start", "next start"),
        Binding("up", "faster", "lr x2"),
        Binding("down", "slower", "lr /2"),
        Binding("r", "reset", "back to start"),
    ]

    def action_step(self) -> None:
        self.scene.playing = False
        self.scene.step()
        self.after_action()

    def action_next_start(self) -> None:
        self.scene.playing = False
        self.scene.next_start()
        self.after_action()
