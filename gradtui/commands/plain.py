"""`gradtui --plain [LESSON]`: the line-mode reader, for screen readers and braille displays.

Nothing is ever redrawn: each step is printed once, as plain text (title, prose, the scene's
numbers in words, the check and its numbered choices), then a prompt that says where the
learner is. The learner types commands, or the keys the lesson names ("a", "+", ".", "space",
"up"): the scene's moves and the lesson's own are found through the same declared keys as in
the app, or typed as their words (see gradtui/scenes/kit/moves.py), and answered with the
numbers that changed. The lesson itself is a `LessonSession` (gradtui/session.py), the one the
app drives too; progress is the app's own saved progress.

Built on the standard library's `cmd` (commands and Tab completion) and, when the input is a
terminal, `readline` (line editing and history; loaded only then). Through a pipe it reads
line by line (`printf 'n\\nq\\n' | gradtui --plain 1`). No alternate screen, no colours, no
escape sequences, no decorative characters: everything printed passes `for_terminal` (a lesson
or a learner can put no control character on the screen). `Reader` turns one command into text;
`loop` and `run` read the commands. Never imports Textual.
"""

from __future__ import annotations

import cmd
import contextlib
import functools
import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from gradtui.commands import say, step_within, what_to_open
from gradtui.grading import HowTo
from gradtui.scenes.kit.keys import key_name, spelled
from gradtui.scenes.live import LiveScene
from gradtui.session import CannotOpen, LessonSession, lesson_key

MAX_LINE = 2000  # characters of one command read; the rest of a longer line is dropped
MAX_FRAMES = 10_000  # the most frames one `play N` runs
PLAY_FRAMES = 100  # frames a bare `play` runs, unless the scene stops by itself first
PICTURE_SIZE = (76, 20)  # the text picture of a scene, on request

HELP = """\
Commands (type one, then Enter; Tab completes, up and down recall earlier ones):
  n or next: the next step.  p or back: the step before.  a number: go to that step.
  read: this step again.  numbers: the scene's numbers again.  plot: a text picture of it.
  keys: this scene's moves. Type a move's words or its key to make it: shrink, or -.
  Keys the lesson names work as typed: a, +, ., space, up, enter, esc.
  play 10: play the scene for 10 frames, then say its numbers (play alone: up to 100).
  set NAME VALUE: set a number, for example: set h 0.001.  nudge NAME CHANGE: add to it.
  f and a function: draw the scene from your own function, for example: f x^3. reset: the lesson's.
  answer and a number: answer the question, for example: answer 2.  hint.  reveal.
  go 1: follow the text's link [1].  see: the step that teaches this question.
  return: back to where you followed a link from.
  l: the list of lessons.  h: this help.  q: quit (your place is saved)."""

ONE_LINE_HELP = "Type h for help, keys for the scene's moves, n for next, q to quit."

# How the line mode names what to do after an answer (the app names its keys instead).
LINE_HOW = HowTo(
    submit="type it after answer",
    try_again="Try again, or type reveal.",
    go_see="type see to go there",
)

# Typed words for the commands that stand alone, and the command each one is.
ALONE = {
    "n": "next", "next": "next", "p": "back", "back": "back", "previous": "back",
    "read": "read", "again": "read", "numbers": "numbers", "plot": "plot", "picture": "plot",
    "keys": "keys", "moves": "keys", "hint": "hint", "reveal": "reveal", "see": "see",
    "return": "return",
}  # fmt: skip
# Commands that take the rest of the line: answer 2, go 1, f x^3, play 10, set h 0.1.
WITH_WORDS = {
    "answer": "answer", "go": "go", "link": "go", "f": "f", "function": "f", "e": "f",
    "play": "play", "set": "set", "nudge": "set",
}  # fmt: skip
# Every command's words, for Tab and for a command typed by its first letters.
COMMANDS = sorted(w for w in {*ALONE, *WITH_WORDS, "help", "lessons", "quit"} if len(w) > 1)
# Keys that mean something else in the line mode: ctrl+p jumps to a lesson in the app.
OTHER_KEYS = {"ctrl+p": "leave"}


