"""Saved progress: round trips, atomic writes, and every way the file can be wrong."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from gradtui.progress import FILE_NAME, Progress


def test_round_trip_and_private_file(tmp_path: Path):
    progress = Progress(tmp_path / "state").load()
    progress.visit("builtin:slope", 3, 9)
    progress.record_check("builtin:slope", 4, "6", True)
    assert progress.save()
    path = tmp_path / "state" / FILE_NAME
    assert path.stat().st_mode & 0o777 == 0o600
    again = Progress(tmp_path / "state").load()
    assert again.last_lesson == "builtin:slope"
    assert again.resume_step("builtin:slope", 9) == 3
    assert again.of("builtin:slope").step == 3 and again.of("builtin:slope").seen == {3}
    assert again.check_outcome("builtin:slope", 4) == {
        "answer": "6",
        "correct": True,
        "tries": 1,
        "first_correct": True,
    }
    assert again.notices == []


def test_reaching_the_last_step_is_kept(tmp_path: Path):
    # the file's "done": the learner reached the end once (a lesson is done by
    # gradtui.course.lesson_done: every step seen, every check answered; tests/unit/test_course.py)
    progress = Progress(tmp_path).load()
    progress.visit("k", 5, 5)
    progress.visit("k", 2, 5)  # going back does not undo it
    assert progress.of("k").done and progress.of("k").seen == {2, 5}
    assert not progress.of("other").done


def test_lesson_that_lost_steps_resumes_in_range(tmp_path: Path):
    progress = Progress(tmp_path).load()
    progress.visit("k", 8, 10)
    progress.save()
    assert Progress(tmp_path).load().resume_step("k", 5) == 5


def _write(tmp_path: Path, content: bytes) -> Progress:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / FILE_NAME).write_bytes(content)
    return Progress(tmp_path).load()


def test_corrupt_file_is_kept_aside_with_one_notice(tmp_path: Path):
    for content in [b"{not json", b"", b"\xff\xfe\x00", b'{"version": 1, "lessons": '[:20]]:
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        progress = _write(folder, content)
        assert len(progress.notices) == 1, content
        assert "damaged" in progress.notices[0]
        assert (folder / (FILE_NAME + ".bad")).read_bytes() == content
        assert progress.lessons == {}
        assert progress.save()  # and a fresh file can be written


def test_foreign_version_is_kept_aside(tmp_path: Path):
    for version in (0, "1", None, 1.5):
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        progress = _write(folder, json.dumps({"version": version, "lessons": {}}).encode())
        assert "another version" in progress.notices[0], version
        assert (folder / (FILE_NAME + ".bad")).exists(), version
        assert progress.save(), version


def test_a_newer_gradtuis_file_is_left_as_it_is_and_not_saved_over(tmp_path: Path):
    content = json.dumps({"version": 99, "lessons": {"k": {"new": "shape"}}}).encode()
    progress = _write(tmp_path, content)
    assert progress.notices == [
        "the progress file was saved by a newer gradtui and is left as it is: "
        "progress will not be saved this time"
    ]
    progress.visit("builtin:slope", 2, 5)
    assert not progress.save()
    assert (tmp_path / FILE_NAME).read_bytes() == content
    assert not (tmp_path / (FILE_NAME + ".bad")).exists()


def test_wrong_shapes_inside_are_read_leniently(tmp_path: Path):
    data = {
        "version": 1,
        "last_lesson": 5,
        "lessons": {"a": {"step": "x"}, "b": [], "c": {"step": 2}},
    }
    progress = _write(tmp_path, json.dumps(data).encode())
    assert progress.notices == []
    assert progress.last_lesson is None
    assert progress.resume_step("a", 4) == 1
    assert progress.resume_step("c", 4) == 2


def test_folder_in_the_way_is_moved_aside(tmp_path: Path):
    (tmp_path / FILE_NAME).mkdir(parents=True)
    progress = Progress(tmp_path).load()
    assert len(progress.notices) == 1
    assert progress.save()
    assert (tmp_path / FILE_NAME).is_file()


def test_unwritable_folder_runs_without_saving_and_says_so_once(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    progress = Progress(blocker / "state").load()
    progress.visit("k", 2, 3)
    assert progress.save() is False
    assert progress.save() is False
    assert len(progress.notices) == 1
    assert "will not be saved" in progress.notices[0]


def test_stale_temp_files_are_cleaned(tmp_path: Path):
    stale = tmp_path / ".progress-abc123"
    stale.write_text("half a file")
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    fresh = tmp_path / ".progress-def456"  # another session's save, under way right now
    fresh.write_text("being written")
    Progress(tmp_path).load()
    assert not stale.exists()
    assert fresh.exists()


def test_sessions_sharing_the_file_keep_each_others_lessons(tmp_path: Path):
    """Two browser tabs of `gradtui serve` (or the reader beside the app) load the same file,
    then each saves its own lessons: neither overwrites the other's."""
    Progress(tmp_path).load().save()
    first, second = Progress(tmp_path).load(), Progress(tmp_path).load()
    first.visit("builtin:slope", 3, 12)
    first.save()
    second.visit("builtin:learning", 5, 13)
    second.record_check("builtin:learning", 5, "2", True)
    second.save_soon()
    second.flush()
    first.visit("builtin:slope", 4, 12)
    first.save()
    both = Progress(tmp_path).load()
    assert both.resume_step("builtin:slope", 12) == 4
    assert both.resume_step("builtin:learning", 13) == 5
    outcome = both.check_outcome("builtin:learning", 5)
    assert outcome is not None and (outcome["answer"], outcome["correct"]) == ("2", True)
    assert both.last_lesson == "builtin:slope"  # the last one saved


