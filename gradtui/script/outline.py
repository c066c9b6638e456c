"""The quick first pass over a lesson script: read the file safely, split it into front matter
and step sections, and check only the file's shape.

Cheap -- no scene modules, no maths, no link lookups -- so the lesson picker can run it for
every lesson at start-up. `parse.py` builds on it to check every block and link.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gradtui.files import NotAFileError, TooBigError, read_capped
from gradtui.script.blocks import Block, Report, did_you_mean, report_unknown_keys
from gradtui.script.problems import LessonError, Problem

MAX_BYTES = 128 * 1024  # a lesson script may be at most 128 KiB (a real one is 5-10 KiB)

FRONT_KEYS = ("title", "summary", "authors", "minutes")
MAX_MINUTES = 600

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
HEADING_LINE = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*))?$")
_ID_ATTRIBUTE = re.compile(r"\{#[^{}]*\}")  # {#id} at the end of a heading
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
# Control characters other than tab: a lesson must never be able to drive the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_FILE_NAME = re.compile(r"^(\d+)[-_. ]*(.*)$")


@dataclass(frozen=True)
class Fence:
    """A fenced code block in the body of a script."""

    line: int  # file line of the opening fence
    end: int | None  # file line of the closing fence; None when never closed
    info: str  # the first word of the info string ("scene", "check", "python", "")
    indent: int

    def block(self, lines: list[str]) -> Block:
        """The lines between the fences (the fence must be closed)."""
        assert self.end is not None
        return Block(tuple(lines[self.line : self.end - 1]), self.line + 1, self.line)


@dataclass(frozen=True)
class Section:
    """The raw lines of one step: file lines `start` to `stop - 1` (1-based), and its fences."""

    start: int
    stop: int
    fences: tuple[Fence, ...]

    def text_lines(self, lines: list[str]) -> list[str]:
        return lines[self.start - 1 : self.stop - 1]

    def is_blank(self, lines: list[str]) -> bool:
        return not any(text.strip() for text in self.text_lines(lines))

    def prose_lines(self) -> list[int]:
        """File lines of the step outside its (closed) scene and check blocks: its prose."""
        hidden: set[int] = set()
        for fence in self.fences:
            if fence.info in ("scene", "check") and fence.end is not None:
                hidden.update(range(fence.line, fence.end + 1))
        return [n for n in range(self.start, self.stop) if n not in hidden]


@dataclass(frozen=True)
class Outline:
    """The shape of a script before its blocks are checked: front matter and step sections."""

    lines: list[str]
    front: dict[str, Any]
    sections: tuple[Section, ...]
    links_readable: bool = True  # False past MAX_BRACKETS: the links are then not looked for


def split_lines(text: str) -> list[str]:
    """The lines of a script: a leading BOM dropped, CRLF/CR/LF all accepted."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def lesson_name(path: Path) -> tuple[int | None, str]:
    """(number, slug) from a file name: "01-slope.md" → (1, "slope"); "a.md" → (None, "a")."""
    match = _FILE_NAME.match(path.stem)
    if match and match[2]:
        return int(match[1]), match[2]
    if match:
        return int(match[1]), path.stem
    return None, path.stem


def lesson_files(folder: Path) -> list[Path]:
    """Everything named *.md directly in a folder, sorted by name (hidden names left out).

    Only names are read here, nothing is followed: a folder, a link that loops or leads
    nowhere, or an unreadable file named like a lesson is listed too, and reading it then
    says what is wrong with it. Raises OSError when the folder itself cannot be read.
    """
    with os.scandir(folder) as found:
        names = [entry.name for entry in found]
    return sorted(
        Path(folder) / name for name in names if name.endswith(".md") and not name.startswith(".")
    )


