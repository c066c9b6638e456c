"""No lesson under the caps can stall `gradtui check`, `gradtui print` or the picker.

Lessons built here to be slow, each under the 128 KiB cap: front matter (or a block) of 18,277
distinct unknown keys, which once took check a minute (each key was located by compiling
regexes and scanning every line, past the 50-problem cap too); prose full of links and
brackets; a step of thousands of lines; twenty landscape scenes each walking 9 starts for
5,000 steps, which once took print two minutes. Nothing here is timed: the work is counted
(regex matches, Markdown parses, near-miss searches, evaluations of expressions) and must stay
in proportion to the file, or be refused with the line to fix.
"""

from __future__ import annotations

import io
import itertools
import re
import string
from pathlib import Path

import pytest

from gradtui.calculus import descent, points
from gradtui.calculus.expr import parse
from gradtui.commands import check
from gradtui.scenes.kit import cost as units
from gradtui.scenes.landscape import state as landscape_state
from gradtui.script import blocks, links, outline
from gradtui.script.blocks import MAX_PROBLEMS
from gradtui.script.budget import MAX_LESSON_SECONDS, most_within_budget
from gradtui.script.catalog import lesson_entry
from gradtui.script.outline import MAX_BRACKETS, MAX_BYTES, MAX_STEP_CHARS, MAX_STEP_LINES
from gradtui.script.parse import check_file, load_lesson
from gradtui.textmode import lesson_as_text

KEY_COUNT = 18_277  # every name of one to three letters but "title"


def key_names() -> list[str]:
    names = [
        "".join(letters)
        for size in (1, 2, 3)
        for letters in itertools.product(string.ascii_lowercase, repeat=size)
    ]
    return [name for name in names if name != "title"][:KEY_COUNT]


def written(path: Path, text: str) -> Path:
    assert len(text.encode()) <= MAX_BYTES, f"{len(text.encode()):,} bytes: over the cap"
    path.write_text(text, encoding="utf-8")
    return path


def checked(path: Path) -> list[str]:
    out = io.StringIO()
    check.run([str(path)], out=out)
    return out.getvalue().splitlines()


class Counter:
    """Wraps a callable, counting its calls."""

    def __init__(self, wrapped):
        self.wrapped = wrapped
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.wrapped(*args, **kwargs)


class CountedPattern:
    """A compiled regex whose `match` calls are counted."""

    def __init__(self, pattern):
        self.pattern = pattern
        self.matches = 0

    def match(self, *args):
        self.matches += 1
        return self.pattern.match(*args)


@pytest.fixture
def counted(monkeypatch):
    """Counts of the work of locating keys: regex matches of key lines, near-miss searches."""
    assignment = CountedPattern(blocks._ASSIGNMENT)
    header = CountedPattern(blocks._HEADER)
    near_misses = Counter(blocks.did_you_mean)
    monkeypatch.setattr(blocks, "_ASSIGNMENT", assignment)
    monkeypatch.setattr(blocks, "_HEADER", header)
    for module in ("gradtui.script.outline", "gradtui.script.validate", "gradtui.script.links"):
        monkeypatch.setattr(f"{module}.did_you_mean", near_misses)
    return {"lines": lambda: assignment.matches, "near misses": lambda: near_misses.calls}


KEY_BOMBS = {  # where the keys go, and the line of the first one
    "front matter": (lambda keys: f'+++\ntitle = "Keys"\n{keys}+++\n\n# One\n\nText.\n', 3),
    "scene block": (
        lambda keys: f'+++\ntitle = "Keys"\n+++\n\n# One\n\n```scene\nkind = "plot"\n{keys}```\n',
        9,
    ),
    "check block": (
        lambda keys: (
            f'+++\ntitle = "Keys"\n+++\n\n# One\n\n```check\nquestion = "Two?"\nanswer = 2\n'
            f"{keys}```\n"
        ),
        10,
    ),
}


@pytest.mark.parametrize("where", list(KEY_BOMBS))
def test_thousands_of_unknown_keys_are_located_in_one_pass(tmp_path, counted, where):
    make, first = KEY_BOMBS[where]
    path = written(tmp_path / "01-keys.md", make("".join(f"{name}=1\n" for name in key_names())))
    lines = checked(path)
    assert lines[0].startswith(f"{path}:{first}:1: unknown ") and "'a'" in lines[0]
    for line in lines[:MAX_PROBLEMS]:  # each located at its own line of the block
        assert line.startswith(f"{path}:") and ":1: unknown " in line
    assert lines[MAX_PROBLEMS:] == [
        f"{path}: stopped after {MAX_PROBLEMS} problems; 18,227 more not shown",
        f"checked 1 lesson: {MAX_PROBLEMS + 1} problems in 1 file",
    ]
    # each line of the block is matched once, whatever the number of keys; a near miss is
    # looked for only for the keys shown
    assert counted["lines"]() <= KEY_COUNT + 10
    assert counted["near misses"]() <= MAX_PROBLEMS


