"""Shared pieces of the robustness suite: lessons written on the fly (any scene kind, hostile
text escaped into TOML), a guard that fails a test the moment inf or nan reaches plotext, key
events posted straight to a running app, and a pseudo-terminal that runs `python -m gradtui`."""

from __future__ import annotations

import fcntl
import math
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from gradtui.scenes import KINDS, scene_params

REPO = Path(__file__).resolve().parents[2]

# --- lessons written on the fly ---------------------------------------------------------------


def toml_string(text: str) -> str:
    """A TOML basic string holding `text` exactly: anything outside printable ASCII is written
    as a \\u escape, so the file itself stays plain (the parser refuses raw control characters,
    but an escape is how a stranger's script would smuggle them in)."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif " " <= ch <= "~":
            out.append(ch)
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(f"\\U{ord(ch):08X}")
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    """A Python value as TOML: text, flags, whole numbers, floats (inf/nan too), lists."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):  # an inline table
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no TOML for {value!r}")


def toml_key(name: str) -> str:
    """A key as TOML: bare when it can be, else quoted (and escaped)."""
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else toml_string(name)


def scene_block(kind: str, params: dict[str, Any] | None = None) -> str:
    """A ```scene block; None values are left out (the scene's default applies)."""
    lines = [f"kind = {toml_string(kind)}"]
    for name, value in (params or {}).items():
        if value is not None:
            lines.append(f"{toml_key(name)} = {toml_value(value)}")
    return "```scene\n" + "\n".join(lines) + "\n```"


def check_block(**fields: Any) -> str:
    """A ```check block from keyword fields (question=, answer=, options=, hint=, ...)."""
    lines = [f"{toml_key(name)} = {toml_value(value)}" for name, value in fields.items()]
    return "```check\n" + "\n".join(lines) + "\n```"


def required_params(kind: str) -> dict[str, Any]:
    """The smallest scene a script may write: only the required parameters, at their defaults."""
    return {p.name: p.default for p in scene_params(kind) if p.required}


def lesson_text(title: str, steps: list[str], summary: str = "") -> str:
    """A whole script: front matter, then the steps separated by `---` lines."""
    front = f"+++\ntitle = {toml_string(title)}\nsummary = {toml_string(summary)}\n+++\n\n"
    return front + "\n\n---\n\n".join(steps) + "\n"


def tour_steps(checks: bool = True) -> list[str]:
    """One step per registered scene kind at its defaults, then (optionally) a number check
    and a choice check: every kind of thing a lesson can show."""
    steps = [
        f"# The {kind} scene\n\nA {kind} scene at its defaults.\n\n"
        + scene_block(kind, required_params(kind))
        for kind in KINDS
    ]
    if checks:
        steps.append(
            "# A number check\n\nType a number.\n\n"
            + check_block(
                question="What is 2 times 3?", answer=6, tolerance=0.01, hint="Add 3 twice."
            )
        )
        steps.append(
            "# A choice check\n\nPick one.\n\n"
            + check_block(question="Which way is down?", options=["up", "down"], answer="down")
        )
    return steps


class LessonKit:
    """The helpers above, handed to tests through the `kit` fixture."""

    toml_string = staticmethod(toml_string)
    toml_value = staticmethod(toml_value)
    scene_block = staticmethod(scene_block)
    check_block = staticmethod(check_block)
    required_params = staticmethod(required_params)
    lesson_text = staticmethod(lesson_text)
    tour_steps = staticmethod(tour_steps)

    @staticmethod
    def write(path: Path, title: str, steps: list[str], summary: str = "") -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(lesson_text(title, steps, summary), encoding="utf-8")
        return path


@pytest.fixture(scope="session")
def kit() -> type[LessonKit]:
    return LessonKit


# --- plotext must never see a number that is not finite -------------------------------------


def _numbers(value: Any) -> Iterator[float]:
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        yield float(value)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _numbers(item)
    elif hasattr(value, "tolist"):  # a numpy array or scalar
        yield from _numbers(value.tolist())


