"""Hostile text in a real terminal: the bytes the app writes to a pseudo-terminal, and what
`gradtui print` writes, for a lesson whose every field holds markup that breaks or styles,
an `@click` action naming screenshot, a `[link=...]`, every character that hides or reorders
text, and raw and escaped controls; a learner who pastes such text; and a progress file that
is a FIFO, a link to /dev/zero, a socket, a 5,001-digit number, broken JSON or a saved
answer of markup, next to a lessons folder with a loop, a dangling link and a folder in it.

Checked on the raw bytes: no OSC 8 hyperlink, no blinking, none of the hidden characters and
no C1 control, no file written by a mouse click on the action's text, no traceback; on the
emulated screen: the markup shown literally; and the app still answers its keys.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HIDDEN = "\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e"
HIDDEN += "\u2066\u2067\u2068\u2069\ufeff\u061c\u00ad"
OSC_8 = b"\x1b]8;"
SGR = re.compile(rb"\x1b\[([0-9;:]*)m")
LITERAL = [  # what the learner must read, as text
    "[/bold] [ [[ [/]",
    "[reverse blink]x[/]",
    "[@click=app.screenshot('victim.svg',",
    '[link="https://evil.example/m"]MLINK[/link]',
]


def sgr_attributes(raw: bytes) -> set[int]:
    """Every SGR attribute the program set (colour parameters skipped: 38;5;n is not blink)."""
    found: set[int] = set()
    for match in SGR.finditer(raw):
        params = [int(p or 0) for p in re.split(rb"[;:]", match[1])] if match[1] else [0]
        index = 0
        while index < len(params):
            value = params[index]
            if value in (38, 48, 58):  # extended colour: 5;n or 2;r;g;b follows
                index += 3 if index + 1 < len(params) and params[index + 1] == 5 else 5
                continue
            found.add(value)
            index += 1
    return found


def assert_clean(raw: bytes) -> str:
    """The checks every run's bytes must pass; returns them decoded."""
    assert OSC_8 not in raw, "a hyperlink reached the terminal"
    shown = raw.decode("utf-8")  # a stray C1 byte would fail here
    hidden = sorted({f"U+{ord(ch):04X}" for ch in shown if ch in HIDDEN or 0x80 <= ord(ch) < 0xA0})
    assert not hidden, hidden
    assert not {5, 6} & sgr_attributes(raw), "something blinks"
    assert "Traceback" not in shown
    return shown


def click_on(run, word: str, occurrence: int = 0) -> None:
    """Press and release the left button on `word` (its `occurrence`-th place on the screen,
    from the top) with SGR mouse reports, as a terminal sends a click."""
    run.wait_for(lambda text: text.count(word) > occurrence)  # drawn (a loaded machine is slow)
    places = [(row, line.find(word)) for row, line in enumerate(run.screen.display) if word in line]
    assert len(places) > occurrence, f"{word!r} is not on the screen:\n{run.text}"
    row, column = places[occurrence]
    x, y = column + 2, row + 1
    run.send(f"\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m")
    run.pump(0.3)  # time for the click to be handled: what follows checks it did nothing


@pytest.fixture
def hostile_lesson(tmp_path: Path, kit, hostile) -> tuple[Path, Path]:
    victim = tmp_path / "victim"
    victim.mkdir()
    steps = hostile.steps(victim)
    title, summary = hostile.text("title", victim), hostile.text("summary", victim)
    return kit.write(tmp_path / "lessons" / "01-hostile.md", title, steps, summary), victim


def test_the_app_shows_hostile_text_as_text_and_a_click_does_nothing(
    hostile_lesson, tmp_path: Path, terminal, visible, hostile
):
    lesson, victim = hostile_lesson
    state = tmp_path / "state" / "gradtui"
    state.mkdir(parents=True)
    key = str(lesson.resolve())
    saved = {"2": {"answer": "[/bold] saved \u202e\u200d [@click=app.bell]b[/]", "correct": False}}
    record = {"step": 1, "steps": 4, "done": False, "checks": saved}
    progress = {"version": 1, "last_lesson": key, "lessons": {key: record}}
    (state / "progress.json").write_text(json.dumps(progress))

    run = terminal(["--lessons", str(lesson.parent)])
    run.wait_for("title ZQX")  # the picker: title and summary
    run.wait_for("Last time")
    click_on(run, "CLICKME")  # in the resume line: nothing happens
    run.wait_for("Press r to resume")
    click_on(run, "CLICKME", 1)  # in the step title the resume line names: nothing either
    run.wait_for("Press r to resume")
    click_on(run, "CLICKME", 2)  # in the list: opens the lesson, as a click on it does
    run.wait_for("step 1/4")  # header and prose
    click_on(run, "CLICKME")
    run.press("ctrl+p")  # the palette lists the title and headings
    run.wait_for("Search")
    run.send("heading")
    run.wait_for("step 1: heading")
    run.press("escape")
    run.wait_for(lambda text: "Search" not in text)
    run.press("right")
    run.wait_for("step 2/4")
    run.wait_for("saved")  # the saved answer, shown back as text
    click_on(run, "CLICKME")  # in the question
    run.paste("[/bold]\u202e\u200d\u009b2J [@click=app.bell]b[/]")  # the learner pastes:
    run.wait_for("2J [@click=app")  # the paste starts the answer, shown inert in the box
    run.press("enter")
    run.wait_for("not a number")
    run.paste("9" * 70)
    run.wait_for("at most 60 characters")
    run.press("ctrl+u", "ctrl+k", "1", "enter")
    run.wait_for("Hint: hint ZQX")
    run.press("ctrl+r")
    run.wait_for("explain ZQX")
    run.press("right")  # revealed: the keys are the lesson's again
    run.wait_for("step 3/4")
    click_on(run, "CLICKME")  # in the question: nothing happens
    click_on(run, "CLICKME", 1)  # in the first option: picks it, as a click on an option does
    run.wait_for("Right: “first ZQX")
    run.press("right")
    run.wait_for("step 4/4")
    run.press("q")
    assert run.finish(timeout=15) == 0, run.text

    raw = bytes(run.raw)
    assert_clean(raw)
    assert os.listdir(victim) == [], "a click wrote a file"
    seen = visible(raw)
    for text in LITERAL:
        assert text in seen, text
    assert "\ufffd" in seen  # the hidden characters, shown as marks


