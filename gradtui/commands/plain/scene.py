"""The line-mode reader's words for a step's live scene: its numbers, a text picture, its moves
and keys, a move made (and the numbers it changed), a few frames played, a number set, the
learner's own function. Each acts on the `LiveScene` the lesson session holds, the one the
app's scene view would drive. Every move says only the readout lines it changed (`numbers`
says them all); a line drawn rather than written (a gauge) is left out, and the moves and
keys are said in words (gradtui/spoken.py). Never imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable

from gradtui.scenes.kit.keys import Key, spelled
from gradtui.scenes.kit.moves import matching_moves, move_list, play_move, words_of
from gradtui.scenes.live import LiveScene
from gradtui.spoken import is_picture, move_words, named

MAX_FRAMES = 10_000  # the most frames one `play N` runs
PLAY_FRAMES = 100  # frames a bare `play` runs, unless the scene stops by itself first
PICTURE_SIZE = (76, 20)  # the text picture of a scene, on request
MOST_SAID = 12  # changed lines said after a move: the first ones and the newest three


class SceneWords:
    """What the reader says about a scene and its moves; `text` makes a text fit to print
    (inert, wrapped to `width`)."""

    def __init__(self, text: Callable[..., str], width: int, ascii: bool = False) -> None:
        self.text = text
        self.width = width
        self.ascii = ascii

    @staticmethod
    def lines(scene: LiveScene) -> list[str]:
        """The scene's readout lines that are written, not drawn."""
        return [line for line in scene.readout_lines() if not is_picture(line)]

    def readout(self, scene: LiveScene) -> str:
        return "\n".join("  " + line for line in self.lines(scene))

    def intro(self, scene: LiveScene) -> str:
        """The scene: its kind and summary, its numbers now, and its moves in one line."""
        from gradtui.scenes import scene_module

        summary = scene_module(scene.kind).SUMMARY
        moves = ", ".join(move_words(key.words) for key in scene.keys)
        lines = [f"Scene: {scene.kind}. {summary}", "Its numbers now:", self.readout(scene)]
        if moves:
            lines.append(f"Moves: {moves}. Type keys for more, plot for a picture.")
        return self.text("\n".join(lines))

    def numbers(self, scene: LiveScene) -> str:
        return self.text(self.readout(scene))

    def picture(self, scene: LiveScene) -> str:
        """The scene now as a text picture (plots drawn with characters), as wide as fits."""
        from gradtui.textsafe import for_terminal

        width, height = PICTURE_SIZE
        lines = scene.state.frame(min(width, self.width), height, self.ascii).lines
        picture = for_terminal("\n".join(lines), self.ascii)  # a picture is never wrapped
        return f"A text picture of the scene:\n{picture}\nEnd of picture."

    def moves(self, scene: LiveScene) -> str:
        """The scene's moves in words, each with the keys that make it too."""
        lines = [f"The moves of this {scene.kind} scene, and the keys that make them:"]
        for index, line in enumerate(move_list(scene.keys, scene.state)):
            if index < len(scene.keys):
                key = scene.keys[index]
                line = line.replace(key.words, move_words(key.words), 1)
                line += f"; key {' or '.join(named(spelled(name)) for name in key.names)}"
            lines.append("  " + line)
        if play_move(scene.keys) is not None:
            lines.append("  play 10 (play 10 frames, then the numbers)")
        if scene.function is not None:
            name = scene.function.name
            lines.append(f"  f and your own {name}, for example: f x^3 (^ is a power)")
        return self.text("\n".join(lines))

    def after(self, scene: LiveScene, before: list[str], done: str = "") -> str:
        """What changed, in words: the readout lines that differ from `before` (past
        MOST_SAID of them, the first ones and the newest three: `numbers` says them all)."""
        now = self.lines(scene)
        changed = [line for line in now if line not in before]
        if len(changed) > MOST_SAID:
            first, newest = changed[: MOST_SAID - 4], changed[-3:]
            more = len(changed) - len(first) - len(newest)
            changed = [*first, f"({more} more lines changed: numbers says them all.)", *newest]
        lines = [done] if done else []
        lines += ["  " + line for line in changed] if changed else ["Its numbers are the same."]
        return self.text("\n".join(lines))

    def move(self, scene: LiveScene, typed: str) -> str | None:
        """A move of the scene, by its words; None when the scene has no move by them."""
        found = matching_moves(scene.keys, typed) or [
            key for key in scene.keys if words_of(move_words(key.words)) == words_of(typed)
        ]  # the words as they were said: "lr times 2"
        if len(found) > 1:
            could = ", ".join(move_words(key.words) for key in found)
            return self.text(f'"{typed}" could be: {could}. Say which.')
        return self.make_move(scene, found[0]) if found else None

    def make_move(self, scene: LiveScene, key: Key) -> str:
        """Make the move `key` makes, and say what changed (a move that starts the scene
        playing plays it, as the app would)."""
        before, was_typed = self.lines(scene), scene.typed is not None
        scene.press(key)
        if was_typed and scene.typed is None:  # reset brought the lesson's function back
            return self.lesson_function(scene)
        if scene.state.playing:
            return self._play(scene, before, PLAY_FRAMES)
        return self.after(scene, before, f"Done: {move_words(key.words)}.")

    def play(self, scene: LiveScene, frames: str) -> str:
        """`play` or `play N`: start the scene playing, if it plays, for N frames."""
        key = play_move(scene.keys)
        if key is None:
            return "This scene does not play; type keys for its moves."
        before = self.lines(scene)
        if not scene.state.playing:
            scene.press(key)
        if not scene.state.playing:
            return self.after(scene, before, "It did not start: there is nothing more to play.")
        count = int(frames) if frames else PLAY_FRAMES
        return self._play(scene, before, min(count or PLAY_FRAMES, MAX_FRAMES))

    def _play(self, scene: LiveScene, before: list[str], frames: int) -> str:
        """Run up to `frames` frames of a playing scene, then pause it and say what changed."""
        state = scene.state
        played = 0
        while played < frames and state.playing:
            played += 1
            if not state.tick():
                break
        stopped = not state.playing
        state.playing = False
        word = "frame" if played == 1 else "frames"
        if stopped:
            done = f"Played {played} {word}; it stopped by itself."
        else:
            done = f"Played {played} {word}, then paused. Type play to go on."
        return self.after(scene, before, done)

    def set_number(self, scene: LiveScene, verb: str, name: str, typed: str) -> str:
        """`set NAME VALUE` or `nudge NAME CHANGE`, through the state's own `set`."""
        from gradtui.calculus.expr import ExprError, parse

        try:
            value = float(parse(typed, variables=()).evaluate())
        except ExprError as error:
            return self.text(f"{typed} is not a number I can read: {error}")
        if verb == "nudge":
            value += scene.state.settings()[name]
        before = self.lines(scene)
        try:
            scene.state.set(name, value)
        except ValueError as error:
            return self.text(f"Not set: {error}.")
        return self.after(scene, before, f"Set {name}.")

    def function(self, scene: LiveScene, text: str) -> str:
        """`f EXPR`: the scene drawn from the learner's own function (`f` alone says which one
        draws it now; `reset`, or the lesson's own text, brings the lesson's back)."""
        function = scene.function
        if function is None:
            return "This scene is not drawn from a function you can change."
        text = text.strip()
        if not text:
            whose = "the lesson's" if scene.typed is None else "yours; reset brings the lesson's"
            return self.text(f"{function.name} = {scene.typed or scene.lesson_function} ({whose})."
                             " Type f and your own to change it, for example: f x^3.")  # fmt: skip
        problem = scene.use_function(text, self.width)
        if problem is not None:  # it quotes what was typed, a caret under the place
            return self.text(problem, said=False)
        if scene.typed is None:
            return self.lesson_function(scene)
        return self.text(f"Now {function.name} = {text}. Its numbers:\n" + self.readout(scene))

    def lesson_function(self, scene: LiveScene) -> str:
        """Said when the lesson's own function draws the scene again."""
        said = f"Back to the lesson's {scene.function.name} = {scene.lesson_function}.\n"
        return self.text(said + self.readout(scene))
