"""`gradtui --plain [LESSON]`: the line-mode reader, for screen readers and braille displays.

Nothing is ever redrawn: each step is printed once, as plain text (title, prose, the scene's
numbers in words, the check and its numbered choices), then a prompt that says where the
learner is. The learner types commands; the scene's moves are typed as words (the same `Key`
data the key bar shows, see gradtui/scenes/kit/moves.py), run on the same pure scene states as
the app, and answered with the numbers that changed. Progress is the app's own saved progress.

No alternate screen, no colours, no escape sequences, no decorative characters: everything
printed passes `for_terminal` (a lesson or a learner can put no control character on the
screen), and it works the same through a pipe (`printf 'n\\nq\\n' | gradtui --plain 1`).
`Reader` holds the session and turns one command into text; `run` is the loop around it.
Never imports Textual.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from gradtui.commands import say, step_within, what_to_open

MAX_LINE = 2000  # characters of one command read; the rest of a longer line is dropped
MAX_FRAMES = 10_000  # the most frames one `play N` runs
PLAY_FRAMES = 100  # frames a bare `play` runs, unless the scene stops by itself first
PICTURE_SIZE = (76, 20)  # the text picture of a scene, on request

HELP = """\
Commands (type one, then Enter):
  n or next: the next step.  p or back: the step before.  a number: go to that step.
  read: this step again.  numbers: the scene's numbers again.  plot: a text picture of it.
  keys: this scene's moves, in words. Type a move's words to make it, for example: shrink.
  play 10: play the scene for 10 frames, then say its numbers (play alone: up to 100).
  set NAME VALUE: set a number, for example: set h 0.001.  nudge NAME CHANGE: add to it.
  f and a function: draw the scene from your own function, for example: f x^3. reset: the lesson's.
  answer and a number: answer the question, for example: answer 2.  hint.  reveal.
  go 1: follow the text's link [1].  see: the step that teaches this question.
  return: back to where you followed a link from.
  l: the list of lessons.  h: this help.  q: quit (your place is saved)."""

ONE_LINE_HELP = "Type h for help, keys for the scene's moves, n for next, q to quit."


@dataclass
class StepScene:
    """A step's live scene in the reader: its state, and the learner's own function if any."""

    kind: str
    params: dict[str, Any]
    state: Any
    typed: str | None = None

    @property
    def keys(self) -> tuple:
        from gradtui.scenes import scene_module

        return tuple(scene_module(self.kind).KEYS)


def on_the_scene(command: Callable[..., str]) -> Callable[..., str]:
    """A command that acts on the step's live scene, which it is handed; when the step has
    none (or it could not be built), the learner is told why instead."""

    @functools.wraps(command)
    def on_scene(reader: Reader, *args: Any) -> str:
        scene = reader.current_scene()
        if isinstance(scene, str):
            return reader.text(scene)
        return command(reader, scene, *args)

    return on_scene


@dataclass
class Reader:
    """One learner's session in the line-mode reader: the lesson open, the step, each visited
    step's scene state and check tries. `command(text)` returns what to print."""

    folder: Path
    progress: Any
    ascii: bool = False
    width: int = 78
    lesson: Any = None
    key: str = ""
    step_number: int = 1
    choosing: bool = False  # the lesson list is showing: a number opens a lesson
    quitting: bool = False
    scenes: dict[int, StepScene | str | None] = field(default_factory=dict)
    wrong_tries: dict[int, int] = field(default_factory=dict)
    entries: list = field(default_factory=list)
    trail: list = field(default_factory=list)  # (lesson path, step) each link was followed from

    # -- what the learner reads --------------------------------------------------------------

    def text(self, text: str) -> str:
        """Text from anywhere, safe to print: inert, ASCII when asked, and each line wrapped
        at a space to the reader's width (a wrapped line keeps its indent)."""
        from gradtui.textsafe import for_terminal

        return "\n".join(
            wrapped(line, self.width) for line in for_terminal(text, self.ascii).split("\n")
        )

    @property
    def prompt(self) -> str:
        """Where the learner is, in words, before each command."""
        if self.choosing or self.lesson is None:
            return "Lesson number> "
        return f"Step {self.step_number} of {len(self.lesson.steps)}> "

    def open_lesson(self, lesson: Any, step: int | None = None) -> str:
        """Open `lesson` at `step`, or where the learner left off; returns what to print."""
        from gradtui.script.catalog import progress_key

        self.lesson = lesson
        self.key = progress_key(lesson.path)
        self.scenes.clear()
        self.wrong_tries.clear()
        self.choosing = False
        total = len(lesson.steps)
        if step is None:
            step = self.progress.resume_step(self.key, total)
        self.step_number = max(1, min(int(step), total))
        head = f"Lesson: {lesson.title}. {total} steps."
        if lesson.summary:
            head += f" {lesson.summary}"
        return "\n".join([self.text(f"{head}\n{ONE_LINE_HELP}"), "", self.show_step()])

    def show_step(self) -> str:
        """The current step, whole: its number, prose, scene numbers and check."""
        from gradtui.prose import prose_as_plain

        step = self.lesson.steps[self.step_number - 1]
        self.progress.visit(self.key, step.number, len(self.lesson.steps))
        self.progress.save_soon()
        out = [f"Step {step.number} of {len(self.lesson.steps)}.", ""]
        out.append(prose_as_plain(
            step.prose, self.width, self.ascii, step.links, underline=False, numbered=True
        ))  # fmt: skip
        if step.scene is not None:
            out += ["", self.scene_intro(step)]
        if step.check is not None:
            out += ["", self.check_text(step)]
        if step.number == len(self.lesson.steps):
            out += ["", "This is the last step. Type l for the list of lessons, or q to quit."]
        return "\n".join(out)

    def scene_intro(self, step: Any) -> str:
        """The scene: its kind and summary, its numbers now, and its moves in one line."""
        from gradtui.scenes import scene_module

        scene = self.scene_of(step.number)
        if isinstance(scene, str):
            return self.text(scene)
        summary = scene_module(scene.kind).SUMMARY
        moves = ", ".join(key.words for key in scene.keys)
        lines = [f"Scene: {scene.kind}. {summary}", "Its numbers now:", self.readout(scene)]
        if moves:
            lines.append(f"Moves: {moves}. Type keys for more, plot for a picture.")
        return self.text("\n".join(lines))

    def readout(self, scene: StepScene) -> str:
        return "\n".join("  " + line for line in self.readout_lines(scene))

    def readout_lines(self, scene: StepScene) -> list[str]:
        """The scene's numbers in words, a line each, without the legend's drawing marks."""
        from gradtui.scenes.kit.markers import without_markers

        try:
            lines = without_markers(scene.state.readout()).split("\n")
            return [line.strip() for line in lines if line.strip()]
        except Exception as error:  # a scene whose numbers fail must not end the session
            return [f"(its numbers could not be read: {type(error).__name__}: {error})"]

    def check_text(self, step: Any) -> str:
        """The question, its numbered choices, how to answer, and last time's answer."""
        check = step.check
        lines = [f"Question: {check.question}"]
        if check.is_choice:
            lines += [f"  {n}. {option}" for n, option in enumerate(check.options, start=1)]
            lines.append("Type answer and the number of your choice, for example: answer 1.")
        else:
            lines.append("Type answer and your number, for example: answer 4.")
        previous = self.progress.check_outcome(self.key, step.number)
        if previous:
            outcome = "right" if previous.get("correct") is True else "not right"
            lines.append(f'Last time you answered "{previous.get("answer", "")}": {outcome}.')
        return self.text("\n".join(lines))

    def scene_of(self, number: int) -> StepScene | str | None:
        """The live scene of step `number` (built on its first visit, then kept), a message
        when it cannot be built, or None for a step without one."""
        if number not in self.scenes:
            spec = self.lesson.steps[number - 1].scene
            self.scenes[number] = None if spec is None else self._build(spec, number)
        return self.scenes[number]

    def _build(self, spec: Any, number: int) -> StepScene | str:
        """The scene as the lesson sets it, or drawn from the function the learner typed into
        it last time (kept with their progress, as in the app) while that still reads."""
        from gradtui.scenes import scene_module, state_with_function

        try:
            scene = StepScene(spec.kind, spec.params, scene_module(spec.kind).State(spec.params))
        except Exception as error:  # a scene that fails must not take the lesson down
            return f"This scene could not be shown: {type(error).__name__}: {error}"
        typed = self.progress.typed_function(self.key, number)
        if typed is not None:  # if it no longer reads, or cannot be drawn: the lesson's own
            with contextlib.suppress(Exception):
                scene.state, scene.typed = state_with_function(spec.kind, spec.params, typed), typed
        return scene

    # -- commands ----------------------------------------------------------------------------

    def command(self, line: str) -> str:
        """Carry out one typed command; returns what to print (never raises)."""
        words = line.split()
        if not words:
            return "" if self.lesson is not None else self.list_lessons()
        verb, rest = words[0].casefold(), words[1:]
        try:
            return self._command(verb, rest, line.strip())
        except Exception as error:  # the reader must never end in a traceback
            return f"That did not work: {type(error).__name__}: {error}"

    def _command(self, verb: str, rest: list[str], line: str) -> str:
        alone = not rest  # "q left" is a move of the secant scene, "q" alone quits
        if alone and verb in ("q", "quit", "exit"):
            self.quitting = True
            return self.goodbye()
        if alone and verb in ("h", "help", "?"):
            return HELP
        if alone and verb in ("l", "lessons", "list"):
            return self.list_lessons()
        if self.choosing or self.lesson is None:
            if verb.isdigit() and not rest:
                return self.choose_lesson(int(verb))
            if self.lesson is None:
                return "Type the number of a lesson, l for the list, or q to quit."
            self.choosing = False
        if verb.isdigit() and not rest:
            return self.go_to(int(verb))
        plain = {
            "n": lambda: self.go_to(self.step_number + 1),
            "next": lambda: self.go_to(self.step_number + 1),
            "p": lambda: self.go_to(self.step_number - 1),
            "back": lambda: self.go_to(self.step_number - 1),
            "previous": lambda: self.go_to(self.step_number - 1),
            "read": self.show_step,
            "again": self.show_step,
            "numbers": self.numbers,
            "plot": self.picture,
            "picture": self.picture,
            "keys": self.moves,
            "moves": self.moves,
            "hint": self.hint,
            "reveal": self.reveal,
        }
        if verb in plain and not rest:
            return plain[verb]()
        if verb == "answer":
            return self.answer(" ".join(rest))
        if verb in ("go", "link") and len(rest) == 1:
            return self.follow_link(rest[0])
        if alone and verb == "see":
            return self.see()
        if alone and verb == "return":
            return self.link_back()
        if verb == "f" or verb == "function":
            return self.function(line.split(None, 1)[1] if rest else "")
        if verb == "play" and (not rest or rest[0].isdigit()) and len(rest) <= 1:
            return self.play(int(rest[0]) if rest else None)
        if verb in ("set", "nudge") and len(rest) == 2 and self._settable(rest[0]):
            return self.set_number(verb, rest[0], rest[1])
        return self.move(line)

    def goodbye(self) -> str:
        if self.lesson is None:
            return "Goodbye."
        if not self.progress.enabled:
            return "Goodbye. Progress was not saved this time."
        return f"Goodbye. Your place is kept: {self.lesson.title}, step {self.step_number}."

    def go_to(self, number: int) -> str:
        total = len(self.lesson.steps)
        if not 1 <= number <= total:
            where = "the last" if number > total else "the first"
            return f"Step {self.step_number} of {total} is {where}; there is no step {number}."
        self.step_number = number
        return self.show_step()

    # -- links -------------------------------------------------------------------------------

    def follow_link(self, number: str) -> str:
        links = self.lesson.steps[self.step_number - 1].links
        if not links:
            return "This step's text has no links."
        if not (number.isdigit() and 1 <= int(number) <= len(links)):
            return f"Type go and the number of a link, from 1 to {len(links)}."
        return self.follow(links[int(number) - 1].target)

    def see(self) -> str:
        check = self.current_check()
        if check is None or check.see is None:
            return "This step names no step that teaches it."
        return self.follow(check.see)

    def follow(self, target: Any) -> str:
        """Go where a link leads; `return` comes back here."""
        came_from = (self.lesson.path, self.step_number)
        shown = self.open_at(target.path, target.step)
        if shown is not None:
            self.trail.append(came_from)
            return shown
        return self.text(f"{target.describe()} cannot be opened now.")

    def link_back(self) -> str:
        if not self.trail:
            return "No link was followed: there is nowhere to return to."
        path, step = self.trail.pop()
        return self.open_at(path, step) or self.text(f"{path} cannot be opened now.")

    def open_at(self, path: Path, step: int) -> str | None:
        """Show `step` of the lesson at `path` (this one, or another, loaded anew); None when
        that lesson no longer loads."""
        from gradtui.script.parse import load_lesson
        from gradtui.script.problems import LessonError

        if Path(path) == Path(self.lesson.path):
            return self.go_to(step)
        try:
            lesson = load_lesson(Path(path))
        except LessonError:
            return None
        return self.open_lesson(lesson, step)

    def list_lessons(self) -> str:
        """The lessons, numbered, with where the learner is in each: a number opens one."""
        from gradtui.script.catalog import list_lessons, progress_key

        try:
            self.entries = list_lessons(self.folder)
        except OSError as error:
            return self.text(f"The lessons in {self.folder} cannot be listed: {error}")
        if not self.entries:
            return self.text(f"There are no lessons in {self.folder}.")
        self.choosing = True
        lines = ["Lessons:"]
        for number, entry in enumerate(self.entries, start=1):
            if entry.problem:
                lines.append(f"  {number}. {entry.title}: cannot be opened ({entry.problem})")
                continue
            status = self.progress.of(progress_key(entry.path)).status(entry.step_count)
            lines.append(f"  {number}. {entry.title} ({entry.step_count} steps, {status})")
        lines.append("Type the number of a lesson to open it.")
        return self.text("\n".join(lines))

    def choose_lesson(self, number: int) -> str:
        from gradtui.script.parse import load_lesson
        from gradtui.script.problems import LessonError

        if not 1 <= number <= len(self.entries):
            return f"There is no lesson {number}; choose 1 to {len(self.entries)}."
        try:
            lesson = load_lesson(self.entries[number - 1].path)
        except LessonError as error:
            return self.text(f"That lesson cannot be opened:\n{error}")
        return self.open_lesson(lesson)

    # -- the scene ---------------------------------------------------------------------------

    def current_scene(self) -> StepScene | str:
        """The step's live scene, or why there is none to act on."""
        scene = self.scene_of(self.step_number)
        if scene is None:
            return "This step has no scene. Type h for help, n for the next step."
        return scene

    @on_the_scene
    def numbers(self, scene: StepScene) -> str:
        return self.text(self.readout(scene))

    @on_the_scene
    def picture(self, scene: StepScene) -> str:
        """The scene now as a text picture (plots drawn with characters), as wide as fits."""
        from gradtui.textsafe import for_terminal

        width, height = PICTURE_SIZE
        lines = scene.state.frame(min(width, self.width), height, self.ascii).lines
        picture = for_terminal("\n".join(lines), self.ascii)  # a picture is never wrapped
        return f"A text picture of the scene:\n{picture}\nEnd of picture."

    @on_the_scene
    def moves(self, scene: StepScene) -> str:
        from gradtui.scenes import function_param
        from gradtui.scenes.kit.moves import move_list, play_move

        lines = [f"The moves of this {scene.kind} scene:"]
        lines += ["  " + line for line in move_list(scene.keys, scene.state)]
        if play_move(scene.keys) is not None:
            lines.append("  play 10 (play 10 frames, then the numbers)")
        function = function_param(scene.kind)
        if function is not None:
            lines.append(f"  f and your own {function.name}, for example: f x^3")
        return self.text("\n".join(lines))

    def after(self, scene: StepScene, before: list[str], done: str = "") -> str:
        """What changed, in words: the numbers that differ from `before`."""
        now = self.readout_lines(scene)
        changed = [line for line in now if line not in before]
        lines = [done] if done else []
        lines += ["  " + line for line in changed] if changed else ["Its numbers are the same."]
        return self.text("\n".join(lines))

    def move(self, typed: str) -> str:
        """A move of the scene, by its words."""
        from gradtui.scenes import function_param
        from gradtui.scenes.kit.moves import matching_moves, run_move

        scene = self.scene_of(self.step_number)
        if not isinstance(scene, StepScene):
            return self.text(f'Unknown: "{typed}". Type h for help, n for the next step.')
        found = matching_moves(scene.keys, typed)
        if not found:
            return self.text(f'Unknown: "{typed}". Type h for help, keys for the moves.')
        if len(found) > 1:
            return self.text(f'"{typed}" could be: {", ".join(k.words for k in found)}. Say which.')
        key = found[0]
        if key.method == "reset" and scene.typed is not None:  # as in the app: the lesson's f
            return self.function(str(scene.params[function_param(scene.kind).name]))
        before = self.readout_lines(scene)
        run_move(scene.state, key)
        if scene.state.playing:  # a move that starts the animation: play it, as the app would
            return self._play(scene, before, PLAY_FRAMES)
        return self.after(scene, before, f"Done: {key.words}.")

    @on_the_scene
    def play(self, scene: StepScene, frames: int | None) -> str:
        from gradtui.scenes.kit.moves import play_move, run_move

        key = play_move(scene.keys)
        if key is None:
            return "This scene does not play; type keys for its moves."
        before = self.readout_lines(scene)
        if not scene.state.playing:
            run_move(scene.state, key)
        if not scene.state.playing:
            return self.after(scene, before, "It did not start: there is nothing more to play.")
        return self._play(scene, before, min(frames or PLAY_FRAMES, MAX_FRAMES))

    def _play(self, scene: StepScene, before: list[str], frames: int) -> str:
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

    def _settable(self, name: str) -> bool:
        scene = self.scene_of(self.step_number)
        return isinstance(scene, StepScene) and name in scene.state.settings()

    def set_number(self, verb: str, name: str, typed: str) -> str:
        """`set NAME VALUE` or `nudge NAME CHANGE`, through the state's own `set`."""
        from gradtui.calculus.expr import ExprError, parse

        scene = self.scene_of(self.step_number)
        try:
            value = float(parse(typed, variables=()).evaluate())
        except ExprError as error:
            return self.text(f"{typed} is not a number I can read: {error}")
        if verb == "nudge":
            value += scene.state.settings()[name]
        before = self.readout_lines(scene)
        try:
            scene.state.set(name, value)
        except ValueError as error:
            return self.text(f"Not set: {error}.")
        return self.after(scene, before, f"Set {name}.")

    @on_the_scene
    def function(self, scene: StepScene, text: str) -> str:
        """`f EXPR`: the scene drawn from the learner's own function (`f` alone says which one
        draws it now; `reset`, or the lesson's own text, brings the lesson's back)."""
        from gradtui.calculus.expr import ExprError
        from gradtui.scenes import function_param, scene_module, state_with_function

        param = function_param(scene.kind)
        if param is None:
            return "This scene is not drawn from a function you can change."
        lesson_text = str(scene.params[param.name])
        text = text.strip()
        if not text:
            whose = "the lesson's" if scene.typed is None else "yours; reset brings the lesson's"
            return self.text(f"{param.name} = {scene.typed or lesson_text} ({whose}). Type f and"
                             " your own to change it, for example: f x^3.")  # fmt: skip
        if text == lesson_text:
            scene.state = scene_module(scene.kind).State(scene.params)
            scene.typed = None
            self._keep_function(None)
            return self.text(f"Back to the lesson's {param.name} = {lesson_text}.\n"
                             + self.readout(scene))  # fmt: skip
        try:
            state = state_with_function(scene.kind, scene.params, text)
        except ExprError as error:
            return self.text(f"{error}\n{error.caret(self.width)}")
        except Exception as error:  # a function the scene cannot draw must not end it
            return self.text(f"This function cannot be shown here ({type(error).__name__}: "
                             f"{error})")  # fmt: skip
        scene.state, scene.typed = state, text
        self._keep_function(text)
        return self.text(f"Now {param.name} = {text}. Its numbers:\n" + self.readout(scene))

    def _keep_function(self, text: str | None) -> None:
        """Save the learner's own function for this step (None: the lesson's own again)."""
        self.progress.record_function(self.key, self.step_number, text)
        self.progress.save_soon()

    # -- the check ---------------------------------------------------------------------------

    def current_check(self) -> Any:
        return self.lesson.steps[self.step_number - 1].check

    def answer(self, typed: str) -> str:
        from gradtui.grading import grade_choice, grade_number, reply

        check = self.current_check()
        if check is None:
            return "This step has no question to answer."
        if check.is_choice:
            count = len(check.options)
            if not (typed.isdigit() and 1 <= int(typed) <= count):
                return f"Type answer and the number of your choice, from 1 to {count}."
            index = int(typed) - 1
            answer, grade = check.options[index], grade_choice(check, index)
        else:
            grade = grade_number(check, typed)
            if not grade.readable:
                return self.text(grade.message.replace("press Enter", "type it after answer"))
            answer = typed.strip()
        if not grade.correct:
            self.wrong_tries[self.step_number] = self.wrong_tries.get(self.step_number, 0) + 1
        self.progress.record_check(self.key, self.step_number, answer, grade.correct)
        self.progress.save_soon()
        said = reply(check, grade, self.wrong_tries.get(self.step_number, 0))
        if not grade.correct and self.wrong_tries[self.step_number] < 2:
            said += " Try again, or type reveal."
        if not grade.correct and check.see is not None:
            said += f" It is taught in {check.see.describe()}: type see to go there."
        return self.text(said)

    def hint(self) -> str:
        check = self.current_check()
        if check is None:
            return "This step has no question."
        return self.text(f"Hint: {check.hint}" if check.hint else "This question has no hint.")

    def reveal(self) -> str:
        from gradtui.grading import reveal_text

        check = self.current_check()
        if check is None:
            return "This step has no question."
        return self.text(reveal_text(check))


