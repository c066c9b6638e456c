"""The web side of `gradtui serve` (aiohttp, which textual-serve brings): the page, its static
files, the websocket each tab's gradtui talks through, and the checks at the door.

Every request must name this server in its Host header; the page and the websocket need the
token (from the URL, or the cookie the page sets); a websocket must come from the page's own
origin; a crowd meets the session cap. The page is gradtui's own (page/index.html): it loads
textual-serve's terminal script, its stylesheet and its font from this server and nothing from
anywhere else, which its Content-Security-Policy holds the browser to.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import signal
import string
import sys
from collections.abc import Callable
from pathlib import Path

import textual_serve
from aiohttp import WSMsgType, web

from gradtui.commands import say
from gradtui.commands.serve.guard import (
    Settings,
    clamp_size,
    cookie_name,
    host_allowed,
    origin_allowed,
    read_message,
    token_matches,
)
from gradtui.commands.serve.sessions import Seats, TabSession
from gradtui.textsafe import inert

PAGE_FOLDER = Path(__file__).with_name("page")
UPSTREAM_STATIC = Path(textual_serve.__file__).with_name("static")
STATIC = {  # the only files served under /static/
    "js/textual.js": UPSTREAM_STATIC / "js" / "textual.js",
    "css/xterm.css": UPSTREAM_STATIC / "css" / "xterm.css",
    "fonts/RobotoMono-VariableFont_wght.ttf": (
        UPSTREAM_STATIC / "fonts" / "RobotoMono-VariableFont_wght.ttf"
    ),
    "gradtui.css": PAGE_FOLDER / "gradtui.css",
}
POLICY = (  # the browser may load and connect to this server only
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; img-src 'self' data:; connect-src 'self' {websocket}; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
TOKEN_COOKIE_DAYS = 7
HEARTBEAT = 15.0  # seconds between pings that notice a tab gone without a goodbye
LONGEST_MESSAGE = 256 * 1024  # bytes in one websocket message from a page
SMALLEST_FONT, LARGEST_FONT = 8, 64


def notice(status: int, title: str, text: str) -> web.Response:
    """A short page in plain words: why there is no session. Nothing from the request in it."""
    body = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>gradtui: {html.escape(title)}</title>"
        '<link rel="stylesheet" href="/static/gradtui.css"></head>'
        f"<body><main><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></main></body></html>\n"
    )
    response = web.Response(status=status, text=body, content_type="text/html")
    if status == 503:
        response.headers["Retry-After"] = "30"
    return response


WRONG_HOST = (
    403,
    "Not this address",
    "This server does not answer to the name this page was opened with. Open the address "
    "printed where gradtui serve was started.",
)
NO_TOKEN = (
    403,
    "This class needs its token",
    "Open the whole address printed where gradtui serve was started (it ends in ?token=...), "
    "or ask whoever started it.",
)
FOREIGN_PAGE = (403, "Not from this page", "A session starts only from gradtui's own page.")
NOT_A_WEBSOCKET = (400, "Not a websocket", "This address is for gradtui's page to talk to.")


class ClassServer:
    """One `gradtui serve`: its settings, the command each tab runs, and its sessions."""

    def __init__(self, settings: Settings, app_argv: list[str]) -> None:
        self.settings = settings
        self.app_argv = app_argv
        self.seats = Seats(settings.max_sessions)
        self.page = string.Template((PAGE_FOLDER / "index.html").read_text(encoding="utf-8"))

    def application(self) -> web.Application:
        app = web.Application(middlewares=[self.check_host], client_max_size=64 * 1024)
        app.add_routes(
            [
                web.get("/", self.handle_page),
                web.get("/ws", self.handle_websocket),
                web.get("/static/{name:.+}", self.handle_static),
            ]
        )
        app.on_response_prepare.append(self.add_safety_headers)
        return app

    @web.middleware
    async def check_host(self, request: web.Request, handler) -> web.StreamResponse:
        """Refuse, with 403 and without echoing it, a Host that does not name this server."""
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        arrived_on = sockname[0] if sockname else None
        host = request.headers.get("Host")
        if not host_allowed(host, arrived_on, self.settings):
            return notice(*WRONG_HOST)
        request["websocket_origin"] = f"ws://{host}"  # for the page's policy
        return await handler(request)

    async def add_safety_headers(self, request: web.Request, response: web.StreamResponse):
        websocket = request.get("websocket_origin", "")
        response.headers["Content-Security-Policy"] = POLICY.format(websocket=websocket)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"  # the token stays off other sites
        response.headers["X-Frame-Options"] = "DENY"
        if not request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"

    def has_token(self, request: web.Request) -> bool:
        """True when the server needs no token or the request carries it (URL or cookie)."""
        token = self.settings.token
        if token is None:
            return True
        from_cookie = request.cookies.get(cookie_name(self.settings.port))
        return token_matches(request.query.get("token"), token) or token_matches(from_cookie, token)

    async def handle_page(self, request: web.Request) -> web.Response:
        if not self.has_token(request):
            return notice(*NO_TOKEN)
        if self.seats.full or self.seats.closing:
            return self.class_full()
        font_size = clamp_font(request.query.get("fontsize"))
        body = self.page.substitute(
            websocket_url=html.escape(f"ws://{request.headers['Host']}/ws"),
            font_size=font_size,
        )
        response = web.Response(text=body, content_type="text/html")
        token = self.settings.token
        if token is not None and token_matches(request.query.get("token"), token):
            response.set_cookie(
                cookie_name(self.settings.port),
                token,
                max_age=TOKEN_COOKIE_DAYS * 24 * 3600,
                path="/",
                httponly=True,
                samesite="Strict",
            )
        return response

    def class_full(self) -> web.Response:
        most = self.settings.max_sessions
        taken = "Its one place is" if most == 1 else f"All {most} places in it are"
        return notice(
            503,
            "The class is full",
            f"{taken} taken. Try again in a little while, when someone has closed their tab.",
        )

    async def handle_static(self, request: web.Request) -> web.StreamResponse:
        path = STATIC.get(request.match_info["name"])
        if path is None:
            raise web.HTTPNotFound()
        return web.FileResponse(path)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        """A tab's session: refused (no app started) unless it comes from this server's page
        with the token and a seat is free; its app ends within TAB_GRACE of the tab closing."""
        if not origin_allowed(request.headers.get("Origin"), request.headers.get("Host")):
            return notice(*FOREIGN_PAGE)
        if not self.has_token(request):
            return notice(*NO_TOKEN)
        websocket = web.WebSocketResponse(
            heartbeat=HEARTBEAT, max_msg_size=LONGEST_MESSAGE, timeout=2.0
        )
        if not websocket.can_prepare(request).ok:
            return notice(*NOT_A_WEBSOCKET)
        if not self.seats.take():
            return self.class_full()
        try:
            await websocket.prepare(request)
            if self.seats.closing:  # the server began to stop meanwhile
                await websocket.close()
                return websocket
            width, height = clamp_size(request.query.get("width"), request.query.get("height"))
            session = self.seats.open(self.session_argv(request), websocket)
            try:
                await session.start(width, height)
                await relay(websocket, session)
            except OSError as error:  # the app could not be started
                say(f"gradtui serve: a session could not start: {error}")
            finally:
                await session.stop()
                self.seats.close(session)
        finally:
            self.seats.give_back()
        return websocket

    def session_argv(self, request: web.Request) -> list[str]:
        """The command a tab's app runs: the one place where per-session arguments (a
        learner's own progress folder, a lesson and step to open) are to be added."""
        return list(self.app_argv)


