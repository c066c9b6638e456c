"""`gradtui check` as an author runs it: messages on stdout, a summary line, exit codes 0/1/2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = Path("tests") / "fixtures"


def gradtui_check(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gradtui", "check", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"},
    )


def test_valid_lessons_exit_0_with_a_summary():
    result = gradtui_check(str(FIXTURES / "lessons"))
    assert result.returncode == 0, result.stdout
    assert result.stdout == "checked 2 lessons: all valid\n"


def test_a_broken_file_prints_each_problem_where_it_is():
    path = FIXTURES / "broken" / "structure.md"
    result = gradtui_check(str(path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split(": ", 1)[0] for line in lines[:-1]] == [
        f"{path}:12:1",
        f"{path}:18:1",
        f"{path}:25:10",
        f"{path}:26:1",
        f"{path}:33:1",
    ]
    assert "only one scene block" in lines[0]
    assert "never closed" in lines[4]
    assert lines[-1] == "checked 1 lesson: 5 problems in 1 file"


def test_bad_toml_is_reported_at_its_line_in_the_file():
    path = FIXTURES / "broken" / "front-matter.md"
    result = gradtui_check(str(path))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        f"{path}:3:37: invalid TOML in the front matter: unterminated string"
    )


def test_several_paths_are_summed_up():
    result = gradtui_check(
        str(FIXTURES / "lessons" / "01-tiny.md"),
        str(FIXTURES / "broken"),
    )
    assert result.returncode == 1
    summary = result.stdout.splitlines()[-1]
    assert summary.startswith("checked 4 lessons: ") and summary.endswith(" in 3 files")


def test_a_missing_path_is_a_problem(tmp_path):
    result = gradtui_check(str(tmp_path / "nowhere.md"))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'nowhere.md'}: no such file, folder or lesson",
        "checked 0 lessons: 1 problem in 1 file",
    ]


def test_a_built_in_lesson_is_checked_by_its_number_or_slug_as_print_takes_it():
    result = gradtui_check("6", "network")
    assert result.returncode == 0
    assert result.stdout.splitlines() == ["checked 2 lessons: all valid"]
    assert gradtui_check("99").stdout.startswith("99: no such file, folder or lesson")


def test_a_folder_without_lessons_is_a_problem(tmp_path):
    result = gradtui_check(str(tmp_path))
    assert result.returncode == 1
    assert "no lesson scripts (*.md) in this folder" in result.stdout


def test_non_utf8_and_control_characters_are_printed_safely(tmp_path):
    path = tmp_path / "évil.md"
    path.write_bytes(b'+++\ntitle = "T"\n"\\u001b[31m" = 1\n+++\n# a\n')
    result = subprocess.run(
        [sys.executable, "-m", "gradtui", "check", str(path)],
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"},
    )
    assert result.returncode == 1
    assert b"\x1b" not in result.stdout
    assert result.stdout.isascii()
    assert b"unknown front matter key" in result.stdout


def test_no_path_checks_the_built_in_lessons():
    count = len(list((ROOT / "lessons").glob("*.md")))
    assert count >= 1, "no built-in lessons yet"
    result = gradtui_check()
    assert result.stdout.splitlines()[-1] == f"checked {count} lessons: all valid", result.stdout
    assert result.returncode == 0


def test_usage_errors_exit_2():
    result = gradtui_check("--frobnicate")
    assert result.returncode == 2
    assert "usage" in result.stderr
