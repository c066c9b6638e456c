"""How quick and light lesson 2's scenes are: key-to-frame latency for a slider nudge (board) and
a point move (field), the bytes a move sends, silence while idle, and memory after every step.

Drives `python -m gradtui 2 --step N` in a pseudo-terminal at 80×24, as a user's terminal would
see it (benchmarks/terminal.py). Presses come at a person's pace: the screen quiet for a moment
before each timed press.

    python benchmarks/bench_gradient.py            # about 40 s
    python benchmarks/bench_gradient.py --quick    # a few seconds: proves it runs
    python benchmarks/bench_gradient.py --strict   # exit 1 when a target is missed
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_training import scene_step  # noqa: E402
from terminal import Terminal, python_command, table_main  # noqa: E402

# Targets (issue 11, and the team's standards for animation over SSH).
MAX_KEY_P95_MS = 50.0
MOVES_PER_SECOND = 10.0  # holding an arrow key down, as measured
MAX_IDLE_BYTES_PER_SECOND = 0.0
MAX_MEMORY_MIB = 70.0
PACE = 0.25  # seconds of quiet before each timed press
LESSON = "2"


def _mark(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def _env() -> dict[str, str]:
    state = tempfile.mkdtemp(prefix="gradtui-bench-")
    env = dict(os.environ, XDG_STATE_HOME=state, LANG="C.UTF-8", TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    return env


def _lesson_step(kind: str, env: dict[str, str]) -> Terminal:
    """A terminal (not started yet) that will open lesson 2 at its first `kind` step."""
    step = scene_step(LESSON, kind)
    argv = python_command("-m", "gradtui", LESSON, "--step", str(step))
    return Terminal(argv, 80, 24, env=env, cwd=str(HERE.parent))


def _ready(term: Terminal, ready: str) -> None:
    if term.wait_for_text(ready, 20) is None:
        raise SystemExit(f"lesson {LESSON}'s step did not open:\n{term.screen_text()}")
    term.wait_quiet(0.5)


def bytes_on_row(data: bytes, row: int) -> int:
    """How many of `data`'s bytes are written after a cursor move to screen row `row` (1-based),
    up to the next cursor move: what repainting that row cost."""
    total = 0
    for match in re.finditer(rb"\x1b\[(\d+);\d+H((?:(?!\x1b\[\d+;\d+H).)*)", data, re.DOTALL):
        if int(match.group(1)) == row:
            total += len(match.group(0))
    return total


def bytes_per_move(term: Terminal, keys: list[str], moves: int) -> tuple[float, float]:
    """The bytes the terminal receives for one move, on average (each left to settle), and how
    many of them repaint the key bar (the bottom row)."""
    total = bar = 0
    term.record = True
    for n in range(moves):
        term.wait_quiet(PACE, timeout=2.0)
        since, before, shown = time.monotonic(), term.total_bytes(), term.screen_text()
        term.press(keys[n % len(keys)], gap=0)
        term.wait_for(lambda screen, shown=shown: screen != shown, 2.0)
        term.wait_quiet(PACE, timeout=2.0)
        total += term.total_bytes() - before
        bar += bytes_on_row(term.received(since), term.height)
    term.record = False
    return total / max(moves, 1), bar / max(moves, 1)


def held_key(term: Terminal, keys: list[str], seconds: float) -> tuple[float, float]:
    """Bytes per second and updates per second while a key is pressed MOVES_PER_SECOND times
    a second (as a key held down repeats)."""
    term.wait_quiet(PACE, timeout=2.0)
    start = time.monotonic()
    before = term.total_bytes()
    presses = 0
    while time.monotonic() - start < seconds:
        term.press(keys[presses % len(keys)], gap=0)
        presses += 1
        time.sleep(max(0.0, start + presses / MOVES_PER_SECOND - time.monotonic()))
    elapsed = time.monotonic() - start
    sample_bytes = term.total_bytes() - before
    return sample_bytes / elapsed, presses / elapsed


def board_figures(env: dict[str, str], quick: bool) -> dict[str, float]:
    with _lesson_step("board", env) as term:
        _ready(term, "loss")
        idle = term.measure(1.0 if quick else 3.0)
        return {
            "nudge_p95": term.key_p95_ms(["+", "-"], 6 if quick else 60, PACE),
            "idle": idle.bytes_per_second,
        }


def field_figures(env: dict[str, str], quick: bool) -> dict[str, float]:
    with _lesson_step("field", env) as term:
        _ready(term, "uphill")
        idle = term.measure(1.0 if quick else 3.0)
        term.press("enter")  # the arrow keys into the map
        term.wait_quiet(PACE)
        moves = ["right", "up", "left", "down"]
        figures = {
            "move_p95": term.key_p95_ms(moves, 6 if quick else 60, PACE),
            "move_bytes": 0.0,
            "idle": idle.bytes_per_second,
        }
        figures["move_bytes"], figures["bar_bytes"] = bytes_per_move(
            term, moves, 4 if quick else 20
        )
        figures["held_bytes"], figures["held_rate"] = held_key(term, moves, 1.0 if quick else 4.0)
        return figures


def memory_mib(env: dict[str, str]) -> float:
    """Peak memory after opening every lesson and stepping through every step of lesson 2."""
    from gradtui.script.catalog import builtin_lessons_dir, list_lessons
    from gradtui.script.parse import load_lesson

    entries = list_lessons(builtin_lessons_dir())
    with Terminal(python_command("-m", "gradtui"), 80, 24, env=env, cwd=str(HERE.parent)) as term:
        term.wait_for_text("derivatives and gradients", 20)
        term.press("home")
        for index, entry in enumerate(entries):
            term.press("s")  # open the highlighted lesson at its first step
            term.wait_for_text("step 1/", 10)
            steps = len(load_lesson(entry.path).steps) if str(entry.number) == LESSON else 1
            for _ in range(steps - 1):  # right steps on, from a scene and from a check alike
                term.press("right", gap=0)
                term.wait_quiet(0.15, timeout=2.0)
            term.wait_quiet(0.3)
            term.press("escape", gap=0.3)  # out of a check's answer box, if one has focus
            if "derivatives and gradients" not in term.screen_text():
                term.press("escape")
            term.wait_for_text("derivatives and gradients", 10)
            if index < len(entries) - 1:
                term.press("down")
        peak = term.peak_rss_mib()
        term.press("q", gap=0)
    return peak


def rows(quick: bool) -> list[tuple[str, str, str]]:
    """(measure, value, target with ok/MISSED) for lesson 2's scenes."""
    env = _env()
    board = board_figures(env, quick)
    field = field_figures(env, quick)
    peak = memory_mib(env)
    key_target = f"<= {MAX_KEY_P95_MS:.0f} ms"
    return [
        ("board: key to frame, nudge (p95)", f"{board['nudge_p95']:.0f} ms",
         f"{key_target} {_mark(board['nudge_p95'] <= MAX_KEY_P95_MS)}"),
        ("board: idle", f"{board['idle']:.0f} B/s",
         f"0 B/s {_mark(board['idle'] <= MAX_IDLE_BYTES_PER_SECOND)}"),
        ("field: key to frame, point move (p95)", f"{field['move_p95']:.0f} ms",
         f"{key_target} {_mark(field['move_p95'] <= MAX_KEY_P95_MS)}"),
        ("field: bytes sent per point move", f"{field['move_bytes']:.0f} B", "(not a target)"),
        ("  of them, the key bar repainted", f"{field['bar_bytes']:.0f} B", "(not a target)"),
        (f"field: arrow held, {field['held_rate']:.0f} moves/s",
         f"{field['held_bytes'] / 1024:.2f} KB/s",
         "(not a target; playing scenes aim at <= 4 KB/s)"),
        ("field: idle", f"{field['idle']:.0f} B/s",
         f"0 B/s {_mark(field['idle'] <= MAX_IDLE_BYTES_PER_SECOND)}"),
        ("peak memory, every lesson opened, lesson 2 stepped through", f"{peak:.0f} MiB",
         f"<= {MAX_MEMORY_MIB:.0f} MiB {_mark(peak <= MAX_MEMORY_MIB)}"),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    return table_main(
        argv,
        __doc__,
        rows,
        lambda quick: (
            f"lesson 2 scenes ({'quick' if quick else 'full'}), 80x24, {time.strftime('%Y-%m-%d')}"
        ),
        "a few presses each: proves it runs",
    )


if __name__ == "__main__":
    raise SystemExit(main())