def test_a_session_that_changed_nothing_keeps_the_files_last_lesson(tmp_path: Path):
    idle = Progress(tmp_path).load()
    busy = Progress(tmp_path).load()
    busy.visit("builtin:slope", 2, 12)
    busy.save()
    idle.save()  # the app saves as it closes, even when nothing happened
    assert Progress(tmp_path).load().last_lesson == "builtin:slope"


WRITER = """
import sys
from gradtui.progress import Progress
progress = Progress(sys.argv[1])
n = 0
while True:
    n += 1
    for lesson in range(20):
        progress.visit(f"lesson-{lesson}", n % 50 + 1, 60)
    progress.save()
"""


def test_killing_a_writer_mid_save_never_loses_the_file(tmp_path: Path):
    folder = tmp_path / "state"
    Progress(folder).load().save()
    for attempt in range(40):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(folder)])
        time.sleep(0.05 + (attempt % 7) * 0.013)  # killed at a different moment each time
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        loaded = Progress(folder).load()
        assert loaded.notices == [], f"attempt {attempt}: {loaded.notices}"
        json.loads((folder / FILE_NAME).read_text())


def test_background_saves_keep_the_newest_state(tmp_path: Path):
    progress = Progress(tmp_path).load()
    for step in range(1, 201):
        progress.visit("k", step, 300)
        progress.save_soon()
    progress.flush()
    assert Progress(tmp_path).load().resume_step("k", 300) == 200


