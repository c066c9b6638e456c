"""How light lesson 3's gears are over SSH: bytes/s, updates/s and CPU while they turn, and
bytes/s once paused.

Drives the real app in a pseudo-terminal at 80x24 (as a user's terminal sees it) on lesson 3's
first gears step, plays the gears with space, measures, pauses, measures again.

    python benchmarks/bench_chain.py            # about 15 s
    python benchmarks/bench_chain.py --quick    # about 6 s: proves it runs (numbers are rough)
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

LESSON = HERE.parent / "lessons" / "03-chain-rule.md"
MAX_ANIMATING_BYTES_PER_SECOND = 4 * 1024  # light over a slow SSH link
MIN_UPDATES_PER_SECOND = 10.0
MAX_ANIMATING_CPU_PERCENT = 10.0
MAX_IDLE_BYTES_PER_SECOND = 0.0
SIZE = (80, 24)


def gears_step(path: Path) -> int:
    """The number of the lesson's first step with a gears scene."""
    from gradtui.script.parse import load_lesson

    for step in load_lesson(path).steps:
        if step.scene is not None and step.scene.kind == "gears":
            return step.number
    raise SystemExit(f"{path} has no gears step")


def _mark(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def rows(quick: bool = False) -> list[tuple[str, str, str]]:
    """(measure, value, target with ok/MISSED) for the gears animation at 80x24."""
    folder = Path(tempfile.mkdtemp(prefix="gradtui-bench-chain-"))
    lesson = LESSON
    step = gears_step(lesson)
    animate, idle_seconds = (2.0, 1.0) if quick else (6.0, 3.0)
    command = python_command("-m", "gradtui", str(lesson), "--step", str(step))
    env = dict(os.environ, XDG_STATE_HOME=str(folder / "state"), LANG="C.UTF-8",
               TERM="xterm-256color")  # fmt: skip
    env.pop("NO_COLOR", None)
    width, height = SIZE
    with Terminal(command, width, height, env=env, cwd=str(HERE.parent)) as term:
        startup = term.startup_seconds("d(small)/d(big)")
        if startup is None:
            return [("gears scene", "never appeared", "MISSED")]
        term.wait_quiet(0.5)
        term.press("space")  # play
        time.sleep(0.5)
        turning = term.measure(animate)
        term.press("space")  # pause
        term.wait_quiet(0.3)
        idle = term.measure(idle_seconds)
        latency = term.key_latency(".")
        term.press("q", gap=0)
        time.sleep(0.2)
    per_second = turning.bytes_per_second
    return [
        ("gears: first frame", f"{startup:.2f} s", ""),
        ("gears turning", f"{per_second / 1024:.2f} KB/s",
         f"<= 4 KB/s {_mark(per_second <= MAX_ANIMATING_BYTES_PER_SECOND)}"),
        ("  updates", f"{turning.updates_per_second:.1f} /s",
         f">= 10 /s {_mark(turning.updates_per_second >= MIN_UPDATES_PER_SECOND)}"),
        ("  CPU", f"{turning.cpu_percent:.1f} % of a core",
         f"<= 10 % {_mark(turning.cpu_percent <= MAX_ANIMATING_CPU_PERCENT)}"),
        ("gears paused", f"{idle.bytes_per_second:.0f} B/s",
         f"0 B/s {_mark(idle.bytes_per_second <= MAX_IDLE_BYTES_PER_SECOND)}"),
        ("key . to new frame", f"{latency * 1000:.0f} ms" if latency else "no change", ""),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    return table_main(argv, __doc__, rows, f"lesson 3 gears at {SIZE[0]}x{SIZE[1]}")


if __name__ == "__main__":
    raise SystemExit(main())