# -- the loop --------------------------------------------------------------------------------


def wrapped(line: str, width: int) -> str:
    """`line` broken at spaces into lines of at most `width` (a word longer than that stays
    whole), the later ones indented as the first."""
    if len(line) <= width:
        return line
    indent = line[: len(line) - len(line.lstrip(" "))]
    return textwrap.fill(
        line.strip(), width, initial_indent=indent, subsequent_indent=indent,
        break_long_words=False, break_on_hyphens=False,
    )  # fmt: skip


def read_command(stream: TextIO) -> str | None:
    """One line typed (None at the end of input), cut to MAX_LINE characters."""
    line = stream.readline(MAX_LINE)
    if not line:
        return None
    if not line.endswith("\n"):  # a very long line: drop the rest of it
        while (more := stream.readline(MAX_LINE)) and not more.endswith("\n"):
            pass
    return line.rstrip("\r\n")


def prose_width() -> int:
    """Lines as wide as the terminal (78 through a pipe), from 40 to 100 columns."""
    columns = shutil.get_terminal_size((79, 24)).columns
    return max(40, min(columns - 1, 100))


def loop(reader: Reader, first: str, stdin: TextIO, stdout: TextIO) -> None:
    """Print `first`, then read commands until q or the end of input. A command typed into a
    pipe is echoed after the prompt, so the transcript reads as the session went; a terminal
    echoes what is typed itself."""
    echo = not stdin.isatty()
    say(first, stdout)
    while not reader.quitting:
        stdout.write(reader.prompt)
        stdout.flush()
        line = read_command(stdin)
        if line is None:  # the end of input: as good as q
            stdout.write("\n")
            say(reader.command("q"), stdout)
            break
        if echo:
            say(reader.text(line), stdout)
        answer = reader.command(line)
        if answer:
            say(answer, stdout)
        stdout.flush()


