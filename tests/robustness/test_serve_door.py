"""`gradtui serve` against pages and clients that should not get in, or should not get much: a
real server on a loopback port, driven with aiohttp's websocket client (as a hostile page or
script would drive it), its tabs' apps found as its child processes in /proc.

Issue 18's cases: a foreign Origin or Host is refused and starts nothing; the token is needed;
the session cap holds; the terminal size is clamped; a closed tab's app is gone within 5 s
whatever it is doing; malformed messages are dropped; SIGTERM and SIGHUP save, close and exit
with 128 + the signal. Issue 24's, a class: each browser (a cookie jar here) is a learner whose
tabs keep progress apart from everyone else's, and a learner cookie that is not exactly an id
names no folder; a link opens its step and anything else the list of lessons with a fixed
notice; --names asks for a name only from this server's own page; the teacher's table needs a
key of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("textual_serve")
aiohttp = pytest.importorskip("aiohttp")
pyte = pytest.importorskip("pyte")
yarl = pytest.importorskip("yarl")  # aiohttp's

REPO = Path(__file__).resolve().parents[2]
TOKEN = "a-classroom-token-for-tests"
pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """A running `gradtui serve`, its address, and what it printed."""

    def __init__(self, tmp_path: Path, *args: str, **more_env: str) -> None:
        self.port = free_port()
        self.state = tmp_path / "state"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "TEXTUAL"))}
        env.update(LANG="C.UTF-8", XDG_STATE_HOME=str(self.state), PYTHONUNBUFFERED="1")
        env.update(more_env)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gradtui", "serve", "--port", str(self.port), *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=REPO,
            start_new_session=True,
        )  # fmt: skip
        self.said: list[str] = []  # what it printed before it listened (warnings)
        while (line := self.process.stdout.readline().decode()) and not line.startswith(
            "gradtui serve: open "
        ):
            self.said.append(line)
        self.first_line = line  # the URL to open
        self.base = f"http://127.0.0.1:{self.port}"
        self.origin = self.base

    def ws_url(self, query: str = "", token: str | None = TOKEN) -> str:
        parts = [part for part in (query, f"token={token}" if token else "") if part]
        return f"ws://127.0.0.1:{self.port}/ws" + ("?" + "&".join(parts) if parts else "")

    def next_line(self) -> str:
        """The next line it printed."""
        return self.process.stdout.readline().decode()

    def progress_file(self, learner: str) -> Path:
        """Where a learner's progress is kept."""
        return self.state / "gradtui" / "class" / learner / "progress.json"

    def apps(self) -> list[int]:
        """The process ids of the tabs' apps: the server's children still alive."""
        return [pid for pid in children(self.process.pid) if alive(pid)]

    def stop(self, number: int = signal.SIGTERM) -> str:
        os.killpg(self.process.pid, number) if number == signal.SIGINT else os.kill(
            self.process.pid, number
        )
        out, _ = self.process.communicate(timeout=60)
        return out.decode()

    def end(self) -> None:
        """Stop it as a person would (SIGTERM: every app told to quit), and make sure: apps
        still alive after that are killed by their ids, taken before the server went (an
        orphan of a killed server is nobody's child)."""
        apps = children(self.process.pid)
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        for pid in apps:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        self.process.stdout.close()


def children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie, exited but not yet reaped, counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def served(tmp_path):
    servers: list[Served] = []

    def start(*args: str, **env: str) -> Served:
        server = Served(tmp_path, *args, **env)
        servers.append(server)
        assert "gradtui serve: open http://" in server.first_line, server.first_line
        return server

    yield start
    for server in servers:
        server.end()


async def first_frame(websocket) -> bytes:
    """Wait for the tab's app to draw (its first bytes of terminal output)."""
    while True:
        message = await asyncio.wait_for(websocket.receive(), 60)
        if message.type == aiohttp.WSMsgType.BINARY:
            return message.data
        assert message.type == aiohttp.WSMsgType.TEXT, message


LOOK_AGAIN = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


async def open_page(client, url: str, **headers: str):
    """GET a page as a browser does: a first visit without the learner's cookie is answered
    with a page that opens the address again at once (it follows that refresh), where the
    learner id is made. The last response, and its text."""
    response = await client.get(url, headers=headers)
    text = await response.text()
    again = LOOK_AGAIN.search(text)
    if again is None:
        return response, text
    follow = url.split("/?")[0].rstrip("/") + html.unescape(again[1])
    response = await client.get(follow, headers=headers)
    return response, await response.text()


