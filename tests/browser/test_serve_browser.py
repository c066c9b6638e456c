"""`gradtui serve` in a real browser: headless Chromium (Debian's `chromium` package, driven by
Playwright, no browser download) opens the token URL the server printed, the picker appears,
keys open lesson 1 without a click first, a second tab needs no token (the first visit's cookie
carries it), the page loads nothing from anywhere but the server, and Ctrl+C (SIGINT) stops the
server cleanly. A page from another site cannot open a session.

A class (issue 24): two browser contexts are two learners, each giving a name; one goes through
lesson 1, the other opens a link to lesson 2's step 5, which opens that step (and ctrl+l there
shows the link to share); each keeps progress of their own, and the teacher's table (a third
browser) shows both where they are. A link followed from another site still finds the
learner's cookies.

The page draws the terminal on canvases, so its text is not in the DOM. What the page's terminal
shows is read from the bytes its websocket received (the terminal output of the tab's app),
played into an emulated screen of the size the page asked for; screenshots show that the page
itself changed. Runs in CI (.ci/run installs Chromium); elsewhere, a skip says what is missing.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

# Under `make test` (pytest-xdist) one worker takes the whole module: one browser and server serve
# the whole module.
pytestmark = pytest.mark.xdist_group("browser")

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PICKER_TITLE = "gradtui: derivatives and gradients"


def missing() -> str | None:
    """What this test needs and does not have, in words, or None."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed: pip install -e '.[test]' brings it"
    if importlib.util.find_spec("textual_serve") is None:
        return "textual-serve is not installed: pip install -e '.[test]' brings it"
    if not Path(CHROMIUM).is_file():
        return f"no Chromium at {CHROMIUM}: apt-get install -y chromium (as .ci/run does)"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = missing()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"the browser test must run in CI, but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(tmp_path: Path, *args: str) -> tuple[subprocess.Popen, str]:
    """`gradtui serve` on a free loopback port, progress in tmp_path: it and its URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "TEXTUAL"))}
    env.update(LANG="C.UTF-8", XDG_STATE_HOME=str(tmp_path / "state"), PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "gradtui", "serve", "--port", str(port), *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=REPO,
        start_new_session=True,
    )  # fmt: skip
    first = process.stdout.readline().decode()
    url = re.search(r"open (http://\S+) in a browser", first)
    assert url and url[1].startswith(f"http://127.0.0.1:{port}/?token="), first
    return process, url[1]


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:  # stopped as a person would: every tab's app told to quit
        process.send_signal(signal.SIGTERM)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    process.stdout.close()


@pytest.fixture
def server(tmp_path: Path):
    """`gradtui serve` and its URL; stopped at the end."""
    process, url = start(tmp_path)
    yield process, url
    stop(process)


@pytest.fixture
def class_server(tmp_path: Path):
    """`gradtui serve --names`, its URL and the teacher's table's; stopped at the end."""
    process, url = start(tmp_path, "--names")
    while "teacher's table" not in (line := process.stdout.readline().decode()):
        assert line, "the server never printed the teacher's table"
    yield process, url, re.search(r"(http://\S+/class\?key=\S+)", line)[1]
    stop(process)


class PageTerminal:
    """What the page's terminal was sent, on an emulated screen of the size the page asked for."""

    def __init__(self, page) -> None:
        import pyte

        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        page.on("websocket", self._opened)

    def _opened(self, socket_) -> None:
        query = parse_qs(urlparse(socket_.url).query)
        self.screen.resize(int(query["height"][0]), int(query["width"][0]))
        socket_.on("framereceived", self._received)
        socket_.on("framesent", self._sent)

    def _received(self, payload) -> None:
        if isinstance(payload, bytes):  # terminal output; text frames are pongs
            self.stream.feed(payload)

    def _sent(self, payload) -> None:
        message = json.loads(payload) if isinstance(payload, str) else None
        if message and message[0] == "resize":
            self.screen.resize(message[1]["height"], message[1]["width"])

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, page, wanted: str, timeout: float = 30.0) -> None:
        end = time.monotonic() + timeout
        while wanted not in self.text:
            if time.monotonic() > end:
                raise AssertionError(f"the page never showed {wanted!r}:\n{self.text}")
            page.wait_for_timeout(100)


def test_the_app_in_a_browser(browser, server, tmp_path):
    process, url = server
    tabs = browser.new_context(viewport={"width": 1000, "height": 700})  # one browser window
    page = tabs.new_page()
    terminal = PageTerminal(page)
    requested, problems = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(url)
    terminal.wait_for(page, PICKER_TITLE)
    terminal.wait_for(page, "The slope at a point")
    page.wait_for_timeout(500)  # the page fades the terminal in
    picker = page.screenshot(path=str(tmp_path / "picker.png"))
    assert page.locator("#terminal canvas").count() >= 1  # drawn by the page's terminal
    assert page.title() == "gradtui" and page.locator("html").get_attribute("lang") == "en"
    here = url.split("/?")[0]
    assert all(address.startswith((here, here.replace("http", "ws"))) for address in requested)
    assert problems == [], requested  # nothing the page's own policy blocked, nothing that failed

    page.keyboard.press("Enter")  # the highlighted lesson: 1 (no click first: keys work at once)
    terminal.wait_for(page, "step 1/")
    terminal.wait_for(page, "A trail with a steepness everywhere")
    page.keyboard.press("ArrowRight")
    terminal.wait_for(page, "step 2/")
    terminal.wait_for(page, "h = 1")  # the secant scene's numbers, computed in the tab's app
    page.wait_for_timeout(300)
    lesson = page.screenshot(path=str(tmp_path / "lesson.png"))
    assert lesson != picker  # the page itself shows something else now

    other = tabs.new_page()  # a second tab is a session of its own, at the picker
    second = PageTerminal(other)
    other.goto(url.split("?")[0])  # without the token: the first visit's cookie carries it
    second.wait_for(other, PICKER_TITLE)
    assert "step 2/" in terminal.text
    other.close()
    page.close()
    tabs.close()

    os.killpg(process.pid, signal.SIGINT)  # Ctrl+C
    out, _ = process.communicate(timeout=30)
    assert process.returncode == 0, out.decode()
    assert "gradtui serve: stopped." in out.decode()
    assert "Traceback" not in out.decode()
    (learner,) = (tmp_path / "state" / "gradtui" / "class").iterdir()  # one browser, one learner
    saved = json.loads((learner / "progress.json").read_text())
    assert saved["lessons"]["builtin:slope"]["step"] == 2  # the tab saved as it closed


