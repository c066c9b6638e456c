"""`gradtui print`, `--help`, `--version` and the errors of opening a lesson, via a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LESSONS = Path(__file__).parent.parent / "app" / "lessons"


def gradtui(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "gradtui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=full_env,
    )


def test_print_renders_prose_scenes_and_checks():
    result = gradtui("print", "1", "--lessons", str(LESSONS))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("A demo lesson\n")
    assert "[step 1 of 4]" in out and "[scene: plot]" in out
    assert "at x = 1: f(x) = 1, slope = 2" in out  # computed from the lesson's function
    assert "Predict, then check: Slope of x^2 at x = 3?" in out
    assert "(answer: 6 (within 0.01))" in out
    assert "\x1b" not in out


def test_print_ascii_is_seven_bit():
    result = gradtui("print", "demo", "--lessons", str(LESSONS), "--ascii")
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii()


def test_print_by_path_and_unknown_lesson():
    result = gradtui("print", str(LESSONS / "02-second.md"))
    assert result.returncode == 0 and "A second lesson" in result.stdout
    missing = gradtui("print", "42", "--lessons", str(LESSONS))
    assert missing.returncode == 2
    assert "no lesson '42'" in missing.stderr and "A demo lesson" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_open_errors_are_plain_messages(tmp_path: Path):
    missing_dir = gradtui("--lessons", str(tmp_path / "nope"))
    assert missing_dir.returncode == 2 and "no such folder" in missing_dir.stderr
    broken = tmp_path / "broken.md"
    broken.write_text("+++\ntitle = \n+++\n\nhello\n")
    result = gradtui(str(broken))
    assert result.returncode == 2
    assert "broken.md:2" in result.stderr and "Traceback" not in result.stderr
    bad_step = gradtui("1", "--lessons", str(LESSONS), "--step", "0")
    assert bad_step.returncode == 2 and "--step" in bad_step.stderr


def test_help_and_version():
    help_ = gradtui("--help")
    assert help_.returncode == 0 and "gradtui check" in help_.stdout
    version = gradtui("--version")
    assert version.returncode == 0 and version.stdout.startswith("gradtui ")
    usage = gradtui("--step", "x")
    assert usage.returncode == 2
