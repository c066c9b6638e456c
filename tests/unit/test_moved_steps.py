"""Saved answers and typed functions follow their checks and scenes when a lesson's steps move
(issue 20: lesson 3 gained a step 7, and answers saved by step number attached to the wrong
checks). Each is saved with an identity (a check's question, a scene's step id or block) and
found by it when the lesson opens, by the picker's and `gradtui progress`'s summary and by the
end of the lesson; a record saved before identities existed is found by its step number; none
is ever dropped from the file."""

from __future__ import annotations

import json
from pathlib import Path

from gradtui.course import course_summary
from gradtui.grading import HowTo
from gradtui.progress import FILE_NAME, Progress
from gradtui.script.catalog import list_lessons, progress_key
from gradtui.script.parse import load_lesson
from gradtui.session import LessonSession

HOW = HowTo(submit="press Enter", try_again="Try again.", go_see="press o")
HEAD = '+++\ntitle = "Moving"\n+++\n\n'
BOWL = '# A bowl {#bowl}\n\n```scene\nkind = "secant"\nf = "x**2"\n```\n'
PLAIN = '# A curve\n\n```scene\nkind = "plot"\nf = "x**3"\n```\n'  # no id: known by its block


def check(question: str, answer: int) -> str:
    return f'# Ask\n\n```check\nquestion = "{question}"\nanswer = {answer}\n```\n'


FIRST = check("2 + 2?", 4)
SECOND = check("3 + 3?", 6)
NEW = check("1 + 1?", 2)  # the step added in front


def write(folder: Path, steps: list[str]) -> Path:
    path = folder / "01-moving.md"
    path.write_text(HEAD + "\n---\n\n".join(steps), encoding="utf-8")
    return path


def session(path: Path, progress: Progress, step: int | None = None) -> LessonSession:
    opened = LessonSession(progress, HOW)
    opened.open(load_lesson(path), step)
    return opened


def summary(path: Path, progress: Progress):
    return course_summary(progress, list_lessons(path.parent)).lessons[0]


def test_a_step_added_in_front_keeps_each_answer_and_function_with_its_own(tmp_path):
    state = tmp_path / "state"
    path = write(tmp_path, [BOWL, PLAIN, FIRST, SECOND])  # checks on 3 and 4
    progress = Progress(state).load()
    learner = session(path, progress, step=3)
    assert learner.answer("4").correct  # 2 + 2: right
    learner.go_to(4)
    assert not learner.answer("7").correct  # 3 + 3: wrong
    assert learner.scene(1).use_function("x^4") is None
    assert learner.scene(2).use_function("x^5") is None
    assert progress.save()

    write(tmp_path, [NEW, BOWL, PLAIN, FIRST, SECOND])  # every step moves down one
    progress = Progress(state).load()
    lesson = summary(path, progress)  # before the lesson is opened: the picker's numbers
    assert (lesson.checks, lesson.checks_answered, lesson.checks_right) == (3, 2, 1)
    back = session(path, progress, step=4)
    assert back.check(1).last_time == ""  # the new check: never answered
    assert back.check(4).last_time == 'Last time you answered "4": right.'
    assert back.check(5).last_time == 'Last time you answered "7": not right.'
    assert back.scene(2).typed == "x^4"  # the bowl, found by its id
    assert back.scene(3).typed == "x^5"  # the curve, found by its block
    end = back.end()
    assert (end.score.right, end.score.answered) == (1, 2)
    assert [missed.step for missed in end.score.missed] == [1, 5]
    back.answer("4")  # answering again records at the step the check is on now
    assert progress.save()
    saved = json.loads((state / FILE_NAME).read_text())["lessons"][progress_key(path)]
    assert sorted(saved["checks"]) == ["4", "5"] and saved["checks"]["4"]["tries"] == 2
    assert saved["functions"] == {"2": "x^4", "3": "x^5"}


def test_a_record_from_before_identities_is_found_by_its_step_number(tmp_path):
    path = write(tmp_path, [BOWL, FIRST, SECOND])
    key = progress_key(path)
    old = {"answer": "6", "correct": True, "tries": 1, "first_correct": True}
    record = {"step": 3, "steps": 3, "seen": [1, 2, 3], "checks": {"3": old}}
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / FILE_NAME).write_text(
        json.dumps({"version": 1, "last_lesson": key, "lessons": {key: record}})
    )
    progress = Progress(tmp_path / "state").load()
    assert summary(path, progress).checks_right == 1
    learner = session(path, progress)
    assert learner.check(3).last_time == 'Last time you answered "6": right.'
    assert progress.check_outcome(key, 3)["check"] == learner.lesson.steps[2].check.identity