async def visit(client, server: Served, query: str = "") -> str:
    """Open the class's page as a new learner (the client keeps cookies); their learner id."""
    response, _ = await open_page(client, f"{server.base}/?token={TOKEN}{query}")
    assert response.status == 200
    cookies = client.cookie_jar.filter_cookies(yarl.URL(server.base))
    return cookies["gradtui_learner"].value


class Tab:
    """A websocket to a tab's app, and what its terminal shows (an 80 x 24 screen)."""

    def __init__(self, websocket) -> None:
        self.websocket = websocket
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def wait_for(self, text: str) -> None:
        while text not in self.text:
            message = await asyncio.wait_for(self.websocket.receive(), 30)
            if message.type == aiohttp.WSMsgType.BINARY:
                self.stream.feed(message.data)
            assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message

    async def press(self, keys: str) -> None:
        await self.websocket.send_str(json.dumps(["stdin", keys]))


async def refused(url: str, **headers: str) -> int:
    """The HTTP status a websocket handshake to `url` was refused with (fails if accepted)."""
    async with aiohttp.ClientSession() as client:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refusal:
            await client.ws_connect(url, headers=headers)
    return refusal.value.status


async def test_a_page_from_another_origin_gets_no_session(served):
    server = served("--token", TOKEN)
    others = ["http://evil.example", "null", "http://127.0.0.1.evil.example:80",
              f"http://127.0.0.1:{server.port + 1}",
              f"https://127.0.0.1:{server.port}"]  # fmt: skip
    for origin in others:
        assert await refused(server.ws_url(), Origin=origin) == 403, origin
    assert await refused(server.ws_url()) == 403  # no Origin at all
    assert server.apps() == []  # no app was started for any of them


async def test_a_foreign_host_is_refused_and_never_echoed(served):
    server = served("--token", TOKEN)
    async with aiohttp.ClientSession() as client:
        for host in ("attacker.example:80", "attacker.example", "127.0.0.1.nip.io", "",
                     "127.0.0.1:99999", "[::1", "attacker.example@127.0.0.1",
                     "localhost.attacker.example"):  # fmt: skip
            response = await client.get(
                f"{server.base}/?token={TOKEN}", headers={"Host": host}, skip_auto_headers=()
            )
            body = await response.text()
            assert response.status in (400, 403), host
            assert "attacker" not in body and "ws://" not in body
            assert "attacker" not in response.headers.get("Content-Security-Policy", "")
    rebound = {"Origin": "http://attacker.example", "Host": "attacker.example"}
    assert await refused(server.ws_url(), **rebound) == 403
    assert server.apps() == []


async def test_the_names_of_this_server_are_accepted(served):
    server = served("--token", TOKEN, "--allow-host", "gradtui.classroom.test")
    async with aiohttp.ClientSession() as client:
        for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}", "[::1]",
                     f"gradtui.classroom.test:{server.port}", "LOCALHOST"):  # fmt: skip
            response, page = await open_page(client, f"{server.base}/?token={TOKEN}", Host=host)
            assert response.status == 200, host
            assert f'data-session-websocket-url="ws://{host}/ws"' in page


async def test_the_token_is_needed_for_the_page_and_the_websocket(served):
    server = served("--token", TOKEN)
    assert f"http://127.0.0.1:{server.port}/?token={TOKEN}" in server.first_line
    async with aiohttp.ClientSession() as client:
        for url in (f"{server.base}/", f"{server.base}/?token=wrong", f"{server.base}/?token="):
            response = await client.get(url)
            assert response.status == 403, url
            assert "needs its token" in await response.text()
    for token in (None, "wrong", TOKEN[:-1], TOKEN + "x"):
        assert await refused(server.ws_url(token=token), Origin=server.origin) == 403, token
    assert server.apps() == []

    jar = aiohttp.CookieJar(unsafe=True)  # keeps cookies for an IP address, as browsers do
    async with aiohttp.ClientSession(cookie_jar=jar) as client:
        response, _ = await open_page(client, f"{server.base}/?token={TOKEN}")
        assert response.status == 200
        cookies = response.headers.getall("Set-Cookie")
        assert any(cookie.startswith(f"gradtui-token-{server.port}=") for cookie in cookies)
        assert all("HttpOnly" in cookie and "SameSite=Strict" in cookie for cookie in cookies)
        # After the first visit the cookie carries it: for the page, and the page's websocket.
        assert (await client.get(f"{server.base}/")).status == 200
        async with client.ws_connect(server.ws_url(token=None), origin=server.origin) as ws:
            assert await first_frame(ws)