def gradtui(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m gradtui ARGS` with a UTF-8 locale and progress in tmp_path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(LANG="C.UTF-8", XDG_STATE_HOME=str(tmp_path / "state"), PYTHONIOENCODING="utf-8")
    command = [sys.executable, "-m", "gradtui", *args]
    return subprocess.run(command, capture_output=True, timeout=60, env=env, cwd=REPO)


@pytest.mark.parametrize("ascii", [False, True], ids=["unicode", "ascii"])
def test_print_shows_hostile_text_as_text(hostile_lesson, tmp_path: Path, ascii: bool):
    lesson, _ = hostile_lesson
    result = gradtui(tmp_path, "print", str(lesson), *(["--ascii"] if ascii else []))
    assert result.returncode == 0, result.stderr
    out = assert_clean(result.stdout)
    assert result.stderr == b""
    for text in LITERAL:
        assert text in out, text
    assert ("?" if ascii else "\ufffd") in out
    if ascii:
        assert out.isascii()


@pytest.mark.parametrize("command", [["print"], []], ids=["print", "open"])
def test_a_broken_lesson_with_a_hostile_name_is_reported_inertly(tmp_path: Path, command):
    path = tmp_path / "01-\u202eevil\u200d[bold].md"
    path.write_text('+++\ntitle = "B"\n"[/bold]\\u2066" = 1\n+++\n# a\n')
    result = gradtui(tmp_path, *command, str(path))
    assert result.returncode == 2 and result.stdout == b""
    said = assert_clean(result.stderr)
    assert f"{tmp_path}/01-\ufffdevil\ufffd[bold].md:" in said  # the name, made inert
    assert "unknown front matter key '[/bold]\\u2066'" in said


def unix_socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.close()  # the socket file stays


HOSTILE_PROGRESS = {
    "named pipe": (lambda path: os.mkfifo(path), "a named pipe stands where"),
    "link to /dev/zero": (lambda path: path.symlink_to("/dev/zero"), "a device stands where"),
    "socket": (unix_socket, "a socket stands where"),
    "5,001 digits": (
        lambda path: path.write_text('{"version": 1, "lessons": {"k": {"step": ' + "7" * 5001),
        "was damaged",
    ),
    "broken JSON": (lambda path: path.write_text('{"version": 1, "lessons": ['), "was damaged"),
}


def test_hostile_progress_files_and_a_hostile_folder_never_stop_the_app(
    tmp_path, kit, terminal, request
):
    """One run per hostile progress file, all started at once (the state folders are short
    paths: a socket's must fit in 108 bytes), each over a lessons folder with a loop, a
    dangling link and a folder named like lessons; an earlier .bad file is kept each time."""
    lessons = tmp_path / "lessons"
    kit.write(lessons / "01-good.md", "The good one", ["# One\n\nText."])
    (lessons / "02-loop.md").symlink_to("02-loop.md")
    (lessons / "03-dangling.md").symlink_to("nowhere.md")
    (lessons / "04-folder.md").mkdir()
    runs = []
    for name, (make, notice) in HOSTILE_PROGRESS.items():
        state = Path(tempfile.mkdtemp(prefix="gt-", dir="/tmp"))
        request.addfinalizer(lambda state=state: shutil.rmtree(state, ignore_errors=True))
        (state / "gradtui").mkdir()
        (state / "gradtui" / "progress.json.bad").write_text("an earlier one")
        make(state / "gradtui" / "progress.json")
        runs.append(
            (name, notice, state, terminal(["--lessons", str(lessons)], XDG_STATE_HOME=str(state)))
        )
    for name, notice, state, run in runs:
        run.wait_for("The good one")
        run.wait_for("Too many levels")  # the loop, listed with its problem
        run.wait_for("not there")
        run.wait_for("a folder, not a lesson")
        run.wait_for(notice)
        run.wait_for("progress.json.bad-2")  # the earlier .bad file is kept
        run.press("enter")  # the app still answers: open the good lesson, then quit
        run.wait_for("step 1/1")
        run.press("q")
        assert run.finish(timeout=15) == 0, (name, run.text)
        assert_clean(bytes(run.raw))
        folder = state / "gradtui"
        assert (folder / "progress.json.bad").read_text() == "an earlier one", name
        assert json.loads((folder / "progress.json").read_text())["version"] == 1, name
