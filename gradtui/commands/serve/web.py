"""The web side of `gradtui serve` (aiohttp, which textual-serve brings): the page, its static
files, the websocket each tab's gradtui talks through, the checks at the door, and the class.

Every request must name this server in its Host header; the page and the websocket need the
token (from the URL, or the cookie the page sets); a websocket must come from the page's own
origin; a crowd meets the session cap. The page is gradtui's own (page/index.html): it loads
textual-serve's terminal script, its stylesheet and its font, and gradtui's own small script
(page/gradtui.js: the keyboard goes to the terminal at once), from this server and nothing
from anywhere else, which its Content-Security-Policy holds the browser to.

A class: each browser gets an anonymous learner id on its first visit, in an HttpOnly,
SameSite=Strict cookie, and each of its tabs keeps progress in that learner's own folder
(learners.py); a websocket without a valid id runs without saving. `/?lesson=2&step=5` opens
that step (links.py). With --names the first page asks for a name. The teacher's table is
/class, behind a key of its own that only the server's terminal shows.
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
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import textual_serve
from aiohttp import WSMsgType, web

from gradtui.commands import say
from gradtui.commands.class_view import class_report
from gradtui.commands.learners import (
    PROGRESS_FOLDER_VARIABLE,
    clean_name,
    is_learner_id,
    learner_folder,
    new_learner_id,
    read_name,
    save_name,
)
from gradtui.commands.serve.guard import (
    Settings,
    clamp_size,
    cookie_name,
    host_allowed,
    origin_allowed,
    read_message,
    token_in_cookies,
    token_matches,
)
from gradtui.commands.serve.links import Opening, read_link, read_websocket_path
from gradtui.commands.serve.pages import (
    class_page,
    look_again,
    look_again_page,
    name_page,
    notice_page,
)
from gradtui.commands.serve.sessions import Seats, TabSession
from gradtui.course import PAGE_URL_VARIABLE
from gradtui.script.catalog import LessonEntry, list_lessons
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
    "gradtui.js": PAGE_FOLDER / "gradtui.js",
}
POLICY = (  # the browser may load and connect to this server only
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; img-src 'self' data:; connect-src 'self' {websocket}; "
    "base-uri 'none'; form-action {form}; frame-ancestors 'none'"
)
TOKEN_COOKIE_DAYS = 7
LEARNER_COOKIE = "gradtui_learner"  # one name whatever the port: a proxy can stick by it
LEARNER_COOKIE_DAYS = 365
LOOKED_AGAIN = "again"  # in the query of the second look for a learner's cookies
KEPT_IN_LINKS = ("lesson", "step", "fontsize")  # what a page passes on to the next
LONGEST_KEPT = 255  # characters of each
HEARTBEAT = 15.0  # seconds between pings that notice a tab gone without a goodbye
LONGEST_MESSAGE = 256 * 1024  # bytes in one websocket message from a page
SMALLEST_FONT, LARGEST_FONT = 8, 64


def notice(status: int, title: str, text: str, head: str = "") -> web.Response:
    """A short page in plain words: why there is no session. Nothing from the request in it
    (`head`: what pages.look_again makes, from checked values)."""
    body = notice_page(title, text, head)
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
NO_TEACHER_KEY = (
    403,
    "The teacher's table needs its key",
    "Open the address of the teacher's table printed where gradtui serve was started.",
)
NO_LEARNER = (
    403,
    "Open the class first",
    "Open the address of the class in this browser first, then come back to this page.",
)
NAME_NOT_KEPT = (
    500,
    "Your name could not be kept",
    "The server could not write it down. Tell your teacher; the lessons work without it.",
)


@dataclass(frozen=True)
class Course:
    """What one `gradtui serve` teaches, and how: the folder of lessons, the command each tab
    runs, where learners' progress is kept (None: --no-save) and whether it asks for names."""

    folder: Path
    app_argv: list[str]
    classroom: Path | None
    names: bool = False


