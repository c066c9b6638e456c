"""How light the live training scene is: bytes/s, updates/s and CPU while it animates and idles.

Drives `python -m gradtui 4 --step N` (the first training step of lesson 4) in a pseudo-terminal
at 80×24, as a user's terminal would see it, and times `Trainer.run(10_000)` in-process.

    python benchmarks/bench_training.py            # about 20 s
    python benchmarks/bench_training.py --quick    # about 5 s: proves it runs (numbers are rough)
    python benchmarks/bench_training.py --harness  # a bare app holding only the scene
    python benchmarks/bench_training.py --strict   # exit 1 when a target is missed
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from terminal import Terminal, print_table, python_command  # noqa: E402

# The standing targets: light over SSH while animating, silent while paused.
MAX_ANIMATING_BYTES_PER_SECOND = 4 * 1024
MIN_UPDATES_PER_SECOND = 10.0
MAX_ANIMATING_CPU_PERCENT = 10.0
MAX_IDLE_BYTES_PER_SECOND = 0.0
MIN_TRAINING_STEPS_PER_SECOND = 10_000
READY_TEXT = "compute_loss"  # on screen once the scene is drawn


def scene_step(lesson: str = "4", kind: str = "training") -> int:
    """The number of the first step of a built-in lesson that shows a `kind` scene."""
    from gradtui.script.catalog import builtin_lessons_dir, find_lesson
    from gradtui.script.parse import load_lesson

    found = load_lesson(find_lesson(lesson, builtin_lessons_dir()))
    for step in found.steps:
        if step.scene is not None and step.scene.kind == kind:
            return step.number
    raise SystemExit(f"lesson {lesson} has no {kind} step")


def serve_harness() -> None:
    """A bare app holding only the training view (to measure the scene without the lesson)."""
    from textual.app import App

    from gradtui.scenes.kit.params import fill_defaults
    from gradtui.scenes.training import PARAMS
    from gradtui.views.scene import view_class

    TrainingView = view_class("training")

    class Harness(App):
        def compose(self):
            yield TrainingView(fill_defaults(PARAMS, {}))

        def on_mount(self) -> None:
            self.query_one(TrainingView).focus()

    Harness().run()


def engine_speed(
    steps: int = 10_000, batch_size: int = 0, repeats: int = 3, model: str = "line"
) -> float:
    """Best training steps per second of `Trainer.run(steps)` on a 40-point fit of `model`
    (each step a forward and a backward pass through the loss's autodiff graph)."""
    from gradtui.calculus.data import make_dataset
    from gradtui.calculus.training_loop import Trainer

    best = float("inf")
    for _ in range(repeats):
        data = make_dataset(model=model, true_a=0.5)
        trainer = Trainer(data, learning_rate=0.05, batch_size=batch_size)
        start = time.perf_counter()
        done = trainer.run(steps)
        best = min(best, (time.perf_counter() - start) / max(done, 1))
    return 1.0 / best


def _mark(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="about 1 s per measurement")
    parser.add_argument("--harness", action="store_true", help="drive a bare app, not the lesson")
    parser.add_argument("--lesson", default="4", help="the built-in lesson (default 4)")
    parser.add_argument("--step", type=int, help="the lesson step to open (default: found)")
    parser.add_argument("--size", default="80x24", help="terminal size, COLSxROWS")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--serve-harness", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.serve_harness:
        serve_harness()
        return 0

    width, height = (int(v) for v in options.size.lower().split("x"))
    animate_seconds, idle_seconds = (1.0, 1.0) if options.quick else (5.0, 3.0)
    if options.harness:
        command = python_command(str(Path(__file__).resolve()), "--serve-harness")
        what = "harness app (the training view alone)"
    else:
        step = options.step or scene_step(options.lesson)
        command = python_command("-m", "gradtui", options.lesson, "--step", str(step))
        what = f"gradtui {options.lesson} --step {step}"
    state = tempfile.mkdtemp(prefix="gradtui-bench-")
    env = dict(os.environ, XDG_STATE_HOME=state, LANG="C.UTF-8", TERM="xterm-256color")
    env.pop("NO_COLOR", None)

    with Terminal(command, width, height, env=env, cwd=str(HERE.parent)) as term:
        startup = term.startup_seconds(READY_TEXT)
        if startup is None:
            print(term.screen_text())
            print(f"the scene never appeared ({READY_TEXT!r} not on screen)", file=sys.stderr)
            return 2
        term.wait_quiet(0.5)
        term.press("space")  # play
        time.sleep(0.3)
        full = term.measure(animate_seconds)
        term.press("b")  # mini-batch, still playing
        time.sleep(0.3)
        mini = term.measure(animate_seconds)
        term.press("space")  # pause
        term.wait_quiet(0.3)
        idle = term.measure(idle_seconds)
        latency = term.key_latency("s")
        peak = term.peak_rss_mib()
        term.press("q", gap=0)
        time.sleep(0.2)

    full_speed = engine_speed()
    mini_speed = engine_speed(batch_size=8)
    three_speed = engine_speed(model="quadratic")
    rows = [
        ("first frame (start-up)", f"{startup:.2f} s", ""),
        ("animating, full batch", f"{full.bytes_per_second / 1024:.2f} KB/s",
         f"<= 4 KB/s {_mark(full.bytes_per_second <= MAX_ANIMATING_BYTES_PER_SECOND)}"),
        ("  updates", f"{full.updates_per_second:.1f} /s",
         f">= 10 /s {_mark(full.updates_per_second >= MIN_UPDATES_PER_SECOND)}"),
        ("  CPU", f"{full.cpu_percent:.1f} % of a core",
         f"<= 10 % {_mark(full.cpu_percent <= MAX_ANIMATING_CPU_PERCENT)}"),
        ("animating, mini-batch", f"{mini.bytes_per_second / 1024:.2f} KB/s",
         f"<= 4 KB/s {_mark(mini.bytes_per_second <= MAX_ANIMATING_BYTES_PER_SECOND)}"),
        ("  updates", f"{mini.updates_per_second:.1f} /s",
         f">= 10 /s {_mark(mini.updates_per_second >= MIN_UPDATES_PER_SECOND)}"),
        ("  CPU", f"{mini.cpu_percent:.1f} % of a core",
         f"<= 10 % {_mark(mini.cpu_percent <= MAX_ANIMATING_CPU_PERCENT)}"),
        ("paused", f"{idle.bytes_per_second:.0f} B/s",
         f"0 B/s {_mark(idle.bytes_per_second <= MAX_IDLE_BYTES_PER_SECOND)}"),
        ("  CPU", f"{idle.cpu_percent:.1f} % of a core", "~0 %"),
        ("key s to new frame", f"{latency * 1000:.0f} ms" if latency else "no change", ""),
        ("peak memory", f"{peak:.0f} MiB", ""),
        ("Trainer.run(10_000), full", f"{full_speed:,.0f} steps/s",
         f">= 10,000 {_mark(full_speed >= MIN_TRAINING_STEPS_PER_SECOND)}"),
        ("Trainer.run(10_000), batch 8", f"{mini_speed:,.0f} steps/s",
         f">= 10,000 {_mark(mini_speed >= MIN_TRAINING_STEPS_PER_SECOND)}"),
        ("Trainer.run(10_000), 3 weights", f"{three_speed:,.0f} steps/s",
         f">= 10,000 {_mark(three_speed >= MIN_TRAINING_STEPS_PER_SECOND)}"),
    ]  # fmt: skip
    print_table(rows, title=f"training scene: {what}, {width}x{height}, "
                f"{animate_seconds:g} s animating, {idle_seconds:g} s paused")  # fmt: skip
    missed = [row for row in rows if "MISSED" in row[2]]
    return 1 if options.strict and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
