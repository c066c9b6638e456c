"""A program in a pseudo-terminal with an emulated screen: what a user's terminal would receive.

`Terminal` starts a command at a given size, sends keys, and reads the screen through pyte.
It counts every byte the program writes (with its arrival time), notices each time the screen
settles into a new picture (an update), samples the program's CPU time from /proc, and reads
its peak memory. The benchmarks use it for start-up time, bytes per second while animating or
idle, updates per second, and key-to-frame latency. Linux only (pty, /proc); needs pyte.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyte

# Key names → the bytes a terminal sends for them.
KEYS = {
    "space": b" ",
    "enter": b"\r",
    "tab": b"\t",
    "escape": b"\x1b",
    "backspace": b"\x7f",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "home": b"\x1b[H",
    "end": b"\x1b[F",
    "pageup": b"\x1b[5~",
    "pagedown": b"\x1b[6~",
    "f1": b"\x1bOP",
    "ctrl+c": b"\x03",
    "ctrl+q": b"\x11",
}

# Output that arrives closer together than this belongs to the same update (one frame).
SETTLE_SECONDS = 0.004
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Sample:
    """What the terminal saw over a stretch of time."""

    seconds: float
    bytes: int
    updates: int  # how many times the screen settled into a new picture
    cpu_seconds: float  # CPU time the program used (user + system)

    @property
    def bytes_per_second(self) -> float:
        return self.bytes / self.seconds if self.seconds > 0 else 0.0

    @property
    def updates_per_second(self) -> float:
        return self.updates / self.seconds if self.seconds > 0 else 0.0

    @property
    def cpu_percent(self) -> float:
        """Share of one core, in percent."""
        return 100.0 * self.cpu_seconds / self.seconds if self.seconds > 0 else 0.0


class _AnsweringScreen(pyte.Screen):
    """A pyte screen that answers the program's terminal queries (device attributes, cursor)."""

    def __init__(self, columns: int, lines: int, reply: Callable[[bytes], None]) -> None:
        super().__init__(columns, lines)
        self._reply = reply

    def write_process_input(self, data: str) -> None:
        self._reply(data.encode())