def test_the_picker_outlines_the_key_bomb_in_one_pass(tmp_path, counted):
    keys = "".join(f"{name}=1\n" for name in key_names())
    path = written(tmp_path / "01-keys.md", KEY_BOMBS["front matter"][0](keys))
    entry = lesson_entry(path)
    assert entry.problem.startswith("line 3: unknown front matter key 'a'")
    assert counted["lines"]() <= KEY_COUNT + 10
    assert counted["near misses"]() <= MAX_PROBLEMS


def test_a_heading_id_after_thousands_of_spaces_is_read_from_the_end():
    line = "#" + " " * 3990 + "The end {#end}"
    assert outline.heading_id(line) == (
        line[: -len(" {#end}")],
        outline.HeadingId("end", len(line) - 6),
    )
    spaces = "#" + " " * 3990 + "x}"  # a search from every start would try each space
    assert outline.heading_id(spaces) == (spaces, None)


def test_prose_without_a_bracket_is_not_parsed_to_find_links(tmp_path, monkeypatch):
    parses = Counter(links.markdown_tokens.__wrapped__)
    monkeypatch.setattr(links, "markdown_tokens", parses)
    steps = [f"# Step {n}\n\n" + "*emphasis* and `code` " * 40 for n in range(12)]
    path = written(
        tmp_path / "01-plain.md", '+++\ntitle = "Plain"\n+++\n\n' + "\n---\n".join(steps)
    )
    assert check_file(path) == []
    assert parses.calls == 0


def test_printing_parses_each_steps_markdown_once(tmp_path, monkeypatch):
    parses = Counter(links.markdown().parse)
    monkeypatch.setattr(links.markdown(), "parse", parses)
    links.markdown_tokens.cache_clear()
    steps = [f"# Step {n} {{#s{n}}}\n\nOn to [the next](#s{n + 1}) and *on*." for n in range(12)]
    steps.append("# Step 12 {#s12}\n\nThe end.")
    path = written(
        tmp_path / "01-linked.md", '+++\ntitle = "Linked"\n+++\n\n' + "\n---\n".join(steps)
    )
    text = lesson_as_text(load_lesson(path))
    assert "the next" in text
    assert parses.calls == len(steps)


def test_brackets_past_the_cap_are_refused_before_any_markdown_is_read(tmp_path, monkeypatch):
    parses = Counter(links.markdown_tokens.__wrapped__)
    monkeypatch.setattr(links, "markdown_tokens", parses)
    line = "![" * 50  # an image's "![" costs Markdown most of all
    body = "\n".join([line] * 20) + "\n" + "[x](#nowhere)"
    path = written(
        tmp_path / "01-brackets.md", f'+++\ntitle = "Brackets"\n+++\n\n# One\n\n{body}\n'
    )
    lines = checked(path)
    assert lines == [
        f"{path}:{7 + 20}:1: the prose of a lesson may hold at most {MAX_BRACKETS:,} '[' (every "
        "link starts with one): this is one more (split the lesson in two)",
        "checked 1 lesson: 1 problem in 1 file",
    ]
    assert parses.calls == 0


def test_broken_links_past_the_cap_are_counted_without_looking_for_near_misses(tmp_path, counted):
    ids = [f"# Step {n} {{#step-{n}}}\n\nText." for n in range(150)]
    broken = [
        "# More\n\n"
        + "\n".join(" ".join(f"[a](#nope-{n}-{m})" for m in range(25)) for _ in range(4))
        for n in range(9)
    ]  # 900 links, each to a step no step is named
    text = '+++\ntitle = "Broken"\n+++\n\n' + "\n---\n".join([*ids, *broken])
    path = written(tmp_path / "01-broken.md", text)
    lines = checked(path)
    assert lines[-2] == f"{path}: stopped after {MAX_PROBLEMS} problems; 850 more not shown"
    assert "this lesson has no step 'nope-0-0'" in lines[0]
    assert counted["near misses"]() <= MAX_PROBLEMS


