"""The `graph` scene's state: the walk (which mode, how many steps done, playing or not) over
f's boxes and passes, and the keys that move it. Its words and its picture are its parts
GraphWords (words.py) and GraphPicture (picture.py).
"""

from __future__ import annotations

from typing import Any

from gradtui.calculus.expr import ExprError, parse
from gradtui.scenes.contract import SceneState
from gradtui.scenes.graph.numbers import FORWARD, MAX_BOXES, REVERSE, Passes, boxes_of, point_for
from gradtui.scenes.graph.picture import GraphPicture
from gradtui.scenes.graph.walk import Step, forward_walk, reverse_walk
from gradtui.scenes.graph.words import GraphWords
from gradtui.scenes.kit.graph_layout import Layout
from gradtui.scenes.kit.numbers import short


class GraphState(GraphWords, GraphPicture, SceneState):
    """Everything the graph scene shows and does, without a terminal."""

    frames_per_second = 2.0  # one step each half second: slow enough to follow

    def __init__(self, params: dict) -> None:
        self.params = params
        self.text = params["f"]
        self.problem: ExprError | None = None
        self.mode = REVERSE
        self.position = 0  # how many steps of the walk are done
        self.playing = False
        self._layouts: dict[str, Layout] = {}
        self._windows: dict[tuple, tuple[int, int]] = {}
        try:
            self.expr = parse(self.text)
        except ExprError as error:  # only a retyped f can get here: lessons are checked
            self.problem = error
            self.walks = {REVERSE: [], FORWARD: []}
            self.boxes = []
            return
        self.point, self.defaulted = point_for(self.expr.variables, params["at"])
        self.boxes = boxes_of(self.expr)
        self.passes = Passes(self.expr, self.point)
        self.drawable = len(self.boxes) <= MAX_BOXES
        self.walks = {
            REVERSE: reverse_walk(self.boxes, self.passes, short),
            FORWARD: forward_walk(self.boxes, self.passes, short),
        }

    # --- where the walk is ------------------------------------------------------------------

    @property
    def steps(self) -> list[Step]:
        return self.walks[self.mode]

    @property
    def done(self) -> bool:
        return self.position >= len(self.steps)

    @property
    def current(self) -> Step | None:
        """The step just taken (None before the first)."""
        return self.steps[self.position - 1] if self.position else None

    def shown(self) -> dict[int, dict[str, Any]]:
        """What each box shows now: its value and its gradient (or tangent), where written."""
        slots: dict[int, dict[str, Any]] = {i: {} for i in range(len(self.boxes))}
        for step in self.steps[: self.position]:
            for box, slot, value in step.writes:
                if slot == "clear":
                    for held in slots.values():
                        held.pop("tangent", None)
                else:
                    slots[box][slot] = value
        return slots

    # --- keys -------------------------------------------------------------------------------

    def step(self) -> bool:
        """One step of the walk (pausing a walk that was playing); False at the end."""
        self.playing = False
        return self._advance()

    def _advance(self) -> bool:
        if self.done:
            return False
        self.position += 1
        return True

    def tick(self) -> bool:
        """One step while playing; stops at the end."""
        if self.playing:
            self._advance()
            self.playing = not self.done
        return self.playing

    def toggle_play(self) -> bool:
        """Play or pause; a finished walk plays again from the start."""
        if not self.playing and self.done:
            self.position = 0
        self.playing = not self.playing and bool(self.steps)
        return self.playing

    def toggle_mode(self) -> None:
        """Switch between reverse mode (backpropagation) and forward mode, from the start."""
        self.mode = FORWARD if self.mode == REVERSE else REVERSE
        self.position = 0
        self.playing = False

    def reset(self) -> None:
        """Back to the start: nothing computed yet."""
        self.position = 0
        self.playing = False
