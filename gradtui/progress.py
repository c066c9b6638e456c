"""Saved progress: where the learner is in each lesson and how their checks went.

One small JSON file in `platformdirs.user_state_dir("gradtui")` (honours XDG_STATE_HOME),
written atomically (temp file in the same folder, fsync, os.replace) and readable by the
user alone. Only a regular file of at most 1 MiB is read; anything else in its place, and any
file that does not parse, is moved aside as `.bad` (or `.bad-2`, ...: an earlier one is kept);
a file saved by a newer gradtui is left as it is and this session does not save; so does an
unwritable folder. Each is reported once through `Progress.notices`. Never imports Textual.

Several sessions may share the file (the browser tabs of `gradtui serve`, the line-mode reader
beside the app): each save reads the file as it is then, under a lock, and writes this
session's changed lessons over it, so what another session saved in the meantime is kept. A
file that cannot be read as this version's progress then is dealt with exactly as at load,
before anything is written. A save writes at most half of what a load reads: what gives way
when progress outgrows that is gradtui/progress_limit.py's to say.

The file's shape (FORMAT_VERSION 1): {"version": 1, "last_lesson": key, "lessons": {key:
{"step", "steps", "done", "seen", "checks": {step: {"answer", "correct", "tries",
"first_correct"}}, "functions": {step: text}}}}. "seen", "tries", "first_correct" and
"functions" came later: a file without them reads as `LessonProgress.from_json` says, and a
gradtui that does not know them reads the rest as before.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gradtui.files import NotAFileError, TooBigError, read_capped, write_atomically
from gradtui.progress_limit import fitted

try:
    import fcntl
except ImportError:  # not POSIX: saves are not locked against each other
    fcntl = None

FORMAT_VERSION = 1
FILE_NAME = "progress.json"
TEMP_PREFIX = ".progress-"
LOCK_NAME = ".progress.lock"  # held while a session reads, merges and writes the file
MAX_FILE_BYTES = 1 << 20  # a progress file larger than this is not ours
SAVE_LIMIT = MAX_FILE_BYTES // 2  # a save writes at most this (gradtui/progress_limit.py)
MAX_KEY_CHARS = 8192  # of a lesson's key (a file's full path, for a lesson of one's own)
MAX_BAD_FILES = 100  # damaged files (and backups) kept aside, at most
MAX_ANSWER_CHARS = 200  # of a saved answer
MAX_STEP = 10_000  # no lesson has more steps (the script format allows 200)
BACKUP_SUFFIX = ".bak"
MAX_FUNCTION_CHARS = 1000  # as long as an expression may be
STALE_TEMP_SECONDS = 60.0  # a temp file older than this was left by a writer that died


# How gradtui up to 0.1 keyed a built-in lesson: by file name, number included.
_NUMBERED_BUILTIN = re.compile(r"builtin:[0-9]+-(.+)")


def current_key(key: str) -> str:
    """A lesson's key as this version saves it: a built-in lesson's old key by file name
    ("builtin:04-learning") becomes its key by slug ("builtin:learning"), so renumbering the
    course never loses a learner's place."""
    match = _NUMBERED_BUILTIN.fullmatch(key)
    return f"builtin:{match[1]}" if match else key


def current_lessons(lessons: dict[str, Any]) -> dict[str, Any]:
    """A file's lessons under their current keys. Where an old key and its new one are both
    present (an old gradtui saved beside a new one), the new one's record is kept."""
    renamed: dict[str, Any] = {}
    for key, record in lessons.items():
        new = current_key(str(key))
        if new not in renamed or new == key:
            renamed[new] = record
    return renamed


def parse_progress(raw: bytes) -> dict[str, Any] | None:
    """The JSON object in a progress file's bytes, or None when they are not one (bad UTF-8,
    broken JSON, nesting too deep, or a number too long for Python to read: json raises
    ValueError for a 5,001-digit integer)."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def default_state_dir() -> Path:
    """Where progress lives: the platform's state folder for gradtui."""
    from platformdirs import user_state_dir

    return Path(user_state_dir("gradtui"))