def read_script(path: Path) -> str:
    """The text of a script, or LessonError when it is missing, too big, or not UTF-8.

    The size is checked before reading, and special files (folders, pipes, devices) are never
    opened, so a bad path cannot hang or exhaust memory.
    """

    def fail(message: str, line: int | None = None, column: int | None = None) -> LessonError:
        return LessonError([Problem(path, line, column, message)])

    too_big = "the file holds {:,} bytes; a lesson script may be at most 128 KiB (131,072 bytes)"
    try:
        data = read_capped(path, MAX_BYTES)
    except FileNotFoundError:
        missing = "a link to a file that is not there" if os.path.islink(path) else "no such file"
        raise fail(missing) from None
    except NotAFileError as err:
        raise fail(f"this is {err.kind}, not a lesson file") from None
    except TooBigError as err:
        raise fail(too_big.format(err.size)) from None
    except OSError as err:
        raise fail(f"cannot read the file: {err.strerror or err}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = _LINE_BREAK.split(data[: err.start].decode("utf-8").removeprefix("\ufeff"))
        line, column = len(before), len(before[-1]) + 1
        byte = data[err.start]
        raise fail(
            f"not UTF-8 text: byte 0x{byte:02x} at offset {err.start}; save the file as UTF-8",
            line,
            column,
        ) from None


# Size caps no real lesson comes near (the built-in ones have about 12 steps and 9 scenes,
# on lines of at most a few hundred characters). They keep `gradtui check`, `gradtui print`,
# the picker and the palette quick for any script; a longer lesson splits into several files.
MAX_STEPS = 200
MAX_SCENES = 20
MAX_LINE_CHARS = 4000
# Every link starts with a "[", and reading Markdown costs most at a "[" (up to some 40 µs
# each, here): a cap on them keeps reading a lesson's links quick whatever its prose. The
# built-in lessons hold fewer than 30 each.
MAX_BRACKETS = 1000
# A step is a screen or two of prose beside its scene (the built-in ones hold at most 15 lines
# and 700 characters): the app lays out a step's prose whole, at some 0.1 ms a styled word
# and more a line, so the prose of any step can be shown in a fraction of a second.
MAX_STEP_LINES = 200
MAX_STEP_CHARS = 10_000


def outline(text: str, path: Path | str, report: Report) -> Outline | None:
    """Split a script into front matter and step sections, reporting shape problems.

    Cheap: no scene modules, no math. Returns None when the script has no usable shape
    (empty, or front matter that never ends).
    """
    lines = split_lines(text)
    _check_characters(lines, report)
    if not any(text.strip() for text in lines):
        report.add(None, None, "the file is empty")
        return None
    first = next(index for index, text in enumerate(lines) if text.strip())
    opening = lines[first].strip()
    front: dict[str, Any] = {}
    body_start = first + 1  # 1-based file line where the steps begin
    if opening == "+++":
        close = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == "+++"), None)
        if close is None:
            report.add(first + 1, 1, 'front matter opened here is never closed by a "+++" line')
            return None
        front_block = Block(tuple(lines[first + 1 : close]), first + 2, first + 1)
        front = _check_front(front_block, report)
        body_start = close + 2
    elif opening == "---":
        report.add(
            first + 1,
            1,
            'front matter is TOML between two "+++" lines, not "---" lines '
            '(start the file with +++, title = "...", +++)',
        )
        return None
    else:
        report.add(
            first + 1,
            1,
            'no front matter: a lesson starts with a line "+++", then title = "...", '
            'then another "+++" line',
        )
    sections = _split_sections(lines, body_start, report)
    _check_scene_count(sections, report)
    _check_sections(lines, sections, body_start, report)
    _check_step_sizes(lines, sections, report)
    readable = _check_brackets(lines, sections, report)
    return Outline(lines, front, tuple(sections), readable)


def _check_characters(lines: list[str], report: Report) -> None:
    for number, text in enumerate(lines, start=1):
        if len(text) > MAX_LINE_CHARS:
            report.add(
                number,
                MAX_LINE_CHARS + 1,
                f"this line is {len(text):,} characters long; a line may be at most "
                f"{MAX_LINE_CHARS:,} (break a long paragraph over several lines)",
            )
        match = _CONTROL.search(text)
        if match:
            code = ord(match.group())
            report.add(
                number,
                match.start() + 1,
                f"control character U+{code:04X} is not allowed in a lesson script",
            )


