"""A lessons folder holding things that are not lessons: a link that loops, a link to nothing, a
file that cannot be read, a folder and a named pipe named like lessons. The picker lists the good
lessons and shows each bad one with what is wrong (a loop once killed the app at start with
RuntimeError), and `gradtui check DIR` reports each as a problem."""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

import pytest
from textual.widgets import OptionList

from gradtui.app import GradApp
from gradtui.commands import check
from gradtui.screens.lesson import LessonScreen
from gradtui.script.catalog import list_lessons

PROBLEMS = {
    "02-loop.md": "cannot read the file: Too many levels of symbolic links",
    "03-dangling.md": "a link to a file that is not there",
    "04-folder.md": "this is a folder, not a lesson file",
    "05-unreadable.md": "cannot read the file: Permission denied",
    "06-pipe.md": "this is a named pipe, not a lesson file",
}


@pytest.fixture
def bad_folder(tmp_path: Path, kit, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "lessons"
    kit.write(folder / "01-good.md", "The good one", ["# One\n\nText."], "It works.")
    (folder / "02-loop.md").symlink_to("02-loop.md")
    (folder / "03-dangling.md").symlink_to("nowhere.md")
    (folder / "04-folder.md").mkdir()
    unreadable = folder / "05-unreadable.md"
    kit.write(unreadable, "Secret", ["# a"])
    unreadable.chmod(0)
    if os.access(unreadable, os.R_OK):  # root reads anything: refuse it the way the OS would
        import gradtui.files

        real_open = os.open

        def refusing_open(path, *args, **kwargs):
            if Path(path) == unreadable:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(gradtui.files.os, "open", refusing_open)
    os.mkfifo(folder / "06-pipe.md")
    return folder


def test_the_list_has_the_good_lesson_and_each_bad_one_with_its_problem(bad_folder: Path):
    entries = list_lessons(bad_folder)
    assert [entry.path.name for entry in entries] == ["01-good.md", *PROBLEMS]
    good, *bad = entries
    assert (good.title, good.problem, good.step_count) == ("The good one", None, 1)
    assert {entry.path.name: entry.problem for entry in bad} == PROBLEMS


def test_check_reports_each_bad_one(bad_folder: Path):
    out = io.StringIO()
    assert check.run([str(bad_folder)], out=out) == 1
    assert out.getvalue().splitlines() == [
        *(f"{bad_folder / name}: {message}" for name, message in PROBLEMS.items()),
        "checked 6 lessons: 5 problems in 5 files",
    ]


def test_a_folder_that_cannot_be_read_is_one_problem(tmp_path: Path, monkeypatch):
    import gradtui.script.catalog

    def refusing(folder):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))

    monkeypatch.setattr(gradtui.script.catalog.os, "scandir", refusing)
    (entry,) = list_lessons(tmp_path)
    assert entry.problem == "cannot read this folder: Permission denied"
    out = io.StringIO()
    assert check.run([str(tmp_path)], out=out) == 1
    assert (
        out.getvalue().splitlines()[0] == f"{tmp_path}: cannot read this folder: Permission denied"
    )


async def test_the_picker_shows_them_all_and_opens_the_good_one(bad_folder: Path, tmp_path: Path):
    app = GradApp(lessons_dir=bad_folder)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        picker = app.screen
        assert picker.query_one("#lessons", OptionList).option_count == 6
        lines = [picker.describe(entry) for entry in picker.entries]
        assert lines[0].startswith("[ ] 1. The good one")
        assert all(line.startswith("[!] ") for line in lines[1:])
        for name in PROBLEMS:  # each bad one, tried: a notice, and the picker stays
            await pilot.press("down", "enter")
            await pilot.pause()
            assert not isinstance(app.screen, LessonScreen), name
        notices = [str(notice.message) for notice in app._notifications]
        for name, message in PROBLEMS.items():
            assert f"{bad_folder / name}: {message}" in notices
        await pilot.press("home", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.title == "The good one"


def test_print_names_what_stands_at_a_path_as_check_does(bad_folder: Path, capsys):
    """`gradtui print PATH` of a folder, a pipe, a loop, a link to nothing or to a device says
    what is there, in check's words (it said "no such lesson file" for a link to a device)."""
    from gradtui.commands import print_lesson

    (bad_folder / "07-device.md").symlink_to("/dev/null")
    said = {**PROBLEMS, "07-device.md": "this is a device, not a lesson file"}
    for name, problem in said.items():
        path = bad_folder / name
        assert print_lesson.run(str(path)) == 2, name
        assert capsys.readouterr().err.splitlines() == [
            "gradtui: cannot print this lesson:",
            f"{path}: {problem}",
        ], name
    assert print_lesson.run(str(bad_folder / "08-nothing.md")) == 2
    assert capsys.readouterr().err == f"gradtui: no such lesson file: {bad_folder}/08-nothing.md\n"


def test_a_file_name_with_a_newline_is_shown_escaped_on_one_line(tmp_path: Path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "01-two\nlines\x1b[31m.md").write_text("+++\nsummary = 'no title'\n+++\n# a\n")
    out = io.StringIO()
    assert check.run([str(folder)], out=out) == 1
    assert out.getvalue().splitlines() == [
        f"{folder}/01-two\\nlines\\x1b[31m.md:1:1: the front matter has no title: add "
        'title = "..."',
        "checked 1 lesson: 1 problem in 1 file",
    ]
