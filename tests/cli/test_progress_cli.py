"""`gradtui progress`: the summary as text and JSON, and --reset (asking, --yes, the backup)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from gradtui.cli import main
from gradtui.commands import progress as command
from gradtui.course import progress_key
from gradtui.progress import FILE_NAME, Progress

LESSONS = Path(__file__).parent.parent / "app" / "lessons"  # 01-demo, 02-second, 03-moving


def saved(state: Path) -> Progress:
    """Progress in lesson 1 of the test lessons (checks on steps 3 and 4): steps 1 and 3 seen,
    the first check answered right; lesson 2 done."""
    progress = Progress(state)
    second = progress_key(LESSONS / "02-second.md")
    progress.visit(second, 1, 2)
    progress.visit(second, 2, 2)  # the last step: done
    demo = progress_key(LESSONS / "01-demo.md")
    progress.visit(demo, 1, 4)
    progress.visit(demo, 3, 4)  # the last lesson opened
    progress.record_check(demo, 3, "6", True)
    assert progress.save()
    return progress


def run(state: Path, **options) -> tuple[int, str]:
    out = io.StringIO()
    code = command.run(lessons_dir=str(LESSONS), state_dir=state, out=out, **options)
    return code, out.getvalue()


def test_the_summary_in_words(tmp_path):
    saved(tmp_path)
    code, text = run(tmp_path)
    assert code == 0
    lines = text.splitlines()
    assert lines[0] == f"Your progress, saved in {tmp_path / FILE_NAME}"
    assert "Lessons done: 1 of 3.  Checks right: 1 of 2 (1 answered)." in lines
    rows = {line.split()[0]: line for line in lines if line[:3].strip().isdigit()}
    assert "at step 3" in rows["1"] and " 2 of 4 " in rows["1"] and rows["1"].endswith("1 of 2")
    assert "done" in rows["2"] and " 2 of 2 " in rows["2"] and rows["2"].endswith("none")
    assert "not started" in rows["3"]
    assert lines[-1] == "Go on with lesson 1, step 3 of 4: Predict (gradtui 1)."


def test_the_summary_as_json(tmp_path):
    saved(tmp_path)
    code, text = run(tmp_path, as_json=True)
    assert code == 0
    data = json.loads(text)
    assert data["file"] == str(tmp_path / FILE_NAME)
    assert data["course"]["lessons_done"] == 1 and data["course"]["go_on_with"] == "demo"
    first = data["lessons"][0]
    assert (first["steps_seen"], first["steps"], first["checks_right"], first["checks"]) == (
        2, 4, 1, 2,
    )  # fmt: skip


def test_nothing_saved_yet(tmp_path):
    code, text = run(tmp_path)
    assert code == 0 and "Nothing yet: no lesson has been opened." in text


def test_reset_asks_and_a_no_keeps_everything(tmp_path):
    saved(tmp_path)
    before = (tmp_path / FILE_NAME).read_text()
    code, text = run(tmp_path, reset="", ask=lambda: "n\n")
    assert code == 0 and "Forget all your progress?" in text and "Nothing forgotten." in text
    assert (tmp_path / FILE_NAME).read_text() == before
    assert not (tmp_path / (FILE_NAME + ".bak")).exists()


def test_reset_after_a_yes_keeps_the_old_file_as_a_backup(tmp_path):
    saved(tmp_path)
    before = (tmp_path / FILE_NAME).read_text()
    code, text = run(tmp_path, reset="", ask=lambda: "yes\n")
    backup = tmp_path / (FILE_NAME + ".bak")
    assert code == 0 and f"The old file is kept as {backup}." in text
    assert backup.read_text() == before
    assert Progress(tmp_path).load().lessons == {}


def test_reset_of_one_lesson_forgets_only_that_one(tmp_path):
    saved(tmp_path)
    code, text = run(tmp_path, reset="1", yes=True)
    assert code == 0 and "Forgot your progress in 01-demo.md." in text
    left = Progress(tmp_path).load()
    assert set(left.lessons) == {progress_key(LESSONS / "02-second.md")}
    code, text = run(tmp_path, reset="1", yes=True)
    assert code == 0 and "Nothing to forget" in text
    assert not (tmp_path / (FILE_NAME + ".bak-2")).exists()  # nothing forgotten, no backup


def test_reset_of_a_lesson_that_is_not_there(tmp_path):
    saved(tmp_path)
    code, _ = run(tmp_path, reset="42", yes=True)
    assert code == 2


def test_reset_refuses_without_a_terminal_and_without_yes(tmp_path):
    saved(tmp_path)
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "xdg")}
    state = tmp_path / "xdg" / "gradtui"
    saved(state)
    before = (state / FILE_NAME).read_text()
    result = subprocess.run(
        [sys.executable, "-m", "gradtui", "progress", "--reset", "--lessons", str(LESSONS)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 2
    assert "no terminal to ask on: add --yes" in result.stderr
    assert (state / FILE_NAME).read_text() == before
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gradtui",
            "progress",
            "--reset",
            "--yes",
            "--lessons",
            str(LESSONS),
        ],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert (state / (FILE_NAME + ".bak")).read_text() == before
    shown = subprocess.run(
        [sys.executable, "-m", "gradtui", "progress", "--json", "--lessons", str(LESSONS)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert json.loads(shown.stdout)["course"]["lessons_done"] == 0


def test_yes_without_reset_is_a_usage_error(capsys):
    assert main(["progress", "--yes"]) == 2
    assert "--yes goes with --reset" in capsys.readouterr().err
