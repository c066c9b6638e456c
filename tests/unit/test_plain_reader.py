"""The line-mode reader (gradtui/commands/plain/ `Reader`, over the lesson session), command by
command, as a learner types them: steps, the scene's moves as words and as the keys the lessons
name, play, set and nudge, their own function, answers to checks, the lesson list, Tab
completion, and the same saved progress as the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from gradtui.commands.plain import HELP, Reader
from gradtui.progress import Progress
from gradtui.script.catalog import builtin_lessons_dir, progress_key
from gradtui.script.parse import load_lesson

LESSONS = Path(__file__).resolve().parents[1] / "app" / "lessons"


@pytest.fixture
def reader(tmp_path: Path) -> Reader:
    return Reader(LESSONS, Progress(tmp_path / "state").load())


def secant_lesson(tmp_path: Path) -> Path:
    path = tmp_path / "lessons" / "01-secant.md"
    path.parent.mkdir(parents=True)
    path.write_text(
        '+++\ntitle = "Secants"\n+++\n\n# Shrink it\n\nShrink h.\n\n'
        '```scene\nkind = "secant"\nf = "x**2"\nx = 1\nh = 1\n```\n\n---\n\n'
        '# Walk\n\nWalk.\n\n```scene\nkind = "dashboard"\nf = "x**2"\n```\n',
        encoding="utf-8",
    )
    return path


def test_a_step_is_printed_whole_then_the_next(reader):
    first = reader.open_lesson(load_lesson(LESSONS / "01-demo.md"))
    assert first.startswith("Lesson: A demo lesson. 4 steps.")
    assert "Step 1 of 4." in first and "The parabola y = x squared is the simplest bowl" in first
    assert "at x = 1: f of x = 1, slope = 2" in first  # the scene's numbers, in words
    assert "=====" not in first  # headings are not underlined: a reader would say "equals"
    assert reader.prompt == "Step 1 of 4> "
    second = reader.command("n")
    assert second.startswith("Step 2 of 4.") and "A tangent" in second
    assert reader.command("p").startswith("Step 1 of 4.")
    assert reader.command("4").startswith("Step 4 of 4.")
    assert "there is no step 5" in reader.command("n")
    assert reader.command("9") == "Step 4 of 4 is the last; there is no step 9."


def test_a_bad_command_gets_one_line_of_help(reader):
    reader.open_lesson(load_lesson(LESSONS / "01-demo.md"))
    said = reader.command("fly to the moon")
    assert said == 'Unknown: "fly to the moon". Type h for help, keys for the moves.'
    assert len(said) <= reader.width  # one line
    help_said = " ".join(reader.command("h").split())  # as one line, however wrapped
    assert help_said.startswith("Commands (type one") and "answer 2" in help_said
    assert "f x cubed (caret is a power)" in help_said and "^" not in help_said  # said
    assert "as typed: a, +, full stop, space" in help_said
    assert "^" in HELP and "Keys the lesson names work as typed: a, +, ., space" in HELP
    assert reader.command("") == ""


def test_the_scene_moves_by_words_and_says_what_changed(tmp_path):
    reader = Reader(tmp_path, Progress(enabled=False))
    reader.open_lesson(load_lesson(secant_lesson(tmp_path)))
    said = reader.command("shrink")
    assert said.startswith("Done: shrink h.")
    assert "h = 0.5" in said and "slope = rise over run = 2.5" in said
    assert "error = 5 times 10 to the minus 1" in said  # 5.000e-01, said with its sign
    assert "h 0.5, slope 2.5, error 5 times 10 to the minus 1" in said  # the table's new row
    assert "exact = 2 (autodiff)" not in said  # unchanged numbers are not said again
    assert "h 1, slope 3" not in said  # nor the table's rows from before
    assert reader.command("tangent") == "Done: tangent.\nIts numbers are the same."
    keys = reader.command("keys")
    assert "shrink h (or: shrink)" in keys and "set h VALUE, or nudge h CHANGE" in keys
    played = reader.command("play 3")
    assert played.startswith("Played 3 frames, then paused.")
    assert "h = 0.0625" in played  # 0.5 halved three times
    assert "h = 0.001" in reader.command("set h 0.001")
    assert "h = 0.101" in reader.command("nudge h 0.1")
    assert reader.command("set h 1e9") == "Not set: h must be at most 4, not 1000000000."
    assert "not a number I can read" in reader.command("set h x")


def test_a_move_with_too_few_words_asks_which(tmp_path):
    reader = Reader(tmp_path, Progress(enabled=False))
    reader.open_lesson(load_lesson(secant_lesson(tmp_path)), step=2)
    said = reader.command("right")
    assert said == '"right" could be: step right, 5 steps right. Say which.'
    assert reader.command("step right").startswith("Done: step right.")
    assert reader.command("play") == "This scene does not play; type keys for its moves."


def test_the_learners_own_function_and_back(tmp_path):
    progress = Progress(tmp_path / "state").load()
    reader = Reader(tmp_path, progress)
    lesson = load_lesson(secant_lesson(tmp_path))
    reader.open_lesson(lesson)
    said = reader.command("f x^3")
    assert said.startswith("Now f = x cubed.") and "exact = 3 (autodiff)" in said
    later = Reader(tmp_path, progress)  # kept with the progress, as the app keeps it
    assert "exact = 3 (autodiff)" in later.open_lesson(lesson, step=1)
    wrong = reader.command("f x^^")
    assert "'^' needs a value on its right" in wrong and "x^^\n  ^" in wrong
    assert "exact = 3 (autodiff)" in reader.command("numbers")  # the old function stays
    assert reader.command("f").startswith("f = x cubed (yours; reset brings the lesson's).")
    back = reader.command("reset")
    assert back.startswith("Back to the lesson's f = x squared.") and "exact = 2" in back
    assert progress.typed_function(progress_key(lesson.path), 1) is None


def test_a_check_is_answered_hinted_and_revealed(reader, tmp_path):
    lesson = load_lesson(LESSONS / "01-demo.md")
    step = reader.open_lesson(lesson, step=3)
    assert "Question: Slope of x squared at x = 3?" in step
    assert "Type answer and your number" in step
    first = " ".join(reader.command("answer 5").split())  # as one line, however wrapped
    hint = "Hint: The slope of x squared is 2x."
    assert first == f"Not quite: 5 is not it. {hint} Try again, or type reveal."
    second = " ".join(reader.command("answer 7").split())
    assert second == "Not quite: 7 is not it. The answer is 6 (within 0.01). 2 times 3 is 6."
    assert " ".join(reader.command("answer 6").split()) == (
        "Right: 6. 2 times 3 is 6. (The answer was shown first, so it is not counted as right.)"
    )
    assert "not a number I can read" in reader.command("answer six")
    key = progress_key(lesson.path)
    assert reader.progress.check_outcome(key, 3) == {
        "answer": "6", "correct": True, "tries": 3, "first_correct": False,
        "revealed": True,  # the second wrong try showed the answer: 6 is not counted right
        "check": lesson.steps[2].check.identity,
    }  # fmt: skip
    again = Reader(LESSONS, reader.progress).open_lesson(lesson, step=3)
    assert 'Last time you answered "6": right, after the answer was shown.' in again


def test_a_choice_is_picked_by_its_number(reader):
    step = reader.open_lesson(load_lesson(LESSONS / "01-demo.md"), step=4)
    assert "  1. " in step and "  2. " in step and "answer 1" in step
    assert reader.command("answer 9").startswith("Type answer and the number of your choice")
    assert reader.command("answer two").startswith("Type answer and the number of your choice")
    assert reader.command("reveal").startswith("The answer is ")


def test_the_lesson_list_opens_a_lesson_by_its_number(reader):
    listing = reader.command("l")
    assert listing.startswith("Lessons:\n  1. A demo lesson (4 steps, not started)")
    assert reader.prompt == "Lesson number> "
    opened = reader.command("2")
    assert opened.startswith("Lesson: A second lesson.")
    reader.command("l")
    assert reader.command("7") == "There is no lesson 7; choose 1 to 3."
    assert reader.command("n").startswith("Step 2 of")  # any other command leaves the list


def test_progress_is_the_apps_own(tmp_path):
    """Steps visited in the reader are where the app resumes, under the same key."""
    progress = Progress(tmp_path / "state").load()
    reader = Reader(builtin_lessons_dir(), progress)
    lesson = load_lesson(builtin_lessons_dir() / "01-slope.md")
    reader.open_lesson(lesson)
    reader.command("n")
    reader.command("n")
    reader.command("q")
    assert reader.quitting
    progress.save()
    saved = Progress(tmp_path / "state").load()
    assert saved.resume_step("builtin:slope", len(lesson.steps)) == 3
    assert saved.last_lesson == "builtin:slope"


def test_lines_fit_the_readers_width(tmp_path):
    """A narrow terminal or a braille display: sentences break at spaces, not mid-word."""
    reader = Reader(builtin_lessons_dir(), Progress(enabled=False), width=50)
    text = reader.open_lesson(load_lesson(builtin_lessons_dir() / "04-learning.md"), step=2)
    text += "\n" + reader.command("keys") + "\n" + reader.command("play 3")
    assert "Moves: play or pause, one step" in text
    too_long = [line for line in text.splitlines() if len(line) > 50]
    assert not too_long


def test_links_are_numbered_followed_and_retraced_and_a_miss_offers_see(tmp_path):
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "01-one.md").write_text(
        '+++\ntitle = "One"\n+++\n\n# Start\n\nSee [the far step](two#far).\n\n---\n\n'
        '# Ask\n\n```check\nquestion = "2 + 2?"\nanswer = 4\nsee = "two#far"\n```\n',
        encoding="utf-8",
    )
    (folder / "02-two.md").write_text(
        '+++\ntitle = "Two"\n+++\n\n# Near\n\nNear.\n\n---\n\n# Far {#far}\n\nFar away.\n',
        encoding="utf-8",
    )
    reader = Reader(folder, Progress(tmp_path / "state").load())
    first = reader.open_lesson(load_lesson(folder / "01-one.md"), step=1)
    assert "[1: the far step goes to lesson 2, step 2: Far]" in " ".join(first.split())
    assert "Far away." in reader.command("go 1")
    assert reader.lesson.title == "Two" and reader.step_number == 2
    back = reader.command("return")
    assert reader.lesson.title == "One" and reader.step_number == 1 and "the far step" in back
    assert reader.command("go 2").startswith("Type go and the number of a link, from 1 to 1")
    reader.command("2")
    wrong = " ".join(reader.command("answer 5").split())
    assert "It is taught in lesson 2, step 2: Far: type see to go there." in wrong
    assert "Far away." in reader.command("see")
    reader.command("return")
    assert (reader.lesson.title, reader.step_number) == ("One", 2)
    assert reader.command("return").startswith("No link was followed")


def test_every_key_a_lesson_names_is_answered_in_the_line_mode(named_keys):
    """Each key a built-in step's prose tells the learner to press ("press a", "`u` faces
    uphill", "Up (or +)", "space", "Esc"), typed as a learner types it ("a", "u", "+",
    "space", "esc"), in the order the prose names them: the step's scene makes the move when
    it declares that key (the step stays), else the reader's own commands answer it."""
    from gradtui.scenes.kit.keys import spelled
    from gradtui.scenes.live import LiveScene

    for file, number, keys in named_keys():
        lesson = load_lesson(builtin_lessons_dir() / file)
        reader = Reader(builtin_lessons_dir(), Progress(enabled=False))
        reader.open_lesson(lesson, step=number)
        for name in keys:
            where = f"{file}, step {number}: {spelled(name)!r}"
            scene = reader.scene_of(number)
            by_the_scene = isinstance(scene, LiveScene) and scene.key_named(name) is not None
            said = reader.command(spelled(name))
            assert not said.startswith("Unknown") and "could be:" not in said, where
            if by_the_scene:
                assert (reader.lesson, reader.step_number) == (lesson, number), where
                assert said.startswith(("Done: ", "Played ", "Back to the lesson's")), where