@pytest.fixture
def finite_plotext(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Wrap plotext's entry points so any inf or nan handed to them fails the test at once
    (plotext 5.3 crashes on them, or draws garbage). Returns the calls seen, by name."""
    import plotext

    seen: list[str] = []

    def guard(name: str, original: Callable) -> Callable:
        def checked(*args, **kwargs):
            for value in [*args, *kwargs.values()]:
                bad = [v for v in _numbers(value) if not math.isfinite(v)]
                assert not bad, f"plotext.{name} was given {bad[:3]} (args {args!r:.200})"
            seen.append(name)
            return original(*args, **kwargs)

        return checked

    for name in ("plot", "scatter", "xlim", "ylim", "plotsize", "bar", "xticks", "yticks"):
        if hasattr(plotext, name):
            monkeypatch.setattr(plotext, name, guard(name, getattr(plotext, name)))
    return seen


# --- keys and resizes posted straight to a running app --------------------------------------


def key_event(key: str):
    """An `events.Key` as the terminal driver would make it (Pilot's `press` waits for idle
    after every key, far too slow for thousands). `key` is a Textual key name or one char."""
    from textual import events
    from textual.keys import _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    specials = {"enter": "\r", "tab": "\t", "escape": "\x1b", "backspace": "\x7f"}
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(key))
    except KeyError:
        char = specials.get(key, key if len(key) == 1 else None)
    return events.Key(key, char)


def post_resize(app, width: int, height: int) -> None:
    """Resize the (headless) terminal the way Pilot does, without waiting."""
    from textual import events
    from textual.geometry import Size

    size = Size(width, height)
    app._driver._size = size
    app.post_message(events.Resize(size, size))


@pytest.fixture
def post():
    """(key_event, post_resize), for tests that drive an app at full speed."""
    return key_event, post_resize


# --- a pseudo-terminal --------------------------------------------------------------------------

KEY_BYTES = {
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "enter": b"\r",
    "escape": b"\x1b",
    "tab": b"\t",
    "space": b" ",
    "backspace": b"\x7f",
    "f1": b"\x1bOP",
    "ctrl+p": b"\x10",
    "ctrl+u": b"\x15",
    "ctrl+k": b"\x0b",
    "ctrl+r": b"\x12",
}

# What Textual writes to move the cursor and colour text: removed to get the visible text.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC, ended by BEL or ST
    r"|\x1b[PX^_][^\x1b]*\x1b\\"  # DCS, SOS, PM, APC
    r"|\x1b[ -/]*[0-~]"  # two-character escapes (ESC 7, ESC =, ...)
)


def visible_text(raw: bytes) -> str:
    """What the program wrote, minus escape sequences: the characters that reach the cells."""
    return _ESCAPES.sub("", raw.decode("utf-8", errors="replace"))


def clean_env(state_dir: Path, **overrides: str) -> dict[str, str]:
    """The environment of a run: no inherited locale, terminal or colour settings, progress in
    a private folder (never the learner's real one), then `overrides` (an empty value unsets)."""
    drop = ("LANG", "LANGUAGE", "TERM", "NO_COLOR", "FORCE_COLOR", "COLORTERM", "COLUMNS", "LINES")
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in drop and not name.startswith(("LC_", "TEXTUAL", "PYTEST"))
    }
    env.update(LANG="C.UTF-8", TERM="xterm-256color", XDG_STATE_HOME=str(state_dir))
    for name, value in overrides.items():
        if value == "":
            env.pop(name, None)
        else:
            env[name] = value
    return env


class Terminal:
    """`python -m gradtui ARGS` in a pseudo-terminal of a fixed size, its output kept as raw
    bytes and emulated on a pyte screen (what a person would see).

    The program runs in its own session (so it can be killed as a group) without a
    controlling terminal: Textual needs none, only the size set on the pty.
    """

    def __init__(self, args: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        import pyte

        self.columns, self.rows = size
        self.screen = pyte.Screen(self.columns, self.rows)
        self._stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.rows, self.columns, 0, 0))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gradtui", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=REPO,
            start_new_session=True,
        )
        os.close(slave)
        self._open = True

    # reading

    def pump(self, seconds: float) -> bool:
        """Read output for up to `seconds`; False once the program has closed the terminal."""
        end = time.monotonic() + seconds
        while self._open:
            left = end - time.monotonic()
            if left <= 0:
                return True
            ready, _, _ = select.select([self.master], [], [], min(left, 0.05))
            if not ready:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO: every writer has gone
                data = b""
            if not data:
                self._open = False
                break
            self.raw.extend(data)
            self._stream.feed(data)
        return False

    @property
    def text(self) -> str:
        """The emulated screen, one line per row."""
        return "\n".join(self.screen.display)

    def wait_for(self, wanted: str | Callable[[str], bool], timeout: float = 20.0) -> None:
        """Read until `wanted` is on the screen; fail with the screen shown if it never is."""
        found = wanted if callable(wanted) else (lambda text: wanted in text)
        end = time.monotonic() + timeout
        while not found(self.text):
            still_running = self.pump(0.05)
            if found(self.text):
                return
            if not still_running or time.monotonic() > end:
                raise AssertionError(
                    f"never saw {wanted!r} on the screen (exit code {self.process.poll()}):\n"
                    f"{self.text}\n--- last output: {bytes(self.raw[-400:])!r}"
                )

    # writing

    def send(self, data: bytes | str) -> None:
        os.write(self.master, data.encode() if isinstance(data, str) else data)

    def press(self, *keys: str) -> None:
        """Press keys one at a time, as a person would: Textual runs a key's binding after
        characters that arrive with it in the same read (ctrl+u then typing, in one chunk,
        loses the typing), and tells a lone ESC from the start of a sequence by a pause."""
        for key in keys:
            if len(key) > 1 and key not in KEY_BYTES:
                raise ValueError(f"no bytes known for the key {key!r}")
            self.send(KEY_BYTES.get(key, key.encode()))
            self.pump(0.25 if key == "escape" else 0.05)

    def resize(self, columns: int, rows: int) -> None:
        """Resize the window: the pty's size, then SIGWINCH (sent by hand: the program has no
        controlling terminal for the kernel to signal)."""
        self.columns, self.rows = columns, rows
        self.screen.resize(rows, columns)
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        os.killpg(self.process.pid, signal.SIGWINCH)

    def paste(self, text: str) -> None:
        """Paste as a terminal does with bracketed paste on (the text arrives as one event)."""
        self.send(b"\x1b[200~" + text.encode("utf-8") + b"\x1b[201~")

    # ending

    def finish(self, timeout: float = 15.0) -> int | None:
        """Wait for the program to exit (reading all it writes); kill it after `timeout`.
        Returns the exit code, or None if it had to be killed."""
        end = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < end:
            self.pump(0.05)
        code = self.process.poll()
        if code is None:
            self.kill()
        self.pump(0.2)
        self.close()
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def close(self) -> None:
        if self.master >= 0:
            os.close(self.master)
            self.master = -1
            self._open = False


