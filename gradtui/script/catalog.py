"""The catalog of lessons: where the built-in ones live, a quick list for the picker, lookup by
number, slug or path, and the Markdown reference of every scene kind for docs/lesson-format.md.

`list_lessons` reads only each file's front matter and step separators (no scene modules, no
numpy), so the picker can call it at start-up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from gradtui.script.blocks import Report
from gradtui.script.model import check_identity
from gradtui.script.outline import lesson_files, lesson_name, outline, read_script, step_heading
from gradtui.script.problems import LessonError, Problem
from gradtui.textsafe import one_line


@dataclass(frozen=True)
class LessonEntry:
    """One lesson in a folder, as the picker lists it. `problem` is set when it cannot load."""

    path: Path
    slug: str
    number: int | None
    title: str
    summary: str
    step_count: int
    problem: str | None = None
    check_steps: tuple[int, ...] = ()  # the steps that hold a check block
    step_titles: tuple[str, ...] = ()  # each step's title ("" for a step without a heading)
    check_identities: tuple[str, ...] = ()  # of each of those checks, in order ("": unread)

    @property
    def checks(self) -> dict[int, str]:
        """The identity of the check on each step that holds one (saved answers are found by
        it: gradtui.progress)."""
        return dict(zip(self.check_steps, self.check_identities, strict=False))


def builtin_lessons_dir() -> Path:
    """The built-in lessons: inside the installed package, else the source checkout's lessons/."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "lessons"
    if installed.is_dir():
        return installed
    return package.parent / "lessons"


def list_lessons(folder: Path) -> list[LessonEntry]:
    """Every lesson in `folder`, by number (unnumbered last) then file name.

    Raises NotADirectoryError when `folder` is not a folder. A broken file still gets an
    entry, with `problem` saying what is wrong (its first problem; `gradtui check` lists all);
    so does a folder that cannot be read.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise NotADirectoryError(f"no such folder: {folder}")
    try:
        paths = lesson_files(folder)
    except OSError as error:
        return [unreadable_folder_entry(folder, error)]
    entries = [lesson_entry(path) for path in paths]
    return sorted(entries, key=_order)


def folder_problem(folder: Path, error: OSError) -> Problem:
    """What to say about a folder of lessons that cannot be read."""
    return Problem(folder, None, None, f"cannot read this folder: {error.strerror or error}")


def unreadable_folder_entry(folder: Path, error: OSError) -> LessonEntry:
    """The picker's one entry for a folder it cannot look into."""
    problem = folder_problem(folder, error)
    return LessonEntry(folder, folder.name, None, folder.name, "", 0, problem.message)


def real_path(path: Path | str) -> Path:
    """The absolute path with links followed; a link that loops or leads nowhere is kept as
    it is (Python 3.11's Path.resolve raises RuntimeError on a loop)."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def progress_key(path: Path | str) -> str:
    """The name a lesson's progress is saved under, the same for the app and the line-mode
    reader: built-in lessons by slug alone ("builtin:slope"), which stays the same across
    installs and when the course is renumbered (a file saved before keyed them by file name,
    "builtin:01-slope": `progress.current_key` reads those); others by their full path."""
    path = real_path(path)
    if path.parent == _builtin_real_path():
        return "builtin:" + lesson_name(path)[1]
    return str(path)


@cache
def _builtin_real_path() -> Path:
    return real_path(builtin_lessons_dir())


def _order(entry: LessonEntry) -> tuple[bool, int, str]:
    return (entry.number is None, entry.number or 0, entry.path.name)


def lesson_entry(path: Path) -> LessonEntry:
    """The picker's view of one file: front matter and step count, checked for shape only."""
    number, slug = lesson_name(path)
    report = Report(path)
    try:
        shape = outline(read_script(path), path, report)
    except LessonError as err:
        report.problems.extend(err.problems)
        shape = None
    front = shape.front if shape is not None else {}
    checks = checks_of(shape)
    title = front.get("title")
    summary = front.get("summary")
    problem = _short(report.problems[0]) if report.problems else None
    return LessonEntry(
        path=path,
        slug=slug,
        number=number,
        title=title.strip() if isinstance(title, str) and title.strip() else slug,
        summary=summary.strip() if isinstance(summary, str) else "",
        step_count=len(shape.sections) if shape is not None else 0,
        problem=problem,
        check_steps=tuple(checks),
        step_titles=() if shape is None else step_titles(shape),
        check_identities=tuple(checks.values()),
    )


def checks_of(shape) -> dict[int, str]:
    """The steps that hold a (closed) check block, each with its check's identity (by the
    question as the block writes it; "" when the block does not read)."""
    found = {}
    for number, section in enumerate(shape.sections if shape is not None else (), start=1):
        fences = [f for f in section.fences if f.info == "check" and f.end is not None]
        if fences:
            found[number] = _question_identity(fences[0].block(shape.lines))
    return found


