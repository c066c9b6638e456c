"""The lesson session (gradtui/session.py), the one place a lesson's rules live for both routes:
steps and where a lesson resumes, checks and their tries, the learner's own function kept and
brought back, the trail of links (one bounded history), what is offered, and the end's words;
and the keys a learner types, read as the names the terminal gives them."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from gradtui.grading import HowTo
from gradtui.progress import Progress
from gradtui.scenes.kit.keys import character_key, key_name, spelled
from gradtui.scenes.live import LiveScene
from gradtui.script.catalog import progress_key
from gradtui.script.parse import load_lesson
from gradtui.session import LESSON_KEYS, MAX_TRAIL, CannotOpen, LessonSession, lesson_key

LESSONS = Path(__file__).resolve().parents[1] / "app" / "lessons"
HOW = HowTo(submit="press Enter", try_again="Try again ({another}).", go_see="press o")

ONE = """+++
title = "One"
+++

# Start

See [the far step](two#far) and [the bowl](#bowl).

---

# A bowl {#bowl}

```scene
kind = "secant"
f = "x**2"
```

---

# Ask

```check
question = "2 + 2?"
answer = 4
hint = "Count."
explain = "Two and two."
see = "#bowl"
```
"""
TWO = '+++\ntitle = "Two"\n+++\n\n# Near\n\nNear.\n\n---\n\n# Far {#far}\n\nFar away.\n'


@pytest.fixture
def course(tmp_path: Path) -> Path:
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "01-one.md").write_text(ONE, encoding="utf-8")
    (folder / "02-two.md").write_text(TWO, encoding="utf-8")
    return folder


def session_on(folder: Path, progress: Progress | None = None, step: int | None = None):
    session = LessonSession(progress or Progress(enabled=False), HOW)
    session.open(load_lesson(folder / "01-one.md"), step)
    return session


def test_steps_move_within_the_lesson_and_each_is_recorded(course, tmp_path):
    progress = Progress(tmp_path / "state").load()
    session = session_on(course, progress)
    changes = []
    session.on_change = lambda: changes.append(session.step_number)
    assert session.step_number == 1 and session.next_step() and session.step_number == 2
    assert session.last_step() and not session.next_step()  # the end: it stays
    assert not session.go_to(9) and session.step_number == 3
    assert session.first_step() and not session.previous_step()
    assert changes == [2, 3, 1]  # told once per step arrived at
    key = progress_key(course / "01-one.md")
    assert progress.of(key).seen == {1, 2, 3} and progress.of(key).done
    again = session_on(course, progress)  # reopened: where the learner left off
    assert again.step_number == 1
    session.go_to(2)
    assert session_on(course, progress).step_number == 2


def test_a_check_counts_tries_says_the_reply_once_and_records_each_answer(course):
    progress = Progress(enabled=False)
    session = session_on(course, progress, step=3)
    assert session.offers("reveal") and not session.offers("see")
    unread = session.answer("four")
    assert unread.correct is None and "not a number I can read" in unread.said
    first = session.answer("5")
    assert first.said == "Not quite: 5 is not it. Hint: Count. Try again (type another number)." \
        " It is taught in step 2: A bowl: press o."  # fmt: skip
    assert session.offers("see") and session.offers("reveal")
    second = session.answer("3")
    assert second.said.startswith("Not quite: 3 is not it. The answer is 4. Two and two.")
    assert not session.offers("reveal")  # the answer is on show
    assert session.answer("4").said == (
        "Right: 4. Two and two. (The answer was shown first, so it is not counted as right.)"
    )
    assert not session.offers("see")
    outcome = progress.check_outcome(session.key, 3)
    assert outcome == {
        "answer": "4",
        "correct": True,
        "tries": 3,
        "first_correct": False,
        "revealed": True,  # the second wrong try showed the answer
        "check": session.step.check.identity,
    }
    assert session_on(course, progress, step=3).check().last_time == (
        'Last time you answered "4": right, after the answer was shown.'
    )


def test_reveal_shows_the_answer_and_offers_the_step_that_teaches_it(course):
    session = session_on(course, step=3)
    assert session.reveal() == "The answer is 4. Two and two. It is taught in step 2: A bowl: " \
        "press o."  # fmt: skip
    assert session.offers("see") and not session.offers("reveal")
    assert session.see() and session.step_number == 2
    assert session.link_back() and session.step_number == 3
    session.go_to(1)
    assert session.reveal() is None and session.answer("1") is None


def right_now(progress: Progress, folder: Path) -> tuple[int, int]:
    """(checks right, checks answered) of lesson one, as the picker and `gradtui progress` and
    the end of the lesson count them."""
    from gradtui.course import course_summary
    from gradtui.script.catalog import list_lessons

    one = course_summary(progress, list_lessons(folder)).lessons[0]
    end = session_on(folder, progress).end()
    assert (end.score.right, end.score.answered) == (one.checks_right, one.checks_answered)
    return one.checks_right, one.checks_answered


def test_an_answer_given_after_it_was_shown_is_not_counted_right(course, tmp_path):
    # issue 20: ctrl+r, or a second wrong try, shows the answer; typing it then is graded and
    # said to be right, but the lesson's score, the picker and `gradtui progress` do not count it
    progress = Progress(tmp_path / "state").load()
    session = session_on(course, progress, step=3)
    session.reveal()
    answered = session.answer("4")
    assert answered.correct and "not counted as right" in answered.said
    assert right_now(progress, course) == (0, 1)
    assert session_on(course, progress).end().score.first_try == 0
    again = session_on(course, progress, step=3).check()
    assert again.last_time == 'Last time you answered "4": right, after the answer was shown.'
    assert progress.save() and right_now(Progress(tmp_path / "state").load(), course) == (0, 1)

    tries = Progress(enabled=False)
    session = session_on(course, tries, step=3)
    session.answer("5")
    session.answer("3")  # the second wrong try shows the answer
    assert session.answer("4").correct and right_now(tries, course) == (0, 1)

    first = Progress(enabled=False)
    session = session_on(course, first, step=3)
    assert session.answer("4").correct
    session.reveal()  # the answer was given before it was shown: it stays right
    assert right_now(first, course) == (1, 1)
    assert session_on(course, first).end().score.first_try == 1


def test_a_reveal_alone_is_no_answer(course):
    progress = Progress(enabled=False)
    session = session_on(course, progress, step=3)
    session.reveal()
    assert right_now(progress, course) == (0, 0)
    assert session_on(course, progress, step=3).check().last_time == (
        "Last time you asked to see the answer."
    )
    assert not session_on(course, progress).end().score.missed[0].answered


def test_the_learners_function_is_kept_and_reset_brings_the_lessons_back(course, tmp_path):
    progress = Progress(tmp_path / "state").load()
    session = session_on(course, progress, step=2)
    scene = session.scene()
    assert isinstance(scene, LiveScene) and scene.lesson_function == "x**2"
    assert "needs a value" in scene.use_function("x^^", width=30)  # said, with its caret
    assert scene.typed is None
    assert scene.use_function("x^3") is None and "exact = 3" in scene.state.readout()
    assert progress.typed_function(session.key, 2) == "x^3"
    back = session_on(course, progress, step=2).scene()  # a new visit: the learner's again
    assert back.typed == "x^3" and "exact = 3" in back.state.readout()
    back.press(back.key_named("r"))  # reset, while the learner's function draws it
    assert back.typed is None and "exact = 2" in back.state.readout()
    assert progress.typed_function(session.key, 2) is None


def test_a_scene_key_is_found_by_the_name_the_terminal_gives_it(course):
    scene = session_on(course, step=2).scene()
    pairs = [("-", "shrink h"), ("down", "shrink h"), ("+", "grow h"), ("a", "play/stop")]
    for typed, words in pairs:
        assert scene.key_named(key_name(typed)).words == words
    assert scene.key_named(key_name("space")) is None  # the lesson's, not the secant's


def test_links_go_and_come_back_across_lessons(course):
    session = session_on(course)
    session.follow_link(1)
    assert session.lesson.title == "Two" and session.step_number == 2
    assert len(session.trail) == 1 and session.offers("link_back")
    assert session.link_back() and (session.lesson.title, session.step_number) == ("One", 1)
    assert not session.link_back() and not session.offers("link_back")
    assert not session.follow_link(3)  # no such link
    (course / "02-two.md").write_text("+++\ntitle = \n", encoding="utf-8")  # broken since
    with pytest.raises(CannotOpen):
        session.follow_link(1)
    assert session.lesson.title == "One" and not session.trail  # stayed, nothing remembered


def test_the_link_trail_is_one_bounded_history(course):
    session = session_on(course)
    for _ in range(MAX_TRAIL + 10):
        session.follow_link(2)  # to step 2, remembered from step 1
        session.go_to(1)
    assert len(session.trail) == MAX_TRAIL  # the oldest went first
    session.close()
    assert not session.trail and session.lesson is None


def test_the_end_says_what_was_seen_and_what_was_missed(course):
    session = session_on(course, step=3)
    session.answer("5")
    end = session.end(next_title="Two")
    assert end.summary() == [
        "You reached the end of “One”: 1 of 3 steps seen.",
        "Checks: 0 right of 1, 0 at the first try.",
        "Not done yet (every step seen and every check answered): 2 steps not seen.",
    ]
    assert end.missed_lines() == ["  1. step 3: 2 + 2? (you said 5) → step 2: A bowl"]


def test_the_lesson_keys_are_data_both_routes_read():
    assert lesson_key("n").method == "next_step" and lesson_key("space").method == "next_step"
    assert lesson_key("backspace").method == "link_back" and lesson_key("z") is None
    methods = [key.method for key in LESSON_KEYS]
    assert len(methods) == len(set(methods))


def test_typed_keys_are_read_as_the_terminal_names_them():
    from textual.keys import _character_to_key  # the terminal's own reading, to agree with

    for character in string.punctuation + string.ascii_lowercase + string.digits:
        assert character_key(character) == _character_to_key(character), character
        assert key_name(spelled(character_key(character))) == character_key(character)
    assert key_name("A") == "a" and key_name(" ") == "space" and key_name("Esc") == "escape"
    assert key_name("↑") == "up" and key_name("ctrl+p") == "ctrl+p"
    assert key_name("shrink") is None and key_name("set h") is None


def test_a_lesson_that_does_not_load_is_said(tmp_path):
    broken = tmp_path / "01-broken.md"
    broken.write_text("+++\ntitle = \n", encoding="utf-8")
    session = LessonSession(Progress(enabled=False), HOW)
    with pytest.raises(CannotOpen, match="01-broken.md"):
        session.open_path(broken)
    session.open_path(LESSONS / "01-demo.md", 3)
    assert session.step_number == 3
    session.open_path(LESSONS / "01-demo.md")  # the lesson already open: it stays
    assert session.step_number == 3
