"""The base every scene view builds on: checked params in, a focusable widget out.

A scene view owns the scene's keys (as Textual BINDINGS with descriptions, so the footer
and the help screen list them) and redraws itself from its scene's pure state object.
"""

from __future__ import annotations

from typing import Any

from textual.widget import Widget


class SceneView(Widget, can_focus=True):
    """A live scene. Subclasses set BINDINGS and compose their own children.

    `params` are the scene's checked parameters; `ascii` says to draw with 7-bit
    characters only. `readout()` returns the scene's numbers as plain text; tests and the
    help screen use it, so it must say in words what the scene shows.
    """

    DEFAULT_CSS = """
    SceneView {
        height: auto;
        width: 1fr;
    }
    SceneView:focus {
        background-tint: $foreground 3%;
    }
    """

    def __init__(self, params: dict[str, Any], *, ascii: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.params = params
        self.ascii = ascii
        self._fitted_size = None

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Draw for the size the view has now, once per size: mounting brings both a Resize
        and the after-refresh call, and a frame can cost a plotext build."""
        if self.size == self._fitted_size:
            return
        self._fitted_size = self.size
        self.redraw()

    def redraw(self) -> None:
        """Draw the scene to fit `self.size`. Subclasses do the drawing; actions that change
        the scene call this directly."""

    def readout(self) -> str:
        """The scene's current numbers, as plain text."""
        return ""
