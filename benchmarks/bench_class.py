"""What a served class costs: memory per learner's session, and how many sessions fit.

Starts `gradtui serve` on a free loopback port with a private state folder, then opens
`--sessions` learners at once, each its own browser as far as the server can tell (a cookie
jar: its own learner id and progress folder) and each on a step that draws a scene (the
lessons' steps in turn, through links such as /?lesson=4&step=5). Once every tab's app has
drawn and settled, it reads from /proc each app's resident memory (RSS), its proportional share
(PSS: shared pages split among the apps) and its private memory (USS: what one more session
adds), and the server's own; then how many sessions fit in `--budget` MiB: the server, the
pages the apps share (once), and each session's private memory. Linux only (/proc); needs
aiohttp (which textual-serve brings) and pyte.

    python benchmarks/bench_class.py                 # 20 learners, a 4096 MiB budget
    python benchmarks/bench_class.py --sessions 40 --budget 8192
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import pyte
import yarl

ROOT = Path(__file__).resolve().parent.parent
STEPS = [("1", 2), ("2", 5), ("3", 4), ("4", 5), ("5", 2), ("4", 9), ("2", 9), ("3", 8)]
SETTLE = 3.0  # seconds with no output: the app is done drawing
IDLE_SECONDS = 5.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def memory_mib(pid: int) -> dict[str, float]:
    """A process's resident memory (rss), proportional share (pss) and private memory (uss),
    in MiB."""
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()

    def kib(field: str) -> int:
        return int(re.search(rf"^{field}:\s+(\d+) kB", rollup, re.M)[1])

    private = kib("Private_Clean") + kib("Private_Dirty")
    return {"rss": kib("Rss") / 1024, "pss": kib("Pss") / 1024, "uss": private / 1024}


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(parent: int) -> list[int]:
    """The processes `parent` started and that still run: its tabs' apps."""
    pids = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    running = []
    for pid in map(int, pids):
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state != "Z":
            running.append(pid)
    return running


async def learner(
    base: str, token: str, size: tuple[int, int], lesson: str, step: int
) -> tuple[aiohttp.ClientSession, object]:
    """One learner: their page (a learner id in their cookie jar), then their tab's session on
    the step the link names, drawn and settled."""
    client = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    query = f"token={token}&lesson={lesson}&step={step}"
    page = await (await client.get(f"{base}/?{query}")).text()
    if "again=1" in page:  # the first visit looks again for the cookies, as a browser would
        page = await (await client.get(f"{base}/?{query}&again=1")).text()
    path = re.search(r'data-session-websocket-url="ws://[^/]+(/ws[^"]*)"', page)[1]
    websocket = await client.ws_connect(
        yarl.URL(
            f"{base.replace('http', 'ws')}{path}?width={size[0]}&height={size[1]}", encoded=True
        ),
        origin=base,
    )
    screen = pyte.Screen(*size)
    stream = pyte.ByteStream(screen)
    wanted, drawn = f"step {step}/", False
    while True:  # until the step is drawn, then until the app has been quiet for SETTLE
        try:
            message = await asyncio.wait_for(websocket.receive(), SETTLE if drawn else 120)
        except TimeoutError:
            if drawn:
                break
            raise RuntimeError(f"lesson {lesson} step {step} was not drawn") from None
        if message.type == aiohttp.WSMsgType.BINARY:
            stream.feed(message.data)
            drawn = drawn or wanted in "\n".join(screen.display)
        elif message.type != aiohttp.WSMsgType.TEXT:
            raise RuntimeError(f"the session ended: {message}")
    return client, websocket