@dataclass
class LessonProgress:
    """One lesson's progress: the step the learner was on, how many steps it had then,
    whether they reached the end, the steps they have seen, their answers to checks and the
    functions they typed into scenes (both by step number)."""

    step: int = 1
    steps: int = 0
    done: bool = False
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)
    seen: set[int] = field(default_factory=set)
    functions: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = {
            "step": self.step,
            "steps": self.steps,
            "done": self.done,
            "seen": sorted(self.seen),
            "checks": self.checks,
        }
        if self.functions:
            data["functions"] = self.functions
        return data

    @classmethod
    def from_json(cls, data: Any) -> LessonProgress:
        """Read leniently: a bad field falls back to its default rather than losing the rest.

        A record saved before "seen" was kept counts steps 1 to the one it was on as seen
        (all of them once the lesson was done): the best that can be read from it.
        """
        if not isinstance(data, dict):
            return cls()
        step = _whole(data.get("step"))
        steps = data.get("steps")
        record = cls(
            step=step if step is not None and step >= 1 else 1,
            steps=steps if isinstance(steps, int) and not isinstance(steps, bool) else 0,
            done=data.get("done") is True,
            checks=_checks_from_json(data.get("checks")),
            functions=_functions_from_json(data.get("functions")),
        )
        seen = data.get("seen")
        if isinstance(seen, list):
            record.seen = {n for n in map(_whole, seen[:MAX_STEP]) if n and 1 <= n <= MAX_STEP}
        elif "step" in data:
            last = max(record.steps, record.step) if record.done else record.step
            record.seen = set(range(1, min(last, MAX_STEP) + 1))
        return record

    def status(self, step_count: int) -> str:
        """'not started', 'step k of n' or 'done', for the picker."""
        if self.done:
            return "done"
        if self.steps == 0 and self.step <= 1:
            return "not started"
        return f"step {min(self.step, step_count)} of {step_count}"

    def steps_seen(self, step_count: int) -> int:
        """How many of a lesson's `step_count` steps the learner has seen."""
        return sum(1 for n in self.seen if n <= step_count)


