"""Links between steps: a step's id on its heading, the links in its prose, and where they lead.

A step is named by an attribute at the end of its first heading, `# The compass {#compass}`
(read by outline.py's `heading_id`).
A link names a step by an address: `gradient#compass` (a step of lesson `gradient`), `slope`
(lesson `slope` as a whole: its first step), `#compass` (a step of this lesson). A link whose
address starts with a scheme (`https:`, `mailto:`) is a web address: it is shown, never
followed, and not looked up here.

Pure functions over text and plain data; finding the other lessons of a folder is the
caller's (gradtui/script/parse.py passes a `Course`). Never imports Textual.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from gradtui.script.blocks import did_you_mean
from gradtui.script.model import Target

MAX_ID_CHARS = 40
_ID = re.compile(rf"[A-Za-z][A-Za-z0-9_-]{{0,{MAX_ID_CHARS - 1}}}")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
ID_RULE = f"a letter, then letters, digits, - or _ (at most {MAX_ID_CHARS} characters)"


# --- step ids ---------------------------------------------------------------------------------


def id_problem(step_id: str) -> str | None:
    """What is wrong with a step id as written, or None when it is a good one."""
    if _ID.fullmatch(step_id):
        return None
    if not step_id:
        return "an empty step id: write {#name} with a name, such as {#compass}"
    return f"step id {step_id!r} is not a name: use {ID_RULE}"


# --- addresses --------------------------------------------------------------------------------


def is_web_address(href: str) -> bool:
    """True for an address with a scheme (https:, mailto:, ...): shown, never followed."""
    return _SCHEME.match(href) is not None


@dataclass(frozen=True)
class StepMark:
    """What a link needs to know about one step: its number, id and title."""

    number: int
    id: str
    title: str


@dataclass(frozen=True)
class LessonMarks:
    """What a link needs to know about one lesson: its file, name, title and steps."""

    path: Path
    slug: str
    number: int | None
    title: str
    steps: tuple[StepMark, ...]

    def step_named(self, step_id: str) -> StepMark | None:
        return self._by_id.get(step_id) if step_id else None

    @cached_property
    def _by_id(self) -> dict[str, StepMark]:
        """Steps by id, the first step with an id kept when two share it."""
        found: dict[str, StepMark] = {}
        for step in self.steps:
            if step.id:
                found.setdefault(step.id, step)
        return found

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(step.id for step in self.steps if step.id)

    def target(self, step: StepMark | None, here: bool) -> Target:
        """Where a link to this lesson (step None: the lesson as a whole) leads."""
        return Target(
            path=self.path,
            slug=self.slug,
            lesson_number=self.number,
            lesson_title=self.title,
            step=step.number if step is not None else 1,
            step_title=step.title if step is not None else "",
            step_id=step.id if step is not None else "",
            here=here,
        )


class Course:
    """The lessons a link may name: those in one folder, found by slug, each read at most once.

    `files` lists the folder's lesson files (raising OSError when it cannot be read) and
    `marks` reads one (None when it is not a lesson at all); `name_of` gives a file's slug.
    """

    def __init__(
        self,
        folder: Path,
        files: Callable[[], list[Path]],
        marks: Callable[[Path], LessonMarks | None],
        name_of: Callable[[Path], str],
    ) -> None:
        self.folder = folder
        self._files = files
        self._marks = marks
        self._name_of = name_of
        self._listing: list[Path] | str | None = None
        self._by_slug: dict[str, list[Path]] = {}
        self._read: dict[Path, LessonMarks | None] = {}

    def _paths(self) -> list[Path] | str:
        if self._listing is None:
            try:
                self._listing = self._files()
            except OSError as error:
                self._listing = f"cannot look into {self.folder}: {error.strerror or error}"
            else:
                for path in self._listing:
                    self._by_slug.setdefault(self._name_of(path).casefold(), []).append(path)
        return self._listing

    def slugs(self, besides: str = "") -> list[str]:
        """Every lesson's slug in the folder (for a message listing them)."""
        paths = self._paths()
        names = [] if isinstance(paths, str) else [self._name_of(path) for path in paths]
        return sorted({name for name in names if name.casefold() != besides.casefold()})

    def find(self, slug: str, explain: bool = True) -> LessonMarks | str:
        """The lesson with this slug, or a sentence saying why there is none (without
        suggestions when `explain` is false: see `resolve`)."""
        paths = self._paths()
        if isinstance(paths, str):
            return paths
        matching = self._by_slug.get(slug.casefold(), [])
        if len(matching) > 1:
            names = ", ".join(path.name for path in matching)
            return f"{slug!r} names more than one lesson in this folder: {names}"
        if not matching:
            return self._missing(slug, paths) if explain else f"no lesson {slug!r} in this folder"
        path = matching[0]
        if path not in self._read:
            self._read[path] = self._marks(path)
        found = self._read[path]
        if found is None:
            return (
                f"lesson {slug!r} ({path.name}) cannot be read: gradtui check {path.name} says why"
            )
        return found

    def _missing(self, slug: str, paths: list[Path]) -> str:
        names = [self._name_of(path) for path in paths]
        hint = did_you_mean(slug, names)
        if slug.endswith(".md") or "/" in slug:
            stem = Path(slug).stem
            for path in paths:
                if path.stem == stem:
                    return (
                        f"a link names a lesson by its slug, not its file: write "
                        f"{self._name_of(path)!r}, not {slug!r}"
                    )
        if slug.isdigit():
            return (
                f"a link names a lesson by its slug (such as 'slope'), not by a number: "
                f"numbers change when lessons are added; the slugs here are: {', '.join(names)}"
            )
        listed = ", ".join(sorted(set(names))) or "(none)"
        return f"no lesson {slug!r} in this folder{hint}; the lessons here are: {listed}"