def _check_front(block: Block, report: Report) -> dict[str, Any]:
    """The front matter table, with every problem in it reported."""
    data = block.load(report, "the front matter")
    if data is None:
        return {}
    report_unknown_keys(
        block,
        report,
        data,
        FRONT_KEYS,
        lambda key: (
            f"unknown front matter key {key!r}{did_you_mean(key, FRONT_KEYS)}; "
            f"the keys are: {', '.join(FRONT_KEYS)}"
        ),
    )
    if "title" not in data:
        report.add(block.opening_line, 1, 'the front matter has no title: add title = "..."')
    for key in ("title", "summary"):
        if key in data:
            message = _one_line_text_problem(key, data[key], empty_ok=key != "title")
            if message:
                report.add(*block.key_position(key), message)
    if "authors" in data:
        authors = data["authors"]
        if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
            report.add(*block.key_position("authors"), 'authors must be a list of texts: ["Ada"]')
    if "minutes" in data:
        minutes = data["minutes"]
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            report.add(*block.key_position("minutes"), "minutes must be a whole number")
        elif not 1 <= minutes <= MAX_MINUTES:
            report.add(*block.key_position("minutes"), f"minutes must be from 1 to {MAX_MINUTES}")
    return data


def _one_line_text_problem(key: str, value: Any, empty_ok: bool) -> str | None:
    if not isinstance(value, str):
        return f"{key} must be text in quotes"
    if not value.strip() and not empty_ok:
        return f"{key} must not be empty"
    if "\n" in value or "\r" in value:
        return f"{key} must be a single line"
    return None


def _split_sections(lines: list[str], body_start: int, report: Report) -> list[Section]:
    """Steps are separated by lines holding only `---`, except inside fenced code blocks.

    At most MAX_STEPS: a separator that would start one more step (with text after it) is
    reported, and the rest of the file is left unread."""
    sections: list[Section] = []
    fences: list[Fence] = []
    start = body_start
    open_fence: tuple[int, str, int, str] | None = None  # (line, marker, indent, info)
    for number in range(body_start, len(lines) + 1):
        text = lines[number - 1]
        if open_fence is not None:
            line, marker, indent, info = open_fence
            if _closes(text, marker):
                fences.append(Fence(line, number, info, indent))
                open_fence = None
            continue
        match = _FENCE_OPEN.match(text)
        if match and not (match[2][0] == "`" and "`" in match[3]):
            words = match[3].split()
            open_fence = (number, match[2], len(match[1]), words[0] if words else "")
        elif text.strip() == "---":
            sections.append(Section(start, number, tuple(fences)))
            start, fences = number + 1, []
            if len(sections) == MAX_STEPS and _text_after(lines, number):
                report.add(
                    number,
                    1,
                    f"a lesson may have at most {MAX_STEPS} steps: this line would start "
                    f"step {MAX_STEPS + 1} (split the lesson in two)",
                )
                return sections
    if open_fence is not None:
        line, marker, indent, info = open_fence
        report.add(line, indent + 1, f"the code block opened here with {marker} is never closed")
        fences.append(Fence(line, None, info, indent))
    sections.append(Section(start, len(lines) + 1, tuple(fences)))
    return sections


def _text_after(lines: list[str], number: int) -> bool:
    """True when a line after file line `number` holds something."""
    return any(text.strip() for text in lines[number:])


def _check_scene_count(sections: list[Section], report: Report) -> None:
    """Report the first scene block past MAX_SCENES."""
    scenes = [fence for section in sections for fence in section.fences if fence.info == "scene"]
    if len(scenes) > MAX_SCENES:
        extra = scenes[MAX_SCENES]
        report.add(
            extra.line,
            extra.indent + 1,
            f"a lesson may have at most {MAX_SCENES} scenes: this is scene {MAX_SCENES + 1} "
            f"of {len(scenes)} (split the lesson in two)",
        )


def _check_step_sizes(lines: list[str], sections: list[Section], report: Report) -> None:
    """Report each step whose prose (outside its scene and check blocks) passes
    MAX_STEP_LINES or MAX_STEP_CHARS, at the line where it does."""
    for section in sections:
        size = 0
        for count, number in enumerate(section.prose_lines(), start=1):
            size += len(lines[number - 1]) + 1
            if count > MAX_STEP_LINES or size > MAX_STEP_CHARS:
                report.add(
                    number,
                    1,
                    f"a step's prose may be at most {MAX_STEP_LINES} lines and "
                    f"{MAX_STEP_CHARS:,} characters: this step's passes that on this line "
                    "(split it in two with a line holding ---)",
                )
                break