def _question_identity(block) -> str:
    table = block.load(Report(""), "check")  # its problems are the full check's to report
    question = table.get("question") if table is not None else None
    return check_identity(question) if isinstance(question, str) else ""


def step_titles(shape) -> tuple[str, ...]:
    """Each step's title, from its first heading ("" when it has none)."""
    headings = (step_heading(section, shape.lines) for section in shape.sections)
    return tuple("" if heading is None else heading[1] for heading in headings)


def _short(problem: Problem) -> str:
    """A problem without its path: "line 3: message" (the picker already shows the file)."""
    if problem.line is None:
        return problem.message
    return f"line {problem.line}: {problem.message}"


def find_lesson(key: str, folder: Path | None = None) -> Path:
    """The script a learner means by `key`: a number ("1", "01"), a slug ("slope"), or a path.

    Raises LookupError with a message listing the lessons that are there.
    """
    folder = builtin_lessons_dir() if folder is None else Path(folder)
    key = key.strip()
    looks_like_path = key.endswith(".md") or "/" in key or os.sep in key
    if looks_like_path:
        path = Path(key).expanduser()
        if os.path.lexists(path):  # reading it says what is wrong: a device, a folder, a loop
            return path
        raise LookupError(f"no such lesson file: {one_line(key)}")
    entries = list_lessons(folder) if folder.is_dir() else []
    matches = [entry for entry in entries if _matches(entry, key)]
    if len(matches) == 1:
        return matches[0].path
    if Path(key).is_file():
        return Path(key)
    if len(matches) > 1:
        raise LookupError(f"{key!r} matches more than one lesson:\n{_listing(matches)}")
    if not entries:
        raise LookupError(f"no lesson {key!r}: there are no lessons in {folder}")
    raise LookupError(f"no lesson {key!r} in {folder}; the lessons are:\n{_listing(entries)}")


def _matches(entry: LessonEntry, key: str) -> bool:
    if key.isdigit():
        return entry.number == int(key)
    wanted = key.casefold()
    return wanted in (entry.slug.casefold(), entry.path.stem.casefold())


def _listing(entries: list[LessonEntry]) -> str:
    """One line per lesson: number, slug, title."""
    return "\n".join(
        f"  {'' if e.number is None else e.number:>3}  {e.slug:<20} {e.title}" for e in entries
    )


# --- The scene reference, for docs/lesson-format.md ---------------------------------------

DOCS_BEGIN = (
    "<!-- BEGIN SCENE KINDS: generated by `python docs/make_scene_docs.py`; do not edit -->"
)
DOCS_END = "<!-- END SCENE KINDS -->"


def describe_scene_kinds() -> str:
    """Markdown: a section per scene kind with a table of every parameter (from the registry)."""
    from gradtui.scenes import KINDS, scene_module

    parts = []
    for kind in sorted(KINDS):
        module = scene_module(kind)
        parts.append(f"### `{kind}`\n\n{getattr(module, 'SUMMARY', '').strip()}\n")
        rows = [
            "| parameter | kind | default | allowed | meaning |",
            "|---|---|---|---|---|",
        ]
        for param in module.PARAMS:
            default = "**required**" if param.required else f"`{toml_value(param.default)}`"
            if param.default is None and not param.required:
                default = "(none)"
            cells = (
                f"`{param.name}`",
                param.kind,
                default,
                _allowed(param),
                param.doc,
            )
            rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        parts.append("\n".join(rows) + "\n")
    return "\n".join(parts)


def _allowed(param: Any) -> str:
    """What values a parameter takes, in words, with the list cap where there is one."""
    bounded = param.low is not None or param.high is not None
    if param.kind in ("number", "integer", "numbers") and bounded and not param.choices:
        low, high = _readable(param.low), _readable(param.high)
        if param.low is not None and param.high is not None:
            allowed = f"{low} to {high}"
        else:
            allowed = f"at least {low}" if param.low is not None else f"at most {high}"
        if param.kind == "numbers":
            allowed = "numbers from " + allowed
    else:
        allowed = param.describe_range()
    if param.kind in ("numbers", "points", "texts", "expressions", "table"):
        allowed += f" (at most {param.max_items} items)"
    return allowed


def _readable(value: float | None) -> str:
    """A bound as an author reads it: 1,000,000 rather than 1e+06, and 1e-6 rather than 1e-06."""
    if value is None:
        return ""
    if float(value).is_integer() and abs(value) < 1e16:
        return f"{int(value):,}"
    if abs(value) >= 1e-4:
        return f"{value:g}"
    mantissa, exponent = f"{value:e}".split("e")
    return f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def toml_value(value: Any) -> str:
    """A default value written the way an author would write it in TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        inside = ", ".join(f"{key} = {toml_value(v)}" for key, v in value.items())
        return "{ " + inside + " }" if inside else "{}"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f"{value:.1f}"
    return str(value)


def scene_docs_section() -> str:
    """The generated block as it must appear in docs/lesson-format.md, markers included."""
    return f"{DOCS_BEGIN}\n\n{describe_scene_kinds()}\n{DOCS_END}"