def test_a_page_from_another_site_gets_no_session(browser, server):
    """Issue 18's attack, in a real browser: a page served as http://evil.example (Playwright
    answers for that address) opens a websocket to the learner's server, even knowing the
    token; the server refuses it before any session starts."""
    process, url = server
    evil = browser.new_page()
    evil.route("http://evil.example/**", lambda route: route.fulfill(
        body="<!DOCTYPE html><title>evil</title>", content_type="text/html"))  # fmt: skip
    evil.goto("http://evil.example/")
    websocket = url.replace("http://", "ws://").replace("/?", "/ws?")
    outcome = evil.evaluate(
        """address => new Promise(done => {
            const socket = new WebSocket(address);
            socket.onopen = () => done("opened");
            socket.onclose = () => done("refused");
        })""",
        websocket,
    )
    assert outcome == "refused"
    evil.close()


def saved_progress(state: Path, name: str, until, timeout: float = 15.0) -> dict:
    """The progress of the learner who gave `name`, once `until(progress)` holds."""
    end = time.monotonic() + timeout
    progress = None
    while time.monotonic() < end:
        for folder in (state / "gradtui" / "class").iterdir():
            name_file, saved = folder / "name.txt", folder / "progress.json"
            if name_file.exists() and name_file.read_text().strip() == name and saved.exists():
                progress = json.loads(saved.read_text())
                if until(progress):
                    return progress
        time.sleep(0.1)
    raise AssertionError(f"{name}'s progress never came to that: {progress}")


def slope(progress: dict) -> dict:
    return progress["lessons"].get("builtin:slope", {})


def test_a_class_two_learners_a_link_and_the_teacher_s_table(browser, class_server, tmp_path):
    process, url, table = class_server
    terminals = {}
    for name, address, wanted in (("Ada", url, PICKER_TITLE),
                                  ("Bo", url + "&lesson=2&step=5", "step 5/")):  # fmt: skip
        learner = browser.new_context(viewport={"width": 1000, "height": 700})  # a browser each
        page = learner.new_page()
        terminals[name] = terminal = PageTerminal(page)
        page.goto(address)
        page.fill("#name", name)  # --names: the first page asks for one
        page.click("button")
        terminal.wait_for(page, wanted)
        terminals[name] = (page, terminal)
    ada, ada_terminal = terminals["Ada"]
    bo, bo_terminal = terminals["Bo"]
    assert "Many knobs" in bo_terminal.text  # the link opened lesson 2 at its step 5
    assert "lesson=2&step=5" in bo.url
    bo.keyboard.press("Control+l")  # the link to share, with the address Bo opened
    bo_terminal.wait_for(bo, f"{url.split('?')[0]}?lesson=gradient&step=5")
    ada.keyboard.press("Enter")
    ada_terminal.wait_for(ada, "step 1/")
    ada.keyboard.press("ArrowRight")
    ada_terminal.wait_for(ada, "step 2/")
    ada.wait_for_timeout(300)
    assert ada.screenshot() != bo.screenshot()

    evil = ada.context.new_page()  # a link to a step, followed from another site
    evil.route("http://evil.example/**", lambda route: route.fulfill(
        body=f'<!DOCTYPE html><a id="go" href="{url.split("?")[0]}?lesson=1&step=3">go</a>',
        content_type="text/html"))  # fmt: skip
    evil.goto("http://evil.example/")
    followed = PageTerminal(evil)
    evil.click("#go")
    followed.wait_for(evil, "step 3/")  # the same learner (no name asked again), at step 3
    evil.close()  # its app saves as it quits: Ada has seen step 3
    state = tmp_path / "state"
    saved_progress(state, "Ada", lambda saved: slope(saved).get("seen") == [1, 2, 3])
    ada.context.close()  # then her first tab, at step 2, saves
    bo.context.close()
    ada_saved = saved_progress(state, "Ada", lambda saved: slope(saved).get("step") == 2)
    assert slope(ada_saved)["seen"] == [1, 2, 3]  # the other tab's step is not lost
    assert "builtin:gradient" not in ada_saved["lessons"]
    bo_saved = saved_progress(state, "Bo", lambda saved: "builtin:gradient" in saved["lessons"])
    assert bo_saved["lessons"]["builtin:gradient"]["step"] == 5
    assert "builtin:slope" not in bo_saved["lessons"]
    assert len(list((state / "gradtui" / "class").iterdir())) == 2

    teacher = browser.new_context().new_page()
    teacher.goto(table)
    rows = teacher.locator("tbody tr").first.locator("xpath=..").inner_text()
    assert re.search(r"Ada\s+0 of \d+\s+3 of \d+\s+0 of \d+\s+lesson 1, step 2", rows), rows
    assert re.search(r"Bo\s+0 of \d+\s+1 of \d+\s+0 of \d+\s+lesson 2, step 5", rows), rows
    teacher.context.close()
