"""Lesson scripts: what a valid script becomes, and the `path:line:col` of every kind of mistake."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gradtui.script.blocks import MAX_PROBLEMS
from gradtui.script.catalog import builtin_lessons_dir, lesson_files
from gradtui.script.outline import MAX_BYTES, lesson_name
from gradtui.script.parse import check_file, load_lesson
from gradtui.script.problems import LessonError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HEAD = '+++\ntitle = "T"\n+++\n'  # lines 1-3: the steps start on line 4


def problems_in(tmp_path: Path, text: str | bytes, name: str = "01-t.md") -> list[tuple]:
    """(line, column, message) of every problem check_file finds in `text`."""
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    found = check_file(path)
    assert all(p.path == path for p in found)
    return [(p.line, p.column, p.message) for p in found]


def only_problem(tmp_path: Path, text: str | bytes) -> tuple:
    found = problems_in(tmp_path, text)
    assert len(found) == 1, found
    return found[0]


def scene(*lines: str) -> str:
    """A script whose first step holds a scene block with these lines (the first on line 5)."""
    return HEAD + "```scene\n" + "".join(line + "\n" for line in lines) + "```\n"


# --- A valid script ------------------------------------------------------------------------


def test_the_tiny_fixture_lesson_becomes_steps_with_scenes_and_checks():
    lesson = load_lesson(FIXTURES / "lessons" / "01-tiny.md")
    assert (lesson.number, lesson.slug) == (1, "tiny")
    assert lesson.title == "A tiny lesson"
    assert lesson.summary == "Used by the tests: one of everything."
    assert lesson.front["minutes"] == 3
    assert [step.number for step in lesson.steps] == [1, 2, 3]
    assert [step.title for step in lesson.steps] == ["Steepness", "Code stays in the prose", ""]

    first, second, third = lesson.steps
    assert first.line == 8
    assert first.scene.kind == "plot"
    assert first.scene.line == 12
    assert first.scene.params["f"] == "x^2 - 1"
    assert first.scene.params["range"] == (-2.0, 2.0)
    assert first.scene.params["samples"] == 240  # a default, filled in
    assert "```scene" not in first.prose and 'kind = "plot"' not in first.prose
    assert first.prose.startswith("# Steepness") and first.prose.endswith("Keep reading.")

    assert "a line of dashes below is code" in second.prose
    assert "---" in second.prose  # the dashes inside the code block stayed in the prose
    assert second.scene is None
    assert second.check.answer == 6.0 and second.check.tolerance == 0.01
    assert not second.check.is_choice
    assert second.check.hint == "The slope of x^2 is 2x."
    assert "```check" not in second.prose

    assert third.check.options == ("uphill", "downhill", "along the contour")
    assert third.check.answer == 1
    assert third.check.is_choice
    assert third.prose == "No heading in this step."


def test_a_bom_and_crlf_or_cr_line_endings_read_the_same(tmp_path):
    text = (FIXTURES / "lessons" / "01-tiny.md").read_text(encoding="utf-8")
    plain = load_lesson(FIXTURES / "lessons" / "01-tiny.md")
    for variant in (
        "\ufeff" + text,
        text.replace("\n", "\r\n"),
        "\ufeff" + text.replace("\n", "\r"),
    ):
        path = tmp_path / "01-tiny.md"
        path.write_text(variant, encoding="utf-8", newline="")
        lesson = load_lesson(path)
        assert lesson.title == plain.title
        assert [s.prose for s in lesson.steps] == [s.prose for s in plain.steps]
        assert [s.scene for s in lesson.steps] == [s.scene for s in plain.steps]
        assert [s.check for s in lesson.steps] == [s.check for s in plain.steps]


def test_problems_in_a_crlf_file_are_on_the_same_lines(tmp_path):
    text = scene('kind = "plot"', 'f = "x +* 2"').replace("\n", "\r\n")
    assert only_problem(tmp_path, "\ufeff" + text)[:2] == (6, 9)


@pytest.mark.parametrize(
    ("name", "number", "slug"),
    [("01-slope.md", 1, "slope"), ("my-lesson.md", None, "my-lesson"), ("7_gears.md", 7, "gears")],
)
def test_number_and_slug_come_from_the_file_name(name, number, slug):
    assert lesson_name(Path(name)) == (number, slug)


def test_a_dash_line_inside_a_fence_does_not_split_steps(tmp_path):
    path = tmp_path / "fence.md"
    path.write_text(HEAD + "# One\n~~~~\n---\n  ---  \n~~~~\n   ---   \n# Two\n", encoding="utf-8")
    lesson = load_lesson(path)
    assert [step.title for step in lesson.steps] == ["One", "Two"]
    assert "---\n  ---  " in lesson.steps[0].prose


def test_a_heading_inside_a_code_block_is_not_the_step_title(tmp_path):
    path = tmp_path / "t.md"
    path.write_text(HEAD + "```\n# not a title\n```\n\n## The title ##\n", encoding="utf-8")
    assert load_lesson(path).steps[0].title == "The title"


# --- Whole-file problems --------------------------------------------------------------------


def test_a_missing_file_a_folder_and_an_empty_file_are_problems(tmp_path):
    assert [p.message for p in check_file(tmp_path / "nope.md")] == ["no such file"]
    assert "folder" in check_file(tmp_path)[0].message
    assert only_problem(tmp_path, "") == (None, None, "the file is empty")
    assert only_problem(tmp_path, "\ufeff \n\n")[2] == "the file is empty"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_without_blocking_on_it(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")
    assert [p.message for p in check_file(tmp_path / "pipe.md")] == [
        "this is a named pipe, not a lesson file"
    ]


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(tmp_path):
    line, column, message = only_problem(tmp_path, HEAD + "# a\n" + "x" * MAX_BYTES)
    assert (line, column) == (None, None)
    assert "at most 128 KiB" in message


def test_bytes_that_are_not_utf8_are_located(tmp_path):
    text = (HEAD + "# a\n").encode() + b"caf\xe9\n"
    line, column, message = only_problem(tmp_path, text)
    assert (line, column) == (5, 4)
    assert "not UTF-8" in message and "0xe9" in message


def test_control_characters_are_refused_where_they_are(tmp_path):
    line, column, message = only_problem(tmp_path, HEAD + "# a\nred \x1b[31m text\n")
    assert (line, column) == (5, 5)
    assert "U+001B" in message


# --- Front matter ----------------------------------------------------------------------------


def test_no_front_matter(tmp_path):
    line, column, message = problems_in(tmp_path, "# a\nsome prose\n")[0]
    assert (line, column) == (1, 1)
    assert "no front matter" in message and "+++" in message


def test_yaml_style_front_matter_is_explained(tmp_path):
    line, column, message = only_problem(tmp_path, "---\ntitle: x\n---\n# a\n")
    assert (line, column) == (1, 1)
    assert '"+++"' in message and "TOML" in message


def test_unterminated_front_matter_points_at_its_opening(tmp_path):
    line, column, message = only_problem(tmp_path, '\n+++\ntitle = "x"\n# a\n')
    assert (line, column) == (2, 1)
    assert "never closed" in message


def test_bad_toml_in_the_front_matter_is_located_in_the_file(tmp_path):
    text = '\n\n+++\ntitle = "T"\nminutes = 3 4\n+++\n# a\n'
    line, column, message = only_problem(tmp_path, text)
    assert (line, column) == (5, 13)
    assert message.startswith("invalid TOML in the front matter: ")
    assert "(at line" not in message


def test_text_without_quotes_gets_a_hint(tmp_path):
    line, column, message = only_problem(tmp_path, "+++\ntitle = Hello\n+++\n# a\n")
    assert (line, column) == (2, 9)
    assert "quotes" in message


def test_front_matter_without_title(tmp_path):
    assert only_problem(tmp_path, '+++\nsummary = "s"\n+++\n# a\n')[:2] == (1, 1)
    line, column, message = only_problem(tmp_path, "+++\ntitle = 3\n+++\n# a\n")
    assert (line, column, message) == (2, 9, "title must be text in quotes")
    assert only_problem(tmp_path, '+++\ntitle = "  "\n+++\n# a\n')[2] == "title must not be empty"


def test_unknown_front_matter_keys_list_the_valid_ones(tmp_path):
    line, column, message = only_problem(tmp_path, '+++\ntitle = "T"\n  sumary = "s"\n+++\n# a\n')
    assert (line, column) == (3, 3)
    assert "'sumary'" in message and "did you mean 'summary'" in message
    assert "title, summary, authors, minutes" in message


def test_front_matter_extras_are_checked(tmp_path):
    found = problems_in(tmp_path, '+++\ntitle = "T"\nauthors = "me"\nminutes = 0\n+++\n# a\n')
    assert [(line, message.split()[0]) for line, _, message in found] == [
        (3, "authors"),
        (4, "minutes"),
    ]


# --- Steps -----------------------------------------------------------------------------------


def test_front_matter_alone_has_no_steps(tmp_path):
    line, column, message = only_problem(tmp_path, HEAD + "\n  \n")
    assert (line, column) == (3, 1)
    assert "no steps" in message


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("# a\n---\n---\n# b\n", 6, "step 2 is empty"),
        ("---\n# a\n", 4, "first step is empty"),
        ("# a\n---\n\n", 5, "nothing after"),
        ("# a\n---\n  \n ---\n# c\n", 7, "step 2 is empty"),
    ],
)
def test_an_empty_step_is_reported_at_its_separator(tmp_path, body, line, words):
    found_line, column, message = only_problem(tmp_path, HEAD + body)
    assert (found_line, column) == (line, 1)
    assert words in message


def test_an_unterminated_fence_points_at_its_opening_line(tmp_path):
    line, column, message = only_problem(tmp_path, HEAD + "# a\n\n  ~~~python\nx = 1\n---\n# b\n")
    assert (line, column) == (6, 3)
    assert "never closed" in message and "~~~" in message


def test_two_scene_blocks_in_one_step_point_at_the_second(tmp_path):
    block = '```scene\nkind = "plot"\nf = "x"\n```\n'
    line, column, message = only_problem(tmp_path, HEAD + block + "\n" + block)
    assert (line, column) == (9, 1)
    assert "only one scene block" in message and "line 4" in message


def test_two_check_blocks_in_one_step_point_at_the_second(tmp_path):
    block = '```check\nquestion = "q"\nanswer = 1\n```\n'
    line, _, message = only_problem(tmp_path, HEAD + block + block)
    assert line == 8
    assert "only one check block" in message


# --- Scene blocks ------------------------------------------------------------------------------


def test_bad_toml_in_a_scene_block_is_located_in_the_file(tmp_path):
    line, column, message = only_problem(
        tmp_path, scene('kind = "plot"', 'f = "x"', "range = [1, ]]")
    )
    assert (line, column) == (7, 14)
    assert message.startswith("invalid TOML in the scene block: ")


def test_an_unterminated_string_points_at_the_end_of_its_line(tmp_path):
    line, column, message = only_problem(tmp_path, scene('kind = "plot"', 'f = "x^2'))
    assert (line, column) == (6, 9)
    assert "unterminated string" in message


def test_a_scene_block_needs_a_kind(tmp_path):
    line, column, message = only_problem(tmp_path, scene('f = "x"'))
    assert (line, column) == (4, 1)
    assert 'kind = "..."' in message and "plot" in message


def test_an_unknown_kind_lists_the_valid_kinds(tmp_path):
    line, column, message = only_problem(tmp_path, scene('kind = "plots"'))
    assert (line, column) == (5, 8)
    assert "unknown scene kind 'plots'" in message
    assert "did you mean 'plot'" in message and "the kinds are: " in message


def test_an_unknown_parameter_lists_the_kinds_parameters(tmp_path):
    line, column, message = only_problem(tmp_path, scene('kind = "plot"', 'f = "x"', "colour = 1"))
    assert (line, column) == (7, 1)
    assert "unknown parameter 'colour' for a plot scene" in message
    assert "its parameters are: f, range" in message


def test_a_value_of_the_wrong_kind_points_at_the_value(tmp_path):
    line, column, message = only_problem(
        tmp_path, scene('kind = "plot"', 'f = "x"', 'samples = "lots"')
    )
    assert (line, column) == (7, 11)
    assert message == "samples must be a whole number, not text"


def test_a_value_out_of_range(tmp_path):
    line, _, message = only_problem(tmp_path, scene('kind = "plot"', 'f = "x"', "samples = 1"))
    assert line == 7
    assert "at least 10" in message


def test_a_number_too_large_for_a_float_is_a_problem_not_a_crash(tmp_path):
    found = problems_in(
        tmp_path, scene('kind = "plot"', 'f = "x"', "samples = 1" + "0" * 400, "mark = [1e999]")
    )
    assert [line for line, _, _ in found] == [7, 8]


def test_a_missing_required_parameter_points_at_the_block(tmp_path):
    line, column, message = only_problem(tmp_path, scene('kind = "plot"'))
    assert (line, column) == (4, 1)
    assert message.startswith("a plot scene needs f ")


def test_a_bad_expression_points_at_the_bad_character(tmp_path):
    written = 'f  =  "x + (2 *"'
    line, column, message = only_problem(tmp_path, scene('kind = "plot"', written))
    assert line == 6
    assert written[column - 1] == "("  # the bracket that is never closed
    assert message.startswith("f: ") and "never closed" in message


def test_a_bad_character_in_an_expression_has_its_exact_column(tmp_path):
    line, column, message = only_problem(tmp_path, scene('kind = "plot"', "f = 'x +* 2'"))
    assert (line, column) == (6, 9)  # the '*'
    assert message.startswith("f: ")


def test_an_expression_with_an_unknown_variable(tmp_path):
    line, column, message = only_problem(tmp_path, scene('kind = "plot"', 'f = "x + y"'))
    assert (line, column) == (6, 10)  # the 'y'
    assert "y" in message


def test_an_expression_with_escapes_points_at_its_value(tmp_path):
    line, column, _ = only_problem(tmp_path, scene('kind = "plot"', 'f = "x \\u002b* 2"'))
    assert (line, column) == (6, 5)


def test_each_expression_in_a_list_is_checked_where_it_is(tmp_path):
    line, column, message = only_problem(
        tmp_path, scene('kind = "plot"', 'f = "x"', 'also = ["2*x", "z - 1"]')
    )
    assert (line, column) == (7, 17)  # the 'z'
    assert message.startswith("also: ")


def test_every_problem_in_a_file_is_reported_in_file_order(tmp_path):
    text = (FIXTURES / "broken" / "scene-params.md").read_text(encoding="utf-8")
    found = problems_in(tmp_path, text)
    assert [(line, column) for line, column, _ in found] == [
        (3, 1),
        (9, 8),
        (19, 1),
        (20, 11),
        (29, 9),
        (30, 17),
        (39, 5),
    ]


def test_problems_are_capped(tmp_path):
    steps = "\n---\n".join(scene('kind = "nope"')[len(HEAD) :] for _ in range(MAX_PROBLEMS + 10))
    found = problems_in(tmp_path, HEAD + steps)
    assert len(found) == MAX_PROBLEMS + 1
    # 60 unknown kinds, and the 21st scene past the cap of 20: 61, of which 11 are counted
    assert found[-1][2] == f"stopped after {MAX_PROBLEMS} problems; 11 more not shown"


# --- Check blocks ------------------------------------------------------------------------------


def check(*lines: str) -> str:
    """A script whose first step holds a check block with these lines (the first on line 5)."""
    return HEAD + "```check\n" + "".join(line + "\n" for line in lines) + "```\n"


def test_a_check_needs_a_question_and_an_answer(tmp_path):
    found = problems_in(tmp_path, check("hint = 'h'"))
    assert [(line, column) for line, column, _ in found] == [(4, 1), (4, 1)]
    assert "question" in found[0][2] and "answer" in found[1][2]


def test_a_number_answer_must_be_a_number(tmp_path):
    line, column, message = only_problem(tmp_path, check('question = "q"', 'answer = "6"'))
    assert (line, column) == (6, 10)
    assert "answer must be a number" in message


def test_a_negative_tolerance_is_refused(tmp_path):
    found = only_problem(tmp_path, check('question = "q"', "answer = 6", "tolerance = -0.5"))
    assert found[:2] == (7, 13)
    assert "tolerance" in found[2]


def test_the_answer_of_a_choice_must_be_one_of_the_options(tmp_path):
    text = check('question = "q"', 'options = ["up", "down"]', 'answer = "left"')
    line, column, message = only_problem(tmp_path, text)
    assert (line, column) == (7, 10)
    assert "'up', 'down'" in message


@pytest.mark.parametrize(
    "options",
    ['["only"]', "[1, 2]", '["a", "a"]', "[" + ", ".join(f'"{n}"' for n in range(10)) + "]"],
)
def test_options_must_be_two_to_nine_different_texts(tmp_path, options):
    line, column, message = only_problem(
        tmp_path, check('question = "q"', f"options = {options}", 'answer = "a"')
    )
    assert (line, column) == (6, 11)
    assert message.startswith("options must")


def test_unknown_check_keys_list_the_valid_ones(tmp_path):
    found = only_problem(tmp_path, check('question = "q"', "answer = 1", "hnt = 'h'"))
    assert found[:2] == (7, 1)
    assert "did you mean 'hint'" in found[2] and "question, answer, tolerance" in found[2]


def test_tolerance_does_not_go_with_options(tmp_path):
    text = check('question = "q"', 'options = ["a", "b"]', 'answer = "a"', "tolerance = 1")
    assert only_problem(tmp_path, text)[:2] == (8, 1)


# --- The built-in lessons ------------------------------------------------------------------------


def test_there_are_built_in_lessons():
    assert lesson_files(builtin_lessons_dir()), f"no lessons in {builtin_lessons_dir()}"


@pytest.mark.parametrize("path", lesson_files(builtin_lessons_dir()), ids=lambda p: p.name)
def test_every_built_in_lesson_loads(path):
    try:
        lesson = load_lesson(path)
    except LessonError as err:
        pytest.fail(f"{path.name} does not load:\n{err}")
    assert lesson.number is not None and lesson.steps


def test_a_bad_byte_right_after_a_cr_line_ending_is_on_the_next_line(tmp_path):
    text = b'\xef\xbb\xbf+++\rtitle = "T"\r+++\r\xff'
    assert only_problem(tmp_path, text)[:2] == (4, 1)


def test_a_kind_that_is_not_text(tmp_path):
    line, column, message = only_problem(tmp_path, scene("kind = 3"))
    assert (line, column) == (5, 8)
    assert message.startswith("kind must be text in quotes, one of: ") and "plot" in message
