"""Size caps a lesson cannot pass: steps, scenes, line length and file size, each reported by
`gradtui check` as path:line:col, so a stranger's script can never make check, print or the
picker crawl (a 20,000-step script once took print 8 minutes)."""

from __future__ import annotations

import io
from pathlib import Path

from gradtui.commands import check
from gradtui.script.catalog import list_lessons
from gradtui.script.outline import MAX_BYTES, MAX_LINE_CHARS, MAX_SCENES, MAX_STEPS
from gradtui.script.parse import load_lesson

HEAD = '+++\ntitle = "Caps"\n+++\n'
SCENE = '```scene\nkind = "plot"\nf = "x**2"\n```'


def script(steps: list[str]) -> str:
    return HEAD + "\n---\n".join(steps) + "\n"


def checked(path: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = check.run([str(path)], out=out)
    return code, out.getvalue().splitlines()


def separator_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), start=1) if line == "---"]


def test_the_largest_number_of_steps_is_allowed(tmp_path: Path):
    path = tmp_path / "01-many.md"
    path.write_text(script([f"# Step {n}" for n in range(MAX_STEPS)]))
    assert len(load_lesson(path).steps) == MAX_STEPS
    assert checked(path)[0] == 0


def test_one_step_more_is_reported_where_it_starts(tmp_path: Path):
    path = tmp_path / "01-many.md"
    text = script([f"# Step {n}" for n in range(MAX_STEPS + 1)])
    path.write_text(text)
    code, lines = checked(path)
    where = separator_lines(text)[MAX_STEPS - 1]
    assert code == 1
    assert lines == [
        f"{path}:{where}:1: a lesson may have at most {MAX_STEPS} steps: this line would start "
        f"step {MAX_STEPS + 1} (split the lesson in two)",
        "checked 1 lesson: 1 problem in 1 file",
    ]
    (entry,) = list_lessons(tmp_path)  # the picker says so too
    assert entry.problem.startswith(f"line {where}: a lesson may have at most {MAX_STEPS} steps")


def test_twenty_thousand_steps_give_one_problem_and_the_rest_is_not_read(tmp_path: Path):
    path = tmp_path / "01-huge.md"
    path.write_text(script([f"# {n}\n\n{SCENE}" if n % 500 == 0 else "x" for n in range(20_000)]))
    assert path.stat().st_size <= MAX_BYTES
    code, lines = checked(path)
    assert code == 1
    assert "a lesson may have at most 200 steps" in lines[0]
    assert lines[1:] == ["checked 1 lesson: 1 problem in 1 file"]  # its 40 scenes: not read


def test_a_separator_with_nothing_after_it_is_not_counted_as_a_step(tmp_path: Path):
    path = tmp_path / "01-trailing.md"
    path.write_text(script([f"# Step {n}" for n in range(MAX_STEPS)]) + "---\n")
    _, lines = checked(path)
    assert "nothing after this" in lines[0] and "at most" not in lines[0]


def test_scenes_past_the_cap_are_reported_at_the_first_one_too_many(tmp_path: Path):
    allowed = tmp_path / "01-scenes.md"
    allowed.write_text(script([f"# Step {n}\n\n{SCENE}" for n in range(MAX_SCENES)]))
    assert checked(allowed)[0] == 0
    over = tmp_path / "02-scenes.md"
    text = script([f"# Step {n}\n\n{SCENE}" for n in range(MAX_SCENES + 3)])
    over.write_text(text)
    fences = [n for n, line in enumerate(text.splitlines(), start=1) if line == "```scene"]
    code, lines = checked(over)
    assert code == 1
    assert lines[0] == (
        f"{over}:{fences[MAX_SCENES]}:1: a lesson may have at most {MAX_SCENES} scenes: this is "
        f"scene {MAX_SCENES + 1} of {MAX_SCENES + 3} (split the lesson in two)"
    )
    assert len(lines) == 2  # one problem, then the summary


def test_a_line_too_long_is_reported_at_the_column_past_the_cap(tmp_path: Path):
    path = tmp_path / "01-long.md"
    long_title = "T" * (MAX_LINE_CHARS + 10)
    path.write_text(f'+++\ntitle = "{long_title}"\n+++\n# a\n\n{"word " * 100}\n')
    code, lines = checked(path)
    length = len(f'title = "{long_title}"')
    assert code == 1
    assert lines[0] == (
        f"{path}:2:{MAX_LINE_CHARS + 1}: this line is {length:,} characters long; a line may be "
        f"at most {MAX_LINE_CHARS:,} (break a long paragraph over several lines)"
    )
