"""A served class without a server: learner ids and the folders they name, the names learners
give, links into the course (and everything that is not one), and the teacher's table
(`gradtui class`) built from learners' saved progress on the built-in lessons."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from gradtui.cli import main
from gradtui.commands import class_view
from gradtui.commands.class_view import class_report, report_as_json, report_as_text
from gradtui.commands.learners import (
    NAME_FILE,
    class_folder,
    clean_name,
    is_learner_id,
    learner_folder,
    learner_ids,
    new_learner_id,
    read_name,
    save_name,
)
from gradtui.commands.serve.links import (
    NO_LESSON_NAMED,
    NO_SUCH_LESSON,
    NO_SUCH_STEP,
    Opening,
    read_link,
    read_websocket_path,
)
from gradtui.course import step_link
from gradtui.progress import Progress
from gradtui.script.catalog import builtin_lessons_dir, list_lessons

BUILTIN = list_lessons(builtin_lessons_dir())
LESSONS, CHECKS = len(BUILTIN), sum(len(entry.check_steps) for entry in BUILTIN)
HOSTILE_IDS = ["", "../../etc", "0" * 31, "0" * 33, "A" * 32, "0" * 32 + "/x", "0" * 31 + "\x00",
               "g" * 32, " " + "0" * 31, "0" * 32 + "\n", None, 5, ["0" * 32]]  # fmt: skip


# --- learner ids and their folders -----------------------------------------------------------


def test_a_learner_id_is_128_random_bits_in_hex_and_nothing_else_is_one():
    made = {new_learner_id() for _ in range(200)}
    assert len(made) == 200
    assert all(is_learner_id(learner) and len(learner) == 32 for learner in made)
    for hostile in HOSTILE_IDS:
        assert not is_learner_id(hostile), hostile


def test_only_a_learner_id_names_a_folder(tmp_path: Path):
    learner = new_learner_id()
    assert learner_folder(tmp_path, learner) == tmp_path / learner
    for hostile in HOSTILE_IDS:
        with pytest.raises(ValueError):
            learner_folder(tmp_path, hostile)


def test_the_teacher_reads_only_folders_named_by_a_learner_id(tmp_path: Path):
    classroom = tmp_path / "class"
    first, second, linked = new_learner_id(), new_learner_id(), new_learner_id()
    for learner in (first, second):
        (classroom / learner).mkdir(parents=True)
    (classroom / "not-a-learner").mkdir()
    (classroom / ("0" * 32 + ".bak")).mkdir()
    (classroom / new_learner_id()).write_text("a file, not a folder")
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", classroom / linked)  # a link is never followed
    assert learner_ids(classroom) == sorted([first, second])
    assert learner_ids(tmp_path / "nothing here") == []


def test_a_name_is_one_clean_line_of_at_most_40_characters():
    assert clean_name("  Ada   Lovelace \n") == "Ada Lovelace"
    assert clean_name("Ada\x1b[31m\u202eecalevoL\u200b") == "Ada[31mecalevoL"
    assert clean_name("[bold red]Ada[/]") == "[bold red]Ada[/]"  # shown as text, never markup
    assert clean_name("x" * 1000) == "x" * 40
    assert clean_name("Zoë") == "Zoë" and clean_name("Zoe\u0308") == "Zoë"
    for nothing in ("", "   ", "\x00\x07", "\u200b\u200d", None, 42):
        assert clean_name(nothing) is None


def test_a_name_is_kept_in_the_learner_s_own_folder(tmp_path: Path):
    classroom = tmp_path / "class"
    learner = new_learner_id()
    assert read_name(classroom, learner) is None
    save_name(classroom, learner, " Ada\tLovelace ")
    assert (classroom / learner / NAME_FILE).read_text() == "Ada Lovelace\n"
    assert read_name(classroom, learner) == "Ada Lovelace"
    assert (classroom.stat().st_mode & 0o777) == 0o700
    assert ((classroom / learner).stat().st_mode & 0o777) == 0o700
    with pytest.raises(ValueError):
        save_name(classroom, "../escape", "Eve")
    with pytest.raises(ValueError):
        save_name(classroom, learner, "\x00")
    assert read_name(classroom, "../" + learner) is None
    (classroom / learner / NAME_FILE).unlink()
    (classroom / learner / NAME_FILE).mkdir()  # not a file: no name
    assert read_name(classroom, learner) is None


def test_the_class_lives_in_the_state_folder(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert class_folder() == tmp_path / "gradtui" / "class"
    assert class_folder(tmp_path / "s") == tmp_path / "s" / "class"


# --- links into the course --------------------------------------------------------------------


def test_a_link_names_a_lesson_as_the_command_line_does():
    gradient = next(entry for entry in BUILTIN if entry.slug == "gradient")
    for name in ("2", "02", "gradient", "GRADIENT", "02-gradient"):
        assert read_link(name, "5", BUILTIN) == Opening(gradient, 5), name
    assert read_link("gradient", None, BUILTIN) == Opening(gradient, None)
    assert read_link("2", "12", BUILTIN) == Opening(gradient, 12)
    assert read_link(None, None, BUILTIN) is None


@pytest.mark.parametrize(
    ("lesson", "step", "said"),
    [
        ("99", "1", NO_SUCH_LESSON),
        ("../../etc/passwd", None, NO_SUCH_LESSON),
        ("lessons/01-slope.md", "1", NO_SUCH_LESSON),
        ("01-slope.md", "1", NO_SUCH_LESSON),
        ("<script>alert(1)</script>", "1", NO_SUCH_LESSON),
        ("[bold]slope[/]", "1", NO_SUCH_LESSON),
        ("", "1", NO_SUCH_LESSON),
        ("x" * 100_000, "1", NO_SUCH_LESSON),
        ("slope\x00", "1", NO_SUCH_LESSON),
        ("٢", "1", NO_SUCH_LESSON),  # an Arabic-Indic two is not the number 2
        ("2", "13", NO_SUCH_STEP),
        ("2", "0", NO_SUCH_STEP),
        ("2", "-1", NO_SUCH_STEP),
        ("2", "1e3", NO_SUCH_STEP),
        ("2", "5.0", NO_SUCH_STEP),
        ("2", " 5", NO_SUCH_STEP),
        ("2", "٥", NO_SUCH_STEP),
        ("2", "9" * 400, NO_SUCH_STEP),
        ("2", "", NO_SUCH_STEP),
        (None, "5", NO_LESSON_NAMED),
    ],
)
def test_anything_else_opens_the_list_of_lessons_with_a_fixed_notice(lesson, step, said):
    assert read_link(lesson, step, BUILTIN) == said


def test_a_lesson_that_cannot_be_opened_is_not_opened_by_a_link(tmp_path: Path):
    (tmp_path / "01-broken.md").write_text("+++\ntitle = \n+++\nbroken\n")
    entries = list_lessons(tmp_path)
    assert entries[0].problem is not None
    assert "cannot be opened" in read_link("1", None, entries)


def test_the_websocket_path_names_the_lesson_file_and_is_checked_again():
    gradient = next(entry for entry in BUILTIN if entry.slug == "gradient")
    opening = Opening(gradient, 5)
    assert opening.websocket_path == "/ws/02-gradient/5"
    assert Opening(gradient, None).websocket_path == "/ws/02-gradient"
    assert read_websocket_path("02-gradient", "5", BUILTIN) == opening
    assert read_websocket_path("02-gradient", None, BUILTIN) == Opening(gradient, None)
    for name, step in [("gradient", "5"), ("2", "5"), ("../02-gradient", "5"),
                       ("02-gradient", "50"), ("02-gradient", "x"), (None, "5")]:  # fmt: skip
        assert read_websocket_path(name, step, BUILTIN) is None, (name, step)


def test_a_file_name_with_odd_characters_travels_quoted(tmp_path: Path):
    (tmp_path / "my lesson?#1.md").write_text("+++\ntitle = 'Mine'\n+++\nOne\n---\nTwo\n")
    entries = list_lessons(tmp_path)
    opening = read_link("my lesson?#1", "2", entries)
    assert opening.websocket_path == "/ws/my%20lesson%3F%231/2"
    assert read_websocket_path("my lesson?#1", "2", entries) == opening


def test_a_link_to_share_uses_the_slug_and_leads_where_it_says():
    link = step_link("http://192.168.1.20:8000/", "gradient", 5)
    assert link == "http://192.168.1.20:8000/?lesson=gradient&step=5"
    assert step_link("http://h:1", "my lesson", 2) == "http://h:1/?lesson=my+lesson&step=2"
    query = parse_qs(urlparse(link).query)
    gradient = next(entry for entry in BUILTIN if entry.slug == "gradient")
    assert read_link(query["lesson"][0], query["step"][0], BUILTIN) == Opening(gradient, 5)


# --- the teacher's table ----------------------------------------------------------------------


def learner_with(classroom: Path, name: str | None = None) -> tuple[str, Progress]:
    learner = new_learner_id()
    if name is not None:
        save_name(classroom, learner, name)
    return learner, Progress(classroom / learner).load()


@pytest.fixture
def classroom(tmp_path: Path) -> Path:
    """Three learners on the built-in course: Ada finished lesson 1 (checks: right at once,
    right at the second answer, right only at the third), Bo is on lesson 2 step 3 and missed
    lesson 1's first check at first, and one gave no name and only opened lesson 1."""
    classroom = tmp_path / "class"
    _, ada = learner_with(classroom, "Ada")
    for step in range(1, 13):
        ada.visit("builtin:slope", step, 12)
    ada.record_check("builtin:slope", 3, "4", True)  # right at once
    ada.record_check("builtin:slope", 5, "5", False)
    ada.record_check("builtin:slope", 5, "6", True)  # right at the second answer
    for answer in ("1", "2"):
        ada.record_check("builtin:slope", 9, answer, False)
    ada.record_check("builtin:slope", 9, "4", True)  # after the answer was shown
    assert ada.save()
    _, bo = learner_with(classroom, "Bo <b>&amp;")
    bo.visit("builtin:slope", 3, 12)
    bo.record_check("builtin:slope", 3, "9", False)
    for step in (1, 2, 3):
        bo.visit("builtin:gradient", step, 12)
    assert bo.save()
    _, anonymous = learner_with(classroom)
    anonymous.visit("builtin:slope", 1, 12)
    assert anonymous.save()
    return classroom