class ClassServer:
    """One `gradtui serve`: its settings, its course, and its sessions."""

    def __init__(self, settings: Settings, course: Course) -> None:
        self.settings = settings
        self.course = course
        self.seats = Seats(settings.max_sessions)
        self.page = string.Template((PAGE_FOLDER / "index.html").read_text(encoding="utf-8"))

    def application(self) -> web.Application:
        app = web.Application(middlewares=[self.check_host], client_max_size=64 * 1024)
        app.add_routes(
            [
                web.get("/", self.handle_page),
                web.get("/ws", self.handle_websocket),
                web.get("/ws/{lesson}", self.handle_websocket),
                web.get("/ws/{lesson}/{step}", self.handle_websocket),
                web.get("/name", self.handle_name_page),
                web.post("/name", self.handle_name),
                web.get("/class", self.handle_class),
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
        form = "'self'" if request.get("has_form") else "'none'"
        response.headers["Content-Security-Policy"] = POLICY.format(websocket=websocket, form=form)
        response.headers["X-Content-Type-Options"] = "nosniff"
        # The token stays off other sites. A page with a form says "same-origin": under
        # "no-referrer" a browser sends `Origin: null` with the form, which handle_name refuses.
        referrer = "same-origin" if request.get("has_form") else "no-referrer"
        response.headers["Referrer-Policy"] = referrer
        response.headers["X-Frame-Options"] = "DENY"
        if not request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"

    def has_token(self, request: web.Request) -> bool:
        """True when the server needs no token or the request carries it (URL or cookie)."""
        token = self.settings.token
        if token is None:
            return True
        return token_matches(request.query.get("token"), token) or token_in_cookies(
            request.cookies, token
        )

    def learner_of(self, request: web.Request) -> str | None:
        """The learner id the request's cookie carries, when it is one (never anything else)."""
        value = request.cookies.get(LEARNER_COOKIE)
        return value if is_learner_id(value) else None

    async def handle_page(self, request: web.Request) -> web.Response:
        """The app's page, for a learner: their cookies looked for again when a link from
        elsewhere brought none, a learner id made on the first visit, a name asked for
        (--names), and the step a link names, or the list of lessons with a notice."""
        again = request.query.get(LOOKED_AGAIN) == "1"
        if not self.has_token(request):
            if again or "token" in request.query:
                return notice(*NO_TOKEN)
            return notice(*NO_TOKEN, head=look_again(self.query_again(request)))
        if self.seats.full or self.seats.closing:
            return self.class_full()
        learner = self.learner_of(request)
        if learner is None and not again:
            page = look_again_page(self.query_again(request))
            return web.Response(text=page, content_type="text/html")
        made = learner is None
        learner = learner or new_learner_id()
        kept = kept_in_links(request.query)
        if self.asks_name(learner):
            request["has_form"] = True
            response = web.Response(text=name_page(kept), content_type="text/html")
        else:
            response = await self.app_page(request)
        self.set_cookies(request, response, learner if made else None)
        return response

    def query_again(self, request: web.Request) -> dict[str, str]:
        """The query to look again with (pages.look_again): the link's lesson, step and font
        size, the token when the URL carried it, and the mark that this is the second look."""
        query = kept_in_links(request.query)
        token = self.settings.token
        if token is not None and token_matches(request.query.get("token"), token):
            query = {"token": token, **query}
        return {**query, LOOKED_AGAIN: "1"}

    def asks_name(self, learner: str) -> bool:
        """True when this class asks for names and this learner has not given one yet."""
        classroom = self.course.classroom
        return self.course.names and classroom is not None and read_name(classroom, learner) is None

    async def app_page(self, request: web.Request) -> web.Response:
        """The page that runs the app, at the step a link names, or at the list of lessons
        (with a notice in plain words when the link names what is not there)."""
        entries = await asyncio.to_thread(list_lessons, self.course.folder)
        link = read_link(request.query.get("lesson"), request.query.get("step"), entries)
        path = link.websocket_path if isinstance(link, Opening) else "/ws"
        said = link if isinstance(link, str) else ""
        body = self.page.substitute(
            websocket_url=html.escape(f"ws://{request.headers['Host']}{path}"),
            font_size=clamp_font(request.query.get("fontsize")),
            notice=html.escape(said),
            notice_class="notice link" if said else "notice link unused",
        )
        return web.Response(text=body, content_type="text/html")

    def set_cookies(
        self, request: web.Request, response: web.StreamResponse, learner: str | None
    ) -> None:
        """The token's cookie when the URL carried the token, and a new learner's id."""
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
        if learner is not None:
            response.set_cookie(
                LEARNER_COOKIE,
                learner,
                max_age=LEARNER_COOKIE_DAYS * 24 * 3600,
                path="/",
                httponly=True,
                samesite="Strict",
            )

    async def handle_name_page(self, request: web.Request) -> web.Response:
        """The name form again (to change one's name), for a learner of this class."""
        if not self.has_token(request):
            return notice(*NO_TOKEN)
        if not self.course.names or self.course.classroom is None:
            raise web.HTTPNotFound()
        if self.learner_of(request) is None:
            return notice(*NO_LEARNER)
        request["has_form"] = True
        return web.Response(text=name_page(kept_in_links(request.query)), content_type="text/html")

    async def handle_name(self, request: web.Request) -> web.StreamResponse:
        """A learner's name from the form: kept in their folder, then on to the app's page.
        Only from this server's own page (Origin), with the token and a learner id."""
        classroom = self.course.classroom
        if not self.course.names or classroom is None:
            raise web.HTTPNotFound()
        if not origin_allowed(request.headers.get("Origin"), request.headers.get("Host")):
            return notice(*FOREIGN_PAGE)
        if not self.has_token(request):
            return notice(*NO_TOKEN)
        learner = self.learner_of(request)
        if learner is None:
            return notice(*NO_LEARNER)
        form = await request.post()
        kept = kept_in_links(form)
        name = clean_name(form.get("name"))
        if name is None:
            request["has_form"] = True
            page = name_page(kept, "A name needs at least one letter or digit.")
            return web.Response(text=page, content_type="text/html")
        try:
            await asyncio.to_thread(save_name, classroom, learner, name)
        except OSError as error:
            say(f"gradtui serve: a learner's name could not be kept: {error}")
            return notice(*NAME_NOT_KEPT)
        raise web.HTTPSeeOther("/?" + urlencode(kept) if kept else "/")

    async def handle_class(self, request: web.Request) -> web.Response:
        """The teacher's table, for whoever has its key (not the class's token: every learner
        has that)."""
        key, classroom = self.settings.teacher_key, self.course.classroom
        if key is None or classroom is None:
            raise web.HTTPNotFound()
        if not token_matches(request.query.get("key"), key):
            return notice(*NO_TEACHER_KEY)
        report = await asyncio.to_thread(class_report, classroom, self.course.folder)
        return web.Response(text=class_page(report), content_type="text/html")

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
            entries = await asyncio.to_thread(list_lessons, self.course.folder)
            argv, environment = self.session_command(request, entries)
            session = self.seats.open(argv, websocket, environment)
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

    def session_command(
        self, request: web.Request, entries: list[LessonEntry]
    ) -> tuple[list[str], dict[str, str]]:
        """The command a tab's app runs and its own environment: the one place for what is
        per session. The lesson and step its path names (checked against the lessons as
        they are now) go on its command line; the learner's progress folder (from a valid
        learner cookie only; without one it runs without saving) and the page's address go
        in its environment, which only this server's user can read."""
        argv = list(self.course.app_argv)
        environment = {PAGE_URL_VARIABLE: f"http://{request.headers['Host']}/"}
        classroom = self.course.classroom
        if classroom is not None:
            learner = self.learner_of(request)
            if learner is None:
                argv.append("--no-save")
            else:
                environment[PROGRESS_FOLDER_VARIABLE] = str(learner_folder(classroom, learner))
        match = request.match_info
        opening = read_websocket_path(match.get("lesson"), match.get("step"), entries)
        if opening is not None:
            if opening.step is not None:
                argv += ["--step", str(opening.step)]
            argv += ["--", str(opening.entry.path)]
        return argv, environment


def kept_in_links(query) -> dict[str, str]:
    """The lesson, step and font size a request carries, to pass on to the next page (each
    cut to LONGEST_KEPT characters; checked where they are used)."""
    kept = {}
    for key in KEPT_IN_LINKS:
        value = query.get(key)
        if isinstance(value, str):
            kept[key] = value[:LONGEST_KEPT]
    return kept


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


async def serve(settings: Settings, course: Course, ready: Callable[[], None]) -> int:
    """Listen until SIGINT, SIGTERM or SIGHUP; then end every session (each app saves) and
    return the signal's number. OSError when it cannot listen."""
    quiet_logs()
    server = ClassServer(settings, course)
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