def test_tab_completes_commands_moves_and_the_numbers_a_scene_sets(tmp_path):
    reader = Reader(tmp_path, Progress(enabled=False))
    reader.open_lesson(load_lesson(secant_lesson(tmp_path)))
    assert reader.completenames("nu") == ["nudge ", "numbers "]
    assert "shrink " in reader.completenames("sh") and "switch " in reader.completenames("sw")
    assert reader.completedefault("ri", "grow ri", 5, 7) == []  # grow h has no "ri..."
    assert reader.completedefault("", "switch ", 7, 7) == ["left ", "q ", "right ", "side "]
    assert reader.complete_set("", "set ", 4, 4) == ["h ", "x "]  # h, and P's x
    assert reader.complete_nudge("y", "nudge y", 6, 7) == []


def test_a_commands_first_letters_are_enough_when_they_name_one(tmp_path):
    reader = Reader(tmp_path, Progress(enabled=False))
    reader.open_lesson(load_lesson(secant_lesson(tmp_path)))
    assert reader.command("num") == reader.command("numbers")
    assert reader.command("ans 4") == "This step has no question to answer."
    assert reader.command("pl").startswith('Unknown: "pl"')  # play or plot: not enough


def test_past_the_last_step_the_reader_says_how_the_lesson_went(reader):
    reader.open_lesson(load_lesson(LESSONS / "01-demo.md"), step=3)
    reader.command("answer 5")
    assert reader.command("end").startswith("Step 4 of 4.")  # the end key: the last step
    said = " ".join(reader.command("n").split())
    assert said.startswith("Step 4 of 4 is the last; there is no step 5.")
    assert "You reached the end of “A demo lesson”: 2 of 4 steps seen." in said
    assert "Checks: 0 right of 2, 0 at the first try." in said
    assert "1. step 3: Slope of x squared at x = 3? (you said 5) goes to step 3" in said
    assert "Next: “A second lesson”" in said
    assert reader.command("ctrl+p").startswith("Lessons:")  # the app's jump: the list here


