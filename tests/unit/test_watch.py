"""The lesson-file watcher behind `gradtui LESSON --watch` (gradtui/watch.py): quiet while the
file is as last seen, the edited lesson when it changes, its problems when the edit breaks it."""

from __future__ import annotations

import os
from pathlib import Path

from gradtui.watch import Broken, LessonWatcher, Reloaded

GOOD = '+++\ntitle = "Watched"\n+++\n\n# One\n\nFirst.\n\n---\n\n# Two\n\nSecond.\n'


def write(path: Path, text: str, bump: int) -> None:
    """Write `text` and move the modification time on by `bump` seconds, as a later save."""
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + bump * 1_000_000_000))


def test_quiet_until_the_file_changes(tmp_path):
    path = tmp_path / "01-watched.md"
    write(path, GOOD, 0)
    watcher = LessonWatcher(path)
    assert watcher.poll() is None and watcher.poll() is None
    write(path, GOOD.replace("First.", "First, edited."), 1)
    change = watcher.poll()
    assert isinstance(change, Reloaded) and "First, edited." in change.lesson.steps[0].prose
    assert watcher.poll() is None  # said once


def test_a_broken_edit_names_its_line_and_column(tmp_path):
    path = tmp_path / "01-watched.md"
    write(path, GOOD, 0)
    watcher = LessonWatcher(path)
    write(path, GOOD.replace('title = "Watched"', 'title = "Watched'), 1)
    change = watcher.poll()
    assert isinstance(change, Broken)
    assert change.message.startswith(f"{path}:2:")
    write(path, GOOD, 2)
    assert isinstance(watcher.poll(), Reloaded)


def test_several_problems_are_counted(tmp_path):
    path = tmp_path / "01-watched.md"
    write(path, GOOD, 0)
    watcher = LessonWatcher(path)
    scene = '```scene\nkind = "nope"\n```'
    write(path, GOOD.replace("First.", scene).replace("Second.", scene), 1)
    change = watcher.poll()
    assert isinstance(change, Broken) and len(change.problems) == 2
    assert change.message.endswith("(and 1 more: gradtui check lists them)")


def test_a_file_saved_by_renaming_a_new_one_into_place_counts(tmp_path):
    """Editors such as vim write a new file and rename it over the old one: the size and
    time may match, the file's identity does not."""
    path = tmp_path / "01-watched.md"
    write(path, GOOD, 0)
    watcher = LessonWatcher(path)
    new = tmp_path / ".01-watched.md.swp"
    new.write_text(GOOD.replace("First.", "Fresh."), encoding="utf-8")
    os.utime(new, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))
    os.replace(new, path)
    change = watcher.poll()
    assert isinstance(change, Reloaded) and "Fresh." in change.lesson.steps[0].prose


def test_a_file_gone_for_a_moment_is_waited_for(tmp_path):
    path = tmp_path / "01-watched.md"
    write(path, GOOD, 0)
    watcher = LessonWatcher(path)
    path.unlink()
    assert watcher.poll() is None
    write(path, GOOD.replace("Second.", "Back."), 3)
    change = watcher.poll()
    assert isinstance(change, Reloaded) and "Back." in change.lesson.steps[1].prose