async def test_a_token_is_made_when_listening_beyond_this_machine(served, tmp_path):
    refused_run = subprocess.run(
        [sys.executable, "-m", "gradtui", "serve", "--host", "0.0.0.0", "--no-token"],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )  # fmt: skip
    assert refused_run.returncode == 2 and "--no-token works only on this machine" in (
        refused_run.stderr
    )
    server = served("--host", "0.0.0.0")
    url = re.search(r"open (http://\S+) in a browser", server.first_line)[1]
    assert "0.0.0.0" not in url
    token = re.fullmatch(r"http://[^/]+:\d+/\?token=([A-Za-z0-9_-]{32})", url)[1]
    async with aiohttp.ClientSession() as client:
        assert (await client.get(f"{server.base}/")).status == 403
        assert (await client.get(f"{server.base}/?token={token}")).status == 200
    assert await refused(server.ws_url(token=None), Origin=server.origin) == 403


async def test_loopback_needs_the_token_unless_no_token(served):
    server = served()
    assert re.search(r"open http://127\.0\.0\.1:\d+/\?token=\S{32} ", server.first_line)
    open_server = served("--no-token")
    assert f"open http://127.0.0.1:{open_server.port}/ in" in open_server.first_line
    async with aiohttp.ClientSession() as client:
        assert (await client.get(f"{server.base}/")).status == 403
        assert (await client.get(f"{open_server.base}/")).status == 200
        async with client.ws_connect(
            open_server.ws_url(token=None), origin=open_server.origin
        ) as ws:
            assert await first_frame(ws)
    # Without a token the Origin rule still holds.
    assert await refused(open_server.ws_url(token=None), Origin="http://evil.example") == 403


async def test_the_session_cap_holds_and_says_the_class_is_full(served):
    server = served("--token", TOKEN, "--max-sessions", "2")
    async with aiohttp.ClientSession() as client:
        first = await client.ws_connect(server.ws_url(), origin=server.origin)
        second = await client.ws_connect(server.ws_url(), origin=server.origin)
        await first_frame(first)
        await first_frame(second)
        assert len(server.apps()) == 2
        assert await refused(server.ws_url(), Origin=server.origin) == 503
        page = await client.get(f"{server.base}/?token={TOKEN}")
        assert page.status == 503 and "The class is full" in await page.text()
        assert len(server.apps()) == 2

        await first.close()  # a place comes free once that tab's app has ended
        for _ in range(100):
            if len(server.apps()) == 1 and (await client.get(f"{server.base}/?token={TOKEN}")).ok:
                break
            await asyncio.sleep(0.1)
        third = await client.ws_connect(server.ws_url(), origin=server.origin)
        await first_frame(third)
        assert len(server.apps()) == 2
        await second.close()
        await third.close()


def moves(output: bytes) -> tuple[int, int]:
    """The lowest row and rightmost column the app moved the cursor to (CSI row;col H)."""
    found = [(int(r), int(c)) for r, c in re.findall(rb"\x1b\[(\d+);(\d+)H", output)]
    return max(r for r, _ in found), max(c for _, c in found)


async def test_the_terminal_size_is_clamped(served):
    server = served("--token", TOKEN)
    async with aiohttp.ClientSession() as client:
        url = server.ws_url("width=20000&height=20000")
        async with client.ws_connect(url, origin=server.origin) as ws:
            await first_frame(ws)
            (pid,) = server.apps()
            environment = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            assert b"COLUMNS=500" in environment and b"ROWS=200" in environment

        async with client.ws_connect(server.ws_url(), origin=server.origin) as ws:
            await first_frame(ws)
            await ws.send_str(json.dumps(["resize", {"width": 20000, "height": 20000}]))
            output = b""
            while True:  # the app redraws at the size it was given
                try:
                    message = await asyncio.wait_for(ws.receive(), 5)
                except TimeoutError:
                    break
                if message.type == aiohttp.WSMsgType.BINARY:
                    output += message.data
            rows, columns = moves(output)
            assert 24 < rows <= 200 and 80 < columns <= 500


