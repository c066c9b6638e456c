"""Each browser tab's gradtui: started, fed, and ended within a bounded time. This is the one
module that leans on textual-serve's internals, and why:

textual-serve's `AppService` speaks Textual's web-driver protocol (the `__GANGLION__`
handshake, then `D`/`M`/`P` packets each way), which gradtui reuses as it is. Its defaults do
not fit a classroom, so these are replaced here:
- `_open_app_process`: the app is started with `exec` (one process a tab, not a shell and a
  Python), in a process group of its own (a Ctrl+C in the server's terminal reaches the
  server alone, and the whole group can be ended), with the session's own variables (the
  learner's progress folder, the page's address) in its environment and no others of ours.
- `send_bytes`/`send_meta`: written without waiting for the app to read them, and dropped
  once a megabyte is waiting: a busy app must not stall the loop that notices a closed tab.
- `stop`: told to quit (it saves its progress), then SIGTERM, then SIGKILL, each after a grace,
  so an app ends within `TAB_GRACE` seconds of its tab closing whatever it is doing (upstream
  waits for ever on an app that does not read its quit message).
- `on_meta`: only `exit` is passed on; a served gradtui opens no URLs and delivers no files.
- `run`: the tab's websocket is closed when the app ends, however it ended.
- `start`: remembered, so a `stop` that comes while the app starts ends it once started.
It reads `_process`, `_stdin` and `_task`. `textual_serve_fits()` checks all of this is still
there, and tests/cli/test_serve_internals.py fails loudly if an upgrade changes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import os
import shlex
import signal

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from gradtui.commands.learners import PROGRESS_FOLDER_VARIABLE
from gradtui.course import PAGE_URL_VARIABLE

QUIT_GRACE = 2.0  # seconds an app has to quit (and save) after its tab closed
TERM_GRACE = 1.0  # then seconds after SIGTERM before SIGKILL
TAB_GRACE = QUIT_GRACE + TERM_GRACE  # an app is gone this long after its tab closed, at most
SHUTDOWN_GRACE = 8.0  # when the server stops: many apps quit and save at once
MOST_WAITING = 1024 * 1024  # bytes of input held for an app that is not reading
# Set for each session by the server, never passed on from the server's own environment.
SESSION_VARIABLES = (PROGRESS_FOLDER_VARIABLE, PAGE_URL_VARIABLE)
UPSTREAM = {  # what this module relies on in textual_serve.app_service.AppService
    "__init__": ["self", "command", "write_bytes", "write_str", "close", "download_manager"],
    "_open_app_process": ["self", "width", "height"],
    "_build_environment": ["self", "width", "height"],
    "encode_packet": ["packet_type", "payload"],
    "start": ["self", "width", "height"],
    "run": ["self"],
    "on_meta": ["self", "data"],
    "send_bytes": ["self", "data"],
    "send_meta": ["self", "data"],
    "stop": ["self"],
    "set_terminal_size": ["self", "width", "height"],
    "focus": ["self"],
    "blur": ["self"],
}
UPSTREAM_ATTRIBUTES = ("_process", "_stdin", "_task", "remote_close")


def textual_serve_fits() -> list[str]:
    """What this module needs from textual-serve and no longer finds there (empty: all well)."""
    problems = []
    for name, wanted in UPSTREAM.items():
        method = getattr(AppService, name, None)
        if method is None:
            problems.append(f"AppService.{name} is gone")
            continue
        found = list(inspect.signature(method).parameters)
        if found[: len(wanted)] != wanted:
            problems.append(f"AppService.{name} takes {found}, not {wanted}")
    source = inspect.getsource(AppService)
    problems += [
        f"AppService no longer sets self.{name}"
        for name in UPSTREAM_ATTRIBUTES
        if f"self.{name} =" not in source and f"self.{name}: " not in source
    ]
    return problems


def session_environment(base: dict[str, str], own: dict[str, str]) -> dict[str, str]:
    """A session's environment: the server's (as textual-serve builds it), without any
    variable of gradtui's own that the server itself was started with, plus the session's."""
    kept = {name: value for name, value in base.items() if name not in SESSION_VARIABLES}
    return {**kept, **own}


class TabSession(AppService):
    """One browser tab's gradtui, run as `argv` with its output sent to the tab's websocket;
    `environment` holds the session's own variables (a learner's progress folder)."""

    def __init__(self, argv: list[str], websocket, environment: dict[str, str] | None = None):
        super().__init__(
            shlex.join(argv),
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=DownloadManager(),
        )
        self.argv = argv
        self.environment = dict(environment or {})
        self._starting: asyncio.Future | None = None
        self._ending: asyncio.Future | None = None

    @property
    def pid(self) -> int | None:
        """The tab's app's process id, once started."""
        return None if self._process is None else self._process.pid

    async def start(self, width: int, height: int) -> None:
        """Start the app (a `stop` meanwhile waits for it to have started, then ends it)."""
        self._starting = asyncio.ensure_future(super().start(width, height))
        await self._starting

    async def _open_app_process(self, width: int = 80, height: int = 24):
        environment = session_environment(
            self._build_environment(width=width, height=height), self.environment
        )
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,
        )
        self._stdin = process.stdin
        return process

    def _write(self, packet_type: bytes, payload: bytes) -> bool:
        """Hand a packet to the app without waiting for it to be read; False when it was
        dropped (the app has ended, or already has a megabyte it has not read)."""
        stdin = self._stdin
        if stdin is None or stdin.is_closing():
            return False
        if stdin.transport.get_write_buffer_size() > MOST_WAITING:
            return False
        stdin.write(self.encode_packet(packet_type, payload))
        return True

    async def send_bytes(self, data: bytes) -> bool:
        return self._write(b"D", data)

    async def send_meta(self, data: dict) -> bool:
        return self._write(b"M", json.dumps(data).encode("utf-8"))

    async def on_meta(self, data: bytes) -> None:
        with contextlib.suppress(ValueError):
            if json.loads(data).get("type") == "exit":
                await self.remote_close()

    async def run(self) -> None:
        try:
            await super().run()
        finally:
            with contextlib.suppress(Exception):
                await self.remote_close()

    async def stop(self, grace: float = QUIT_GRACE) -> None:
        """End the app: ask it to quit (it saves), and after `grace` seconds SIGTERM, then after
        TERM_GRACE more SIGKILL. Safe to call more than once, and from more than one task."""
        if self._ending is None:
            self._ending = asyncio.ensure_future(self._end(grace))
        await asyncio.shield(self._ending)

    async def _end(self, grace: float) -> None:
        if self._starting is not None:
            await asyncio.wait([self._starting])  # a stop during the start ends what it started
        process = self._process
        if process is not None and process.returncode is None:
            await self.send_meta({"type": "quit"})
            for next_signal, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, TERM_GRACE)):
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(process.wait(), wait)
                if process.returncode is not None:
                    break
                with contextlib.suppress(ProcessLookupError):  # its own group: pgid == pid
                    os.killpg(process.pid, next_signal)
            await process.wait()
        if self._task is not None:  # the output reader ends once the app's output closes
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(self._task, TERM_GRACE)
            self._task = None


class Seats:
    """The sessions one server runs, at most `limit` at a time. A seat is taken before a tab's
    app starts and given back only once that app has exited, so the apps alive never outnumber
    the limit however fast tabs open and close."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.taken = 0
        self.sessions: set[TabSession] = set()
        self.closing = False  # the server is stopping: no new session

    def take(self) -> bool:
        """Take a seat if one is free (and the server is not stopping)."""
        if self.closing or self.taken >= self.limit:
            return False
        self.taken += 1
        return True

    def give_back(self) -> None:
        self.taken -= 1

    @property
    def full(self) -> bool:
        return self.taken >= self.limit

    def open(self, argv: list[str], websocket, environment: dict[str, str]) -> TabSession:
        """A tab's session (not yet started), remembered until `close` is called for it.
        Per-session arguments (a lesson and step) are in `argv`, the learner's progress folder
        in `environment`: the caller's (web.ClassServer.session_command)."""
        session = TabSession(argv, websocket, environment)
        self.sessions.add(session)
        return session

    def close(self, session: TabSession) -> None:
        self.sessions.discard(session)

    async def end_all(self) -> None:
        """Stop every session at once (each app quits and saves), refusing new ones meanwhile."""
        self.closing = True
        sessions = list(self.sessions)
        if sessions:
            await asyncio.gather(*(session.stop(SHUTDOWN_GRACE) for session in sessions))