def run(
    lesson: str | None,
    *,
    step: int | None = None,
    lessons_dir: str | None = None,
    ascii: bool = False,
    save: bool = True,
) -> int:
    """The line-mode reader on stdin and stdout; returns the exit code (2 when the lesson or
    folder cannot be found or loaded, as for the app)."""
    from gradtui.progress import Progress

    opening = what_to_open(lesson, step, lessons_dir)
    if opening is None:
        return 2
    folder, found = opening
    step = step_within(found, step)
    progress = Progress().load() if save else Progress(enabled=False)
    reader = Reader(folder, progress, ascii=ascii, width=prose_width())
    notes = [f"Note: {notice}" for notice in progress.notices]
    progress.notices.clear()
    first = reader.open_lesson(found, step) if found else reader.list_lessons()
    for stream in (sys.stdin, sys.stdout):  # odd bytes in or out must not end the session
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace" if stream is sys.stdin else "backslashreplace")
    from gradtui.stopping import Stopped, stop_signals_raise

    try:
        with stop_signals_raise():
            loop(reader, "\n".join([*notes, first]), sys.stdin, sys.stdout)
    except BrokenPipeError:  # `gradtui --plain 1 | head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except KeyboardInterrupt:  # Ctrl+C: said in words, the place kept, the usual exit code
        say("\n" + reader.goodbye(), sys.stdout)
        return 130
    except Stopped as stop:  # SIGTERM, SIGHUP: the prompt's line ended, if anyone is there
        with contextlib.suppress(OSError, ValueError):
            say("", sys.stdout)
        return stop.status
    finally:
        progress.save()
    for notice in progress.notices:
        say(f"Note: {notice}")
    return 0