def test_an_answer_whose_check_is_gone_is_kept_aside_and_comes_back_with_it(tmp_path):
    state = tmp_path / "state"
    path = write(tmp_path, [BOWL, FIRST, SECOND])
    progress = Progress(state).load()
    learner = session(path, progress, step=2)
    learner.answer("4")
    learner.go_to(3)
    learner.answer("6")
    assert progress.save()

    write(tmp_path, [BOWL, SECOND])  # the first check taken out; the second moves up
    progress = Progress(state).load()
    assert summary(path, progress).checks_right == 1
    learner = session(path, progress)
    assert learner.check(2).last_time == 'Last time you answered "6": right.'
    assert progress.save()
    saved = json.loads((state / FILE_NAME).read_text())["lessons"][progress_key(path)]
    assert list(saved["checks"]) == ["2"]
    (kept,) = saved["unplaced_checks"]  # not dropped: kept aside, with where it was
    assert (kept["answer"], kept["step"]) == ("4", 2)

    write(tmp_path, [BOWL, FIRST, SECOND])  # put back: the answer is found again
    progress = Progress(state).load()
    assert summary(path, progress).checks_right == 2
    learner = session(path, progress)
    assert learner.check(2).last_time == 'Last time you answered "4": right.'
    assert learner.check(3).last_time == 'Last time you answered "6": right.'
    assert progress.of(progress_key(path)).unplaced_checks == []


def test_what_a_file_keeps_aside_is_read_leniently(tmp_path):
    junk = {
        "step": 1,
        "checks": {"x": {"answer": "1", "check": 5}, "2": {"answer": "2", "check": "a" * 99}},
        "function_scenes": {"1": 7, "2": "ok"},
        "unplaced_checks": [None, {"answer": 3}, {"answer": "4", "step": "two", "tries": -1}],
        "unplaced_functions": ["x", {"text": ""}, {"text": "x^2", "step": True, "scene": []}],
    }
    (tmp_path / FILE_NAME).write_text(json.dumps({"version": 1, "lessons": {"k": junk}}))
    record = Progress(tmp_path).load().of("k")
    assert record.checks["2"] == {
        "answer": "2",
        "correct": False,
        "tries": 1,
        "first_correct": False,
    }  # an identity too long is not ours
    assert record.function_scenes == {"2": "ok"}
    assert record.unplaced_checks == [
        {"answer": "4", "correct": False, "tries": 1, "first_correct": False, "step": None}
    ]
    assert record.unplaced_functions == [{"step": None, "scene": "", "text": "x^2"}]
    placed = record.placed({2: "q"}, {})  # "2" has no identity: found by its number
    assert list(placed.checks) == ["2"] and placed.checks["2"]["check"] == "q"
    assert [kept["answer"] for kept in placed.unplaced_checks] == ["1", "4"]  # none dropped
    assert placed.unplaced_functions == [{"step": None, "scene": "", "text": "x^2"}]


def test_two_sessions_knowing_the_lesson_at_different_steps_lose_nothing_and_bring_back_nothing(
    tmp_path,
):
    # One learner, two sessions saving into one file (serve's tabs, --plain beside the app):
    # the one that knew the lesson before it gained a step saved its answers by the old steps.
    state = tmp_path / "state"
    path = write(tmp_path, [BOWL, FIRST, SECOND])  # checks on 2 and 3
    old = Progress(state).load()
    first = session(path, old, step=2)
    first.answer("4")
    first.go_to(3)
    first.answer("5")  # 3 + 3: wrong
    assert old.save()

    write(tmp_path, [NEW, BOWL, FIRST, SECOND])  # checks now on 1, 3 and 4
    new = Progress(state).load()
    second = session(path, new, step=1)
    second.answer("2")  # the new check, on step 1
    second.go_to(4)
    second.answer("6")  # 3 + 3, on its new step: right
    assert new.save()
    key = progress_key(path)
    saved = json.loads((state / FILE_NAME).read_text())["lessons"][key]
    assert sorted(saved["checks"]) == ["1", "3", "4"]  # the old "2" and "3" are not back
    assert saved["checks"]["4"]["answer"] == "6"

    old.record_check(key, 2, "4", True, first.lesson.steps[1].check.identity)  # the old tab
    assert old.save()  # again, its 2 + 2 at step 2, where the new lesson has the bowl
    reread = Progress(state).load()
    lesson = summary(path, reread)
    assert lesson.checks_answered == 3  # the new check's answer, saved by the other, is kept
    again = session(path, reread)
    assert again.check(1).last_time == 'Last time you answered "2": right.'
    assert again.check(3).last_time.startswith('Last time you answered "4": right')
    # a check both sessions hold: the one saving last wins, as it did by step before
    assert again.check(4).last_time == 'Last time you answered "5": not right.'
    assert again.lesson.steps[3].check.question == "3 + 3?"