async def test_a_closed_tab_s_app_is_gone_within_5_s_even_when_it_does_not_listen(served):
    """The app is stopped (SIGSTOP) so it can neither quit nor heed SIGTERM: only the
    server's last resort, SIGKILL, ends it, and that within the 5 s promised."""
    server = served("--token", TOKEN)
    async with aiohttp.ClientSession() as client:
        ws = await client.ws_connect(server.ws_url(), origin=server.origin)
        await first_frame(ws)
        (pid,) = server.apps()
        os.kill(pid, signal.SIGSTOP)
        await ws.close()
        closed = time.monotonic()
        while alive(pid) and time.monotonic() - closed < 5.0:
            await asyncio.sleep(0.05)
        assert not alive(pid), "the closed tab's app was still running 5 s later"


async def test_malformed_messages_are_dropped_and_the_session_lives_on(served):
    server = served("--token", TOKEN)
    hostile = [
        "not json", "[", "[" * 60000, "{}", "[]", "[1]", '["stdin"]', '["stdin", 5]',
        '["stdin", "\\ud800"]', json.dumps(["stdin", "x" * 70000]), '["resize"]',
        '["resize", {"width": "wide", "height": null}]', '["resize", {"width": 1e400}]',
        '["resize", {"width": true, "height": -5}]', '["ping", {"x": 1}]', '["unknown"]',
        '["quit"]', '["open_url", {"url": "http://evil.example"}]',
    ]  # fmt: skip
    async with (
        aiohttp.ClientSession() as client,
        client.ws_connect(server.ws_url(), origin=server.origin) as ws,
    ):
        await first_frame(ws)
        for text in hostile:
            await ws.send_str(text)
        await ws.send_bytes(b"\xff\x00binary")
        await ws.send_str(json.dumps(["ping", "still-there"]))
        while True:
            message = await asyncio.wait_for(ws.receive(), 30)
            if message.type == aiohttp.WSMsgType.TEXT:
                assert json.loads(message.data) == ["pong", "still-there"]
                break
            assert message.type == aiohttp.WSMsgType.BINARY, message
        assert len(server.apps()) == 1
    out = server.stop(signal.SIGINT)
    assert server.process.returncode == 0
    assert "Traceback" not in out and "Error" not in out, out


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
async def test_sigterm_and_sighup_save_every_session_and_exit_128_plus_it(served, number):
    server = served("--token", TOKEN)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        learner = await visit(client, server)  # the page: a learner id in a cookie
        ws = await client.ws_connect(server.ws_url(), origin=server.origin)
        tab = Tab(ws)
        await tab.wait_for("gradtui: derivatives")
        (pid,) = server.apps()
        await tab.press("\r")  # open the highlighted lesson
        await tab.wait_for("step 1/")
        await tab.press("\x1b[C")  # → : step 2
        await tab.wait_for("step 2/")
        out = await asyncio.to_thread(server.stop, number)
        await ws.close()
    assert server.process.returncode == 128 + number, out
    assert "gradtui serve: stopped." in out and "Traceback" not in out
    assert not alive(pid)
    saved = json.loads(server.progress_file(learner).read_text())
    assert saved["lessons"]["builtin:slope"]["step"] == 2  # the tab's app saved as it closed


async def test_a_killed_servers_apps_save_and_exit_instead_of_living_on(served):
    """kill -9 (or the out-of-memory killer) gives the server no chance to stop its tabs: each
    app's input then ends, and the app saves and exits rather than run on as an orphan."""
    server = served("--token", TOKEN)
    async with learner_client() as client:
        learner = await visit(client, server)  # the page: a learner id in a cookie
        ws = await client.ws_connect(server.ws_url(), origin=server.origin)
        tab = Tab(ws)
        await tab.wait_for("gradtui: derivatives")
        (pid,) = server.apps()
        await tab.press("\r")  # open the highlighted lesson
        await tab.wait_for("step 1/")
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=10)
        killed = time.monotonic()
        while alive(pid) and time.monotonic() - killed < 10.0:
            await asyncio.sleep(0.05)
        assert not alive(pid), "the killed server's app was still running 10 s later"
        await ws.close()
    saved = json.loads(server.progress_file(learner).read_text())
    assert saved["lessons"]["builtin:slope"]["step"] == 1


