"""The course as a whole: the summary the picker and `gradtui progress` show, and a lesson's
quiz score, from saved progress."""

from __future__ import annotations

from pathlib import Path

from gradtui.course import course_summary, progress_key, quiz_score, summary_as_json
from gradtui.progress import Progress
from gradtui.script.catalog import builtin_lessons_dir, list_lessons
from gradtui.script.parse import load_lesson

HEAD = '+++\ntitle = "{title}"\n+++\n\n'


def check_block(answer: str = "1", see: str = "") -> str:
    see_line = f'see = "{see}"\n' if see else ""
    return f'```check\nquestion = "Q{answer}?"\nanswer = {answer}\n{see_line}```\n'


def write(folder: Path, name: str, title: str, steps: list[str]) -> Path:
    path = folder / name
    path.write_text(HEAD.format(title=title) + "\n---\n\n".join(steps), encoding="utf-8")
    return path


def three_lessons(folder: Path) -> list:
    """Lessons of 3, 4 and 2 steps; checks on steps 2, 3 (lesson 1) and 4 (lesson 2)."""
    write(folder, "01-a.md", "A", ["# A1 {#a1}\n", "# A2\n" + check_block("2"), check_block("3")])
    write(folder, "02-b.md", "B", ["# B1\n", "# B2\n", "# B3\n", check_block("4", "a#a1")])
    write(folder, "03-c.md", "C", ["# C1\n", "# C2\n"])
    return list_lessons(folder)


def test_the_built_in_lessons_are_saved_by_slug_and_others_by_path(tmp_path):
    builtin = builtin_lessons_dir() / "01-slope.md"
    assert progress_key(builtin) == "builtin:slope"
    other = tmp_path / "01-slope.md"
    other.write_text("x")
    assert progress_key(other) == str(other.resolve())


def test_steps_seen_and_checks_right_of_asked_per_lesson(tmp_path):
    entries = three_lessons(tmp_path)
    progress = Progress(tmp_path / "state")
    for step in (1, 2, 3):
        progress.visit("01-a.md", step, 3)  # reaches the end: done
    progress.record_check("01-a.md", 2, "2", True)
    progress.record_check("01-a.md", 3, "7", False)
    progress.record_check("01-a.md", 1, "9", True)  # step 1 holds no check: not counted
    progress.visit("02-b.md", 1, 4)
    progress.visit("02-b.md", 3, 4)
    summary = course_summary(progress, entries, key_of=lambda path: path.name)
    a, b, c = summary.lessons
    assert (a.steps_seen, a.steps, a.done, a.checks, a.checks_answered, a.checks_right) == (
        3, 3, True, 2, 2, 1,
    )  # fmt: skip
    assert (b.steps_seen, b.steps, b.step, b.done, b.checks, b.checks_right) == (
        2,
        4,
        3,
        False,
        1,
        0,
    )
    assert b.resume_title == "B3"
    assert (c.started, c.steps_seen, c.step, c.checks) == (False, 0, 1, 0)
    assert (summary.lessons_done, summary.checks, summary.checks_right) == (1, 3, 1)
    assert summary.checks_answered == 2
    assert summary.next_lesson is b  # the one last opened, not yet done


def test_the_lesson_to_go_on_with(tmp_path):
    entries = three_lessons(tmp_path)

    def go_on(visits: list[tuple[str, int, int]], answers: tuple[int, ...] = ()) -> str | None:
        progress = Progress(tmp_path / "state")
        for step in answers:  # lesson a's checks (steps 2 and 3) answered
            progress.record_check("01-a.md", step, "0", False)
        for key, step, count in visits:
            progress.visit(key, step, count)
        following = course_summary(progress, entries, key_of=lambda p: p.name).next_lesson
        return None if following is None else following.entry.slug

    def all_of(key: str, count: int) -> list[tuple[str, int, int]]:
        return [(key, step, count) for step in range(1, count + 1)]  # every step seen

    assert go_on([]) == "a"  # nothing done: the first
    assert go_on([("02-b.md", 2, 4)]) == "b"  # the last opened, not done
    assert go_on([("02-b.md", 4, 4)]) == "b"  # at its end, but with steps unseen: not done
    assert go_on(all_of("03-c.md", 2)) == "a"  # done: the next one not done, round to a
    assert go_on(all_of("01-a.md", 3)) == "a"  # every step seen, its checks not answered
    assert go_on(all_of("01-a.md", 3), answers=(2, 3)) == "b"  # answered (wrong): done
    everything = [*all_of("01-a.md", 3), *all_of("02-b.md", 4), *all_of("03-c.md", 2)]
    assert go_on(everything, answers=(2, 3)) == "b"  # b's check is not answered
    assert go_on(everything[:3] + everything[7:], answers=(2, 3)) == "b"  # wraps round to b