def test_the_table_has_each_learner_s_numbers(classroom: Path):
    report = class_report(classroom, builtin_lessons_dir())
    assert (report.lessons, report.checks) == (LESSONS, CHECKS)
    assert report.steps == sum(entry.step_count for entry in BUILTIN)
    ada, bo, anonymous = report.learners  # named ones first, by name; then by id
    assert (ada.learner.name, bo.learner.name, anonymous.learner.name) == ("Ada", "Bo <b>&amp;",
                                                                          None)  # fmt: skip
    assert (ada.lessons_done, ada.steps_seen, ada.checks_answered, ada.checks_right) == (
        1,
        12,
        3,
        2,
    )
    assert ada.place.words() == "lesson 1, step 12: " + BUILTIN[0].step_titles[11]
    assert (bo.lessons_done, bo.steps_seen, bo.checks_answered, bo.checks_right) == (0, 4, 1, 0)
    assert bo.place.words() == "lesson 2, step 3: " + BUILTIN[1].step_titles[2]
    assert anonymous.learner.shown_as == anonymous.learner.learner_id[:8]
    assert anonymous.place.words().startswith("lesson 1, step 1")


def test_the_checks_most_missed_come_first_with_their_question(classroom: Path):
    report = class_report(classroom, builtin_lessons_dir())
    missed = [(c.entry.slug, c.step, c.missed, c.answered) for c in report.missed]
    # lesson 1 step 3: Bo wrong at first, Ada right (1 of 2); steps 5 and 9: Ada (1 of 1).
    assert missed == [("slope", 3, 1, 2), ("slope", 5, 1, 1), ("slope", 9, 1, 1)]
    assert report.missed[0].question == "What is rise / run from x = 1 to x = 3 on y = x²?"


