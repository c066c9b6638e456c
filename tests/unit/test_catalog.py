"""The lesson catalog: the picker's quick list, lookup by number/slug/path, and the scene docs."""

from __future__ import annotations

from pathlib import Path

import pytest

from gradtui.scenes import KINDS, scene_params
from gradtui.script.catalog import (
    builtin_lessons_dir,
    describe_scene_kinds,
    find_lesson,
    list_lessons,
    scene_docs_section,
)
from gradtui.script.outline import MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of lessons: numbered, unnumbered, broken, and things that are not lessons."""
    write(tmp_path, "10-gears.md", '+++\ntitle = "Gears"\n+++\n# a\n---\n# b\n---\n# c\n')
    write(tmp_path, "2-slope.md", '+++\ntitle = "Slope"\nsummary = "How fast."\n+++\n# a\n')
    write(tmp_path, "intro.md", '+++\ntitle = "Intro"\n+++\n```\n---\n```\n')
    write(tmp_path, "broken.md", "# no front matter\n")
    write(tmp_path, ".hidden.md", '+++\ntitle = "Hidden"\n+++\n# a\n')
    write(tmp_path, "notes.txt", "not a lesson")
    (tmp_path / "sub.md").mkdir()
    return tmp_path


def test_lessons_are_listed_by_number_then_name(folder):
    entries = list_lessons(folder)
    assert [entry.path.name for entry in entries] == [
        "2-slope.md",
        "10-gears.md",
        "broken.md",
        "intro.md",
        "sub.md",
    ]
    slope, gears, broken, intro, sub = entries
    assert (slope.number, slope.slug, slope.title) == (2, "slope", "Slope")
    assert slope.summary == "How fast."
    assert (slope.step_count, slope.problem) == (1, None)
    assert (gears.number, gears.step_count) == (10, 3)
    assert (intro.number, intro.slug, intro.step_count) == (None, "intro", 1)
    assert sub.problem == "this is a folder, not a lesson file"  # named like one, so shown


def test_a_broken_lesson_is_listed_with_its_problem(folder, tmp_path):
    broken = next(entry for entry in list_lessons(folder) if entry.slug == "broken")
    assert broken.title == "broken"  # no title to show: the slug stands in
    assert broken.problem.startswith("line 1: no front matter")


def test_an_oversized_or_non_utf8_file_is_listed_with_its_problem(tmp_path):
    (tmp_path / "1-big.md").write_bytes(b"x" * (MAX_BYTES + 1))
    (tmp_path / "2-latin.md").write_bytes('+++\ntitle = "café"\n+++\n'.encode("latin-1"))
    big, latin = list_lessons(tmp_path)
    assert "at most 128 KiB" in big.problem and big.step_count == 0
    assert latin.problem.startswith("line 2: not UTF-8")


def test_an_empty_step_is_a_problem_in_the_list_too(tmp_path):
    write(tmp_path, "1-a.md", '+++\ntitle = "A"\n+++\n# a\n---\n---\n# c\n')
    assert "empty" in list_lessons(tmp_path)[0].problem


def test_listing_a_missing_folder_raises(tmp_path):
    with pytest.raises(NotADirectoryError):
        list_lessons(tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("key", "name"),
    [("2", "2-slope.md"), ("02", "2-slope.md"), ("slope", "2-slope.md"), ("SLOPE", "2-slope.md"),
     ("2-slope", "2-slope.md"), ("10", "10-gears.md"), ("intro", "intro.md")],
)  # fmt: skip
def test_a_lesson_is_found_by_number_or_slug(folder, key, name):
    assert find_lesson(key, folder) == folder / name


def test_a_lesson_is_found_by_path(folder):
    assert find_lesson(str(folder / "intro.md"), folder) == folder / "intro.md"
    assert find_lesson(str(FIXTURES / "lessons" / "01-tiny.md"), folder).name == "01-tiny.md"


def test_an_unknown_lesson_lists_the_lessons_there(folder):
    with pytest.raises(LookupError) as caught:
        find_lesson("chain", folder)
    message = str(caught.value)
    assert "'chain'" in message
    assert "2  slope" in message and "Slope" in message
    assert "10  gears" in message and "Gears" in message


def test_a_missing_lesson_file_is_named(folder):
    with pytest.raises(LookupError, match="no such lesson file: nope/x.md"):
        find_lesson("nope/x.md", folder)


def test_two_lessons_with_one_number_are_ambiguous(folder):
    write(folder, "02-other.md", '+++\ntitle = "Other"\n+++\n# a\n')
    with pytest.raises(LookupError, match="more than one"):
        find_lesson("2", folder)


def test_an_empty_folder_says_so(tmp_path):
    with pytest.raises(LookupError, match="no lessons in"):
        find_lesson("1", tmp_path)


def test_the_built_in_lessons_live_in_the_package_or_the_checkout():
    folder = builtin_lessons_dir()
    package = ROOT / "gradtui" / "lessons"
    assert folder == (package if package.is_dir() else ROOT / "lessons")


def test_without_a_folder_the_built_in_lessons_are_searched():
    entries = list_lessons(builtin_lessons_dir())
    assert entries, "no built-in lessons yet"
    assert find_lesson(entries[0].slug) == entries[0].path


def test_every_scene_kind_and_parameter_is_described():
    text = describe_scene_kinds()
    for kind in KINDS:
        assert f"### `{kind}`" in text
        for param in scene_params(kind):
            assert f"| `{param.name}` | {param.kind} |" in text
    assert "e+0" not in text  # bounds read 1,000,000, not 1e+06


def test_the_format_docs_hold_the_current_scene_reference():
    doc = (ROOT / "docs" / "lesson-format.md").read_text(encoding="utf-8")
    assert scene_docs_section() in doc, (
        "docs/lesson-format.md is out of date with the scene registry: "
        "run `.venv/bin/python docs/make_scene_docs.py` to regenerate it"
    )