def test_keys_and_moves_are_typed_as_they_were_said():
    """A key said by its name ("full stop") and a move said in words ("lr times 2") can be
    typed back as heard."""
    gears = Reader(builtin_lessons_dir(), Progress(enabled=False))
    gears.open_lesson(load_lesson(builtin_lessons_dir() / "03-chain-rule.md"), step=1)
    assert "turn forward; key full stop" in gears.command("keys")
    assert gears.command("full stop").startswith("Done: turn forward.\n  big: 0.25 turns")
    assert gears.command("comma").startswith("Done: turn back.\n  big: 0 turns")
    board = Reader(builtin_lessons_dir(), Progress(enabled=False))
    step = board.open_lesson(load_lesson(builtin_lessons_dir() / "02-gradient.md"), step=2)
    assert "nudge divided by 10, nudge times 10, lr times 2" in " ".join(step.split())
    assert board.command("lr times 2") == "Done: lr times 2.\n  lr = 0.2"
    assert (
        board.command("full stop") == 'Unknown: "full stop". Type h for help, keys for the moves.'
    )


def test_a_long_change_is_said_in_short_and_numbers_says_it_all():
    """A play that fills the secant's table says its first changes and its newest rows, each
    row with its columns' names; `numbers` says every row."""
    from gradtui.commands.plain.scene import MOST_SAID

    reader = Reader(builtin_lessons_dir(), Progress(enabled=False))
    reader.open_lesson(load_lesson(builtin_lessons_dir() / "01-slope.md"), step=6)
    played = reader.command("play").splitlines()
    assert played[0] == "Played 16 frames; it stopped by itself."
    said_rows = [line for line in played if line.startswith("  h ") and ", slope " in line]
    # 23 lines changed (5 numbers, the sentence, 17 rows): the first MOST_SAID - 4 of them,
    # the newest three, and how many more there are
    assert len(said_rows) == MOST_SAID - 4 - 6 + 3
    assert "  (11 more lines changed: numbers says them all.)" in played
    assert played[-1] == "  h 0, slope 0 over 0 no line, error none"
    assert "  h 10 to the minus 16, slope 0, error 6" in played
    numbers = reader.command("numbers").splitlines()
    rows = [line for line in numbers if line.startswith("  h ") and ", slope " in line]
    assert len(rows) == 17  # 0.1 down to 1e-16, and 0
    assert rows[1] == "  h 0.01, slope 6.01, error 10 to the minus 2"


def test_a_scene_key_that_rests_here_says_so_instead_of_unknown(tmp_path):
    """t goes to the next start only on a map with several starts: with one it is the scene's
    key all the same, and the line mode says it does nothing now rather than "Unknown"."""
    path = tmp_path / "lessons" / "01-map.md"
    path.parent.mkdir(parents=True)
    path.write_text(
        '+++\ntitle = "One start"\n+++\n\n# Roll\n\nRoll.\n\n'
        '```scene\nkind = "landscape"\nf = "x**2"\nstarts = [1.5]\n```\n',
        encoding="utf-8",
    )
    reader = Reader(tmp_path, Progress(enabled=False))
    reader.open_lesson(load_lesson(path), step=1)
    assert reader.command("t") == '"t" (next start) does nothing here now.'
