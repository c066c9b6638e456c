"""A scene as a learner plays it, whichever the route: its state, drawn from the lesson's
parameters or from a function the learner typed, and moved by its declared keys.

The terminal's scene view and the line-mode reader both drive a `LiveScene`, so a key, reset
and the learner's own function each mean one thing: a key is found by the name the terminal
gives it (`key_named("full_stop")`, the "." key), reset brings the lesson's own function back
while the learner's draws the scene, and a typed function goes through the same safe parser as
lesson files. What the learner types is handed to `keep` (the lesson session saves it with
their progress). Never imports Textual.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gradtui.scenes import function_param, scene_module, state_with_function
from gradtui.scenes.contract import SceneState
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.markers import without_markers
from gradtui.scenes.kit.params import Param


@dataclass
class LiveScene:
    """One step's scene while it is studied: its kind, the lesson's parameters, the state now,
    and the function the learner typed into it (None: the lesson's own draws it)."""

    kind: str
    params: dict[str, Any]
    state: SceneState
    typed: str | None = None
    keep: Callable[[str | None], None] | None = None  # told when the learner's function changes

    @classmethod
    def build(
        cls,
        kind: str,
        params: dict[str, Any],
        typed: str | None = None,
        keep: Callable[[str | None], None] | None = None,
    ) -> LiveScene:
        """The scene as the lesson sets it, or drawn from `typed` (a function the learner
        typed before) while that still reads and draws. Raises whatever the scene raises when
        it cannot be built from the lesson's own parameters."""
        scene = cls(kind, params, scene_module(kind).State(params), keep=keep)
        if typed is not None and scene.function is not None and typed != scene.lesson_function:
            with contextlib.suppress(Exception):  # no longer reads: the lesson's own
                scene.state, scene.typed = state_with_function(kind, params, typed), typed
        return scene

    # -- what it is ------------------------------------------------------------------------

    @property
    def keys(self) -> tuple[Key, ...]:
        """The kind's declared keys, most useful first."""
        return tuple(scene_module(self.kind).KEYS)

    @property
    def function(self) -> Param | None:
        """The expression parameter a learner may retype, if the kind has one."""
        return function_param(self.kind)

    @property
    def lesson_function(self) -> str:
        """The lesson's own function ("" for a kind without one)."""
        function = self.function
        return "" if function is None else str(self.params[function.name])

    def readout_lines(self) -> list[str]:
        """The scene's numbers in words, a line each, without the legend's drawing marks."""
        try:
            lines = without_markers(self.state.readout()).split("\n")
        except Exception as error:  # a scene whose numbers fail must not end the session
            return [f"(its numbers could not be read: {type(error).__name__}: {error})"]
        return [line.strip() for line in lines if line.strip()]

    # -- moves -----------------------------------------------------------------------------

    def key_named(self, name: str) -> Key | None:
        """The key of this scene that the key named `name` presses now ("a", "plus", "space",
        "up"): one that binds the name and works in the state as it is; None if none does."""
        return next(
            (key for key in self.keys if name in key.names and key.active(self.state)), None
        )

    def key_resting(self, name: str) -> Key | None:
        """The key of this scene that binds `name` but does not work in the state as it is
        (t, next start, with one start): the line mode says so instead of "Unknown"."""
        return next(
            (key for key in self.keys if name in key.names and not key.active(self.state)), None
        )

    def press(self, key: Key) -> None:
        """Make the move `key` makes. Reset, while the learner's own function draws the scene,
        brings the lesson's back."""
        if key.method == "reset" and self.typed is not None:
            self.use_lesson_function()
            return
        getattr(self.state, key.method)(*key.args)

    def use_function(self, text: str, width: int = 72) -> str | None:
        """Draw the scene from the learner's `text` in place of the lesson's function; returns
        what went wrong, in words (the scene is kept as it was), or None. The lesson's own
        text brings the lesson's scene back, as reset does."""
        from gradtui.calculus.expr import ExprError

        text = text.strip()
        if text == self.lesson_function:
            self.use_lesson_function()
            return None
        try:
            state = state_with_function(self.kind, self.params, text)
        except ExprError as error:
            return f"{error}\n{error.caret(max(width, 20))}"
        except Exception as error:  # a function the scene cannot draw must not end it
            return f"This function cannot be shown here ({type(error).__name__}: {error})"
        self.state, self.typed = state, text
        self._keep()
        return None

    def use_lesson_function(self) -> None:
        """The scene from the lesson's own function again, from its start."""
        self.state = scene_module(self.kind).State(self.params)
        self.typed = None
        self._keep()

    def _keep(self) -> None:
        if self.keep is not None:
            self.keep(self.typed)
