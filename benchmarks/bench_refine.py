"""How light runs side by side on the map of the loss are over SSH (lesson 6's real valley:
plain descent, momentum and Adam on one (w, b) map, their losses on one plot): bytes/s,
updates/s and CPU while they animate, and how soon a learning-rate or β key shows.

Drives the real app in a pseudo-terminal at 80x24 (as a user's terminal sees it), plays,
measures, pauses, then times key to new frame for ↑/↓ (the learning rate) and +/- (β of the
momentum run, picked with c), the screen quiet before each press as a person's would be.

    python benchmarks/bench_refine.py            # about 30 s
    python benchmarks/bench_refine.py --quick    # about 10 s: proves it runs (numbers are rough)
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

LESSON = HERE.parent / "lessons" / "06-refinements.md"
STEP_ID = "surface"
MAX_ANIMATING_BYTES_PER_SECOND = 4 * 1024  # light over a slow SSH link
MIN_UPDATES_PER_SECOND = 10.0
MAX_ANIMATING_CPU_PERCENT = 10.0
MAX_KEY_P95_MS = 50.0
PACE = 0.25  # seconds of quiet screen before each timed press
SIZE = (80, 24)


def step_of(path: Path, step_id: str) -> int:
    """The number of the lesson's step named `{#step_id}`, checked to show runs on the map."""
    from gradtui.script.parse import load_lesson

    for step in load_lesson(path).steps:
        if step.id == step_id:
            params = step.scene.params
            assert params["view"] == "surface" and len(params["compare"]) == 3, params
            return step.number
    raise SystemExit(f"{path} has no step {step_id}")


def _mark(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def rows(quick: bool = False) -> list[tuple[str, str, str]]:
    """(measure, value, target with ok/MISSED) for three runs on the map at 80x24."""
    folder = Path(tempfile.mkdtemp(prefix="gradtui-bench-refine-"))
    step = step_of(LESSON, STEP_ID)
    animate, presses = (2.0, 6) if quick else (8.0, 40)
    command = python_command("-m", "gradtui", str(LESSON), "--step", str(step))
    env = dict(os.environ, XDG_STATE_HOME=str(folder / "state"), LANG="C.UTF-8",
               TERM="xterm-256color")  # fmt: skip
    env.pop("NO_COLOR", None)
    width, height = SIZE
    with Terminal(command, width, height, env=env, cwd=str(HERE.parent)) as term:
        startup = term.startup_seconds("loss(w, b)")
        if startup is None:
            return [("runs on the map", "never appeared", "MISSED")]
        term.wait_quiet(0.5)
        term.press("space")  # play
        time.sleep(0.5)
        playing = term.measure(animate)
        term.press("space")  # pause
        term.wait_quiet(0.3)
        rate_p95 = term.key_p95_ms(["up", "down"], presses, PACE)
        term.press("c")  # the momentum run: its β
        term.wait_quiet(0.3)
        beta_p95 = term.key_p95_ms(["+", "-"], presses, PACE)
        peak = term.peak_rss_mib()
        term.press("q", gap=0)
        time.sleep(0.2)
    per_second = playing.bytes_per_second
    return [
        ("3 runs on the map: first frame", f"{startup:.2f} s", ""),
        ("3 runs on the map, playing", f"{per_second / 1024:.2f} KB/s",
         f"<= 4 KB/s {_mark(per_second <= MAX_ANIMATING_BYTES_PER_SECOND)}"),
        ("  updates", f"{playing.updates_per_second:.1f} /s",
         f">= 10 /s {_mark(playing.updates_per_second >= MIN_UPDATES_PER_SECOND)}"),
        ("  CPU", f"{playing.cpu_percent:.1f} % of a core",
         f"<= 10 % {_mark(playing.cpu_percent <= MAX_ANIMATING_CPU_PERCENT)}"),
        ("key up/down (lr) to new frame (p95)", f"{rate_p95:.0f} ms",
         f"<= {MAX_KEY_P95_MS:.0f} ms {_mark(rate_p95 <= MAX_KEY_P95_MS)}"),
        ("key +/- (beta) to new frame (p95)", f"{beta_p95:.0f} ms",
         f"<= {MAX_KEY_P95_MS:.0f} ms {_mark(beta_p95 <= MAX_KEY_P95_MS)}"),
        ("  peak memory", f"{peak:.0f} MiB", ""),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    return table_main(argv, __doc__, rows, f"lesson 6: 3 runs on the map at {SIZE[0]}x{SIZE[1]}")


if __name__ == "__main__":
    raise SystemExit(main())