class Terminal:
    """Runs `argv` in a pty of `width`×`height` and watches what it draws.

    Use as a context manager (`with Terminal([...]) as term:`) so the program is always
    stopped. The process is the one this object started; `stop()` ends only that process
    group (a new session is made for it).
    """

    def __init__(
        self,
        argv: Sequence[str],
        width: int = 80,
        height: int = 24,
        env: dict[str, str] | None = None,
        cwd: str | None = None,
        record: bool = False,
    ) -> None:
        self.argv = list(argv)
        self.record = record  # keep every byte received (see `received`), for debugging
        self.width, self.height = width, height
        self.env = dict(os.environ if env is None else env)
        self.env.setdefault("TERM", "xterm-256color")
        self.env.setdefault("LANG", "C.UTF-8")
        self.env["COLUMNS"], self.env["LINES"] = str(width), str(height)
        self.cwd = cwd
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0
        self._master = -1
        self._lock = threading.Lock()
        self._screen = _AnsweringScreen(width, height, self._write)
        self._stream = pyte.ByteStream(self._screen)
        self._chunks: list[tuple[float, int]] = []  # (arrival time, byte count)
        self._raw: list[tuple[float, bytes]] = []  # (arrival time, bytes) when recording
        self._updates: list[float] = []  # times the screen settled into a new picture
        self._last_hash = b""
        self._reader: threading.Thread | None = None
        self._running = False

    # --- life cycle -----------------------------------------------------------------------

    def start(self) -> Terminal:
        """Start the program in a fresh pty; returns self."""
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.height, self.width, 0, 0))
        self.started_at = time.monotonic()
        self.process = subprocess.Popen(
            self.argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=self.env,
            cwd=self.cwd,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self._master = master
        self._running = True
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()
        return self

    def stop(self, timeout: float = 3.0) -> int | None:
        """End the program (politely, then firmly) and return its exit code."""
        process = self.process
        if process is None:
            return None
        if process.poll() is None:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    process.wait(timeout=timeout)
                    break
                except subprocess.TimeoutExpired:
                    continue
        self._running = False
        if self._reader is not None:
            self._reader.join(timeout=1.0)
        if self._master >= 0:
            os.close(self._master)
            self._master = -1
        return process.returncode

    def __enter__(self) -> Terminal:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    # --- input ----------------------------------------------------------------------------

    def _write(self, data: bytes) -> None:
        if self._master >= 0:
            with contextlib.suppress(OSError):  # the program has gone: nothing to type into
                os.write(self._master, data)

    def send(self, data: str | bytes) -> None:
        """Send raw text or bytes, as if typed."""
        self._write(data.encode() if isinstance(data, str) else data)

    def press(self, *keys: str, gap: float = 0.05) -> None:
        """Press named keys ("space", "up", "q", …) one after the other."""
        for key in keys:
            self._write(KEYS.get(key, key.encode()))
            if gap:
                time.sleep(gap)

    # --- output ---------------------------------------------------------------------------

    def _read_loop(self) -> None:
        dirty = False
        while self._running:
            try:
                ready, _, _ = select.select([self._master], [], [], SETTLE_SECONDS)
            except (OSError, ValueError):
                break
            if ready:
                try:
                    data = os.read(self._master, 65536)
                except OSError:
                    break
                if not data:
                    break
                now = time.monotonic()
                with self._lock:
                    self._chunks.append((now, len(data)))
                    if self.record:
                        self._raw.append((now, data))
                    self._stream.feed(data)
                dirty = True
            elif dirty:
                dirty = False
                self._note_picture()
        self._running = False

    def _note_picture(self) -> None:
        """Record an update if the settled screen differs from the last settled one."""
        with self._lock:
            digest = hashlib.blake2b("\n".join(self._screen.display).encode()).digest()
            if digest != self._last_hash:
                self._last_hash = digest
                self._updates.append(self._chunks[-1][0] if self._chunks else time.monotonic())

    def screen_lines(self) -> list[str]:
        """The emulated screen, one string per row."""
        with self._lock:
            return list(self._screen.display)

    def screen_text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen_lines())

    def received(self, since: float = 0.0) -> bytes:
        """Every byte received at or after monotonic time `since` (needs `record=True`)."""
        with self._lock:
            return b"".join(data for t, data in self._raw if t >= since)

    def total_bytes(self) -> int:
        with self._lock:
            return sum(n for _, n in self._chunks)

    def wait_for(
        self, predicate: Callable[[str], bool], timeout: float = 10.0, poll: float = 0.005
    ) -> float | None:
        """Seconds until `predicate(screen_text)` holds (None on timeout or if the program ends)."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if predicate(self.screen_text()):
                return time.monotonic() - start
            if not self.alive:
                return None
            time.sleep(poll)
        return None

    def wait_for_text(self, text: str, timeout: float = 10.0) -> float | None:
        """Seconds until `text` appears on screen (None on timeout)."""
        return self.wait_for(lambda screen: text in screen, timeout)

    def startup_seconds(self, text: str, timeout: float = 20.0) -> float | None:
        """Seconds from starting the program to the first screen showing `text`."""
        if self.wait_for_text(text, timeout) is None:
            return None
        return time.monotonic() - self.started_at

    def key_latency(self, key: str, timeout: float = 5.0) -> float | None:
        """Seconds from pressing `key` until the screen shows a different picture."""
        before = self.screen_text()
        self.press(key, gap=0)
        return self.wait_for(lambda screen: screen != before, timeout, poll=0.001)

    def key_p95_ms(self, keys: Sequence[str], presses: int, quiet: float) -> float:
        """The 95th percentile, in ms, of key-to-new-frame over `presses` presses of `keys` in
        turn, the screen quiet for `quiet` seconds before each (a press that changes nothing
        within 2 s counts as 2 s)."""
        times = []
        for n in range(presses):
            self.wait_quiet(quiet, timeout=2.0)
            latency = self.key_latency(keys[n % len(keys)], timeout=2.0)
            times.append(latency if latency is not None else 2.0)
        times.sort()
        return 1000 * times[min(len(times) - 1, int(0.95 * len(times)))]

    def wait_quiet(self, quiet: float = 0.3, timeout: float = 5.0) -> bool:
        """Wait until nothing has arrived for `quiet` seconds (True) or `timeout` passes."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            with self._lock:
                last = self._chunks[-1][0] if self._chunks else self.started_at
            if time.monotonic() - last >= quiet:
                return True
            time.sleep(0.01)
        return False

    # --- measuring ------------------------------------------------------------------------

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the program has used so far, from /proc."""
        if self.process is None:
            return 0.0
        try:
            with open(f"/proc/{self.process.pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        # After the command name: state is field 3, utime 14 and stime 15 (1-based).
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def peak_rss_mib(self) -> float:
        """The program's peak resident memory so far (VmHWM), in MiB."""
        if self.process is None:
            return 0.0
        try:
            with open(f"/proc/{self.process.pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def measure(self, seconds: float) -> Sample:
        """Watch for `seconds` without touching anything; bytes, updates and CPU in that time."""
        cpu_before = self.cpu_seconds()
        start = time.monotonic()
        time.sleep(seconds)
        end = time.monotonic()
        cpu_after = self.cpu_seconds()
        time.sleep(SETTLE_SECONDS * 3)  # let the last update settle before counting it
        with self._lock:
            sent = sum(n for t, n in self._chunks if start <= t < end)
            updates = sum(1 for t in self._updates if start <= t < end)
        return Sample(end - start, sent, updates, cpu_after - cpu_before)


def python_command(*args: str) -> list[str]:
    """The current interpreter running `args` (so a benchmark uses the project's venv)."""
    return [sys.executable, *args]


def print_table(rows: Sequence[tuple[str, str, str]], title: str = "") -> None:
    """A small three-column table: what, measured, target."""
    if title:
        print(title)
    header = ("measure", "value", "target")
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(3)]
    for row in (header, tuple("-" * w for w in widths), *rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


def table_main(
    argv: list[str] | None,
    doc: str,
    rows: Callable[[bool], Sequence[tuple[str, str, str]]],
    title: str | Callable[[bool], str],
    quick_help: str = "short measurements",
) -> int:
    """The command line of a benchmark that prints one table: --quick for short measurements,
    --strict to exit 1 when a target is missed. `rows` (and `title`, when it is a function)
    are given whether quick."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=quick_help)
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    options = parser.parse_args(argv)
    found = rows(options.quick)
    print_table(found, title=title if isinstance(title, str) else title(options.quick))
    return 1 if options.strict and any("MISSED" in row[2] for row in found) else 0