def test_a_lesson_that_cannot_be_opened_is_listed_but_never_the_one_to_go_on_with(tmp_path):
    entries = three_lessons(tmp_path)
    (tmp_path / "01-a.md").write_text("no front matter and\n---\n---\n", encoding="utf-8")
    entries = list_lessons(tmp_path)
    summary = course_summary(Progress(tmp_path / "s"), entries, key_of=lambda p: p.name)
    assert summary.lessons[0].entry.problem is not None
    assert summary.next_lesson.entry.slug == "b"


def test_a_record_from_a_longer_version_of_the_lesson_counts_only_what_is_there(tmp_path):
    entries = three_lessons(tmp_path)
    progress = Progress(tmp_path / "state")
    for step in range(1, 8):
        progress.visit("03-c.md", step, 7)  # lesson c had 7 steps then; it has 2 now
    (c,) = course_summary(progress, entries[2:], key_of=lambda p: p.name).lessons
    assert (c.steps_seen, c.steps, c.step) == (2, 2, 2)


def test_the_summary_as_json(tmp_path):
    entries = three_lessons(tmp_path)
    progress = Progress(tmp_path / "state")
    progress.visit("01-a.md", 2, 3)
    progress.record_check("01-a.md", 2, "2", True)
    data = summary_as_json(course_summary(progress, entries, key_of=lambda p: p.name))
    assert data["course"] == {
        "lessons": 3,
        "lessons_done": 0,
        "checks": 3,
        "checks_answered": 1,
        "checks_right": 1,
        "go_on_with": "a",
    }
    first = data["lessons"][0]
    assert (first["slug"], first["steps_seen"], first["step"], first["checks_right"]) == (
        "a", 1, 2, 1,
    )  # fmt: skip


# --- the quiz score ---------------------------------------------------------------------------


def test_the_score_and_the_missed_checks_each_with_the_step_that_teaches_it(tmp_path):
    three_lessons(tmp_path)
    steps = [
        check_block("1", "a#a1"),
        check_block("2", "b"),
        check_block("3", "#here"),
        "# Here {#here}\n" + check_block("4"),
    ]
    lesson = load_lesson(write(tmp_path, "05-quiz.md", "Quiz", steps))
    progress = Progress(tmp_path / "state")
    key = "quiz"
    progress.record_check(key, 1, "5", False)
    progress.record_check(key, 1, "1", True)  # right on the second try
    progress.record_check(key, 2, "2", True)
    progress.record_check(key, 3, "8", False)  # wrong; step 4 never answered
    score = quiz_score(lesson, progress.of(key))
    assert (score.asked, score.right, score.first_try, score.answered) == (4, 2, 1, 3)
    wrong, unanswered = score.missed
    assert (wrong.step, wrong.question, wrong.answer, wrong.answered) == (3, "Q3?", "8", True)
    assert wrong.see.here and wrong.see.describe() == "step 4: Here"
    assert (unanswered.step, unanswered.answered, unanswered.see) == (4, False, None)


def test_a_lesson_without_answers_misses_every_check_and_one_all_right_says_so(tmp_path):
    three_lessons(tmp_path)
    lesson = load_lesson(tmp_path / "02-b.md")
    score = quiz_score(lesson, None)
    assert (score.asked, score.right, len(score.missed)) == (1, 0, 1)
    assert score.missed[0].see.describe() == "lesson 1, step 1: A1"
    progress = Progress(tmp_path / "state")
    progress.record_check("b", 4, "4", True)
    score = quiz_score(lesson, progress.of("b"))
    assert (score.asked, score.right, score.missed) == (1, 1, ())
    assert quiz_score(load_lesson(tmp_path / "03-c.md"), None).asked == 0  # nothing asked
