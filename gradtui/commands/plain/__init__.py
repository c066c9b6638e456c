"""`gradtui --plain [LESSON]`: the line-mode reader, for screen readers and braille displays.

Nothing is ever redrawn: each step is printed once, as plain text (title, prose, the scene's
numbers in words, the check and its numbered choices), then a prompt that says where the
learner is. The learner types commands, or the keys the lesson names ("a", "+", ".", "space",
"up"): the scene's moves and the lesson's own are found through the same declared keys as in
the app, or typed as their words (see gradtui/scenes/kit/moves.py), and answered with the
numbers that changed. The lesson itself is a `LessonSession` (gradtui/session.py), the one the
app drives too; progress is the app's own saved progress.

Here: reading the lines. Built on the standard library's `cmd` (the shell, `reader.py`, and
Tab completion) and, when the input is a terminal, `readline` (line editing and history;
loaded only then). Through a pipe it reads line by line (`printf 'n\\nq\\n' | gradtui --plain
1`). No alternate screen, no colours, no escape sequences, no decorative characters:
everything printed passes `for_terminal` (a lesson or a learner can put no control character
on the screen), and what the reader says is written as a speech synthesizer reads it right
(gradtui/spoken.py). Never imports Textual.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from typing import TextIO

from gradtui.commands import say, step_within, what_to_open
from gradtui.commands.plain.reader import HELP, Reader

__all__ = ["HELP", "Reader", "loop", "run"]

MAX_LINE = 2000  # characters of one command read; the rest of a longer line is dropped


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
    readline.parse_and_bind("set enable-bracketed-paste off")
    readline.parse_and_bind("set enable-meta-key off")
    readline.parse_and_bind("tab: complete")

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
                say(reader.text(line, said=False), stdout)
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
