"""`gradtui check [PATH ...]`: validate lesson scripts and report `path:line:col: message`.

A PATH is a file, a folder of scripts, or a built-in lesson by number or slug (`check 6`,
`check network`), as `gradtui print` and the app take them.

Problems and the summary go to stdout (they are the command's output, as with a linter);
the exit code is 0 when every script is valid and 1 when any problem was found.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from gradtui.commands import say
from gradtui.script.catalog import builtin_lessons_dir, find_lesson, folder_problem, lesson_files
from gradtui.script.parse import check_file
from gradtui.script.problems import Problem


def run(paths: list[str], out: TextIO | None = None) -> int:
    """Check the given files and folders (the built-in lessons when none); return the exit code."""
    out = sys.stdout if out is None else out
    targets = [Path(p) for p in paths] if paths else [_shown(builtin_lessons_dir())]
    checked = 0
    problems: list[Problem] = []
    for target in targets:
        files, missing = _scripts(target)
        problems.extend(missing)
        for path in files:
            checked += 1
            problems.extend(check_file(path))
    for problem in problems:
        say(str(problem), out)
    say(summary(checked, problems), out)
    return 1 if problems else 0


def _scripts(target: Path) -> tuple[list[Path], list[Problem]]:
    """The scripts a path names: the file itself, or the *.md files in a folder."""
    if target.is_dir():
        try:
            files = lesson_files(target)
        except OSError as error:
            return [], [folder_problem(target, error)]
        if not files:
            return [], [Problem(target, None, None, "no lesson scripts (*.md) in this folder")]
        return files, []
    if not target.exists() and not target.is_symlink():
        try:  # a built-in lesson by number or slug, as `print` and the app take it
            return [_shown(find_lesson(str(target)))], []
        except LookupError:
            return [], [Problem(target, None, None, "no such file, folder or lesson")]
    return [target], []  # a link that loops or leads nowhere: reading it says so


def _shown(path: Path) -> Path:
    """A path as short as it can be shown: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return Path(relative) if not relative.startswith("..") else path


def summary(checked: int, problems: list[Problem]) -> str:
    """`checked 5 lessons: all valid` or `checked 5 lessons: 3 problems in 2 files`."""
    lessons = f"checked {checked} lesson{'' if checked == 1 else 's'}"
    if not problems:
        return f"{lessons}: all valid"
    files = len({str(problem.path) for problem in problems})
    count = len(problems)
    return (
        f"{lessons}: {count} problem{'' if count == 1 else 's'} "
        f"in {files} file{'' if files == 1 else 's'}"
    )
