"""`gradtui serve [--host 127.0.0.1] [--port 8000] [--lessons DIR] [--no-save]`: the app in a
web browser, for a classroom projector or a learner without a terminal.

textual-serve (the optional extra, `pip install 'gradtui[serve]'`) runs a fresh `gradtui` for
each browser tab, so every tab is its own session; their progress goes to this user's state
folder unless --no-save. It listens on this machine only unless --host names another address,
and then says, once, that anyone who can reach it can open the lessons. Ctrl+C stops the
server and every session cleanly (each app saves its progress as it closes).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
import shlex
import signal
import sys
from pathlib import Path

from gradtui.commands import lessons_folder, say

DEFAULT_HOST = "127.0.0.1"
INSTALL_HINT = "gradtui serve needs the serve extra: pip install 'gradtui[serve]'"
# What a browser's Host header may hold for the page to use it in its websocket address.
PLAIN_HOST = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, port: int) -> str:
    """The one line said when the server listens beyond this machine."""
    return (
        f"gradtui serve: warning: listening on {host} port {port}: anyone who can reach this "
        "address can open these lessons in a browser, each in a session run as you (a lesson "
        "cannot run code, but be sure that is what you want)."
    )


def app_command(folder: Path, save: bool) -> str:
    """The shell command textual-serve runs for each tab: this Python's gradtui, quoted."""
    argv = [sys.executable, "-m", "gradtui", "--lessons", str(folder)]
    if not save:
        argv.append("--no-save")
    return shlex.join(argv)


def make_server(command: str, host: str, port: int):
    """A textual-serve Server that speaks gradtui's words, builds each page's websocket
    address from the address the browser used (so a server listening on 0.0.0.0 works from
    another machine), and closes every session when it stops."""
    import textual_serve.server
    from textual_serve.server import AppService, Server

    processes: set[asyncio.subprocess.Process] = set()  # every tab's app, until it has exited

    class TrackedAppService(AppService):
        """textual-serve's session runner, with each tab's app in a session of its own (so a
        Ctrl+C in the server's terminal reaches the server alone, which then tells every app
        to quit and save) and remembered, so the server waits for it to exit before its event
        loop closes."""

        async def _open_app_process(self, width: int = 80, height: int = 24):
            environment = self._build_environment(width=width, height=height)
            self._process = process = await asyncio.create_subprocess_shell(
                self.command,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=environment,
                start_new_session=True,
            )
            self._stdin = process.stdin
            processes.add(process)
            return process

    textual_serve.server.AppService = TrackedAppService  # what handle_websocket builds

    class GradServer(Server):
        """textual-serve's server, with gradtui's start-up lines and a clean stop."""

        def __init__(self) -> None:
            super().__init__(command, host=host, port=port, title="gradtui")
            self.listening_url = self.public_url
            self.sessions: set[asyncio.Task] = set()

        def initialize_logging(self) -> None:
            """textual-serve's log without a line for every file served: problems only."""
            super().initialize_logging()
            logging.getLogger().setLevel(logging.WARNING)

        async def on_startup(self, app) -> None:
            print(f"gradtui serve: open {self.listening_url} in a browser (Ctrl+C stops it)")
            sys.stdout.flush()

        async def on_shutdown(self, app) -> None:
            """Close every tab's session: each app is told to quit, and saves as it does."""
            for task in list(self.sessions):
                task.cancel()
            if self.sessions:
                await asyncio.wait(list(self.sessions), timeout=10)
            for process in list(processes):  # reaped here, not after the loop is closed
                try:
                    await asyncio.wait_for(process.wait(), timeout=5)
                except TimeoutError:
                    process.kill()
                    await process.wait()
                processes.discard(process)

        async def handle_index(self, request):
            address = request.host
            if PLAIN_HOST.fullmatch(address or ""):
                self.public_url = f"http://{address}"
            else:
                self.public_url = self.listening_url
            return await super().handle_index(request)

        async def handle_websocket(self, request):
            task = asyncio.current_task()
            self.sessions.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions.discard(task)

    return GradServer()


def run(
    *,
    host: str | None = None,
    port: int = 8000,
    lessons_dir: str | None = None,
    save: bool = True,
) -> int:
    """Serve until Ctrl+C; returns the exit code (2 when it cannot start)."""
    folder = lessons_folder(lessons_dir).resolve()
    if not folder.is_dir():
        say(f"gradtui: no such folder of lessons: {folder}")
        return 2
    if not 1 <= port <= 65535:
        say(f"gradtui serve: the port must be from 1 to 65535, not {port}")
        return 2
    try:
        import textual_serve.server  # noqa: F401
    except ImportError:
        say(INSTALL_HINT)
        return 2
    host = DEFAULT_HOST if host is None else host
    if not is_loopback(host):
        say(exposure_warning(host, port))
    server = make_server(app_command(folder, save), host, port)
    try:
        server.serve()
    except OSError as error:  # the port is taken, or the address is not this machine's
        say(f"gradtui serve: cannot listen on {host} port {port}: {error.strerror or error}")
        return 2
    # Stopped: a Ctrl+C still on its way (or pressed again) must not end the exit in a
    # traceback while the last threads finish.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    print("gradtui serve: stopped.")
    return 0