async def measure(sessions: int, budget: float, size: tuple[int, int] = (80, 24)) -> dict:
    port = free_port()
    token = "bench-class-token"
    with tempfile.TemporaryDirectory() as state:
        env = dict(os.environ, XDG_STATE_HOME=state, LANG="C.UTF-8", PYTHONUNBUFFERED="1")
        server = subprocess.Popen(
            [sys.executable, "-m", "gradtui", "serve", "--port", str(port), "--token", token,
             "--max-sessions", str(sessions)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=ROOT,
        )  # fmt: skip
        try:
            server.stdout.readline()
            base = f"http://127.0.0.1:{port}"
            idle_server = memory_mib(server.pid)
            started = time.monotonic()
            opened = await asyncio.gather(
                *(learner(base, token, size, *STEPS[n % len(STEPS)]) for n in range(sessions))
            )
            seconds = time.monotonic() - started
            apps = children(server.pid)
            figures = [memory_mib(pid) for pid in apps]
            before = sum(cpu_seconds(pid) for pid in apps)  # starting up and drawing its step
            await asyncio.sleep(IDLE_SECONDS)  # every learner reading, no key pressed
            idle_cpu = (sum(cpu_seconds(pid) for pid in apps) - before) / IDLE_SECONDS * 100
            started_cpu = before
            busy_server = memory_mib(server.pid)
            for client, websocket in opened:
                await websocket.close()
                await client.close()
            learners = len(list((Path(state) / "gradtui" / "class").iterdir()))
        finally:
            server.terminate()
            server.wait(timeout=60)

    def summary(field: str) -> dict[str, float]:
        values = [figure[field] for figure in figures]
        return {"mean": round(statistics.mean(values), 1), "max": round(max(values), 1)}

    uss = statistics.mean(figure["uss"] for figure in figures)
    shared = statistics.mean(figure["rss"] - figure["uss"] for figure in figures)
    return {
        "size": f"{size[0]}x{size[1]}",
        "sessions": len(apps),
        "learners": learners,
        "seconds_to_open_all": round(seconds, 1),
        "cpu_seconds_to_start_each": round(started_cpu / len(apps), 2),
        "idle_cpu_percent_of_a_core": round(idle_cpu, 2),
        "rss_mib": summary("rss"),
        "pss_mib": summary("pss"),
        "uss_mib": summary("uss"),
        "shared_mib": round(shared, 1),
        "server_mib": {
            "idle": round(idle_server["rss"], 1),
            "with_sessions": round(busy_server["rss"], 1),
        },  # fmt: skip
        "budget_mib": budget,
        "sessions_within_budget": int((budget - busy_server["rss"] - shared) // uss),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help="learners at once (20)")
    parser.add_argument("--budget", type=float, default=4096, help="MiB to fit them in (4096)")
    parser.add_argument("--size", default="80x24", help="each page's terminal, COLUMNSxROWS")
    parser.add_argument("--json", action="store_true", help="print JSON")
    options = parser.parse_args()
    columns, rows = (int(n) for n in options.size.split("x"))
    result = asyncio.run(measure(options.sessions, options.budget, (columns, rows)))
    if options.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"gradtui serve, {result['sessions']} sessions of {result['learners']} learners at "
        f"{result['size']}, each on a step with a scene (opened in "
        f"{result['seconds_to_open_all']} s, {result['cpu_seconds_to_start_each']} s of CPU each)"
    )
    for field, words in (("rss", "resident (RSS)"), ("pss", "proportional (PSS)"),
                         ("uss", "private (USS)")):  # fmt: skip
        figure = result[f"{field}_mib"]
        print(f"  per session, {words}: {figure['mean']} MiB (max {figure['max']})")
    print(f"  shared by all sessions (counted once): {result['shared_mib']} MiB")
    print(f"  all of them idle: {result['idle_cpu_percent_of_a_core']} % of a core")
    print(
        f"  the server itself: {result['server_mib']['idle']} MiB idle, "
        f"{result['server_mib']['with_sessions']} MiB with them"
    )
    print(f"  within {options.budget:.0f} MiB: about {result['sessions_within_budget']} sessions "
          "(the server, the shared pages once, then private memory per session)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
