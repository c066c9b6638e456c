"""How much a change of screen sends (issue 21): bytes per step change over lesson 1, bytes to
open a lesson from the picker and for one knob press, each beside the same figure with Textual's
own driver (every frame sent whole) and for `less` paging the same lesson file, in the same run;
and the CPU the light output's diff costs per frame.

Drives the real app in a pseudo-terminal at 80×24 (benchmarks/terminal.py), as a user's terminal
would see it; the diff's CPU time is measured in-process over a recorded walk of lesson 1
(benchmarks/recording.py), each frame's the least of a few replays (the machine's noise only
ever adds).

    python benchmarks/bench_output.py            # about a minute
    python benchmarks/bench_output.py --quick    # fewer presses: proves it runs
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from bench_gradient import _env, _mark  # noqa: E402  (progress in a fresh folder per run)
from bench_training import scene_step  # noqa: E402
from terminal import Terminal, python_command, table_main  # noqa: E402

# Targets (issue 21).
MAX_STEP_MEDIAN = 4 * 1024
MAX_STEP_LARGEST = 6 * 1024
MAX_OPEN = 8 * 1024
MAX_DIFF_MS = 1.0
LESSON = ROOT / "lessons" / "01-slope.md"
QUIET = 0.3  # seconds without output that end a change


def _sent(term: Terminal, key: str) -> int:
    """Bytes the terminal receives for one key press, until the screen has been quiet."""
    before = term.total_bytes()
    term.key_latency(key, timeout=3.0)
    term.wait_quiet(QUIET)
    return term.total_bytes() - before


def gradtui_command(whole: bool, *args: str) -> list[str]:
    """gradtui with its light output, or with Textual's own driver (`whole`)."""
    if whole:
        return python_command(str(HERE / "textual_driver.py"), *args)
    return python_command("-m", "gradtui", *args)


def step_changes(whole: bool, steps: int) -> list[int]:
    """Bytes for each step change walking lesson 1 forward from its first step."""
    with Terminal(gradtui_command(whole, "1"), 80, 24, env=_env(), cwd=str(ROOT)) as term:
        if term.wait_for_text("step 1/", 20) is None:
            raise SystemExit(f"lesson 1 did not open:\n{term.screen_text()}")
        term.wait_quiet(1.0)
        sent = [_sent(term, "right") for _ in range(steps)]
        term.press("q", gap=0)
    return sent


def opening(whole: bool) -> int:
    """Bytes for opening lesson 1 from the picker (Enter on the highlighted first lesson)."""
    with Terminal(gradtui_command(whole), 80, 24, env=_env(), cwd=str(ROOT)) as term:
        if term.wait_for_text("derivatives and gradients", 20) is None:
            raise SystemExit(f"no picker:\n{term.screen_text()}")
        term.wait_quiet(1.0)
        sent = _sent(term, "enter")
        if "step 1/" not in term.screen_text():
            raise SystemExit(f"enter did not open lesson 1:\n{term.screen_text()}")
        term.press("q", gap=0)
    return sent


def knob(whole: bool, presses: int) -> int:
    """Median bytes for one press of a knob that changes a few readouts (secant: shrink h)."""
    step = str(scene_step("1", "secant"))
    with Terminal(gradtui_command(whole, "1", "--step", step), 80, 24, env=_env()) as term:
        term.wait_for_text("slope", 20)
        term.wait_quiet(1.0)
        sent = [_sent(term, "down") for _ in range(presses)]
        term.press("q", gap=0)
    return int(statistics.median(sent))


def less_paging() -> tuple[int, list[int]]:
    """`less` on lesson 1's file: bytes to open it, then for each page (space) to its end."""
    env = _env()
    env.pop("LESS", None)  # less's own defaults
    with Terminal(["less", str(LESSON)], 80, 24, env=env) as term:
        term.wait_for_text("+++", 10)
        term.wait_quiet(0.5)
        opened = term.total_bytes()
        pages = []
        while "(END)" not in term.screen_text() and len(pages) < 50:
            pages.append(_sent(term, "space"))
        term.press("q", gap=0)
    return opened, pages


def diff_cost(repeats: int) -> tuple[float, float, int]:
    """The light output's CPU per frame over a recorded walk of lesson 1 at 80×24 (truecolour):
    median and largest ms over the frames, each frame the least of `repeats` replays."""
    from recording import builtin, record, walk

    from gradtui.output import TerminalMirror
    from gradtui.script.catalog import builtin_lessons_dir

    saved = {name: os.environ.get(name) for name in ("COLORTERM", "TERM", "NO_COLOR")}
    os.environ.update(COLORTERM="truecolor", TERM="xterm-256color")  # as most terminals get
    os.environ.pop("NO_COLOR", None)
    try:
        recorder = asyncio.run(
            record(
                walk,
                (80, 24),
                lessons_dir=builtin_lessons_dir(),
                open_path=builtin("01-slope.md"),
                open_step=1,
            )
        )
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    writes = [write for write in recorder.writes if isinstance(write, str)]
    best = [float("inf")] * len(writes)
    for _ in range(repeats):
        mirror = TerminalMirror()
        for index, write in enumerate(writes):
            start = time.thread_time()  # CPU time: what the diff costs, not the machine's load
            mirror.send(write)
            best[index] = min(best[index], time.thread_time() - start)
    frames = [1000 * seconds for seconds, write in zip(best, writes, strict=True) if "H" in write]
    return statistics.median(frames), max(frames), len(frames)


def _figures(sent: list[int]) -> str:
    return f"median {statistics.median(sent) / 1024:.1f} KB, largest {max(sent) / 1024:.1f} KB"


def rows(quick: bool) -> list[tuple[str, str, str]]:
    steps = 3 if quick else 11  # lesson 1 has 12 steps
    light, whole = step_changes(False, steps), step_changes(True, steps)
    opened, whole_opened = opening(False), opening(True)
    presses = 3 if quick else 9
    turned, whole_turned = knob(False, presses), knob(True, presses)
    less_opened, pages = less_paging()
    diff_median, diff_largest, frames = diff_cost(2 if quick else 5)
    step_ok = statistics.median(light) <= MAX_STEP_MEDIAN and max(light) <= MAX_STEP_LARGEST
    return [
        ("bytes per step change, lesson 1", _figures(light),
         f"<= 4 / 6 KB {_mark(step_ok)}"),
        ("  with Textual's own driver", _figures(whole), "(yardstick)"),
        ("  less, a page of 01-slope.md", _figures(pages), "(yardstick)"),
        ("bytes to open a lesson (picker)", f"{opened / 1024:.1f} KB",
         f"<= 8 KB {_mark(opened <= MAX_OPEN)}"),
        ("  with Textual's own driver", f"{whole_opened / 1024:.1f} KB", "(yardstick)"),
        ("  less, opening 01-slope.md", f"{less_opened / 1024:.1f} KB", "(yardstick)"),
        ("bytes for a knob press (shrink h)", f"{turned} B (Textual's own {whole_turned} B)",
         "(not a target)"),
        ("diff CPU per frame", f"median {diff_median:.2f} ms, largest {diff_largest:.2f} ms"
         f" ({frames} frames)", f"<= {MAX_DIFF_MS} ms {_mark(diff_largest <= MAX_DIFF_MS)}"),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    return table_main(
        argv,
        __doc__,
        rows,
        f"light output, 80x24, {time.strftime('%Y-%m-%d')}",
        "prove the benchmark runs",
    )


if __name__ == "__main__":
    raise SystemExit(main())