def raw_request(port: int, data: bytes) -> bytes:
    """What the server answers to `data` sent as is (the status line)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(data)
        return connection.recv(100).split(b"\r\n", 1)[0]


def test_hostile_http_gets_a_plain_refusal_and_a_line_not_a_traceback(served):
    server = served("--token", TOKEN)
    host = f"Host: 127.0.0.1:{server.port}\r\n".encode()
    answers = {
        b"\x00\xff garbage\r\n\r\n": b"400",
        b"GET / HTTP/1.1\r\n" + host + b"X: " + b"a\x1b[2J" * 5000 + b"\r\n\r\n": b"400",
        b"GET /static/../../../etc/passwd HTTP/1.1\r\n" + host + b"\r\n": b"404",
        b"GET /static/%2e%2e/server.py HTTP/1.1\r\n" + host + b"\r\n": b"404",
        b"GET /static/fonts/ HTTP/1.1\r\n" + host + b"\r\n": b"404",
        b"GET /download/anything HTTP/1.1\r\n" + host + b"\r\n": b"404",
        b"GET / HTTP/1.0\r\n\r\n": b"403",  # no Host at all
        f"GET /ws?token={TOKEN} HTTP/1.1\r\n".encode() + host + b"\r\n": b"403",  # no Origin
    }
    for data, status in answers.items():
        assert status in raw_request(server.port, data), data[:40]
    out = server.stop(signal.SIGINT)
    assert "Traceback" not in out and "\x1b" not in out, out
    assert all(line.startswith("gradtui serve: ") for line in out.splitlines()), out


# --- a class: learners, links, names, the teacher's table (issue 24) --------------------------


def app_command(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")[:-1]


def app_environment(pid: int) -> dict[str, str]:
    pairs = Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0")
    return dict(pair.split("=", 1) for pair in pairs if "=" in pair)


def learner_client() -> aiohttp.ClientSession:
    """A browser of its own: a client that keeps cookies (for an IP address, as browsers do)."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def the_app_of(server: Served, before: set[int]) -> int:
    """The one tab's app started since `before` was taken, once it runs gradtui's app (until
    its exec, a forked child still has the server's command line)."""
    for _ in range(200):
        new = set(server.apps()) - before
        if new:
            (pid,) = new
            with contextlib.suppress(OSError):
                if app_command(pid)[3:4] != ["serve"]:
                    return pid
        await asyncio.sleep(0.05)
    raise AssertionError("no app started")


async def test_each_browser_is_a_learner_whose_progress_is_kept_apart(served, tmp_path):
    """Two learners, each in their own browser, move through lessons at once: each tab's app
    keeps progress in that learner's folder only (named in its environment, not on its
    command line), and the server user's own progress file is not touched. A websocket
    without a learner's cookie saves nothing, and does not inherit a folder from the server."""
    elsewhere = tmp_path / "the server's own variable"
    server = served("--token", TOKEN, GRADTUI_PROGRESS_DIR=str(elsewhere))
    classroom = server.state / "gradtui" / "class"
    async with learner_client() as ada_browser, learner_client() as bo_browser:
        ada, bo = await visit(ada_browser, server), await visit(bo_browser, server)
        assert ada != bo
        tabs, pids = [], []
        for browser, learner in ((ada_browser, ada), (bo_browser, bo)):
            before = set(server.apps())
            websocket = await browser.ws_connect(server.ws_url(), origin=server.origin)
            tabs.append(Tab(websocket))
            pid = await the_app_of(server, before)
            pids.append(pid)
            assert app_environment(pid)["GRADTUI_PROGRESS_DIR"] == str(classroom / learner)
            assert learner not in " ".join(app_command(pid)) and "--no-save" not in app_command(pid)
        ada_tab, bo_tab = tabs
        for tab in tabs:
            await tab.wait_for("gradtui: derivatives")
            await tab.press("\r")
            await tab.wait_for("step 1/")
        for _ in range(3):
            await ada_tab.press("\x1b[C")
        await ada_tab.wait_for("step 4/")
        await bo_tab.press("\x1b[C")
        await bo_tab.wait_for("step 2/")
        for tab in tabs:
            await tab.websocket.close()
        for pid in pids:  # each app saves as it quits
            while alive(pid):
                await asyncio.sleep(0.05)
    assert (
        json.loads(server.progress_file(ada).read_text())["lessons"]["builtin:slope"]["step"] == 4
    )
    assert json.loads(server.progress_file(bo).read_text())["lessons"]["builtin:slope"]["step"] == 2
    assert not (server.state / "gradtui" / "progress.json").exists()
    assert not elsewhere.exists()
    assert classroom.stat().st_mode & 0o777 == 0o700

    async with aiohttp.ClientSession() as stranger:  # no cookie at all: a script, not a page
        before = set(server.apps())
        websocket = await stranger.ws_connect(server.ws_url(), origin=server.origin)
        pid = await the_app_of(server, before)
        assert "--no-save" in app_command(pid)
        assert "GRADTUI_PROGRESS_DIR" not in app_environment(pid)
        await websocket.close()


