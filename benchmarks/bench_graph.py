"""How light the graph scene's animation is: bytes/s, updates/s and CPU while backpropagation
plays at 80x24, in reverse and in forward mode, and bytes while paused.

Writes a one-step lesson (a 15-box graph: the largest the lesson's design size draws whole)
into a temporary folder and drives `python -m gradtui LESSON` in a pseudo-terminal, as a
user's terminal would see it.

    python benchmarks/bench_graph.py            # about 20 s
    python benchmarks/bench_graph.py --quick    # about 8 s: proves it runs (numbers are rough)
    python benchmarks/bench_graph.py --strict   # exit 1 when a target is missed
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from terminal import Terminal, python_command, table_main  # noqa: E402

# Targets from issue 12: light over SSH while animating, silent while paused.
MAX_ANIMATING_BYTES_PER_SECOND = 4 * 1024
MIN_UPDATES_PER_SECOND = 1.5  # the scene steps twice a second: slow enough to follow
MAX_ANIMATING_CPU_PERCENT = 10.0
MAX_IDLE_BYTES_PER_SECOND = 0.0
READY_TEXT = "Nothing computed yet"

LESSON = """+++
title = "Graph benchmark"
+++

# Fifteen boxes

Backpropagation on a graph of fifteen boxes.

```scene
kind = "graph"
f = "(a*b + sin(c)) * exp(d) + a*c - log(b*b + 1)"
at = { a = 0.5, b = -1, c = 2, d = 0.1 }
```
"""


def _mark(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def rows(quick: bool) -> list[tuple[str, str, str]]:
    """(measure, value, target) rows: the graph scene animating at 80x24, and paused."""
    animate_seconds, idle_seconds = (2.0, 1.0) if quick else (6.0, 3.0)
    folder = Path(tempfile.mkdtemp(prefix="gradtui-bench-graph-"))
    lesson = folder / "01-graph.md"
    lesson.write_text(LESSON, encoding="utf-8")
    env = dict(os.environ, XDG_STATE_HOME=str(folder / "state"), LANG="C.UTF-8",
               TERM="xterm-256color")  # fmt: skip
    env.pop("NO_COLOR", None)
    command = python_command("-m", "gradtui", str(lesson))
    with Terminal(command, 80, 24, env=env, cwd=str(HERE.parent)) as term:
        startup = term.startup_seconds(READY_TEXT)
        if startup is None:
            raise SystemExit(f"the graph scene never appeared:\n{term.screen_text()}")
        term.wait_quiet(0.5)
        term.press("space")  # play the reverse walk (30 steps, two a second)
        time.sleep(0.6)
        reverse = term.measure(animate_seconds)
        term.press("f")  # forward mode: four passes of fifteen boxes
        term.wait_quiet(0.3)
        term.press("space")
        time.sleep(0.6)
        forward = term.measure(animate_seconds)
        term.press("space")  # pause
        term.wait_quiet(0.5)
        idle = term.measure(idle_seconds)
        latency = term.key_latency("s")
        peak = term.peak_rss_mib()
        term.press("q", gap=0)
        time.sleep(0.2)
    out = [("first frame (start-up)", f"{startup:.2f} s", "")]
    for name, sample in (("playing, reverse mode", reverse), ("playing, forward mode", forward)):
        out += [
            (name, f"{sample.bytes_per_second / 1024:.2f} KB/s",
             f"<= 4 KB/s {_mark(sample.bytes_per_second <= MAX_ANIMATING_BYTES_PER_SECOND)}"),
            ("  updates", f"{sample.updates_per_second:.1f} /s",
             f">= {MIN_UPDATES_PER_SECOND} /s "
             f"{_mark(sample.updates_per_second >= MIN_UPDATES_PER_SECOND)}"),
            ("  CPU", f"{sample.cpu_percent:.1f} % of a core",
             f"<= 10 % {_mark(sample.cpu_percent <= MAX_ANIMATING_CPU_PERCENT)}"),
        ]  # fmt: skip
    out += [
        ("paused", f"{idle.bytes_per_second:.0f} B/s",
         f"0 B/s {_mark(idle.bytes_per_second <= MAX_IDLE_BYTES_PER_SECOND)}"),
        ("  CPU", f"{idle.cpu_percent:.1f} % of a core", "~0 %"),
        ("key s to new frame", f"{latency * 1000:.0f} ms" if latency else "no change", ""),
        ("peak memory", f"{peak:.0f} MiB", ""),
    ]  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    return table_main(argv, __doc__, rows, "graph scene: a 15-box graph playing at 80x24")


if __name__ == "__main__":
    raise SystemExit(main())