def on_the_scene(command: Callable[..., str]) -> Callable[..., str]:
    """A command that acts on the step's live scene, which it is handed; when the step has
    none (or it could not be built), the learner is told why instead."""

    @functools.wraps(command)
    def on_scene(reader: Reader, *args: Any) -> str:
        scene = reader.session.scene()
        if scene is None:
            return "This step has no scene. Type h for help, n for the next step."
        if isinstance(scene, str):
            return reader.text(scene)
        return command(reader, scene, *args)

    return on_scene


class Reader(cmd.Cmd):
    """One learner in the line-mode reader: the lesson they study (a `LessonSession`), the
    lesson list, and what to say. `command(text)` returns what to print; the lesson's keys
    (`LESSON_KEYS`) run the methods of the same names here (`next_step`, `link_back`...)."""

    def __init__(
        self,
        folder: Path,
        progress: Any,
        *,
        ascii: bool = False,
        width: int = 78,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
    ) -> None:
        super().__init__(stdin=stdin, stdout=stdout)
        self.folder = Path(folder)
        self.ascii = ascii
        self.width = width
        self.session = LessonSession(progress, LINE_HOW)
        self.choosing = False  # the lesson list is showing: a number opens a lesson
        self.quitting = False
        self.entries: list = []

    @property
    def progress(self) -> Any:
        return self.session.progress

    @property
    def lesson(self) -> Any:
        return self.session.lesson

    @property
    def step_number(self) -> int:
        return self.session.step_number

    def scene_of(self, number: int) -> LiveScene | str | None:
        """The live scene of step `number` (None for a step without one)."""
        return self.session.scene(number)

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
        self.session.open(lesson, step)
        self.choosing = False
        return self.lesson_opened()

    def lesson_opened(self) -> str:
        """The lesson just opened: its title, length and summary, then the step."""
        lesson = self.lesson
        head = f"Lesson: {lesson.title}. {len(lesson.steps)} steps."
        if lesson.summary:
            head += f" {lesson.summary}"
        return "\n".join([self.text(f"{head}\n{ONE_LINE_HELP}"), "", self.show_step()])

    def show_step(self) -> str:
        """The current step, whole: its number, prose, scene numbers and check."""
        from gradtui.prose import prose_as_plain

        step = self.session.step
        out = [f"Step {step.number} of {len(self.lesson.steps)}.", ""]
        out.append(prose_as_plain(
            step.prose, self.width, self.ascii, step.links, underline=False, numbered=True
        ))  # fmt: skip
        if step.scene is not None:
            out += ["", self.scene_intro()]
        if step.check is not None:
            out += ["", self.check_text()]
        if step.number == len(self.lesson.steps):
            last = "This is the last step: n says how the lesson went. Type l for the list of "
            out += ["", self.text(last + "lessons, or q to quit.")]
        return "\n".join(out)

    def scene_intro(self) -> str:
        """The scene: its kind and summary, its numbers now, and its moves in one line."""
        from gradtui.scenes import scene_module

        scene = self.session.scene()
        if isinstance(scene, str):
            return self.text(scene)
        summary = scene_module(scene.kind).SUMMARY
        moves = ", ".join(key.words for key in scene.keys)
        lines = [f"Scene: {scene.kind}. {summary}", "Its numbers now:", self.readout(scene)]
        if moves:
            lines.append(f"Moves: {moves}. Type keys for more, plot for a picture.")
        return self.text("\n".join(lines))

    def readout(self, scene: LiveScene) -> str:
        return "\n".join("  " + line for line in scene.readout_lines())

    def check_text(self) -> str:
        """The question, its numbered choices, how to answer, and last time's answer."""
        state = self.session.check()
        check = state.check
        lines = [f"Question: {check.question}"]
        if check.is_choice:
            lines += [f"  {n}. {option}" for n, option in enumerate(check.options, start=1)]
            lines.append("Type answer and the number of your choice, for example: answer 1.")
        else:
            lines.append("Type answer and your number, for example: answer 4.")
        if state.last_time:
            lines.append(state.last_time)
        return self.text("\n".join(lines))

    # -- commands ----------------------------------------------------------------------------

    def onecmd(self, line: str) -> bool:
        """Carry out one typed command and print the answer; True once the learner quits."""
        said = self.command(line)
        if said:
            say(said, self.stdout)
        return self.quitting

    def command(self, line: str) -> str:
        """Carry out one typed command; returns what to print (never raises)."""
        words = line.split()
        if not words:
            return "" if self.lesson is not None else self.list_lessons()
        try:
            return self._command(words, line.strip())
        except Exception as error:  # the reader must never end in a traceback
            return f"That did not work: {type(error).__name__}: {error}"

    def _command(self, words: list[str], line: str) -> str:
        """In order: what works anywhere (q, h, l), a lesson's or a step's number, a key of
        the scene, a command, a move of the scene by its words, a key of the lesson, and a
        command by the first letters of its name."""
        verb, rest = words[0].casefold(), words[1:]
        alone = not rest  # "q left" is a move of the secant scene, "q" alone quits
        if alone and verb in ("q", "quit", "exit"):
            self.quitting = True
            return self.goodbye()
        if alone and verb in ("h", "help", "?"):
            return self.help()
        if alone and verb in ("l", "lessons", "list"):
            return self.leave()
        if self.choosing or self.lesson is None:
            if verb.isdigit() and alone:
                return self.choose_lesson(int(verb))
            if self.lesson is None:
                return "Type the number of a lesson, l for the list, or q to quit."
            self.choosing = False
        if verb.isdigit() and alone:
            return self.go_to(int(verb))
        name = key_name(line) if alone else None
        scene = self.session.scene()
        if name is not None and isinstance(scene, LiveScene) and (key := scene.key_named(name)):
            return self.make_move(scene, key)
        said = self.run_command(verb, rest, line)
        if said is None:
            said = self.move(line)
        if said is None and name is not None:
            said = self.lesson_key(name)
        if said is None and (full := self.unique_command(verb)) is not None:
            said = self._command([full, *rest], " ".join([full, *rest]))
        if said is None:
            more = "keys for the moves" if isinstance(scene, LiveScene) else "n for the next step"
            return self.text(f'Unknown: "{line}". Type h for help, {more}.')
        return said

    def run_command(self, verb: str, rest: list[str], line: str) -> str | None:
        """The command `verb` with the rest of the line, or None when it is not one."""
        if not rest and verb in ALONE:
            return getattr(self, "do_" + ALONE[verb])("")
        command = WITH_WORDS.get(verb)
        if command == "answer":
            return self.do_answer(" ".join(rest))
        if command == "go" and len(rest) == 1:
            return self.do_go(rest[0])
        if command == "f":
            return self.do_f(line.split(None, 1)[1] if rest else "")
        if command == "play" and len(rest) <= 1 and (not rest or rest[0].isdigit()):
            return self.do_play(rest[0] if rest else "")
        if command == "set" and len(rest) == 2 and self._settable(rest[0]):
            return self.set_number(verb, rest[0], rest[1])
        return None

    def unique_command(self, typed: str) -> str | None:
        """The one command whose name starts with `typed` (two letters at least), if one."""
        if len(typed) < 2:
            return None
        found = [name for name in COMMANDS if name.startswith(typed)]
        return found[0] if len(found) == 1 and found[0] != typed else None

    def goodbye(self) -> str:
        if self.lesson is None:
            return "Goodbye."
        if not self.progress.enabled:
            return "Goodbye. Progress was not saved this time."
        return f"Goodbye. Your place is kept: {self.lesson.title}, step {self.step_number}."

    def help(self) -> str:
        return HELP

    # -- the lesson's moves (each also a key of the lesson: n, backspace, ctrl+r...) -----------

    def lesson_key(self, name: str) -> str | None:
        """A key of the lesson, by its name (space, right, backspace, home...): the move of
        the same name here; None when it is none."""
        key = lesson_key(name)
        method = key.method if key is not None else OTHER_KEYS.get(name)
        return None if method is None else getattr(self, method)()

    def go_to(self, number: int) -> str:
        if self.session.go_to(number):
            return self.show_step()
        total = len(self.lesson.steps)
        where = "the last" if number > total else "the first"
        return f"Step {self.step_number} of {total} is {where}; there is no step {number}."

    def next_step(self) -> str:
        if self.session.next_step():
            return self.show_step()
        return f"{self.go_to(self.step_number + 1)}\n{self.end_words()}"

    def previous_step(self) -> str:
        return self.go_to(self.step_number - 1)

    def first_step(self) -> str:
        return self.go_to(1)

    def last_step(self) -> str:
        return self.go_to(len(self.lesson.steps))

    def do_next(self, _: str) -> str:
        return self.next_step()

    def do_back(self, _: str) -> str:
        return self.previous_step()

    def do_read(self, _: str) -> str:
        return self.show_step()

    def leave(self) -> str:
        return self.list_lessons()

    def end_words(self) -> str:
        """How the lesson went, for a learner who steps past its end: steps seen, the
        checks' score and the ones missed, and what comes next."""
        from gradtui.course import next_entry
        from gradtui.script.catalog import list_lessons

        with contextlib.suppress(OSError):
            self.entries = list_lessons(self.folder)
        following = next_entry(self.entries, self.lesson.path)
        end = self.session.end(following.title if following is not None else None)
        lines = end.summary()
        if end.jumps:
            lines += ["Not right yet (type a step's number to go there):", *end.missed_lines()]
        if end.next_title is not None:
            lines.append(f"Next: “{end.next_title}”: type l for the list of lessons, q to quit.")
        else:
            lines.append("That was the last lesson here. Type l for the list of lessons.")
        return self.text("\n".join(lines))

    # -- links -------------------------------------------------------------------------------

    def going(self, move: Callable[[], bool], nowhere: str, place: str) -> str:
        """Make a move that may lead to another lesson (a link, see, return) and show the step
        it led to, with the lesson's title first when it is another lesson; `nowhere` when the
        move had nowhere to go, and that `place` cannot be opened when it does not load."""
        before = self.lesson
        try:
            if not move():
                return nowhere
        except CannotOpen:
            return self.text(f"{place} cannot be opened now.")
        return self.lesson_opened() if self.lesson is not before else self.show_step()

    def do_go(self, number: str) -> str:
        links = self.session.step.links
        if not links:
            return "This step's text has no links."
        if not (number.isdigit() and 1 <= int(number) <= len(links)):
            return f"Type go and the number of a link, from 1 to {len(links)}."
        target = links[int(number) - 1].target
        return self.going(lambda: self.session.follow_link(int(number)), "", target.describe())

    def see(self) -> str:
        check = self.session.step.check
        place = check.see.describe() if check is not None and check.see is not None else ""
        return self.going(self.session.see, "This step names no step that teaches it.", place)

    def do_see(self, _: str) -> str:
        return self.see()

    def link_back(self) -> str:
        places = list(self.session.trail)
        place = str(places[-1][0]) if places else ""
        nowhere = "No link was followed: there is nowhere to return to."
        return self.going(self.session.link_back, nowhere, place)

    def do_return(self, _: str) -> str:
        return self.link_back()

    # -- the lessons -------------------------------------------------------------------------

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
        if not 1 <= number <= len(self.entries):
            return f"There is no lesson {number}; choose 1 to {len(self.entries)}."
        try:
            lesson = self.session.load(self.entries[number - 1].path)
        except CannotOpen as error:
            return self.text(f"That lesson cannot be opened:\n{error}")
        return self.open_lesson(lesson)

    # -- the scene ---------------------------------------------------------------------------

    @on_the_scene
    def do_numbers(self, scene: LiveScene, _: str) -> str:
        return self.text(self.readout(scene))

    @on_the_scene
    def do_plot(self, scene: LiveScene, _: str) -> str:
        """The scene now as a text picture (plots drawn with characters), as wide as fits."""
        from gradtui.textsafe import for_terminal

        width, height = PICTURE_SIZE
        lines = scene.state.frame(min(width, self.width), height, self.ascii).lines
        picture = for_terminal("\n".join(lines), self.ascii)  # a picture is never wrapped
        return f"A text picture of the scene:\n{picture}\nEnd of picture."

    @on_the_scene
    def do_keys(self, scene: LiveScene, _: str) -> str:
        from gradtui.scenes.kit.moves import move_list, play_move

        lines = [f"The moves of this {scene.kind} scene, and the keys that make them:"]
        listed = move_list(scene.keys, scene.state)
        for index, line in enumerate(listed):
            if index < len(scene.keys):
                line += f"; key {' or '.join(spelled(name) for name in scene.keys[index].names)}"
            lines.append("  " + line)
        if play_move(scene.keys) is not None:
            lines.append("  play 10 (play 10 frames, then the numbers)")
        if scene.function is not None:
            lines.append(f"  f and your own {scene.function.name}, for example: f x^3")
        return self.text("\n".join(lines))

    def after(self, scene: LiveScene, before: list[str], done: str = "") -> str:
        """What changed, in words: the numbers that differ from `before`."""
        now = scene.readout_lines()
        changed = [line for line in now if line not in before]
        lines = [done] if done else []
        lines += ["  " + line for line in changed] if changed else ["Its numbers are the same."]
        return self.text("\n".join(lines))

    def move(self, typed: str) -> str | None:
        """A move of the scene, by its words; None when the scene has no move by them."""
        from gradtui.scenes.kit.moves import matching_moves

        scene = self.session.scene()
        if not isinstance(scene, LiveScene):
            return None
        found = matching_moves(scene.keys, typed)
        if len(found) > 1:
            return self.text(f'"{typed}" could be: {", ".join(k.words for k in found)}. Say which.')
        return self.make_move(scene, found[0]) if found else None

    def make_move(self, scene: LiveScene, key: Any) -> str:
        """Make the move `key` makes, and say what changed (a move that starts the scene
        playing plays it, as the app would)."""
        before, was_typed = scene.readout_lines(), scene.typed is not None
        scene.press(key)
        if was_typed and scene.typed is None:  # reset brought the lesson's function back
            return self.lesson_function(scene)
        if scene.state.playing:
            return self._play(scene, before, PLAY_FRAMES)
        return self.after(scene, before, f"Done: {key.words}.")

    @on_the_scene
    def do_play(self, scene: LiveScene, frames: str) -> str:
        from gradtui.scenes.kit.moves import play_move

        key = play_move(scene.keys)
        if key is None:
            return "This scene does not play; type keys for its moves."
        before = scene.readout_lines()
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

    def _settable(self, name: str) -> bool:
        scene = self.session.scene()
        return isinstance(scene, LiveScene) and name in scene.state.settings()

    def set_number(self, verb: str, name: str, typed: str) -> str:
        """`set NAME VALUE` or `nudge NAME CHANGE`, through the state's own `set`."""
        from gradtui.calculus.expr import ExprError, parse

        scene = self.session.scene()
        try:
            value = float(parse(typed, variables=()).evaluate())
        except ExprError as error:
            return self.text(f"{typed} is not a number I can read: {error}")
        if verb == "nudge":
            value += scene.state.settings()[name]
        before = scene.readout_lines()
        try:
            scene.state.set(name, value)
        except ValueError as error:
            return self.text(f"Not set: {error}.")
        return self.after(scene, before, f"Set {name}.")

    @on_the_scene
    def do_f(self, scene: LiveScene, text: str) -> str:
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
        if problem is not None:
            return self.text(problem)
        if scene.typed is None:
            return self.lesson_function(scene)
        return self.text(f"Now {function.name} = {text}. Its numbers:\n" + self.readout(scene))

    def lesson_function(self, scene: LiveScene) -> str:
        """Said when the lesson's own function draws the scene again."""
        said = f"Back to the lesson's {scene.function.name} = {scene.lesson_function}.\n"
        return self.text(said + self.readout(scene))

    # -- the check ---------------------------------------------------------------------------

    def do_answer(self, typed: str) -> str:
        check = self.session.check()
        if check is None:
            return "This step has no question to answer."
        if check.check.is_choice:
            count = len(check.check.options)
            if not (typed.isdigit() and 1 <= int(typed) <= count):
                return f"Type answer and the number of your choice, from 1 to {count}."
            return self.text(self.session.pick(int(typed) - 1).said)
        return self.text(self.session.answer(typed).said)

    def do_hint(self, _: str) -> str:
        check = self.session.step.check
        if check is None:
            return "This step has no question."
        return self.text(f"Hint: {check.hint}" if check.hint else "This question has no hint.")

    def reveal(self) -> str:
        said = self.session.reveal()
        return "This step has no question." if said is None else self.text(said)

    def do_reveal(self, _: str) -> str:
        return self.reveal()

    # -- Tab completion (readline calls `complete`, which cmd.Cmd routes here) ----------------

    def completenames(self, text: str, *ignored: Any) -> list[str]:
        """The first word: a command, or a word of one of the scene's moves."""
        scene = self.session.scene() if self.lesson is not None else None
        words = set(COMMANDS)
        if isinstance(scene, LiveScene):
            from gradtui.scenes.kit.moves import names_of

            for key in scene.keys:
                words |= {word for word in names_of(key) if "_" not in word}
        folded = text.casefold()
        return sorted(word + " " for word in words if word.startswith(folded))

    def completedefault(self, text: str, line: str, begidx: int, endidx: int) -> list[str]:
        """A later word of a move: the words of the moves that the words typed so far fit."""
        from gradtui.scenes.kit.moves import names_of, words_of

        scene = self.session.scene() if self.lesson is not None else None
        if not isinstance(scene, LiveScene):
            return []
        typed = set(words_of(line[:begidx]))
        words = {w for key in scene.keys if typed <= (names := names_of(key)) for w in names}
        fitting = [word for word in words - typed if word.startswith(text.casefold())]
        return sorted(word + " " for word in fitting if "_" not in word)

    def complete_set(self, text: str, line: str, begidx: int, endidx: int) -> list[str]:
        """`set` and `nudge`: the names of the numbers the scene lets the learner set."""
        scene = self.session.scene() if self.lesson is not None else None
        if not isinstance(scene, LiveScene) or len(line[:begidx].split()) != 1:
            return []
        return sorted(name + " " for name in scene.state.settings() if name.startswith(text))

    complete_nudge = complete_set


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