def resolve(href: str, here: LessonMarks, course: Course, explain: bool = True) -> Target | str:
    """Where the address `href` leads from lesson `here`, or a sentence saying why it leads
    nowhere. Not for web addresses (see `is_web_address`). With `explain` false the sentence
    is short, without the near misses and lists that take time to find: for links past the
    report's cap, which are counted, not shown."""
    if not href.strip():
        return "this link leads nowhere: write [words](lesson#step), (lesson) or (#step)"
    lesson, hash_sign, step_id = href.partition("#")
    if not lesson or lesson.casefold() == here.slug.casefold():
        marks: LessonMarks | str = here
    else:
        marks = course.find(lesson, explain)
    if isinstance(marks, str):
        return marks
    is_here = marks is here
    if not hash_sign:
        return marks.target(None, is_here)
    if not step_id:
        return f"the address {href!r} ends in '#' with no step id after it (write {href}name)"
    step = marks.step_named(step_id)
    if step is None:
        where = "this lesson" if is_here else f"lesson {marks.slug!r}"
        if not explain:
            return f"{where} has no step {step_id!r}"
        ids = ", ".join(marks.ids)
        known = f"its step ids are: {ids}" if ids else "none of its steps has an id yet"
        hint = did_you_mean(step_id, marks.ids)
        return f"{where} has no step {step_id!r}{hint}; {known} (a step is named {{#id}})"
    return marks.target(step, is_here)


# --- links in prose ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def markdown():
    """The one Markdown reader of lesson prose (CommonMark, raw HTML off), shared with
    gradtui/prose.py so that the links found here are the links shown there."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


@lru_cache(maxsize=256)  # more than a lesson's steps (200): a lesson's prose is read once
def markdown_tokens(prose: str) -> tuple:
    """The Markdown tokens of a step's prose, read once for finding its links (when the
    lesson is loaded) and again for showing it (gradtui/prose.py): the same text is not
    parsed twice. The tokens are shared: read them, never change them."""
    return tuple(markdown().parse(prose))


@dataclass(frozen=True)
class FoundLink:
    """A link in prose before it is looked up: its words, its address, where its `[` is."""

    text: str
    href: str
    line: int
    column: int


def find_links(lines: list[str], numbers: list[int]) -> list[FoundLink]:
    """Every link in prose `lines` (file line `numbers[i]` for `lines[i]`), in reading order,
    with the file line and column of its `[`. Web addresses are left out.

    A link's column is found in the text of its paragraph; a reference-style link
    (`[words][name]`) is placed at the start of its paragraph. Prose without a `[` holds no
    link and is not parsed. Each link is placed by looking no further back than the link
    before it, so the work grows with the prose, not with links x prose.
    """
    text = "\n".join(lines)
    if "[" not in text:
        return []
    found: list[FoundLink] = []
    for token in markdown_tokens(text):
        if token.type != "inline" or not token.children or token.map is None:
            continue
        first, last = token.map
        source = "\n".join(lines[first:last])
        starts = _line_starts(source)
        cursor = 0
        children = token.children
        for index, child in enumerate(children):
            if child.type != "link_open":
                continue
            href = str(child.attrs.get("href", "")) if child.attrs else ""
            if child.markup == "autolink" or is_web_address(href):
                continue
            at, cursor = _link_start(source, href, cursor)
            line = bisect_right(starts, at) - 1
            column = at - starts[line] + 1
            found.append(
                FoundLink(_link_words(children, index), href, numbers[first + line], column)
            )
    return found


def _line_starts(source: str) -> list[int]:
    """The offset in `source` where each of its lines starts."""
    return [0, *(match.end() for match in re.finditer("\n", source))]


def _link_words(children, index: int) -> str:
    """The text of the link that opens at `children[index]`."""
    words = []
    depth = 0
    for at in range(index, len(children)):
        child = children[at]
        if child.type == "link_open":
            depth += 1
        elif child.type == "link_close":
            depth -= 1
            if depth == 0:
                break
        elif child.type in ("text", "code_inline"):
            words.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            words.append(" ")
    return "".join(words).strip()


def _link_start(source: str, href: str, cursor: int) -> tuple[int, int]:
    """Where the `[` of the next link to `href` is in `source` (searching from `cursor`, where
    the link before it ended: its `[` is not further back), and where the search for the link
    after it starts."""
    match = re.compile(r"\]\([ \t\n]*<?" + re.escape(href)).search(source, cursor)
    if match is None:  # a reference-style link, or an address written differently
        return len(source) - len(source.lstrip()), cursor
    depth = 0
    for at in range(match.start(), cursor - 1, -1):
        char = source[at]
        escaped = at > 0 and source[at - 1] == "\\"
        if char == "]" and not escaped:
            depth += 1
        elif char == "[" and not escaped:
            depth -= 1
            if depth == 0:
                return at, match.end()
    return match.start(), match.end()
