"""The lesson picker: the course line (lessons done, checks right), then every lesson with its
progress (steps seen of total, checks right of asked, a done mark: every step seen and every
check answered, as help says) and summary; Enter opens it where the learner left off, and the
lesson to go on with is highlighted. The numbers come from gradtui.course, as `gradtui
progress` prints them."""

from __future__ import annotations

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.widgets import OptionList, Static

from gradtui.course import (
    DONE_RULE,
    CourseSummary,
    LessonSummary,
    counts_words,
    course_summary,
    course_words,
    status_words,
)
from gradtui.screens.guard import GuardedScreen, SizeNotice
from gradtui.script.catalog import LessonEntry
from gradtui.textsafe import for_terminal
from gradtui.views.keybar import KeyBar
from gradtui.views.options import MarkedOptionList
from gradtui.views.text import as_text


def progress_mark(started: bool, done: bool, ascii: bool = False) -> str:
    """A mark that says the status without colour: [ ] not started, [~] in progress, [x] done
    (`gradtui.course.lesson_done`: every step seen and every check answered)."""
    if done:
        return "[x]" if ascii else "[✓]"
    return "[~]" if started else "[ ]"


class PickerScreen(GuardedScreen):
    """Lists the lessons of one folder."""

    BINDINGS = [
        Binding("enter", "open", "open", show=True, key_display="enter"),
        Binding("r", "resume", "resume last", show=True),
        Binding("s", "start_over", "start over", show=True),
        Binding("question_mark,f1", "help", "help", key_display="?"),
    ]

    DEFAULT_CSS = """
    PickerScreen #main { height: 1fr; padding: 0 1; }
    PickerScreen .title { text-style: bold; height: auto; }
    PickerScreen #resume { height: auto; color: $text-muted; }
    PickerScreen #course { height: auto; }
    PickerScreen #lessons { height: 1fr; width: 1fr; min-width: 40; }
    """

    def __init__(self, entries: list[LessonEntry]) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        with Container(id="main"):
            yield Static(as_text("gradtui: derivatives and gradients, by touch"), classes="title")
            yield Static(as_text(""), id="course")
            yield Static(as_text(""), id="resume")
            yield MarkedOptionList(id="lessons", ascii=self.ascii)
        yield KeyBar()
        yield SizeNotice()

    def on_screen_resume(self) -> None:
        """Shown (first, and again on coming back from a lesson): the list as progress is."""
        super().on_screen_resume()
        self.refresh_entries()

    @property
    def course(self) -> CourseSummary:
        """What the learner has done in each lesson, from saved progress."""
        return course_summary(self.app.progress, self.entries, key_of=self.app.lesson_key)

    def refresh_entries(self) -> None:
        """Rebuild the list with current progress, highlighting the lesson to go on with (when
        every lesson is done, the one highlighted before)."""
        course = self.course
        options = self.query_one("#lessons", MarkedOptionList)
        highlighted = options.highlighted
        options.set_prompts(
            [self._prompt(lesson) for lesson in course.lessons],
            [f"lesson-{index}" for index in range(len(self.entries))],
        )
        if course.go_on_with is not None:
            highlighted = course.go_on_with
        elif highlighted is None:
            highlighted = 0
        if self.entries:
            options.highlighted = min(highlighted, len(self.entries) - 1)
        options.focus()
        words = course_words(course) if self.entries else ""
        self.query_one("#course", Static).update(as_text(words, self.ascii))
        self._update_resume_line(self.last_entry_index(), course)

    def describe(self, entry: LessonEntry) -> str:
        """The entry's first line, as plain text: mark, number, title and status."""
        lesson = self.course.lessons[self.entries.index(entry)]
        return for_terminal(" ".join(self._first_line(lesson)), self.ascii)

    def _first_line(self, lesson: LessonSummary) -> tuple[str, str, str]:
        """The mark and number, the title, and the status in brackets."""
        entry = lesson.entry
        number = f"{entry.number}." if entry.number is not None else "-"
        title = entry.title or entry.path.name
        if entry.problem:
            return f"[!] {number}", title, ""
        mark = progress_mark(lesson.started, lesson.done, self.ascii)
        return f"{mark} {number}", title, f"({status_words(lesson)})"

    def _prompt(self, lesson: LessonSummary) -> Group:
        """The entry as shown: its first line (a title too long for it wraps under itself,
        the status kept whole beside it), then (indented) the problem, or the steps seen and
        checks right and the summary."""
        head = Table.grid(padding=(0, 1))
        head.add_column(no_wrap=True)
        head.add_column(overflow="fold")  # a word longer than the column folds, whole
        head.add_column(no_wrap=True)
        mark, title, status = self._first_line(lesson)
        head.add_row(
            as_text(mark, self.ascii, "bold"),
            as_text(title, self.ascii, "bold"),
            as_text(status, self.ascii),
        )
        entry = lesson.entry
        if entry.problem:
            rest = ["cannot open: " + entry.problem]
        else:
            rest = [line for line in (counts_words(lesson), entry.summary) if line]
        indented = [Padding(as_text(line, self.ascii), (0, 0, 0, 4)) for line in rest]
        return Group(head, *indented)

    def last_entry_index(self) -> int | None:
        """The index of the lesson the learner was last in, if it is in this list."""
        last = self.app.progress.last_lesson
        for index, entry in enumerate(self.entries):
            if self.app.lesson_key(entry.path) == last:
                return index
        return None

    def _update_resume_line(self, last: int | None, course: CourseSummary) -> None:
        if not self.entries:
            line = "No lessons here: add *.md lesson scripts to this folder."
        elif last is None:
            line = "Pick a lesson and press enter. Lesson 1 is a good start."
        else:
            lesson = course.lessons[last]
            title = lesson.entry.title
            if lesson.done:
                line = f"Last time: {title} (done). Press r to open it again."
            else:
                where = f"step {lesson.step} of {lesson.steps}"
                if lesson.resume_title:
                    where += f", “{lesson.resume_title}”"
                line = f"Last time: {title}. Press r to resume at {where}."
                if lesson.step >= lesson.steps:
                    line += f" Not done yet: {lesson.left}."
            following = course.next_lesson
            if lesson.done and following is not None:
                line += f" Next up: {following.entry.title} (enter)."
        self.query_one("#resume", Static).update(as_text(line, self.ascii))

    # -- actions ---------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#lessons")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.app.open_lesson(self.entries[event.option_index].path)

    def action_open(self) -> None:
        index = self.query_one("#lessons", OptionList).highlighted
        if index is not None and self.entries:
            self.app.open_lesson(self.entries[index].path)

    def action_resume(self) -> None:
        last = self.last_entry_index()
        if last is None:
            self.notify("Nothing to resume yet: pick a lesson.", timeout=3)
            return
        self.app.open_lesson(self.entries[last].path)

    def action_start_over(self) -> None:
        index = self.query_one("#lessons", OptionList).highlighted
        if index is not None and self.entries:
            self.app.open_lesson(self.entries[index].path, step=1)

    def action_help(self) -> None:
        from gradtui.screens.help import ANYWHERE, HelpScreen, keys_of

        rows = [("up, down", "choose a lesson"), *keys_of(self.BINDINGS, self.app)]
        marks = [
            (progress_mark(False, False, self.ascii), "not started"),
            (progress_mark(True, False, self.ascii), "started, not done"),
            (progress_mark(True, True, self.ascii), f"done: {DONE_RULE}"),
        ]
        self.app.push_screen(HelpScreen([("Lessons", rows), ("Marks", marks), ANYWHERE]))
