"""Being stopped by SIGTERM or SIGHUP (a `kill`, a closed terminal window, a dropped SSH link):
progress saved, the terminal put back as it was, exit status 128 + the signal's number.

Left to themselves those signals end Python at once: the full-screen app leaves the terminal
on the alternate screen with the mouse reported and the cursor hidden, and neither the app nor
the line-mode reader saves. Here the app is asked to exit through its own event loop (Textual
then restores the terminal and the app saves as it closes), and the line-mode reader unwinds
as it does for Ctrl+C. Never imports Textual.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Iterator
from typing import Any

STOP_SIGNALS: tuple[int, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def exit_status(signum: int) -> int:
    """The exit status of a program stopped by signal `signum`, as a shell reports it."""
    return 128 + signum


def exit_app_on_stop_signals(app: Any) -> None:
    """From now on, SIGTERM or SIGHUP asks the running Textual `app` to exit, with the exit
    status `exit_status(signal)` as its return code. Call it on the app's event loop (from
    `on_mount`). Left alone under `gradtui serve`, whose web driver answers SIGTERM itself,
    and in tests (a headless app has no terminal to restore)."""
    if app.is_web or app.is_headless:
        return
    loop = asyncio.get_running_loop()
    for signum in STOP_SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, _exit_app, app, signum)


def _exit_app(app: Any, signum: int) -> None:
    app.exit(return_code=exit_status(signum))


class Stopped(BaseException):
    """Raised by `stop_signals_raise` when SIGTERM or SIGHUP arrives. Like KeyboardInterrupt
    it is not an Exception, so no `except Exception` on the way swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by signal {signum}")
        self.signum = signum

    @property
    def status(self) -> int:
        return exit_status(self.signum)


def _raise_stopped(signum: int, frame: Any) -> None:
    raise Stopped(signum)


@contextlib.contextmanager
def stop_signals_raise() -> Iterator[None]:
    """Within the block, SIGTERM or SIGHUP raises `Stopped` in the main thread, so `finally`
    blocks run (saving progress) before the program exits; the handlers before are put back
    after it."""
    before = {signum: signal.signal(signum, _raise_stopped) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
