"""A save never loses progress it finds on disk, and never writes more than a load reads.

While a session is open, the progress file may be replaced under it: by a newer gradtui's
file, by a damaged one (an editor, a disk that filled up), by something that is not a file at
all. A save reads the file first, under the lock, and deals with what it finds exactly as
start-up does; and however much a learner answers, the file stays well under what a load
accepts (a larger one would be moved aside as "far too large to be ours" at the next start).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gradtui.progress import FILE_NAME, MAX_FILE_BYTES, SAVE_LIMIT, Progress
from gradtui.progress_limit import SHORT_ANSWER_CHARS


def _session(folder: Path) -> Progress:
    """A session opened over a file holding two lessons, which then visits a third."""
    folder.mkdir(parents=True, exist_ok=True)
    first = Progress(folder).load()
    first.visit("builtin:slope", 3, 12)
    first.visit("builtin:gradient", 2, 10)
    assert first.save()
    session = Progress(folder).load()
    session.visit("builtin:chain", 4, 9)
    return session


def _truncated(path: Path) -> bytes:
    return path.read_bytes()[:40]


def _too_large(path: Path) -> bytes:
    return b'{"version": 1, "lessons": {}, "pad": "' + b"x" * MAX_FILE_BYTES + b'"}'


REPLACED = {  # how the file is replaced mid-session, and the notice's first words
    "truncated mid-JSON": (_truncated, "the progress file was damaged"),
    "too large": (_too_large, "the progress file is far too large"),
    "an older version": (
        lambda path: json.dumps({"version": 0, "lessons": {"x": {"step": 2}}}).encode(),
        "the progress file is from another version",
    ),
}


@pytest.mark.parametrize("name", list(REPLACED))
def test_a_save_moves_aside_a_file_it_cannot_read_before_writing(tmp_path: Path, name: str):
    make, notice = REPLACED[name]
    session = _session(tmp_path)
    path = tmp_path / FILE_NAME
    (tmp_path / (FILE_NAME + ".bad")).write_text("an earlier damaged file")
    content = make(path)
    path.write_bytes(content)

    assert session.save()

    assert len(session.notices) == 1
    assert session.notices[0].startswith(notice)
    assert session.notices[0].endswith("kept it as progress.json.bad-2 and saved this session's "
                                       "progress")  # fmt: skip
    assert (tmp_path / (FILE_NAME + ".bad")).read_text() == "an earlier damaged file"
    assert (tmp_path / (FILE_NAME + ".bad-2")).read_bytes() == content
    again = Progress(tmp_path).load()
    assert again.notices == []
    assert {key: again.of(key).step for key in again.lessons} == {
        "builtin:slope": 3,
        "builtin:gradient": 2,
        "builtin:chain": 4,
    }


def test_a_save_moves_aside_a_folder_in_the_files_place(tmp_path: Path):
    session = _session(tmp_path)
    path = tmp_path / FILE_NAME
    path.unlink()
    path.mkdir()
    (path / "inside").write_text("kept")
    assert session.save()
    assert session.notices[0].startswith("a folder stands where the progress file should be")
    assert (tmp_path / (FILE_NAME + ".bad") / "inside").read_text() == "kept"
    assert Progress(tmp_path).load().of("builtin:chain").step == 4


def test_a_background_save_says_it_moved_a_damaged_file_aside_once(tmp_path: Path):
    session = _session(tmp_path)
    told = []
    session.on_notice = lambda: told.append(list(session.notices))
    path = tmp_path / FILE_NAME
    path.write_bytes(_truncated(path))
    session.save_soon()
    session.flush()
    session.visit("builtin:chain", 5, 9)
    session.save_soon()
    session.flush()
    assert len(told) == 1 and len(session.notices) == 1
    assert session.notices[0].startswith("the progress file was damaged")
    assert Progress(tmp_path).load().of("builtin:chain").step == 5


def test_a_newer_gradtuis_file_is_kept_as_it_is_and_the_session_stops_saving(tmp_path: Path):
    session = _session(tmp_path)
    newer = json.dumps({"version": 2, "lessons": {"builtin:slope": {"where": [1, 2]}}}).encode()
    path = tmp_path / FILE_NAME
    path.write_bytes(newer)

    assert not session.save()
    session.visit("builtin:chain", 5, 9)
    session.save_soon()
    session.flush()
    assert not session.save()

    assert path.read_bytes() == newer
    assert sorted(os.listdir(tmp_path)) == [".progress.lock", FILE_NAME]  # nothing moved aside
    assert len(session.notices) == 1
    assert "saved by a newer gradtui" in session.notices[0]
    assert "will not be saved" in session.notices[0]


def _answered(folder: Path, lessons: int, checks: int, chars: int) -> Progress:
    """A session that answered `checks` checks in each of `lessons` lessons, each answer
    `chars` characters long, every third one right."""
    progress = Progress(folder).load()
    for lesson in range(lessons):
        key = f"/home/learner/lessons/{lesson:02d}-lesson.md"
        for step in range(1, checks + 1):
            answer = (f"{lesson}.{step}:" + "7" * chars)[:chars]
            progress.record_check(key, step, answer, correct=step % 3 == 0)
            progress.visit(key, step, checks)
    return progress


def test_the_largest_progress_saves_within_what_a_load_reads(tmp_path: Path):
    # 20 lessons x 200 answers of 200 characters: 1.6 MB written whole before.
    progress = _answered(tmp_path, 20, 200, 200)
    assert progress.save()
    size = (tmp_path / FILE_NAME).stat().st_size
    assert size <= SAVE_LIMIT <= MAX_FILE_BYTES // 2
    assert len(progress.notices) == 1
    assert progress.notices[0].startswith(
        f"saved progress would be larger than {SAVE_LIMIT // 1024}"
    )

    again = Progress(tmp_path).load()
    assert again.notices == []
    assert len(again.lessons) == 20
    for key, record in again.lessons.items():
        assert record.done and record.steps_seen(200) == 200, key
        assert len(record.checks) == 200
        right = sorted(int(step) for step, outcome in record.checks.items() if outcome["correct"])
        assert right == list(range(3, 201, 3)), key
    # the session itself still shows the learner's whole answers
    key = next(iter(progress.lessons))
    assert len(progress.check_outcome(key, 1)["answer"]) == 200


def test_answers_are_cut_short_before_anything_else_gives_way(tmp_path: Path):
    progress = _answered(tmp_path, 20, 150, 200)
    assert progress.save()
    assert "first 20 characters" in progress.notices[0]
    again = Progress(tmp_path).load()
    outcome = again.check_outcome("/home/learner/lessons/03-lesson.md", 7)
    assert outcome["answer"] == "3.7:" + "7" * (SHORT_ANSWER_CHARS - 4)


def test_progress_of_a_usual_size_is_saved_whole_without_a_notice(tmp_path: Path):
    progress = _answered(tmp_path, 12, 10, 200)
    assert progress.save()
    assert progress.notices == []
    again = Progress(tmp_path).load()
    assert len(again.check_outcome("/home/learner/lessons/11-lesson.md", 10)["answer"]) == 200


def test_two_large_sessions_merged_still_fit(tmp_path: Path):
    """Each session alone fits; the file with both would not: the merge gives way too."""
    first = _answered(tmp_path, 20, 200, 200)
    assert first.save()
    second = Progress(tmp_path)  # opened before the first saved: knows nothing of it
    for lesson in range(20, 40):
        key = f"/home/learner/more/{lesson:02d}-lesson.md"
        for step in range(1, 201):
            second.record_check(key, step, "x" * 200, correct=True)
            second.visit(key, step, 200)
    assert second.save()
    assert (tmp_path / FILE_NAME).stat().st_size <= SAVE_LIMIT
    again = Progress(tmp_path).load()
    assert again.notices == []
    assert again.last_lesson in again.lessons  # the last lesson opened is never dropped
    assert "/home/learner/more/39-lesson.md" in again.lessons


def test_answers_and_functions_kept_aside_give_way_with_the_others(tmp_path: Path):
    # Outcomes whose checks moved or went (gradtui/placing.py) are cut short as the rest are,
    # and the functions kept aside go with the functions.
    progress = _answered(tmp_path, 20, 150, 200)
    key = "/home/learner/lessons/03-lesson.md"
    record = progress.lessons[key]
    record.unplaced_checks = [{**record.checks["7"], "step": 7, "check": "gone"}]
    record.unplaced_functions = [{"step": 2, "scene": "gone", "text": "x" * 900}]
    assert progress.save()
    again = Progress(tmp_path).load().of(key)
    (kept,) = again.unplaced_checks
    assert kept["answer"] == "3.7:" + "7" * (SHORT_ANSWER_CHARS - 4) and kept["step"] == 7

    progress = _answered(tmp_path / "more", 20, 200, 200)
    record = progress.lessons[key]
    record.functions, record.function_scenes = {"2": "x^2"}, {"2": "s"}
    record.unplaced_functions = [{"step": 2, "scene": "gone", "text": "x" * 900}]
    assert progress.save()
    again = Progress(tmp_path / "more").load().of(key)
    assert (again.functions, again.function_scenes, again.unplaced_functions) == ({}, {}, [])