def test_a_step_too_long_is_refused_where_it_passes_the_cap(tmp_path):
    many = "\n".join(["# One", "", *(f"- point {n}" for n in range(MAX_STEP_LINES))])
    wide = "\n".join(["# Two", "", *(f"{n:02} " + "*word* " * 100 for n in range(20))])
    text = '+++\ntitle = "Long"\n+++\n' + many + "\n---\n" + wide + "\n"
    path = written(tmp_path / "01-long.md", text)
    numbered = text.splitlines()
    # the first step's 201st line, and the line of the second whose characters pass 10,000
    too_many = numbered.index("# One") + 1 + MAX_STEP_LINES  # from the step's first line
    too_wide = next(n for n, line in enumerate(numbered, 1) if line.startswith("14 *word*"))
    assert len("# Two\n\n") + 15 * len(numbered[too_wide - 1] + "\n") > MAX_STEP_CHARS
    assert len("# Two\n\n") + 14 * len(numbered[too_wide - 1] + "\n") <= MAX_STEP_CHARS
    message = (
        f"a step's prose may be at most {MAX_STEP_LINES} lines and {MAX_STEP_CHARS:,} characters: "
        "this step's passes that on this line (split it in two with a line holding ---)"
    )
    assert checked(path) == [
        f"{path}:{too_many}:1: {message}",
        f"{path}:{too_wide}:1: {message}",
        "checked 1 lesson: 2 problems in 1 file",
    ]


def test_a_crowd_of_flat_places_costs_a_dozen_bisections():
    bisections = Counter(points._bisect)
    try:
        points._bisect, original = bisections, points._bisect
        found = points.flat_places(parse("sin(60*x)"), -3.0, 3.0)
    finally:
        points._bisect = original
    assert len(found) == points.MAX_FLAT_PLACES
    assert bisections.calls == points.MAX_FLAT_PLACES + 1


# --- the work of a lesson's scenes, bounded as a whole -------------------------------------------


NINE_STARTS = {"f": units.longest_expression(), "starts": [i / 4 - 1 for i in range(9)]}


def heavy_lesson(kit, steps: int, count: int = 20) -> str:
    scene = {**NINE_STARTS, "steps": steps}
    return kit.lesson_text(
        "Heavy",
        [
            f"# Walk {n}\n\nDownhill.\n\n" + kit.scene_block("landscape", scene)
            for n in range(count)
        ],
    )


def test_a_lesson_whose_scenes_ask_too_much_is_refused_with_the_figure(tmp_path, kit, monkeypatch):
    # 20 landscape scenes, each with a long f and 9 starts x 5,000 steps: print took 122 s
    path = written(tmp_path / "01-heavy.md", heavy_lesson(kit, 5000))
    walks = Counter(descent.descend)
    monkeypatch.setattr(landscape_state, "descend", walks)
    lines = checked(path)
    first_scene = path.read_text().splitlines().index("```scene") + 1  # all ask alike
    found = re.fullmatch(
        rf"{re.escape(str(path))}:{first_scene}:1: the scenes of this lesson would take about "
        rf"([\d,]+) s to print \(more than the {MAX_LESSON_SECONDS:.0f} s a lesson may ask "
        r"for\); this landscape scene asks for the most, about ([\d,]+) s: fewer steps or "
        r"starts, or a shorter f",
        lines[0],
    )
    assert found, lines[0]
    total, heaviest = (int(figure.replace(",", "")) for figure in found.groups())
    assert total > 100 and 19 * heaviest <= total <= 21 * heaviest
    assert lines[1:] == ["checked 1 lesson: 1 problem in 1 file"]
    assert walks.calls == 0  # refused from the estimate, without walking


def test_print_of_the_heaviest_lesson_check_accepts_is_bounded_by_construction(
    tmp_path, kit, priced_passes
):
    """Steps chosen as high as the budget allows: check accepts, and every evaluation print
    then runs, priced in the estimate's own units, comes to no more than the budget."""
    count = 4
    low = most_within_budget("landscape", NINE_STARTS, "steps", count, 5000)
    path = written(tmp_path / "01-heaviest.md", heavy_lesson(kit, low, count))
    assert check_file(path) == []
    over = written(tmp_path / "02-over.md", heavy_lesson(kit, low + 2, count))
    assert "would take about" in check_file(over)[0].message
    lesson_as_text(load_lesson(path))
    assert len(priced_passes) >= count * 9 * low  # every start walked every step
    assert sum(priced_passes) <= MAX_LESSON_SECONDS
