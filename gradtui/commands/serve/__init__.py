"""`gradtui serve`: the app in a web browser, for a classroom or a learner without a terminal,
defended as a notebook server is (the Jupyter server's defaults).

textual-serve (the optional extra, `pip install 'gradtui[serve]'`) brings the browser terminal;
every tab runs a fresh gradtui of its own. Each browser is a learner of its own (an anonymous
id in a cookie), whose progress goes to their own folder under this user's state folder
(`<state>/class/<id>/`, learners.py) unless --no-save; `gradtui class`, or the /class page
whose address only this terminal shows, is the teacher's table of them. At the door (guard.py,
web.py): the Host must name this server, a websocket must come from the page's own origin, a
token is needed (printed in the URL; --no-token only on loopback), and at most --max-sessions
tabs run at once, each with its terminal size clamped and its app ended within seconds of its
tab closing (sessions.py). SIGINT (Ctrl+C), SIGTERM and
SIGHUP end every session (each app saves) and stop it: exit 0 for Ctrl+C, 128 + the signal for
the others.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from gradtui.commands import lessons_folder, say
from gradtui.commands.learners import class_folder, make_private_folder
from gradtui.commands.serve.guard import (
    Settings,
    is_loopback,
    new_token,
    page_urls,
    plain_host_name,
    token_problem,
)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_MAX_SESSIONS = 50
INSTALL_HINT = "gradtui serve needs the serve extra: pip install 'gradtui[serve]'"


def exposure_warning(host: str, port: int) -> str:
    """The one line said when the server listens beyond this machine."""
    return (
        f"gradtui serve: warning: listening on {host} port {port}: anyone who can reach this "
        "address and has the token URL can open these lessons in a browser, each in a session "
        "run as you (a lesson cannot run code, but be sure that is what you want)."
    )


def app_argv(folder: Path, save: bool) -> list[str]:
    """The command each tab runs: this Python's gradtui, on this folder of lessons."""
    argv = [sys.executable, "-m", "gradtui", "--lessons", str(folder)]
    if not save:
        argv.append("--no-save")
    return argv


def settings_from(
    host: str,
    port: int,
    token: str | None,
    no_token: bool,
    allow_hosts: list[str],
    most: int,
    teacher: bool = False,
) -> Settings | str:
    """The server's settings from its options, or what is wrong with them, in words."""
    if not 1 <= port <= 65535:
        return f"the port must be from 1 to 65535, not {port}"
    if most < 1:
        return f"--max-sessions must be at least 1, not {most}"
    if token is not None and no_token:
        return "--token and --no-token do not go together"
    if no_token and not is_loopback(host):
        return (
            f"--no-token works only on this machine (127.0.0.1); listening on {host}, the "
            "token keeps out everyone who was not given the URL"
        )
    if token is not None and (problem := token_problem(token)):
        return problem
    for name in allow_hosts:
        if not plain_host_name(name):
            return f"--allow-host takes a host name or address without a port, not {name!r}"
    return Settings(
        host=host,
        port=port,
        token=None if no_token else (token or new_token()),
        allowed_hosts=frozenset(name.lower().strip("[]") for name in allow_hosts),
        max_sessions=most,
        teacher_key=new_token() if teacher else None,
    )


def start_up_lines(settings: Settings) -> list[str]:
    """What it prints once it listens: the URL to open (never 0.0.0.0), and this machine's."""
    url, local = page_urls(settings)
    lines = [f"gradtui serve: open {url} in a browser (Ctrl+C stops it)"]
    if local is not None:
        lines.append(f"gradtui serve: on this machine itself: {local}")
    most = settings.max_sessions
    lines.append(f"gradtui serve: at most {most} session{'' if most == 1 else 's'} at once")
    if settings.teacher_key is not None:
        table, _ = page_urls(settings, f"/class?key={settings.teacher_key}")
        lines.append(f"gradtui serve: the teacher's table (keep this address to yourself): {table}")
    return lines


def run(
    *,
    host: str | None = None,
    port: int = 8000,
    lessons_dir: str | None = None,
    save: bool = True,
    token: str | None = None,
    no_token: bool = False,
    allow_hosts: list[str] | None = None,
    max_sessions: int = DEFAULT_MAX_SESSIONS,
    names: bool = False,
    state_dir: Path | None = None,
) -> int:
    """Serve until a signal; returns the exit code (2 when it cannot start)."""
    folder = lessons_folder(lessons_dir).resolve()
    if not folder.is_dir():
        say(f"gradtui: no such folder of lessons: {folder}")
        return 2
    if names and not save:
        say("gradtui serve: --names keeps each learner's name with their progress, and "
            "--no-save keeps nothing")  # fmt: skip
        return 2
    host = DEFAULT_HOST if host is None else host.strip("[]")
    settings = settings_from(
        host, port, token, no_token, allow_hosts or [], max_sessions, teacher=save
    )
    if isinstance(settings, str):
        say(f"gradtui serve: {settings}")
        return 2
    classroom = class_folder(state_dir) if save else None
    if classroom is not None:
        try:
            make_private_folder(classroom)
        except OSError as error:
            say(f"gradtui serve: cannot keep the learners' progress in {classroom} "
                f"({error.strerror or error}); --no-save serves without keeping any")  # fmt: skip
            return 2
    try:
        import textual_serve.app_service  # noqa: F401
    except ImportError:
        say(INSTALL_HINT)
        return 2
    from gradtui.commands.serve import web

    if not is_loopback(host):
        say(exposure_warning(host, port))

    def ready() -> None:
        for line in start_up_lines(settings):
            print(line)
        sys.stdout.flush()

    course = web.Course(folder, app_argv(folder, save), classroom, names)
    try:
        number = asyncio.run(web.serve(settings, course, ready))
    except OSError as error:  # the port is taken, or the address is not this machine's
        say(f"gradtui serve: cannot listen on {host} port {port}: {error.strerror or error}")
        return 2
    # Stopped: a Ctrl+C still on its way (or pressed again) must not end the exit in a
    # traceback while the last threads finish.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    print("gradtui serve: stopped.")
    return 0 if number == signal.SIGINT else 128 + number
