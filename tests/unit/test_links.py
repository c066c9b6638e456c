"""Step ids and links between steps: what a link becomes, where a broken one is reported, and
how print and the prose blocks say where a link leads."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from gradtui.commands import check
from gradtui.prose import parse_prose, prose_as_plain
from gradtui.script.links import id_problem, is_web_address
from gradtui.script.outline import heading_id
from gradtui.script.parse import check_file, load_lesson
from gradtui.script.problems import LessonError
from gradtui.textmode import lesson_as_text

HEAD = '+++\ntitle = "{title}"\n+++\n\n'

SLOPE = HEAD.format(title="Slopes") + (
    "# A trail {#trail}\n\nWalk it.\n\n---\n\n# No id here\n\nText.\n\n---\n\n"
    "# The tangent {#tangent}\n\nTouch it.\n"
)
GRADIENT = HEAD.format(title="Many knobs") + (
    "# Sliders\n\nMove one.\n\n---\n\n# The compass {#compass}\n\nNorth is uphill.\n"
)


def course(tmp_path: Path, body: str, name: str = "05-carry.md") -> Path:
    """A folder with lessons 01-slope.md and 02-gradient.md, and `body` as lesson `name`."""
    (tmp_path / "01-slope.md").write_text(SLOPE, encoding="utf-8")
    (tmp_path / "02-gradient.md").write_text(GRADIENT, encoding="utf-8")
    path = tmp_path / name
    path.write_text(HEAD.format(title="Carry") + body, encoding="utf-8")
    return path


def problems(path: Path) -> list[tuple[int | None, int | None, str]]:
    return [(p.line, p.column, p.message) for p in check_file(path)]


def column_of(path: Path, line: int, text: str) -> int:
    """The 1-based column where `text` starts on file line `line` (counted independently)."""
    return path.read_text(encoding="utf-8").split("\n")[line - 1].index(text) + 1


# --- ids -------------------------------------------------------------------------------------


def test_a_heading_attribute_names_the_step_and_is_not_shown():
    stripped, marked = heading_id("# The compass {#compass}")
    assert (stripped, marked.id, marked.column) == ("# The compass", "compass", 14)
    stripped, marked = heading_id("## Predict first   {#predict-1}  ")
    assert stripped == "## Predict first" and marked.id == "predict-1"
    assert "## Predict first   {#predict-1}  "[marked.column] == "{"
    assert heading_id("# A set {1, 2}") == ("# A set {1, 2}", None)


@pytest.mark.parametrize("good", ["compass", "a", "step-2", "first_try", "X" * 40])
def test_good_ids(good):
    assert id_problem(good) is None


@pytest.mark.parametrize("bad", ["", "2nd", "two words", "-x", "é", "x" * 41, "a.b"])
def test_bad_ids_say_what_an_id_is(bad):
    assert "id" in id_problem(bad)


def test_ids_and_titles_of_a_parsed_lesson(tmp_path):
    lesson = load_lesson(course(tmp_path, "# Here {#here}\n\nWords.\n"))
    slope = load_lesson(tmp_path / "01-slope.md")
    assert [step.id for step in slope.steps] == ["trail", "", "tangent"]
    assert [step.title for step in slope.steps] == ["A trail", "No id here", "The tangent"]
    assert "{#" not in slope.steps[0].prose and slope.steps[0].prose.startswith("# A trail\n")
    assert slope.step_named("tangent").number == 3
    assert slope.step_named("") is None and slope.step_named("nope") is None
    assert lesson.steps[0].links == ()


def test_a_bad_an_empty_a_repeated_and_a_misplaced_id_are_located(tmp_path):
    body = (
        "# One {#2bad}\n\n---\n\n# Two {#}\n\n---\n\n# Three {#same}\n\n## Also {#other}\n\n"
        "---\n\n# Four {#same}\n"
    )
    path = course(tmp_path, body)
    found = problems(path)
    assert [(line, column) for line, column, _ in found] == [
        (5, column_of(path, 5, "{#2bad}")),
        (9, column_of(path, 9, "{#}")),
        (15, column_of(path, 15, "{#other}")),
        (19, column_of(path, 19, "{#same}")),
    ]
    assert "'2bad' is not a name" in found[0][2]
    assert "empty step id" in found[1][2]
    assert "not its first" in found[2][2]
    assert "already the id of the step on line 13" in found[3][2]


# --- links that lead somewhere ---------------------------------------------------------------


def test_links_to_a_step_a_lesson_and_a_step_here_are_resolved(tmp_path):
    body = (
        "# Here {#here}\n\nSee [the compass](gradient#compass), [lesson one](slope) and\n"
        "[this step](#here); the web [stays](https://example.com).\n"
    )
    path = course(tmp_path, body)
    step = load_lesson(path).steps[0]
    compass, slope, here = step.links
    assert (compass.text, compass.href, compass.line) == ("the compass", "gradient#compass", 7)
    assert compass.column == column_of(path, 7, "[the compass]")
    assert compass.target.path == tmp_path / "02-gradient.md"
    assert (compass.target.step, compass.target.step_title, compass.target.step_id) == (
        2,
        "The compass",
        "compass",
    )
    assert compass.target.describe() == "lesson 2, step 2: The compass"
    assert not compass.target.here and not compass.target.whole_lesson
    assert slope.target.whole_lesson and slope.target.step == 1
    assert slope.target.describe() == "lesson 1: Slopes"
    assert here.target.here and here.target.describe() == "step 1: Here"
    assert (here.line, here.column) == (8, 1)


def test_a_link_may_name_its_own_lesson_by_slug_and_steps_it_has_not_reached_yet(tmp_path):
    body = "# One\n\nOn to [the end](carry#end).\n\n---\n\n# The end {#end}\n"
    (link,) = load_lesson(course(tmp_path, body)).steps[0].links
    assert link.target.here and link.target.step == 2


def test_slugs_are_matched_without_regard_to_case(tmp_path):
    (link,) = load_lesson(course(tmp_path, "[x](Gradient#compass)\n")).steps[0].links
    assert link.target.slug == "gradient"


def test_a_link_in_code_is_not_a_link(tmp_path):
    body = "Write `[words](nowhere#x)` to link.\n\n```text\n[a](nowhere)\n```\n"
    assert problems(course(tmp_path, body)) == []


def test_a_reference_style_link_is_looked_up_too(tmp_path):
    body = "Text first.\n\nThe [compass][c] and [a miss][m].\n\n[c]: gradient#compass\n[m]: gone\n"
    path = course(tmp_path, body)
    ((line, column, message),) = problems(path)
    assert (line, column) == (7, 1) and "no lesson 'gone'" in message
    link = load_lesson(course(tmp_path, body.replace("gone", "slope"))).steps[0].links[0]
    assert (link.text, link.target.step_id) == ("compass", "compass")


def test_web_addresses_are_never_looked_up():
    assert is_web_address("https://example.com/a#b") and is_web_address("mailto:a@b.c")
    assert not is_web_address("gradient#compass") and not is_web_address("#here")


# --- links that lead nowhere -----------------------------------------------------------------


def test_each_broken_link_is_reported_at_its_bracket(tmp_path):
    body = (
        "Good [one](gradient#compass), then [a typo](gradient#compas),\n"
        "  [no lesson](three) and [no step here](#nope) and [empty]()\n"
        "> and [by number](2) or [by file](02-gradient.md#compass) or [end](slope#).\n"
    )
    path = course(tmp_path, body)
    found = problems(path)
    expected = [
        (5, "[a typo]", "lesson 'gradient' has no step 'compas' (did you mean 'compass'?)"),
        (6, "[no lesson]", "no lesson 'three' in this folder; the lessons here are: carry, "
         "gradient, slope"),
        (6, "[no step here]", "this lesson has no step 'nope'; none of its steps has an id"),
        (6, "[empty]", "this link leads nowhere"),
        (7, "[by number]", "not by a number"),
        (7, "[by file]", "write 'gradient', not '02-gradient.md'"),
        (7, "[end]", "ends in '#' with no step id"),
    ]  # fmt: skip
    assert [(line, column) for line, column, _ in found] == [
        (line, column_of(path, line, text)) for line, text, _ in expected
    ]
    for (_, _, message), (_, _, words) in zip(found, expected, strict=True):
        assert words in message


def test_a_link_to_a_step_of_a_lesson_without_ids_says_so(tmp_path):
    (tmp_path / "03-plain.md").write_text(HEAD.format(title="P") + "# A\n", encoding="utf-8")
    ((_, _, message),) = problems(course(tmp_path, "[x](plain#a)\n"))
    assert "lesson 'plain' has no step 'a'" in message and "none of its steps has an id" in message


def test_two_lessons_with_one_slug_make_a_link_ambiguous(tmp_path):
    path = course(tmp_path, "[x](slope)\n")
    (tmp_path / "07-slope.md").write_text(SLOPE, encoding="utf-8")
    ((_, _, message),) = problems(path)
    assert "'slope' names more than one lesson" in message and "07-slope.md" in message


def test_a_lesson_that_cannot_be_read_is_named(tmp_path):
    path = course(tmp_path, "[x](slope#trail)\n")
    (tmp_path / "01-slope.md").write_bytes(b"\xff\xfe not utf-8")
    ((_, _, message),) = problems(path)
    assert "lesson 'slope' (01-slope.md) cannot be read" in message


def test_a_broken_link_stops_the_lesson_loading_like_any_problem(tmp_path):
    with pytest.raises(LessonError):
        load_lesson(course(tmp_path, "[x](nowhere)\n"))


# --- see ------------------------------------------------------------------------------------


CHECK = (
    '```check\nquestion = "Which way?"\noptions = ["up", "down"]\nanswer = "up"\n'
    'see = "{see}"\n```\n'
)


def test_a_check_names_the_step_that_teaches_it(tmp_path):
    step = load_lesson(course(tmp_path, CHECK.format(see="gradient#compass"))).steps[0]
    assert step.check.see_href == "gradient#compass"
    assert step.check.see.describe() == "lesson 2, step 2: The compass"
    lesson = load_lesson(course(tmp_path, CHECK.format(see="slope")))
    assert lesson.steps[0].check.see.whole_lesson
    assert load_lesson(course(tmp_path, "# Q\n")).steps[0].check is None


def test_a_see_that_leads_nowhere_is_reported_inside_its_quotes(tmp_path):
    path = course(tmp_path, CHECK.format(see="gradient#north"))
    ((line, column, message),) = problems(path)
    assert (line, column) == (9, column_of(path, 9, "gradient#north"))
    assert message.startswith("see: lesson 'gradient' has no step 'north'")


def test_a_see_must_be_a_step_not_a_web_address_nor_a_number(tmp_path):
    ((_, _, message),) = problems(course(tmp_path, CHECK.format(see="https://x.org")))
    assert "not a web address" in message
    path = course(tmp_path, CHECK.replace('"{see}"', "3"))
    ((_, _, message),) = problems(path)
    assert message == "see must be text in quotes"


# --- what the learner reads ------------------------------------------------------------------


def test_print_says_where_each_link_leads(tmp_path):
    body = "# Back {#back}\n\nRecall [the compass](gradient#compass).\n\n" + CHECK.format(
        see="slope#tangent"
    )
    text = lesson_as_text(load_lesson(course(tmp_path, body)))
    assert "Recall [the compass → lesson 2, step 2: The compass]." in text
    assert "  see: lesson 1, step 3: The tangent" in text
    assert "{#back}" not in text
    ascii_text = lesson_as_text(load_lesson(course(tmp_path, body)), ascii=True)
    assert "[the compass -> lesson 2, step 2: The compass]" in ascii_text


def test_prose_spans_carry_the_link_the_app_follows(tmp_path):
    body = "Recall [the *compass*](gradient#compass) and [the web](https://a.example).\n"
    step = load_lesson(course(tmp_path, body)).steps[0]
    (block,) = parse_prose(step.prose, step.links)
    linked = [span for span in block.spans if span.link is not None]
    assert [span.text for span in linked] == ["the ", "compass"]
    assert all(span.link is step.links[0] for span in linked)
    assert block.links == [step.links[0]]
    assert block.text == "Recall the compass and the web <https://a.example>."
    for text, style in block.spans:  # spans still unpack as (text, style) pairs
        assert isinstance(text, str) and isinstance(style, str)


def test_prose_without_its_links_shows_the_address_as_before():
    (block,) = parse_prose("See [the compass](gradient#compass).")
    assert block.text == "See the compass <gradient#compass>."
    assert prose_as_plain("See [it](#x).") == "See it <#x>."


def test_check_reports_a_broken_link_in_a_checked_folder_and_exits_1(tmp_path):
    path = course(tmp_path, "Go [there](gradient#nowhere).\n")
    out = io.StringIO()
    assert check.run([str(tmp_path)], out=out) == 1
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"{path}:5:{column_of(path, 5, '[there]')}: lesson 'gradient'")
    assert lines[-1] == "checked 3 lessons: 1 problem in 1 file"
    out = io.StringIO()
    assert check.run([str(tmp_path / "01-slope.md")], out=out) == 0
