"""Lesson scripts → `Lesson`: every scene and check block checked, every link looked up.

`outline.py` reads the file safely and splits it into front matter and steps, checking only
its shape (cheap enough for the picker at start-up). `parse_lesson` builds on it: the checks of
every scene and check block (gradtui/script/validate.py), and every link and `see` looked up
(gradtui/script/links.py) among the lessons of the script's own folder. The format is
described for authors in docs/lesson-format.md.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from gradtui.script.blocks import Block, Report
from gradtui.script.budget import check_budget
from gradtui.script.links import (
    Course,
    LessonMarks,
    StepMark,
    find_links,
    id_problem,
    is_web_address,
    resolve,
)
from gradtui.script.model import CheckSpec, Lesson, Link, Step
from gradtui.script.outline import (
    HEADING_LINE,
    HeadingId,
    Section,
    heading_id,
    heading_lines,
    lesson_files,
    lesson_name,
    outline,
    read_script,
    step_heading,
)
from gradtui.script.problems import LessonError, Problem
from gradtui.script.validate import read_check, read_scene, value_position


@dataclass(frozen=True)
class _Draft:
    """A step before its links are looked up (they may lead to any step of the lesson)."""

    number: int
    section: Section
    title: str
    heading: tuple[int, HeadingId] | None  # (file line, its {#id}) when the heading has one
    prose: tuple[tuple[int, str], ...]  # (file line, text) of each line of prose
    scene: Any
    check: CheckSpec | None
    first: int  # the step's first line that holds something
    see_at: tuple[int, int] | None = None  # where the check's `see` is written

    @property
    def id(self) -> str:
        return self.heading[1].id if self.heading is not None else ""


def parse_lesson(text: str, path: Path, course: Course | None = None) -> Lesson:
    """Parse and validate a whole script; raises LessonError carrying every problem found.

    Links and `see` that name another lesson are looked up in `course`: by default the
    lessons in the script's own folder, read only when a link names one of them.
    """
    path = Path(path)
    report = Report(path)
    shape = outline(text, path, report)
    if shape is None:
        raise LessonError(report.sorted())
    drafts = []
    for number, section in enumerate(shape.sections, start=1):
        scene = check = see_at = None
        seen: dict[str, int] = {}
        for fence in section.fences:
            if fence.info not in ("scene", "check") or fence.end is None:
                continue
            if fence.info in seen:
                report.add(
                    fence.line,
                    fence.indent + 1,
                    f"a step may hold only one {fence.info} block; this step already has one "
                    f"on line {seen[fence.info]} (separate steps with a line holding ---)",
                )
                continue
            seen[fence.info] = fence.line
            block = fence.block(shape.lines)
            if fence.info == "scene":
                scene = read_scene(block, report)
            else:
                check = read_check(block, report)
                see_at = _see_position(check, block, report)
        draft = _draft(number, section, shape.lines, scene, check, report)
        drafts.append(replace(draft, see_at=see_at) if see_at else draft)
    lesson_number, slug = lesson_name(path)
    front = shape.front
    title = front["title"].strip() if isinstance(front.get("title"), str) else slug
    here = LessonMarks(
        path, slug, lesson_number, title, tuple(StepMark(d.number, d.id, d.title) for d in drafts)
    )
    _check_ids(drafts, report)
    check_budget([draft.scene for draft in drafts if draft.scene is not None], report)
    course = course if course is not None else folder_course(path.parent)
    steps = [_step(draft, here, course, report, shape.links_readable) for draft in drafts]
    if report:
        raise LessonError(report.sorted())
    return Lesson(
        path=path,
        slug=slug,
        number=lesson_number,
        title=title,
        summary=front.get("summary", "").strip(),
        steps=tuple(steps),
        front=front,
    )


def _see_position(check: CheckSpec | None, block: Block, report: Report) -> tuple[int, int] | None:
    """Where a check's `see` is written (None when it has none); a web address is refused."""
    if check is None or not check.see_href:
        return None
    line, column = value_position(block, "see", check.see_href)
    if is_web_address(check.see_href):
        report.add(
            line,
            column,
            "see names a step of a lesson (such as 'gradient#compass'), not a web address",
        )
        return None
    return line, column


def folder_course(folder: Path) -> Course:
    """The lessons of a folder, as links find them: by slug, each read only when named."""
    return Course(folder, lambda: lesson_files(folder), lesson_marks, lambda p: lesson_name(p)[1])


