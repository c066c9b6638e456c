"""`gradtui serve` against pages and clients that should not get in, or should not get much: a
real server on a loopback port, driven with aiohttp's websocket client (as a hostile page or
script would drive it), its tabs' apps found as its child processes in /proc.

Each case is one of issue 18's: a foreign Origin or Host is refused and starts nothing; the
token is needed; the session cap holds; the terminal size is clamped; a closed tab's app is
gone within 5 s whatever it is doing; malformed messages are dropped; SIGTERM and SIGHUP save,
close and exit with 128 + the signal.
"""

from __future__ import annotations

import asyncio
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

REPO = Path(__file__).resolve().parents[2]
TOKEN = "a-classroom-token-for-tests"
pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """A running `gradtui serve`, its address, and what it printed."""

    def __init__(self, tmp_path: Path, *args: str) -> None:
        self.port = free_port()
        self.state = tmp_path / "state"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "TEXTUAL"))}
        env.update(LANG="C.UTF-8", XDG_STATE_HOME=str(self.state), PYTHONUNBUFFERED="1")
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

    def start(*args: str) -> Served:
        server = Served(tmp_path, *args)
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
            response = await client.get(f"{server.base}/?token={TOKEN}", headers={"Host": host})
            assert response.status == 200, host
            page = await response.text()
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
        response = await client.get(f"{server.base}/?token={TOKEN}")
        assert response.status == 200
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
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
    async with (
        aiohttp.ClientSession() as client,
        client.ws_connect(server.ws_url(), origin=server.origin) as ws,
    ):
        await first_frame(ws)
        (pid,) = server.apps()
        screen = pyte.Screen(80, 24)
        stream = pyte.ByteStream(screen)

        async def wait_for(text: str) -> None:
            while text not in "\n".join(screen.display):
                message = await asyncio.wait_for(ws.receive(), 30)
                if message.type == aiohttp.WSMsgType.BINARY:
                    stream.feed(message.data)

        await ws.send_str(json.dumps(["stdin", "\r"]))  # open the highlighted lesson
        await wait_for("step 1/")
        await ws.send_str(json.dumps(["stdin", "\x1b[C"]))  # → : step 2
        await wait_for("step 2/")
        out = await asyncio.to_thread(server.stop, number)
    assert server.process.returncode == 128 + number, out
    assert "gradtui serve: stopped." in out and "Traceback" not in out
    assert not alive(pid)
    saved = json.loads((server.state / "gradtui" / "progress.json").read_text())
    assert saved["lessons"]["builtin:slope"]["step"] == 2  # the tab's app saved as it closed


async def test_a_killed_servers_apps_save_and_exit_instead_of_living_on(served):
    """kill -9 (or the out-of-memory killer) gives the server no chance to stop its tabs: each
    app's input then ends, and the app saves and exits rather than run on as an orphan."""
    server = served("--token", TOKEN)
    async with aiohttp.ClientSession() as client:
        ws = await client.ws_connect(server.ws_url(), origin=server.origin)
        screen = pyte.Screen(80, 24)
        stream = pyte.ByteStream(screen)
        stream.feed(await first_frame(ws))
        (pid,) = server.apps()
        await ws.send_str(json.dumps(["stdin", "\r"]))  # open the highlighted lesson
        while "step 1/" not in "\n".join(screen.display):
            message = await asyncio.wait_for(ws.receive(), 30)
            if message.type == aiohttp.WSMsgType.BINARY:
                stream.feed(message.data)
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=10)
        killed = time.monotonic()
        while alive(pid) and time.monotonic() - killed < 10.0:
            await asyncio.sleep(0.05)
        assert not alive(pid), "the killed server's app was still running 10 s later"
        await ws.close()
    saved = json.loads((server.state / "gradtui" / "progress.json").read_text())
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