def test_the_table_as_text_and_json(classroom: Path):
    report = class_report(classroom, builtin_lessons_dir())
    text = report_as_text(report)
    assert "3 learners" in text
    assert "Ada " in text and f"1 of {LESSONS}" in text and f"2 of {CHECKS}" in text
    assert "Bo <b>&amp;" in text  # a name is plain text
    assert "What is rise / run from x = 1 to x = 3 on y = x" in text
    assert report_as_text(report, ascii=True).isascii()
    lines = report_as_text(report).splitlines()[1:]  # the folder's line may be longer
    assert [line for line in lines if len(line) > 80] == []  # the table and questions fit 80
    wide = report_as_text(report, width=200)
    assert BUILTIN[0].step_titles[11] in wide and BUILTIN[0].step_titles[11] not in "".join(lines)
    data = report_as_json(report)
    assert json.loads(json.dumps(data)) == data
    first = data["learners"][0]
    assert first["name"] == "Ada" and first["checks_right_before_reveal"] == 2
    assert len(first["learner"]) == 8  # never the whole id: it would let one pose as them
    assert first["now"]["slug"] == "slope" and first["now"]["step"] == 12
    assert data["missed_most"][0] == {"number": 1, "slug": "slope", "title": BUILTIN[0].title,
        "step": 3, "question": "What is rise / run from x = 1 to x = 3 on y = x²?",
        "missed": 1, "answered": 2}  # fmt: skip


def test_a_damaged_progress_file_is_said_and_the_others_still_count(classroom: Path):
    learner = new_learner_id()
    (classroom / learner).mkdir()
    (classroom / learner / "progress.json").write_text("{not json")
    report = class_report(classroom, builtin_lessons_dir())
    assert len(report.learners) == 4
    damaged = next(row for row in report.learners if row.learner.learner_id == learner)
    assert damaged.steps_seen == 0 and damaged.place is None
    assert any("damaged" in notice for notice in damaged.notices)
    assert "damaged" in report_as_text(report)


def test_gradtui_class_from_the_command_line(classroom: Path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_STATE_HOME", str(classroom.parent / "state"))
    assert main(["class"]) == 0
    assert "0 learners" in capsys.readouterr().out
    out = io.StringIO()
    assert class_view.run(as_json=True, state_dir=classroom.parent, out=out) == 0
    assert len(json.loads(out.getvalue())["learners"]) == 3
    assert main(["class", "--lessons", str(classroom / "no such folder")]) == 2
    assert "no such folder of lessons" in capsys.readouterr().err