def test_background_save_failure_calls_back_once(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    progress = Progress(blocker / "state").load()
    calls = []
    progress.on_notice = lambda: calls.append(len(progress.notices))
    progress.visit("k", 1, 3)
    progress.save_soon()
    progress.flush()
    progress.save_soon()  # already known not to save: no second try, no second notice
    progress.flush()
    assert calls == [1]
    assert "will not be saved" in progress.notices[0]


def test_the_steps_seen_are_kept_not_only_the_current_one(tmp_path: Path):
    progress = Progress(tmp_path).load()
    for step in (1, 2, 5, 2):
        progress.visit("k", step, 6)
    progress.save()
    again = Progress(tmp_path).load().of("k")
    assert again.seen == {1, 2, 5}
    assert again.steps_seen(6) == 3
    assert again.steps_seen(4) == 2  # the lesson lost steps 5 and 6 since
    assert json.loads((tmp_path / FILE_NAME).read_text())["lessons"]["k"]["seen"] == [1, 2, 5]


def test_a_file_from_before_steps_seen_were_kept_still_loads(tmp_path: Path):
    old = {
        "version": 1,
        "last_lesson": "a",
        "lessons": {
            "a": {"step": 4, "steps": 9, "done": False, "checks": {}},
            "b": {"step": 2, "steps": 7, "done": True, "checks": {}},
        },
    }
    (tmp_path / FILE_NAME).write_text(json.dumps(old))
    progress = Progress(tmp_path).load()
    assert progress.notices == []
    assert progress.of("a").seen == {1, 2, 3, 4}  # steps 1 to the one it was on
    assert progress.of("b").seen == set(range(1, 8))  # done: all of them
    assert progress.resume_step("a", 9) == 4


def test_a_hostile_seen_list_is_read_leniently(tmp_path: Path):
    data = {"version": 1, "lessons": {"k": {"step": 2, "seen": [1, "2", True, -3, 0, 10**9, 3]}}}
    (tmp_path / FILE_NAME).write_text(json.dumps(data))
    assert Progress(tmp_path).load().of("k").seen == {1, 3}


def test_tries_and_the_first_answer_are_counted(tmp_path: Path):
    progress = Progress(tmp_path).load()
    progress.record_check("k", 3, "5", False)
    progress.record_check("k", 3, "6", True)
    assert progress.check_outcome("k", 3) == {
        "answer": "6",
        "correct": True,
        "tries": 2,
        "first_correct": False,
    }


def test_forgetting_a_lesson_or_everything_after_a_backup(tmp_path: Path):
    progress = Progress(tmp_path).load()
    assert progress.back_up() is None  # nothing saved yet, nothing to keep
    progress.visit("a", 2, 3)
    progress.visit("b", 1, 3)
    progress.save()
    before = (tmp_path / FILE_NAME).read_text()
    backup = progress.back_up()
    assert backup == tmp_path / (FILE_NAME + ".bak")
    assert backup.read_text() == before and backup.stat().st_mode & 0o777 == 0o600
    assert progress.back_up() == tmp_path / (FILE_NAME + ".bak-2")  # the first is kept
    assert progress.forget("b") is True and progress.last_lesson is None
    assert progress.forget("b") is False
    assert set(progress.lessons) == {"a"}
    assert progress.forget() is True and progress.lessons == {}
    assert progress.forget() is False


def test_progress_saved_under_numbered_file_names_survives_renumbering(tmp_path: Path):
    """Up to 0.1 a built-in lesson was saved as "builtin:04-learning"; keys are now slugs,
    so a lesson can move to another number (a new lesson placed before it) and keep its
    learner's place, checks and typed functions, and the file's other lessons are kept too."""
    old = {
        "version": 1,
        "last_lesson": "builtin:04-learning",
        "lessons": {
            "builtin:01-slope": {"step": 12, "steps": 12, "done": True, "seen": [1, 2]},
            "builtin:04-learning": {
                "step": 6,
                "steps": 13,
                "seen": [1, 2, 3, 4, 5, 6],
                "checks": {"5": {"answer": "2", "correct": True}},
                "functions": {"2": "x**4"},
            },
            "/home/me/lessons/07-mine.md": {"step": 2, "steps": 3},
        },
    }
    (tmp_path / "progress.json").write_text(json.dumps(old))
    progress = Progress(tmp_path).load()
    assert progress.last_lesson == "builtin:learning"
    assert progress.resume_step("builtin:learning", 14) == 6  # now a lesson of 14 steps
    assert progress.check_outcome("builtin:learning", 5)["correct"] is True
    assert progress.typed_function("builtin:learning", 2) == "x**4"
    assert progress.of("builtin:slope").done
    assert progress.resume_step("/home/me/lessons/07-mine.md", 3) == 2  # a path is kept as is
    progress.visit("builtin:slope", 3, 12)
    progress.save()
    saved = json.loads((tmp_path / "progress.json").read_text())
    assert set(saved["lessons"]) == {
        "builtin:slope",
        "builtin:learning",
        "/home/me/lessons/07-mine.md",
    }


def test_a_lesson_in_the_file_under_both_keys_keeps_the_new_keys_record(tmp_path: Path):
    both = {
        "version": 1,
        "lessons": {
            "builtin:learning": {"step": 9, "steps": 13},
            "builtin:04-learning": {"step": 2, "steps": 13},
        },
    }
    (tmp_path / "progress.json").write_text(json.dumps(both))
    assert Progress(tmp_path).load().resume_step("builtin:learning", 13) == 9


def test_every_course_lesson_keeps_its_saved_place_with_the_lessons_beyond_it(tmp_path: Path):
    """Lessons 6 and on (beyond the guide) came after the course's five: a learner's place,
    checks and typed functions in each of the five, saved before, are found again at the same
    steps of the same lessons, each still as long as it was (a step added or removed inside
    one would move every answer saved after it)."""
    from gradtui.script.catalog import builtin_lessons_dir, list_lessons, progress_key

    before = {"slope": 12, "gradient": 12, "chain-rule": 14, "learning": 13,
              "carry-forward": 22}  # fmt: skip
    saved = {
        "version": 1,
        "last_lesson": "builtin:learning",
        "lessons": {f"builtin:{slug}": {"step": steps - 1, "steps": steps,
                                        "seen": list(range(1, steps)),
                                        "checks": {"2": {"answer": "1", "correct": True}},
                                        "functions": {"3": "x**4"}}
                    for slug, steps in before.items()},
    }  # fmt: skip
    (tmp_path / "progress.json").write_text(json.dumps(saved))
    progress = Progress(tmp_path).load()
    entries = {entry.slug: entry for entry in list_lessons(builtin_lessons_dir())}
    assert entries["refinements"].number == 6
    for slug, steps in before.items():
        entry = entries[slug]
        key = progress_key(entry.path)
        assert key == f"builtin:{slug}" and entry.step_count == steps, slug
        assert progress.resume_step(key, entry.step_count) == steps - 1
        assert progress.check_outcome(key, 2)["correct"] is True
        assert progress.typed_function(key, 3) == "x**4"
    assert progress.last_lesson == "builtin:learning"
