"""The light output as it reaches a learner (issue 21): in a real pseudo-terminal, and in a
browser tab's stream as `gradtui serve` runs it, a step change sends a few KB, not the whole
screen, and a terminal that may have lost what it showed (ctrl+l pressed, focus back after a
loss, a resize) gets every cell again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .conftest import REPO, clean_env, visible_text

FULL = 80 * 24  # the cells of the whole screen


def settled(received: Callable[[], int], wait: Callable[[float], object]) -> int:
    """Wait until nothing has arrived for a moment; how many bytes `received()` says came."""
    while True:
        before = received()
        wait(0.4)
        if received() == before:
            return before


def pty_settled(run) -> int:
    """`settled` for a program in a pseudo-terminal (reading its output while waiting)."""
    return settled(lambda: len(run.raw), run.pump)


def pty_since(run, start: int) -> bytes:
    """What the program has sent since byte `start`, once it has settled."""
    pty_settled(run)
    return bytes(run.raw[start:])


def test_a_step_change_is_light_and_a_confused_terminal_is_repainted_whole(terminal):
    run = terminal(["1"])
    run.wait_for("step 1/")
    start = pty_settled(run)
    run.press("right")
    run.wait_for("step 2/")
    step = pty_since(run, start)
    assert len(step) < 6 * 1024, len(step)
    assert len(visible_text(step)) < FULL  # not every cell
    shown = run.text
    for what, keys in (("ctrl+l", b"\x0c"), ("focus lost and back", b"\x1b[O\x1b[I")):
        start = pty_settled(run)
        run.send(keys)
        sent = visible_text(pty_since(run, start))
        assert len(sent) >= FULL, f"{what}: {len(sent)} cells sent"
        assert run.text == shown
    run.resize(60, 18)
    run.wait_for(lambda text: "step 2/" in text and len(text.splitlines()[0]) == 60)
    pty_settled(run)
    start = len(run.raw)
    run.resize(80, 24)  # back to the size it had: the same picture, which the terminal lost
    run.wait_for(lambda text: text == shown)
    sent = visible_text(pty_since(run, start))
    assert len(sent) >= FULL, f"resize: {len(sent)} cells sent"
    run.press("q")
    assert run.finish() == 0


class BrowserTab:
    """gradtui as textual-serve runs it for a browser tab: under Textual's web driver, keys and
    sizes going in and screen data coming out as packets (a type byte, a 4-byte length, the
    payload), the screen data emulated with pyte as the page's terminal would draw it."""

    def __init__(self, state: Path, size: tuple[int, int]) -> None:
        import pyte

        width, height = size
        env = clean_env(
            state,
            TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver",
            TEXTUAL_COLOR_SYSTEM="truecolor",
            COLUMNS=str(width),
            ROWS=str(height),
        )
        self.screen = pyte.Screen(width, height)
        self._stream = pyte.ByteStream(self.screen)
        self.data = bytearray()
        self._lock = threading.Lock()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gradtui", "1"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=REPO,
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        out = self.process.stdout
        out.readline()  # the web driver's greeting
        while header := out.read(5):
            payload = out.read(int.from_bytes(header[1:], "big"))
            if header[:1] == b"D":
                with self._lock:
                    self.data.extend(payload)
                    self._stream.feed(payload)

    def send(self, kind: bytes, payload: bytes) -> None:
        self.process.stdin.write(kind + len(payload).to_bytes(4, "big") + payload)
        self.process.stdin.flush()

    def resize(self, width: int, height: int) -> None:
        with self._lock:
            self.screen.resize(height, width)
        self.send(b"M", json.dumps({"type": "resize", "width": width, "height": height}).encode())

    @property
    def text(self) -> str:
        with self._lock:
            return "\n".join(self.screen.display)

    def wait_for(self, wanted, timeout: float = 20.0) -> None:
        found = wanted if callable(wanted) else (lambda text: wanted in text)
        end = time.monotonic() + timeout
        while not found(self.text):
            assert time.monotonic() < end, f"never saw {wanted!r}:\n{self.text}"
            time.sleep(0.05)

    def settled(self) -> int:
        """Wait until the screen data has stopped a moment; the bytes received in all."""
        return settled(lambda: len(self.data), time.sleep)

    def since(self, start: int) -> bytes:
        """The screen data received since byte `start`, once it has settled."""
        self.settled()
        return bytes(self.data[start:])

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self._reader.join(timeout=10)
        self.process.stdin.close()
        self.process.stdout.close()


def test_a_browser_tab_gets_the_light_output_too(tmp_path: Path):
    tab = BrowserTab(tmp_path / "state", (80, 24))
    try:
        tab.resize(80, 24)  # what the page sends once connected
        tab.wait_for("step 1/")
        start = tab.settled()
        tab.send(b"D", b"\x1b[C")  # right
        tab.wait_for("step 2/")
        step = tab.since(start)
        assert len(step) < 6 * 1024, len(step)
        shown = tab.text
        tab.resize(60, 18)
        tab.wait_for(lambda text: "step 2/" in text and len(text.splitlines()[0]) == 60)
        start = tab.settled()
        tab.resize(80, 24)
        tab.wait_for(lambda text: text == shown)
        sent = visible_text(tab.since(start))
        assert len(sent) >= FULL, f"resize: {len(sent)} cells sent"
    finally:
        tab.close()