HOSTILE_LEARNERS = ["../../../tmp/evil", "0" * 31, "A" * 32, "0" * 32 + "/..", "%2e%2e%2f",
                    "0" * 64, "", "0" * 31 + " 1"]  # fmt: skip


async def test_a_learner_cookie_that_is_not_an_id_names_no_folder(served, tmp_path):
    """A forged learner cookie is never a folder: the page makes the browser a new learner, and
    a tab opened with it saves nothing."""
    server = served("--token", TOKEN)
    classroom = server.state / "gradtui" / "class"
    async with aiohttp.ClientSession() as client:
        for hostile in HOSTILE_LEARNERS:
            cookie = {"Cookie": f"gradtui_learner={hostile}"}
            response, _ = await open_page(client, f"{server.base}/?token={TOKEN}", **cookie)
            assert response.status == 200, hostile
            made = [c for c in response.headers.getall("Set-Cookie") if "gradtui_learner=" in c]
            assert len(made) == 1 and made[0].split(";")[0] != f"gradtui_learner={hostile}"
            assert re.match(r"gradtui_learner=[0-9a-f]{32};", made[0]), made
            before = set(server.apps())
            websocket = await client.ws_connect(server.ws_url(), origin=server.origin,
                                                headers=cookie)  # fmt: skip
            pid = await the_app_of(server, before)
            assert "--no-save" in app_command(pid), hostile
            assert "GRADTUI_PROGRESS_DIR" not in app_environment(pid)
            await websocket.close()
    assert list(classroom.iterdir()) == []
    assert not (tmp_path / "evil").exists()


HOSTILE_LINKS = ["lesson=99&step=1", "lesson=../../etc/passwd", "lesson=01-slope.md&step=1",
                 "lesson=%3Cscript%3Ealert(1)%3C/script%3E", "lesson=2&step=13",
                 "lesson=2&step=-1", "lesson=2&step=1e3", "step=5", "lesson=2&step=%3Cb%3E",
                 "lesson=%5Bbold%5Dx"]  # fmt: skip
NOTICES = ("names no lesson of this class", "names a step its lesson does not have",
           "names a step but no lesson")  # fmt: skip


async def test_a_link_opens_its_step_and_anything_else_the_list_with_a_notice(served):
    server = served("--token", TOKEN)
    async with learner_client() as browser:
        await visit(browser, server)
        _, page = await open_page(browser, f"{server.base}/?lesson=2&step=5")
        wanted = f"ws://127.0.0.1:{server.port}/ws/02-gradient/5"
        assert f'data-session-websocket-url="{wanted}"' in page
        assert 'class="notice link unused"' in page
        before = set(server.apps())
        websocket = await browser.ws_connect(f"{wanted}?width=80&height=24", origin=server.origin)
        tab = Tab(websocket)
        pid = await the_app_of(server, before)
        command = app_command(pid)
        assert command[-4:-1] == ["--step", "5", "--"] and command[-1].endswith("02-gradient.md")
        await tab.wait_for("step 5/12")
        await websocket.close()

        for query in HOSTILE_LINKS:
            response, page = await open_page(browser, f"{server.base}/?{query}")
            assert response.status == 200, query
            assert f'data-session-websocket-url="ws://127.0.0.1:{server.port}/ws"' in page
            assert sum(notice in page for notice in NOTICES) == 1, query
            for echoed in ("passwd", "script", "bold", "13", "1e3", "<b>", "%3C"):
                assert echoed not in page.split("<body>")[1], (query, echoed)

        for path in ("..%2F..%2Fetc%2Fpasswd/1", "02-gradient/99", "02-gradient/1e3", "gradient/5",
                     "%2Fetc%2Fpasswd", "02-gradient.md/1"):  # fmt: skip
            before = set(server.apps())
            url = f"ws://127.0.0.1:{server.port}/ws/{path}"
            websocket = await browser.ws_connect(url, origin=server.origin)
            pid = await the_app_of(server, before)
            assert "--" not in app_command(pid) and "--step" not in app_command(pid), path
            await websocket.close()


