"""The line-mode reader's shell: one typed command in, the words to print out.

`Reader` is a `cmd.Cmd` over a `LessonSession` (gradtui/session.py), the one the app drives:
a command or a key becomes a move there, and the reader says what changed. A typed line is
read, in order, as what works anywhere (q, h, l), a lesson's or a step's number, a key of the
step's scene ("a", "+", "space": the same declared keys the app binds), a command, a move of
the scene by its words ("shrink h"), a key of the lesson (`LESSON_KEYS`: "n", "backspace",
"ctrl+r"), a command by the first letters of its name, and a key by the name it was said
with ("full stop"). Tab completes commands, moves and the numbers a scene sets. What is said
about the scene is `SceneWords`'s. Everything said is written as a speech synthesizer reads
it right (gradtui/spoken.py: "10 to the minus 8", "x cubed"), but a text picture (`plot`)
and what the learner typed. Never imports Textual.
"""

from __future__ import annotations

import cmd
import contextlib
import textwrap
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from gradtui.commands import say
from gradtui.commands.plain.scene import SceneWords
from gradtui.grading import HowTo
from gradtui.prose import Block, plain_words
from gradtui.scenes.kit.keys import key_name
from gradtui.scenes.kit.moves import names_of, words_of
from gradtui.scenes.live import LiveScene
from gradtui.session import CannotOpen, LessonSession, lesson_key
from gradtui.spoken import named, spoken, symbol_named

