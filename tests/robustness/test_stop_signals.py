"""SIGTERM and SIGHUP (a `kill`, a closed window, a dropped SSH link) stop gradtui the way q
does: progress saved, the terminal put back (normal screen, mouse off, cursor shown), and the
exit status a shell expects of a program stopped by that signal, 128 + its number.

Read through a pseudo-terminal, as a person's terminal would: the escape sequences the app
writes as it exits are checked both as bytes and on an emulated screen (pyte).
"""

from __future__ import annotations

import json
import re
import signal
from pathlib import Path

import pytest

SIGNALS = {"SIGTERM": signal.SIGTERM, "SIGHUP": signal.SIGHUP}

# Private modes the app turns on: the alternate screen and the mouse reports it asks for.
ALTERNATE_SCREEN = 1049
MOUSE_MODES = (1000, 1003, 1006)


def _saved_step(state: Path) -> int:
    saved = json.loads((state / "gradtui" / "progress.json").read_text())
    return saved["lessons"]["builtin:slope"]["step"]


def _private_mode_on(screen, mode: int) -> bool:
    """Whether an emulated screen has DEC private mode `mode` set (pyte keeps it shifted)."""
    return (mode << 5) in screen.mode


@pytest.mark.parametrize("name", list(SIGNALS))
def test_the_app_stopped_by_a_signal_saves_and_restores_the_terminal(
    name: str, terminal, tmp_path: Path
):
    run = terminal(["1"])
    run.wait_for("step 1/")
    assert _private_mode_on(run.screen, ALTERNATE_SCREEN) and run.screen.cursor.hidden
    run.press("right")
    run.wait_for("step 2/")
    before = len(run.raw)

    run.process.send_signal(SIGNALS[name])
    code = run.finish(timeout=15)

    assert code == 128 + SIGNALS[name], f"exit status {code}"
    at_exit = bytes(run.raw[before:])
    for sequence in (b"\x1b[?1049l", b"\x1b[?25h", *(f"\x1b[?{m}l".encode() for m in MOUSE_MODES)):
        assert sequence in at_exit, f"{sequence!r} was not written as the app stopped"
    screen = run.screen
    assert not _private_mode_on(screen, ALTERNATE_SCREEN), "still on the alternate screen"
    assert not any(_private_mode_on(screen, mode) for mode in MOUSE_MODES), "mouse still on"
    assert not screen.cursor.hidden, "the cursor is still hidden"
    assert b"Traceback" not in at_exit
    assert _saved_step(tmp_path / "state") == 2


@pytest.mark.parametrize("name", list(SIGNALS))
def test_the_line_mode_stopped_by_a_signal_saves_and_ends_its_line(
    name: str, terminal, tmp_path: Path
):
    run = terminal(["--plain", "1"])
    run.wait_for("Step 1 of")
    run.send("n\r")
    run.wait_for(lambda _: re.search(rb"Step 2 of \d+> ", run.raw))  # the step and its prompt
    before = len(run.raw)

    run.process.send_signal(SIGNALS[name])
    code = run.finish(timeout=15)

    assert code == 128 + SIGNALS[name], f"exit status {code}"
    at_exit = bytes(run.raw[before:])
    assert at_exit.endswith(b"\r\n"), f"the prompt's line was left open: {at_exit!r}"
    assert b"Traceback" not in at_exit
    assert _saved_step(tmp_path / "state") == 2