def _whole(value: Any) -> int | None:
    """A whole number from the file, or None (true/false are not numbers here)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _functions_from_json(data: Any) -> dict[str, str]:
    """Typed functions by step: texts only, cut to MAX_FUNCTION_CHARS (the scene reads them
    through the safe parser again before using one)."""
    if not isinstance(data, dict):
        return {}
    return {
        str(step): text[:MAX_FUNCTION_CHARS]
        for step, text in data.items()
        if isinstance(text, str) and text.strip()
    }


def _checks_from_json(data: Any) -> dict[str, dict[str, Any]]:
    """Saved check outcomes: the last answer (text, cut to MAX_ANSWER_CHARS), whether it was
    right, how many answers were graded, and whether the first was right; anything else in
    the file is dropped. The answer is shown back as plain text. An outcome saved before tries
    were counted reads as one try."""
    if not isinstance(data, dict):
        return {}
    checks = {}
    for step, outcome in data.items():
        if isinstance(outcome, dict) and isinstance(outcome.get("answer"), str):
            correct = outcome.get("correct") is True
            tries = _whole(outcome.get("tries"))
            first = outcome.get("first_correct")
            checks[str(step)] = {
                "answer": outcome["answer"][:MAX_ANSWER_CHARS],
                "correct": correct,
                "tries": tries if tries is not None and tries >= 1 else 1,
                "first_correct": first if isinstance(first, bool) else correct,
            }
    return checks


class Progress:
    """The learner's progress across lessons, loaded from and saved to one JSON file."""

    def __init__(self, folder: Path | None = None, *, enabled: bool = True) -> None:
        self.folder = Path(folder) if folder is not None else default_state_dir()
        self.path = self.folder / FILE_NAME
        self.enabled = enabled
        self.can_save = enabled
        self.lessons: dict[str, LessonProgress] = {}
        self.last_lesson: str | None = None
        self.notices: list[str] = []  # said once each to the learner, then cleared by the app
        self._said_cannot_save = False
        self._said_too_large = False
        # Background saving: the newest snapshot waits in _pending for the one writer thread.
        self._pending: tuple[str, frozenset[str]] | None = None
        self._writer: threading.Thread | None = None
        self._writer_lock = threading.Lock()
        # Called (from the writer thread) when a background save adds a notice.
        self.on_notice: Callable[[], None] | None = None
        self._touched: set[str] = set()  # lessons this session changed: its own to save

    # -- reading ---------------------------------------------------------------------------

    def load(self) -> Progress:
        """Read the file if there is one. Never raises: problems become notices.

        Only a regular file is read, and at most MAX_FILE_BYTES of it: a folder, a named
        pipe, a device (say a link to /dev/zero) or a socket in its place is moved aside
        unread, as is a file that cannot be parsed, and the learner starts fresh. A file a
        newer gradtui saved is left as it is, and this session does not save.
        """
        if not self.enabled:
            return self
        self._remove_stale_temp_files()
        data = self._read_on_disk("started fresh")
        if data is None:
            return self
        lessons = data.get("lessons")
        if isinstance(lessons, dict):
            self.lessons = {
                key: LessonProgress.from_json(v)
                for key, v in current_lessons(lessons).items()
                if len(key) <= MAX_KEY_CHARS
            }
        last = data.get("last_lesson")
        fits = isinstance(last, str) and len(last) <= MAX_KEY_CHARS
        self.last_lesson = current_key(last) if fits else None
        return self

    def _read_on_disk(self, then: str) -> dict[str, Any] | None:
        """The file's content when it is this version's progress, else None: when there is
        none; when it cannot be used (damaged, from an older or unknown version, too large,
        not a regular file), after moving it aside with a notice ending "and {then}"; when a
        newer gradtui saved it, or it cannot be read, after stopping this session's saving
        with a notice. The file is never changed but by being moved aside whole."""
        if not os.path.lexists(self.path):
            return None
        try:
            raw = read_capped(self.path, MAX_FILE_BYTES)
        except NotAFileError as error:
            return self._move_aside(f"{error.kind} stands where the progress file should be", then)
        except TooBigError:
            return self._move_aside("the progress file is far too large to be ours", then)
        except OSError as error:
            if error.errno in (errno.ENOENT, errno.ELOOP):  # a link to nothing, or a loop
                return self._move_aside("the progress file is a link that leads nowhere", then)
            self._cannot_save(f"cannot read saved progress ({error.strerror or error})")
            return None
        data = parse_progress(raw)
        if data is None:
            return self._move_aside("the progress file was damaged", then)
        version = _whole(data.get("version"))
        if version is not None and version > FORMAT_VERSION:
            self._cannot_save("the progress file was saved by a newer gradtui and is left as it is")
            return None
        if data.get("version") != FORMAT_VERSION:
            return self._move_aside("the progress file is from another version of gradtui", then)
        return data

    def _remove_stale_temp_files(self) -> None:
        """A writer killed mid-save leaves its temp file behind; the real file is intact. A
        recent one may be another session's save in progress, and is left alone."""
        now = time.time()
        with contextlib.suppress(OSError):
            for stale in self.folder.glob(TEMP_PREFIX + "*"):
                with contextlib.suppress(OSError):
                    if now - stale.lstat().st_mtime > STALE_TEMP_SECONDS:
                        stale.unlink()

    def _move_aside(self, why: str, then: str) -> None:
        """Keep a file that cannot be used beside the fresh one, under a name not yet taken
        (an earlier `.bad` file is kept too), and say so once: "{why}; kept it as ... and
        {then}"."""
        bad = self._unused_name(".bad")
        try:
            if bad is None:
                raise FileExistsError(f"{FILE_NAME}.bad names are all taken")
            os.rename(self.path, bad)
        except OSError:
            self._cannot_save(f"{why}, and it could not be moved aside")
            return
        self.notices.append(f"{why}; kept it as {bad.name} and {then}")

    def _unused_name(self, suffix: str) -> Path | None:
        """progress.json<suffix>, else progress.json<suffix>-2, -3, ...: the first name not
        in use (".bad" for a damaged file, ".bak" for a backup)."""
        for number in range(1, MAX_BAD_FILES + 1):
            name = FILE_NAME + (suffix if number == 1 else f"{suffix}-{number}")
            candidate = self.path.with_name(name)
            if not os.path.lexists(candidate):
                return candidate
        return None

    def _cannot_save(self, why: str) -> None:
        self.can_save = False
        if not self._said_cannot_save:
            self._said_cannot_save = True
            self.notices.append(f"{why}: progress will not be saved this time")

    # -- using -----------------------------------------------------------------------------

    def of(self, key: str) -> LessonProgress:
        """The progress of one lesson (a fresh record if it has none yet)."""
        return self.lessons.get(key) or LessonProgress()

    def resume_step(self, key: str, step_count: int) -> int:
        """The step to reopen a lesson at, kept within the lesson's current length
        (a lesson may have lost steps since it was last opened)."""
        record = self.lessons.get(key)
        if record is None or step_count < 1:
            return 1
        return max(1, min(record.step, step_count))

    def visit(self, key: str, step: int, step_count: int) -> None:
        """Record that the learner is on `step` of a lesson with `step_count` steps."""
        record = self.lessons.setdefault(key, LessonProgress())
        self._touched.add(key)
        record.step = step
        record.steps = step_count
        if 1 <= step <= MAX_STEP:
            record.seen.add(step)
        if step >= step_count:
            record.done = True
        self.last_lesson = key

    def record_check(self, key: str, step: int, answer: str, correct: bool) -> None:
        """Keep a check's outcome: the learner's answer and whether it was right, how many
        answers they gave, and whether the first was right."""
        record = self.lessons.setdefault(key, LessonProgress())
        self._touched.add(key)
        before = record.checks.get(str(step))
        record.checks[str(step)] = {
            "answer": answer[:MAX_ANSWER_CHARS],
            "correct": bool(correct),
            "tries": 1 if before is None else before["tries"] + 1,
            "first_correct": bool(correct) if before is None else before["first_correct"],
        }

    def record_function(self, key: str, step: int, text: str | None) -> None:
        """Keep the function the learner typed into a step's scene (None: the lesson's own)."""
        record = self.lessons.setdefault(key, LessonProgress())
        self._touched.add(key)
        if text is None:
            record.functions.pop(str(step), None)
        else:
            record.functions[str(step)] = text[:MAX_FUNCTION_CHARS]

    def typed_function(self, key: str, step: int) -> str | None:
        """The function the learner typed into a step's scene last time, if any."""
        record = self.lessons.get(key)
        return None if record is None else record.functions.get(str(step))

    def forget(self, key: str | None = None) -> bool:
        """Forget one lesson's progress (every lesson's when `key` is None); True when there
        was something to forget. Saving is the caller's (see `back_up` first)."""
        if key is None:
            had = bool(self.lessons) or self.last_lesson is not None
            self._touched.update(self.lessons)  # so that saving takes them out of the file
            self.lessons, self.last_lesson = {}, None
            return had
        if self.last_lesson == key:
            self.last_lesson = None
        self._touched.add(key)
        return self.lessons.pop(key, None) is not None

    def back_up(self) -> Path | None:
        """Copy the progress file as it is on disk to progress.json.bak (or .bak-2, ...: an
        earlier backup is kept), written atomically; the backup's path, or None when there is
        no file to keep. Raises OSError when it cannot be read or written."""
        if not os.path.lexists(self.path):
            return None
        raw = read_capped(self.path, MAX_FILE_BYTES)
        backup = self._unused_name(BACKUP_SUFFIX)
        if backup is None:
            raise FileExistsError(f"{FILE_NAME}{BACKUP_SUFFIX} names are all taken")
        write_atomically(backup, raw.decode("utf-8", errors="replace"), TEMP_PREFIX)
        return backup

    def check_outcome(self, key: str, step: int) -> dict[str, Any] | None:
        """A check's saved outcome, if the learner answered it before."""
        record = self.lessons.get(key)
        return None if record is None else record.checks.get(str(step))

    # -- writing ---------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "last_lesson": self.last_lesson,
            "lessons": {key: record.to_json() for key, record in self.lessons.items()},
        }

    def _snapshot(self) -> tuple[str, frozenset[str]]:
        """This session's progress as text, and the lessons it changed (taken on the app's
        thread: the writer thread works on this copy only)."""
        return json.dumps(self.to_json()), frozenset(self._touched)

    def _merged(self, snapshot: tuple[str, frozenset[str]], current: dict[str, Any] | None) -> str:
        """What to write: this session's changed lessons over `current`, the file as it is
        now, so that what another session saved since this one loaded is kept (the progress
        as this session has it when there is no readable file of ours); at most SAVE_LIMIT
        bytes of it, with a notice the first time something has to give way."""
        text, touched = snapshot
        ours = json.loads(text)
        theirs = current.get("lessons") if current is not None else None
        merged = ours
        if isinstance(theirs, dict):
            lessons = current_lessons(theirs)
            for key in touched:
                if key in ours["lessons"]:
                    lessons[key] = merged_lesson(ours["lessons"][key], lessons.get(key))
                else:  # forgotten by this session (a reset)
                    lessons.pop(key, None)
            theirs_last = current.get("last_lesson")
            if isinstance(theirs_last, str):
                theirs_last = current_key(theirs_last)
            last = ours["last_lesson"] if touched else theirs_last
            merged = {**ours, "lessons": lessons, "last_lesson": last}
        text, gave_way = fitted(merged, SAVE_LIMIT)
        if gave_way and not self._said_too_large:
            self._said_too_large = True
            self.notices.append(
                f"saved progress would be larger than {SAVE_LIMIT // 1024} KiB, so {gave_way}"
            )
        return text

    def save(self) -> bool:
        """Write now (after any background save in flight); returns whether it was saved.
        Never raises."""
        if not self.can_save:
            return False
        self.flush()
        return self._write(self._snapshot())

    def save_soon(self) -> None:
        """Save on a background thread, so a step change never waits for the disk (fsync
        can take tens of milliseconds). Writes never overlap and the newest state wins."""
        if not self.can_save:
            return
        snapshot = self._snapshot()
        with self._writer_lock:
            self._pending = snapshot
            if self._writer is None:
                self._writer = threading.Thread(
                    target=self._write_pending, name="gradtui-save", daemon=True
                )
                self._writer.start()

    def flush(self, timeout: float = 5.0) -> None:
        """Wait for a background save to finish."""
        writer = self._writer
        if writer is not None:
            writer.join(timeout)

    def _write_pending(self) -> None:
        while True:
            with self._writer_lock:
                snapshot, self._pending = self._pending, None
                if snapshot is None:
                    self._writer = None
                    return
            told = len(self.notices)
            self._write(snapshot)
            if len(self.notices) > told and self.on_notice is not None:
                self.on_notice()

    def _write(self, snapshot: tuple[str, frozenset[str]]) -> bool:
        if not self.can_save:
            return False
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            with locked(self.path.with_name(LOCK_NAME)):  # one session at a time
                current = self._read_on_disk("saved this session's progress")
                if not self.can_save:  # a newer gradtui's file, or one that cannot be read
                    return False
                write_atomically(self.path, self._merged(snapshot, current), TEMP_PREFIX)
        except OSError as error:
            self._cannot_save(f"cannot save progress in {self.folder} ({error.strerror or error})")
            return False
        return True


def merged_lesson(ours: dict[str, Any], theirs: Any) -> dict[str, Any]:
    """A lesson's record as this session saves it, over the one another session saved
    meanwhile (`theirs`, None: none): one learner's two tabs in one lesson. Where the learner
    is, and the functions they typed, are this session's; but no step seen, no check answered
    and no lesson done in the other is lost."""
    if theirs is None:
        return ours
    other = LessonProgress.from_json(theirs)
    return {
        **ours,
        "seen": sorted(set(ours.get("seen", [])) | other.seen),
        "done": ours.get("done") is True or other.done,
        "checks": {**other.checks, **ours.get("checks", {})},
    }


@contextlib.contextmanager
def locked(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `lock_path` (created 0600 if missing) for the block, so two
    sessions saving at once (serve tabs, --plain beside the app) take turns: otherwise both
    read the file, and the second write drops the first one's lesson. Where there is no
    fcntl (not POSIX) the block runs unlocked, as it does when the lock cannot be taken
    (something else in its place, a file system without locks): saving matters more."""
    fd = None
    if fcntl is not None:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            if fd is not None:
                os.close(fd)
            fd = None
    try:
        yield
    finally:
        if fd is not None:
            os.close(fd)  # closing it lets go of the lock