def clamp_font(value: str | None) -> int:
    """The page's font size in pixels (?fontsize=24 for a projector), within reason."""
    try:
        size = int(value or "16")
    except ValueError:
        return 16
    return max(SMALLEST_FONT, min(LARGEST_FONT, size))


async def relay(websocket: web.WebSocketResponse, session: TabSession) -> None:
    """Pass the page's keys, size, focus and pings to its app until the tab goes away.
    Malformed or oversized messages are dropped; the size is clamped."""
    with contextlib.suppress(ConnectionError):
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            match read_message(message.data):
                case ("stdin", text):
                    await session.send_bytes(text.encode("utf-8", "replace"))
                case ("resize", width, height):
                    await session.set_terminal_size(width, height)
                case ("ping", data):
                    await websocket.send_json(["pong", data])
                case ("focus",):
                    await session.focus()
                case ("blur",):
                    await session.blur()


class OneLine(logging.Formatter):
    """aiohttp's and textual-serve's log as one plain line each: a hostile request (a header
    of 20 KB, say) is worth a line in the teacher's terminal, not a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        reason = f": {record.exc_info[1]}" if record.exc_info and record.exc_info[1] else ""
        text = f"gradtui serve: {record.getMessage()}{reason}"
        return inert(" ".join(text.split())[:300], keep_newlines=False)


def quiet_logs() -> None:
    """Warnings and errors of the web layer on stderr, one line each; nothing below that."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLine())
    for name in ("aiohttp", "textual-serve"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.WARNING)
        logger.propagate = False


async def serve(settings: Settings, app_argv: list[str], ready: Callable[[], None]) -> int:
    """Listen until SIGINT, SIGTERM or SIGHUP; then end every session (each app saves) and
    return the signal's number. OSError when it cannot listen."""
    quiet_logs()
    server = ClassServer(settings, app_argv)
    runner = web.AppRunner(
        server.application(), handle_signals=False, access_log=None, shutdown_timeout=3.0
    )
    await runner.setup()
    loop = asyncio.get_running_loop()
    received: asyncio.Future[int] = loop.create_future()

    def stop(number: int) -> None:  # later signals are absorbed while it stops
        if not received.done():
            received.set_result(number)

    try:
        await web.TCPSite(runner, settings.host, settings.port).start()
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(number, stop, number)
        ready()
        number = await received
        await server.seats.end_all()
    finally:
        await runner.cleanup()
    return number