class Terminals:
    """Starts runs, each with its progress in a private folder (the first in FOLDER/state,
    then FOLDER/state-2, ...); kills whatever is still running at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.started: list[Terminal] = []
        self._lock = threading.Lock()  # runs may be started from several threads

    def __call__(self, args: list[str], size: tuple[int, int] = (80, 24), **env: str) -> Terminal:
        with self._lock:
            count = len(self.started) + 1
            state = self.folder / ("state" if count == 1 else f"state-{count}")
            run = Terminal(args, clean_env(state, **env), size)
            self.started.append(run)
        return run

    def close(self) -> None:
        for run in self.started:
            run.kill()
            run.close()


@pytest.fixture
def terminal(tmp_path: Path):
    """Start `python -m gradtui` in a pty: terminal(args, size=(80, 24), **env) → Terminal.
    Every run gets progress in tmp_path; anything still running at the end is killed."""
    start = Terminals(tmp_path)
    yield start
    start.close()


@pytest.fixture(scope="module")
def module_terminal(tmp_path_factory: pytest.TempPathFactory):
    """The same for runs shared by a module's tests (started together, checked one by one)."""
    start = Terminals(tmp_path_factory.mktemp("terminals"))
    yield start
    start.close()


@pytest.fixture
def visible():
    """visible_text(raw bytes) → the text that reaches the cells (escape sequences removed)."""
    return visible_text