HELP = """\
Commands (type one, then Enter; Tab completes, up and down recall earlier ones):
  n or next: the next step.  p or back: the step before.  a number: go to that step.
  read: this step again.  numbers: the scene's numbers again.  plot: a text picture of it.
  keys: this scene's moves. Type a move's words or its key to make it: shrink, or -.
  Keys the lesson names work as typed: a, +, ., space, up, enter, esc.
  play 10: play the scene for 10 frames, then say its numbers (play alone: up to 100).
  set NAME VALUE: set a number, for example: set h 0.001.  nudge NAME CHANGE: add to it.
  f and a function: draw the scene from your own, for example: f x^3 (^ is a power).
  reset: the lesson's function again.
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

# The commands that stand alone, by the words that type them: each is the reader's method of
# that name (the lesson's moves are named as the session's).
ALONE = {
    "n": "next_step", "next": "next_step", "p": "previous_step", "back": "previous_step",
    "previous": "previous_step", "read": "show_step", "again": "show_step", "see": "see",
    "return": "link_back", "hint": "hint", "reveal": "reveal", "numbers": "numbers",
    "plot": "picture", "picture": "picture", "keys": "moves", "moves": "moves",
}  # fmt: skip
# The commands that take the rest of the line: answer 2, go 1, f x^3, play 10, set h 0.1.
WITH_WORDS = {
    "answer": "answer", "go": "go", "link": "go", "f": "function", "function": "function",
    "e": "function", "play": "play", "set": "set", "nudge": "set",
}  # fmt: skip
# Every command's words, for Tab and for a command typed by its first letters.
COMMANDS = sorted(w for w in {*ALONE, *WITH_WORDS, "help", "lessons", "quit"} if len(w) > 1)
# Keys that mean something else in the line mode: ctrl+p jumps to a lesson in the app.
OTHER_KEYS = {"ctrl+p": "leave"}


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


def said_block(block: Block, numbers: dict[int, int] | None) -> str:
    """A block of a step's prose in words (`prose_as_plain`'s `words`): a key or a mark
    quoted alone (`.`, `·`) by its name, then everything as a synthesizer reads it right."""
    spans = [
        replace(span, text=named(span.text)) if span.style == "code" else span
        for span in block.spans
    ]
    return spoken(plain_words(replace(block, spans=spans), numbers))


class Reader(cmd.Cmd):
    """One learner in the line-mode reader: the lesson they study (a `LessonSession`), the
    lesson list, and what to say. `command(text)` returns what to print; a key of the lesson
    runs the method of the move's name here (`next_step`, `link_back`...)."""

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
        self.scene_words = SceneWords(self.text, width, ascii)
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

    def text(self, text: str, said: bool = True) -> str:
        """Text from anywhere, safe to print: inert, in words a synthesizer reads right (unless
        not `said`: what the learner typed), ASCII when asked, and each line wrapped at a
        space to the reader's width (a wrapped line keeps its indent)."""
        from gradtui.textsafe import for_terminal, inert

        text = spoken(inert(text)) if said else text
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
            step.prose, self.width, self.ascii, step.links, underline=False, numbered=True,
            words=said_block,
        ))  # fmt: skip
        scene = self.session.scene()
        if scene is not None:
            out += ["", self.scene_words.intro(scene) if isinstance(scene, LiveScene) else scene]
        if step.check is not None:
            out += ["", self.check_text()]
        if step.number == len(self.lesson.steps):
            last = "This is the last step: n says how the lesson went. Type l for the list of "
            out += ["", self.text(last + "lessons, or q to quit.")]
        return "\n".join(out)

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
        """One command, read in the order the module docstring gives."""
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
        if not isinstance(scene, LiveScene):
            scene = None
        if name is not None and scene is not None and (key := scene.key_named(name)):
            return self.scene_words.make_move(scene, key)
        said = self.run_command(verb, rest, line)
        if said is None and scene is not None:
            said = self.scene_words.move(scene, line)
        if said is None and name is not None:
            said = self.lesson_key(name)
        if said is None and (full := self.unique_command(verb)) is not None:
            said = self._command([full, *rest], " ".join([full, *rest]))
        if said is None and (symbol := symbol_named(line)) is not None:
            said = self._command([symbol], symbol)  # "full stop": the key it names
            said = None if said.startswith("Unknown: ") else said
        resting = scene.key_resting(name) if name is not None and scene is not None else None
        if said is None and resting is not None:
            said = self.text(f'"{line}" ({resting.words}) does nothing here now.')
        if said is None:
            more = "keys for the moves" if scene is not None else "n for the next step"
            return self.text(f'Unknown: "{line}". Type h for help, {more}.')
        return said

    def run_command(self, verb: str, rest: list[str], line: str) -> str | None:
        """The command `verb` with the rest of the line, or None when it is not one."""
        if not rest and verb in ALONE:
            return getattr(self, ALONE[verb])()
        command = WITH_WORDS.get(verb)
        if command == "answer":
            return self.answer(" ".join(rest))
        if command == "go" and len(rest) == 1:
            return self.follow_link(rest[0])
        if command == "function":
            typed = line.split(None, 1)[1] if rest else ""
            return self.on_the_scene(self.scene_words.function, [typed])
        if command == "play" and len(rest) <= 1 and (not rest or rest[0].isdigit()):
            return self.on_the_scene(self.scene_words.play, rest[:1] or [""])
        scene = self._live_scene()
        if command == "set" and len(rest) == 2 and scene and rest[0] in scene.state.settings():
            return self.scene_words.set_number(scene, verb, *rest)
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
        return self.text(HELP)

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

    def follow_link(self, number: str) -> str:
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

    def link_back(self) -> str:
        places = list(self.session.trail)
        place = str(places[-1][0]) if places else ""
        nowhere = "No link was followed: there is nowhere to return to."
        return self.going(self.session.link_back, nowhere, place)

    # -- the lessons -------------------------------------------------------------------------

    def list_lessons(self) -> str:
        """The lessons, numbered, with where the learner is in each: a number opens one."""
        from gradtui.course import course_summary, status_words
        from gradtui.script.catalog import list_lessons

        try:
            self.entries = list_lessons(self.folder)
        except OSError as error:
            return self.text(f"The lessons in {self.folder} cannot be listed: {error}")
        if not self.entries:
            return self.text(f"There are no lessons in {self.folder}.")
        self.choosing = True
        lines = ["Lessons:"]
        course = course_summary(self.progress, self.entries)
        for number, lesson in enumerate(course.lessons, start=1):
            entry = lesson.entry
            if entry.problem:
                lines.append(f"  {number}. {entry.title}: cannot be opened ({entry.problem})")
                continue
            status = status_words(lesson)
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

    # -- the scene and the check -------------------------------------------------------------

    def on_the_scene(self, say_it: Callable[..., str], args: list[str] = ()) -> str:
        """What `say_it` says of the step's live scene; when the step has none (or it could
        not be built), the learner is told why instead."""
        scene = self.session.scene()
        if scene is None:
            return "This step has no scene. Type h for help, n for the next step."
        if isinstance(scene, str):
            return self.text(scene)
        return say_it(scene, *args)

    def numbers(self) -> str:
        return self.on_the_scene(self.scene_words.numbers)

    def picture(self) -> str:
        return self.on_the_scene(self.scene_words.picture)

    def moves(self) -> str:
        return self.on_the_scene(self.scene_words.moves)

    def answer(self, typed: str) -> str:
        check = self.session.check()
        if check is None:
            return "This step has no question to answer."
        if check.check.is_choice:
            count = len(check.check.options)
            if not (typed.isdigit() and 1 <= int(typed) <= count):
                return f"Type answer and the number of your choice, from 1 to {count}."
            return self.text(self.session.pick(int(typed) - 1).said)
        return self.text(self.session.answer(typed).said)

    def hint(self) -> str:
        check = self.session.step.check
        if check is None:
            return "This step has no question."
        return self.text(f"Hint: {check.hint}" if check.hint else "This question has no hint.")

    def reveal(self) -> str:
        said = self.session.reveal()
        return "This step has no question." if said is None else self.text(said)

    # -- Tab completion (readline calls `complete`, which cmd.Cmd routes here) ----------------

    def _live_scene(self) -> LiveScene | None:
        scene = self.session.scene() if self.lesson is not None else None
        return scene if isinstance(scene, LiveScene) else None

    def completenames(self, text: str, *ignored: Any) -> list[str]:
        """The first word: a command, or a word of one of the scene's moves."""
        scene, words = self._live_scene(), set(COMMANDS)
        for key in scene.keys if scene is not None else ():
            words |= {word for word in names_of(key) if "_" not in word}
        folded = text.casefold()
        return sorted(word + " " for word in words if word.startswith(folded))

    def completedefault(self, text: str, line: str, begidx: int, endidx: int) -> list[str]:
        """A later word of a move: the words of the moves that the words typed so far fit."""
        scene = self._live_scene()
        if scene is None:
            return []
        typed = set(words_of(line[:begidx]))
        words = {w for key in scene.keys if typed <= (names := names_of(key)) for w in names}
        fitting = [word for word in words - typed if word.startswith(text.casefold())]
        return sorted(word + " " for word in fitting if "_" not in word)

    def complete_set(self, text: str, line: str, begidx: int, endidx: int) -> list[str]:
        """`set` and `nudge`: the names of the numbers the scene lets the learner set."""
        scene = self._live_scene()
        if scene is None or len(line[:begidx].split()) != 1:
            return []
        return sorted(name + " " for name in scene.state.settings() if name.startswith(text))

    complete_nudge = complete_set
