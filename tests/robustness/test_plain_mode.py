"""`gradtui --plain` as a screen-reader user runs it: through a pipe and in a real terminal (a
pty), on the built-in lessons and on a hostile one. Whatever a lesson holds or a learner types,
not one escape sequence or hidden character reaches the output, the exit code is 0, and the
place is saved where the app will find it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from gradtui.textsafe import UNSAFE_CATEGORIES

REPO = Path(__file__).resolve().parents[2]


def plain(tmp_path: Path, args: list[str], typed: bytes, **env: str) -> tuple[int, str, str]:
    """`gradtui --plain ARGS` with `typed` piped in: exit code, stdout, stderr."""
    full = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "TEXTUAL"))}
    full.update(LANG="C.UTF-8", XDG_STATE_HOME=str(tmp_path / "state"), **env)
    result = subprocess.run(
        [sys.executable, "-m", "gradtui", "--plain", *args],
        input=typed, capture_output=True, env=full, cwd=REPO, timeout=60,
    )  # fmt: skip
    return result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


def unsafe(text: str) -> list[str]:
    """The characters that must never reach a terminal (escape, controls, bidi...) but newline."""
    return sorted(
        {
            f"U+{ord(ch):04X}"
            for ch in text
            if ch != "\n" and unicodedata.category(ch) in UNSAFE_CATEGORIES
        }
    )


def test_a_pipe_steps_through_and_exits_0(tmp_path):
    code, out, err = plain(tmp_path, ["1"], b"n\nn\nq\n")
    assert code == 0, err
    assert not unsafe(out) and not unsafe(err)
    assert out.startswith("Lesson: The slope at a point.")
    steps = [line for line in out.splitlines() if line.startswith("Step ") and line.endswith(".")]
    assert [s.split(" of ")[0] for s in steps] == ["Step 1", "Step 2", "Step 3"]  # each once
    assert "Step 1 of 12> n\n" in out  # the typed command is echoed into the transcript
    assert out.rstrip().endswith("Goodbye. Your place is kept: The slope at a point, step 3.")
    saved = json.loads((tmp_path / "state" / "gradtui" / "progress.json").read_text())
    assert saved["lessons"]["builtin:slope"]["step"] == 3  # the app resumes here


def test_the_end_of_input_quits_and_no_save_saves_nothing(tmp_path):
    code, out, _ = plain(tmp_path, ["1", "--step", "2", "--no-save"], b"shrink\n")
    assert code == 0
    assert "Done: shrink h.\n  h = 0.5" in out
    assert out.rstrip().endswith("Goodbye. Progress was not saved this time.")
    assert not (tmp_path / "state").exists()


def test_without_a_lesson_it_lists_them_by_number(tmp_path):
    code, out, _ = plain(tmp_path, [], b"1\nq\n")
    assert code == 0
    assert out.startswith("Lessons:\n  1. The slope at a point (")
    assert "Lesson number> 1\nLesson: The slope at a point." in out


def test_a_lesson_that_is_not_there_exits_2(tmp_path):
    code, out, err = plain(tmp_path, ["42"], b"")
    assert code == 2 and out == ""
    assert "no lesson '42'" in err and "Traceback" not in err


@pytest.mark.parametrize("ascii", [False, True], ids=["unicode", "ascii"])
def test_a_hostile_lesson_and_hostile_typing_stay_inert(tmp_path, kit, hostile, ascii):
    steps = hostile.steps(tmp_path)
    steps.insert(1, "# A scene\n\nIts caption is hostile.\n\n" + kit.scene_block(
        "plot", {"f": "x**2", "caption": hostile.text("caption", tmp_path)}))  # fmt: skip
    title = hostile.text("title", tmp_path)
    path = kit.write(tmp_path / "lessons" / "01-hostile.md", title, steps)
    typed = "\n".join([
        "n", "numbers", "plot", "n", "answer 1\x1b[2J\u202e", "reveal", "hint", "n", "answer 1",
        "f x\x1b]0;title\x07", "\x9b31m typed \u200b", "l", "1", "q",
    ]).encode("utf-8") + b"\n\xff\xfe\n"  # fmt: skip
    code, out, err = plain(tmp_path, [str(path), *(["--ascii"] if ascii else [])], typed)
    assert code == 0, err
    assert not unsafe(out), unsafe(out)
    assert not unsafe(err), unsafe(err)
    assert "\x1b" not in out and "\x9b" not in out
    assert out.count(hostile.TOKEN) >= 10  # the text is shown, made harmless
    assert "caption " + hostile.TOKEN in out and "CLICKME" in out  # the plot, on request
    if ascii:
        assert out.isascii()


def test_in_a_terminal_nothing_is_drawn_only_written(terminal):
    """In a pty: no alternate screen, no cursor moves, no colours: lines, and the terminal's own
    echo of what is typed."""
    run = terminal(["--plain", "1", "--step", "2", "--no-save"])
    run.wait_for("Step 2 of 12>")
    for command in ("shrink", "play 4", "set h 0.001", "bogus"):
        prompts = run.raw.count(b"Step 2 of 12>")
        run.send(command + "\r")
        run.wait_for(lambda _, seen=prompts: run.raw.count(b"Step 2 of 12>") > seen)  # answered
    run.send("q\r")
    assert run.finish(timeout=20) == 0, run.text
    raw = bytes(run.raw)
    assert b"\x1b" not in raw, raw[raw.find(b"\x1b") - 40 : raw.find(b"\x1b") + 40]
    shown = raw.decode("utf-8")
    assert not unsafe(shown.replace("\r", ""))
    assert "Done: shrink h." in shown and "Played 4 frames" in shown
    assert "h = 0.001" in shown and 'Unknown: "bogus". Type h for help' in shown
    assert "Step 2 of 12> bogus" in shown  # the terminal echoed the typing, nothing else did
    assert shown.count("Step 2 of 12> bogus") == 1


def test_in_a_terminal_the_line_is_completed_recalled_and_keys_are_moves(terminal):
    """readline in the line mode: Tab completes a move, up recalls the last command, and a
    key the lesson names (+) makes its move; still not one escape sequence written."""
    run = terminal(["--plain", "1", "--step", "2", "--no-save"])
    run.wait_for("Step 2 of 12>")
    run.send("shr\t\r")  # Tab: "shrink"
    run.wait_for("h = 0.5")
    run.send("\x1b[A\r")  # up: "shrink" again
    run.wait_for("h = 0.25")
    run.send("+\r")  # the key the lesson names: grow h
    run.wait_for("Done: grow h.")
    run.send("q\r")
    assert run.finish(timeout=20) == 0, run.text
    raw = bytes(run.raw)
    assert b"\x1b" not in raw, raw[raw.find(b"\x1b") - 40 : raw.find(b"\x1b") + 40]
    shown = raw.decode("utf-8")
    assert shown.count("Done: shrink h.") == 2 and "Step 2 of 12> shrink \r\n" in shown
    assert "h = 0.5" in shown and "h = 0.25" in shown
