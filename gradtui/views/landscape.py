"""The view of the `landscape` scene: the ball's walk drawn from `LandscapeScene` frames."""

from __future__ import annotations

from textual.binding import Binding

from gradtui.scenes.landscape import LandscapeScene
from gradtui.views.training import AnimatedSceneView


class LandscapeView(AnimatedSceneView):
    """A ball rolling downhill: step it, play it, try another start or learning rate."""

    BINDINGS = [
        Binding("space", "toggle_play", "play/pause"),
        Binding("s", "step", "one step"),
        Binding("t", "next_start", "next start"),
        Binding("up", "faster", "lr x2"),
        Binding("down", "slower", "lr /2"),
        Binding("r", "reset", "back to start"),
    ]

    def __init__(self, params: dict, *, ascii: bool = False, **kwargs) -> None:
        super().__init__(params, ascii=ascii, **kwargs)
        self.scene = LandscapeScene(params)

    def action_toggle_play(self) -> None:
        self.scene.toggle_play()
        self.after_action()

    def action_step(self) -> None:
        self.scene.playing = False
        self.scene.step()
        self.after_action()

    def action_next_start(self) -> None:
        self.scene.playing = False
        self.scene.next_start()
        self.after_action()

    def action_faster(self) -> None:
        self.scene.faster()
        self.after_action()

    def action_slower(self) -> None:
        self.scene.slower()
        self.after_action()

    def action_reset(self) -> None:
        self.scene.reset()
        self.after_action()