@contextlib.contextmanager
def line_editing(reader: Reader) -> Iterator[Callable[[str], str | None]]:
    """In a terminal: `readline` (loaded here, only for the line mode) edits the line, keeps
    the history (up and down) and completes with Tab; yields how to read a line after a
    prompt (None at the end of input). It is told to send the terminal nothing of its own: no
    bracketed-paste switch, no meta-key switch, so only what is typed is echoed."""
    import readline

    completer, delimiters = readline.get_completer(), readline.get_completer_delims()
    readline.set_completer(reader.complete)
    readline.set_completer_delims(" \t\n")
    for setting in ("enable-bracketed-paste off", "enable-meta-key off", "tab: complete"):
        readline.parse_and_bind(setting if ":" in setting else f"set {setting}")

    def read(prompt: str) -> str | None:
        try:
            return input(prompt)[:MAX_LINE]
        except EOFError:
            return None

    try:
        yield read
    finally:
        readline.set_completer(completer)
        readline.set_completer_delims(delimiters)


@contextlib.contextmanager
def line_by_line(stdin: TextIO, stdout: TextIO) -> Iterator[Callable[[str], str | None]]:
    """Through a pipe: the prompt, then one line read (None at the end of input)."""

    def read(prompt: str) -> str | None:
        stdout.write(prompt)
        stdout.flush()
        return read_command(stdin)

    yield read


def loop(reader: Reader, first: str, stdin: TextIO, stdout: TextIO) -> None:
    """Print `first`, then read commands until q or the end of input. A command typed into a
    pipe is echoed after the prompt, so the transcript reads as the session went; a terminal
    echoes what is typed itself."""
    echo = not stdin.isatty()
    say(first, stdout)
    reading = line_by_line(stdin, stdout) if echo else line_editing(reader)
    with reading as read:
        while not reader.quitting:
            line = read(reader.prompt)
            if line is None:  # the end of input: as good as q
                stdout.write("\n")
                reader.onecmd("q")
                break
            if echo:
                say(reader.text(line), stdout)
            reader.onecmd(line)
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
    try:
        loop(reader, "\n".join([*notes, first]), sys.stdin, sys.stdout)
    except BrokenPipeError:  # `gradtui --plain 1 | head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except KeyboardInterrupt:  # Ctrl+C: said in words, the place kept, the usual exit code
        say("\n" + reader.goodbye(), sys.stdout)
        return 130
    finally:
        progress.save()
    for notice in progress.notices:
        say(f"Note: {notice}")
    return 0
