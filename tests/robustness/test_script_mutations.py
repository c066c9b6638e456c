"""Mangled lesson scripts never crash the checker: each gives Problems, or parses fine.

Seeds are the built-in lessons and the test fixtures; hypothesis deletes, duplicates and
swaps lines, truncates TOML, inserts junk, huge numbers, `---` and fences, and changes the
encoding details (BOM, CRLF, CR, bytes that are not UTF-8).
Set GRADTUI_LONG_FUZZ=1 for a long run (10,000 examples per test).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradtui.script.catalog import builtin_lessons_dir, lesson_entry, lesson_files
from gradtui.script.model import Lesson
from gradtui.script.parse import check_file, load_lesson, parse_lesson
from gradtui.script.problems import LessonError, Problem

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS = tuple(
    path.read_text(encoding="utf-8")
    for path in [
        *lesson_files(builtin_lessons_dir()),
        *lesson_files(FIXTURES / "lessons"),
        *lesson_files(FIXTURES / "broken"),
    ]
)
EXAMPLES = 10_000 if os.environ.get("GRADTUI_LONG_FUZZ") == "1" else 200
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

JUNK_LINES = st.sampled_from(
    [
        "---", "+++", "```", "```scene", "```check", "~~~", "~~~~scene", "    ```", "[[x]]",
        'kind = "plot"', 'f = "x +"', "f = 1e999", "answer = 1" + "0" * 400, "samples = -1",
        "tolerance = nan", "range = [inf, -inf]", "mark = [" + "1," * 100 + "1]",
        'options = ["a"]', 'f = "' + "(" * 300 + 'x"', "a = " + "[" * 2000, "x = {",
        '"\\u001b" = 1', "title = 3", "\x1b[2J", "\x00", "\u202e", "# ", "#" * 7 + " x",
    ]
)  # fmt: skip
NUMBERS = st.sampled_from(
    ["1e999", "-1e999", "nan", "inf", "1" + "0" * 400, "-0", "0x10", "1_000", "9" * 30, "1e-400"]
)


@st.composite
def mangled_lines(draw) -> list[str]:
    """A seed's lines with a few random edits."""
    lines = draw(st.sampled_from(SEEDS)).split("\n")
    for _ in range(draw(st.integers(1, 5))):
        edit = draw(st.integers(0, 7))
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        if edit == 0 and lines:
            del lines[at]
        elif edit == 1 and lines:
            lines.insert(at, lines[at])
        elif edit == 2 and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif edit == 3 and lines:
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
        elif edit == 4:
            lines.insert(at, draw(JUNK_LINES))
        elif edit == 5:
            lines.insert(at, draw(st.text(max_size=40)))
        elif edit == 6 and lines:
            lines[at] = re.sub(r"-?\d+(\.\d+)?", draw(NUMBERS), lines[at], count=1)
        else:
            lines = lines[: at + 1]
    return lines


@st.composite
def mangled_files(draw) -> bytes:
    """A mangled script as bytes: line endings, BOM and stray bytes varied too."""
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(draw(mangled_lines()))
    if draw(st.booleans()):
        text = "\ufeff" + text
    data = text.encode("utf-8", errors="surrogatepass")
    if draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    return data


def assert_sound(path: Path, data: bytes, problems: list[Problem]) -> None:
    """Problems are located inside the file and are one line each; a clean file loads."""
    line_count = len(re.split(rb"\r\n|\r|\n", data))
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path == path
        assert problem.message and "\n" not in problem.message
        if problem.line is not None:
            assert 1 <= problem.line <= line_count
            assert problem.column is None or problem.column >= 1
    if not problems:
        lesson = load_lesson(path)
        assert isinstance(lesson, Lesson) and lesson.steps and lesson.title


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("mutations")


def test_there_are_seeds():
    assert len(SEEDS) >= 3


@FUZZ
@given(data=mangled_files())
def test_a_mangled_file_gives_problems_never_a_crash(scratch, data):
    path = scratch / "01-mangled.md"
    path.write_bytes(data)
    assert_sound(path, data, check_file(path))
    entry = lesson_entry(path)  # the picker's quick look must not crash either
    assert entry.problem is None or "\n" not in entry.problem


@FUZZ
@given(text=st.text(max_size=300))
def test_any_text_at_all_gives_problems_never_a_crash(text):
    try:
        parse_lesson(text, Path("any.md"))
    except LessonError as err:
        assert err.problems
        assert all(isinstance(p, Problem) for p in err.problems)


@FUZZ
@given(lines=mangled_lines())
def test_mangled_text_parses_the_same_with_any_line_ending(lines):
    lines = [re.sub(r"[\r\n]", " ", line) for line in lines]  # one line stays one line
    outcomes = []
    for newline in ("\n", "\r\n", "\r"):
        try:
            outcomes.append(parse_lesson(newline.join(lines), Path("a.md")).steps)
        except LessonError as err:
            outcomes.append([(p.line, p.column, p.message) for p in err.problems])
    assert outcomes[0] == outcomes[1] == outcomes[2]


def test_a_check_nested_thousands_deep_is_a_problem_in_the_picker_too(scratch):
    """Found by the fuzzer in CI: the picker's quick look read a check's TOML on its own and
    let the parser's RecursionError through."""
    path = scratch / "01-deep.md"
    deep = "[" * 5000 + "]" * 5000
    path.write_text(
        '+++\ntitle = "Deep"\n+++\n\n## One\n\nText.\n\n```check\n'
        f'question = "Q?"\nanswer = "1"\na = {deep}\n```\n',
        encoding="utf-8",
    )
    problems = check_file(path)
    assert [p.message for p in problems if "nested too deeply" in p.message]
    entry = lesson_entry(path)
    assert entry.check_steps == (1,)