# --- hostile text: markup, actions, links and characters that hide or reorder text -------------

# Every hostile field carries this token, so a spy on the markup parsers can tell lesson text
# from the program's own.
TOKEN = "ZQX"

MARKUP_PAYLOADS = {
    "breaks": "[/bold] [ [[ [/] [bold ] \\[b]",
    "styles": "[reverse blink]x[/]",
    "acts": "[@click=app.screenshot('victim.svg','{folder}')]CLICKME[/]",
    "links": '[link="https://evil.example/m"]MLINK[/link]',
}
# Characters that hide or reorder text (issue 8), each between two visible letters.
HIDDEN_CHARACTERS = (
    "\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069\ufeff\u061c"
)
# Controls: raw (as TOML escapes, the way a script smuggles them) and escaped (as text).
CONTROLS = "\x1b[31mRED\x9b2J\x07\x00\x7f \\x1b[2J \\u202e"


def hostile_text(label: str, folder: Path | str) -> str:
    """One field's worth of every payload class, tagged with TOKEN and `label`."""
    markup = " ".join(p.format(folder=folder) for p in MARKUP_PAYLOADS.values())
    hidden = "".join(f"h{ch}" for ch in HIDDEN_CHARACTERS) + "h"
    return f"{label} {TOKEN} {hidden} {markup} {CONTROLS}"


def hostile_markdown(label: str, folder: Path | str) -> str:
    """Hostile prose: the payloads as Markdown (controls as entities: raw ones cannot be
    written in a script's prose), a link and inline code."""
    text = hostile_text(label, folder).removesuffix(" " + CONTROLS)
    return f"{text} &#x1b;[31m &#x9b;2J &#7; [a link](https://evil.example/x) `code [/bold]`"


def hostile_steps(folder: Path | str) -> list[str]:
    """A lesson's steps with every field hostile: prose (heading, paragraph, list item, quote),
    a number check and a choice check (question, options, hint, explanation), a plain end.
    The options are "first ..." (the right one) and "second ..."."""
    text, markdown = hostile_text, hostile_markdown
    return [
        f"# {markdown('heading', folder)}\n\n{markdown('para', folder)}\n\n"
        f"- item {markdown('item', folder)}\n\n> {markdown('quote', folder)}",
        "# A number check\n\nType.\n\n"
        + check_block(
            question=text("question", folder),
            answer=6,
            tolerance=0.1,
            hint=text("hint", folder),
            explain=text("explain", folder),
        ),
        "# A choice check\n\nPick.\n\n"
        + check_block(
            question=text("choice", folder),
            options=[text("first", folder), text("second", folder)],
            answer=text("first", folder),
            hint=text("chint", folder),
            explain=text("cexplain", folder),
        ),
        "# The end\n\nDone.",
    ]


class HostileKit:
    """The payloads above, handed to tests through the `hostile` fixture: `hostile.text(label,
    folder)` is one field holding every class of payload, `hostile.steps(folder)` a lesson."""

    TOKEN = TOKEN
    MARKUP_PAYLOADS = MARKUP_PAYLOADS
    HIDDEN_CHARACTERS = HIDDEN_CHARACTERS
    CONTROLS = CONTROLS
    text = staticmethod(hostile_text)
    markdown = staticmethod(hostile_markdown)
    steps = staticmethod(hostile_steps)


@pytest.fixture(scope="session")
def hostile() -> type[HostileKit]:
    return HostileKit