async def test_names_are_asked_on_this_server_s_own_page_only(served):
    server = served("--token", TOKEN, "--names")
    async with learner_client() as browser:
        response, page = await open_page(browser, f"{server.base}/?token={TOKEN}&lesson=2&step=5")
        assert 'action="/name"' in page and "data-session-websocket-url" not in page
        assert "form-action 'self'" in response.headers["Content-Security-Policy"]
        assert '<input type="hidden" name="lesson" value="2">' in page
        form = {"name": "Ada <script>alert(1)</script>\x1b[2J", "lesson": "2", "step": "5"}
        for origin in (None, "http://evil.example"):
            headers = {"Origin": origin} if origin else {}
            refused_post = await browser.post(f"{server.base}/name", data=form, headers=headers)
            assert refused_post.status == 403, origin
        blank = await browser.post(f"{server.base}/name", data={"name": " \u200b "},
                                   headers={"Origin": server.origin})  # fmt: skip
        assert "at least one letter" in await blank.text()
        kept = await browser.post(f"{server.base}/name", data=form, allow_redirects=False,
                                  headers={"Origin": server.origin})  # fmt: skip
        assert kept.status == 303 and kept.headers["Location"] == "/?lesson=2&step=5"
        _, page = await open_page(browser, f"{server.base}/?lesson=2&step=5")
        assert "/ws/02-gradient/5" in page  # named: on to the lesson
    learner = next((server.state / "gradtui" / "class").iterdir())
    assert (learner / "name.txt").read_text() == "Ada <script>alert(1)</script>[2J\n"


async def test_the_teacher_s_table_needs_its_own_key_and_shows_every_learner(served):
    server = served("--token", TOKEN, "--names")
    lines = [server.next_line(), server.next_line()]
    table = re.search(r"the teacher's table \(keep this address to yourself\): (\S+)", lines[1])
    assert table and table[1].startswith(f"{server.base}/class?key="), lines
    async with learner_client() as ada, learner_client() as bo:
        for browser, name in ((ada, "Ada <b>"), (bo, "Bo")):
            await visit(browser, server)
            await browser.post(f"{server.base}/name", data={"name": name},
                               headers={"Origin": server.origin})  # fmt: skip
        for url in (f"{server.base}/class", f"{server.base}/class?token={TOKEN}",
                    f"{server.base}/class?key=wrong", f"{server.base}/class?key="):  # fmt: skip
            response = await ada.get(url)
            assert response.status == 403, url
            assert "Bo" not in await response.text()
        response = await ada.get(table[1])
        page = await response.text()
    assert response.status == 200
    assert "<td>Ada &lt;b&gt;</td>" in page and "<td>Bo</td>" in page and "<b>" not in page
    assert "The class: 2 learners" in page


async def test_no_save_keeps_nothing_and_has_no_table(served):
    server = served("--token", TOKEN, "--no-save")
    async with learner_client() as browser:
        await visit(browser, server)
        before = set(server.apps())
        websocket = await browser.ws_connect(server.ws_url(), origin=server.origin)
        tab = Tab(websocket)
        pid = await the_app_of(server, before)
        assert "--no-save" in app_command(pid)
        assert "GRADTUI_PROGRESS_DIR" not in app_environment(pid)
        await tab.wait_for("gradtui: derivatives")
        await tab.press("\r")
        await tab.wait_for("step 1/")
        await websocket.close()
        while alive(pid):
            await asyncio.sleep(0.05)
        assert (await browser.get(f"{server.base}/class?key=anything")).status == 404
    assert not server.state.exists() or list(server.state.rglob("*")) == []


def test_without_saving_there_is_no_table_and_no_names(tmp_path):
    both = subprocess.run(
        [sys.executable, "-m", "gradtui", "serve", "--names", "--no-save"],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )  # fmt: skip
    assert both.returncode == 2 and "--no-save keeps nothing" in both.stderr