def lesson_marks(path: Path) -> LessonMarks | None:
    """A lesson file's slug, number, title and step ids, from its outline alone (None when
    it cannot be read or has no shape)."""
    try:
        shape = outline(read_script(path), path, Report(path))
    except LessonError:
        return None
    if shape is None:
        return None
    number, slug = lesson_name(path)
    title = shape.front.get("title")
    steps = []
    for index, section in enumerate(shape.sections, start=1):
        heading = step_heading(section, shape.lines)
        if heading is None:
            steps.append(StepMark(index, "", ""))
        else:
            steps.append(StepMark(index, heading[2].id if heading[2] else "", heading[1]))
    title = title.strip() if isinstance(title, str) and title.strip() else slug
    return LessonMarks(path, slug, number, title, tuple(steps))


def _draft(
    number: int, section: Section, lines: list[str], scene: Any, check: Any, report: Report
) -> _Draft:
    """A step's pieces: prose without the scene/check blocks, title and id from its heading."""
    heading = step_heading(section, lines)
    title, marked = ("", None) if heading is None else (heading[1], heading[2])
    prose = []
    for n in section.prose_lines():
        text = lines[n - 1]
        if heading is not None and n == heading[0]:
            text = heading_id(text)[0]
        prose.append((n, text))
    for n in heading_lines(section):
        if heading is not None and n == heading[0]:
            continue
        stripped, stray = heading_id(lines[n - 1])
        if stray is not None and HEADING_LINE.match(stripped):
            report.add(
                n,
                stray.column + 1,
                f"{{#{stray.id}}}: a step id goes on the step's first heading; "
                "this heading is not its first",
            )
    first = next(
        (n for n in range(section.start, section.stop) if lines[n - 1].strip()), section.start
    )
    return _Draft(
        number,
        section,
        title,
        (heading[0], marked) if heading is not None and marked is not None else None,
        tuple(prose),
        scene,
        check,
        first,
    )


def _check_ids(drafts: list[_Draft], report: Report) -> None:
    """Every step id well formed, and no two steps of the lesson sharing one."""
    first_with: dict[str, int] = {}
    for draft in drafts:
        if draft.heading is None:
            continue
        line, marked = draft.heading
        problem = id_problem(marked.id)
        if problem:
            report.add(line, marked.column + 1, problem)
        elif marked.id in first_with:
            earlier = first_with[marked.id]
            report.add(
                line,
                marked.column + 1,
                f"step id {marked.id!r} is already the id of the step on line {earlier}; "
                "each step needs its own",
            )
        else:
            first_with[marked.id] = line


def _step(
    draft: _Draft, here: LessonMarks, course: Course, report: Report, find: bool = True
) -> Step:
    """A Step from its draft, its links (when `find`) and its check's `see` looked up."""
    lines = _without_blank_ends(draft.prose)
    numbers = [n for n, _ in lines]
    texts = [text for _, text in lines]
    links = []
    for found in find_links(texts, numbers) if find else ():
        target = resolve(found.href, here, course, explain=not report.full)
        if isinstance(target, str):
            report.add(found.line, found.column, target)
        else:
            links.append(Link(found.text, found.href, target, found.line, found.column))
    check = draft.check
    if check is not None and draft.see_at is not None:
        target = resolve(check.see_href, here, course)
        if isinstance(target, str):
            report.add(*draft.see_at, f"see: {target}")
        else:
            check = replace(check, see=target)
    return Step(
        number=draft.number,
        title=draft.title,
        prose="\n".join(texts),  # as find_links read it: its Markdown is parsed once
        scene=draft.scene,
        check=check,
        line=draft.first,
        id=draft.id,
        links=tuple(links),
    )


def _without_blank_ends(prose: tuple[tuple[int, str], ...]) -> tuple[tuple[int, str], ...]:
    """A step's (file line, text) prose lines without the empty lines before and after it."""
    start, stop = 0, len(prose)
    while start < stop and not prose[start][1]:
        start += 1
    while stop > start and not prose[stop - 1][1]:
        stop -= 1
    return prose[start:stop]


def load_lesson(path: Path) -> Lesson:
    """Read and parse a script file; raises LessonError with every problem found."""
    path = Path(path)
    return parse_lesson(read_script(path), path)


def check_file(path: Path) -> list[Problem]:
    """Every problem in a script file (empty when it is valid). Never raises for any content."""
    try:
        load_lesson(Path(path))
    except LessonError as err:
        return list(err.problems)
    return []
