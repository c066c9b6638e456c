"""The contract every scene kind keeps, written once: what its module declares and what its
state does. tests/unit/test_scene_contract.py holds every registered kind to it, and
docs/adding-a-scene.md walks through adding one.

A scene kind is one module in gradtui/scenes/ (a package past ~450 lines) plus one line in the
registry (gradtui/scenes/__init__.py). The module never imports Textual. It declares:

- ``SUMMARY``: one line on what the scene shows (for the docs and `gradtui check`);
- ``PARAMS``: a tuple of `Param`, every parameter a lesson may set, each documented;
- ``KEYS``: a tuple of `Key`, most useful first: key -> the state's method -> the words;
- ``State``: a `SceneState` subclass, built as ``State(params)`` from checked, complete params;
- ``render_text(params, ascii=False) -> str``: the scene as plain text for `gradtui print`.

and, where it has them:

- ``FUNCTION``: the name of the expression parameter a learner may retype with ``e`` (the
  generic view rebuilds the state with the typed text, through the same safe parser);
- ``check(params) -> list[tuple[str, str]]``: problems that span several parameters, as
  (parameter name, message), reported by `gradtui check` at that parameter's line;
- ``cost(params) -> float``: the seconds `render_text(params)` may take here, in the units of
  gradtui/scenes/kit/cost.py (a kind without it counts as SCENE_SECONDS, which its work must
  then stay within); `gradtui check` adds up a lesson's scenes and refuses one that asks for
  more than a few seconds (gradtui/script/budget.py). ``LIGHTER`` says in a few words what
  makes a scene of the kind lighter ("fewer steps or starts"), for that message.

A state may also name numbers the learner can set by typing them (`settings` and `set`): the
line-mode reader (`gradtui --plain`) offers them as `set h 0.001` and `nudge h 0.1`, for
learners who cannot use the keys. A state without them just has none.

A state may answer the mouse (`click` on a press, `drag` on a move with the button held),
each doing what a key (or `set`) does, never a rule of its own. It reads the cell against the
frame on screen: `frame` marks the rectangles that answer with `Frame.spot` (a plot with its
`PlotRuler`, a map with its `MapRuler`, a neuron with its number), and `pressed` / `dragged`
find the spot under the cell in the frame last drawn.

One generic Textual view (gradtui/views/scene.py) drives every state: it binds the declared
keys, calls the state's methods, redraws (through `draw`), runs a play timer only while
``state.playing``, and hands the mouse to `click` and `drag`.
"""

from __future__ import annotations

from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.layout import Frame, Press, Spot
from gradtui.scenes.kit.params import Param


class SceneState:
    """What a scene shows and does, without a terminal: the base every scene's State builds on.

    Subclasses give `frame` (or `frame_lines`) and `readout`. A scene that animates sets
    `playing` (usually from a key's method) and moves one frame per `tick`; one that takes the
    mouse answers `click` (and `drag`), reading the cell with `pressed` (and `dragged`).
    """

    _drawn: Frame | None = None  # the frame on screen (`draw`), the mouse's map
    _held: Spot | None = None  # the spot the last press fell on, which a drag goes on moving

    playing: bool = False
    """True while the scene animates; the view runs its timer only then. The view sets it to
    False to pause a scene the learner has stepped away from."""

    frames_per_second: float = 11.0
    """How often `tick` is called while playing: smooth enough to follow (at least the 10 a
    second the project aims for, with a margin for the timer's jitter), light over SSH."""

    def frame(self, width: int, height: int, ascii: bool = False) -> Frame:
        """The scene laid out in at most `width` x `height` cells, as panels of plain text.

        A scene drawn as one block of text gives `frame_lines` instead, and this makes it one
        panel.
        """
        width, height = max(int(width), 0), max(int(height), 0)
        return Frame.of_lines(self.frame_lines(width, height, ascii), width, height, ascii)

    def frame_lines(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The scene as lines of at most `width` characters, at most `height` of them."""
        raise NotImplementedError

    def readout(self) -> str:
        """Every number the scene shows, in words, one per line (for tests and screen readers)."""
        raise NotImplementedError

    def tick(self) -> bool:
        """One frame of the animation; returns whether to keep playing."""
        self.playing = False
        return False

    def click(self, x: int, y: int, width: int, height: int) -> bool:
        """A mouse press at cell (x, y) of the frame drawn at `width` x `height` (read it with
        `pressed`); True when it changed the scene. It does what a key does (or `set`), by
        calling the same method: the mouse is another way to press, not a rule of its own."""
        return False

    def drag(self, x: int, y: int, width: int, height: int) -> bool:
        """The mouse moved to cell (x, y) with its button held, after a `click` (read it with
        `dragged`: against the spot the press fell on, even past its edge); True when it
        changed the scene. What it moves, it moves as `click` would."""
        return False

    def draw(self, width: int, height: int, ascii: bool = False) -> Frame:
        """The frame to show now: `frame`, kept, so that the mouse is read against the very
        picture on screen (the view draws through this; `frame` alone is for print and tests)."""
        self._drawn = self.frame(width, height, ascii)
        return self._drawn

    def on_screen(self, width: int, height: int) -> Frame:
        """The frame last drawn at `width` x `height`; drawn now when the last was another size
        (or there was none)."""
        drawn = self._drawn
        if drawn is None or (drawn.width, drawn.height) != (max(width, 0), max(height, 0)):
            drawn = self.draw(width, height, drawn.ascii if drawn is not None else False)
        return drawn

    def pressed(self, x: int, y: int, width: int, height: int) -> Press | None:
        """What a press at cell (x, y) falls on in the frame on screen: a spot and the cell
        inside it; None when no spot holds the cell. A `drag` then goes on with that spot."""
        press = self.on_screen(width, height).press_at(x, y)
        self._held = press.spot if press is not None else None
        return press

    def dragged(self, x: int, y: int, width: int, height: int) -> Press | None:
        """Cell (x, y) read against the spot the last press fell on, as the frame on screen
        has it now (a plot that zoomed reads by its new ranges); None without a press on one."""
        if self._held is None:
            return None
        spot = self.on_screen(width, height).spot_like(self._held) or self._held
        return Press(spot, x - spot.x, y - spot.y)

    def settings(self) -> dict[str, float]:
        """The numbers a learner may set by name (`set h 0.001`, `nudge h 0.1` in the line-mode
        reader), each with its value now, named as the readout names them. None by default."""
        return {}

    def set(self, name: str, value: float) -> None:
        """Set the number `name` (one of `settings()`) to `value`, as the keys would (stopping
        the animation if they do). Raises ValueError, its message in words, when `name` is
        not one of them or `value` is out of bounds; the state is then unchanged."""
        raise ValueError(f"{name} cannot be set in this scene")


__all__ = ["Frame", "Key", "Param", "Press", "SceneState", "Spot"]