def _check_brackets(lines: list[str], sections: list[Section], report: Report) -> bool:
    """Report the first "[" in the prose (outside fenced blocks) past MAX_BRACKETS; True when
    there is none, and the prose's links can be looked for."""
    count = 0
    for section in sections:
        for number in heading_lines(section):
            text = lines[number - 1]
            here = text.count("[")
            if count + here > MAX_BRACKETS:
                column = _nth(text, "[", MAX_BRACKETS - count + 1) + 1
                report.add(
                    number,
                    column,
                    f"the prose of a lesson may hold at most {MAX_BRACKETS:,} '[' (every link "
                    "starts with one): this is one more (split the lesson in two)",
                )
                return False
            count += here
    return True


def _nth(text: str, char: str, n: int) -> int:
    """The index of the `n`th `char` in `text` (counting from 1; it must be there)."""
    at = -1
    for _ in range(n):
        at = text.index(char, at + 1)
    return at


def _closes(text: str, marker: str) -> bool:
    stripped = text.rstrip(" \t")
    body = stripped.lstrip(" ")
    indent = len(stripped) - len(body)
    return indent <= 3 and len(body) >= len(marker) and body == marker[0] * len(body)


def _check_sections(
    lines: list[str], sections: list[Section], body_start: int, report: Report
) -> None:
    """Report a body without steps and every empty step, at the `---` that makes it empty."""
    if len(sections) == 1 and sections[0].is_blank(lines):
        report.add(
            max(body_start - 1, 1),
            1,
            "the lesson has no steps: write its first step (Markdown) after the front matter",
        )
        return
    last = len(sections) - 1
    reported: set[int] = set()
    for index, section in enumerate(sections):
        if not section.is_blank(lines):
            continue
        if index == 0:
            separator, message = section.stop, 'the first step is empty: nothing before this "---"'
        elif index == last:
            separator = section.start - 1
            message = 'nothing after this "---": delete it or write another step'
        else:
            separator = section.stop
            message = (
                f'step {index + 1} is empty: nothing between this "---" and the one on line '
                f"{section.start - 1}"
            )
        if separator not in reported:
            reported.add(separator)
            report.add(separator, 1, message)


def step_heading(section: Section, lines: list[str]) -> tuple[int, str, HeadingId | None] | None:
    """The step's first heading outside code blocks: its file line, its title (without the
    {#id}), and its {#id} if it has one."""
    for n in heading_lines(section):
        match = HEADING_LINE.match(heading_id(lines[n - 1])[0])
        if match:
            return n, _CLOSING_HASHES.sub("", match[1] or "").strip(), heading_id(lines[n - 1])[1]
    return None


def heading_lines(section: Section) -> list[int]:
    """File lines of the section that lie outside its fenced blocks."""
    inside: set[int] = set()
    for fence in section.fences:
        inside.update(range(fence.line, (fence.end or section.stop - 1) + 1))
    return [n for n in range(section.start, section.stop) if n not in inside]


@dataclass(frozen=True)
class HeadingId:
    """A `{#id}` at the end of a heading line: the id as written and the 0-based column of its
    `{` in the line."""

    id: str
    column: int


def heading_id(line: str) -> tuple[str, HeadingId | None]:
    """A heading line without its `{#id}` attribute, and the attribute (None when it has
    none): "# The compass {#compass}" → ("# The compass", HeadingId("compass", 14)).

    Found from the line's end (its last "{#"), never by a search that could try every
    start in a long run of spaces: linear in the line's length."""
    stripped = line.rstrip(" \t")
    at = stripped.rfind("{#")
    if at < 0 or not stripped.endswith("}") or not _ID_ATTRIBUTE.fullmatch(stripped, at):
        return line, None
    before = len(stripped[:at].rstrip(" \t"))
    return line[:before], HeadingId(stripped[at + 2 : -1].strip(), at)
